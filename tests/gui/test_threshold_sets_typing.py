"""The threshold sets dialog with days or a year typed that do not read: the field is named and
nothing is saved, never the last good number saved in their place when the worker clicks Add."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from homefinder_desktop.services import timeliness
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.threshold_sets_dialog import ThresholdSetsDialog

pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def dialog(qtbot, demo_session):
    shown = ThresholdSetsDialog(AppContext(demo_session))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)
    qtbot.keyClicks(box.lineEdit(), text)


def test_days_and_a_year_that_do_not_read_are_named_and_nothing_is_saved(dialog, qtbot, demo_session):
    before = timeliness.threshold_sets(demo_session, include_archived=True)
    dialog.name.setText("Northshire stretch target")
    type_into(qtbot, dialog.a1, "0")
    type_into(qtbot, dialog.first_year, "19")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # the boxes lose focus first
    assert timeliness.threshold_sets(demo_session, include_archived=True) == before
    shown = dialog.fields.errors.shown
    assert set(shown) == {"A1 threshold", "First year"}
    assert shown["A1 threshold"] == ["must be a number of days, more than 0"]
    assert shown["First year"] == ["must be a year from 2000 to 2100 (the period starts on 1 April of it)"]
    assert dialog.a1.text() == "0 days" and dialog.first_year.text() == "19"  # what was typed stays to correct


def test_an_emptied_box_is_named_too_and_corrected_it_saves(dialog, qtbot, demo_session):
    dialog.name.setText("Northshire stretch target")
    type_into(qtbot, dialog.a2, "")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert list(dialog.fields.errors.shown) == ["A2 threshold"]
    type_into(qtbot, dialog.a2, "100")
    type_into(qtbot, dialog.first_year, "2024")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.fields.errors.shown == {}
    added = next(t for t in timeliness.threshold_sets(demo_session) if t.name == "Northshire stretch target")
    assert (added.first_year, added.a2_days) == (2024, 100)
