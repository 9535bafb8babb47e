"""File > Import from a spreadsheet…: children, families or referrals from an XLSX or CSV file.

The worker chooses what the rows are and the file; each heading of the sheet gets a pick list of
the fields (guessed from the heading, or "Leave out"); every row is shown as it will be added and
every problem is listed with its line and field (a click shows the row). Import stays off while
there is any problem: nothing is ever imported half-way (services.list_import).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from .. import paths
from ..domain.errors import HomefinderError
from ..domain.importing import LEAVE_OUT, NOUN, ImportedRow, ImportField, ImportRefused, fields_for, remap
from ..services import list_import
from .context import AppContext
from .style import ERROR, set_role
from .unlock_dialog import busy
from .widgets import default_save_folder, make_table_view

KIND_WORDS = {kind: many.capitalize() for kind, (_one, many) in NOUN.items()}
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;CSV files (*.csv)"
PROBLEM_BACKGROUND = QColor("#fbe3e3")
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


class PreviewModel(QAbstractTableModel):
    """Every row of the sheet as it will be added, one column per field read, with the cells that
    have a problem shaded and their problems as tooltips. The row headings are the sheet's line
    numbers, so they stay in view however far the worker scrolls sideways."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[ImportField] = []
        self.rows: list[ImportedRow] = []

    def show(self, columns: list[ImportField], rows: list[ImportedRow]) -> None:
        self.beginResetModel()
        self.columns, self.rows = list(columns), list(rows)
        self.endResetModel()

    def row_of_line(self, line: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.line == line), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
                return self.columns[section].label
            return None
        if not 0 <= section < len(self.rows):
            return None
        row = self.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"line {row.line}"
        if role == Qt.ItemDataRole.ToolTipRole and row.problems:
            return "\n".join(str(p) for p in row.problems)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, field = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.shown.get(field.attr, "")
        if role == LINE_ROLE:
            return row.line
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problems = [p.problem for p in row.problems if p.field == field.label]
            if problems:
                return QBrush(PROBLEM_BACKGROUND) if role == Qt.ItemDataRole.BackgroundRole else "\n".join(problems)
        return None


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: list_import.Sheet | None = None
        self.preview: list_import.Preview | None = None
        self.mapping: dict[str, str | None] = {}
        self.imported: list_import.ImportDone | None = None  # not "done": QDialog.done() is a method
        self.setWindowTitle("Import from a spreadsheet")

        self.kind = QComboBox(self)
        self.kind.setAccessibleName("What to import")
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.file = QLineEdit(self)
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("Choose an Excel workbook (.xlsx) or a CSV file")
        self.file.setAccessibleName("Spreadsheet file")
        choose = QPushButton("Choose file…", self)
        choose.clicked.connect(self.choose_file)
        self.sheet_choice = QComboBox(self)
        self.sheet_choice.setAccessibleName("Sheet")
        self.sheet_choice.currentIndexChanged.connect(self._sheet_changed)
        self.sheet_label = QLabel("Sheet", self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Import", self))
        top.addWidget(self.kind)
        top.addSpacing(12)
        top.addWidget(QLabel("from", self))
        top.addWidget(self.file, 1)
        top.addWidget(choose)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_choice)

        # Each heading of the sheet, and what it is read as.
        self.columns_table = QTableWidget(0, 2, self)
        self.columns_table.setHorizontalHeaderLabels(["Column in the sheet", "Read as"])
        self.columns_table.verticalHeader().hide()
        self.columns_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.columns_table.horizontalHeader().setStretchLastSection(True)
        self.columns_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        columns_box = QGroupBox("Columns", self)
        QVBoxLayout(columns_box).addWidget(self.columns_table)

        self.model = PreviewModel(self)
        self.preview_view = make_table_view(self, self.model)
        self.preview_view.horizontalHeader().setStretchLastSection(False)
        self.preview_view.verticalHeader().show()  # the line numbers
        # One cell chosen, not the row: a selected row would hide the shading of the cell at fault.
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.rows_label = QLabel("", self)
        set_role(self.rows_label, "hint")
        preview_box = QGroupBox("Preview: the rows as they will be added", self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview_view, 1)
        preview_layout.addWidget(self.rows_label)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(columns_box)
        split.addWidget(preview_box)
        split.setStretchFactor(1, 1)
        split.setSizes([430, 770])
        split.setChildrenCollapsible(False)

        self.verdict = QLabel("", self)
        self.verdict.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName("Problems")
        self.problems.itemActivated.connect(self.show_problem)
        self.problems.itemClicked.connect(self.show_problem)
        self.problems.setMinimumHeight(110)
        self.problems.setMaximumHeight(190)  # many problems scroll; the preview keeps its room
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.problems_box = problems_box = QGroupBox("Problems", self)
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.addWidget(self.verdict)
        self.notes = QLabel("", self)
        self.notes.setWordWrap(True)
        set_role(self.notes, "hint")
        problems_layout.addWidget(self.notes)
        problems_layout.addWidget(self.problems)


        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(problems_box)
        layout.addWidget(buttons)
        self._show_sheets([])
        self._show_verdict()
        self.resize(1200, 680)

    # --- choosing ---------------------------------------------------------------------------
    @property
    def kind_code(self) -> str:
        return self.kind.currentData()

    def choose_file(self) -> None:
        start = paths.resources_dir() / "examples" if self._is_demo() else default_save_folder()
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the spreadsheet to import", str(start), FILE_FILTER)
        if chosen:
            self.load(Path(chosen))

    def _is_demo(self) -> bool:
        try:
            return self.ctx.session.is_demo
        except HomefinderError:
            return False

    def load(self, path: Path, sheet: str | None = None) -> bool:
        """Read the file (the first sheet, unless named), guess its columns and check every row."""
        try:
            with busy():
                self.sheet = list_import.read_sheet(path, sheet)
        except HomefinderError as exc:
            QMessageBox.warning(self, "Import from a spreadsheet", str(exc))
            return False
        self.file.setText(str(path))
        self._show_sheets(self.sheet.sheet_names, self.sheet.name)
        self._guess()
        return True

    def _show_sheets(self, names: list[str], current: str = "") -> None:
        self.sheet_choice.blockSignals(True)
        self.sheet_choice.clear()
        self.sheet_choice.addItems(names)
        self.sheet_choice.setCurrentText(current)
        self.sheet_choice.blockSignals(False)
        several = len(names) > 1
        self.sheet_choice.setVisible(several)
        self.sheet_label.setVisible(several)

    def _sheet_changed(self) -> None:
        if self.sheet is not None and self.sheet_choice.currentText() != self.sheet.name:
            self.load(self.sheet.path, self.sheet_choice.currentText())

    def _kind_changed(self) -> None:
        if self.sheet is not None:
            self._guess()

    def _guess(self) -> None:
        from ..domain.importing import guess_mapping

        self.mapping = guess_mapping(self.kind_code, self.sheet.headings)
        self._fill_columns()
        self.refresh()

    def _fill_columns(self) -> None:
        fields = fields_for(self.kind_code)
        table = self.columns_table
        table.setRowCount(len(self.sheet.headings))
        for row, heading in enumerate(self.sheet.headings):
            table.setItem(row, 0, _item(heading))
            combo = QComboBox(table)
            combo.setAccessibleName(f"Read “{heading}” as")
            combo.addItem(LEAVE_OUT, None)
            for f in fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.attr)
            combo.setMaxVisibleItems(24)
            combo.setCurrentIndex(max(combo.findData(self.mapping.get(heading)), 0))
            combo.currentIndexChanged.connect(lambda _i, h=heading, c=combo: self.read_as(h, c.currentData()))
            table.setCellWidget(row, 1, combo)

    def read_as(self, heading: str, attr: str | None) -> None:
        """Read `heading` as the field `attr` (None: leave it out); a column it was read from before
        is left out, since each field comes from one column."""
        self.mapping = remap(self.mapping, heading, attr)
        for row, h in enumerate(self.sheet.headings):
            combo = self.columns_table.cellWidget(row, 1)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(self.mapping.get(h)), 0))
            combo.blockSignals(False)
        self.refresh()

    def _read_again(self) -> None:
        """The file as it is now, keeping the worker's columns while its headings are the same."""
        headings = self.sheet.headings
        try:
            with busy():
                self.sheet = list_import.read_sheet(self.sheet.path, self.sheet.name or None)
        except HomefinderError as exc:
            QMessageBox.warning(self, "Import from a spreadsheet", str(exc))
            return
        if self.sheet.headings == headings:
            self.refresh()
        else:
            self._guess()

    # --- the preview ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Check every row against the database with the mapping as it stands."""
        if self.sheet is None:
            return
        try:
            with busy():
                self.preview = list_import.preview(self.ctx.session, self.kind_code, self.sheet, self.mapping)
        except HomefinderError as exc:
            self.preview = None
            QMessageBox.warning(self, "Import from a spreadsheet", str(exc))
        self._show_preview()

    def _show_preview(self) -> None:
        p = self.preview
        self.model.show(p.columns if p else [], p.plan.rows if p else [])
        fm = self.preview_view.fontMetrics()
        header = self.preview_view.horizontalHeader()
        for column in range(self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            sample = max([len(title)] + [len(str(self.model.index(r, column).data() or ""))
                                         for r in range(min(self.model.rowCount(), 50))])
            header.resizeSection(column, min(fm.horizontalAdvance("n" * sample) + 24, 260))
        self.problems.clear()
        for problem in (p.problems if p else []):
            item = QListWidgetItem(str(problem))
            item.setData(LINE_ROLE, problem.line)
            item.setForeground(QBrush(QColor(ERROR)))
            self.problems.addItem(item)
        self._show_verdict()

    def _show_verdict(self) -> None:
        p = self.preview
        one, many = NOUN[self.kind_code]
        if p is None:
            self.verdict.setText("Choose what the rows are, and the spreadsheet. Its first row holds the headings.")
            set_role(self.verdict, "hint")
            self.rows_label.setText("")
            self.import_button.setText("Import")
            self.import_button.setEnabled(False)
            self.notes.hide()
            return
        counted = f"{p.count:,} {one if p.count == 1 else many}"
        self.rows_label.setText(f"{counted} in {self.sheet.path.name}" + (f", sheet “{self.sheet.name}”"
                                                                         if self.sheet.name else "") + "."
                                + (" Shaded cells have a problem: point at one, or at its line, to read it."
                                   if p.problems else ""))
        self.notes.setText(" ".join(p.notes))
        self.notes.setVisible(bool(p.notes))
        if p.problems:
            n = len(p.problems)
            self.verdict.setText(f"{n:,} problem{'' if n == 1 else 's'}: nothing can be imported until each is "
                                 "put right in the spreadsheet (then choose the file again) or in the columns. "
                                 "Click a problem to see its row.")
            set_role(self.verdict, "error")
        else:
            self.verdict.setText(f"No problems: {counted} ready to import.")
            set_role(self.verdict, "ok")
        self.problems.setVisible(bool(p.problems))
        self.problems_box.setTitle("Problems" if p.problems else "Ready")
        self.import_button.setText(f"Import {counted}" if p.count else "Import")
        self.import_button.setEnabled(p.ok)

    def show_problem(self, item: QListWidgetItem) -> None:
        """Select the problem's row in the preview (and its field's column, where there is one)."""
        line = item.data(LINE_ROLE)
        row = self.model.row_of_line(line) if line is not None else None
        if row is None:
            return
        field = str(item.text()).split(", ", 1)[-1].split(":", 1)[0]
        column = next((i for i, f in enumerate(self.model.columns) if f.label == field), 0)
        index = self.model.index(row, column)
        self.preview_view.setCurrentIndex(index)
        self.preview_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- importing --------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.preview is None or not self.preview.ok:
            return
        session = self.ctx.session
        if session.locked or session.write_refusal:
            QMessageBox.warning(self, "Import from a spreadsheet", session.write_refusal or
                                "The database is locked. Unlock it with your passphrase.")
            return
        try:
            with busy():
                done = self.ctx.run(self, list_import.commit, session, self.kind_code, self.sheet.path,
                                    self.mapping, self.sheet.name or None, reraise=(ImportRefused,))
        except ImportRefused:  # the file changed since it was checked: show what it says now
            self._read_again()
            return
        if done is None:
            return
        self.imported = done
        self.ctx.status.emit(done.summary())
        QMessageBox.information(self, "Import from a spreadsheet", f"{done.summary()}\n\nThe lists now show them.")
        self.accept()


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(text)
    return item
