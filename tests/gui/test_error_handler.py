"""An exception escaping a screen reaches the worker as a sentence."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.errors import DatabaseDamaged
from homefinder_desktop.ui import error_handler


def test_worker_errors_show_their_sentence_and_bugs_a_fixed_one(qtbot, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text: shown.append(("warning", text))))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text: shown.append(("critical", text))))
    saved = sys.excepthook
    try:
        error_handler.install()
        sys.excepthook(DatabaseDamaged, DatabaseDamaged("The database file x.hfdb is damaged."), None)
        try:
            raise KeyError("Tamsin Quillfeather")  # a bug whose text holds a name
        except KeyError as exc:
            sys.excepthook(KeyError, exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    assert shown[0] == ("warning", "The database file x.hfdb is damaged.")
    kind, text = shown[1]
    assert kind == "critical" and text == error_handler.UNEXPECTED
    assert "Quillfeather" not in text  # the worker's message never repeats the exception's text
    assert "KeyError" in capsys.readouterr().err  # the developer's traceback, on the terminal only
