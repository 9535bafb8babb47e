"""Opening a database: the passphrase, or (forgotten) the recovery key and a new passphrase."""
from __future__ import annotations

import contextlib
import math
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from .. import paths
from ..domain.errors import HomefinderError, TooSoon, ValidationError, WrongPassphrase
from ..services import session as sessions
from ..services.demo import DEMO_PASSPHRASE
from .passphrase_dialog import NewPassphraseFields, password_field
from .style import form_layout, set_property, set_role


@contextlib.contextmanager
def busy():
    """A wait cursor while a key is derived (it is slow on purpose)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class Countdown(QObject):
    """After too many wrong passphrases: say how long to wait, and keep the button off until then."""

    def __init__(self, label: QLabel, button: QPushButton, parent: QObject | None = None):
        super().__init__(parent)
        self.label, self.button = label, button
        self.remaining = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self, seconds: float, prefix: str = "") -> None:
        self.prefix = prefix
        self.remaining = max(1, math.ceil(seconds))
        self.button.setEnabled(False)
        self._show()
        self.timer.start()

    def _show(self) -> None:
        unit = "second" if self.remaining == 1 else "seconds"
        self.label.setText(f"{self.prefix}Too many wrong passphrases. You can try again in "
                           f"{self.remaining} {unit}.".strip())
        set_role(self.label, "error")

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.timer.stop()
            self.button.setEnabled(True)
            self.label.setText("You can try again now.")
            set_role(self.label, "hint")
        else:
            self._show()


def show_passphrase_error(exc: HomefinderError, label: QLabel, countdown: Countdown) -> None:
    """Inline: a wrong passphrase says so; waiting after several shows a countdown."""
    if isinstance(exc, TooSoon):
        countdown.start(exc.wait_seconds)
    elif isinstance(exc, WrongPassphrase) and exc.wait_seconds:
        countdown.start(exc.wait_seconds, "That passphrase is not right for this database. ")
    else:
        label.setText(str(exc))
        set_role(label, "error")


def is_demo_path(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return Path(path).resolve() == paths.demo_database().resolve()
    return False


class UnlockDialog(QDialog):
    """Asks for the worker's name and the passphrase of `path`; `session` is the open result."""

    def __init__(self, path: Path | str, who: str = "", parent: QWidget | None = None,
                 offer_welcome: bool = False):
        super().__init__(parent)
        self.path = Path(path)
        self.welcome_requested = False
        self._offer_welcome = offer_welcome
        self.session: sessions.Session | None = None
        self.setWindowTitle("Open " + self.path.name)
        self.setMinimumWidth(600)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page(who))
        self.pages.addWidget(self._recovery_page())

        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.reject)
        self.back = QPushButton("Back")
        self.back.clicked.connect(lambda: self._show_page(0))
        self.open_button = QPushButton("Unlock")
        set_property(self.open_button, "primary", True)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.countdown = Countdown(self.message, self.open_button, self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        self.other = QPushButton("Another database...")
        self.other.setToolTip("Create a new database, open the demo, or open another file")
        self.other.clicked.connect(self._ask_welcome)
        buttons.addWidget(self.other)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(16)
        layout.addWidget(self.pages)
        layout.addLayout(buttons)
        self._show_page(0)

    # --- pages ---------------------------------------------------------------
    def _passphrase_page(self, who: str) -> QWidget:
        page = QWidget()
        title = set_role(QLabel("Unlock the database"), "title")
        where = set_role(QLabel(f"{self.path.name}, in {self.path.parent}"), "hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.who = QLineEdit(who)
        self.who.setAccessibleName("Your name")
        self.who.setPlaceholderText("written beside every change you make")
        self.passphrase = password_field()
        self.passphrase.setAccessibleName("Passphrase")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.passphrase.textEdited.connect(lambda: None if self.countdown.running else self.message.setText(""))
        self.forgotten = QPushButton("Forgotten passphrase? Use the recovery key")
        set_property(self.forgotten, "link", True)
        self.forgotten.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgotten.clicked.connect(lambda: self._show_page(1))

        form = form_layout()
        form.addRow("Your name:", self.who)
        form.addRow("Passphrase:", self.passphrase)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(where)
        if is_demo_path(self.path):
            hint = set_role(QLabel(f"This is the fictional demo. Its passphrase is “{DEMO_PASSPHRASE}”."), "hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.forgotten, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        title = set_role(QLabel("Use the recovery key"), "title")
        intro = QLabel("Type the recovery key from the printed recovery sheet your manager keeps, "
                       "then choose a new passphrase. The recovery key stays the same.")
        intro.setWordWrap(True)
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_key.setPlaceholderText("eight groups of four letters and digits")
        font = self.recovery_key.font()
        font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        self.recovery_key.setFont(font)
        self.recovery_message = QLabel("")
        self.recovery_message.setWordWrap(True)
        form = form_layout()
        form.addRow("Recovery key:", self.recovery_key)
        self.new_passphrase = NewPassphraseFields(lambda: [self.who.text()], page, label="New passphrase",
                                                  form=form)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.recovery_message)
        layout.addStretch(1)
        return page

    def _ask_welcome(self) -> None:
        self.welcome_requested = True
        self.reject()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back.setVisible(index == 1)
        self.other.setVisible(self._offer_welcome and index == 0)
        if index == 0:
            self.open_button.setText("Unlock")
            (self.passphrase if self.who.text().strip() else self.who).setFocus()
        else:
            self.open_button.setText("Open and set the new passphrase")
            self.open_button.setEnabled(True)
            self.recovery_key.setFocus()

    # --- actions -------------------------------------------------------------
    def _open(self) -> None:
        if self.pages.currentIndex() == 1:
            self._recover()
            return
        if not self.who.text().strip():
            self.message.setText("Please type your name: it is written beside every change you make.")
            set_role(self.message, "error")
            self.who.setFocus()
            return
        try:
            with busy():
                self.session = sessions.open_session(self.path, self.passphrase.text(), self.who.text(),
                                                     verify_pages=False)
        except (WrongPassphrase, TooSoon) as exc:
            show_passphrase_error(exc, self.message, self.countdown)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except HomefinderError as exc:
            self.message.setText(str(exc))
            set_role(self.message, "error")
            return
        self.accept()

    def _recover(self) -> None:
        def say(text: str) -> None:
            self.recovery_message.setText(text)
            set_role(self.recovery_message, "error")

        if not self.who.text().strip():
            self._show_page(0)
            self.message.setText("Please type your name first.")
            set_role(self.message, "error")
            return
        if not self.recovery_key.text().strip():
            say("Type the recovery key from the printed sheet.")
            return
        problem = self.new_passphrase.problem()
        if problem:
            say(problem)
            return
        try:
            with busy():
                self.session = sessions.recover(self.path, self.recovery_key.text(), self.new_passphrase.text(),
                                                self.who.text(), verify_pages=False)
        except ValidationError as exc:
            say(str(exc).removeprefix("Nothing was saved. "))
            return
        except HomefinderError as exc:
            say(str(exc))
            return
        self.accept()

    def worker_name(self) -> str:
        return self.who.text().strip()
