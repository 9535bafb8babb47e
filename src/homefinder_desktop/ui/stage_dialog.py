"""Record a new, dated stage of a child's plan or a family's assessment."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.records import CHILD_STAGE_ORDER, CHILD_STAGES, FAMILY_STAGES, Child, StageChange
from ..services import records
from .context import AppContext
from .record_form import FormErrors
from .widgets import ChoiceCombo, DateEdit


class StageDialog(QDialog):
    def __init__(self, ctx: AppContext, cls: type, record_id: int, title: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cls = cls
        self.record_id = record_id
        self.is_child = cls is Child
        self.stages = CHILD_STAGES if self.is_child else FAMILY_STAGES
        self.stage_label = "Stage" if self.is_child else "Assessment stage"
        self.setWindowTitle("Record a new stage")
        self.setObjectName("stageDialog")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(title or "Record a new stage", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        history = ctx.run(self, records.stage_history, ctx.session, cls, record_id) or []
        last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        if last:
            self.current.setText(f"Now: {self.stages.get(last.stage, last.stage)}, since {format_date(last.date)}.")
        layout.addWidget(self.current)

        summary = QLabel(self)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stage = ChoiceCombo(self.stages, parent=self)
        self.stage.setAccessibleName(self.stage_label)
        self.stage.setValue(self._suggest(last.stage if last else None))
        self.date = DateEdit(self)
        self.date.setDate(ctx.session.today())
        self.date.line.setAccessibleName("Date of stage")
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Needed when the plan changes, a family withdraws, or a case "
                                       "goes back to an earlier stage")
        self.reason.setAccessibleName("Reason")
        self.reason.setMinimumHeight(90)
        for label, widget in ((self.stage_label, self.stage), ("Date of stage", self.date), ("Reason", self.reason)):
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            message = QLabel(cell)
            box.addWidget(message)
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, cell)
            self.errors.register(label, widget, message)
        layout.addLayout(form)

        note = QLabel("The stage and its date are added to the history; earlier steps are never changed.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton("Record stage", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def _suggest(self, last: str | None) -> str:
        """The next stage along the plan, the usual step."""
        if not self.is_child:
            order = ["enquiry", "stage_one", "stage_two", "approved"]
            return order[min(order.index(last) + 1, len(order) - 1)] if last in order else "enquiry"
        if last in CHILD_STAGE_ORDER and last not in ("adoption_order", "plan_changed"):
            return CHILD_STAGE_ORDER[CHILD_STAGE_ORDER.index(last) + 1]
        return last or "agency_decision"

    def record(self) -> bool:
        """Record the stage; on problems mark the fields and record nothing."""
        problems: list[FieldProblem] = []
        try:
            when = self.date.date()
        except ValueError:
            when = None
            problems.append(FieldProblem("Date of stage", date_problem(self.date.line.text())))
        else:
            if when is None:
                problems.append(FieldProblem("Date of stage", "is required"))
        if problems:
            self.errors.show(problems)
            return False
        step = StageChange(stage=self.stage.value(), date=when, reason=self.reason.toPlainText().strip())
        fn = records.record_child_stage if self.is_child else records.record_family_stage
        try:
            changes = self.ctx.run(self, fn, self.ctx.session, self.record_id, step, show_validation=False)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if changes is None:
            return False
        self.accept()
        return True
