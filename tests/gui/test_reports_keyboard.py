"""The Reports page and its dialogs with the keyboard alone: Tab goes through a table of children or
threshold sets to what follows (the arrows move within it), so the "What if…" fields and the form
to add a set can be reached without the mouse."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.threshold_sets_dialog import ThresholdSetsDialog
from homefinder_desktop.ui.timeliness_view import TimelinessView

pytestmark = pytest.mark.usefixtures("warnings_fail")


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def tab_from(qtbot, widget):
    widget.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_tab_leaves_the_childrens_table_for_the_what_if(qtbot, demo_session):
    view = TimelinessView(AppContext(demo_session))
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    active(qtbot, view)
    assert view.table.rowCount() > 1
    view.table.setCurrentCell(0, 0)
    assert tab_from(qtbot, view.table) is view.child
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # the arrows still go from child to child
    assert view.table.currentRow() == 1


def test_tab_leaves_the_threshold_sets_table_for_the_buttons_and_form(qtbot, demo_session):
    dialog = ThresholdSetsDialog(AppContext(demo_session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    active(qtbot, dialog)
    dialog.table.selectRow(0)
    after = tab_from(qtbot, dialog.table)
    assert after is not dialog.table and after in (dialog.archive_button, dialog.name)


def test_the_arrows_go_through_the_quick_periods_and_typing_a_date_leaves_them(qtbot, new_session):
    from datetime import date

    from homefinder_desktop.ui.partnership_view import CHOOSE, PartnershipView

    new_session.today = lambda: date(2026, 11, 24)
    view = PartnershipView(AppContext(new_session))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    quick = view.period_bar.quick
    quick.setFocus()
    for _ in range(3):  # last financial year, this one so far, the last three
        qtbot.keyClick(quick, Qt.Key.Key_Down)
    assert (view.report.start, view.report.end) == (date(2023, 4, 1), date(2026, 3, 31))
    assert quick.currentText() == "Last three years"
    qtbot.keyClick(quick, Qt.Key.Key_Up)
    assert (view.report.start, view.report.end) == (date(2026, 4, 1), date(2026, 11, 24))
    view.period_bar.start.line.setFocus()
    view.period_bar.start.line.selectAll()
    qtbot.keyClicks(view.period_bar.start.line, "01/05/2026")
    assert quick.currentText() == CHOOSE  # the dates typed are no longer the named period
