"""The partnership report's counts, made in SQL (GROUP BY), so a period of a database with 20,000
children and 100,000 links is read as a few dozen rows, not as every link.

A link placed or ended in the period is found by its status and the date of that status (final
statuses never change, so that date is the day it happened): a range on links_status (m007). A
link's status on the period's last day is its current one when nothing was recorded after that
day, and otherwise its latest step on or before it (link_statuses_link). Archived links are left
out, as every list leaves them out; archived children and families are counted (archiving a child
adopted years ago must not change what happened then). A sibling group's link counts the group's
children as they are recorded now.
"""
from __future__ import annotations

from datetime import date

import sqlite_utils

# Whole years from the date of birth to `day` (both ISO text), as domain.formatting.age_in_years:
# a year less until the birthday's month and day come round (29 February on 1 March in a common year).
def _age_sql(day: str, born: str) -> str:
    return (f"(CAST(substr({day}, 1, 4) AS INTEGER) - CAST(substr({born}, 1, 4) AS INTEGER) "
            f"- (substr({day}, 6, 5) < substr({born}, 6, 5)))")


# A family's agency kind, worked out for the link's family_id against the families of each kind
# (each list read once, from the covering index families_agency, into a temporary index): a
# row-by-row look-up of each link's family in the encrypted table would read most of it at random.
_KIND = """CASE WHEN {family} IN (SELECT f.id FROM families f JOIN agencies a ON a.id = f.agency_id
                                   WHERE a.kind = 'own') THEN 'own'
            WHEN {family} IN (SELECT f.id FROM families f JOIN agencies a ON a.id = f.agency_id
                                   WHERE a.kind = 'partner') THEN 'partner'
            ELSE 'other' END"""
# The children of each link in a CTE named `src`: the child, or every child of the sibling group
# (children_group). Only real tables are joined, by their own indexes: a plan never depends on the
# planner choosing to index a CTE.
_CHILDREN_OF = """kids AS MATERIALIZED (
        SELECT s.*, c.id AS cid, c.sex, c.date_of_birth, c.sibling_group_id AS in_group
        FROM src s JOIN children c ON c.id = s.child_id
        UNION ALL
        SELECT s.*, c.id, c.sex, c.date_of_birth, c.sibling_group_id
        FROM src s JOIN children c ON c.sibling_group_id = s.sibling_group_id)"""

# The links placed or ended in the period, and each count of them, as rows (what, a, b, c, d, n):
#   ("children", agency kind, sex, age at placement, placed as a sibling group, children)
#   ("placements", agency kind, placements, of them sibling groups, distinct families, -)
#   ("ended", links, distinct families, distinct children, of them in a sibling group, -)
#   ("reason", the reason's name or the words recorded, links, -, -, -)
#   ("linked", distinct children placed or ended, distinct families, -, -, -)
_PERIOD_SQL = f"""WITH src AS MATERIALIZED (
        SELECT l.id, l.family_id, l.child_id, l.sibling_group_id, l.status, l.status_date, l.end_reason_id,
               l.ended_reason, {_KIND.format(family='l.family_id')} AS kind
        FROM links l WHERE l.archived = 0 AND l.status IN ('placed', 'ended')
        AND l.status_date BETWEEN :start AND :end),
    {_CHILDREN_OF}
    SELECT 'children', kind, sex, {_age_sql('status_date', 'date_of_birth')}, sibling_group_id IS NOT NULL, count(*)
    FROM kids WHERE status = 'placed' GROUP BY 2, 3, 4, 5
    UNION ALL
    SELECT 'placements', kind, count(*), sum(sibling_group_id IS NOT NULL), count(DISTINCT family_id), NULL
    FROM src WHERE status = 'placed' GROUP BY 2
    UNION ALL
    -- The children "in addition" to those placed, as the evaluation counts them (potentially linked
    -- = placed + did not progress): a child placed in the period is not counted again for the other
    -- links of theirs that ended (most end "placed with another family" the day they are placed).
    SELECT 'ended', (SELECT count(*) FROM src WHERE status = 'ended'),
           (SELECT count(DISTINCT family_id) FROM src WHERE status = 'ended'),
           (SELECT count(DISTINCT cid) FROM kids WHERE status = 'ended'
              AND cid NOT IN (SELECT cid FROM kids WHERE status = 'placed')),
           (SELECT count(DISTINCT cid) FROM kids WHERE status = 'ended' AND in_group IS NOT NULL
              AND cid NOT IN (SELECT cid FROM kids WHERE status = 'placed')), NULL
    UNION ALL
    -- A reason from the list by its name; words typed instead (links ended before the list, or
    -- imported) never leave the program: they may name someone, and the report goes to evaluators.
    SELECT 'reason', COALESCE(r.name, CASE WHEN trim(s.ended_reason) != '' THEN 'Other (not from the list)' END,
                              'No reason recorded'), count(*), NULL, NULL, NULL
    FROM src s LEFT JOIN end_reasons r ON r.id = s.end_reason_id WHERE s.status = 'ended' GROUP BY 2
    UNION ALL
    SELECT 'linked', (SELECT count(DISTINCT cid) FROM kids), (SELECT count(DISTINCT family_id) FROM src), NULL, NULL,
           NULL"""


