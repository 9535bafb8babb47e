"""Choosing a list's columns: right-click the headings; remembered; one column always stays."""
from __future__ import annotations

from PySide6.QtCore import Qt

from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.models import ChildrenModel


def _menu(page):
    """The menu a right-click on the headings pops up (built here without popping it up: the
    offscreen platform cannot show a pop-up)."""
    assert page.view.horizontalHeader().contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    page._menu = page.view.build_column_menu()
    return {a.text(): a for a in page._menu.actions()}


def test_hide_a_column_and_find_it_hidden_next_time(qtbot, demo_session):
    ctx = AppContext(demo_session)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    actions = _menu(page)
    assert set(actions) >= {"Reference", "Name", "Age", "Sex", "Stage", "Since", "Social worker"}
    actions["Reference"].setChecked(False)
    assert page.view.isColumnHidden(ChildrenModel.COL_REFERENCE)
    again = ChildrenPage(ctx)
    qtbot.addWidget(again)
    assert again.view.isColumnHidden(ChildrenModel.COL_REFERENCE)
    _menu(again)["Reference"].setChecked(True)
    assert not again.view.isColumnHidden(ChildrenModel.COL_REFERENCE)


def test_the_last_column_cannot_be_hidden(qtbot, demo_session):
    page = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(page)
    columns = page.model.columnCount()
    for column in range(1, columns):
        page.view.setColumnHidden(column, True)
    actions = _menu(page)
    name = page.model.headerData(0, Qt.Orientation.Horizontal)
    assert not actions[name].isEnabled() and actions[name].isChecked()


def test_the_choice_is_kept_by_heading_so_new_columns_do_not_shift_it(qtbot, demo_session):
    from homefinder_desktop.ui.settings_dialog import app_settings

    ctx = AppContext(demo_session)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    _menu(page)["Sex"].setChecked(False)
    assert app_settings().value("columns/Child") in (["Sex"], "Sex")
    again = ChildrenPage(ctx)  # one hidden column read back (an ini file gives a lone string)
    qtbot.addWidget(again)
    hidden = [again.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(again.model.columnCount()) if again.view.isColumnHidden(c)]
    assert hidden == ["Sex"]
