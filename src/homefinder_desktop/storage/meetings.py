"""Reading and writing meetings, their lines (agenda, call sheet, decisions, milestones), their
actions, and who was shown and who came to an event.

The Homefinder agenda and the partner call sheet are built here in a few queries for the whole
list, reusing the registers' "waiting since" and "has an active link" expressions, so a meeting
over 20,000 children opens as quickly as the children list does.
"""
from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.links import ACTIVE_LINK_STATUSES
from ..domain.meetings import REFERENCE_PREFIX, Action, Meeting
from ..domain.records import REFERRAL_OPEN_STATUSES, WAITING_STAGES
from . import audit
from .links import UNIT_NAME_SQL
from .registers import HAS_ACTIVE_LINK_SQL, WAITING_SINCE_SQL
from .rows import from_row, to_row


def _IN(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


_ACTIVE_IN = _IN(ACTIVE_LINK_STATUSES)


# --- meetings ---------------------------------------------------------------------------------

def next_reference(db: sqlite_utils.Database) -> str:
    # The id the next row will get, so reference and id agree (as storage.records does).
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'meetings'").fetchone()
    return f"{REFERENCE_PREFIX}-{(row[0] if row else 0) + 1:05d}"


def add_meeting(db: sqlite_utils.Database, meeting: Meeting, who: str) -> int:
    row = to_row(meeting)
    row.pop("id", None)
    row["reference"] = row.get("reference") or next_reference(db)
    return audit.insert(db, "meetings", row, who)


def get_meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting:
    return from_row(Meeting, audit.get_row(db, "meetings", meeting_id))


def update_meeting(db: sqlite_utils.Database, meeting_id: int, values: dict, who: str, action: str = "update") -> dict:
    return audit.update(db, "meetings", meeting_id, values, who, action=action)


def meeting_rows(db: sqlite_utils.Database, kinds: tuple[str, ...] | None = None,
                 include_archived: bool = False) -> list[dict]:
    """Meetings, newest first, with how many actions each has still open."""
    where, args = [], []
    if not include_archived:
        where.append("m.archived = 0")
    if kinds:
        where.append(f"m.kind IN ({', '.join('?' for _ in kinds)})")
        args += list(kinds)
    return list(db.query(f"""SELECT m.id, m.reference, m.kind, m.held_on, m.title, m.closed, m.archived,
        (SELECT count(*) FROM actions a WHERE a.meeting_id = m.id AND a.archived = 0 AND a.done_on IS NULL)
            AS open_actions
        FROM meetings m {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY m.held_on DESC, m.id DESC""", args))


def previous_meeting(db: sqlite_utils.Database, kind: str, held_on: date, exclude_id: int | None = None) -> dict | None:
    """The last meeting of this kind held on or before `held_on` (not archived)."""
    rows = list(db.query("""SELECT id, held_on FROM meetings WHERE archived = 0 AND kind = ? AND held_on <= ?
        AND id IS NOT ? ORDER BY held_on DESC, id DESC LIMIT 1""", [kind, held_on.isoformat(), exclude_id]))
    return rows[0] if rows else None


def last_held(db: sqlite_utils.Database) -> dict[str, str]:
    """kind -> the date the last meeting of that kind was held (ISO)."""
    return {r["kind"]: r["last"] for r in db.query(
        "SELECT kind, max(held_on) AS last FROM meetings WHERE archived = 0 GROUP BY kind")}


# --- lines of a meeting -------------------------------------------------------------------------

def add_item(db: sqlite_utils.Database, meeting_id: int, kind: str, who: str, **values) -> int:
    return audit.insert(db, "meeting_items", {"meeting_id": meeting_id, "kind": kind, **values}, who)


def get_item(db: sqlite_utils.Database, item_id: int) -> dict:
    return audit.get_row(db, "meeting_items", item_id)


def update_item(db: sqlite_utils.Database, item_id: int, values: dict, who: str) -> dict:
    return audit.update(db, "meeting_items", item_id, values, who)


def delete_item(db: sqlite_utils.Database, item_id: int, who: str, reason: str) -> None:
    audit.delete(db, "meeting_items", item_id, who, reason)


def free_items(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """A meeting's decisions, milestones and notes, in the order they were added."""
    return list(db.query("""SELECT id, kind, text, position FROM meeting_items
        WHERE meeting_id = ? AND kind IN ('decision', 'milestone', 'note') ORDER BY position, id""", [meeting_id]))


# --- the Homefinder agenda ----------------------------------------------------------------------

def waiting_units(db: sqlite_utils.Database) -> list[dict]:
    """Every child waiting (agency decision to agreed match), with when they began waiting and
    whether they (or their group) have an active link; the caller folds a group into one line."""
    return list(db.query(f"""SELECT c.id, c.sibling_group_id, {WAITING_SINCE_SQL} AS since,
        {HAS_ACTIVE_LINK_SQL} AS linked FROM children c
        WHERE c.archived = 0 AND c.stage IN ({_IN(WAITING_STAGES)})"""))


def add_items(db: sqlite_utils.Database, meeting_id: int, rows: list[dict], who: str) -> None:
    for position, values in enumerate(rows, start=1):
        audit.insert(db, "meeting_items", {"meeting_id": meeting_id, "position": position, **values}, who)


# The active links of each agenda line: a child's own and their group's; a group's own and each of
# its children's. Three joins on the links' indexes (by child, by group), not one OR per line, so
# an agenda of thousands of lines over 100,000 links is counted in one pass; CROSS JOIN keeps
# SQLite starting from the lines (from the links, it would read every line for every link).
_LINE_LINKS = f"""lines AS (SELECT i.id, i.child_id, i.sibling_group_id,
        coalesce(i.sibling_group_id, (SELECT sibling_group_id FROM children WHERE id = i.child_id)) AS unit_group
        FROM meeting_items i WHERE i.meeting_id = :meeting AND i.kind = 'child'),
    line_links AS (
        SELECT n.id AS line, l.id AS link FROM lines n CROSS JOIN links l ON l.child_id = n.child_id
            WHERE l.archived = 0 AND l.status IN ({_ACTIVE_IN})
        UNION SELECT n.id, l.id FROM lines n CROSS JOIN links l ON l.sibling_group_id = n.unit_group
            WHERE l.archived = 0 AND l.status IN ({_ACTIVE_IN})
        UNION SELECT n.id, l.id FROM lines n CROSS JOIN children m ON m.sibling_group_id = n.sibling_group_id
            CROSS JOIN links l ON l.child_id = m.id WHERE l.archived = 0 AND l.status IN ({_ACTIVE_IN})),
    line_counts AS MATERIALIZED (SELECT x.line, count(*) AS active_links,
        sum(CASE WHEN w.answer = '' AND w.closes >= :today THEN 1 ELSE 0 END) AS open_windows
        FROM line_links x LEFT JOIN link_windows w ON w.link_id = x.link GROUP BY x.line)"""


def agenda_rows(db: sqlite_utils.Database, meeting_id: int, today: date) -> list[dict]:
    """The agenda's lines with today's facts: who, stage(s), when waiting began, the active links
    and windows still open. A group's line gathers its children (names, births, stages)."""
    return list(db.query(f"""WITH {_LINE_LINKS}
        SELECT i.id, i.child_id, i.sibling_group_id, i.ask_partner, i.checked, i.text,
        i.position, c.reference, trim(c.first_name || ' ' || c.last_name) AS child, c.date_of_birth, c.stage,
        g.name AS sibling_group,
        (SELECT group_concat(trim(m.first_name || ' ' || m.last_name) || '|' || coalesce(m.date_of_birth, '')
                || '|' || m.stage, ';')
            FROM children m WHERE m.sibling_group_id = i.sibling_group_id AND m.archived = 0) AS members,
        CASE WHEN i.child_id IS NOT NULL THEN {WAITING_SINCE_SQL}
             ELSE (SELECT min({WAITING_SINCE_SQL}) FROM children c
                   WHERE c.sibling_group_id = i.sibling_group_id AND c.archived = 0) END AS since,
        coalesce(k.active_links, 0) AS active_links, coalesce(k.open_windows, 0) AS open_windows
        FROM meeting_items i
        LEFT JOIN children c ON c.id = i.child_id
        LEFT JOIN sibling_groups g ON g.id = i.sibling_group_id
        LEFT JOIN line_counts k ON k.line = i.id
        WHERE i.meeting_id = :meeting AND i.kind = 'child' ORDER BY i.position, i.id""",
                         {"today": today.isoformat(), "meeting": meeting_id}))


# --- the partner call sheet ---------------------------------------------------------------------

def partner_links(db: sqlite_utils.Database) -> list[int]:
    """Active links whose family is the partner's, or whose child (or a child of whose group) has
    an open referral to the partner: the links the weekly call goes through, oldest first."""
    return [r[0] for r in db.execute(f"""SELECT l.id FROM links l JOIN families f ON f.id = l.family_id
        LEFT JOIN agencies a ON a.id = f.agency_id
        WHERE l.archived = 0 AND l.status IN ({_ACTIVE_IN}) AND (a.kind = 'partner' OR EXISTS (
            SELECT 1 FROM referrals r JOIN agencies t ON t.id = r.to_agency_id
            JOIN children rc ON rc.id = r.child_id
            WHERE t.kind = 'partner' AND r.archived = 0 AND r.status IN ({_IN(REFERRAL_OPEN_STATUSES)})
              AND (rc.id = l.child_id OR rc.sibling_group_id = l.sibling_group_id)))
        ORDER BY l.identified_on, l.id""")]


def call_sheet_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """The call sheet's lines: the link, its child or group, family and agency, status, window."""
    return list(db.query(f"""SELECT i.id, i.link_id, i.checked, i.text, i.position, l.reference, l.status,
        l.status_date, {UNIT_NAME_SQL} AS unit, f.name AS family, a.name AS agency, a.kind AS agency_kind,
        w.who AS window_who, w.opens, w.closes, w.answer
        FROM meeting_items i JOIN links l ON l.id = i.link_id
        LEFT JOIN children c ON c.id = l.child_id LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id
        JOIN families f ON f.id = l.family_id LEFT JOIN agencies a ON a.id = f.agency_id
        LEFT JOIN link_windows w ON w.link_id = l.id
        WHERE i.meeting_id = ? AND i.kind = 'link' ORDER BY i.position, i.id""", [meeting_id]))


def statuses_between(db: sqlite_utils.Database, link_ids: list[int], after: date | None, until: date) -> list[dict]:
    """Steps of these links dated after `after` (any, when None) up to `until`, in date order."""
    if not link_ids:
        return []
    marks = ",".join("?" for _ in link_ids)
    return list(db.query(f"""SELECT link_id, status, date, reason FROM link_statuses
        WHERE link_id IN ({marks}) AND date > ? AND date <= ? ORDER BY date, id""",
                         link_ids + [after.isoformat() if after else "", until.isoformat()]))


def windows_closed_between(db: sqlite_utils.Database, link_ids: list[int], after: date | None,
                           until: date) -> list[dict]:
    if not link_ids:
        return []
    marks = ",".join("?" for _ in link_ids)
    return list(db.query(f"""SELECT link_id, who, closes, answer FROM link_windows
        WHERE link_id IN ({marks}) AND closes > ? AND closes <= ? ORDER BY closes""",
                         link_ids + [after.isoformat() if after else "", until.isoformat()]))


# --- actions ----------------------------------------------------------------------------------

def add_action(db: sqlite_utils.Database, action: Action, who: str) -> int:
    row = to_row(action)
    row.pop("id", None)
    return audit.insert(db, "actions", row, who)


def get_action(db: sqlite_utils.Database, action_id: int) -> Action:
    return from_row(Action, audit.get_row(db, "actions", action_id))


def save_action(db: sqlite_utils.Database, action: Action, who: str) -> dict:
    row = to_row(action)
    action_id = row.pop("id")
    row.pop("archived", None)
    return audit.update(db, "actions", action_id, row, who)


def set_action_archived(db: sqlite_utils.Database, action_id: int, archived: bool, who: str) -> dict:
    return audit.set_archived(db, "actions", action_id, archived, who)


def actions_of(db: sqlite_utils.Database, meeting_id: int) -> list[Action]:
    return [from_row(Action, r) for r in db.query(
        "SELECT * FROM actions WHERE meeting_id = ? AND archived = 0 ORDER BY id", [meeting_id])]


def carried_ids(db: sqlite_utils.Database) -> set[int]:
    """Actions already carried forward to a meeting still kept (so none is carried twice)."""
    return {r[0] for r in db.execute("""SELECT a.carried_from FROM actions a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.carried_from IS NOT NULL AND a.archived = 0 AND m.archived = 0""")}


def action_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """A meeting's actions with the meeting each was carried from (its reference and date)."""
    return list(db.query("""SELECT a.*, m.reference AS carried_meeting, m.held_on AS carried_held_on,
        trim(c.first_name || ' ' || c.last_name) AS child
        FROM actions a LEFT JOIN actions o ON o.id = a.carried_from LEFT JOIN meetings m ON m.id = o.meeting_id
        LEFT JOIN children c ON c.id = a.child_id
        WHERE a.meeting_id = ? AND a.archived = 0 ORDER BY a.id""", [meeting_id]))


# --- events -----------------------------------------------------------------------------------

def add_shown(db: sqlite_utils.Database, meeting_id: int, child_id: int | None, group_id: int | None, who: str) -> int:
    return audit.insert(db, "event_children", {"meeting_id": meeting_id, "child_id": child_id,
                                               "sibling_group_id": group_id}, who)


def add_came(db: sqlite_utils.Database, meeting_id: int, family_id: int, who: str) -> int:
    return audit.insert(db, "event_families", {"meeting_id": meeting_id, "family_id": family_id}, who)


def remove_from_event(db: sqlite_utils.Database, table: str, row_id: int, who: str, reason: str) -> None:
    assert table in ("event_children", "event_families")
    audit.delete(db, table, row_id, who, reason)


def shown_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    return list(db.query(f"""SELECT e.id, e.child_id, e.sibling_group_id, {UNIT_NAME_SQL} AS unit,
        c.date_of_birth FROM event_children e LEFT JOIN children c ON c.id = e.child_id
        LEFT JOIN sibling_groups g ON g.id = e.sibling_group_id WHERE e.meeting_id = ? ORDER BY e.id""", [meeting_id]))


def came_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    return list(db.query("""SELECT e.id, e.family_id, f.name AS family, f.reference, a.name AS agency
        FROM event_families e JOIN families f ON f.id = e.family_id LEFT JOIN agencies a ON a.id = f.agency_id
        WHERE e.meeting_id = ? ORDER BY e.id""", [meeting_id]))


def event_link_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """Links opened by expressions of interest at this event."""
    return list(db.query(f"""SELECT l.id, l.reference, l.status, {UNIT_NAME_SQL} AS unit, f.name AS family
        FROM links l LEFT JOIN children c ON c.id = l.child_id LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id
        JOIN families f ON f.id = l.family_id WHERE l.event_id = ? ORDER BY l.id""", [meeting_id]))


# --- the audit trail in words ---------------------------------------------------------------------

_OWNED_BY_MEETING = ("meeting_items", "actions", "event_children", "event_families")


def owner_of(db: sqlite_utils.Database, table: str, row_id: int) -> tuple[int | None, str]:
    """(the meeting a line, action or event row belongs to, the action's words); (None, '') if gone."""
    assert table in _OWNED_BY_MEETING
    words = "text" if table in ("meeting_items", "actions") else "''"
    row = db.execute(f"SELECT meeting_id, {words} FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    return (row[0], row[1] or "") if row else (None, "")
