"""Children page > Profile booklet…: the event, its date, the privacy level and the children (the
list as filtered, or ticked by hand), saved as a PDF read back with pdftotext."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from homefinder_desktop.domain.records import Child, SiblingGroup
from homefinder_desktop.services import records
from homefinder_desktop.ui import booklet_dialog
from homefinder_desktop.ui.booklet_dialog import BookletDialog
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext

pytestmark = [pytest.mark.usefixtures("warnings_fail"),
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")]

TODAY = date(2026, 11, 20)


def add_child(s, first, last, born, sex="F", **kw) -> int:
    return records.add(s, Child(first_name=first, last_name=last, date_of_birth=born, sex=sex,
                                stage="family_finding", stage_date=date(2026, 9, 1), **kw)).record_id


@pytest.fixture
def session(new_session):
    """Ivy alone, Theo and Mia Brook to be placed together, and Noah, placed already."""
    new_session.today = lambda: TODAY
    add_child(new_session, "Ivy", "Ashworth", date(2022, 3, 1), personality="A cheerful, chatty girl.",
              interests="Puddles and dinosaurs.")
    group = records.add(new_session, SiblingGroup(name="Brook siblings", decision="together")).record_id
    add_child(new_session, "Theo", "Brook", date(2020, 5, 1), "M", sibling_group_id=group)
    add_child(new_session, "Mia", "Brook", date(2025, 1, 10), sibling_group_id=group)
    noah = records.add(new_session, Child(first_name="Noah", last_name="Carter", date_of_birth=date(2021, 6, 2),
                                          sex="M", stage="placed", stage_date=date(2026, 8, 1))).record_id
    assert noah
    return new_session


@pytest.fixture
def page(qtbot, session):
    children = ChildrenPage(AppContext(session))
    qtbot.addWidget(children)
    children.resize(1280, 720)
    return children


@pytest.fixture
def opened(monkeypatch):
    """The dialogs the page opens, not run (exec would wait for a worker)."""
    seen = []
    monkeypatch.setattr(BookletDialog, "exec", lambda self: seen.append(self) or 0)
    return seen


@pytest.fixture
def saving(monkeypatch, tmp_path):
    """The save dialog answers with a file in tmp_path/out; the viewer is asked to open it, not opened."""
    folder = tmp_path / "out"
    folder.mkdir()
    seen = {"asked": [], "offered": [], "opened": [], "folder": folder, "target": folder / "booklet.pdf"}

    def save_dialog(parent, caption, start, filters):
        seen["asked"].append(start)
        return str(seen["target"]), filters

    def offer(parent, title, what, saved):
        seen["offered"].append((what, saved, QGuiApplication.overrideCursor()))
        return True

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(booklet_dialog, "offer_to_open_pdf", offer)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: seen["opened"].append(url) or True)
    return seen


def dialog_from(page, opened) -> BookletDialog:
    page.booklet_button.click()
    assert len(opened) == 1
    return opened[0]


def fill(dialog: BookletDialog, title="Winter profile evening", on="03/12/2026") -> None:
    dialog.event.setText(title)
    dialog.on.setText(on)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_dialog_opens_from_the_children_page_with_the_lists_count(page, opened):
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("family_finding"))
    assert len(page.model.ids) == 3  # Noah is placed
    dialog = dialog_from(page, opened)
    assert dialog.from_list.isChecked() and dialog.from_list.text() == "The children the list shows now (3)"
    assert dialog.level() == "event"
    assert [b.text() for b in dialog.levels.buttons()] == ["Public event", "Profile evening", "Adoption panel"]
    # One line per page: the sisters and brother placed together are one.
    assert [dialog.chosen.item(i).text() for i in range(dialog.chosen.count())] == [
        "Ivy Ashworth (C-00001)", "Brook siblings, placed together: Theo and Mia"]
    assert not dialog.chosen.isEnabled()
    # What the pages will lack is said before printing.
    dialog.show_gaps()
    assert "2 profiles: 3 children" in dialog.gaps.text()
    assert "Ivy: no photo cleared for public events" in dialog.gaps.text()
    dialog.by_hand.setChecked(True)
    assert dialog.chosen.isEnabled()
    dialog.show_gaps()
    assert dialog.gaps.text() == "Tick the children and sibling groups to print."
    dialog.chosen.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.show_gaps()
    assert "1 profile: 2 children" in dialog.gaps.text() and "Ivy" not in dialog.gaps.text()
    assert "Theo: no words on personality or interests; no photo cleared for public events" in dialog.gaps.text()


def test_a_missing_title_a_bad_date_and_nothing_ticked_are_refused_at_their_fields(page, opened, saving):
    dialog = dialog_from(page, opened)
    fill(dialog, title="  ", on="31/02/2026")
    dialog.by_hand.setChecked(True)
    assert dialog.save() is False
    assert set(dialog.fields.errors.shown) == {"Event", "Date of the event", "Children"}
    assert "required" in dialog.fields.errors.message_label("Event").text()
    assert "tick at least one child or sibling group" in dialog.fields.errors.message_label("Children").text()
    assert saving["asked"] == [] and list(saving["folder"].iterdir()) == []

    fill(dialog, title="Winter profile evening", on="03/12/2026")
    dialog.chosen.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.event.clear()
    assert dialog.save() is False
    assert set(dialog.fields.errors.shown) == {"Event"}
    assert saving["asked"] == [] and list(saving["folder"].iterdir()) == []


def test_the_booklet_of_the_list_is_saved_with_the_event_and_offered_to_print(page, opened, saving):
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("family_finding"))
    dialog = dialog_from(page, opened)
    fill(dialog)
    assert dialog.save() is True
    assert saving["asked"][0].endswith("Profile booklet 2026-12-03.pdf")
    target = saving["target"]
    assert target.read_bytes().startswith(b"%PDF")
    what, saved, cursor = saving["offered"][0]
    assert saved == target and what == "The profile booklet for Winter profile evening"
    assert cursor is None  # the busy cursor is over once saved
    assert saving["opened"] == [QUrl.fromLocalFile(str(target))]
    text = pdf_text(target)
    assert "CONFIDENTIAL" in text and "Winter profile evening" in text and "03/12/2026" in text
    for first in ("Ivy", "Theo", "Mia"):
        assert first in text
    assert "Noah" not in text  # not in the list as filtered
    assert "Ashworth" not in text and "Brook siblings" not in text  # first names only at a profile evening


def test_chosen_by_hand_only_those_ticked_are_printed(page, opened, saving):
    dialog = dialog_from(page, opened)
    assert dialog.chosen.count() == 3  # the list shows everyone: Ivy, the Brooks and Noah
    fill(dialog, title="Adoption panel, December")
    dialog.level_buttons["panel"].setChecked(True)
    dialog.by_hand.setChecked(True)
    for i in range(dialog.chosen.count()):
        if dialog.chosen.item(i).text().startswith(("Brook", "Noah")):
            dialog.chosen.item(i).setCheckState(Qt.CheckState.Checked)
    assert dialog.save() is True
    text = pdf_text(saving["target"])
    assert "Adoption panel, December" in text
    for name in ("Theo", "Mia", "Noah Carter", "Brook siblings"):  # full names at the panel
        assert name in text
    assert "Ivy" not in text
