"""The worker keeps the list of reasons a link did not progress."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.services import links
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.end_reasons_dialog import OFF_LIST
from homefinder_desktop.ui.links_page import LinksPage


@pytest.fixture
def warnings(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append(text))
    return said


def names(session, archived=False):
    return {r["name"]: bool(r["archived"]) for r in links.end_reasons(session, include_archived=True)
            if archived or not r["archived"]}


def test_add_rename_and_take_off_the_list(qtbot, demo_session, warnings):
    page = LinksPage(AppContext(demo_session))
    qtbot.addWidget(page)
    dialog = page.open_end_reasons()
    before = dialog.list.count()
    dialog.name.setText("Family moved away")
    dialog.add()
    assert names(demo_session)["Family moved away"] is False and dialog.list.count() == before + 1
    assert dialog.list.currentItem().text() == "Family moved away"
    dialog.name.setText("Family moved out of the area")
    dialog.rename()
    assert "Family moved out of the area" in names(demo_session) and "Family moved away" not in names(demo_session)
    dialog.toggle_archived()
    assert names(demo_session, archived=True)["Family moved out of the area"] is True
    assert dialog.list.currentItem().text() == "Family moved out of the area" + OFF_LIST
    assert dialog.archive_button.text() == "Put back on the list"
    dialog.toggle_archived()
    assert names(demo_session)["Family moved out of the area"] is False
    assert warnings == []


def test_a_blank_or_repeated_reason_is_refused(qtbot, demo_session, warnings):
    page = LinksPage(AppContext(demo_session))
    qtbot.addWidget(page)
    dialog = page.open_end_reasons()
    count = dialog.list.count()
    dialog.name.setText("   ")
    dialog.add()
    existing = next(iter(names(demo_session)))
    dialog.name.setText(existing)
    dialog.add()
    assert dialog.list.count() == count
    assert "Reason: is required" in warnings[0]
    assert "already on the list" in warnings[1]
