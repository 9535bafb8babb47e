"""The page every register shares: the list (a lazy table model) beside the chosen record's
form, with search, filters, New / Save / Revert / Previous / Next, archive, delete in error,
history, and the unsaved-changes guard."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QMessageBox, QPushButton, QScrollArea, QSplitter, QToolButton, QVBoxLayout,
                               QWidget)

from ..domain.errors import PossibleDuplicate
from ..domain.formatting import format_date
from ..domain.records import Agency, Child, Family, Referral, SiblingGroup, Worker
from ..services import records
from ..services.changes import Changes
from .page import Page
from .record_form import FieldSpec, RecordEditor, StageHistoryBox
from .widgets import (ask_reason, ask_unsaved, connect_debounced, make_table_view, offer_column_choice,
                      set_big_title)

# Which tables hold each record (the ui never imports storage; these are the names Changes carry).
TABLES = {Agency: ("agencies",), Worker: ("workers",), SiblingGroup: ("sibling_groups",),
          Child: ("children", "child_stages"), Family: ("families", "family_stages"),
          Referral: ("referrals", "referral_statuses")}


FORM_MIN_WIDTH, FORM_MAX_WIDTH = 380, 560  # the form's share of the page at first show, in pixels


class RecordPage(Page):
    """A register on the left, the chosen record's form on the right.

    Subclasses set record_cls, noun, specs(), lookups, and make_model(); children and
    families also have a stage history (stage_choices set).
    """

    record_cls: type = Child
    noun = "record"  # "child", "family"...
    new_label = "New"
    lookups: dict[str, type] = {}  # form attr -> record class whose names fill the pick list
    stage_choices: dict[str, str] | None = None  # set for records with a stage history
    search_placeholder = "Search"
    column_widths: dict[int, int | str] = {}  # column -> typical text (or a number of letters)
    list_hint = ""
    list_share = 0.6  # of the page's width, at first show; the worker can drag the divider
    stretch_column: int | None = None

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._busy = False  # while the page itself moves the selection
        self._form_cleared_by_lock = False
        self.setObjectName(f"page_{self.noun.replace(' ', '_')}")

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)

        # Title row
        head = QHBoxLayout()
        self.heading = QLabel(self.title, self)
        set_big_title(self.heading)
        head.addWidget(self.heading)
        head.addStretch(1)
        self.build_head(head)
        self.new_button = QPushButton(self.new_label, self)
        self.new_button.setToolTip(f"{self.new_label} (Ctrl+N)")
        self.new_button.clicked.connect(lambda: self.new_record())
        head.addWidget(self.new_button)
        root.addLayout(head)

        # Filter row
        self.filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(220)
        self.filters.addWidget(self.search, 2)
        self.build_filters(self.filters)
        self.show_archived = QCheckBox("Show archived", self)
        self.show_archived.toggled.connect(self._archived_toggled)
        self.filters.addWidget(self.show_archived)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters.addWidget(self.count_label)
        root.addLayout(self.filters)
        self.build_filter_row(root)
        self.search_timer = connect_debounced(self, self.search.textChanged, self._search_changed, 200)

        # List | form
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.model = self.make_model()
        left = QWidget(self.splitter)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.view = make_table_view(left, self.model, self.column_widths)
        self.view.setObjectName("register")
        offer_column_choice(self.view, f"columns/{self.record_cls.__name__}")
        if self.stretch_column is not None:  # short lists: the name takes the spare width
            self.view.horizontalHeader().setStretchLastSection(False)
            self.view.horizontalHeader().setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName(self.title)
        left_box.addWidget(self.view)
        if self.list_hint:
            hint = QLabel(self.list_hint, left)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            left_box.addWidget(hint)
        self.splitter.addWidget(left)

        right = QFrame(self.splitter)
        right.setObjectName("recordPanel")
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        form_head = QHBoxLayout()
        self.record_title = QLabel(right)
        self.record_title.setObjectName("recordTitle")
        set_big_title(self.record_title)
        self.record_title.setWordWrap(True)
        form_head.addWidget(self.record_title, 1)
        self.previous_button = QToolButton(right)
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setText("Previous")
        self.previous_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.previous_button.setToolTip("Previous record in the list (Alt+Up)")
        self.previous_button.setAccessibleName("Previous record")
        self.previous_button.clicked.connect(lambda: self.move(-1))
        self.next_button = QToolButton(right)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setText("Next")
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.next_button.setToolTip("Next record in the list (Alt+Down)")
        self.next_button.setAccessibleName("Next record")
        self.next_button.clicked.connect(lambda: self.move(1))
        form_head.addWidget(self.previous_button)
        form_head.addWidget(self.next_button)
        right_box.addLayout(form_head)
        self.archived_banner = QLabel("This record is archived: it is kept, but left out of lists and counts. "
                                      "Restore it to change it.", right)
        self.archived_banner.setWordWrap(True)
        self.archived_banner.setStyleSheet("background: #fff4d6; color: #4a3b00; border: 1px solid #e0c060; "
                                           "border-radius: 4px; padding: 6px;")
        self.archived_banner.hide()
        right_box.addWidget(self.archived_banner)

        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        self.body_box = QVBoxLayout(body)
        self.body_box.setContentsMargins(0, 0, 8, 0)
        self.editor = RecordEditor(self.record_cls, self.specs(), body)
        self.editor.edited.connect(self._update_buttons)
        self.body_box.addWidget(self.editor)
        self.stages_box: StageHistoryBox | None = None
        if self.stage_choices is not None:
            self.stages_box = StageHistoryBox(self.stage_choices, body)
            self.stages_box.record_button.clicked.connect(self.open_stage_dialog)
            self.body_box.addWidget(self.stages_box)
        self.build_extra(self.body_box, body)
        self.body_box.addStretch(1)
        scroll.setWidget(body)
        right_box.addWidget(scroll, 1)

        bar = QHBoxLayout()
        self.save_button = QPushButton("Save", right)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.setProperty("primary", True)  # the shell's stylesheet colours it
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert", right)
        self.revert_button.setToolTip("Undo the changes not yet saved")
        self.revert_button.clicked.connect(self.revert)
        self.history_button = QPushButton("History…", right)
        self.history_button.setToolTip("Every change to this record: who, when, what (Ctrl+H)")
        self.history_button.clicked.connect(self.open_history)
        self.archive_button = QPushButton("Archive", right)
        self.archive_button.clicked.connect(self.archive_or_restore)
        # Deleting is rare and serious: it sits behind "More", and asks for a reason.
        self.more_button = QToolButton(right)
        self.more_button.setText("More")
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setAccessibleName("More actions")
        more = QMenu(self.more_button)
        self.delete_button = more.addAction("Delete — entered in error…")
        self.delete_button.setToolTip("Only for a record added by mistake. Anything real is archived instead.")
        self.delete_button.triggered.connect(lambda _checked=False: self.delete_in_error())
        self.more_button.setMenu(more)
        for b in (self.save_button, self.revert_button, self.history_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.archive_button)
        bar.addWidget(self.more_button)
        right_box.addLayout(bar)
        self.splitter.addWidget(right)
        # A wider window widens the list (more columns), not the form, whose fields are short.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        root.addWidget(self.splitter, 1)

        self._actions()
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        self.refresh_lookups()
        self.reload_list()
        self.new_record(ask=False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):
            self._sized = True
            total = max(self.width() - 30, 600)
            form = min(max(total - int(total * self.list_share), FORM_MIN_WIDTH), FORM_MAX_WIDTH)
            self.splitter.setSizes([total - form, form])

    # -- to override ---------------------------------------------------------------------
    def make_model(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def specs(self) -> list[FieldSpec]:  # pragma: no cover - overridden
        raise NotImplementedError

    def build_head(self, row: QHBoxLayout) -> None:
        """Add buttons to the title row, before the "New" button (the model is not made yet)."""

    def build_filters(self, row: QHBoxLayout) -> None:
        """Filter widgets between the search box and "Show archived": for records with a
        stage history, a stage filter. Subclasses add theirs after calling this."""
        if self.stage_choices is None:
            return
        self.stage_filter = QComboBox(self)
        self.stage_filter.setAccessibleName("Stage")
        self.stage_filter.addItem("All stages", None)
        for code, label in self.stage_choices.items():
            self.stage_filter.addItem(label, code)
        self.stage_filter.currentIndexChanged.connect(
            lambda: self.apply_filter(stage=self.stage_filter.currentData()))
        row.addWidget(self.stage_filter)

    def build_filter_row(self, root: QVBoxLayout) -> None:
        """Add a second row of filters below the search row (the model is not made yet)."""

    def build_extra(self, box: QVBoxLayout, parent: QWidget) -> None:
        """Add sections below the form."""

    def show_extra(self, record) -> None:
        """Fill the extra sections for `record` (None: a new record, or locked)."""

    def title_of(self, record) -> str:
        return getattr(record, "name", "") or ""

    def blank_record(self):
        return self.record_cls()

    def after_load(self, record) -> None:
        """Adjust the form for this record. A stage is typed only for a new record; after that it
        moves only through "Record a new stage", so its history keeps the date."""
        if self.stage_choices is None:
            return
        is_new = record.id is None
        for attr in ("stage", "stage_date"):
            self.editor.set_editable(attr, is_new)
        if not is_new and record.stage_date:
            self.editor.widgets["stage"].setToolTip(
                f"Since {format_date(record.stage_date)}. Change it with “Record a new stage…”")

    # -- actions and shortcuts --------------------------------------------------------------
    def _actions(self) -> None:
        def add(text, keys, slot):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False: slot())
            self.addAction(action)
            return action

        self.save_action = add("Save", ["Ctrl+S"], self.save)
        self.new_action = add(self.new_label, ["Ctrl+N"], self.new_record)
        self.next_action = add("Next record", ["Alt+Down", "Ctrl+PgDown"], lambda: self.move(1))
        self.previous_action = add("Previous record", ["Alt+Up", "Ctrl+PgUp"], lambda: self.move(-1))
        self.history_action = add("History", ["Ctrl+H"], self.open_history)
        self.find_action = add("Find", ["Ctrl+F"], lambda: (self.search.setFocus(), self.search.selectAll()))
        if self.stages_box is not None:
            self.stage_action = add("Record a new stage", ["Ctrl+Shift+G"], self.open_stage_dialog)

    # -- the list -----------------------------------------------------------------------------
    def _search_changed(self) -> None:
        self.apply_filter(search=self.search.text())

    def _archived_toggled(self, on: bool) -> None:
        self.apply_filter(include_archived=on)

    def apply_filter(self, **changes) -> None:
        query = getattr(self.model, "query", None)
        if query is not None:
            for key, value in changes.items():
                setattr(query, key, value)
        self.reload_list()

    def show_filtered(self, stage: str | None = None) -> None:
        """The list as a figure elsewhere counted it (a bar clicked on the Start page): no search, no
        archived records, `stage` in the stage box (None: all stages), the boxes quiet until the
        list is read once."""
        self.search_timer.stop()
        boxes = [self.search, self.show_archived, *([self.stage_filter] if self.stage_choices is not None else [])]
        for box in boxes:
            box.blockSignals(True)
        self.search.clear()
        self.show_archived.setChecked(False)
        if self.stage_choices is not None:
            self.stage_filter.setCurrentIndex(max(self.stage_filter.findData(stage), 0))
        for box in boxes:
            box.blockSignals(False)
        self.apply_filter(search="", include_archived=False, stage=stage)

    def load_rows(self) -> None:
        self.model.reload()

    def reload_list(self) -> None:
        """Query again, keeping the current record selected if it is still listed."""
        self._busy = True
        try:
            self.load_rows()
            self._select_row_of(self.current_id)
        finally:
            self._busy = False
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} shown")

    def _select_row_of(self, record_id: int | None) -> None:
        row = self.model.row_of(record_id) if record_id is not None else -1
        was = self._busy
        self._busy = True
        try:
            if row >= 0:
                index = self.model.index(row, 0)
                self.view.selectionModel().setCurrentIndex(
                    index, self.view.selectionModel().SelectionFlag.ClearAndSelect
                    | self.view.selectionModel().SelectionFlag.Rows)
                self.view.scrollTo(index)
            else:
                self.view.selectionModel().clearSelection()
                self.view.selectionModel().setCurrentIndex(
                    self.model.index(-1, -1), self.view.selectionModel().SelectionFlag.NoUpdate)
        finally:
            self._busy = was

    def _current_changed(self, current, previous) -> None:
        if self._busy or not current.isValid():
            return
        record_id = self.model.id_at(current.row())
        if record_id is None or record_id == self.current_id:
            return
        if not self.confirm_leave():
            self._select_row_of(self.current_id)
            return
        self.load_record(record_id)

    def move(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.model.row_of(self.current_id) if self.current_id is not None else -1
        target = 0 if row < 0 else max(0, min(n - 1, row + step))
        if target == row:
            return
        self.view.selectionModel().setCurrentIndex(
            self.model.index(target, 0), self.view.selectionModel().SelectionFlag.ClearAndSelect
            | self.view.selectionModel().SelectionFlag.Rows)
        self.view.scrollTo(self.model.index(target, 0))

    def select_record(self, record_id: int) -> bool:
        """Show a record (from elsewhere in the program); False if the worker cancelled."""
        if record_id != self.current_id and not self.confirm_leave():
            return False
        self.load_record(record_id)
        self._select_row_of(record_id)
        return True

    # -- the form --------------------------------------------------------------------------------
    def refresh_lookups(self) -> None:
        if self.ctx.session.locked:
            return
        for attr, cls in self.lookups.items():
            names = self.ctx.run(self, records.names, self.ctx.session, cls)
            if names is not None:
                self.editor.set_lookup(attr, names)

    def load_record(self, record_id: int) -> None:
        record = self.ctx.run(self, records.get, self.ctx.session, self.record_cls, record_id)
        if record is None:
            return
        self.current_id = record_id
        self._form_cleared_by_lock = False
        self.editor.load(record)
        self._show_record(record)

    def _show_record(self, record) -> None:
        is_new = record.id is None
        self.record_title.setText(self.title_of(record) if not is_new else f"{self.new_label}")
        archived = bool(getattr(record, "archived", False))
        self.archived_banner.setVisible(archived)
        self.editor.setEnabled(not archived)
        if self.stages_box is not None:
            self.stages_box.setVisible(not is_new)
            if not is_new:
                steps = self.ctx.run(self, records.stage_history, self.ctx.session, self.record_cls, record.id)
                self.stages_box.show_steps(steps or [])
        self.after_load(record)
        self.show_extra(record if not is_new else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.editor.loaded()
        is_new = record.id is None
        archived = bool(getattr(record, "archived", False))
        dirty = self.editor.is_dirty()
        locked = self.ctx.session.locked
        self.save_button.setEnabled(not archived and not locked and (dirty or is_new))
        self.revert_button.setEnabled(dirty)
        self.history_button.setEnabled(not is_new and not locked)
        self.archive_button.setEnabled(not is_new and not locked)
        self.archive_button.setText("Restore" if archived else "Archive")
        self.archive_button.setToolTip("Bring the record back into lists" if archived else
                                       "Keep the record but leave it out of lists and counts")
        self.delete_button.setEnabled(not is_new and not locked)
        if self.stages_box is not None:
            self.stages_box.record_button.setEnabled(not is_new and not archived and not locked)
        n = self.model.rowCount()
        row = self.model.row_of(self.current_id) if self.current_id is not None else -1
        self.previous_button.setEnabled(n > 0 and row != 0)
        self.next_button.setEnabled(n > 0 and row != n - 1)

    def new_record(self, ask: bool = True) -> None:
        if ask and not self.confirm_leave():
            return
        self.current_id = None
        record = self.blank_record()
        self.editor.load(record)
        self._show_record(record)
        self._select_row_of(None)
        start = next((s for s in self.editor.specs if s.kind != "readonly"), self.editor.specs[0])
        self.editor.widgets[start.attr].setFocus()

    def revert(self) -> None:
        if self.current_id is None:
            self.new_record(ask=False)
        else:
            self.load_record(self.current_id)

    def save(self) -> bool:
        """Save the form. On problems, mark the fields and save nothing; returns success."""
        if self.ctx.session.locked:
            return False
        try:
            changes = self.editor.submit(self.ctx, self, reraise=(PossibleDuplicate,))
        except PossibleDuplicate as exc:
            if not self.confirm_not_duplicate(str(exc)):
                return False
            changes = self.editor.submit(self.ctx, self, allow_duplicate=True)
        if changes is None:
            return False
        record_id = changes.record_id
        self.load_record(record_id)
        self._select_row_of(record_id)
        self.ctx.status.emit(f"Saved {self.noun} {getattr(self.editor.loaded(), 'reference', '') or ''}".strip())
        return True

    def confirm_not_duplicate(self, message: str) -> bool:
        """True if the worker says this is a different child from the one with the same details."""
        answer = QMessageBox.question(
            self, "Is this the same child?", f"{message}\n\nSave it as a different {self.noun}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    def archive_or_restore(self) -> None:
        record = self.editor.loaded()
        if record.id is None:
            return
        if not self.confirm_leave():
            return
        fn = records.restore if record.archived else records.archive
        if self.ctx.run(self, fn, self.ctx.session, self.record_cls, record.id) is not None:
            self.load_record(record.id)
            self._select_row_of(record.id)

    def ask_delete_reason(self) -> str | None:
        return ask_reason(self, "Delete a record entered in error",
                          f"Delete this {self.noun}? Only do this for a record added by mistake "
                          "(a duplicate, or the wrong person). Anything real is archived instead, so "
                          "its history is kept. The reason is written in the audit trail.",
                          "Delete — entered in error")

    def delete_in_error(self) -> None:
        record = self.editor.loaded()
        if record.id is None:
            return
        reason = self.ask_delete_reason()
        if not reason:
            return
        self.current_id = None  # so the broadcast change does not reload a record that is gone
        if self.ctx.run(self, records.delete_in_error, self.ctx.session, self.record_cls, record.id,
                        reason) is not None:
            self.new_record(ask=False)
        else:
            self.current_id = record.id

    def open_history(self):
        record = self.editor.loaded()
        if record.id is None or self.ctx.session.locked:
            return None
        from .history_dialog import HistoryDialog

        dialog = HistoryDialog(self.ctx, self.record_cls, record.id, self.title_of(record), self)
        dialog.open()
        return dialog

    def open_stage_dialog(self):
        record = self.editor.loaded()
        if self.stage_choices is None or record.id is None or record.archived or self.ctx.session.locked:
            return None
        if not self.confirm_leave():
            return None
        from .stage_dialog import StageDialog

        dialog = StageDialog(self.ctx, self.record_cls, record.id, self.title_of(record), self)
        dialog.open()
        return dialog

    # -- unsaved changes -------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def ask_unsaved(self) -> str:
        what = self.title_of(self.editor.loaded()) or f"this new {self.noun}"
        return ask_unsaved(self, what)

    def confirm_leave(self) -> bool:
        """Before the form shows something else: Save, Discard or Cancel. True to go on."""
        if not self.editor.is_dirty():
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.editor.load(self.editor.loaded())
            self._update_buttons()
            return True
        return False

    # -- Page hooks ------------------------------------------------------------------------------
    def tables(self) -> tuple[str, ...]:
        return TABLES[self.record_cls]

    def lookup_tables(self) -> tuple[str, ...]:
        return tuple(t for cls in self.lookups.values() for t in TABLES[cls])

    def on_changes(self, changes: Changes) -> None:
        if self.ctx.session.locked:
            return
        if self.lookup_tables() and changes.touches(*self.lookup_tables()):
            self.refresh_lookups()
        if changes.touches(*self.tables()):
            self.reload_list()
            if (changes.record_id is not None and changes.record_id == self.current_id
                    and not self.editor.is_dirty()):
                self.load_record(self.current_id)
            else:
                self._update_buttons()
        elif changes.touches(*self.extra_tables()):
            self.show_extra(self.editor.loaded() if self.current_id is not None else None)

    def extra_tables(self) -> tuple[str, ...]:
        return ()

    def on_locked(self) -> None:
        self.search_timer.stop()
        self.model.clear()
        if self.stages_box is not None:
            self.stages_box.clear_steps()
        self.show_extra(None)
        if not self.editor.is_dirty():
            # Nothing to keep: show no one while the laptop is locked.
            self.editor.load(self.blank_record())
            self.record_title.clear()
            self._form_cleared_by_lock = True
        self._update_buttons()

    def on_unlocked(self) -> None:
        self.refresh_lookups()
        self.reload_list()
        if self._form_cleared_by_lock and self.current_id is not None:
            self.load_record(self.current_id)
        elif self.current_id is not None:
            record = self.editor.loaded()
            if self.stages_box is not None and record.id is not None:
                steps = self.ctx.run(self, records.stage_history, self.ctx.session, self.record_cls, record.id)
                self.stages_box.show_steps(steps or [])
            self.show_extra(record)
        self._form_cleared_by_lock = False
        self._update_buttons()
