"""Sibling groups: brothers and sisters considered together, the placement decision, and
the children in each group."""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ..domain.records import PLACEMENT_DECISIONS, SiblingGroup
from ..services import records
from ..services.records import RegisterQuery
from .models import ChildrenModel, SiblingGroupsModel
from .record_form import FieldSpec
from .record_page import RecordPage
from .widgets import make_table_view


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

    def show_extra(self, record) -> None:
        if record is None or record.id is None or self.ctx.session.locked:
            self.members.clear()
            self.members_box.setVisible(record is not None and not self.ctx.session.locked)
            self.members_note.clear()
            return
        self.members_box.setVisible(True)
        self.members.set_query(sibling_group_id=record.id, sort="date_of_birth")
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
