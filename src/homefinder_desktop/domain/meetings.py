"""Meetings, their actions, and events where children are shown to families.

The monthly Homefinder meeting, the weekly partner call and the partnership's meetings are all
minuted here; profile evenings and adopter events are kept the same way, with who was shown and
who came. An action not done by the next meeting of the same kind is carried forward to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .errors import FieldProblem, HomefinderError
from .formatting import format_date
from .records import Record, _choice, _not_future, _required

MEETING_KINDS = {
    "homefinder": "Homefinder meeting",
    "partner_call": "Partner call",
    "strategic": "Strategic meeting",
    "heads_of_service": "Heads of service meeting",
    "operational": "Operational meeting",
    "other": "Other meeting",
    "profile_evening": "Profile evening",
    "adopter_event": "Adopter event",
}
EVENT_KINDS = ("profile_evening", "adopter_event")
PARTNERSHIP_KINDS = ("strategic", "heads_of_service", "operational", "other")
# How often each is expected, in days (shown as "next due"): monthly, weekly, quarterly, every few
# months, every four to six months.
EXPECTED_EVERY = {"homefinder": 31, "partner_call": 7, "strategic": 92, "heads_of_service": 92,
                  "operational": 183}
REFERENCE_PREFIX = "M"


@dataclass
class Meeting(Record):
    kind: str = "homefinder"
    held_on: date | None = None
    title: str = ""
    place: str = ""
    attendees: str = ""
    apologies: str = ""
    minutes: str = ""
    closed: bool = False
    archived: bool = False
    reference: str = ""
    id: int | None = None

    LABELS = {"kind": "Kind of meeting", "held_on": "Date", "title": "Title", "place": "Where",
              "attendees": "Attended", "apologies": "Apologies", "minutes": "Minutes",
              "reference": "Reference"}

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    def display_title(self) -> str:
        return self.title.strip() or MEETING_KINDS.get(self.kind, self.kind)

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _choice(p, "Kind of meeting", self.kind, MEETING_KINDS)
        _required(p, "Date", self.held_on)
        return p


@dataclass
class Action(Record):
    """Something a meeting agreed someone would do, by a date."""

    meeting_id: int | None = None
    text: str = ""
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None
    carried_from: int | None = None
    child_id: int | None = None
    archived: bool = False
    id: int | None = None

    LABELS = {"text": "Action", "owner": "Who", "due_on": "Due", "done_on": "Done on",
              "child_id": "Child"}

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Meeting", self.meeting_id)
        _required(p, "Action", self.text)
        _required(p, "Who", self.owner)
        _not_future(p, "Done on", self.done_on, today)
        return p


def action_state(action: Action, today: date) -> str:
    """'done', 'overdue', 'due_today' or 'open'."""
    if action.is_done:
        return "done"
    if action.due_on is None:
        return "open"
    if action.due_on < today:
        return "overdue"
    if action.due_on == today:
        return "due_today"
    return "open"


ACTION_STATES = {"done": "Done", "overdue": "Overdue", "due_today": "Due today", "open": "Open"}


def to_carry_forward(earlier: list[Action], already_carried: set[int]) -> list[Action]:
    """The actions of earlier meetings still to do, that the new meeting has not yet taken on:
    each becomes a new action at the new meeting that points back to the one it continues, so
    the minutes of both meetings stay as they were written."""
    return [a for a in earlier if not a.is_done and not a.archived and a.id not in already_carried]


# Lines of a meeting the worker adds freely (partnership meetings, any meeting's notes).
FREE_ITEM_KINDS = {"decision": "Decision", "milestone": "Milestone", "note": "Note"}
ASK_PARTNER = "Ask partner for families"


def refuse_if_closed(meeting: Meeting) -> None:
    """Closed minutes are final: say so, and how to change them, rather than edit them quietly."""
    if meeting.closed:
        raise HomefinderError(f"The minutes of {meeting.display_title()} on {format_date(meeting.held_on)} are "
                              "closed, so they cannot be changed. Reopen them (with a reason) first.")
    if meeting.archived:
        raise HomefinderError(f"{meeting.display_title()} on {format_date(meeting.held_on)} is archived: "
                              "restore it before changing it.")


def next_due(kind: str, last_held: date | None, today: date) -> date | None:
    """When the next meeting of this kind is expected (None for kinds with no rhythm); today if
    none has been held yet."""
    every = EXPECTED_EVERY.get(kind)
    if every is None:
        return None
    return today if last_held is None else last_held + timedelta(days=every)


@dataclass(frozen=True)
class AgendaUnit:
    """One line of the Homefinder agenda: a child, or a sibling group as one unit."""

    child_id: int | None
    sibling_group_id: int | None
    since: date | None       # when the first of them began waiting
    ask_partner: bool        # none of them has an active link: the partner is asked for families


def agenda_units(waiting: list[dict]) -> list[AgendaUnit]:
    """Fold waiting children ({id, sibling_group_id, since (ISO or None), linked}) into agenda
    lines, a group once, longest waiting first (then in the order given)."""
    groups: dict[int, list[dict]] = {}
    lines: list[tuple[int | None, int | None, list[dict]]] = []
    for row in waiting:
        group = row["sibling_group_id"]
        if group is None:
            lines.append((row["id"], None, [row]))
        elif group in groups:
            groups[group].append(row)
        else:
            groups[group] = [row]
            lines.append((None, group, groups[group]))
    units = []
    for child_id, group_id, rows in lines:
        starts = [date.fromisoformat(r["since"]) for r in rows if r["since"]]
        units.append(AgendaUnit(child_id, group_id, min(starts) if starts else None,
                                not any(r["linked"] for r in rows)))
    return sorted(units, key=lambda u: (u.since is None, u.since or date.min))