def _period(start: date, end: date) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat()}


def period_links(db: sqlite_utils.Database, start: date, end: date) -> dict:
    """The links placed or ended in the period, counted in one statement:
      children    [(agency kind, sex, age at placement, placed as a sibling group, children)]
      placements  [(agency kind, placements, of them sibling groups, distinct families)]
      ended       (links, distinct families, distinct children, of them in a sibling group)
      reasons     [(reason, links)]
      linked      (distinct children placed or ended, distinct families)"""
    out: dict = {"children": [], "placements": [], "reasons": [], "ended": (0, 0, 0, 0), "linked": (0, 0)}
    for what, a, b, c, d, n in db.execute(_PERIOD_SQL, _period(start, end)).fetchall():
        if what == "children":
            out["children"].append((a, b, c, bool(d), n))
        elif what == "placements":
            out["placements"].append((a, b, c, d))
        elif what == "ended":
            out["ended"] = (a, b, c, d)
        elif what == "reason":
            out["reasons"].append((a, b))
        else:
            out["linked"] = (a, b)
    return out


def in_progress_at(db: sqlite_utils.Database, day: date, parts: dict[str, tuple[str, ...]]) -> tuple[
        dict[str, int], dict[str, int], dict[str, int]]:
    """Links whose status at the end of `day` is one of `parts`' statuses ({"matches": ("matching",
    "panel"), ...}): (links by status, distinct children by part, distinct families by part)."""
    wanted = [s for statuses in parts.values() for s in statuses]
    marks = ", ".join(f"'{s}'" for s in wanted)
    part_of = " ".join(f"WHEN status IN ({', '.join(repr(s) for s in statuses)}) THEN '{name}'"
                       for name, statuses in parts.items())
    rows = db.execute(f"""WITH at_end AS MATERIALIZED (
            SELECT l.id, l.family_id, l.child_id, l.sibling_group_id,
                   CASE WHEN COALESCE(l.status_date, l.identified_on) <= :day THEN l.status
                        ELSE COALESCE((SELECT s.status FROM link_statuses s WHERE s.link_id = l.id AND s.date <= :day
                                       ORDER BY s.date DESC, s.id DESC LIMIT 1), 'identified') END AS status
            FROM links l WHERE l.archived = 0 AND l.identified_on <= :day),
        src AS MATERIALIZED (SELECT *, CASE {part_of} END AS part FROM at_end WHERE status IN ({marks})),
        {_CHILDREN_OF}
        SELECT 'status', status, count(*) FROM src GROUP BY status
        UNION ALL SELECT 'children', part, count(DISTINCT cid) FROM kids GROUP BY part
        UNION ALL SELECT 'families', part, count(DISTINCT family_id) FROM src GROUP BY part""",
                      {"day": day.isoformat()}).fetchall()
    found: dict[str, dict[str, int]] = {"status": {}, "children": {}, "families": {}}
    for what, key, n in rows:
        found[what][key] = n
    return found["status"], found["children"], found["families"]


def referrals(db: sqlite_utils.Database, start: date, end: date) -> list[tuple[str, str, int]]:
    """(kind, status at the end of the period, referrals) for the referrals made in the period."""
    return [tuple(r) for r in db.execute("""
        SELECT r.kind,
               CASE WHEN COALESCE(r.status_date, r.referred_on) <= :end THEN r.status
                    ELSE COALESCE((SELECT s.status FROM referral_statuses s WHERE s.referral_id = r.id
                                   AND s.date <= :end ORDER BY s.date DESC, s.id DESC LIMIT 1), 'open') END,
               count(*)
        FROM referrals r WHERE r.archived = 0 AND r.referred_on BETWEEN :start AND :end GROUP BY 1, 2""",
                                         _period(start, end)).fetchall()]
