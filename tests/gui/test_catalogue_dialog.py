"""The matrix areas dialog: the versions and their areas, and the editor for the next version,
whose problems (the domain's sentences) show at their fields with nothing written."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor

from homefinder_desktop.domain.matrix import PREFILL_RULES
from homefinder_desktop.services import matrix
from homefinder_desktop.ui import catalogue_dialog
from homefinder_desktop.ui.catalogue_dialog import PEOPLE_JUDGE, CatalogueDialog
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.style import ERROR

TODAY = date(2026, 11, 20)
HEALTH = "Health, disability and genetic factors"


pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def dialog(qtbot, s) -> CatalogueDialog:
    made = CatalogueDialog(AppContext(s))
    qtbot.addWidget(made)
    return made


def choose_area(dialog, title) -> None:
    dialog.area_edit_list.setCurrentRow(next(i for i, a in enumerate(dialog.draft) if a.title == title))


def written(s) -> tuple[int, int]:
    db = s.database()
    return (db.execute("SELECT count(*) FROM matrix_catalogues").fetchone()[0],
            db.execute("SELECT count(*) FROM audit").fetchone()[0])


def test_version_one_lists_its_fifteen_areas(dialog):
    assert dialog.version_list.topLevelItemCount() == 1
    first = dialog.version_list.topLevelItem(0)
    assert [first.text(c) for c in range(4)] == ["1 (in force)", "01/05/2013", "15",
                                                 "The areas Homefinder starts with"]
    assert dialog.area_list.rowCount() == 15
    rows = {dialog.area_list.item(r, 0).text(): dialog.area_list.item(r, 3).text() for r in range(15)}
    assert rows["Age, sex and brothers or sisters"] == PREFILL_RULES["wishes"]
    assert rows[HEALTH] == PREFILL_RULES["health"]
    assert rows["Physical appearance"] == PEOPLE_JUDGE
    assert "matrices already held keep the version they were held under" in dialog.intro.text()


def test_a_new_version_with_an_area_retired_is_saved_as_version_two(dialog, s):
    dialog.new_version()
    assert dialog.editing() and dialog.takes_effect.text() == "20/11/2026"
    assert dialog.save_button.text() == "Save version 2"
    choose_area(dialog, "Physical appearance")
    dialog.retire_area()
    assert "Retired: Physical appearance" in dialog.changes.text()
    assert dialog.save_version()
    assert not dialog.editing()
    assert [c.version for c in matrix.catalogues(s)] == [1, 2]
    second = dialog.version_list.topLevelItem(1)
    assert [second.text(c) for c in range(4)] == ["2 (in force)", "20/11/2026", "14", "Retired: Physical appearance"]
    assert dialog.version_list.topLevelItem(0).text(0) == "1"
    assert dialog.area_list.rowCount() == 14   # the new version is shown
    note = s.database().execute("SELECT note FROM matrix_catalogues WHERE version = 2").fetchone()[0]
    assert note == "Retired: Physical appearance"


def test_dropping_the_area_the_records_fill_in_is_refused_and_writes_nothing(dialog, s):
    before = written(s)
    dialog.new_version()
    choose_area(dialog, HEALTH)
    assert "The records fill this area in" in dialog.area_hint.text()
    dialog.retire_area()
    assert not dialog.save_version()
    sentence = ("need exactly one area for what the records say about: Health needs, disability and developmental "
                "uncertainty against what the family can meet (none has it)")
    assert dialog.errors.shown == {"Areas": [sentence]}
    assert not dialog.areas_message.isHidden() and sentence in dialog.areas_message.text()
    assert dialog.errors.summary.text().startswith("Nothing was saved.")
    assert dialog.editing()   # the draft stays to be put right
    assert written(s) == before
    assert [c.version for c in matrix.catalogues(s)] == [1]


def test_added_renamed_and_reordered_areas(dialog, s):
    dialog.new_version()
    dialog.add_area()
    dialog.area_title.setText("Foster siblings")
    dialog.child_question.setPlainText("Which foster brothers or sisters matter to the child?")
    dialog.family_question.setPlainText("How would the family keep those ties?")
    choose_area(dialog, "Education")
    dialog.area_title.setText("Learning and school")
    dialog.move_area(-1)
    assert dialog.area_edit_list.currentItem().text() == "4. Learning and school"
    assert dialog.save_version()
    latest = matrix.catalogues(s)[-1]
    assert latest.codes[-1] == "foster_siblings"   # from the title
    assert latest.criterion("foster_siblings").question_for_family == "How would the family keep those ties?"
    assert latest.criterion("education").title == "Learning and school"   # renamed, still the same area
    assert latest.codes.index("education") == 3
    assert dialog.version_list.topLevelItem(1).text(3) == (
        "Added: Foster siblings; Changed: Education (now “Learning and school”); Areas put in a new order")


def test_problems_are_shown_at_their_fields(dialog, s):
    before = written(s)
    dialog.new_version()
    dialog.takes_effect.setText("19/11/2026")
    dialog.add_area()
    assert not dialog.save_version()
    assert dialog.errors.shown["Takes effect from"] == [
        "is in the past: a new version cannot change matrices already held"]
    assert dialog.errors.shown["Area 16"] == ["needs a title", "needs a question about the child",
                                              "needs a question for the family"]
    assert "Area 16 needs a title." in dialog.areas_message.text()
    assert dialog.area_edit_list.item(15).foreground().color() == QColor(ERROR)
    assert dialog.area_edit_list.currentRow() == 15
    dialog.takes_effect.setText("31/02/2027")
    assert not dialog.save_version()
    assert list(dialog.errors.shown) == ["Takes effect from"]
    assert written(s) == before


def test_leaving_a_changed_draft_asks_first(dialog, monkeypatch):
    answers, closed = [], []
    dialog.rejected.connect(lambda: closed.append(True))
    monkeypatch.setattr(catalogue_dialog, "ask_unsaved", lambda parent, what: answers.pop(0))
    dialog.new_version()
    choose_area(dialog, "Identity")
    dialog.retire_area()
    answers.append("cancel")
    dialog.reject()   # Escape, or the window's close button
    assert dialog.editing() and answers == [] and closed == []
    answers.append("discard")
    dialog.leave_editor()   # the editor's Cancel
    assert not dialog.editing() and dialog.version_list.topLevelItemCount() == 1
    dialog.new_version()
    dialog.reject()   # nothing changed: closes without a question (none is queued)
    assert closed == [True]


# --- found in review ---------------------------------------------------------------------------

def test_a_new_area_without_a_title_yet_is_named_so_in_the_changes(dialog):
    dialog.new_version()
    dialog.add_area()
    assert dialog.changes.text().endswith("Added: a new area (no title yet)")
    dialog.area_title.setText("Foster siblings")
    assert "Added: Foster siblings" in dialog.changes.text()
    dialog.cancel_editing()   # else closing the dialog asks about the unsaved version

