"""Referrals to the partner agency: a child for family finding, or adopters for assessment.
The list (open ones first of all), the referral's form, and its dated status history."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QPlainTextEdit, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.records import REFERRAL_KINDS, REFERRAL_STATUSES, Agency, Child, Family, Referral, StageChange
from ..services import records
from .context import AppContext
from .models import ReferralsModel
from .record_form import FieldSpec, FormErrors
from .record_page import RecordPage
from .widgets import ChoiceCombo, DateEdit

# The "open for" filter: open referrals made more than this many days ago.
AGE_FILTERS = {None: "Any age", 30: "Open over 30 days", 60: "Open over 60 days", 90: "Open over 90 days"}


class ReferralsPage(RecordPage):
    title = "Referrals"
    icon = "referrals"
    shortcut = "Ctrl+6"  # Ctrl+2..5 stay where workers know them
    record_cls = Referral
    noun = "referral"
    new_label = "New referral"
    lookups = {"child_id": Child, "family_id": Family, "from_agency_id": Agency, "to_agency_id": Agency}
    stage_choices = REFERRAL_STATUSES
    search_placeholder = "Search by reference, child, family or reason"
    column_widths = {ReferralsModel.COL_REFERENCE: "R-00000", ReferralsModel.COL_REFERRED: "Florence Kettering",
                     ReferralsModel.COL_KIND: "Adopter", ReferralsModel.COL_REFERRED_ON: "00/00/0000",
                     ReferralsModel.COL_TO: "Brightpath Adoption", ReferralsModel.COL_STATUS: "Acknowledged",
                     ReferralsModel.COL_RESPONSE: "00/00/0000", ReferralsModel.COL_DAYS: "000 days",
                     ReferralsModel.COL_AGE: "000 days"}

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        assert self.stages_box is not None
        self.stages_box.setTitle("Status history")
        self.stages_box.list.setHeaderLabels(["Date", "Status", "Outcome or note", "Recorded by"])
        self.stages_box.record_button.setText("Record a status…")
        self.stages_box.record_button.setToolTip("Add a dated status: acknowledged, accepted, declined or "
                                                 "withdrawn (Ctrl+Shift+G)")
        self.stage_action.setText("Record a status")
        self.editor.widgets["kind"].currentIndexChanged.connect(self._kind_changed)

    def make_model(self) -> ReferralsModel:
        return ReferralsModel(self.ctx, parent=self)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("reference", "readonly"),
            FieldSpec("kind", "choice", REFERRAL_KINDS, required=True),
            FieldSpec("child_id", "lookup", hint="The child (or one of a sibling group) referred for family finding"),
            FieldSpec("family_id", "lookup", hint="The prospective adopters, or foster carers wishing to adopt"),
            FieldSpec("referred_on", "date", required=True),
            FieldSpec("from_agency_id", "lookup", required=True),
            FieldSpec("to_agency_id", "lookup", required=True),
            FieldSpec("reason", "multiline"),
            FieldSpec("status", "readonly", REFERRAL_STATUSES),
            FieldSpec("response_date", "readonly"),
            FieldSpec("outcome", "multiline", hint="Needed once the referral is closed"),
        ]

    def build_filters(self, row: QHBoxLayout) -> None:
        self.kind_filter = QComboBox(self)
        self.kind_filter.setAccessibleName("Kind of referral")
        self.kind_filter.addItem("Both kinds", None)
        for code, label in REFERRAL_KINDS.items():
            self.kind_filter.addItem(label, code)
        self.kind_filter.currentIndexChanged.connect(lambda: self.apply_filter(kind=self.kind_filter.currentData()))
        row.addWidget(self.kind_filter)
        self.open_only = QCheckBox("Open only", self)
        self.open_only.setChecked(True)
        self.open_only.setToolTip("Only referrals still open or acknowledged")
        self.open_only.toggled.connect(lambda on: self.apply_filter(open_only=on))
        row.addWidget(self.open_only)
        self.age_filter = QComboBox(self)
        self.age_filter.setAccessibleName("Open for")
        for days, label in AGE_FILTERS.items():
            self.age_filter.addItem(label, days)
        self.age_filter.currentIndexChanged.connect(
            lambda: self.apply_filter(older_than=self.age_filter.currentData()))
        row.addWidget(self.age_filter)

    def title_of(self, record: Referral) -> str:
        return f"Referral {record.reference}" if record.reference else "New referral"

    def blank_record(self) -> Referral:
        """A new referral: made today, from the council's own agency to the partner."""
        own = partner = None
        if not self.ctx.session.locked:
            for row in self.ctx.run(self, records.agency_rows, self.ctx.session) or []:
                if row["kind"] == "own" and own is None:
                    own = row["id"]
                elif row["kind"] == "partner" and partner is None:
                    partner = row["id"]
        return Referral(kind="child", referred_on=self.ctx.session.today(), from_agency_id=own,
                        to_agency_id=partner)

    def after_load(self, record) -> None:
        self._kind_changed()

    def _kind_changed(self) -> None:
        """A child's referral names a child; an adopters' referral names a family."""
        kind = self.editor.widgets["kind"].value()
        self.editor.set_editable("child_id", kind == "child")
        self.editor.set_editable("family_id", kind == "adopter")
        other = "family_id" if kind == "child" else "child_id"
        if self.editor.widgets[other].value() is not None:
            self.editor.widgets[other].setValue(None)

    def open_stage_dialog(self):
        record = self.editor.loaded()
        if record.id is None or record.archived or self.ctx.session.locked:
            return None
        if not self.confirm_leave():
            return None
        dialog = ReferralStatusDialog(self.ctx, record.id, self.title_of(record), self)
        dialog.open()
        return dialog


