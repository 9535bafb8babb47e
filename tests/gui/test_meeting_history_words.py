"""Meetings on the History page in words: which meeting, which action, minutes closed and
reopened with the reason, never bare codes or numbers."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.meetings import Action, Meeting
from homefinder_desktop.services import meetings, records
from homefinder_desktop.ui.audit_text import AuditWords

TODAY = date(2026, 11, 20)


def said(session) -> list[tuple[str, str, list[str]]]:
    words = AuditWords(session)
    return [(words.record(row), *words.describe(row)) for row in records.recent_changes(session)][::-1]


def test_meetings_actions_and_closing_read_in_words(new_session, monkeypatch):
    s = new_session
    monkeypatch.setattr(s, "today", lambda: TODAY)
    meeting_id = meetings.create_meeting(s, Meeting(kind="homefinder", held_on=date(2026, 11, 12))).record_id
    meetings.add_action(s, Action(meeting_id=meeting_id, text="Send the profile", owner="Priya Shah",
                                  due_on=date(2026, 11, 27)))
    meetings.close_meeting(s, meeting_id)
    meetings.reopen_meeting(s, meeting_id, "Action left out")
    rows = [r for r in said(s) if r[0].startswith(("Meeting", "Action"))]
    record, what, lines = rows[0]
    assert (record, what) == ("Meeting: M-00001 Homefinder meeting 12/11/2026", "Added")
    assert "Kind of meeting: Homefinder meeting" in lines and "Date: 12/11/2026" in lines
    record, what, lines = rows[1]
    assert record == "Action: Send the profile (M-00001 Homefinder meeting 12/11/2026)"
    assert "Who: Priya Shah" in lines and "Due: 27/11/2026" in lines
    assert "Meeting: M-00001 Homefinder meeting 12/11/2026" in lines
    assert rows[2][1:] == ("Minutes closed", [])
    assert rows[3][1] == "Minutes reopened"
    assert rows[3][2] == ["Reopened 20/11/2026 by Test Worker: Action left out"]


def test_an_agenda_line_note_names_its_meeting(new_session):
    s = new_session
    meeting_id = meetings.create_meeting(s, Meeting(kind="strategic", held_on=date(2026, 11, 12),
                                                    title="Quarterly strategic meeting")).record_id
    meetings.add_free_item(s, meeting_id, "decision", "Joint advertising to go ahead")
    record, _what, lines = said(s)[-1]
    assert record == "Meeting line: M-00001 Quarterly strategic meeting 12/11/2026"
    assert "Kind of line: Decision" in lines and "Decision, note or answer: Joint advertising to go ahead" in lines
