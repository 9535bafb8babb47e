"""Matching: the matching matrices (a list on the left, newest first) and one matrix on the right —
the child's needs area by area against two to five families side by side, rated by the worker,
explained by a summary per family, decided by the child's social worker with their manager.

Made for a shared screen: a privacy switch (first names, ages, surnames reduced to an initial) and
a full-screen presentation mode (F5). A decided matrix is the record of the decision: every edit is
off, and a banner says who decided what and why, and which links the decision ended.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..domain import privacy
from ..domain.formatting import age_text, format_date
from ..domain.matrix import CHILD_STAGES_CLOSED, MAX_FAMILIES, MIN_FAMILIES
from ..domain.records import Child, SiblingGroup
from ..services import matrix, records
from ..services.changes import Changes
from .links_page import BANNER
from .matching_widgets import FlowLayout, PickDialog, family_words
from .matrix_cell_dialog import MatrixCellDialog, NeedDialog
from .matrix_view import MatrixModel, MatrixView
from .models import _date
from .page import Page
from .settings_dialog import app_settings
from .style import set_property, set_role
from .widgets import ask_where_to_save_pdf, default_save_folder, offer_to_open_pdf

PRIVACY_KEY = "matching/privacy"  # booleans only: nothing personal is kept in the settings
LIST_HIDDEN_KEY = "matching/list_hidden"
FILTERS = {"all": "All matrices", "open": "Open: not yet decided", "decided": "Decided"}
WATCHED_TABLES = (*matrix.MATRIX_TABLES, "matrix_catalogues", "links", "link_statuses", "children", "families",
                  "sibling_groups", "agencies", "workers")
PRIVACY_TIP = ("Privacy on: families by letter and first names, children by first name, ages instead of dates "
               "of birth, no record notes, and every surname in the text reduced to its initial")
DECIDED_TIP = "The decision is recorded: this matrix does not change. Reopen it as a new version to look again."
FIVE_TIP = "A matrix holds at most five families: take one out before adding another"
TWO_TIP = "A matrix needs at least two families: add another before taking one out"


class MatchingPage(Page):
    title = "Matching"
    icon = "matching"
    shortcut = "Ctrl+0"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.matrix_id: int | None = None
        self.presentation = None
        self.model = MatrixModel(self)
        root = QHBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        root.addWidget(self.splitter)
        self.list_panel = self._build_list()
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self._build_matrix())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 1050])  # the matrix, not the list, fills the screen
        present = QAction("Present on the shared screen", self)
        present.setShortcut(QKeySequence("F5"))
        present.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        present.triggered.connect(lambda _checked=False: self.present())
        self.addAction(present)
        settings = app_settings()
        self.privacy_button.setChecked(bool(settings.value(PRIVACY_KEY, False, type=bool)))
        self.list_button.setChecked(bool(settings.value(LIST_HIDDEN_KEY, False, type=bool)))
        self.refresh()

    # -- the list ---------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(set_role(QLabel("Matching"), "title"))
        self.new_button = QPushButton("New matrix…", box)
        self.new_button.setToolTip("Set two to five families side by side for a child or sibling group still waiting")
        set_property(self.new_button, "primary", True)
        self.new_button.clicked.connect(lambda: self.new_matrix())
        layout.addWidget(self.new_button)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open", box)
        self.open_button.setToolTip("Show the chosen matrix and move to its grid")
        self.open_button.clicked.connect(self.open_chosen)
        self.areas_button = QPushButton("Areas…", box)
        self.areas_button.setToolTip("The areas a matrix asks about, in versions: see them, or add a new version")
        self.areas_button.clicked.connect(self.open_catalogue)
        row.addWidget(self.open_button)
        row.addWidget(self.areas_button)
        layout.addLayout(row)
        self.filter = QComboBox(box)
        self.filter.setAccessibleName("Which matrices")
        for code, words in FILTERS.items():
            self.filter.addItem(words, code)
        self.filter.currentIndexChanged.connect(self.refresh)
        layout.addWidget(self.filter)
        self.list = QListWidget(box)
        self.list.setObjectName("matrixList")
        self.list.setAccessibleName("Matching matrices, newest first")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._picked)
        self.list.itemActivated.connect(lambda _item: self.open_chosen())
        layout.addWidget(self.list, 1)
        return box

    def refresh(self) -> None:
        """The list again (keeping the matrix shown), and the matrix shown, from the database."""
        if self.ctx.session.locked:
            return
        rows = self.ctx.run(self, matrix.matrix_rows, self.ctx.session) or []
        wanted = self.filter.currentData()
        rows = [r for r in rows if wanted == "all" or (wanted == "decided") == bool(r["decided_on"])]
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            item = QListWidgetItem(self._row_words(r))
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.list.addItem(item)
            if r["id"] == self.matrix_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.matrix_id is not None:
            self.show_matrix(self.matrix_id)
        elif self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show_sheet(None)

    def _row_words(self, r: dict) -> str:
        private = self.model.private
        kind = "Sibling group" if r["sibling_group_id"] else "Child"
        unit = kind if private else (r["unit"] or kind)
        version = f" (version {r['version']})" if r["version"] > 1 else ""
        families = f"{r['families']} families"
        if r["decided_on"]:
            chosen = "a family" if private else (r["chosen"] or "a family")
            state = f"Decided {format_date(_date(r['decided_on']))}: {chosen} chosen"
        else:
            state = "Open"
        if r["superseded_by"]:
            state += f"\nSuperseded by {r['superseded_by']}"
        return f"{r['reference']}{version}  {unit}\n{format_date(_date(r['held_on']))} · {families} · {state}"

    def _picked(self, current, _previous) -> None:
        if current is not None:
            self.show_matrix(current.data(Qt.ItemDataRole.UserRole))

    def open_chosen(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.show_matrix(item.data(Qt.ItemDataRole.UserRole))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_in_list(self, matrix_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == matrix_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                return

    # -- one matrix -------------------------------------------------------------------------------
    def _build_matrix(self) -> QWidget:
        screen = QWidget(self)
        layout = QVBoxLayout(screen)
        layout.setContentsMargins(8, 0, 0, 0)
        self.heading = set_role(QLabel("No matrix yet: make one with “New matrix…”."), "title")
        self.heading.setWordWrap(True)
        self.heading.setObjectName("matrixHeading")
        layout.addWidget(self.heading)
        self.facts = set_role(QLabel(""), "hint")
        self.facts.setObjectName("matrixFacts")
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)
        self.banner = QLabel(screen)
        self.banner.setObjectName("decisionBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(BANNER)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.privacy_button = QPushButton("Privacy off", screen)
        self.privacy_button.setObjectName("privacySwitch")
        self.privacy_button.setCheckable(True)
        self.privacy_button.setToolTip(PRIVACY_TIP)
        self.privacy_button.toggled.connect(self.set_private)
        self.present_button = self._button("Present (F5)", "Full screen, large type, for the shared screen", self.present)
        self.list_button = QPushButton("Hide the list", screen)
        self.list_button.setCheckable(True)
        self.list_button.setToolTip("Give the whole page to the matrix, or show the list of matrices again")
        self.list_button.toggled.connect(self.set_list_hidden)
        self.refresh_button = self._button("Refresh from records", "Read the child's and families' records again "
                                           "(ratings and notes stay as they are)", self.refresh_from_records)
        self.add_button = self._button("Add family…", "Add a family (at most five)", self.add_family)
        self.remove_button = self._button("Remove family…", "Take a family out, with the reason (at least two stay)",
                                          self.remove_family)
        self.decide_button = self._button("Record decision…", "Who decided, which family, why and when",
                                          self.record_decision)
        self.reopen_button = self._button("Reopen as new version…", "Look again at a decided matrix: a new version "
                                          "starts from this one, which stays as it was", self.reopen)
        self.print_button = self._button("Save record as PDF…", "Save the matrix record as a PDF (CONFIDENTIAL), "
                                         "with the privacy switch as it is on the screen", self.print_record)
        self.preview_button = self._button("Print preview…", "See the matrix record's pages as they will print, with "
                                           "the privacy switch as it is on the screen, then print them",
                                           self.preview_record)
        # The buttons run on in one line when the page is wide, and wrap when the list takes room.
        bar = QWidget(screen)
        flow = FlowLayout(bar)
        for button in (self.privacy_button, self.present_button, self.decide_button, self.refresh_button,
                       self.add_button, self.remove_button, self.reopen_button, self.print_button, self.preview_button,
                       self.list_button):
            flow.addWidget(button)
        layout.addWidget(bar)
        self.view = MatrixView(self.model, screen)
        self.view.cell_requested.connect(lambda index: self.open_cell(index))
        layout.addWidget(self.view, 1)
        return screen

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setProperty("tip", tip)  # what it does, said again after a decided matrix's note
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def show_record(self, matrix_id: int) -> None:
        """Asked by another page (ctx.show_record): list it (every matrix, so the filter cannot hide
        it) and show it."""
        self.matrix_id = matrix_id
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(max(self.filter.findData("all"), 0))
        self.filter.blockSignals(False)
        self.refresh()

    def show_matrix(self, matrix_id: int) -> None:
        sheet = self.ctx.run(self, matrix.open_matrix, self.ctx.session, matrix_id)
        if sheet is None:
            return
        keep = self._current_cells() if matrix_id == self.matrix_id else {}
        self.matrix_id = matrix_id
        self._show_sheet(sheet)
        for view, (row, column) in keep.items():
            if row < self.model.rowCount() and column < self.model.columnCount():
                view.setCurrentIndex(self.model.index(row, column))
        self._select_in_list(matrix_id)

    def _views(self) -> list[MatrixView]:
        return [self.view] + ([self.presentation.view] if self.presentation is not None else [])

    def _current_cells(self) -> dict:
        return {v: (v.currentIndex().row(), v.currentIndex().column()) for v in self._views()
                if v.currentIndex().isValid()}

    def _show_sheet(self, sheet) -> None:
        self.model.set_sheet(sheet)
        self._update_words()
        self._update_buttons()

    def _update_words(self) -> None:
        sheet = self.model.sheet
        if sheet is None:
            self.heading.setText("No matrix open: choose one on the left, or make one with “New matrix…”.")
            self.facts.setText("")
            self.banner.hide()
            return
        private, mask = self.model.private, self.model.mask
        self.heading.setText(f"{self.model.unit_label()} — {sheet.reference}, version {sheet.version}")
        kids = sheet.unit.children
        children = privacy.child_facts(kids[0], sheet.as_at, private) if len(kids) == 1 else "; ".join(
            f"{privacy.child_label(c, private)}: {privacy.child_facts(c, sheet.as_at, private)}" for c in kids)
        facts = [f"Held on {format_date(sheet.held_on)} · areas version {sheet.catalogue.version} · {children}"]
        if sheet.previous_reference:
            facts.append(f"Reopened from {sheet.previous_reference}: {mask(sheet.reopened_reason)}")
        self.facts.setText("\n".join(facts))
        banner = []
        if sheet.decided:
            d = sheet.decision
            chosen = self.model.family_label(sheet.family(d.family_id))
            banner.append(f"Decided on {format_date(d.decided_on)} by {mask(d.social_worker)} with {mask(d.manager)}: "
                          f"{chosen} chosen. Reason: {mask(d.reason).rstrip('.')}. This record does not change; "
                          "reopen it as a new version to look again.")
            if sheet.ended_links:
                banner.append("Links the decision ended: " + "; ".join(
                    f"{e['reference']} ({self._family_words(e['family'])})" for e in sheet.ended_links) + ".")
        if sheet.next_reference:
            banner.append(f"Superseded by {sheet.next_reference}: open that version to carry on.")
        self.banner.setText("\n".join(banner))
        self.banner.setVisible(bool(banner))

    def _family_words(self, name: str) -> str:
        """An ended link's family, as the room may see it (by its column's label)."""
        family = next((f for f in self.model.sheet.families if f.name == name), None)
        return self.model.family_label(family) if family is not None else self.model.mask(name)

    def _update_buttons(self) -> None:
        sheet = self.model.sheet
        shown = sheet is not None and not self.ctx.session.locked
        editable = shown and not sheet.decided
        count = len(sheet.families) if shown else 0
        for button, allowed, why in ((self.refresh_button, True, ""), (self.decide_button, True, ""),
                                     (self.add_button, count < MAX_FAMILIES, FIVE_TIP),
                                     (self.remove_button, count > MIN_FAMILIES, TWO_TIP)):
            button.setEnabled(editable and allowed)
            button.setToolTip(DECIDED_TIP if shown and sheet.decided else button.property("tip") if allowed else why)
        self.reopen_button.setEnabled(shown and sheet.decided and not sheet.next_reference)
        for button in (self.present_button, self.print_button, self.preview_button, self.privacy_button):
            button.setEnabled(shown)
        self.view.setVisible(shown)

    # -- privacy and presenting -------------------------------------------------------------------
    def set_list_hidden(self, hidden: bool) -> None:
        self.list_panel.setVisible(not hidden)
        self.list_button.setText("Show the list" if hidden else "Hide the list")
        settings = app_settings()
        settings.setValue(LIST_HIDDEN_KEY, hidden)
        settings.sync()

    def set_private(self, private: bool) -> None:
        if self.privacy_button.isChecked() != private:
            self.privacy_button.setChecked(private)  # comes back here through toggled
            return
        self.privacy_button.setText("Privacy on" if private else "Privacy off")
        set_property(self.privacy_button, "primary", private)
        self.model.set_private(private)
        settings = app_settings()
        settings.setValue(PRIVACY_KEY, private)
        settings.sync()
        self._update_words()
        self.refresh_list_words()  # the list names children and families too

    def refresh_list_words(self) -> None:
        if self.ctx.session.locked:
            return
        rows = {r["id"]: r for r in self.ctx.run(self, matrix.matrix_rows, self.ctx.session) or []}
        for row in range(self.list.count()):
            item = self.list.item(row)
            found = rows.get(item.data(Qt.ItemDataRole.UserRole))
            if found is not None:
                item.setText(self._row_words(found))

    def present(self):
        """Full screen for the shared screen, privacy on. Returns the window (None: no matrix)."""
        from .matrix_presentation import MatrixPresentation

        if self.model.sheet is None or self.ctx.session.locked:
            return None
        if self.presentation is not None:
            self.presentation.present()
            return self.presentation
        self.set_private(True)
        window = MatrixPresentation(self.model, self)
        window.cell_requested.connect(lambda index: self.open_cell(index, window, window.points() * 0.8))
        window.privacy_toggled.connect(self.privacy_button.toggle)
        window.closed.connect(self._presentation_closed)
        self.presentation = window
        current = self.view.currentIndex()
        window.present()
        if current.isValid():
            window.view.setCurrentIndex(current)
        return window

    def _presentation_closed(self) -> None:
        window, self.presentation = self.presentation, None
        if window is None:
            return
        current = window.view.currentIndex()
        window.deleteLater()
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the cells ------------------------------------------------------------------------------------
    def open_cell(self, index: QModelIndex, parent: QWidget | None = None, font_points: float | None = None):
        """The rating dialog for a family's cell, the need for the first column. Returns the dialog."""
        if self.model.sheet is None or not index.isValid() or self.model.criterion_at(index.row()) is None:
            return None
        parent = parent or self
        if index.column() == 0:
            dialog = NeedDialog(self.ctx, self.model, index.row(), parent, font_points)
        else:
            dialog = MatrixCellDialog(self.ctx, self.model, index.row(), index.column(), parent, font_points)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- starting, changing, deciding -----------------------------------------------------------------
    def waiting_units(self) -> dict[str, str]:
        """"group:3" / "child:12" -> words, for a new matrix: groups first, then children, still waiting."""
        session, private = self.ctx.session, self.model.private
        children = [c for c in (self.ctx.run(self, records.all_of, session, Child) or [])
                    if c.stage not in CHILD_STAGES_CLOSED]
        groups = self.ctx.run(self, records.all_of, session, SiblingGroup) or []
        out = {}
        today = session.today()
        for group in groups:
            if group.decision == "apart":  # each child is found a family of their own
                continue
            members = [c for c in children if c.sibling_group_id == group.id]
            if members:
                names = " and ".join(c.first_name for c in members) if private else group.name
                out[f"group:{group.id}"] = f"Sibling group: {names} ({len(members)} waiting)"
        for c in sorted(children, key=lambda c: (c.first_name.casefold(), c.last_name.casefold())):
            name = f"{c.first_name} ({c.reference})" if private else privacy.child_label(c, False)
            out[f"child:{c.id}"] = f"{name}, {age_text(c.date_of_birth, today) or 'age not recorded'}"
        return out

    def ask_unit(self) -> tuple[int | None, int | None] | None:
        dialog = PickDialog(self, "New matrix", "Which child or sibling group is the matrix for? Only those still "
                            "waiting for a family are listed. Type to narrow the list.", self.waiting_units(),
                            "Choose families…")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return None
        kind, _, record_id = dialog.value().partition(":")
        return (int(record_id), None) if kind == "child" else (None, int(record_id))

    def new_matrix(self, child_id: int | None = None, group_id: int | None = None) -> int | None:
        """Choose the child or group (unless given), tick two to five families on the shortlist, and
        start the matrix. Returns the new matrix's id (None: not made)."""
        if self.ctx.session.locked:
            return None
        if child_id is None and group_id is None:
            picked = self.ask_unit()
            if picked is None:
                return None
            child_id, group_id = picked
        from .shortlist_dialog import ShortlistDialog

        dialog = ShortlistDialog(self.ctx, self, child_id=child_id, group_id=group_id, private=self.model.private)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        changes = self.ctx.run(self, matrix.start_matrix, self.ctx.session, list(dialog.chosen_family_ids()),
                               child_id=child_id, group_id=group_id)
        if changes is None:
            return None
        if self.filter.currentData() == "decided":
            self.filter.setCurrentIndex(self.filter.findData("all"))
        self.matrix_id = None
        self.show_matrix(changes.record_id)
        self.refresh()
        self.ctx.status.emit(f"Started matrix {self.model.sheet.reference}")
        return changes.record_id

    def open_catalogue(self):
        from .catalogue_dialog import CatalogueDialog

        dialog = CatalogueDialog(self.ctx, self)
        dialog.open()
        return dialog

    def _current_family_id(self) -> int | None:
        family = self.model.family_at(self.view.currentIndex().column())
        return family.id if family is not None else None

    def add_family(self) -> bool:
        sheet = self.model.sheet
        if sheet is None or sheet.decided:
            return False
        unit = sheet.unit
        entries = self.ctx.run(self, matrix.shortlist_for, self.ctx.session, child_id=unit.child_id,
                               group_id=unit.group_id) or []
        inside = {f.id for f in sheet.families}
        choices = {}
        for e in entries:
            if e.family.id in inside:
                continue
            name = family_words(e.family, self.model.private)
            choices[e.family.id] = f"{name} — " + (f"ranked {e.rank}" if e.fits else e.removed_by)
        dialog = PickDialog(self, "Add a family", "Which family joins the matrix? They are listed as the "
                            "shortlist ranks them, each saying why.", choices, "Add the family")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return False
        return self.ctx.run(self, matrix.add_family, self.ctx.session, sheet.id, dialog.value()) is not None

    def remove_family(self) -> bool:
        sheet = self.model.sheet
        if sheet is None or sheet.decided:
            return False
        choices = {f.id: self.model.family_label(f) for f in sheet.families}
        dialog = PickDialog(self, "Remove a family", "Which family is taken out of the matrix, and why? The "
                            "reason is kept in the history.", choices, "Remove the family",
                            reason="Why this family is taken out", chosen=self._current_family_id())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return False
        return self.ctx.run(self, matrix.remove_family, self.ctx.session, sheet.id, dialog.value(),
                            dialog.why()) is not None

    def refresh_from_records(self) -> bool:
        sheet = self.model.sheet
        if sheet is None:
            return False
        done = self.ctx.run(self, matrix.refresh_from_records, self.ctx.session, sheet.id) is not None
        if done:
            self.ctx.status.emit(f"{sheet.reference}: read the records again; ratings and notes are as they were")
        return done

    def record_decision(self):
        from .matrix_decision_dialog import MatrixDecisionDialog

        if self.model.sheet is None or self.model.sheet.decided:
            return None
        dialog = MatrixDecisionDialog(self.ctx, self.model, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reopen(self) -> int | None:
        from .widgets import ask_reason

        sheet = self.model.sheet
        if sheet is None or not sheet.decided:
            return None
        reason = ask_reason(self, "Reopen as a new version", f"Why is the decision of {sheet.reference} being looked "
                            "at again? A new version starts from this one, which stays as it was. Links the "
                            "decision ended stay ended.", "Reopen as a new version")
        if not reason:
            return None
        changes = self.ctx.run(self, matrix.reopen, self.ctx.session, sheet.id, reason)
        if changes is None:
            return None
        self.show_matrix(changes.record_id)
        self.refresh()
        return changes.record_id

    def print_record(self) -> Path | None:
        from ..services import matrix_record
        from .unlock_dialog import busy

        sheet = self.model.sheet
        if sheet is None or self.ctx.session.locked:
            return None
        private = self.model.private
        suggested = default_save_folder() / f"matching-matrix-{sheet.reference}-v{sheet.version}.pdf"
        chosen = ask_where_to_save_pdf(self, "Save the matrix record as a PDF", suggested)
        if chosen is None:
            return None
        with busy():
            saved = self.ctx.run(self, matrix_record.save_matrix_record, self.ctx.session, sheet.id, chosen,
                                 private=private)
        if saved is None:
            return None
        what = f"The record of {sheet.reference}" + (" (privacy on: surnames hidden)" if private else "")
        self.ctx.status.emit(f"Saved the record of {sheet.reference} as {saved.name}")
        if offer_to_open_pdf(self, "Matrix record saved", what, saved):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))
        return saved

    def preview_record(self) -> bool:
        """The record "Save record as PDF…" would write, in the print preview (whose Print prints
        it), made in memory. True when the preview was shown."""
        from ..services import matrix_record
        from .print_preview import show_preview

        sheet = self.model.sheet
        if sheet is None or self.ctx.session.locked:
            return False
        session, private = self.ctx.session, self.model.private
        # The reference only: the title is the print job's name, which the system's queue keeps.
        title = f"Matrix record {sheet.reference}, version {sheet.version}"
        return bool(self.ctx.run(self, show_preview, self, title,
                                 lambda: matrix_record.matrix_record_pdf(session, sheet.id, private=private)))

    # -- hooks ------------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh()

    def on_locked(self) -> None:
        """Nothing of the matrix stays on screen or in memory while locked."""
        if self.presentation is not None:
            self.presentation.close()
        self.list.clear()
        self._show_sheet(None)

    def on_unlocked(self) -> None:
        self.refresh()


__all__ = ["MatchingPage", "PickDialog"]
