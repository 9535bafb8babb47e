"""Meetings through their use cases: the Homefinder agenda built at creation (a group as one line,
the partner asked for children with no active link), the partner call sheet, actions carried
forward, closed minutes refused, events opening links, and the audit trail."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import HomefinderError, ValidationError
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.meetings import Action, Meeting, agenda_units
from homefinder_desktop.domain.records import Child, Family, Referral, SiblingGroup, StageChange
from homefinder_desktop.services import links, meetings, records
from use_case_checks import count

TODAY = date(2026, 11, 20)


def child(s, name, stage="family_finding", since=date(2026, 6, 1), group=None) -> int:
    return records.add(s, Child(first_name=name, last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                stage=stage, stage_date=since, sibling_group_id=group)).record_id


def family(s, name, agency=1) -> int:
    return records.add(s, Family(name=name, adopter_one="Sam", agency_id=agency, stage="approved",
                                 stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))).record_id


def new(s, kind, on=TODAY, **kw) -> int:
    return meetings.create_meeting(s, Meeting(kind=kind, held_on=on, **kw)).record_id


def test_agenda_units_fold_a_group_into_one_line_longest_waiting_first():
    units = agenda_units([
        {"id": 1, "sibling_group_id": None, "since": "2026-05-01", "linked": 1},
        {"id": 2, "sibling_group_id": 7, "since": "2026-03-01", "linked": 0},
        {"id": 3, "sibling_group_id": 7, "since": "2026-02-01", "linked": 1},
        {"id": 4, "sibling_group_id": None, "since": None, "linked": 0},
    ])
    assert [(u.child_id, u.sibling_group_id, u.since, u.ask_partner) for u in units] == [
        (None, 7, date(2026, 2, 1), False), (1, None, date(2026, 5, 1), False), (4, None, None, True)]


def test_the_homefinder_agenda_is_built_at_creation(s):
    ivy = child(s, "Ivy", since=date(2026, 5, 1))
    linked = child(s, "Jack", since=date(2026, 8, 1))
    group = records.add(s, SiblingGroup(name="Ashworth siblings", decision="together")).record_id
    child(s, "Amy", group=group, since=date(2026, 3, 1))
    child(s, "Ben", group=group, since=date(2026, 3, 1))
    child(s, "Placed", stage="placed")
    links.add_link(s, Link(child_id=linked, family_id=family(s, "Oakley family"), identified_on=date(2026, 11, 16)))
    meeting_id = new(s, "homefinder")
    lines = meetings.agenda(s, meeting_id)
    assert [line["who"] for line in lines] == ["Ashworth siblings (sibling group)", "Ivy Ashworth (C-00001)",
                                               "Jack Ashworth (C-00002)"]
    group_line, ivy_line, jack_line = lines
    assert group_line["detail"] == "Amy Ashworth (4 years), Ben Ashworth (4 years)"
    assert group_line["flag"] == "Ask partner for families" and ivy_line["ask_partner"]
    assert not jack_line["ask_partner"] and jack_line["flag"] == ""
    assert (jack_line["active_links"], jack_line["open_windows"]) == (1, 1)
    assert ivy_line["waiting"] == "203 days" and ivy_line["stage"] == "Family finding"
    # The flag is what it was at the meeting: a link made afterwards does not change the minutes.
    links.add_link(s, Link(child_id=ivy, family_id=family(s, "Brook family"), identified_on=TODAY))
    again = meetings.agenda(s, meeting_id)
    assert again[1]["ask_partner"] and again[1]["active_links"] == 1


def test_actions_not_done_are_carried_forward_once(s):
    first = new(s, "homefinder", on=date(2026, 10, 20))
    meetings.add_action(s, Action(meeting_id=first, text="Ask partner for families for Ivy", owner="Priya",
                                  due_on=date(2026, 10, 30)))
    meetings.add_action(s, Action(meeting_id=first, text="Send profile", owner="Sam"))
    done = [a for a in meetings.action_rows(s, first) if a["owner"] == "Sam"][0]
    meetings.mark_done(s, done["id"], date(2026, 10, 25))
    second = new(s, "homefinder")
    carried = meetings.action_rows(s, second)
    assert [(a["text"], a["carried"]) for a in carried] == [
        ("Ask partner for families for Ivy", "M-00001 (20/10/2026)")]
    assert carried[0]["state"] == "Overdue"
    assert meetings.action_rows(s, new(s, "partner_call")) == []  # other kinds keep their own actions


def test_closed_minutes_refuse_changes_until_reopened_with_a_reason(s):
    meeting_id = new(s, "strategic", title="Quarterly strategic meeting")
    meetings.close_meeting(s, meeting_id)
    before = count(s, "actions")
    with pytest.raises(HomefinderError, match="closed"):
        meetings.add_action(s, Action(meeting_id=meeting_id, text="Review the 5/5 rule", owner="Head of service"))
    assert count(s, "actions") == before
    with pytest.raises(ValidationError, match="Reason"):
        meetings.reopen_meeting(s, meeting_id, " ")
    meetings.reopen_meeting(s, meeting_id, "Milestone left out")
    assert "Milestone left out" in meetings.get_meeting(s, meeting_id).minutes
    meetings.add_free_item(s, meeting_id, "milestone", "Tenth placement made")
    assert [i["label"] for i in meetings.free_items(s, meeting_id)] == ["Milestone"]
    history = s.database().execute("SELECT changes FROM audit WHERE table_name = 'meetings' ORDER BY id").fetchall()
    assert '"closed": [0, 1]' in history[1][0] and '"closed": [1, 0]' in history[2][0]


def test_the_partner_call_sheet(s):
    ivy = child(s, "Ivy")
    jack = child(s, "Jack")
    partner_family = family(s, "Brook family", agency=2)
    own_family = family(s, "Oakley family", agency=1)
    meetings.create_meeting(s, Meeting(kind="partner_call", held_on=date(2026, 11, 6)))
    partner = links.add_link(s, Link(child_id=ivy, family_id=partner_family, identified_on=date(2026, 11, 2))).record_id
    in_house = links.add_link(s, Link(child_id=jack, family_id=own_family, identified_on=date(2026, 11, 2))).record_id
    links.add_link(s, Link(child_id=ivy, family_id=own_family, identified_on=date(2026, 11, 2)))
    links.record_link_status(s, partner, StageChange("interest", date(2026, 11, 10)))
    # Jack's link is with an in-house family, but Jack is referred to the partner: on the sheet too.
    records.add(s, Referral(kind="child", child_id=jack, referred_on=date(2026, 11, 3), from_agency_id=1,
                            to_agency_id=2))
    sheet = meetings.call_sheet(s, new(s, "partner_call"))
    assert sheet["since"] == date(2026, 11, 6)
    assert [line["link_id"] for line in sheet["lines"]] == [partner, in_house]
    assert sheet["lines"][0]["changed"] == "Interest registered on 10/11/2026"
    assert "closed 09/11/2026 – NOT ANSWERED" in sheet["lines"][1]["due"]
    line = sheet["lines"][0]
    meetings.tick_item(s, line["id"], True)
    meetings.note_item(s, line["id"], "  Family visiting next week ")
    line = meetings.call_sheet(s, line and meetings.meeting_rows(s)[0]["id"])["lines"][0]
    assert (line["checked"], line["text"]) == (True, "Family visiting next week")


def test_an_event_keeps_who_was_shown_who_came_and_interest_opens_a_link(s):
    ivy = child(s, "Ivy")
    brook = family(s, "Brook family", agency=2)
    event = new(s, "profile_evening", title="Autumn profile evening")
    meetings.add_shown(s, event, child_id=ivy)
    meetings.add_came(s, event, brook)
    with pytest.raises(ValidationError, match="already"):
        meetings.add_came(s, event, brook)
    meetings.record_interest(s, event, brook, child_id=ivy)
    rows = meetings.event_rows(s, event)
    assert [r["unit"] for r in rows["shown"]] == ["Ivy Ashworth (C-00001)"]
    assert [r["family"] for r in rows["came"]] == ["Brook family"]
    assert [(r["family"], r["status"]) for r in rows["links"]] == [("Brook family", "Identified")]
    found = s.database().execute("SELECT found_at, event_id FROM links").fetchone()
    assert tuple(found) == ("profile_evening", event)
    with pytest.raises(HomefinderError, match="events only"):
        meetings.add_shown(s, new(s, "homefinder"), child_id=ivy)


def test_a_new_meeting_needs_a_date_and_nothing_is_written(s):
    before = count(s, "meetings")
    with pytest.raises(ValidationError, match="Date"):
        meetings.create_meeting(s, Meeting(kind="homefinder", held_on=None))
    assert count(s, "meetings") == before


def test_minutes_pdf_of_every_kind(s, tmp_path):
    import subprocess
    child(s, "Ivy")
    for kind in ("homefinder", "partner_call", "strategic", "profile_evening"):
        meeting_id = new(s, kind)
        path = meetings.save_minutes_pdf(s, meeting_id, tmp_path / kind)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        assert "CONFIDENTIAL" in text and "Page 1 of" in text
        if kind == "homefinder":
            assert "ASK PARTNER FOR FAMILIES" in text and "Ivy Ashworth" in text
            assert "01/03/2022" not in text  # ages, not dates of birth
        if kind == "strategic":
            assert "5/5 rule" in text


def test_old_minutes_read_as_on_the_day(demo_session):
    """Days waiting and ages in a past meeting's agenda are as at its date, not today's."""
    past = next(r for r in meetings.meeting_rows(demo_session)
                if r["kind"] == "homefinder" and date.fromisoformat(str(r["held_on"])) < demo_session.today())
    held = date.fromisoformat(str(past["held_on"]))
    lines = [line for line in meetings.agenda(demo_session, past["id"]) if line["since"]]
    assert lines
    for line in lines:
        assert line["days_waiting"] == (held - line["since"]).days


def test_agenda_counts_a_groups_own_links_and_each_childs(s):
    group = records.add(s, SiblingGroup(name="Ashworth siblings", decision="apart", decision_date=date(2026, 5, 1),
                                        decision_reason="Different needs")).record_id
    amy = child(s, "Amy", group=group)
    child(s, "Ben", group=group)
    child(s, "Cal")
    links.add_link(s, Link(child_id=amy, family_id=family(s, "Oakley family"), identified_on=date(2026, 11, 16)))
    links.add_link(s, Link(child_id=amy, family_id=family(s, "Brook family", agency=2),
                           identified_on=date(2026, 9, 1)))  # its window long closed
    lines = {line["who"]: line for line in meetings.agenda(s, new(s, "homefinder"))}
    group_line = lines["Ashworth siblings (sibling group)"]
    assert (group_line["active_links"], group_line["open_windows"], group_line["ask_partner"]) == (2, 1, False)
    cal = lines["Cal Ashworth (C-00003)"]
    assert (cal["active_links"], cal["open_windows"], cal["ask_partner"]) == (0, 0, True)
