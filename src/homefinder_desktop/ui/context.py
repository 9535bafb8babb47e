"""What every view shares: the open session, and one way to run a use case.

Views never call storage. They run a service through `AppContext.run`, which shows a
worker's error as a message (nothing is half-saved: services are transactional) and
broadcasts the returned Changes so every view refreshes only what concerns it.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import HomefinderError, ValidationError
from ..services.changes import Changes
from ..services.session import Session


class AppContext(QObject):
    changed = Signal(object)  # Changes
    status = Signal(str)  # a short message for the status bar
    locked = Signal()
    unlocked = Signal()
    show_record = Signal(str, int)  # a page's title and the record it is to show (e.g. "Matching", a matrix)

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session

    def run(self, parent: QWidget | None, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a service. Returns its result, or None after showing the worker why it failed.

        A ValidationError is re-raised so a form can mark the fields it names; callers that
        do not handle fields pass `show_validation=True` (the default) to see a message instead.
        """
        show_validation = kwargs.pop("show_validation", True)
        reraise = kwargs.pop("reraise", ())  # errors the caller handles itself (e.g. a question)
        try:
            result = fn(*args, **kwargs)
        except ValidationError as exc:
            if not show_validation:
                raise
            QMessageBox.warning(parent, "Please check", str(exc))
            return None
        except HomefinderError as exc:
            if reraise and isinstance(exc, reraise):
                raise
            QMessageBox.warning(parent, "Homefinder", str(exc))
            return None
        if isinstance(result, Changes):
            self.changed.emit(result)
        return result

    def run_marking(self, parent: QWidget | None, errors, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a service for a form or dialog: a ValidationError marks the fields it names on
        `errors` (a FormErrors) rather than opening a message box. The result, or None."""
        try:
            return self.run(parent, fn, *args, show_validation=False, **kwargs)
        except ValidationError as exc:
            errors.show(exc)
            return None
