"""Use cases for meetings: the monthly Homefinder meeting (its agenda built when it is made), the
weekly partner call (its call sheet), the partnership's meetings (decisions, milestones, the log
of rule changes) and events (children shown, families who came, expressions of interest). Each
write is one transaction with its audit rows; closed minutes are refused any change."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from ..domain.errors import FieldProblem, HomefinderError, ValidationError
from ..domain.formatting import age_text, format_date
from ..domain.link_windows import PHASE_WORDS
from ..domain.links import LINK_STATUSES, Link
from ..domain.meetings import (
    ACTION_STATES,
    ASK_PARTNER,
    EVENT_KINDS,
    FREE_ITEM_KINDS,
    MEETING_KINDS,
    PARTNERSHIP_KINDS,
    Action,
    Meeting,
    action_state,
    agenda_units,
    next_due,
    refuse_if_closed,
    to_carry_forward,
)
from ..domain.records import CHILD_STAGES, waiting_text
from ..storage import links as link_store
from ..storage import meetings as store
from .changes import Changes
from .records import _check_references
from .session import Session, reads

MEETING_TABLES = ("meetings", "meeting_items", "actions", "event_children", "event_families")


def _changes(meeting_id: int) -> Changes:
    return Changes.of(*MEETING_TABLES, record_id=meeting_id)


def _open_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = store.get_meeting(session.database(), meeting_id)
    refuse_if_closed(meeting)
    return meeting


def _date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None


# --- reading ----------------------------------------------------------------------------------

@reads
def meeting_rows(session: Session, kinds: tuple[str, ...] | None = None) -> list[dict]:
    return store.meeting_rows(session.database(), kinds)


@reads
def get_meeting(session: Session, meeting_id: int) -> Meeting:
    return store.get_meeting(session.database(), meeting_id)


@reads
def next_due_dates(session: Session) -> dict[str, date]:
    """kind -> when the next is expected, for the kinds held on a rhythm."""
    last = store.last_held(session.database())
    due = {kind: next_due(kind, _date(last.get(kind)), session.today()) for kind in MEETING_KINDS}
    return {kind: when for kind, when in due.items() if when is not None}


def _group_members(members: str | None, on: date) -> list[dict]:
    result = []
    for part in (members or "").split(";"):
        if part:
            name, born, stage = part.split("|")
            result.append({"name": name, "age": age_text(_date(born), on), "stage": stage})
    return result


@reads
def agenda(session: Session, meeting_id: int) -> list[dict]:
    """The agenda's lines, ready to show: who (a group with its children and their ages), stage,
    days waiting, active links, open windows, and whether to ask the partner (as it was then).
    Ages, days waiting and open windows are as at the meeting's date, so old minutes read as they
    did on the day; stage and active links are as they are now (the records keep no snapshot)."""
    db = session.database()
    held = store.get_meeting(db, meeting_id).held_on
    today = min(held, session.today()) if held else session.today()
    lines = []
    for r in store.agenda_rows(db, meeting_id, today):
        since = _date(r["since"])
        if r["sibling_group_id"] is not None:
            members = _group_members(r["members"], today)
            who = f"{r['sibling_group']} (sibling group)"
            detail = ", ".join(f"{m['name']} ({m['age']})" for m in members)
            stages = list(dict.fromkeys(CHILD_STAGES.get(m["stage"], m["stage"]) for m in members))
            stage = " / ".join(stages)
        else:
            who = f"{r['child']} ({r['reference']})"
            detail = age_text(_date(r["date_of_birth"]), today)
            stage = CHILD_STAGES.get(r["stage"], r["stage"] or "")
        lines.append({"id": r["id"], "child_id": r["child_id"], "sibling_group_id": r["sibling_group_id"],
                      "who": who, "detail": detail, "stage": stage, "since": since,
                      "waiting": waiting_text(since, today), "days_waiting": (today - since).days if since else None,
                      "active_links": r["active_links"], "open_windows": r["open_windows"],
                      "ask_partner": bool(r["ask_partner"]), "flag": ASK_PARTNER if r["ask_partner"] else "",
                      "text": r["text"], "checked": bool(r["checked"])})
    return lines


def _window_words(who: str | None, closes: str | None, answer: str | None) -> str:
    if not closes:
        return ""
    answer_words = {"pursue": "will pursue", "decline": "declined"}.get(answer or "", "no answer yet")
    return f"Window for {PHASE_WORDS.get(who or '', who or '')}: closes {format_date(_date(closes))}, {answer_words}"


@reads
def call_sheet(session: Session, meeting_id: int) -> dict:
    """The partner call's lines: each link with what fell due and what changed since the last
    call (before this one), and the dates those are counted between."""
    db = session.database()
    meeting = store.get_meeting(db, meeting_id)
    previous = store.previous_meeting(db, "partner_call", meeting.held_on, exclude_id=meeting_id)
    after = _date(previous["held_on"]) if previous else None
    if after == meeting.held_on:
        after = None
    rows = store.call_sheet_rows(db, meeting_id)
    ids = [r["link_id"] for r in rows]
    due: dict[int, list[str]] = {}
    for w in store.windows_closed_between(db, ids, after, meeting.held_on):
        answer = {"pursue": "answered: will pursue", "decline": "answered: declined"}.get(w["answer"], "NOT ANSWERED")
        due.setdefault(w["link_id"], []).append(f"Window for {PHASE_WORDS.get(w['who'], w['who'])} closed "
                                                f"{format_date(_date(w['closes']))} – {answer}")
    changed: dict[int, list[str]] = {}
    for s in store.statuses_between(db, ids, after, meeting.held_on):
        words = f"{LINK_STATUSES.get(s['status'], s['status'])} on {format_date(_date(s['date']))}"
        changed.setdefault(s["link_id"], []).append(words + (f" ({s['reason']})" if s["reason"] else ""))
    lines = [{"id": r["id"], "link_id": r["link_id"], "reference": r["reference"], "unit": r["unit"],
              "family": r["family"], "agency": r["agency"] or "",
              "status": LINK_STATUSES.get(r["status"], r["status"]),
              "window": _window_words(r["window_who"], r["closes"], r["answer"]),
              "due": "; ".join(due.get(r["link_id"], [])), "changed": "; ".join(changed.get(r["link_id"], [])),
              "checked": bool(r["checked"]), "text": r["text"]} for r in rows]
    return {"since": after, "until": meeting.held_on, "lines": lines}


@reads
def free_items(session: Session, meeting_id: int) -> list[dict]:
    return [{**r, "label": FREE_ITEM_KINDS.get(r["kind"], r["kind"])}
            for r in store.free_items(session.database(), meeting_id)]


@reads
def action_rows(session: Session, meeting_id: int) -> list[dict]:
    today = session.today()
    rows = []
    for r in store.action_rows(session.database(), meeting_id):
        action = Action(due_on=_date(r["due_on"]), done_on=_date(r["done_on"]))
        carried = (f"{r['carried_meeting']} ({format_date(_date(r['carried_held_on']))})"
                   if r["carried_meeting"] else "")
        rows.append({**r, "due_on": action.due_on, "done_on": action.done_on, "carried": carried,
                     "state": ACTION_STATES[action_state(action, today)]})
    return rows


@reads
def policy_log(session: Session, meeting_id: int) -> list[dict]:
    """The versions of the in-house-first rule, oldest first; those that took effect since the
    last meeting of the same kind are marked new."""
    db = session.database()
    meeting = store.get_meeting(db, meeting_id)
    previous = store.previous_meeting(db, meeting.kind, meeting.held_on, exclude_id=meeting_id)
    after = _date(previous["held_on"]) if previous else None
    return [{"name": p.name, "effective_from": p.effective_from, "rule": p.describe(), "note": p.note,
             "new": after is not None and after < p.effective_from <= meeting.held_on}
            for p in link_store.policies(db)]


@reads
def event_rows(session: Session, meeting_id: int) -> dict:
    """An event's children shown, families who came, and the links their interest opened."""
    db = session.database()
    today = session.today()
    shown = [{**r, "age": age_text(_date(r["date_of_birth"]), today)} for r in store.shown_rows(db, meeting_id)]
    links = [{**r, "status": LINK_STATUSES.get(r["status"], r["status"])} for r in store.event_link_rows(db, meeting_id)]
    return {"shown": shown, "came": store.came_rows(db, meeting_id), "links": links}