class ReferralStatusDialog(QDialog):
    """Record the next dated status of a referral; closing it asks for the outcome."""

    def __init__(self, ctx: AppContext, referral_id: int, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.referral_id = referral_id
        self.setWindowTitle("Record a status")
        self.setObjectName("referralStatusDialog")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(title or "Record a status", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        history = ctx.run(self, records.stage_history, ctx.session, Referral, referral_id) or []
        last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
        self.current = QLabel(self)
        if last:
            self.current.setText(f"Now: {REFERRAL_STATUSES.get(last.stage, last.stage)}, since {format_date(last.date)}.")
        layout.addWidget(self.current)

        summary = QLabel(self)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        later = {k: v for k, v in REFERRAL_STATUSES.items() if k != "open"}
        self.status = ChoiceCombo(later, parent=self)
        self.status.setAccessibleName("Status")
        self.status.setValue("acknowledged" if last is None or last.stage == "open" else "accepted")
        self.date = DateEdit(self)
        self.date.setDate(ctx.session.today())
        self.date.line.setAccessibleName("Date of status")
        self.outcome = QPlainTextEdit(self)
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlaceholderText("Needed to close a referral (accepted, declined or withdrawn)")
        self.outcome.setAccessibleName("Outcome")
        self.outcome.setMinimumHeight(80)
        for label, widget in (("Status", self.status), ("Date of status", self.date), ("Outcome", self.outcome)):
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
        note = QLabel("The first status after “Open” is the partner's response: its date is kept as the "
                      "response date. Earlier steps are never changed.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton("Record status", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 400)

    def record(self) -> bool:
        """Record the status; on problems mark the fields and record nothing."""
        try:
            when = self.date.date()
        except ValueError:
            self.errors.show([FieldProblem("Date of status", date_problem(self.date.line.text()))])
            return False
        if when is None:
            self.errors.show([FieldProblem("Date of status", "is required")])
            return False
        step = StageChange(stage=self.status.value(), date=when, reason=self.outcome.toPlainText().strip())
        try:
            changes = self.ctx.run(self, records.record_referral_status, self.ctx.session, self.referral_id,
                                   step, show_validation=False)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if changes is None:
            return False
        self.accept()
        return True

