"""Record the next dated step of a history: a child's stage, a family's assessment stage, or a
referral's status. One dialog; each use says its choices, its words and the service to call."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem
from ..domain.formatting import date_problem, format_date
from ..domain.records import (CHILD_STAGE_ORDER, CHILD_STAGES, FAMILY_STAGES, REFERRAL_STATUSES, Child,
                              Referral, StageChange)
from ..services import records
from .context import AppContext
from .record_form import FormErrors
from .widgets import ChoiceCombo, DateEdit


class StepDialog(QDialog):
    """The current step, then: the next step (a choice), its date, and a text (reason or
    outcome). Problems are shown at their fields and nothing is recorded."""

    def __init__(self, ctx: AppContext, cls: type, record_id: int, *, window_title: str, heading: str,
                 object_name: str,
                 all_steps: dict[str, str], choices: dict[str, str], choice_label: str, date_label: str,
                 text_label: str, placeholder: str, note: str, button: str,
                 suggest: Callable[[str | None], str], submit: Callable, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.record_id = record_id
        self.date_label = date_label
        self._submit = submit
        self.setWindowTitle(window_title)
        self.setObjectName(object_name)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        title = QLabel(heading, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        history = ctx.run(self, records.stage_history, ctx.session, cls, record_id) or []
        last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        if last:
            self.current.setText(f"Now: {all_steps.get(last.stage, last.stage)}, since {format_date(last.date)}.")
        layout.addWidget(self.current)

        summary = QLabel(self)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.choice = ChoiceCombo(choices, parent=self)
        self.choice.setAccessibleName(choice_label)
        self.choice.setValue(suggest(last.stage if last else None))
        self.date = DateEdit(self)
        self.date.setDate(ctx.session.today())
        self.date.line.setAccessibleName(date_label)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(placeholder)
        self.text.setAccessibleName(text_label)
        self.text.setMinimumHeight(85)
        for label, widget in ((choice_label, self.choice), (date_label, self.date), (text_label, self.text)):
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

        explanation = QLabel(note, self)
        explanation.setWordWrap(True)
        explanation.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(explanation)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def record(self) -> bool:
        """Record the step; on problems mark the fields and record nothing."""
        try:
            when = self.date.date()
        except ValueError:
            self.errors.show([FieldProblem(self.date_label, date_problem(self.date.line.text()))])
            return False
        if when is None:
            self.errors.show([FieldProblem(self.date_label, "is required")])
            return False
        step = StageChange(stage=self.choice.value(), date=when, reason=self.text.toPlainText().strip())
        if self.ctx.run_marking(self, self.errors, self._submit, self.ctx.session, self.record_id, step) is None:
            return False
        self.accept()
        return True


def _next_stage(cls: type, last: str | None) -> str:
    """The next stage along the plan or the assessment: the usual step."""
    if cls is not Child:
        order = ["enquiry", "stage_one", "stage_two", "approved"]
        return order[min(order.index(last) + 1, len(order) - 1)] if last in order else "enquiry"
    if last in CHILD_STAGE_ORDER and last not in ("adoption_order", "plan_changed"):
        return CHILD_STAGE_ORDER[CHILD_STAGE_ORDER.index(last) + 1]
    return last or "agency_decision"


class StageDialog(StepDialog):
    """A new stage of a child's plan or a family's assessment."""

    def __init__(self, ctx: AppContext, cls: type, record_id: int, title: str = "",
                 parent: QWidget | None = None):
        is_child = cls is Child
        stages = CHILD_STAGES if is_child else FAMILY_STAGES
        super().__init__(
            ctx, cls, record_id, window_title="Record a new stage", heading=title or "Record a new stage",
            object_name="stageDialog",
            all_steps=stages, choices=stages, choice_label="Stage" if is_child else "Assessment stage",
            date_label="Date of stage", text_label="Reason",
            placeholder="Needed when the plan changes, a family withdraws, or a case goes back to an "
                        "earlier stage",
            note="The stage and its date are added to the history; earlier steps are never changed.",
            button="Record stage", suggest=lambda last: _next_stage(cls, last),
            submit=records.record_child_stage if is_child else records.record_family_stage, parent=parent)
        self.stage, self.reason = self.choice, self.text
        self.is_child = is_child

    def record(self) -> bool:
        recorded = super().record()
        if recorded and self.is_child and self.stage.value() == "adoption_order":
            # The adoption order makes a placement's second fee due: offer to draw it from the fund.
            from .fund_dialogs import offer_fees_for_child

            offer_fees_for_child(self.ctx, self.parentWidget(), self.record_id)
        return recorded


class ReferralStatusDialog(StepDialog):
    """The next status of a referral; closing it asks for the outcome."""

    def __init__(self, ctx: AppContext, referral_id: int, title: str = "", parent: QWidget | None = None):
        super().__init__(
            ctx, Referral, referral_id, window_title="Record a status", heading=title or "Record a status",
            object_name="referralStatusDialog",
            all_steps=REFERRAL_STATUSES,
            choices={k: v for k, v in REFERRAL_STATUSES.items() if k != "open"},
            choice_label="Status", date_label="Date of status", text_label="Outcome",
            placeholder="Needed to close a referral (accepted, declined or withdrawn)",
            note="The first status after “Open” is the partner's response: its date is kept as the "
                 "response date. Earlier steps are never changed.",
            button="Record status",
            suggest=lambda last: "acknowledged" if last in (None, "open") else "accepted",
            submit=records.record_referral_status, parent=parent)
        self.status, self.outcome = self.choice, self.text
