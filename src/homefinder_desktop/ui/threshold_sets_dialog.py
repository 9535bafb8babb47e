"""The scorecard's threshold sets: the published ones come with the program, and a council adds
its own (a local target, or a scorecard published later). A set is taken off the pick list
(archived), never deleted: a report made against it can still be made again."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.formatting import financial_year
from ..domain.timeliness import FIRST_YEARS, ThresholdSet
from ..services import timeliness
from .context import AppContext
from .fund_dialogs import Fields
from .style import set_role

COLUMNS = ("Name", "Years", "A1 threshold", "A2 threshold", "Offered")
OFF_LIST = "No: taken off the list"


class TypedNumberBox(QSpinBox):
    """A spin box that keeps what the worker typed when it is not a number in its range, instead
    of going back to the last good number as they leave it: Add would otherwise save a number they
    never chose, with no word said. `typed()` is the number, or None (the service names the field)."""

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.hasAcceptableInput():
            super().focusOutEvent(event)
        else:
            QWidget.focusOutEvent(self, event)  # not QAbstractSpinBox's, which puts the old number back

    def typed(self) -> int | None:
        return self.value() if self.hasAcceptableInput() else None


def days_box(parent: QWidget) -> QSpinBox:
    box = TypedNumberBox(parent)
    box.setRange(1, 3650)
    box.setSuffix(" days")
    box.setSingleStep(7)
    return box


class ThresholdSetsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Threshold sets")
        self.setObjectName("thresholdSetsDialog")
        layout = QVBoxLayout(self)
        intro = QLabel("The days each measure is judged against, for the three years from 1 April of the first "
                       "year. A set taken off the list is no longer offered; it is kept, so an old report "
                       "can be made again.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Threshold sets")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons and the form; arrows move in it
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 13)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._chosen)
        layout.addWidget(self.table, 1)
        self.archive_button = QPushButton("Take off the list", self)
        self.archive_button.clicked.connect(lambda: self.toggle_archived())
        row = QHBoxLayout()
        row.addWidget(self.archive_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(set_role(QLabel("Add a threshold set", self), "subtitle"))
        self.fields = Fields(self, layout)
        self.name = self.fields.add("Name", QLineEdit(self), "For example “Northshire target 2023–26”")
        self.first_year = TypedNumberBox(self)
        self.first_year.setRange(*FIRST_YEARS)
        self.first_year.setValue(financial_year(ctx.session.today()))
        self.fields.add("First year", self.first_year, "The period runs from 1 April of this year for three years",
                        beside=True)
        self.a1 = self.fields.add("A1 threshold", days_box(self), "Entering care to moving in", beside=True)
        self.a2 = self.fields.add("A2 threshold", days_box(self), "Placement order to the match decision",
                                  beside=True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(lambda: self.add())
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(700, 680)
        self.reload()
        offered = [t for t in self.sets if not t.archived]
        if offered:  # a new set most often keeps the latest days
            self.a1.setValue(offered[-1].a1_days)
            self.a2.setValue(offered[-1].a2_days)

    def reload(self, chosen_id: int | None = None) -> None:
        sets = self.ctx.run(self, timeliness.threshold_sets, self.ctx.session, include_archived=True) or []
        self.sets = sets
        self.table.setRowCount(len(sets))
        for row, t in enumerate(sets):
            cells = (t.name, t.label, f"{t.a1_days:,} days", f"{t.a2_days:,} days", OFF_LIST if t.archived else "Yes")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (t.id, t.archived))
                if t.archived:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
            if t.id == chosen_id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._chosen()

    def _current(self) -> tuple[int, bool] | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _chosen(self) -> None:
        current = self._current()
        self.archive_button.setEnabled(current is not None)
        self.archive_button.setText("Put back on the list" if current and current[1] else "Take off the list")

    def add(self) -> int | None:
        new = ThresholdSet(self.name.text(), self.first_year.typed(), self.a1.typed(), self.a2.typed())
        changes = self.ctx.run_marking(self, self.fields.errors, timeliness.add_threshold_set, self.ctx.session, new)
        if changes is None:
            return None
        self.fields.errors.clear()
        self.name.clear()
        self.reload(changes.record_id)
        return changes.record_id

    def toggle_archived(self) -> None:
        current = self._current()
        if current and self.ctx.run(self, timeliness.archive_threshold_set, self.ctx.session, current[0],
                                    not current[1]):
            self.reload(current[0])
