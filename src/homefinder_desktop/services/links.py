"""Use cases for links: adding one (and opening its family's window under the rule in force),
moving it on, answering the window, ending it, placing the child; the rule's versions and the
list of reasons a link ends; and the lists the Links and Start pages show."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ..domain.errors import FieldProblem, HomefinderError, ValidationError
from ..domain.link_windows import PHASE_FOR_AGENCY, WINDOW_STATES, LinkPolicy, Window, check_new_version, \
    policy_in_force, window_for
from ..domain.links import (LINK_STATUSES, PLACED_ELSEWHERE, Competition, Link, check_link_status_change,
                            competing_interest, links_ended_by_placement)
from ..domain.records import FAMILY_STAGES, Child, Family, SiblingGroup, StageChange
from ..storage import audit
from ..storage import links as link_store
from ..storage import records as store
from ..storage import registers
from ..storage.registers import RegisterQuery
from .changes import Changes
from .records import _check_references, _record_step, record_child_stage
from .session import Session, reads

LINK_TABLES = ("links", "link_statuses", "link_windows")
QUIET_DAYS = 20  # a link with no new status in this many days has gone quiet


def _refuse(field: str, problem: str) -> None:
    raise ValidationError([FieldProblem(field, problem)])


def _is_placed(db, child_id: int | None, group_id: int | None) -> str:
    """Why this child or group cannot be linked again ('' when it can)."""
    placed = [link for link in link_store.links_of_unit(db, child_id, group_id) if link.status == "placed"]
    if placed:
        return f"is already placed (link {placed[0].reference})"
    if child_id is not None:
        child = store.get(db, Child, child_id)
        if child.stage in ("placed", "adoption_order"):
            return "is already placed (see the stage of the plan)"
    elif link_store.placed_children_in_group(db, group_id):
        return f"has children already placed: {', '.join(link_store.placed_children_in_group(db, group_id))}"
    return ""


def _check_new_link(session: Session, link: Link) -> None:
    problems = link.problems(session.today()) + _check_references(session, link)
    if problems:
        raise ValidationError(problems)
    if link.status != "identified":
        _refuse("Status", "of a new link is Identified: record later steps with “Record a new status…”")
    db = session.database()
    if link.child_id is not None:
        child = store.get(db, Child, link.child_id)
        if child.archived:
            _refuse("Child", f"{child.display_name} is archived: restore the record before linking")
        if child.sibling_group_id is not None:
            group = store.get(db, SiblingGroup, child.sibling_group_id)
            # A group to be placed together is found one family: the link is the group's, so the
            # "no active link" list and competing interest see all its children at once.
            if group.decision == "together" and not group.archived:
                _refuse("Child", f"{child.display_name} is in the sibling group “{group.name}”, to be placed "
                                 "together: link the sibling group instead")
    else:
        group = store.get(db, SiblingGroup, link.sibling_group_id)
        if group.archived:
            _refuse("Sibling group", f"“{group.name}” is archived: restore the record before linking")
    family = store.get(db, Family, link.family_id)
    if family.archived:
        _refuse("Family", f"{family.name} is archived: restore the record before linking")
    if family.stage != "approved":
        _refuse("Family", f"{family.name} is not approved at panel ({FAMILY_STAGES.get(family.stage, family.stage)}): "
                          "a window can only be opened for an approved family")
    placed = _is_placed(db, link.child_id, link.sibling_group_id)
    if placed:
        _refuse("Child" if link.child_id is not None else "Sibling group", placed)
    for other in link_store.links_of_unit(db, link.child_id, link.sibling_group_id):
        if other.family_id == link.family_id and other.is_active:
            _refuse("Family", f"{family.name} already has a link in progress with this child ({other.reference})")


def _agency_kind(db, family_id: int) -> str:
    family = store.get(db, Family, family_id)
    row = audit.get_row(db, "agencies", family.agency_id) if family.agency_id else {"kind": "other"}
    return row["kind"]


def add_link(session: Session, link: Link, *, event_id: int | None = None) -> Changes:
    """Add a link (status Identified, on its identified_on) and open its family's window under the
    version of the rule in force that day. Refused, with nothing written, for an archived child,
    group or family, a family not approved at panel, a child already placed, a child whose sibling
    group is to be placed together (link the group), or a family already linked with the child."""
    from .calendar import working_days  # the holidays calendar: only when a window is opened

    if event_id is not None:
        link = dataclasses.replace(link, event_id=event_id)
    link = dataclasses.replace(link, status="identified", status_date=link.identified_on)
    _check_new_link(session, link)
    db = session.database()
    rule = policy_in_force(link_store.policies(db), link.identified_on)
    with session.writing():
        link_id = store.add(db, link, session.who)
        store.add_stage(db, Link, link_id, StageChange("identified", link.identified_on), session.who)
        if rule is not None:
            window = window_for(link.identified_on, _agency_kind(db, link.family_id), rule, working_days())
            link_store.add_window(db, link_id, rule.id, window.who, window.opens, window.closes, session.who)
    return Changes.of(*LINK_TABLES, record_id=link_id)


def _link_name(link: Link) -> str:
    return f"Link {link.reference}"


def record_link_status(session: Session, link_id: int, step: StageChange) -> Changes:
    """The next status of a link (forward freely; back with a reason). A placement and a link that
    did not progress have their own use cases (place, end_link), which do more."""
    if step.stage == "placed":
        _refuse("Status", "Placed is recorded with “Placed…”, which ends the child's other links")
    if step.stage == "ended":
        _refuse("Status", "Did not progress is recorded with “Did not progress…”, which asks for the reason")
    with session.writing():
        _record_step(session, Link, link_id, step, _link_name,
                     check=lambda link, history: check_link_status_change(history, step, session.today(),
                                                                          link.identified_on),
                     also=lambda _link: {})
        _pursued(session, link_id, step)
    return Changes.of(*LINK_TABLES, record_id=link_id)


# A link being explored (or further on) means the family said they would pursue it.
PURSUING_STATUSES = ("exploring", "matching", "panel", "placed")


def _pursued(session: Session, link_id: int, step: StageChange) -> None:
    """An unanswered window is answered "pursue" on the date the link moved on, so a family already
    being explored with is not chased as overdue (a link loaded from a spreadsheet, say)."""
    if step.stage not in PURSUING_STATUSES:
        return
    db = session.database()
    window = link_store.window_of(db, link_id)
    if window is not None and not window["answer"]:
        audit.update(db, "link_windows", window["id"], {"answer": "pursue", "answered_on": step.date.isoformat()},
                     session.who)


def end_link(session: Session, link_id: int, end_reason_id: int | None, note: str, on: date) -> Changes:
    """The link did not progress: the reason from the list, and a note."""
    db = session.database()
    reasons = {r["id"]: r["name"] for r in link_store.end_reasons(db, include_archived=True)}
    if end_reason_id is None or end_reason_id not in reasons:
        _refuse("Why it did not progress", "is required: choose a reason from the list")
    name = reasons[end_reason_id]
    words = f"{name}: {note.strip()}" if note.strip() else name
    step = StageChange("ended", on, words)
    return _record_step(session, Link, link_id, step, _link_name,
                        check=lambda link, history: check_link_status_change(history, step, session.today(),
                                                                             link.identified_on),
                        also=lambda _link: {"end_reason_id": end_reason_id, "ended_reason": note.strip()})


def place(session: Session, link_id: int, on: date) -> Changes:
    """The child (or group) moves in with this link's family. Every other active link of the
    child or group ends, "Placed with another family", in the same transaction; a child or group
    already placed is refused."""
    db = session.database()
    link = store.get(db, Link, link_id)
    others = link_store.links_of_unit(db, link.child_id, link.sibling_group_id)
    already = [o for o in others if o.status == "placed" and o.id != link_id]
    if already:
        _refuse("Status", f"{link_store.unit_name(db, link.child_id, link.sibling_group_id)} is already placed "
                          f"(link {already[0].reference}): a child is placed once")
    step = StageChange("placed", on)
    reason_id = link_store.end_reason_named(db, PLACED_ELSEWHERE)
    with session.writing():
        if reason_id is None:
            reason_id = link_store.add_end_reason(db, PLACED_ELSEWHERE, session.who)
        _record_step(session, Link, link_id, step, _link_name,
                     check=lambda lk, history: check_link_status_change(history, step, session.today(),
                                                                        lk.identified_on),
                     also=lambda _link: {})
        _pursued(session, link_id, step)
        for other in links_ended_by_placement(link_id, others):
            ending = StageChange("ended", max(on, other.status_date or on), PLACED_ELSEWHERE)
            store.add_stage(db, Link, other.id, ending, session.who)
            audit.update(db, "links", other.id, {"end_reason_id": reason_id, "ended_reason": ""}, session.who)
        # The child's own plan moves to Placed on the same date, so the registers, the Start page
        # and the timeliness measures agree with the link (each child of a group placed together).
        family = store.get(db, Family, link.family_id)
        for child_id in _children_of_unit(db, link):
            child = store.get(db, Child, child_id)
            if child.stage not in ("placed", "adoption_order"):
                record_child_stage(session, child_id, StageChange(
                    "placed", on, f"Placed with {family.name} (link {link.reference})"))
    return Changes.of(*LINK_TABLES, "children", "child_stages", record_id=link_id)


def _children_of_unit(db, link: Link) -> list[int]:
    if link.child_id is not None:
        return [link.child_id]
    return registers.child_ids(db, RegisterQuery(sibling_group_id=link.sibling_group_id), date.today())


def answer_window(session: Session, link_id: int, answer: str, on: date) -> Changes:
    """The family (with their social worker and the child's) says they will pursue the link, or not."""
    if answer not in ("pursue", "decline"):
        _refuse("Answer", "must be Pursue or Decline")
    db = session.database()
    link = store.get(db, Link, link_id)
    window = link_store.window_of(db, link_id)
    if window is None:
        raise HomefinderError(f"Link {link.reference} has no window to answer.")
    if window["answer"]:
        _refuse("Answer", f"was already given ({window['answer']}) on {_uk(window['answered_on'])}")
    if on > session.today():
        _refuse("Date answered", "is in the future")
    if on < link.identified_on:
        _refuse("Date answered", "is before the link was identified")
    with session.writing():
        audit.update(db, "link_windows", window["id"], {"answer": answer, "answered_on": on.isoformat()}, session.who)
    return Changes.of("link_windows", record_id=link_id)


def _uk(iso: str | None) -> str:
    from ..domain.formatting import format_date
    return format_date(date.fromisoformat(iso)) if iso else ""


# --- the rule's versions and the end reasons -------------------------------------------------------

@reads
def policies(session: Session) -> list[LinkPolicy]:
    return link_store.policies(session.database())


def add_policy(session: Session, new: LinkPolicy) -> Changes:
    """A new version of the rule, refused when it overlaps another or is incomplete."""
    db = session.database()
    check_new_version(link_store.policies(db), dataclasses.replace(new, id=None))
    with session.writing():
        policy_id = link_store.add_policy(db, new, session.who)
    return Changes.of("link_policies", record_id=policy_id)


@reads
def end_reasons(session: Session, include_archived: bool = False) -> list[dict]:
    return link_store.end_reasons(session.database(), include_archived)


def _check_reason_name(session: Session, name: str, reason_id: int | None = None) -> None:
    if not name.strip():
        _refuse("Reason", "is required")
    same = link_store.end_reason_named(session.database(), name)
    if same is not None and same != reason_id:
        _refuse("Reason", f"“{name.strip()}” is already on the list")


def add_end_reason(session: Session, name: str) -> Changes:
    _check_reason_name(session, name)
    with session.writing():
        reason_id = link_store.add_end_reason(session.database(), name, session.who)
    return Changes.of("end_reasons", record_id=reason_id)


def rename_end_reason(session: Session, reason_id: int, name: str) -> Changes:
    _check_reason_name(session, name, reason_id)
    with session.writing():
        audit.update(session.database(), "end_reasons", reason_id, {"name": name.strip()}, session.who)
    return Changes.of("end_reasons", record_id=reason_id)


def archive_end_reason(session: Session, reason_id: int, archived: bool = True) -> Changes:
    """Off the pick list; links that ended for it keep it."""
    with session.writing():
        audit.set_archived(session.database(), "end_reasons", reason_id, archived, session.who)
    return Changes.of("end_reasons", record_id=reason_id)


# --- reading --------------------------------------------------------------------------------------

def _window(row: dict) -> Window | None:
    if not row.get("closes"):
        return None
    return Window(row["window_who"], date.fromisoformat(row["opens"]), date.fromisoformat(row["closes"]),
                  row["policy"] or "")


def _with_words(rows: list[dict], today: date) -> list[dict]:
    """Each row with `window_state` (a WINDOW_STATES key, '' with no window) and `days_quiet`."""
    for row in rows:
        window = _window(row)
        row["window_state"] = window.state(today, bool(row["answer"])) if window else ""
        since = row["status_date"] or row["identified_on"]
        row["days_quiet"] = (today - date.fromisoformat(since)).days if since else None
    return rows


@reads
def link_rows(session: Session, view: str = "current", *, child_id: int | None = None,
              family_id: int | None = None, quiet_days: int = QUIET_DAYS, include_archived: bool = False) -> list[dict]:
    """The Links page's list. view: 'current' (active links), 'quiet' (active, no new status in
    `quiet_days`), 'all' (ended and placed too). child_id / family_id narrow it."""
    today = session.today()
    rows = link_store.link_rows(session.database(), active_only=view != "all", child_id=child_id,
                                family_id=family_id, include_archived=include_archived,
                                changed_before=today - timedelta(days=quiet_days) if view == "quiet" else None)
    return _with_words(rows, today)


@reads
def due_windows(session: Session) -> dict[str, list[dict]]:
    """Unanswered windows on active links: 'overdue', 'due_today', 'this_week' (closing within the
    next seven days). Read from the stored dates: no holiday calendar needed."""
    today = session.today()
    due: dict[str, list[dict]] = {"overdue": [], "due_today": [], "this_week": []}
    for row in _with_words(link_store.unanswered_windows(session.database(), today + timedelta(days=7)), today):
        if row["window_state"] in due:
            due[row["window_state"]].append(row)
    return due


@reads
def window(session: Session, link_id: int) -> dict | None:
    """The link's window: whose, opens, closes, the rule's version and its words, the answer and the
    state in words (`state_text`)."""
    db = session.database()
    row = link_store.window_of(db, link_id)
    if row is None:
        return None
    rule = link_store.policy(db, row["policy_id"])
    shown = Window(row["who"], date.fromisoformat(row["opens"]), date.fromisoformat(row["closes"]), rule.name)
    state = shown.state(session.today(), bool(row["answer"]))
    return {**row, "window": shown, "policy": rule, "rule_words": rule.describe(), "state": state,
            "state_text": WINDOW_STATES[state]}


@reads
def competition(session: Session, link_id: int) -> Competition | None:
    """Competing interest on this link's child or group (None when this family is alone, or the
    link is no longer active)."""
    db = session.database()
    link = store.get(db, Link, link_id)
    if not link.is_active:
        return None
    active = [o.id for o in link_store.links_of_unit(db, link.child_id, link.sibling_group_id) if o.is_active]
    workers = link_store.unit_social_workers(db, link.child_id, link.sibling_group_id)
    return competing_interest(link_store.parties(db, active), link_store.unit_name(db, link.child_id,
                                                                                 link.sibling_group_id),
                              ", ".join(workers))


__all__ = ["add_link", "record_link_status", "end_link", "place", "answer_window", "policies", "add_policy",
           "end_reasons", "add_end_reason", "rename_end_reason", "archive_end_reason", "link_rows",
           "due_windows", "window", "competition", "LINK_STATUSES", "PHASE_FOR_AGENCY", "QUIET_DAYS"]
