"""Referrals to the partner agency: a child for family finding, or adopters for assessment.
The list (open ones first of all), the referral's form, and its dated status history."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from ..domain.records import REFERRAL_KINDS, REFERRAL_STATUSES, Agency, Child, Family, Referral
from ..services import list_export, records
from .models import ReferralsModel
from .record_form import FieldSpec
from .record_page import RecordPage
from .stage_dialog import ReferralStatusDialog
from .widgets import export_list, list_button, offer_to_open_pdf, print_list

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

    # -- the list as a spreadsheet or a printout ------------------------------------------------
    def build_head(self, row: QHBoxLayout) -> None:
        self.export_button = list_button(self, "Export list…", "The referrals the list shows, in its order, "
                                         "with reason, status history and outcome, as an Excel workbook or a "
                                         "CSV file", self.export_list)
        row.addWidget(self.export_button)
        self.print_button = list_button(self, "Save list as PDF…", "The referrals the list shows, in its "
                                        "order, with how long each has been open, as a PDF to print (Ctrl+P)",
                                        self.save_list_as_pdf)
        row.addWidget(self.print_button)
        self.print_action = QAction("Save list as PDF…", self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda _checked=False: self.save_list_as_pdf())
        self.addAction(self.print_action)

    def export_list(self) -> Path | None:
        """Export exactly the referrals the list finds, in its order, to XLSX or CSV."""
        return export_list(self, "referrals", list_export.export_referrals)

    def save_list_as_pdf(self) -> Path | None:
        """Save exactly the referrals the list shows, in its order, as the referrals register PDF
        (open referrals and how long each has waited, as the list opens); then offer to open it."""
        return print_list(self, "referrals", records.referral_register_title, records.save_referral_register,
                          self.offer_to_open)

    def offer_to_open(self, saved: Path, count: int) -> bool:
        referrals = "1 referral" if count == 1 else f"{count:,} referrals"
        return offer_to_open_pdf(self, "Referrals list saved", f"The list of {referrals}", saved)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        locked = self.ctx.session.locked
        for control in (self.export_button, self.print_button, self.print_action):
            control.setEnabled(not locked)

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
