"""Prospective and approved adopters: the register, the family's record, assessment stages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton

from ..domain.records import FAMILY_STAGES, Agency, Family, Worker
from ..services import list_export
from .models import AGENCY_KIND_SHORT, FamiliesModel
from .record_form import FieldSpec
from .record_page import RecordPage
from .widgets import export_list


class FamiliesPage(RecordPage):
    title = "Families"
    icon = "families"
    shortcut = "Ctrl+3"
    record_cls = Family
    noun = "family"
    new_label = "New family"
    lookups = {"agency_id": Agency, "social_worker_id": Worker}
    stage_choices = FAMILY_STAGES
    search_placeholder = "Search by family, adopter, reference or area"
    column_widths = {FamiliesModel.COL_REFERENCE: "F-00000", FamiliesModel.COL_NAME: "Fairbairn family",
                     FamiliesModel.COL_AGENCY: "Brightpath Adoption", FamiliesModel.COL_STAGE: "Approved at panel",
                     FamiliesModel.COL_APPROVED: "00/00/0000", FamiliesModel.COL_AREA: "Longford Vale"}

    def make_model(self) -> FamiliesModel:
        return FamiliesModel(self.ctx, parent=self)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("reference", "readonly"),
            FieldSpec("name", required=True),
            FieldSpec("adopter_one", required=True),
            FieldSpec("adopter_two"),
            FieldSpec("agency_id", "lookup", required=True, hint="The agency that assesses and approves them"),
            FieldSpec("stage", "choice", FAMILY_STAGES,
                      hint="For a new family: where the assessment is now. Later: “Record a new stage…”"),
            FieldSpec("stage_date", "date"),
            FieldSpec("approval_date", "date"),
            FieldSpec("household", "multiline"),
            FieldSpec("area"),
            FieldSpec("social_worker_id", "lookup"),
            FieldSpec("notes", "multiline"),
        ]

    def build_head(self, row: QHBoxLayout) -> None:
        self.export_button = QPushButton("Export list…", self)
        self.export_button.setToolTip("The families the list shows, in its order, as an Excel workbook "
                                      "or a CSV file")
        self.export_button.clicked.connect(lambda: self.export_list())
        row.addWidget(self.export_button)

    def export_list(self) -> Path | None:
        """Export exactly the families the list finds, in its order, to XLSX or CSV."""
        return export_list(self, "families", list_export.export_families)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.export_button.setEnabled(not self.ctx.session.locked)

    def build_filters(self, row: QHBoxLayout) -> None:
        super().build_filters(row)
        self.agency_filter = QComboBox(self)
        self.agency_filter.setAccessibleName("Agency")
        self.agency_filter.addItem("All agencies", None)
        for code, label in AGENCY_KIND_SHORT.items():
            self.agency_filter.addItem(label, code)
        self.agency_filter.currentIndexChanged.connect(
            lambda: self.apply_filter(agency_kind=self.agency_filter.currentData()))
        row.addWidget(self.agency_filter)

    def title_of(self, record: Family) -> str:
        name = record.name or "New family"
        return f"{name} · {record.reference}" if record.reference else name

    def blank_record(self) -> Family:
        return Family(stage="enquiry", stage_date=self.ctx.session.today())

