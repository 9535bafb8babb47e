"""Agencies (the council's own service, the partner agency, others) and their workers and
contacts: social workers, managers, family finders."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QPushButton,
                               QVBoxLayout, QWidget)

from ..domain.records import AGENCY_KINDS, Agency, Worker
from ..services import list_export, records
from .context import AppContext
from .models import ARCHIVED_ROLE, AgenciesModel, WorkersModel
from .record_form import FieldSpec, RecordEditor
from .record_page import RecordPage
from .widgets import export_list, list_button, make_table_view

WORKER_SPECS = [
    FieldSpec("name", required=True),
    FieldSpec("role", hint="e.g. Social worker, Team manager, Family finder"),
    FieldSpec("agency_id", "lookup", required=True),
    FieldSpec("team"),
    FieldSpec("phone"),
    FieldSpec("email"),
]


class WorkerDialog(QDialog):
    """Add or change one worker or contact."""

    def __init__(self, ctx: AppContext, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workerDialog")
        self.setWindowTitle("New contact" if worker.id is None else "Contact")
        layout = QVBoxLayout(self)
        self.editor = RecordEditor(Worker, WORKER_SPECS, self)
        names = ctx.run(self, records.names, ctx.session, Agency) or {}
        self.editor.set_lookup("agency_id", names)
        self.editor.load(worker)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def save(self) -> bool:
        changes = self.editor.submit(self.ctx, self)
        if changes is None:
            return False
        self.saved_id = changes.record_id
        self.accept()
        return True


class AgenciesPage(RecordPage):
    title = "Agencies & contacts"
    icon = "agencies"
    shortcut = "Ctrl+5"
    record_cls = Agency
    noun = "agency"
    new_label = "New agency"
    list_share = 0.45
    stretch_column = 0
    search_placeholder = "Search agencies"
    column_widths = {AgenciesModel.COL_NAME: "Harbourside Family Plac", AgenciesModel.COL_KIND: "Council's own",
                     AgenciesModel.COL_PHONE: "01632 960 000"}

    def make_model(self) -> AgenciesModel:
        return AgenciesModel(self.ctx, lambda q: records.agency_rows(self.ctx.session, q.include_archived),
                             parent=self)

    def build_head(self, row: QHBoxLayout) -> None:
        self.export_button = list_button(self, "Export list…", "The agencies the list shows, each with its "
                                         "workers and contacts (one row per person), as an Excel workbook or "
                                         "a CSV file", self.export_list)
        row.addWidget(self.export_button)

    def export_list(self) -> Path | None:
        """Export the agencies the list shows, in the order shown, with their contacts, to XLSX or CSV."""
        return export_list(self, "agencies and contacts", list_export.export_agencies, as_shown=True)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.export_button.setEnabled(not self.ctx.session.locked)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("name", required=True),
            FieldSpec("kind", "choice", AGENCY_KINDS),
            FieldSpec("phone"),
            FieldSpec("email"),
            FieldSpec("address", "multiline"),
        ]

    def build_extra(self, box: QVBoxLayout, parent: QWidget) -> None:
        group = QGroupBox("Workers and contacts at this agency", parent)
        inner = QVBoxLayout(group)
        self.workers = WorkersModel(self.ctx, self._load_workers, parent=self)
        self.workers_view = make_table_view(group, self.workers, {
            WorkersModel.COL_NAME: "Michael Chowdhury", WorkersModel.COL_ROLE: "Team manager",
            WorkersModel.COL_TEAM: "Children in Care North", WorkersModel.COL_PHONE: "01632 960 000"})
        self.workers_view.setObjectName("workers")
        self.workers_view.setAccessibleName("Workers and contacts")
        self.workers_view.setMinimumHeight(220)
        self.workers_view.doubleClicked.connect(lambda _i: self.edit_worker())
        self.workers_view.activated.connect(lambda _i: self.edit_worker())
        inner.addWidget(self.workers_view)
        buttons = QHBoxLayout()
        self.add_worker_button = QPushButton("Add contact…", group)
        self.add_worker_button.clicked.connect(self.add_worker)
        self.edit_worker_button = QPushButton("Edit contact…", group)
        self.edit_worker_button.clicked.connect(self.edit_worker)
        self.archive_worker_button = QPushButton("Archive contact", group)
        self.archive_worker_button.clicked.connect(self.archive_worker)
        buttons.addWidget(self.add_worker_button)
        buttons.addWidget(self.edit_worker_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_worker_button)
        inner.addLayout(buttons)
        self.workers_view.selectionModel().currentRowChanged.connect(lambda *_: self._worker_buttons())
        box.addWidget(group)
        self.workers_box = group

    def _load_workers(self, query) -> list[dict]:
        if self.current_id is None:
            return []
        return records.worker_rows(self.ctx.session, self.current_id, self.show_archived.isChecked())

    def show_extra(self, record) -> None:
        visible = record is not None and record.id is not None and not self.ctx.session.locked
        self.workers_box.setVisible(visible)
        if visible:
            self.workers.reload()
        else:
            self.workers.clear()
        self._worker_buttons()

    def _worker_buttons(self) -> None:
        row = self.workers_view.currentIndex().row()
        has = row >= 0
        archived = bool(self.workers.index(row, 0).data(ARCHIVED_ROLE)) if has else False
        self.edit_worker_button.setEnabled(has)
        self.archive_worker_button.setEnabled(has)
        self.archive_worker_button.setText("Restore contact" if archived else "Archive contact")

    def extra_tables(self) -> tuple[str, ...]:
        return ("workers",)

    def on_changes(self, changes) -> None:
        super().on_changes(changes)
        # A contact added or archived changes the count beside its agency.
        if changes.touches("workers") and not self.ctx.session.locked:
            self.reload_list()

    def _archived_toggled(self, on: bool) -> None:
        super()._archived_toggled(on)
        if self.current_id is not None:
            self.workers.reload()

    def selected_worker_id(self) -> int | None:
        row = self.workers_view.currentIndex().row()
        return self.workers.id_at(row) if row >= 0 else None

    def worker_dialog(self, worker: Worker) -> WorkerDialog:
        dialog = WorkerDialog(self.ctx, worker, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def add_worker(self):
        if self.current_id is None:
            return None
        return self.worker_dialog(Worker(agency_id=self.current_id))

    def edit_worker(self):
        worker_id = self.selected_worker_id()
        if worker_id is None:
            return None
        worker = self.ctx.run(self, records.get, self.ctx.session, Worker, worker_id)
        return self.worker_dialog(worker) if worker else None

    def archive_worker(self) -> None:
        worker_id = self.selected_worker_id()
        if worker_id is None:
            return
        worker = self.ctx.run(self, records.get, self.ctx.session, Worker, worker_id)
        if worker is None:
            return
        fn = records.restore if worker.archived else records.archive
        self.ctx.run(self, fn, self.ctx.session, Worker, worker_id)
