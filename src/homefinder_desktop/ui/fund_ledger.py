"""The fund's ledger as a table: each entry's date and number (E-000123, as the statements and the
command line give it), its words, the money into or out of the holding account, the running
balance and who recorded it."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..domain.formatting import format_date, format_money
from ..domain.fund import Statement, StatementLine, entry_number


class LedgerModel(QAbstractTableModel):
    """The statement's lines: each entry's date, number, words, money in or out of the holding
    account, the running balance and who recorded it. A reversal names the entry it corrects and a
    reversed entry its reversal, by number, at the start of the words (the column may cut the end).
    Words are made only for the rows on screen, so a ledger of 100,000 entries opens at once."""

    COLUMNS = ["Date", "Entry", "What", "In", "Out", "Balance", "Recorded by"]
    COL_DATE, COL_ENTRY, COL_WHAT, COL_IN, COL_OUT, COL_BALANCE, COL_WHO = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[StatementLine] = []
        self.reversed: dict[int, int] = {}   # an entry reversed -> its reversal
        self.agreement_id: int | None = None
        self.period: tuple | None = None

    def set_statement(self, statement: Statement | None, agreement_id: int | None = None) -> None:
        self.beginResetModel()
        self.agreement_id = agreement_id if statement is not None else None
        self.period = (statement.start, statement.end) if statement is not None else None
        self.lines = statement.lines if statement is not None else []
        self.reversed = {line.entry.reverses_id: line.entry.id for line in self.lines
                         if line.entry.reverses_id is not None}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole \
                and section in (self.COL_IN, self.COL_OUT, self.COL_BALANCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def what(self, line: StatementLine) -> str:
        entry = line.entry
        if entry.kind == "reversal" and entry.reverses_id is not None:
            words = f"Reversal of {entry_number(entry.reverses_id)}: {entry.memo}"
        elif entry.id in self.reversed:
            words = f"[Reversed by {entry_number(self.reversed[entry.id])}] {entry.describe()}"
        else:
            words = entry.describe()
        if entry.matched:
            words += f" (the agency's own half, {format_money(entry.matched)}, recorded beside it)"
        if line.change == 0:
            words += f" ({format_money(entry.amount)} moved between the years' holding accounts)"
        return words

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line, column = self.lines[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            entry = line.entry
            if column == self.COL_DATE:
                return format_date(entry.on)
            if column == self.COL_ENTRY:
                return entry_number(entry.id)
            if column == self.COL_WHAT:
                return self.what(line)
            if column == self.COL_IN:
                return format_money(line.change) if line.change > 0 else ""
            if column == self.COL_OUT:
                return format_money(-line.change) if line.change < 0 else ""
            if column == self.COL_BALANCE:
                return format_money(line.balance)
            return entry.recorded_by
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_IN, self.COL_OUT, self.COL_BALANCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (line.entry.id in self.reversed or line.entry.kind == "reversal"):
            # A mistake and its correction in italics: they cancel out.
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def entry_at(self, row: int):
        return self.lines[row].entry if 0 <= row < len(self.lines) else None
