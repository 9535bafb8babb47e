"""The Start page with the keyboard alone: Tab reaches each chart whose bars open a list and each card
that opens a page; the arrows choose a bar, Enter or Space opens what a click would. A chart with
nothing to open (or whose clicks are its card's) is passed over by Tab."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dashboard_people import TODAY, waiting_children
from homefinder_desktop.ui.charts import Bar, BarChart
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow
from matrix_people import family


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)


def test_the_arrows_choose_a_bar_and_enter_opens_it(qtbot):
    chart = BarChart("Waiting")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Under 3 months", (2,)), Bar("3–6 months", (1,), key="3_to_6"),
                    Bar("6–12 months", (4,), key="6_to_12")])
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    seen: list[str] = []
    chart.activated.connect(seen.append)
    qtbot.keyClick(chart, Qt.Key.Key_Return)  # the first bar that opens something
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Space)
    qtbot.keyClick(chart, Qt.Key.Key_Down)  # no further: it stays on the last
    qtbot.keyClick(chart, Qt.Key.Key_Enter)
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert seen == ["3_to_6", "6_to_12", "6_to_12", "3_to_6"]
    assert "3–6 months" in chart.accessibleDescription()


def test_a_chart_with_nothing_to_open_takes_no_focus(qtbot):
    chart = BarChart("Ages")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Aged 1", (2,))])
    assert chart.focusPolicy() == Qt.FocusPolicy.NoFocus
    chart.set_bars([Bar("Aged 1", (2,), key="1")])
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    chart.set_bars([])
    assert chart.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.fixture
def window(qtbot, new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    waiting_children(new_session)
    family(new_session, "Oakley family", agency=1)
    win = MainWindow(AppContext(new_session))
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win._closing_confirmed = True
    win.close()


def tab_stops(qtbot, start, presses: int = 40) -> list:
    start.stage_chart.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_reaches_the_charts_and_cards_and_enter_opens_the_list(window, qtbot):
    start = window.page(0)
    stops = tab_stops(qtbot, start)
    cards = {title: frame for frame, title in start._clickable.items()}
    for wanted in (start.stage_chart, start.band_chart, start.family_chart, *cards.values()):
        assert wanted in stops, wanted
    assert not any(chart in stops for chart in start.fund_charts)  # the fund card is the stop
    start.stage_chart.setFocus()
    qtbot.keyClick(start.stage_chart, Qt.Key.Key_Down)
    qtbot.keyClick(start.stage_chart, Qt.Key.Key_Return)  # the second stage: placement order
    children = window.current_page()
    assert children.title == "Children" and children.stage_filter.currentData() == "placement_order"
    window.show_page(0)
    cards["Referrals"].setFocus()
    qtbot.keyClick(cards["Referrals"], Qt.Key.Key_Space)
    assert window.current_page().title == "Referrals"


def test_each_chart_the_keyboard_reaches_is_named_for_a_screen_reader(window):
    start = window.page(0)
    assert [c.accessibleName() for c in (start.stage_chart, start.band_chart, start.family_chart)] == [
        "Children waiting for a match, by stage", "Children waiting, by how long they have waited",
        "Adoptive families by agency and stage"]
