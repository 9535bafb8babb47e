"""Children with an adoption plan: the register, the child's record, and the dated stages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton

from ..domain.records import CHILD_STAGES, SEXES, Child, SiblingGroup, Worker
from ..services import records
from .models import ChildrenModel
from .unlock_dialog import busy
from .record_form import FieldSpec
from .record_page import RecordPage
from .widgets import ask_where_to_save_pdf


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

    def build_head(self, row: QHBoxLayout) -> None:
        self.print_button = QPushButton("Save list as PDF…", self)
        self.print_button.setToolTip("The children the list shows, in its order, as a PDF to print (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.save_list_as_pdf())
        row.addWidget(self.print_button)
        self.print_action = QAction("Save list as PDF…", self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda _checked=False: self.save_list_as_pdf())
        self.addAction(self.print_action)

    # -- the list as a printout -----------------------------------------------------------------
    def default_pdf_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder_path = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        return folder_path / f"children-register-{self.ctx.session.today().isoformat()}.pdf"

    def save_list_as_pdf(self) -> Path | None:
        """Save exactly the children the list shows, in its order, as the register PDF; then offer
        to open it in the PDF viewer to print. Returns where it was saved (None: not saved)."""
        session = self.ctx.session
        if session.locked:
            return None
        ids = self.model.ids
        title = self.ctx.run(self, records.child_register_title, session, self.model.query)
        if title is None:
            return None
        chosen = ask_where_to_save_pdf(self, "Save the children list as a PDF", self.default_pdf_path())
        if chosen is None:
            return None
        with busy():
            saved = self.ctx.run(self, records.save_child_register, session, ids, chosen, title)
        if saved is None:
            return None
        self.ctx.status.emit(f"Saved the children list as {saved.name}")
        if self.offer_to_open(saved, len(ids)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))
        return saved

    def offer_to_open(self, saved: Path, count: int) -> bool:
        """True if the worker wants the PDF opened in the system's viewer (to print it)."""
        children = "1 child" if count == 1 else f"{count:,} children"
        box = QMessageBox(QMessageBox.Icon.Information, "Children list saved",
                          f"The list of {children} is saved as {saved.name} in {saved.parent}.", parent=self)
        box.setInformativeText("Open it in your PDF viewer to print it. It holds personal details: keep it "
                               "on an encrypted drive, and delete it once it is printed.")
        open_button = box.addButton("Open to print", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        return box.clickedButton() is open_button

    def _update_buttons(self) -> None:
        super()._update_buttons()
        locked = self.ctx.session.locked
        self.print_button.setEnabled(not locked)
        self.print_action.setEnabled(not locked)

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

    def title_of(self, record: Child) -> str:
        name = record.display_name or "New child"
        return f"{name} · {record.reference}" if record.reference else name

    def blank_record(self) -> Child:
        return Child(stage="agency_decision", stage_date=self.ctx.session.today())

