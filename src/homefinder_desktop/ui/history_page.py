"""History: the latest changes across the whole database, in words (who, when, what, old -> new)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError
from ..services import records
from ..services.changes import Changes
from .audit_text import AuditWords, when_text
from .page import Page
from .style import set_role

LIMIT = 200
MAX_LINES = 5
COLUMNS = ["When", "Who", "What", "Record", "Change"]


class HistoryPage(Page):
    title = "History"
    icon = "history"
    shortcut = ""  # the main window numbers pages it does not know: Ctrl+<position>

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._dirty = True
        heading = set_role(QLabel("Recent changes"), "title")
        self.summary = set_role(QLabel(""), "hint")
        self.summary.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Show only changes mentioning... (a name, a worker, a field)")
        self.filter.setAccessibleName("Filter the changes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 26, 32, 26)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._dirty = False
        self.table.setRowCount(0)
        if self.ctx.session.locked:
            self.summary.setText("")
            return
        try:
            rows = records.recent_changes(self.ctx.session, LIMIT)
            words = AuditWords(self.ctx.session)
            content = [(when_text(r["at"]), r["who"], *words.describe(r)) for r in rows]
            content = [(when, who, what, words.record(r), lines)
                       for (when, who, what, lines), r in zip(content, rows)]
        except HomefinderError as exc:
            self.summary.setText(str(exc))
            return
        self.table.setRowCount(len(content))
        for i, (when, who, what, record, lines) in enumerate(content):
            shown = lines[:MAX_LINES] + ([f"… and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else [])
            for col, text in enumerate((when, who, what, record, "\n".join(shown))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if col == 4 and len(lines) > MAX_LINES:
                    item.setToolTip("\n".join(lines))
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        self.summary.setText("The latest change is at the top." if len(content) < LIMIT else
                             f"The latest {LIMIT} changes, newest at the top. Each record's own history "
                             "shows all of its changes.")
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.table.rowCount()):
            hay = " ".join(self.table.item(row, c).text().lower() for c in range(len(COLUMNS)))
            self.table.setRowHidden(row, bool(needle) and needle not in hay)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def on_changes(self, changes: Changes) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def on_locked(self) -> None:
        self.table.setRowCount(0)
        self.summary.setText("")
        self._dirty = True

    def on_unlocked(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()
