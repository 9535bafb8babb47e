"""Shared by the tests of the pages' Export list… and Save list as PDF… buttons: a page at a
fixed date, message boxes recorded (a warning fails the test), and a save dialog that answers."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from homefinder_desktop.ui.context import AppContext


@pytest.fixture(autouse=True)
def messages(monkeypatch):
    """Information boxes are recorded; a warning fails the test."""
    seen = []

    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: seen.append((title, text)))
    return seen


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save dialog answers with `answer["name"]` in tmp_path/out and the chosen filter."""
    answer = {"name": "list", "filter": "Excel workbook (*.xlsx)", "asked": []}
    folder = tmp_path / "out"
    folder.mkdir()

    def dialog(parent, caption, start, filters):
        answer["asked"].append((caption, start, filters))
        return str(folder / answer["name"]), answer["filter"]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    answer["folder"] = folder
    return answer


def make(page_cls, qtbot, session):
    session.today = lambda: date(2026, 11, 23)
    page = page_cls(AppContext(session))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    return page
