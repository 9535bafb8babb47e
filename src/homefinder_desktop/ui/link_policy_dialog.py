"""The in-house-first rule's versions: each with the dates it was in force and its words, and a
form to add a new version (problems shown at their fields; nothing saved until all are right)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSpinBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.link_windows import UNITS, LinkPolicy, Phase
from ..services import links
from .context import AppContext
from .record_form import FormErrors
from .widgets import DateEdit, set_big_title


class LinkPolicyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Rule versions")
        self.setObjectName("linkPolicyDialog")
        layout = QVBoxLayout(self)
        title = QLabel("Versions of the in-house-first rule", self)
        set_big_title(title)
        layout.addWidget(title)
        note = QLabel("Each link's window keeps the version it was opened under, so an old deadline still "
                      "explains itself after the rule changes.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Takes effect", "Until", "Version"])
        self.list.setRootIsDecorated(False)
        self.list.setAccessibleName("Rule versions")
        layout.addWidget(self.list, 1)

        layout.addWidget(QLabel("<b>Add a new version</b>", self))
        summary = QLabel(self)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name = QLineEdit(self)
        self.starts = DateEdit(self)
        self.ends = DateEdit(self)
        self.own_length, self.own_unit = self._phase_widgets()
        self.others_length, self.others_unit = self._phase_widgets()
        own_row, others_row = self._pair(self.own_length, self.own_unit), self._pair(self.others_length,
                                                                                      self.others_unit)
        for label, widget, shown in (("Name", self.name, self.name), ("Takes effect", self.starts, self.starts),
                                     ("In force until", self.ends, self.ends),
                                     ("In-house families", own_row, self.own_length),
                                     ("Windows", others_row, self.others_length)):
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            message = QLabel(cell)
            box.addWidget(message)
            form.addRow("Partner and others" if label == "Windows" else label, cell)
            self.errors.register(label, shown, message)
        layout.addLayout(form)
        hint = QLabel("Leave “In force until” empty unless the version is a trial with a known end.", self)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.add_button = buttons.addButton("Add version", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self.add_version)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 620)
        self.reload()

    def _phase_widgets(self) -> tuple[QSpinBox, QComboBox]:
        length = QSpinBox(self)
        length.setRange(1, 60)
        length.setValue(5)
        unit = QComboBox(self)
        for code, words in UNITS.items():
            unit.addItem(words, code)
        return length, unit

    def _pair(self, a: QWidget, b: QWidget) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(a)
        box.addWidget(b, 1)
        return row

    def reload(self) -> None:
        self.list.clear()
        for version in self.ctx.run(self, links.policies, self.ctx.session) or []:
            QTreeWidgetItem(self.list, [format_date(version.effective_from),
                                        format_date(version.effective_to) if version.effective_to else "next version",
                                        version.describe()])
        for column in range(2):
            self.list.resizeColumnToContents(column)

    def version(self) -> LinkPolicy:
        problems = []
        dates = {}
        for label, edit in (("Takes effect", self.starts), ("In force until", self.ends)):
            try:
                dates[label] = edit.date()
            except ValueError:
                problems.append(FieldProblem(label, date_problem(edit.line.text())))
        if not problems and dates["Takes effect"] is None:
            problems.append(FieldProblem("Takes effect", "is required"))
        if problems:
            raise ValidationError(problems)
        return LinkPolicy(self.name.text().strip(), dates["Takes effect"],
                          (Phase("own", self.own_length.value(), self.own_unit.currentData()),
                           Phase("others", self.others_length.value(), self.others_unit.currentData())),
                          dates["In force until"])

    def add_version(self) -> bool:
        try:
            changes = self.ctx.run(self, links.add_policy, self.ctx.session, self.version(), show_validation=False)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if changes is None:
            return False
        self.errors.clear()
        self.name.clear()
        self.reload()
        return True
