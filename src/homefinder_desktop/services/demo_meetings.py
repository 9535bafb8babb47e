"""The demo's meetings: three monthly Homefinder meetings (decisions, actions, some not done and
carried forward), two partner calls, a strategic meeting with a milestone, and a profile evening
with the children shown, the families who came and one expression of interest. All fictional,
made through the same use cases as the screens, the same every time."""
from __future__ import annotations

from datetime import date, timedelta

from ..domain.errors import HomefinderError
from ..domain.meetings import Action, Meeting
from ..domain.records import Child, Family
from . import meetings, records
from .session import Session


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _people(session: Session) -> tuple[list[str], list[str]]:
    rows = records.worker_rows(session)
    own = [r["name"] for r in rows if r["agency"] == session.council_name or "Council" in r["agency"]]
    partner = [r["name"] for r in rows if r["agency"] == session.partner_name]
    return own or ["Homefinder"], partner or ["Partner family finder"]


DECISIONS = ["Continue in-house search; revisit next month", "Profile to be shown at the next profile evening",
             "Family to be visited before the link moves on", "Ask the partner's family finder for families"]


def _homefinder_meetings(session: Session, today: date, own: list[str], partner: list[str]) -> None:
    chair, manager = own[0], own[-1]
    for months_ago in (3, 2, 1):
        held = _weekday(today - timedelta(days=30 * months_ago + 2))
        meeting_id = meetings.create_meeting(session, Meeting(
            kind="homefinder", held_on=held, place="Room 2, County Hall",
            attendees=f"{chair} (chair), {manager}, {partner[0]} ({session.partner_name})",
            apologies=own[1] if len(own) > 2 else "")).record_id
        for n, line in enumerate(meetings.agenda(session, meeting_id)[:4]):
            meetings.note_item(session, line["id"], DECISIONS[(n + months_ago) % len(DECISIONS)])
        carried = meetings.action_rows(session, meeting_id)
        for action in carried[:1]:  # one carried action gets done at this meeting; the rest go on
            meetings.mark_done(session, action["id"], held + timedelta(days=3))
        for text, who, days in (("Send updated profiles to the partner", partner[0], 7),
                                (f"Book the profile evening venue ({months_ago} month{'s' if months_ago > 1 else ''} ahead)", chair, 14),
                                ("Ask the child's social worker for a current photo", manager, 10)):
            meetings.add_action(session, Action(meeting_id=meeting_id, text=text, owner=who,
                                                due_on=held + timedelta(days=days)))
        first = meetings.action_rows(session, meeting_id)[-3]
        meetings.mark_done(session, first["id"], held + timedelta(days=5))
        if months_ago > 1:
            meetings.close_meeting(session, meeting_id)


def _partner_calls(session: Session, today: date, own: list[str], partner: list[str]) -> None:
    for weeks_ago in (2, 1):
        held = _weekday(today - timedelta(days=7 * weeks_ago))
        meeting_id = meetings.create_meeting(session, Meeting(
            kind="partner_call", held_on=held, place="Telephone",
            attendees=f"{own[0]}, {partner[0]} ({session.partner_name})")).record_id
        for n, line in enumerate(meetings.call_sheet(session, meeting_id)["lines"][:3]):
            meetings.tick_item(session, line["id"], True)
            meetings.note_item(session, line["id"], ["Family keen; visit being arranged",
                                                     "Waiting for the family's social worker", "No change"][n])
        meetings.add_action(session, Action(meeting_id=meeting_id, text="Chase the family's social worker",
                                            owner=partner[0], due_on=held + timedelta(days=5)))
        if weeks_ago == 2:
            meetings.close_meeting(session, meeting_id)


def _strategic_meeting(session: Session, today: date, own: list[str], partner: list[str]) -> None:
    held = _weekday(today - timedelta(days=60))
    meeting_id = meetings.create_meeting(session, Meeting(
        kind="strategic", held_on=held, title="Quarterly strategic meeting", place="County Hall",
        attendees=f"Head of service, {own[-1]}, {partner[-1]} ({session.partner_name})",
        minutes="Progress against the block of 20 placements reviewed; the target is not strictly tied.")).record_id
    meetings.add_free_item(session, meeting_id, "milestone", "Tenth placement with a partner family made")
    meetings.add_free_item(session, meeting_id, "decision", "Joint advertising for older children and sibling "
                                                            "groups to go ahead from the rolled-over fund")
    meetings.add_action(session, Action(meeting_id=meeting_id, text="Draft the joint advertising brief",
                                        owner=own[0], due_on=held + timedelta(days=30)))
    meetings.close_meeting(session, meeting_id)


def _profile_evening(session: Session, today: date) -> None:
    held = _weekday(today - timedelta(days=24))
    meeting_id = meetings.create_meeting(session, Meeting(
        kind="profile_evening", held_on=held, title="Autumn profile evening", place="Castlereach Library",
        attendees="Approved adopters of both agencies")).record_id
    children = [c for c in records.all_of(session, Child) if c.stage == "family_finding" and c.sibling_group_id is None]
    families = [f for f in records.all_of(session, Family) if f.stage == "approved"]
    for child in children[:3]:
        meetings.add_shown(session, meeting_id, child_id=child.id)
    for family in families[:4]:
        meetings.add_came(session, meeting_id, family.id)
    from . import links  # only families with no link going on: one link at a time each

    busy = {r["family_id"] for r in links.link_rows(session)}
    free = [f for f in families[:4] if f.id not in busy]
    for child in children[:3]:  # one expression of interest, by the first family the rules allow
        for family in free:
            try:
                meetings.record_interest(session, meeting_id, family.id, child_id=child.id)
                return
            except HomefinderError:
                continue


def add_meetings(session: Session) -> None:
    """Add the demo's meetings to a demo database just generated."""
    today = session.today()
    own, partner = _people(session)
    _homefinder_meetings(session, today, own, partner)
    _partner_calls(session, today, own, partner)
    _strategic_meeting(session, today, own, partner)
    _profile_evening(session, today)
