"""Saving a child who looks like one already recorded asks first."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext


def _fill_as(page, twin: Child):
    page.new_record(ask=False)
    widgets = page.editor.widgets
    widgets["first_name"].setText(twin.first_name)
    widgets["last_name"].setText(twin.last_name)
    widgets["date_of_birth"].setText(twin.date_of_birth.strftime("%d/%m/%Y"))
    widgets["sex"].setValue(twin.sex)


def test_cancel_saves_nothing_and_save_saves(qtbot, demo_session, monkeypatch):
    page = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(page)
    twin = records.all_of(demo_session, Child)[0]
    before = len(records.all_of(demo_session, Child))
    asked = []

    def answer(choice):
        return staticmethod(lambda _p, _t, text, *a: asked.append(text) or choice)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    _fill_as(page, twin)
    assert page.save() is False
    assert twin.reference in asked[-1] and "same name and date of birth" in asked[-1]
    assert len(records.all_of(demo_session, Child)) == before
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    assert page.save() is True
    assert len(records.all_of(demo_session, Child)) == before + 1
