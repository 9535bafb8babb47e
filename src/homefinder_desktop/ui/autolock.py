"""Locking: after minutes without input, or on Ctrl+L, every record leaves the screen and the key
leaves memory; the passphrase brings both back, with every form as the worker left it.

Pieces: `IdleWatcher` (an application-wide event filter restarting a single-shot timer on key
and mouse input), `LockScreen` (what the main window shows instead of its work while locked),
`hide_windows`/`show_windows` (the other windows, hidden and brought back in the same order),
and `install_lock_safe_exec` (so hiding a dialog that runs `exec()` does not end it as Cancel).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError, TooSoon, WrongPassphrase
from ..services.demo import DEMO_PASSPHRASE
from .icons import icon
from .passphrase_dialog import password_field
from .style import set_property, set_role
from .unlock_dialog import Countdown, busy, show_passphrase_error

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


class IdleWatcher(QObject):
    """Emits `idle` when no key or mouse input has reached the application for `interval_ms`."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(int(minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.timer.setInterval(max(1, int(ms)))
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()  # restart: the worker is here
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()


def hide_windows(keep: QWidget) -> list[QWidget]:
    """Hide every visible top-level window except `keep`; return them, parents before children."""
    hidden: list[QWidget] = []
    for widget in QApplication.topLevelWidgets():
        if widget is keep or not widget.isVisible() or not widget.isWindow():
            continue
        if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
            widget.hide()  # menus and tips: not worth bringing back
            continue
        hidden.append(widget)
    hidden.sort(key=_depth)
    for widget in reversed(hidden):  # children first, so a parent hides after its dialogs
        widget.hide()
    return hidden


def show_windows(hidden: list[QWidget]) -> None:
    can_raise = QGuiApplication.platformName() not in ("offscreen", "minimal")
    for widget in hidden:  # parents first
        try:
            widget.show()
            if can_raise:
                widget.raise_()
        except RuntimeError:  # deleted while locked
            continue
    if hidden and can_raise:
        try:
            hidden[-1].activateWindow()
        except RuntimeError:
            pass


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


_original_exec = QDialog.exec


def _lock_safe_exec(self: QDialog) -> int:
    """QDialog.exec, except that hiding the dialog (when the database locks) does not end it.

    Qt's own exec() leaves its event loop when the dialog is hidden, so the caller would see
    Cancel and the worker's typing would be lost. This loop ends only when the dialog is finished
    (accept, reject, done, or closed), exactly like exec() otherwise.
    """
    loop = QEventLoop()
    outcome = {"result": 0}

    def finished(result: int) -> None:
        outcome["result"] = result
        loop.quit()

    self.finished.connect(finished)
    if self.windowModality() == Qt.WindowModality.NonModal:
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
    self.setResult(0)
    self.show()
    loop.exec(QEventLoop.ProcessEventsFlag.DialogExec)
    try:
        self.finished.disconnect(finished)
    except (RuntimeError, TypeError):
        pass  # deleted on close
    return outcome["result"]


def install_lock_safe_exec() -> None:
    """Make every Python-side QDialog.exec() survive a lock (idempotent)."""
    if QDialog.exec is not _lock_safe_exec:
        QDialog.exec = _lock_safe_exec


class LockScreen(QWidget):
    """Shown instead of the work while locked: no record, only the passphrase."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setMaximumWidth(560)
        picture = QLabel()
        picture.setPixmap(icon("lock").pixmap(48, 48))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = set_role(QLabel("Homefinder is locked"), "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = password_field()
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.returnPressed.connect(self._submit)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_hint = set_role(QLabel(f"This is the fictional demo: its passphrase is “{DEMO_PASSPHRASE}”."),
                                  "hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_hint.hide()
        self.button = QPushButton("Unlock")
        set_property(self.button, "primary", True)
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.countdown = Countdown(self.message, self.button, self)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 32, 36, 32)
        inner.setSpacing(14)
        inner.addWidget(picture)
        inner.addWidget(self.title)
        inner.addWidget(self.detail)
        inner.addLayout(row)
        inner.addWidget(self.message)
        inner.addWidget(self.demo_hint)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

    def prepare(self, database_name: str, who: str, is_demo: bool, why: str) -> None:
        self.detail.setText(f"{why} Type the passphrase for {database_name} to carry on, {who}. "
                            "Anything you were typing is kept.")
        self.demo_hint.setVisible(is_demo)
        self.passphrase.clear()
        if not self.countdown.running:
            self.message.setText("")
        self.passphrase.setFocus()

    def _submit(self) -> None:
        if self.button.isEnabled():
            self.unlock_requested.emit(self.passphrase.text())

    def show_error(self, exc: HomefinderError) -> None:
        if isinstance(exc, (WrongPassphrase, TooSoon)):
            show_passphrase_error(exc, self.message, self.countdown)
        else:
            self.message.setText(str(exc))
            set_role(self.message, "error")
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def try_unlock(self, session, passphrase: str) -> bool:
        """Unlock `session`; on failure say why here and return False."""
        try:
            with busy():
                session.unlock(passphrase)
        except HomefinderError as exc:
            self.show_error(exc)
            return False
        self.passphrase.clear()
        return True