@reads
def meeting_name(session: Session, meeting_id: int | None) -> str:
    """'M-00003 Homefinder meeting 12/11/2026', for the History page; '' if it has gone."""
    try:
        m = store.get_meeting(session.database(), meeting_id) if meeting_id is not None else None
    except HomefinderError:
        m = None
    return f"{m.reference} {m.display_title()} {format_date(m.held_on)}" if m else ""


@reads
def owner_of(session: Session, table: str, row_id: int) -> tuple[int | None, str]:
    """The meeting an agenda line, action or event row belongs to, and the action's words."""
    return store.owner_of(session.database(), table, row_id)


# --- making a meeting -------------------------------------------------------------------------

def _agenda_items(db) -> list[dict]:
    return [{"kind": "child", "child_id": u.child_id, "sibling_group_id": u.sibling_group_id,
             "ask_partner": int(u.ask_partner)} for u in agenda_units(store.waiting_units(db))]


def create_meeting(session: Session, meeting: Meeting) -> Changes:
    """A new meeting. A Homefinder meeting's agenda is every child (a sibling group as one line)
    from agency decision to agreed match; a partner call's sheet is every active link the partner
    is part of. The last meeting of the same kind's actions not done are carried forward."""
    problems = meeting.problems(session.today())
    if problems:
        raise ValidationError(problems)
    db = session.database()
    meeting = dataclasses.replace(meeting, closed=False, archived=False, id=None, reference="")
    previous = store.previous_meeting(db, meeting.kind, meeting.held_on)
    with session.writing():
        meeting_id = store.add_meeting(db, meeting, session.who)
        if meeting.kind == "homefinder":
            store.add_items(db, meeting_id, _agenda_items(db), session.who)
        elif meeting.kind == "partner_call":
            store.add_items(db, meeting_id, [{"kind": "link", "link_id": link_id}
                                             for link_id in store.partner_links(db)], session.who)
        if previous is not None:
            carried = store.carried_ids(db)
            for earlier in to_carry_forward(store.actions_of(db, previous["id"]), carried):
                store.add_action(db, dataclasses.replace(earlier, id=None, meeting_id=meeting_id,
                                                         carried_from=earlier.id), session.who)
    return _changes(meeting_id)


