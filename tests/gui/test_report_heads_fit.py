"""The partnership report's period and its buttons on a laptop: in the main window at 1280 pixels the
report is about 1,000 wide, too narrow (with the program's type) for From, To, the quick periods and
four buttons in one row. Nothing is squeezed shut (the period's words cut, a date field clipped):
the buttons go under the period, and back beside it when there is room."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from homefinder_desktop.ui import style
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.partnership_view import PartnershipView

pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def view(qtbot, new_session):
    shown = PartnershipView(AppContext(new_session))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def buttons(view):
    return (view.copy_button, view.csv_button, view.pdf_button, view.preview_button)


def one_row(view) -> int:
    """The width the period and the four buttons need side by side."""
    return view.period_bar.sizeHint().width() + sum(b.sizeHint().width() for b in buttons(view))


def top_of(view, widget) -> int:
    return view.mapFromGlobal(widget.mapToGlobal(widget.rect().topLeft())).y()


@pytest.mark.parametrize("short", [60, 250])
def test_too_narrow_for_one_row_nothing_is_squeezed_and_the_buttons_go_under(view, qtbot, short):
    view.resize(one_row(view) - short, 640)
    qtbot.wait(20)
    bar = view.period_bar
    for widget in (bar.start, bar.end, bar.quick, *buttons(view)):
        assert widget.width() >= widget.sizeHint().width(), widget
    under = top_of(view, bar.quick) + bar.quick.height()
    for b in buttons(view):
        assert top_of(view, b) >= under - 2
        assert view.mapFromGlobal(b.mapToGlobal(b.rect().topRight())).x() <= view.width()


def test_with_room_the_buttons_stand_beside_the_period(view, qtbot):
    view.resize(one_row(view) + 120, 700)
    qtbot.wait(20)
    quick = view.period_bar.quick
    middle = top_of(view, quick) + quick.height() // 2
    for b in buttons(view):
        assert top_of(view, b) <= middle <= top_of(view, b) + b.height()
        assert b.width() >= b.sizeHint().width()


def test_a_pause_while_typing_a_date_keeps_the_report_until_the_field_is_left(view, qtbot):
    assert view.report is not None
    line = view.period_bar.end.line
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "31/03/20")
    qtbot.wait(800)  # longer than the pause after which a date typed is read
    assert view.report is not None and not view.period_bar.problem.isVisible()
    line.editingFinished.emit()  # leaving the field, or Enter: now it is said
    assert view.period_bar.problem.isVisible() and view.period_bar.problem.text().startswith("To is ")
    view.period_bar.end.setText("31/03/2026")
    qtbot.waitUntil(lambda: view.report is not None and view.report.end.year == 2026, timeout=2000)


@pytest.fixture
def styled(qapp):
    """The program's own stylesheet and type size, as the worker sees them (then put back)."""
    sheet, font = qapp.styleSheet(), qapp.font()
    style.apply(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def test_on_a_laptop_the_timeliness_table_shows_every_measure_beside_the_what_if(qtbot, demo_session, styled):
    from homefinder_desktop.ui.timeliness_view import TimelinessView

    timeliness = TimelinessView(AppContext(demo_session))
    qtbot.addWidget(timeliness)
    timeliness.resize(1005, 640)  # the Reports page's room in the main window at 1280 x 720
    timeliness.show()
    qtbot.waitExposed(timeliness)
    table = timeliness.table
    measures = sum(table.columnWidth(c) for c in range(5))  # reference, child, A1, A2 and A10
    assert measures <= table.viewport().width()
    assert timeliness.findChild(QWidget, "whatIf").width() >= timeliness.findChild(QWidget, "whatIf").minimumSizeHint().width()
