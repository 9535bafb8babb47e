"""The Meetings page through its widgets: a new Homefinder meeting's agenda with the partner
flag, decisions and actions typed in, closed minutes refusing edits, actions carried forward, the
partner call's tick box, an event's expression of interest, and the minutes saved as a PDF."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import links, meetings, records
from homefinder_desktop.ui import meetings_page
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.meetings_page import MeetingsPage

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def warnings(monkeypatch):
    """Warnings are kept, not shown (a modal box would hang the test): a test says which it expects."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: seen.append(text))
    return seen


@pytest.fixture(autouse=True)
def dialogs_accept(monkeypatch):
    """The new-meeting and action dialogs answer at once with what the test put in `answers`."""
    answers = {"action": ("Ask the partner for families", "Priya Shah", "27/11/2026")}

    def accept_action(dialog):
        text, owner, due = answers["action"]
        dialog.text.setText(text)
        dialog.owner.setText(owner)
        dialog.due.line.setText(due)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(meetings_page.NewMeetingDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(meetings_page.ActionDialog, "exec", accept_action)
    return answers


@pytest.fixture
def session(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    s = new_session

    def child(name, since):
        return records.add(s, Child(first_name=name, last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                    stage="family_finding", stage_date=since)).record_id

    s.ivy = child("Ivy", date(2026, 5, 1))
    s.jack = child("Jack", date(2026, 8, 1))
    s.partner_family = records.add(s, Family(name="Brook family", adopter_one="Jo Brook", agency_id=2,
                                             stage="approved", stage_date=date(2026, 1, 5),
                                             approval_date=date(2026, 1, 5))).record_id
    s.jack_link = links.add_link(s, Link(child_id=s.jack, family_id=s.partner_family,
                                         identified_on=date(2026, 11, 16))).record_id
    return s


@pytest.fixture
def page(qtbot, session):
    page = MeetingsPage(AppContext(session))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


def column(page, col):
    return [page.lines.item(row, col).text() for row in range(page.lines.rowCount())]


def type_into(page, row, col, text):
    page.lines.item(row, col).setText(text)


def test_a_new_homefinder_meeting_builds_its_agenda_and_flags_children_with_no_active_link(page, session):
    meeting_id = page.new_meeting("homefinder")
    assert meeting_id is not None
    assert page.lines.horizontalHeaderItem(page.lines.columnCount() - 1).text() == "Decision or note"
    assert column(page, 0)[0].startswith("Ivy Ashworth (C-00001)\n4 years · Family finding")
    ivy_links, jack_links = column(page, 2)
    assert "ASK PARTNER FOR FAMILIES" in ivy_links
    assert jack_links == "1 active\n1 window open"
    assert "2 (1 with no active link: ask the partner for families)" in page.lines_label.text()
    # The decision column takes the room the facts leave.
    header = page.lines.horizontalHeader()
    assert header.sectionSize(3) > max(header.sectionSize(c) for c in range(3))


def test_a_decision_and_an_action_are_saved(page, session, warnings):
    meeting_id = page.new_meeting("homefinder")
    type_into(page, 0, 3, "Profile to the next profile evening")
    assert meetings.agenda(session, meeting_id)[0]["text"] == "Profile to the next profile evening"
    page.buttons[0].click()  # Add an action…
    [action] = meetings.action_rows(session, meeting_id)
    assert (action["text"], action["owner"], action["due_on"]) == ("Ask the partner for families", "Priya Shah",
                                                                   date(2026, 11, 27))
    assert page.actions.item(0, 0).text() == "Ask the partner for families"
    assert page.actions.item(0, 2).text() == "27/11/2026"
    assert warnings == []


def test_an_action_with_no_one_to_do_it_is_refused(page, session, warnings, dialogs_accept):
    meeting_id = page.new_meeting("homefinder")
    dialogs_accept["action"] = ("Send the profile", " ", "27/11/2026")
    page.buttons[0].click()
    assert meetings.action_rows(session, meeting_id) == []
    assert any("Who" in text for text in warnings)


def test_closed_minutes_refuse_edits_with_a_message(page, session, warnings):
    meeting_id = page.new_meeting("homefinder")
    page.close_button.click()
    assert meetings.get_meeting(session, meeting_id).closed
    assert "minutes closed" in page.heading.text()
    assert not page.attendees.isEnabled() and not page.buttons[0].isEnabled()
    assert not page.lines.item(0, 3).flags() & Qt.ItemFlag.ItemIsEditable
    page.free_text.setText("A late decision")
    page.add_free_item()
    assert meetings.free_items(session, meeting_id) == []
    assert warnings and "closed, so they cannot be changed" in warnings[-1]


def test_a_new_meeting_carries_forward_undone_actions(page, session, dialogs_accept):
    first = page.new_meeting("homefinder")
    page.buttons[0].click()
    dialogs_accept["action"] = ("Book the venue", "Sam Taylor", "25/11/2026")
    page.buttons[0].click()
    page.actions.selectRow(1)
    page.buttons[1].click()  # Mark done today
    assert [a["state"] for a in meetings.action_rows(session, first)] == ["Open", "Done"]
    second = page.new_meeting("homefinder")
    assert second != first
    assert page.actions.rowCount() == 1
    assert page.actions.item(0, 0).text() == "Ask the partner for families"
    assert page.actions.item(0, 4).text() == "M-00001 (20/11/2026)"


def test_the_partner_call_tick_box_and_answer_are_saved(page, session, warnings):
    meeting_id = page.new_meeting("partner_call")
    assert page.sheet_button.isVisibleTo(page)
    assert column(page, 1) == ["L-00001: Jack Ashworth (C-00002)\nwith Brook family (Brightpath Adoption)"]
    page.lines.item(0, 0).setCheckState(Qt.CheckState.Checked)
    type_into(page, 0, 3, "Family visiting next week")
    [line] = meetings.call_sheet(session, meeting_id)["lines"]
    assert (line["checked"], line["text"]) == (True, "Family visiting next week")
    assert warnings == []


def test_an_expression_of_interest_at_an_event_opens_a_link(page, session, monkeypatch, warnings):
    monkeypatch.setattr(meetings_page.NewMeetingDialog, "meeting", lambda dialog: meetings_page.Meeting(
        kind="profile_evening", held_on=date(2026, 11, 18), title="Autumn profile evening"))
    event = page.new_meeting(None)
    assert page.event_row.isVisibleTo(page)
    page.event_unit.setCurrentIndex(page.event_unit.findData(f"child:{session.ivy}"))
    page.shown_button.click()
    page.event_family.setValue(session.partner_family)
    page.came_button.click()
    page.interest_button.click()
    assert warnings == []
    assert column(page, 0) == ["Child shown", "Family came", "Interest"]
    assert column(page, 1)[2] == "L-00002: Brook family in Ivy Ashworth (C-00001) (Identified)"
    [link] = [r for r in links.link_rows(session) if r["id"] != session.jack_link]
    found = session.database().execute("SELECT identified_on, found_at, event_id FROM links WHERE id = ?",
                                       [link["id"]]).fetchone()
    assert tuple(found) == ("2026-11-18", "profile_evening", event)


def test_an_interest_with_no_family_chosen_says_which_field(page, session, warnings):
    page.new_meeting("adopter_event")
    page.interest_button.click()
    assert warnings == ["Family: choose the family who expressed interest."]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_save_minutes_as_pdf_writes_the_file(page, session, monkeypatch, tmp_path):
    seen = {"asked": [], "offered": [], "opened": []}
    target = tmp_path / "minutes" / "homefinder"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, filters: seen["asked"].append(start) or (str(target), filters))
    monkeypatch.setattr(meetings_page, "offer_to_open_pdf",
                        lambda parent, title, what, saved: seen["offered"].append(saved) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: seen["opened"].append(url) or True)
    page.new_meeting("homefinder")
    saved = page.save_pdf()
    assert saved == target.with_name("homefinder.pdf") and saved.exists()
    assert Path(seen["asked"][0]).name == "homefinder-meeting-2026-11-20.pdf"
    assert seen["offered"] == [saved] and len(seen["opened"]) == 1
    text = subprocess.run(["pdftotext", "-layout", str(saved), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "CONFIDENTIAL" in text and "Ivy Ashworth" in text and "01/03/2022" not in text


def test_a_cloud_folder_is_warned_about_before_the_minutes_are_saved(page, session, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, filters: (str(tmp_path / "OneDrive" / "minutes.pdf"), filters))
    monkeypatch.setattr("homefinder_desktop.services.printouts.cloud_warning",
                        lambda target, what="a printout": "That folder is synced to the cloud.")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No)
    page.new_meeting("homefinder")
    assert page.save_pdf() is None
    assert asked and "synced to the cloud" in asked[0]
    assert not (tmp_path / "OneDrive" / "minutes.pdf").exists()
