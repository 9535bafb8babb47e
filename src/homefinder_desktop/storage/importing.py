"""What an imported sheet may name, read in one query per table (so 20,000 rows cost a few
queries, not 20,000)."""
from __future__ import annotations

import sqlite_utils


def children_by_identity(db: sqlite_utils.Database) -> list[dict]:
    """Every child, archived too: reference, names and date of birth (duplicates and referrals)."""
    return list(db.query("SELECT id, reference, first_name, last_name, date_of_birth, archived FROM children"))


def families_by_reference(db: sqlite_utils.Database) -> list[dict]:
    """Every family, archived too (a link may name its family, and needs it approved)."""
    return list(db.query("SELECT id, reference, name, stage, archived FROM families"))


def children_in_groups_together(db: sqlite_utils.Database) -> list[dict]:
    """Children whose (live) sibling group is to be placed together: such a child is linked as the group."""
    return list(db.query("SELECT c.id, g.name FROM children c JOIN sibling_groups g ON g.id = c.sibling_group_id "
                         "WHERE g.decision = 'together' AND g.archived = 0"))


def placed_units(db: sqlite_utils.Database) -> list[dict]:
    """What cannot be linked again: a child or group placed through a link, a child at the stage
    Placed or Adoption order, a group with a child placed through a link of their own.
    kind is "child" or "group"; why in words."""
    return list(db.query("""
        SELECT CASE WHEN child_id IS NOT NULL THEN 'child' ELSE 'group' END AS kind,
               COALESCE(child_id, sibling_group_id) AS id, 'is already placed (link ' || reference || ')' AS why
        FROM links WHERE status = 'placed' AND archived = 0
        UNION ALL
        SELECT 'child', id, 'is already placed (see the stage of the plan)' FROM children
        WHERE stage IN ('placed', 'adoption_order')
        UNION ALL
        SELECT 'group', c.sibling_group_id,
               'has children already placed: ' || group_concat(trim(c.first_name || ' ' || c.last_name), ', ')
        FROM children c JOIN links l ON l.child_id = c.id
        WHERE c.sibling_group_id IS NOT NULL AND l.status = 'placed' AND l.archived = 0
        GROUP BY c.sibling_group_id"""))


def active_links(db: sqlite_utils.Database) -> list[dict]:
    """Links in progress: a family already linked with a child is not linked again."""
    return list(db.query("SELECT child_id, sibling_group_id, family_id, reference FROM links "
                         "WHERE archived = 0 AND status NOT IN ('placed', 'ended')"))
