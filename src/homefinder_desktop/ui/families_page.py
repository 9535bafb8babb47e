"""Prospective and approved adopters: the register, the family's record, assessment stages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton

from ..domain.needs import (ABUSE_KINDS, CONTACT_KINDS, MAX_AGE_YEARS, MAX_CHILDREN, NOT_RECORDED, OFFER_FIELD,
                            SEXES_WANTED, SIBLINGS_OK, offer_levels)
from ..domain.records import FAMILY_STAGES, Agency, Family, Worker
from ..services import list_export
from .models import AGENCY_KIND_SHORT, FamiliesModel
from .record_form import FieldSpec, heading
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
            *offer_specs(),
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

    def show_filtered(self, stage: str | None = None) -> None:
        """The families a bar on the Start page counted: at one stage, of every agency."""
        self.agency_filter.blockSignals(True)
        self.agency_filter.setCurrentIndex(0)
        self.agency_filter.blockSignals(False)
        self.model.query.agency_kind = None
        super().show_filtered(stage)

    def title_of(self, record: Family) -> str:
        name = record.name or "New family"
        return f"{name} · {record.reference}" if record.reference else name

    def blank_record(self) -> Family:
        return Family(stage="enquiry", stage_date=self.ctx.session.today())



def offer_specs() -> list[FieldSpec]:
    """What the family offers and wants, in the words of the children's needs (domain.needs)."""
    return [
        heading("What they offer and want"),
        FieldSpec("max_children", "number", limits=(1, MAX_CHILDREN),
                  hint="The most children they could take at once"),
        FieldSpec("age_min", "number", limits=(0, MAX_AGE_YEARS)),
        FieldSpec("age_max", "number", limits=(0, MAX_AGE_YEARS)),
        FieldSpec("sexes_wanted", "choice", SEXES_WANTED, blank=NOT_RECORDED),
        FieldSpec("siblings_ok", "choice", SIBLINGS_OK, blank=NOT_RECORDED,
                  hint="Would they take brothers and sisters together?"),
        *(FieldSpec(attr, "choice", offer_levels(scale), blank=NOT_RECORDED,
                    hint="The most they feel able to meet") for scale, attr in OFFER_FIELD.items()),
        FieldSpec("abuse_ok", "codes", ABUSE_KINDS),
        FieldSpec("contact_ok", "codes", CONTACT_KINDS),
        FieldSpec("ethnicity"),
        FieldSpec("religion"),
        FieldSpec("language"),
        FieldSpec("offer_notes", "multiline"),
    ]
