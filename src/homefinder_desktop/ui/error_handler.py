"""What the worker sees when something goes wrong outside a use case's own handling (an
exception escaping a Qt slot): a sentence, never a frozen window or a silent failure."""
from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox

from ..domain.errors import HomefinderError

UNEXPECTED = ("Homefinder hit a problem it did not expect. Every save is all or nothing, so what you "
              "saved before is safe. Please note what you were doing and tell whoever supports "
              "Homefinder; then carry on, or close Homefinder and open it again.")


def show_error(exc: BaseException) -> None:
    parent = QApplication.activeWindow()
    if isinstance(exc, HomefinderError):
        QMessageBox.warning(parent, "Homefinder", str(exc))
    else:
        QMessageBox.critical(parent, "Homefinder", UNEXPECTED)


def install() -> None:
    """Replace sys.excepthook for the desktop program. The traceback goes to the terminal for a
    developer (no file is written: it could hold a record's text); the worker gets a sentence."""
    def hook(kind, exc, tb) -> None:
        if not isinstance(exc, HomefinderError):
            traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if QApplication.instance() is not None:
            show_error(exc)

    sys.excepthook = hook