def save_details(session: Session, meeting: Meeting) -> Changes:
    """Date, title, place, attendance and minutes text (kind and reference stay as made)."""
    current = _open_meeting(session, meeting.id)
    problems = meeting.problems(session.today())
    if problems:
        raise ValidationError(problems)
    values = {"held_on": meeting.held_on.isoformat(), "title": meeting.title.strip(), "place": meeting.place.strip(),
              "attendees": meeting.attendees.strip(), "apologies": meeting.apologies.strip(),
              "minutes": meeting.minutes}
    with session.writing():
        store.update_meeting(session.database(), current.id, values, session.who)
    return _changes(current.id)


def close_meeting(session: Session, meeting_id: int) -> Changes:
    """The minutes are final: nothing more changes unless they are reopened with a reason."""
    _open_meeting(session, meeting_id)
    with session.writing():
        store.update_meeting(session.database(), meeting_id, {"closed": 1}, session.who)
    return _changes(meeting_id)


def reopen_meeting(session: Session, meeting_id: int, reason: str) -> Changes:
    """Reopen closed minutes; the reason is added to them, so the printed minutes say so too."""
    if not reason.strip():
        raise ValidationError([FieldProblem("Reason", "is required to reopen closed minutes")])
    db = session.database()
    meeting = store.get_meeting(db, meeting_id)
    if not meeting.closed:
        raise HomefinderError("These minutes are not closed.")
    note = f"Reopened {format_date(session.today())} by {session.who}: {reason.strip()}"
    minutes = (meeting.minutes.rstrip() + "\n\n" + note).lstrip()
    with session.writing():
        store.update_meeting(db, meeting_id, {"closed": 0, "minutes": minutes}, session.who)
    return _changes(meeting_id)


