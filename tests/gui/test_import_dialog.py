"""File > Import from a spreadsheet…: columns, preview, problems, and the import itself."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from homefinder_desktop import paths
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.import_dialog import ImportDialog
from homefinder_desktop.ui.main_window import MainWindow
from homefinder_desktop.ui.context import AppContext

EXAMPLES = paths.resources_dir() / "examples"


@pytest.fixture
def messages(monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: seen.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: seen.append(("information", text)))
    return seen


@pytest.fixture
def window(qtbot, demo_session):
    win = MainWindow(AppContext(demo_session))
    qtbot.addWidget(win)
    win.show()
    yield win
    win._closing_confirmed = True
    win.close()


def bad_sheet(tmp_path: Path) -> Path:
    path = tmp_path / "kids.csv"
    path.write_text("Forename,Surname,When born,Gender,Stage\n"
                    "Ada,Sampleton,03/04/2021,F,Linked\n"
                    "Bo,Sampleton,05/06/2099,M,Linked\n", encoding="utf-8")
    return path


def column_combo(dialog: ImportDialog, heading: str):
    return dialog.columns_table.cellWidget(dialog.sheet.headings.index(heading), 1)


def test_the_menu_opens_it_and_the_example_imports_and_refreshes_the_lists(qtbot, window, demo_session,
                                                                           messages, monkeypatch):
    assert window.import_action.text() == "&Import from a spreadsheet…"
    window.show_page_titled("Children")
    page = next(p for p in window.built_pages() if isinstance(p, ChildrenPage))
    rows_before = page.model.rowCount()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, caption, start, filters: (str(EXAMPLES / "children.xlsx"), ""))
    dialog = window.import_spreadsheet()
    assert dialog is not None and dialog.isVisible()
    dialog.choose_file()
    assert dialog.problems_box.title() == "Ready" and dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 8 children"
    assert dialog.model.rowCount() == 8 and dialog.model.index(0, 0).data() == "Poppy"
    assert dialog.model.headerData(0, Qt.Orientation.Vertical) == "line 2"
    assert "Examplewood siblings" in dialog.notes.text()
    dialog.import_button.click()
    assert messages == [("information", "Imported 8 children. 2 new sibling groups were made: “Examplewood "
                                        "siblings”, “Testbrook siblings”.\n\nThe lists now show them.")]
    assert page.model.rowCount() == rows_before + 8  # the open list refreshed itself
    assert "Examplewood" in {c.last_name for c in records.all_of(demo_session, Child)}


def test_problems_keep_import_off_and_a_click_shows_the_row(qtbot, demo_session, tmp_path, messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    assert dialog.load(bad_sheet(tmp_path))
    # "When born" is not a heading Homefinder knows: the one missing column is said before any row.
    assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())] == [
        "Required columns are missing: Date of birth. Add them to the sheet, or choose the column that holds each."]
    assert not dialog.import_button.isEnabled() and dialog.model.rowCount() == 0
    column_combo(dialog, "When born").setCurrentIndex(column_combo(dialog, "When born").findData("date_of_birth"))
    assert dialog.mapping["When born"] == "date_of_birth"
    assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())] == [
        "line 3, Date of birth: is in the future"]
    assert not dialog.import_button.isEnabled() and dialog.model.rowCount() == 2
    dialog.show_problem(dialog.problems.item(0))
    current = dialog.preview_view.currentIndex()
    assert current.row() == 1
    assert dialog.model.headerData(current.column(), Qt.Orientation.Horizontal) == "Date of birth"
    assert current.data(Qt.ItemDataRole.ToolTipRole) == "is in the future"
    assert current.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert dialog.model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == \
        "line 3, Date of birth: is in the future"
    assert dialog.model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) is None
    # A field is read from one column: choosing it for another leaves the first one out.
    surname = column_combo(dialog, "Surname")
    surname.setCurrentIndex(surname.findData("first_name"))
    assert dialog.mapping["Surname"] == "first_name" and dialog.mapping["Forename"] is None
    assert column_combo(dialog, "Forename").currentText() == "Leave out"


def test_changing_what_the_rows_are_guesses_again(qtbot, demo_session, messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    dialog.load(EXAMPLES / "families.csv")
    assert not dialog.import_button.isEnabled()  # children were expected: the columns do not fit
    dialog.kind.setCurrentIndex(dialog.kind.findData("families"))
    assert dialog.mapping["Adopter 1"] == "adopter_one" and dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 4 families"


def test_the_preview_model_passes_the_model_tester(qtbot, qtmodeltester, demo_session, tmp_path, messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    dialog.load(EXAMPLES / "children.xlsx")
    qtmodeltester.check(dialog.model)


def test_refused_while_read_only_or_locked(qtbot, window, demo_session, messages):
    demo_session.refuse_writes("demo.hfdb is damaged, so Homefinder will not change it.")
    assert window.import_spreadsheet() is None
    assert messages == [("warning", "demo.hfdb is damaged, so Homefinder will not change it.")]
    demo_session.write_refusal = ""
    window.lock("Locked.")
    assert not window.import_action.isEnabled() and window.import_spreadsheet() is None


def test_a_file_that_cannot_be_read_is_said_and_nothing_changes(qtbot, demo_session, tmp_path, messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    old = tmp_path / "old.csv"
    old.write_bytes("First name\nZoë\n".encode("cp1252"))
    assert not dialog.load(old)
    assert "old.csv is not saved as UTF-8" in messages[0][1] and dialog.file.text() == ""


def test_a_file_changed_after_the_preview_imports_nothing_and_shows_why(qtbot, demo_session, tmp_path, messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    sheet = tmp_path / "kids.csv"
    sheet.write_text("Forename,Surname,DOB,Gender,Stage\nAda,Sampleton,03/04/2021,F,Linked\n", encoding="utf-8")
    dialog.load(sheet)
    assert dialog.import_button.isEnabled()
    before = len(records.all_of(demo_session, Child))
    sheet.write_text("Forename,Surname,DOB,Gender,Stage\nAda,Sampleton,03/04/2099,F,Linked\n", encoding="utf-8")
    dialog.import_button.click()
    assert len(records.all_of(demo_session, Child)) == before and messages == []
    assert dialog.problems.item(0).text() == "line 2, Date of birth: is in the future"
    assert not dialog.import_button.isEnabled() and dialog.result() == 0  # not accepted: still open


def test_links_are_offered_and_the_example_imports_with_its_problems_shown_by_line(qtbot, demo_session, tmp_path,
                                                                                   messages):
    dialog = ImportDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    dialog.resize(1240, 680)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("links"))
    assert dialog.kind.currentText() == "Links"
    bad = tmp_path / "team links.csv"
    bad.write_text("Child,Family,Identified on,Status,Status date\n"
                   "C-00039,F-00009,05/01/2026,Did not progress,20/01/2026\n", encoding="utf-8")
    dialog.load(bad)
    assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())][0].startswith(
        "line 2, Reason it did not progress: is required when a link did not progress")
    assert not dialog.import_button.isEnabled()
    dialog.load(EXAMPLES / "links.csv")
    assert dialog.kind_code == "links" and dialog.import_button.text() == "Import 6 links"
    assert dialog.model.index(0, 0).data() == "Zara Fofana (C-00039)"
    assert "window" in dialog.notes.text()
    before = demo_session.database().execute("SELECT count(*) FROM links").fetchone()[0]
    dialog.import_button.click()
    assert messages == [("information", "Imported 6 links.\n\nThe lists now show them.")]
    assert demo_session.database().execute("SELECT count(*) FROM links").fetchone()[0] == before + 6
