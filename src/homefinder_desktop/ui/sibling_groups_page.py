"""Sibling groups: brothers and sisters considered together, the placement decision, and
the children in each group."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..domain.needs import SCALES
from ..domain.records import PLACEMENT_DECISIONS, Child, SiblingGroup
from ..services import list_export, records
from ..services.records import RegisterQuery
from .models import ChildrenModel, SiblingGroupsModel
from .record_form import FieldSpec
from .record_page import RecordPage
from .widgets import export_list, list_button, make_table_view


class SiblingGroupsPage(RecordPage):
    title = "Sibling groups"
    icon = "sibling-groups"
    shortcut = "Ctrl+4"
    record_cls = SiblingGroup
    noun = "sibling group"
    new_label = "New sibling group"
    list_share = 0.45
    stretch_column = 0
    search_placeholder = "Search by group name"
    column_widths = {SiblingGroupsModel.COL_NAME: "Fairbairn siblings", SiblingGroupsModel.COL_CHILDREN: "00",
                     SiblingGroupsModel.COL_DECISION: "To be placed together"}
    list_hint = "A child joins a group from the child's own record (Children → Sibling group)."

    def make_model(self) -> SiblingGroupsModel:
        return SiblingGroupsModel(
            self.ctx, lambda q: records.sibling_group_rows(self.ctx.session, q.include_archived), parent=self)

    def build_head(self, row: QHBoxLayout) -> None:
        self.export_button = list_button(self, "Export list…", "The sibling groups the list shows, in its "
                                         "order, with the placement decision and the children in each, as an "
                                         "Excel workbook or a CSV file", self.export_list)
        row.addWidget(self.export_button)

    def export_list(self) -> Path | None:
        """Export exactly the groups the list shows, in the order shown, to XLSX or CSV."""
        return export_list(self, "sibling groups", list_export.export_sibling_groups, as_shown=True)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.export_button.setEnabled(not self.ctx.session.locked)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("name", required=True, hint="e.g. “Marsden siblings”"),
            FieldSpec("decision", "choice", PLACEMENT_DECISIONS),
            FieldSpec("decision_date", "date", hint="Required when the children are to be placed apart"),
            FieldSpec("decision_reason", "multiline", hint="Required when the children are to be placed apart"),
        ]

    def build_extra(self, box: QVBoxLayout, parent: QWidget) -> None:
        group = QGroupBox("Children in this group", parent)
        inner = QVBoxLayout(group)
        self.members = ChildrenModel(self.ctx, RegisterQuery(include_archived=True), parent=self)
        self.members_view = make_table_view(group, self.members, {
            ChildrenModel.COL_REFERENCE: "C-00000", ChildrenModel.COL_NAME: "Fairbairn, Charlie",
            ChildrenModel.COL_AGE: "11 months", ChildrenModel.COL_SEX: "Female",
            ChildrenModel.COL_STAGE: "Placement order", ChildrenModel.COL_SINCE: "00/00/0000"})
        self.members_view.setObjectName("groupChildren")
        self.members_view.setAccessibleName("Children in this group")
        for column in (ChildrenModel.COL_GROUP,):
            self.members_view.setColumnHidden(column, True)
        self.members_view.setMinimumHeight(150)
        inner.addWidget(self.members_view)
        self.members_note = QLabel(group)
        self.members_note.setWordWrap(True)
        inner.addWidget(self.members_note)
        box.addWidget(group)
        self.members_box = group
        # Family finding looks for one family for the whole group: the most any child needs on
        # each scale, and every kind of history and contact among them.
        self.needs_box = QGroupBox("Needs of the group, as one unit", parent)
        self.needs_form = QFormLayout(self.needs_box)
        self.needs_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.needs_labels: dict[str, QLabel] = {}
        for field in (*SCALES, "abuse", "contact"):
            value = QLabel(self.needs_box)
            value.setWordWrap(True)
            value.setObjectName(f"groupNeeds_{field}")
            self.needs_labels[field] = value
            label = QLabel(Child.label(field), self.needs_box)
            label.setWordWrap(True)
            self.needs_form.addRow(label, value)
        box.addWidget(self.needs_box)

    def show_extra(self, record) -> None:
        if record is None or record.id is None or self.ctx.session.locked:
            self.needs_box.hide()
            for label in self.needs_labels.values():
                label.clear()
            self.members.clear()
            self.members_box.setVisible(record is not None and not self.ctx.session.locked)
            self.members_note.clear()
            return
        self.members_box.setVisible(True)
        self.members.set_query(sibling_group_id=record.id, sort="date_of_birth")
        needs = self.ctx.run(self, records.sibling_group_needs, self.ctx.session, record.id) or {}
        self.needs_box.setVisible(bool(needs))
        for field, label in self.needs_labels.items():
            label.setText(needs.get(field, ""))
        n = self.members.rowCount()
        self.members_note.setText("No children are in this group yet." if n == 0 else
                                  f"{n} {'child' if n == 1 else 'children'}; archived children are greyed.")

    def extra_tables(self) -> tuple[str, ...]:
        return ("children", "child_stages")

    def lookup_tables(self) -> tuple[str, ...]:
        return ()

    def on_changes(self, changes) -> None:
        super().on_changes(changes)
        # A child joining or leaving a group changes the counts in the list too.
        if changes.touches("children") and not self.ctx.session.locked:
            self.reload_list()
