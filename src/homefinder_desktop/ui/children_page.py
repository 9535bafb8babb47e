"""Children with an adoption plan: the register, the child's record, and the dated stages."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from ..domain.formatting import format_date
from ..domain.records import CHILD_STAGES, SEXES, Child, SiblingGroup, Worker
from .models import ChildrenModel
from .widgets import FieldSpec, RecordPage


class ChildrenPage(RecordPage):
    title = "Children"
    icon = "children"
    shortcut = "Ctrl+2"
    record_cls = Child
    noun = "child"
    new_label = "New child"
    lookups = {"sibling_group_id": SiblingGroup, "social_worker_id": Worker}
    stage_choices = CHILD_STAGES
    list_share = 0.62
    search_placeholder = "Search by name, reference or sibling group"
    column_widths = {ChildrenModel.COL_REFERENCE: "C-00000", ChildrenModel.COL_NAME: "Fairbairn, Charlie",
                     ChildrenModel.COL_AGE: "11 months", ChildrenModel.COL_SEX: "Female",
                     ChildrenModel.COL_STAGE: "Placement order", ChildrenModel.COL_SINCE: "00/00/0000",
                     ChildrenModel.COL_GROUP: "Dunmore siblings"}

    def make_model(self) -> ChildrenModel:
        return ChildrenModel(self.ctx, parent=self)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("reference", "readonly"),
            FieldSpec("first_name", required=True),
            FieldSpec("last_name"),
            FieldSpec("date_of_birth", "date", required=True),
            FieldSpec("sex", "choice", SEXES, required=True, blank="Choose…"),
            FieldSpec("ethnicity"),
            FieldSpec("religion"),
            FieldSpec("language"),
            FieldSpec("date_entered_care", "date"),
            FieldSpec("placement_order_date", "date"),
            FieldSpec("stage", "choice", CHILD_STAGES,
                      hint="For a new child: where the plan is now. Later steps: “Record a new stage…”"),
            FieldSpec("stage_date", "date"),
            FieldSpec("sibling_group_id", "lookup",
                      hint="Brothers and sisters to be considered together (see Sibling groups)"),
            FieldSpec("social_worker_id", "lookup"),
            FieldSpec("team"),
            FieldSpec("notes", "multiline"),
        ]

    def build_filters(self, row: QHBoxLayout) -> None:
        self.stage_filter = QComboBox(self)
        self.stage_filter.setAccessibleName("Stage")
        self.stage_filter.addItem("All stages", None)
        for code, label in CHILD_STAGES.items():
            self.stage_filter.addItem(label, code)
        self.stage_filter.currentIndexChanged.connect(
            lambda: self.apply_filter(stage=self.stage_filter.currentData()))
        row.addWidget(self.stage_filter)

    def title_of(self, record: Child) -> str:
        name = record.display_name or "New child"
        return f"{name} · {record.reference}" if record.reference else name

    def blank_record(self) -> Child:
        return Child(stage="agency_decision", stage_date=self.ctx.session.today())

    def after_load(self, record: Child) -> None:
        # The stage moves only through "Record a new stage", so its history keeps the date.
        is_new = record.id is None
        for attr in ("stage", "stage_date"):
            self.editor.set_editable(attr, is_new)
        if not is_new and record.stage_date:
            self.editor.widgets["stage"].setToolTip(
                f"Since {format_date(record.stage_date)}. Change it with “Record a new stage…”")
