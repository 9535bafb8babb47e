"""The Links page through its widgets: a new link with its window, refusals at the field, the
competing-interest banner, statuses, placement, and the rule versions dialog."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import links, records
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.link_policy_dialog import LinkPolicyDialog
from homefinder_desktop.ui.links_page import LinksPage

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)


@pytest.fixture
def session(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    s = new_session
    s.child = records.add(s, Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                   stage="family_finding", stage_date=date(2026, 9, 1))).record_id
    s.own = records.add(s, Family(name="Oakley family", adopter_one="Sam Oakley", agency_id=1, stage="approved",
                                  stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))).record_id
    s.partner = records.add(s, Family(name="Brook family", adopter_one="Jo Brook", agency_id=2, stage="approved",
                                      stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))).record_id
    s.waiting = records.add(s, Family(name="Hale family", adopter_one="Ali Hale", agency_id=1,
                                      stage="stage_two")).record_id
    return s


@pytest.fixture
def page(qtbot, session):
    page = LinksPage(AppContext(session))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


def fill(page, family_id, on="16/11/2026"):
    page.new_record(ask=False)
    page.editor.widgets["child_id"].setValue(page.ctx.session.child)
    page.editor.widgets["family_id"].setValue(family_id)
    page.editor.widgets["identified_on"].line.setText(on)


def test_a_new_link_opens_its_window(page, session):
    fill(page, session.own)
    assert page.save()
    assert page.model.rowCount() == 1
    text = page.window_text.text()
    assert "For in-house families: opens 16/11/2026, closes 23/11/2026." in text
    assert "5/5 rule: 5 working days for in-house families" in text
    assert "State: Due this week" in text
    page.pursue_button.click()
    assert "pursue on 20/11/2026" in page.window_text.text()


def test_an_unapproved_family_is_refused_at_the_field(page, session):
    fill(page, session.waiting)
    assert not page.save()
    message = page.editor.errors.message_label("Family").text()
    assert "Hale family is not approved at panel (Stage two)" in message
    assert records.all_of(session, Link) == []


def test_competing_interest_banner_and_placement(page, session, qtbot):
    fill(page, session.own)
    assert page.save()
    fill(page, session.partner)
    assert page.save()
    banner = page.competition.text()
    assert page.competition.isVisible()
    assert "Oakley family" in banner and "Brook family" in banner and "matching-matrix meeting is proposed" in banner
    assert "Who must be told" in banner
    dialog = page.open_end_dialog(True)
    assert dialog.record()
    assert page.model.rowCount() == 0  # both gone from the current links: one placed, one ended
    statuses = sorted(link.status for link in records.all_of(session, Link))
    assert statuses == ["ended", "placed"]


def test_status_dialog_needs_a_reason_to_go_back(page, session):
    fill(page, session.own)
    assert page.save()
    dialog = page.open_stage_dialog()
    dialog.choice.setValue("matching")
    assert dialog.record()
    dialog = page.open_stage_dialog()
    dialog.choice.setValue("interest")
    assert not dialog.record()
    assert "Reason is required" in dialog.errors.message_label("Reason").text()


def test_rule_versions_dialog_lists_and_refuses_overlap(qtbot, session):
    dialog = LinkPolicyDialog(AppContext(session))
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 4
    assert "5/5 rule" in dialog.list.topLevelItem(3).text(2)
    dialog.name.setText("5/5 rule again")
    dialog.starts.line.setText("01/02/2014")
    assert not dialog.add_version()
    assert "is the same day as “5/5 rule”" in dialog.errors.message_label("Takes effect").text()
    dialog.starts.line.setText("01/12/2026")
    dialog.others_length.setValue(7)
    assert dialog.add_version()
    assert dialog.list.topLevelItemCount() == 5
    assert [p.name for p in links.policies(session)][-1] == "5/5 rule again"


def test_start_page_names_the_windows_due(qtbot, session):
    from homefinder_desktop.ui.start_page import StartPage

    links.add_link(session, Link(child_id=session.child, family_id=session.own, identified_on=date(2026, 11, 13)))
    start = StartPage(AppContext(session))
    qtbot.addWidget(start)
    start.refresh()
    assert start.due_lines() == ["Due today (1) — closes", "Ivy Ashworth (C-00001) — Oakley family — 20/11/2026"]


def test_competing_interest_starts_a_matrix_with_the_competing_families_ticked(page, session, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from homefinder_desktop.services import matrix
    from homefinder_desktop.ui import shortlist_dialog

    fill(page, session.own)
    assert page.save()
    fill(page, session.partner)
    assert page.save()
    assert page.matrix_button.isVisible()
    seen = {}

    def accept_as_ticked(dialog):
        seen["ticked"] = dialog.chosen_family_ids()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(shortlist_dialog.ShortlistDialog, "exec", accept_as_ticked)
    shown = []
    page.ctx.show_record.connect(lambda title, record_id: shown.append((title, record_id)))
    matrix_id = page.start_matrix()
    assert sorted(seen["ticked"]) == sorted([session.own, session.partner])
    assert shown == [("Matching", matrix_id)]
    sheet = matrix.open_matrix(session, matrix_id)
    assert sorted(f.name for f in sheet.families) == ["Brook family", "Oakley family"]
