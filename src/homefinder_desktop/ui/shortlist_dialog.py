"""The shortlist for a child or sibling group: every family in the order the domain explains,
each with the reasons it fits or not, to tick the two to five for a matching matrix.

Nothing is hidden silently: a family removed by a rule stays in the list saying which rule, and
the line above the list counts every family, including those the filter or search leaves out.
With the Matching page's privacy switch on, families are named by their adopters' first names and
the child by first name, as on the shared screen.
The table is one model over the shortlist (no widget per row), so 30,000 families open at once.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QSplitter,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..domain.formatting import and_list, format_date
from ..domain.matrix import MAX_FAMILIES, MIN_FAMILIES
from ..domain.records import FAMILY_STAGES, Child, SiblingGroup
from ..domain.shortlist import FITS, NOT_AVAILABLE, OUTSIDE_WISHES, SPOKEN_FOR, ShortlistEntry
from ..services import matrix, records
from .context import AppContext
from .matching_widgets import family_words
from .style import set_role
from .unlock_dialog import busy
from .widgets import connect_debounced, make_table_view, set_big_title

AGENCY_WORDS = {"own": "In-house", "partner": "Partner", "other": "Other"}
UNAVAILABLE_COLOUR = QColor("#6b6b6b")
# "Removed by" beside the name: for most families it is the one thing to read first.
COLUMNS = ("", "Rank", "Family", "Agency", "Removed by", "Hard\nmismatches", "To ask", "Explanation")
COL_TICK, COL_RANK, COL_FAMILY, COL_AGENCY, COL_REMOVED, COL_HARD, COL_ASK, COL_EXPLANATION = range(len(COLUMNS))
ALL, FIT_ONLY = "all", "fit"
TOO_MANY = f"At most five: a matrix holds {MAX_FAMILIES} families. Untick one to choose another."
TICK_TWO = "Tick two to five families to set side by side."


def count_words(counts: dict[int, int]) -> str:
    return (f"{counts[FITS]:,} fit; {counts[OUTSIDE_WISHES]:,} outside their stated wishes; "
            f"{counts[SPOKEN_FOR]:,} spoken for; {counts[NOT_AVAILABLE]:,} not available")


class ShortlistModel(QAbstractTableModel):
    """The shortlist in its explained order; `shown` is the filtered part, `ticked` family ids."""

    ticks_changed = Signal()
    refused = Signal(str)

    def __init__(self, entries: list[ShortlistEntry], parent=None, private: bool = False):
        super().__init__(parent)
        self.entries = entries
        self.private = private
        self.standings = [e.tier for e in entries]
        self.kinds = [AGENCY_WORDS.get(e.agency_kind, "Not recorded") for e in entries]
        self._keys = [f"{e.family.name or ''} {e.family.reference or ''}".casefold() for e in entries]
        self.shown = list(range(len(entries)))
        self.ticked: set[int] = set()
        self.counts = {tier: 0 for tier in (FITS, OUTSIDE_WISHES, SPOKEN_FOR, NOT_AVAILABLE)}
        for tier in self.standings:
            self.counts[tier] += 1

    # -- which rows --------------------------------------------------------------------------
    def show_only(self, which: str, search: str) -> None:
        needle = search.strip().casefold()
        self.beginResetModel()
        self.shown = [i for i, key in enumerate(self._keys)
                      if (which == ALL or self.standings[i] == FITS) and (not needle or needle in key)]
        self.endResetModel()

    def entry(self, row: int) -> ShortlistEntry | None:
        return self.entries[self.shown[row]] if 0 <= row < len(self.shown) else None

    def row_of(self, family_id: int) -> int | None:
        for row, i in enumerate(self.shown):
            if self.entries[i].family.id == family_id:
                return row
        return None

    def agency(self, row: int) -> str:
        return self.kinds[self.shown[row]] if 0 <= row < len(self.shown) else ""

    def family_name(self, entry: ShortlistEntry) -> str:
        return family_words(entry.family, True) if self.private else entry.family.name or ""

    def tickable(self, row: int) -> bool:
        return 0 <= row < len(self.shown) and self.standings[self.shown[row]] in (FITS, OUTSIDE_WISHES)

    # -- ticks -------------------------------------------------------------------------------
    def chosen_family_ids(self) -> list[int]:
        return [e.family.id for e in self.entries if e.family.id in self.ticked]

    def set_ticked(self, row: int, tick: bool) -> bool:
        entry = self.entry(row)
        if entry is None:
            return False
        family_id = entry.family.id
        if tick == (family_id in self.ticked):
            return True
        if tick and not self.tickable(row):
            self.refused.emit(f"{self.family_name(entry)} cannot be ticked: {entry.removed_by}.")
            return False
        if tick and len(self.ticked) >= MAX_FAMILIES:
            self.refused.emit(TOO_MANY)
            return False
        (self.ticked.add if tick else self.ticked.discard)(family_id)
        index = self.index(row, COL_TICK)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def toggle(self, row: int) -> bool:
        entry = self.entry(row)
        return entry is not None and self.set_ticked(row, entry.family.id not in self.ticked)

    # -- Qt interface ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_TICK:
                return "Tick two to five families for the matrix"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == COL_TICK and self.tickable(index.row()):
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column, row = index.column(), index.row()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_TICK and self.tickable(row):
            return Qt.CheckState.Checked if entry.family.id in self.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TICK and not self.tickable(row):
                return f"Cannot be ticked: {entry.removed_by}"
            if column == COL_FAMILY:
                return family_words(entry.family, self.private) if entry.family.reference else None
            if column in (COL_REMOVED, COL_EXPLANATION):
                return self._text(entry, column, row) or None
        if role == Qt.ItemDataRole.ForegroundRole and not self.tickable(row):
            return UNAVAILABLE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_RANK, COL_HARD, COL_ASK):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, entry: ShortlistEntry, column: int, row: int) -> str:
        if column == COL_RANK:
            return str(entry.rank) if entry.rank is not None else "—"
        if column == COL_FAMILY:
            return self.family_name(entry)
        if column == COL_AGENCY:
            return self.agency(row)
        if column == COL_HARD:
            return str(entry.hard_mismatches)
        if column == COL_ASK:
            return str(entry.unknowns)
        if column == COL_REMOVED:
            return entry.removed_by or ""
        if column == COL_EXPLANATION:
            return entry.explanation
        return ""

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_TICK or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        return self.set_ticked(index.row(), checked)


class ShortlistDialog(QDialog):
    """Accepted with two to five families ticked; the caller starts the matrix with
    `chosen_family_ids()` (in the shortlist's order)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, child_id: int | None = None,
                 group_id: int | None = None, ticked: tuple[int, ...] = (), private: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.private = private
        self.setObjectName("shortlistDialog")
        name = self._unit_name(child_id, group_id)
        self.setWindowTitle(f"Shortlist for {name}")
        with busy():  # every family is checked: about two seconds for 30,000
            entries = ctx.run(self, matrix.shortlist_for, ctx.session, child_id=child_id, group_id=group_id) or []
        self.model = ShortlistModel(entries, self, private)

        layout = QVBoxLayout(self)
        title = QLabel(f"Shortlist for {name}", self)
        set_big_title(title)
        layout.addWidget(title)
        intro = QLabel("Every family, in order: those that fit first (ranked), then those outside their stated "
                       "wishes, those spoken for by another child, and those not available. Choose a family to "
                       "see why it is where it is; tick two to five to set side by side in a matrix.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        bar = QHBoxLayout()
        self.which = QComboBox(self)
        self.which.setAccessibleName("Show")
        self.which.addItem("All families", ALL)
        self.which.addItem("Families that fit", FIT_ONLY)
        self.which.currentIndexChanged.connect(lambda *_: self.refilter())
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search by family name or reference")
        self.search.setAccessibleName("Search families")
        self.search.setClearButtonEnabled(True)
        connect_debounced(self, self.search.textChanged, self.refilter, 150)
        bar.addWidget(QLabel("Show", self))
        bar.addWidget(self.which)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        self.counts = set_role(QLabel(self), "hint")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        widest_name = "Joanne and Michael (F-00000)" if private else "Michael Chowdhury"
        self.view = make_table_view(splitter, self.model, {
            COL_TICK: 1, COL_RANK: "000", COL_FAMILY: widest_name, COL_AGENCY: "In-house",
            COL_REMOVED: "Outside the family's stated wishes (dis", COL_ASK: "0"})
        # The two-line heading is measured as one line by make_table_view: size it by its longer line.
        bold = self.view.horizontalHeader().font()
        bold.setBold(True)
        self.view.horizontalHeader().resizeSection(COL_HARD, QFontMetrics(bold).horizontalAdvance("mismatches") + 24)
        self.view.setAccessibleName("Families")
        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_reasons())
        self.details = QTextBrowser(splitter)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Why this family is where it is")
        splitter.addWidget(self.view)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([850, 390])
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.tick_hint = QLabel(self)
        self.tick_hint.setWordWrap(True)
        bottom.addWidget(self.tick_hint, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.start_button = buttons.addButton("Start matrix", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self.model.ticks_changed.connect(self._ticks_changed)
        self.model.refused.connect(self._refused)
        # E.g. the families already competing for the child, from the Links page. One that cannot be
        # ticked is named with the reason, and stays named: a tick missing without a word is a family
        # dropped silently.
        self.not_ticked: list[str] = []
        self.model.refused.connect(self.not_ticked.append)
        for family_id in ticked:
            row = self.model.row_of(family_id)
            if row is not None:
                self.model.set_ticked(row, True)
        self.model.refused.disconnect(self.not_ticked.append)
        self.resize(1240, 680)
        self.refilter()
        self.view.setFocus()  # so space ticks the chosen family straight away

    def _unit_name(self, child_id: int | None, group_id: int | None) -> str:
        if child_id is not None:
            child = self.ctx.run(self, records.get, self.ctx.session, Child, child_id)
            if child is None:
                return "the child"
            return child.first_name if self.private else f"{child.display_name} ({child.reference})"
        group = self.ctx.run(self, records.get, self.ctx.session, SiblingGroup, group_id) if group_id else None
        if group is None:
            return "the sibling group"
        if not self.private:
            return group.name
        children = self.ctx.run(self, records.all_of, self.ctx.session, Child) or []
        return and_list(c.first_name for c in children if c.sibling_group_id == group.id) or "the sibling group"

    # -- the list ----------------------------------------------------------------------------
    def refilter(self) -> None:
        current = self.current_entry()
        which = self.which.currentData()
        self.model.show_only(which, self.search.text())
        total, shown = len(self.model.entries), self.model.rowCount()
        words = count_words(self.model.counts)
        if shown == total:
            self.counts.setText(f"{words} — none hidden.")
        else:
            why = [w for w, on in (("only families that fit", which == FIT_ONLY),
                                   (f"matching “{self.search.text().strip()}”", bool(self.search.text().strip())))
                   if on]
            self.counts.setText(f"Showing {shown:,} of {total:,} ({' and '.join(why)}). In all: {words} — choose "
                                "“All families” and clear the search to see every one.")
        row = self.model.row_of(current.family.id) if current else None
        self.view.selectRow(row if row is not None else 0)
        self.show_reasons()
        self._ticks_changed()

    def current_entry(self) -> ShortlistEntry | None:
        return self.model.entry(self.view.currentIndex().row())

    def show_reasons(self) -> None:
        row = self.view.currentIndex().row()
        entry = self.model.entry(row)
        self.details.setHtml(reasons_html(entry, self.model.agency(row), self.private) if entry
                             else "<p>No family is shown.</p>")

    # -- ticks -------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)):
            self.model.toggle(self.view.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def chosen_family_ids(self) -> list[int]:
        return self.model.chosen_family_ids()

    def _ticks_changed(self) -> None:
        n = len(self.model.ticked)
        self.start_button.setText(f"Start matrix with {n} famil{'y' if n == 1 else 'ies'}")
        self.start_button.setEnabled(MIN_FAMILIES <= n <= MAX_FAMILIES)
        set_role(self.tick_hint, "hint")
        text = TICK_TWO if n < MIN_FAMILIES else f"{n} families ticked (two to five)."
        hidden = n - len({self.model.entries[i].family.id for i in self.model.shown} & self.model.ticked)
        if hidden:  # ticked, then left out by the filter or search: still chosen, and said so
            text += f" {hidden} of them {'is' if hidden == 1 else 'are'} not shown by the filter or search."
        self.tick_hint.setText(" ".join([text, *self.not_ticked]))

    def _refused(self, message: str) -> None:
        set_role(self.tick_hint, "error")
        self.tick_hint.setText(message)

    def _start(self) -> None:
        if MIN_FAMILIES <= len(self.model.ticked) <= MAX_FAMILIES:
            self.accept()


def _items(title: str, lines, empty: str) -> str:
    body = ("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>") if lines \
        else f"<p>{html.escape(empty)}</p>"
    return f"<h4>{html.escape(title)}</h4>{body}"


def reasons_html(entry: ShortlistEntry, agency: str, private: bool = False) -> str:
    family = entry.family
    facts = ["" if private else family.reference or "", agency if agency != "Not recorded" else "agency not recorded"]
    if family.stage == "approved" and family.approval_date:
        facts.append(f"approved {format_date(family.approval_date)}")
    else:
        facts.append(FAMILY_STAGES.get(family.stage, family.stage))
    if family.archived:
        facts.append("archived")
    name = family_words(family, True) if private else family.name or ""
    head = f"<h3>{html.escape(name)}</h3><p>{html.escape(' · '.join(f for f in facts if f))}</p>"
    # The explanation names the rule that removed the family, if one did.
    return (head + f"<p>{html.escape(entry.explanation)}</p>"
            + _items("Reasons it fits", entry.reasons_for, "None recorded.")
            + _items("Hard mismatches (reasons against)", entry.reasons_against, "None: nothing the records show is "
                     "outside the family's stated wishes.")
            + _items("To ask", entry.to_ask, "Nothing: every check is recorded.")
            + _items("Side by side, for people to judge", entry.side_by_side, "Nothing recorded."))
