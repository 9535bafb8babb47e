"""Meetings' rows of the audit trail in words, for ui.audit_text: which meeting ("Meeting: M-00003
Homefinder meeting 12/11/2026"), which action, and minutes closed or reopened with the reason."""
from __future__ import annotations

from ..domain.meetings import FREE_ITEM_KINDS, MEETING_KINDS, Action, Meeting
from ..services import meetings

MEETING_TABLES = {"meetings": "Meeting", "meeting_items": "Meeting line", "actions": "Action",
                  "event_children": "Child shown at event", "event_families": "Family at event"}
ITEM_LABELS = {"kind": "Kind of line", "text": "Decision, note or answer", "checked": "Ticked",
               "ask_partner": "Ask partner for families", "position": "Place on the agenda", "link_id": "Link",
               "child_id": "Child", "sibling_group_id": "Sibling group", "meeting_id": "Meeting"}
ITEM_KINDS = {"child": "Agenda line", "link": "Call sheet line", **FREE_ITEM_KINDS}


def _new_or_old(changes: dict, field: str):
    pair = changes.get(field)
    if not isinstance(pair, list):
        return pair
    return pair[1] if pair[1] is not None else pair[0]


def record_text(session, row: dict) -> str:
    """'Meeting: M-00003 Homefinder meeting 12/11/2026'; 'Action: Send the profile (M-00003 …)'."""
    table, changes = row["table_name"], row.get("changes") or {}
    label = MEETING_TABLES[table]
    if table == "meetings":
        return f"{label}: {meetings.meeting_name(session, row['record_id']) or 'since deleted'}"
    meeting_id, text = _new_or_old(changes, "meeting_id"), _new_or_old(changes, "text") or ""
    if meeting_id is None or (table == "actions" and not text):
        meeting_id, text = meetings.owner_of(session, table, row["record_id"])
    where = meetings.meeting_name(session, meeting_id)
    if table == "actions":
        return f"{label}: {text} ({where})" if where else f"{label}: {text}"
    return f"{label}: {where}" if where else label


def field_label(table: str, field: str) -> str:
    if field in ITEM_LABELS and table != "meeting_items" and field in ("meeting_id", "link_id"):
        return ITEM_LABELS[field]
    if table == "meetings":
        return Meeting.label(field)
    if table == "actions":
        return Action.label(field)
    return ITEM_LABELS.get(field, field.replace("_", " ").capitalize())


def value_text(session, table: str, field: str, value) -> str | None:
    """Words for a meeting's codes and numbers (None: say it as any other value)."""
    if field == "meeting_id" and isinstance(value, int):
        return meetings.meeting_name(session, value) or f"number {value} (since deleted)"
    if field == "carried_from" and isinstance(value, int):
        meeting_id, text = meetings.owner_of(session, "actions", value)
        return f"{text} ({meetings.meeting_name(session, meeting_id)})" if meeting_id else f"action number {value}"
    if field == "kind" and table == "meetings":
        return MEETING_KINDS.get(value, str(value))
    if field == "kind" and table == "meeting_items":
        return ITEM_KINDS.get(value, str(value))
    if field in ("closed", "checked", "ask_partner"):
        return "Yes" if value in (1, True, "1") else "No"
    return None


def closed_or_reopened(row: dict) -> tuple[str, list[str]] | None:
    """'Minutes closed', or 'Minutes reopened' with the reason the worker gave (added to the minutes)."""
    changes = row.get("changes") or {}
    if row.get("table_name") != "meetings" or row.get("action") != "update" or "closed" not in changes:
        return None
    new = changes["closed"][1]
    if new:
        return "Minutes closed", []
    before, after = (changes.get("minutes") or ["", ""])[:2]
    added = (after or "")[len(before or ""):].strip()
    return "Minutes reopened", [added] if added else []
