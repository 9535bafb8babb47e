"""First run, and File > New / Open: create a database, open the demo, or open another file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from .. import paths
from ..domain.errors import HomefinderError, ValidationError
from ..services import demo
from ..services import session as sessions
from .icons import icon
from .passphrase_dialog import NewPassphraseFields
from .recovery_key_dialog import RecoveryKeyDialog
from .style import form_layout, set_property, set_role
from .unlock_dialog import UnlockDialog, busy

FILE_FILTER = "Homefinder databases (*.hfdb)"


def free_database_path(preferred: Path) -> Path:
    """`preferred`, or the first 'name 2.hfdb', 'name 3.hfdb' ... that does not exist yet."""
    candidate, n = preferred, 2
    while candidate.exists():
        candidate = preferred.with_name(f"{preferred.stem} {n}{preferred.suffix}")
        n += 1
    return candidate


def open_demo(who: str) -> sessions.Session:
    """The demo: made the first time (fictional people only), opened without asking after that."""
    path = paths.demo_database()
    with busy():
        if path.exists():
            return sessions.open_session(path, demo.DEMO_PASSPHRASE, who, verify_pages=False)
        return demo.create_demo(path, who=who)


def choose_database_file(parent: QWidget | None) -> Path | None:
    start = str(paths.data_dir())
    name, _ = QFileDialog.getOpenFileName(parent, "Open a Homefinder database", start, FILE_FILTER)
    return Path(name) if name else None


def unlock_file(parent: QWidget | None, path: Path, who: str) -> sessions.Session | None:
    dialog = UnlockDialog(path, who, parent)
    return dialog.session if dialog.exec() == QDialog.DialogCode.Accepted else None


class ChoiceButton(QPushButton):
    """A large button with an icon, a title and a line of explanation that wraps."""

    def __init__(self, title: str, detail: str, icon_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(title)
        self.setAccessibleDescription(detail)
        set_property(self, "choice", True)
        picture = QLabel()
        picture.setPixmap(icon(icon_name).pixmap(32, 32))
        picture.setFixedWidth(40)
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("font-weight: 600; font-size: 11.5pt; background: transparent;")
        self.detail_label = set_role(QLabel(detail), "hint")
        self.detail_label.setStyleSheet("background: transparent;")
        for label in (picture, self.title_label, self.detail_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.detail_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(12)
        row.addWidget(picture)
        row.addLayout(text, 1)

    def sizeHint(self):  # noqa: N802 (Qt name)
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 (Qt name)
        return self.layout().minimumSize()


class WelcomeDialog(QDialog):
    """The result is `session` (open) once accepted; `created` says whether it is new."""

    CHOICES, CREATE = 0, 1

    def __init__(self, who: str = "", parent: QWidget | None = None, start_with_create: bool = False):
        super().__init__(parent)
        self.session: sessions.Session | None = None
        self.created = False
        self.setWindowTitle("Homefinder")
        self.setMinimumWidth(680)
        self.location = free_database_path(paths.default_database())

        self.pages = QStackedWidget()
        self.pages.addWidget(self._choices_page(who))
        self.pages.addWidget(self._create_page(who))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.addWidget(self.pages)
        self.show_page(self.CREATE if start_with_create else self.CHOICES)

    # --- the three choices ---------------------------------------------------
    def _choices_page(self, who: str) -> QWidget:
        page = QWidget()
        title = set_role(QLabel("Welcome to Homefinder"), "title")
        intro = QLabel("Homefinder keeps your family-finding records: children with adoption plans, "
                       "families, sibling groups and agencies. Everything is encrypted on this laptop "
                       "and opens only with your passphrase.")
        intro.setWordWrap(True)
        self.who = QLineEdit(who)
        self.who.setAccessibleName("Your name")
        self.who.setPlaceholderText("e.g. Sam Taylor")
        who_hint = set_role(QLabel("Your name is written beside every change you make."), "hint")

        self.create_button = self._choice("Create a new database",
                                          "For your real work: you choose a passphrase and get a recovery key.",
                                          "start")
        self.create_button.clicked.connect(lambda: self.show_page(self.CREATE))
        self.demo_button = self._choice("Open the demo",
                                        "Invented children and families to practise on. Safe to try anything.",
                                        "families")
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button = self._choice("Open another database...",
                                        "A .hfdb file, for example one restored from a backup.", "backup")
        self.open_button.clicked.connect(self.open_other)
        self.choice_message = QLabel("")
        self.choice_message.setWordWrap(True)
        quit_button = QPushButton("Quit")
        quit_button.clicked.connect(self.reject)

        form = form_layout()
        form.addRow("Your name:", self.who)
        form.addRow("", who_hint)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(quit_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.open_button)
        layout.addWidget(self.choice_message)
        layout.addStretch(1)
        layout.addLayout(bottom)
        return page

    @staticmethod
    def _choice(title: str, detail: str, icon_name: str) -> QPushButton:
        return ChoiceButton(title, detail, icon_name)

    # --- create ----------------------------------------------------------------
    def _create_page(self, who: str) -> QWidget:
        page = QWidget()
        title = set_role(QLabel("Create a new database"), "title")
        intro = QLabel("The council and partner agency names are printed on every report.")
        intro.setWordWrap(True)
        self.council = QLineEdit()
        self.council.setPlaceholderText("e.g. Northshire County Council")
        self.council.setAccessibleName("Council")
        self.partner = QLineEdit()
        self.partner.setPlaceholderText("the voluntary adoption agency you work with")
        self.partner.setAccessibleName("Partner agency")
        self.create_who = QLineEdit(who)
        self.create_who.setAccessibleName("Your name")
        self.location_label = set_role(QLabel(str(self.location)), "hint")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton("Change...")
        change.clicked.connect(self.change_location)
        self.create_message = QLabel("")
        self.create_message.setWordWrap(True)
        back = QPushButton("Back")
        back.clicked.connect(lambda: self.show_page(self.CHOICES))
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        self.create_button_final = QPushButton("Create the database")
        set_property(self.create_button_final, "primary", True)
        self.create_button_final.clicked.connect(self.create)

        where = QHBoxLayout()
        where.addWidget(self.location_label, 1)
        where.addWidget(change)
        form = form_layout()
        form.addRow("Council:", self.council)
        form.addRow("Partner agency:", self.partner)
        form.addRow("Your name:", self.create_who)
        self.passphrase = NewPassphraseFields(lambda: [self.create_who.text(), self.council.text(),
                                                       self.partner.text()], page, form=form)
        form.addRow("Saved in:", where)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button_final)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if index == self.CREATE:
            if not self.create_who.text().strip():
                self.create_who.setText(self.who.text())
            self.create_button_final.setDefault(True)
            self.council.setFocus()
        else:
            self.create_button_final.setDefault(False)
            self.who.setFocus()

    def change_location(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Where to keep the new database", str(self.location),
                                              FILE_FILTER)
        if name:
            path = Path(name)
            self.location = path if path.suffix == ".hfdb" else path.with_name(path.name + ".hfdb")
            self.location_label.setText(str(self.location))

    def create(self) -> None:
        def say(text: str) -> None:
            self.create_message.setText(text)
            set_role(self.create_message, "error")

        problem = self.passphrase.problem()
        if problem:
            say(problem)
            return
        try:
            with busy():
                session, recovery = sessions.create_database(
                    self.location, self.passphrase.text(), self.create_who.text(), self.council.text(),
                    self.partner.text())
        except ValidationError as exc:
            say(str(exc).removeprefix("Nothing was saved. "))
            return
        except HomefinderError as exc:
            say(str(exc))
            return
        self.session, self.created = session, True
        self.who.setText(self.create_who.text())
        RecoveryKeyDialog(session.council_name, session.partner_name, session.path.name, recovery,
                          session.today(), self).exec()
        self.accept()

    # --- demo and other files ------------------------------------------------
    def _need_name(self) -> str | None:
        who = self.who.text().strip()
        if not who:
            self.choice_message.setText("Please type your name first: it is written beside every change.")
            set_role(self.choice_message, "error")
            self.who.setFocus()
            return None
        return who

    def open_demo(self) -> None:
        who = self._need_name()
        if who is None:
            return
        try:
            self.session = open_demo(who)
        except HomefinderError as exc:
            self.choice_message.setText(str(exc))
            set_role(self.choice_message, "error")
            return
        self.accept()

    def open_other(self) -> None:
        path = choose_database_file(self)
        if path is None:
            return
        session = unlock_file(self, path, self.who.text().strip())
        if session is not None:
            self.session = session
            self.accept()

    def worker_name(self) -> str:
        return (self.session.who if self.session else self.who.text()).strip()