def archive_meeting(session: Session, meeting_id: int, archived: bool = True) -> Changes:
    with session.writing():
        store.update_meeting(session.database(), meeting_id, {"archived": int(archived)}, session.who,
                             action="archive" if archived else "restore")
    return _changes(meeting_id)


# --- lines ------------------------------------------------------------------------------------

def _item_meeting(session: Session, item_id: int) -> dict:
    item = store.get_item(session.database(), item_id)
    _open_meeting(session, item["meeting_id"])
    return item


def note_item(session: Session, item_id: int, text: str) -> Changes:
    """The decision or note on an agenda line, or the partner's answer on a call-sheet line."""
    item = _item_meeting(session, item_id)
    with session.writing():
        store.update_item(session.database(), item_id, {"text": text.strip()}, session.who)
    return _changes(item["meeting_id"])


def tick_item(session: Session, item_id: int, checked: bool) -> Changes:
    item = _item_meeting(session, item_id)
    with session.writing():
        store.update_item(session.database(), item_id, {"checked": int(checked)}, session.who)
    return _changes(item["meeting_id"])


def add_free_item(session: Session, meeting_id: int, kind: str, text: str) -> Changes:
    """A decision, milestone or note of the meeting."""
    _open_meeting(session, meeting_id)
    problems = []
    if kind not in FREE_ITEM_KINDS:
        problems.append(FieldProblem("Kind", f"must be one of: {', '.join(FREE_ITEM_KINDS.values())}"))
    if not text.strip():
        problems.append(FieldProblem(FREE_ITEM_KINDS.get(kind, "Text"), "is required"))
    if problems:
        raise ValidationError(problems)
    db = session.database()
    position = len(store.free_items(db, meeting_id)) + 1
    with session.writing():
        store.add_item(db, meeting_id, kind, session.who, text=text.strip(), position=position)
    return _changes(meeting_id)


def remove_free_item(session: Session, item_id: int) -> Changes:
    item = _item_meeting(session, item_id)
    if item["kind"] not in FREE_ITEM_KINDS:
        raise HomefinderError("Only a decision, milestone or note can be removed; agenda lines stay.")
    with session.writing():
        store.delete_item(session.database(), item_id, session.who, "Removed from the meeting")
    return _changes(item["meeting_id"])


# --- actions ----------------------------------------------------------------------------------

def _check_action(session: Session, action: Action) -> None:
    problems = action.problems(session.today()) + _check_references(session, action)
    if problems:
        raise ValidationError(problems)


def add_action(session: Session, action: Action) -> Changes:
    _open_meeting(session, action.meeting_id)
    action = dataclasses.replace(action, text=action.text.strip(), owner=action.owner.strip(), id=None,
                                 carried_from=None, archived=False)
    _check_action(session, action)
    with session.writing():
        store.add_action(session.database(), action, session.who)
    return _changes(action.meeting_id)


def save_action(session: Session, action: Action) -> Changes:
    """Change an action's words, who, due or done date (its meeting must be open)."""
    current = store.get_action(session.database(), action.id)
    _open_meeting(session, current.meeting_id)
    action = dataclasses.replace(action, meeting_id=current.meeting_id, carried_from=current.carried_from,
                                 text=action.text.strip(), owner=action.owner.strip())
    _check_action(session, action)
    with session.writing():
        store.save_action(session.database(), action, session.who)
    return _changes(current.meeting_id)


def mark_done(session: Session, action_id: int, done_on: date | None) -> Changes:
    """Done on a day (None: not done after all)."""
    current = store.get_action(session.database(), action_id)
    return save_action(session, dataclasses.replace(current, done_on=done_on))


def remove_action(session: Session, action_id: int) -> Changes:
    current = store.get_action(session.database(), action_id)
    _open_meeting(session, current.meeting_id)
    with session.writing():
        store.set_action_archived(session.database(), action_id, True, session.who)
    return _changes(current.meeting_id)


# --- events -----------------------------------------------------------------------------------

