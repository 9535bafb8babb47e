"""Meetings and actions: what a meeting needs, and which actions carry forward."""
from datetime import date

from homefinder_desktop.domain.meetings import Action, Meeting, action_state, to_carry_forward

TODAY = date(2026, 11, 23)


def test_a_meeting_needs_its_kind_and_date():
    fields = {p.field for p in Meeting(kind="tea party", held_on=None).problems(TODAY)}
    assert fields == {"Kind of meeting", "Date"}
    assert Meeting(kind="partner_call", held_on=TODAY).problems(TODAY) == []
    assert Meeting(kind="partner_call", held_on=TODAY).display_title() == "Partner call"
    assert Meeting(kind="profile_evening", held_on=TODAY).is_event


def test_an_action_needs_what_and_who():
    problems = Action(meeting_id=1, text=" ", owner="", done_on=date(2026, 12, 1)).problems(TODAY)
    assert [(p.field, p.problem) for p in problems] == [
        ("Action", "is required"), ("Who", "is required"), ("Done on", "is in the future")]


def test_action_state():
    assert action_state(Action(due_on=date(2026, 11, 20)), TODAY) == "overdue"
    assert action_state(Action(due_on=TODAY), TODAY) == "due_today"
    assert action_state(Action(due_on=date(2026, 11, 30)), TODAY) == "open"
    assert action_state(Action(), TODAY) == "open"
    assert action_state(Action(due_on=date(2026, 11, 20), done_on=date(2026, 11, 21)), TODAY) == "done"


def test_only_undone_actions_not_yet_taken_on_carry_forward():
    done = Action(id=1, text="Send profile", done_on=date(2026, 11, 2))
    open_ = Action(id=2, text="Ask partner for families")
    taken = Action(id=3, text="Book panel date")
    archived = Action(id=4, text="Withdrawn", archived=True)
    assert [a.id for a in to_carry_forward([done, open_, taken, archived], already_carried={3})] == [2]
