"""Choosing a passphrase (twice, with a live strength meter) and changing it later."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QProgressBar, QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError, ValidationError, WrongPassphrase, TooSoon
from ..services.passphrase import strength
from .style import form_layout, set_property, set_role

def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class NewPassphraseFields(QWidget):
    """A new passphrase, typed twice, with a strength meter that follows every key.

    `context` returns words the passphrase must not lean on (names of the worker, council,
    partner). `problem()` says in a sentence what is still wrong, or "" when it is fine.
    """

    changed = Signal()

    def __init__(self, context=lambda: [], parent: QWidget | None = None, label: str = "Passphrase",
                 form: QFormLayout | None = None):
        """With `form`, the rows go into that form (so its labels line up) and this widget stays hidden."""
        super().__init__(parent)
        self._context = context
        self.first = password_field("a few unrelated words, e.g. four or five")
        self.first.setAccessibleName(label)
        self.second = password_field()
        self.second.setAccessibleName(label + " again")
        self.meter = QProgressBar()
        self.meter.setObjectName("strength")
        self.meter.setRange(0, 4)
        self.meter.setValue(0)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Passphrase strength")
        self.verdict = set_role(QLabel(""), "hint")
        self.verdict.setWordWrap(True)
        self.match = set_role(QLabel(""), "hint")
        self.match.setWordWrap(True)

        if form is None:
            form = form_layout(self)
            form.setContentsMargins(0, 0, 0, 0)
        else:
            self.hide()
        form.addRow(label + ":", self.first)
        form.addRow("", self.meter)
        form.addRow("", self.verdict)
        form.addRow(label + " again:", self.second)
        form.addRow("", self.match)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._acceptable = False
        self._update()

    def text(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        text = self.first.text()
        if not text:
            self.meter.setValue(0)
            set_property(self.meter, "level", "weak")
            self.verdict.setText("Use at least 10 characters: a few unrelated words work well.")
            set_role(self.verdict, "hint")
            self._acceptable = False
        else:
            verdict = strength(text, [c for c in self._context() if c])
            self._acceptable = verdict.acceptable
            self.meter.setValue(max(verdict.score, 1))
            set_property(self.meter, "level", "good" if verdict.acceptable
                         else "fair" if verdict.score >= 2 else "weak")
            self.verdict.setText(("Strength: " + verdict.message) if verdict.acceptable
                                 else "Not strong enough yet. " + verdict.message)
            set_role(self.verdict, "ok" if verdict.acceptable else "hint")
        again = self.second.text()
        if not again:
            self.match.setText("")
        elif again == text:
            self.match.setText("The two passphrases match.")
            set_role(self.match, "ok")
        else:
            self.match.setText("The two passphrases are not the same yet.")
            set_role(self.match, "error")
        self.changed.emit()

    def problem(self) -> str:
        if not self._acceptable:
            return "Choose a stronger passphrase: " + self.verdict.text().removeprefix("Not strong enough yet. ")
        if self.first.text() != self.second.text():
            return "Type the same passphrase twice."
        return ""


class PassphraseDialog(QDialog):
    """File > Change passphrase...: the current passphrase, then the new one twice."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(560)
        intro = QLabel("Your passphrase opens this database on this laptop. Changing it does not change "
                       "the recovery key: the printed recovery sheet still works.")
        intro.setWordWrap(True)
        self.current = password_field()
        self.current.setAccessibleName("Current passphrase")
        form = form_layout()
        form.addRow("Current passphrase:", self.current)
        self.new = NewPassphraseFields(lambda: [session.who, _safe(lambda: session.council_name),
                                                _safe(lambda: session.partner_name)],
                                       self, label="New passphrase", form=form)
        self.message = set_role(QLabel(""), "error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        set_property(self.ok, "primary", True)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._change)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _change(self) -> None:
        problem = self.new.problem()
        if problem:
            self.message.setText(problem)
            return
        try:
            self.session.change_passphrase(self.current.text(), self.new.text())
        except (WrongPassphrase, TooSoon) as exc:
            self.message.setText(str(exc))
            self.current.selectAll()
            self.current.setFocus()
            return
        except ValidationError as exc:
            self.message.setText(str(exc).removeprefix("Nothing was saved. "))
            return
        except HomefinderError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


def _safe(fn):
    try:
        return fn()
    except HomefinderError:
        return ""