def _open_event(session: Session, meeting_id: int) -> Meeting:
    meeting = _open_meeting(session, meeting_id)
    if meeting.kind not in EVENT_KINDS:
        raise HomefinderError("Children shown and families who came are kept for profile evenings and adopter "
                              "events only.")
    return meeting


def add_shown(session: Session, meeting_id: int, child_id: int | None = None,
              sibling_group_id: int | None = None) -> Changes:
    _open_event(session, meeting_id)
    if (child_id is None) == (sibling_group_id is None):
        raise ValidationError([FieldProblem("Child", "or a sibling group is required (one, not both)")])
    db = session.database()
    if any(r["child_id"] == child_id and r["sibling_group_id"] == sibling_group_id
           for r in store.shown_rows(db, meeting_id)):
        raise ValidationError([FieldProblem("Child", "is already on the list of children shown")])
    with session.writing():
        store.add_shown(db, meeting_id, child_id, sibling_group_id, session.who)
    return _changes(meeting_id)


def add_came(session: Session, meeting_id: int, family_id: int) -> Changes:
    _open_event(session, meeting_id)
    db = session.database()
    if any(r["family_id"] == family_id for r in store.came_rows(db, meeting_id)):
        raise ValidationError([FieldProblem("Family", "is already on the list of families who came")])
    with session.writing():
        store.add_came(db, meeting_id, family_id, session.who)
    return _changes(meeting_id)


def remove_from_event(session: Session, meeting_id: int, table: str, row_id: int) -> Changes:
    _open_event(session, meeting_id)
    with session.writing():
        store.remove_from_event(session.database(), table, row_id, session.who, "Removed from the event's list")
    return _changes(meeting_id)


def record_interest(session: Session, meeting_id: int, family_id: int, child_id: int | None = None,
                    sibling_group_id: int | None = None) -> Changes:
    """A family's expression of interest at the event opens a link (and its window) dated the
    day of the event, through the links' own use case and its checks."""
    from . import links  # the links' use cases, only when an interest is recorded

    meeting = _open_event(session, meeting_id)
    link = Link(child_id=child_id, sibling_group_id=sibling_group_id, family_id=family_id,
                identified_on=meeting.held_on, found_at=meeting.kind)
    changes = links.add_link(session, link, event_id=meeting_id)
    return Changes.of(*changes.tables, *MEETING_TABLES, record_id=meeting_id)


# --- minutes as PDF ---------------------------------------------------------------------------

@reads
def minutes_data(session: Session, meeting_id: int) -> dict:
    """Everything the minutes print, as plain data for reports.minutes."""
    meeting = store.get_meeting(session.database(), meeting_id)
    data = {"meeting": meeting, "kind": MEETING_KINDS[meeting.kind], "actions": action_rows(session, meeting_id),
            "items": free_items(session, meeting_id)}
    if meeting.kind == "homefinder":
        data["agenda"] = agenda(session, meeting_id)
    elif meeting.kind == "partner_call":
        data["call_sheet"] = call_sheet(session, meeting_id)
    elif meeting.kind in PARTNERSHIP_KINDS:
        data["policy_log"] = policy_log(session, meeting_id)
    else:
        data["event"] = event_rows(session, meeting_id)
    return data


def minutes_pdf(session: Session, meeting_id: int, blank: bool = False) -> bytes:
    """The minutes (or, for a call sheet with `blank`, the sheet to fill in during the call)."""
    from ..reports import minutes  # ReportLab only when printing

    return minutes.build_pdf(session.council_name, session.partner_name, minutes_data(session, meeting_id),
                             session.today(), blank=blank)


def save_minutes_pdf(session: Session, meeting_id: int, target: Path | str, blank: bool = False) -> Path:
    from . import printouts

    return printouts.save_pdf(target, minutes_pdf(session, meeting_id, blank))


def minutes_file_name(meeting: Meeting) -> str:
    """A suggested file name: kind and date, no names of people."""
    kind = MEETING_KINDS[meeting.kind].lower().replace(" ", "-")
    return f"{kind}-{meeting.held_on.isoformat() if meeting.held_on else 'undated'}.pdf"
