"""The matching matrix as a grid: one row per area (the catalogue's criteria) and a summary row; the
child's need in the first column and one column per family. Each cell says its rating in words with
a plain mark (never colour alone), what the records say (a hard mismatch in bold, with why), and the
worker's strengths and weaknesses. Text wraps and rows grow to it, so nothing is cut on a projector.

The page and the presentation window show the same MatrixModel; the privacy switch is the model's.
"""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..domain import privacy
from ..domain.matrix import RATING_MARKS, RATINGS, MatrixCell, Prefill
from ..services.matrix import MatrixSheet

LINES_ROLE = Qt.ItemDataRole.UserRole + 10    # [(style, text), ...]: what the delegate draws
RATING_ROLE = Qt.ItemDataRole.UserRole + 11   # the cell's rating code ("" when not rated)
SHORT_HEADING_ROLE = Qt.ItemDataRole.UserRole + 12  # a heading without the agency's name (large type)

AGENCY_KIND_WORDS = {"own": "In-house", "partner": "Partner agency", "other": "Other agency"}
UNRATED_WORDS = "Not rated yet"
SUMMARY_TITLE = "Summary"
SUMMARY_NOTE = "A rating never decides by itself: the summary explains, the people decide."

# A second channel beside the words: a light tint (dark text stays high contrast in greyscale)
# and a bar down the left whose width differs too, so print-outs and colour-blind eyes still see it.
RATING_TINT = {"strength": "#e3f1e7", "meets": "#eef6f0", "partly": "#fdf3dc", "concern": "#fbe4e4"}
RATING_BAR = {"strength": ("#1f6b3a", 10), "meets": ("#4f8f63", 6), "partly": ("#a66f00", 6),
              "concern": ("#a32020", 10)}
MISMATCH_BAR = ("#a32020", 10)
# Keys held with these are shortcuts of the window, not the presentation's own letters.
COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier

Line = tuple[str, str]


def rating_words(code: str) -> str:
    """"++ Strength", "! Concern"; "Not rated yet" for an empty rating."""
    return f"{RATING_MARKS[code]} {RATINGS[code]}" if code in RATINGS else UNRATED_WORDS


def records_line(found: Prefill | None, mask: Callable[[str], str] = str) -> Line | None:
    """What the records say about a cell, in one line (the full reasons are in the cell dialog)."""
    if found is None:
        return None
    if found.hard_mismatch:
        return "mismatch", "Records: hard mismatch — " + mask("; ".join(found.mismatches))
    if found.suggested:
        return "records", f"Records suggest: {RATINGS[found.suggested]}"
    if found.unknowns:
        things = "1 thing" if found.unknowns == 1 else f"{found.unknowns} things"
        return "records", f"Records: {things} not recorded — ask"
    return "records", "Records: shown side by side, for the room to judge"


def cell_lines(cell: MatrixCell, mask: Callable[[str], str] = str) -> list[Line]:
    lines: list[Line] = [("rating" if cell.rating in RATINGS else "unrated", rating_words(cell.rating))]
    found = records_line(cell.prefill, mask)
    if found:
        lines.append(found)
    if cell.strengths:
        lines.append(("note", f"Strengths: {mask(cell.strengths)}"))
    if cell.weaknesses:
        lines.append(("note", f"Weaknesses: {mask(cell.weaknesses)}"))
    return lines


class MatrixModel(QAbstractTableModel):
    """One matrix (a MatrixSheet), as the room sees it: with privacy on, families by letter and
    first names, and every surname in free text reduced to its initial."""

    privacy_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet: MatrixSheet | None = None
        self.private = False
        self._withheld = privacy.withheld((), ())

    # -- what it shows -----------------------------------------------------------------------
    def set_sheet(self, sheet: MatrixSheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self._withheld = privacy.withheld(sheet.unit.children, sheet.families) if sheet else privacy.withheld((), ())
        self.endResetModel()

    def set_private(self, private: bool) -> None:
        if private == self.private:
            return
        self.private = private
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.privacy_changed.emit(private)

    def mask(self, text: str) -> str:
        """Free text as the room may see it (unchanged with privacy off)."""
        return self._withheld(text) if self.private else (text or "")

    def family_label(self, family) -> str:
        assert self.sheet is not None
        return privacy.family_label(family, self.sheet.families.index(family), self.private)

    def unit_label(self) -> str:
        """The child (or group) for a heading: first names only with privacy on."""
        if self.sheet is None:
            return ""
        unit = self.sheet.unit
        return unit.first_names if self.private else unit.name

    def first_heading(self) -> str:
        """The first column's heading: whose needs (the page's heading already names them in full)."""
        unit = self.sheet.unit
        if len(unit.children) == 1:
            return f"Areas, and {unit.first_names}'s needs"
        return f"Areas, and the needs of {unit.first_names}"

    def family_heading(self, family, short: bool = False) -> str:
        assert self.sheet is not None
        agency, kind = self.sheet.agencies.get(family.id, ("", "other"))
        words = AGENCY_KIND_WORDS.get(kind, "Other agency")
        if short or not agency:
            return f"{self.family_label(family)}\n{words}"
        return f"{self.family_label(family)}\n{agency} · {words}"

    # -- where things are ----------------------------------------------------------------------
    def criterion_at(self, row: int):
        """The area of a row, or None for the summary row."""
        if self.sheet is None or not 0 <= row < len(self.sheet.catalogue.criteria):
            return None
        return self.sheet.catalogue.criteria[row]

    def family_at(self, column: int):
        if self.sheet is None or not 1 <= column <= len(self.sheet.families):
            return None
        return self.sheet.families[column - 1]

    def is_summary_row(self, row: int) -> bool:
        return self.sheet is not None and row == len(self.sheet.catalogue.criteria)

    def row_of(self, code: str) -> int:
        assert self.sheet is not None
        return self.sheet.catalogue.codes.index(code)

    def column_of(self, family_id: int) -> int:
        assert self.sheet is not None
        return 1 + [f.id for f in self.sheet.families].index(family_id)

    # -- Qt interface ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.catalogue.criteria) + 1

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.families) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or self.sheet is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SHORT_HEADING_ROLE):
            if section == 0:
                return self.first_heading()
            family = self.family_at(section)
            return self.family_heading(family, role == SHORT_HEADING_ROLE) if family is not None else None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def lines(self, row: int, column: int) -> list[Line]:
        sheet = self.sheet
        if sheet is None:
            return []
        if self.is_summary_row(row):
            if column == 0:
                return [("title", SUMMARY_TITLE), ("question", SUMMARY_NOTE)]
            family = self.family_at(column)
            summary = sheet.summaries.get(family.id) if family else None
            return [("summary", self.mask(summary.sentence))] if summary else []
        criterion = self.criterion_at(row)
        if criterion is None:
            return []
        if column == 0:
            need = sheet.needs.get(criterion.code, "").strip()
            return [("title", criterion.title),
                    ("need", self.mask(need)) if need else ("question", criterion.question_for_child)]
        family = self.family_at(column)
        cell = sheet.cells.get((criterion.code, family.id)) if family else None
        return cell_lines(cell, self.mask) if cell else []

    def tooltip(self, row: int, column: int) -> str:
        criterion, family = self.criterion_at(row), self.family_at(column)
        if criterion is None:
            return ""
        if family is None:
            return f"{criterion.title}: {criterion.question_for_child}\nEnter or double-click to write the need."
        cell = self.sheet.cells.get((criterion.code, family.id))
        why = [self.mask(w) for w in cell.prefill.why] if cell and cell.prefill else []
        return "\n".join([f"{criterion.title} — {self.family_label(family)}", criterion.question_for_family]
                         + [f"• {w}" for w in why] + ["Enter or double-click to rate."])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.sheet is None:
            return None
        row, column = index.row(), index.column()
        if role == LINES_ROLE:
            return self.lines(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "\n".join(text for _style, text in self.lines(row, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column) or None
        if role == RATING_ROLE:
            criterion, family = self.criterion_at(row), self.family_at(column)
            cell = self.sheet.cells.get((criterion.code, family.id)) if criterion and family else None
            return cell.rating if cell else ""
        return None


# --- drawing ---------------------------------------------------------------------------------

class _Look:
    """Colours and borders: calm on the page; black on white with thick lines when presenting."""

    def __init__(self, presentation: bool):
        self.presentation = presentation
        self.text = "#000000" if presentation else "#1d2a30"
        self.quiet = "#222222" if presentation else "#4f5f66"
        self.grid = QColor("#000000" if presentation else "#c9d1d5")
        self.grid_width = 2 if presentation else 1
        self.focus = QColor("#0b5f6b")
        self.focus_width = 6 if presentation else 3
        self.first_column = QColor("#ffffff" if presentation else "#f6f8f9")
        self.summary = QColor("#ffffff" if presentation else "#eef1f3")
        self.padding = 12 if presentation else 8


def lines_html(lines: list[Line], look: _Look) -> str:
    styles = {
        "title": "font-weight:700;",
        "rating": "font-weight:700;",
        "unrated": f"color:{look.quiet}; font-style:italic;",
        "mismatch": "font-weight:700;",
        "records": f"color:{look.quiet};" if not look.presentation else "",
        "question": f"color:{look.quiet}; font-style:italic;",
        "need": "",
        "note": "",
        "summary": "",
    }
    parts = [f'<p style="margin:0 0 3px 0; {styles.get(style, "")}">{html.escape(text)}</p>' for style, text in lines]
    return f'<div style="color:{look.text};">{"".join(parts)}</div>'


class MatrixDelegate(QStyledItemDelegate):
    """Draws a cell's lines as wrapped text, the rating's tint and bar, and a thick frame round
    the current cell (no filled highlight, so the text keeps its contrast)."""

    def __init__(self, view: MatrixView):
        super().__init__(view)
        self.view = view

    def _document(self, index: QModelIndex, font: QFont, width: int) -> QTextDocument:
        look = self.view.look
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(lines_html(index.data(LINES_ROLE) or [], look))
        doc.setTextWidth(max(40, width - 2 * look.padding - self._bar_room(index.column())))
        return doc

    def _bar_room(self, column: int) -> int:
        return max(width for _c, width in RATING_BAR.values()) + 4 if column > 0 else 0

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt name)
        width = option.rect.width() if option.rect.width() > 0 else self.view.columnWidth(index.column())
        doc = self._document(index, option.font, width)
        return QSize(width, int(doc.size().height()) + 2 * self.view.look.padding)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        look = self.view.look
        rect: QRect = option.rect
        model: MatrixModel = index.model()
        painter.save()
        rating = index.data(RATING_ROLE) or ""
        lines = index.data(LINES_ROLE) or []
        mismatch = any(style == "mismatch" for style, _t in lines)
        if index.column() == 0:
            background = look.first_column
        elif model.is_summary_row(index.row()):
            background = look.summary
        else:
            background = QColor(RATING_TINT.get(rating, "#ffffff"))
        painter.fillRect(rect, background)
        bar = RATING_BAR.get(rating) or (MISMATCH_BAR if mismatch else None)
        if bar and index.column() > 0:
            colour, width = bar
            painter.fillRect(QRect(rect.left(), rect.top(), width, rect.height()), QColor(colour))
        doc = self._document(index, option.font, rect.width())
        painter.translate(rect.left() + look.padding + self._bar_room(index.column()), rect.top() + look.padding)
        doc.drawContents(painter)
        painter.restore()
        painter.save()
        pen = QPen(look.grid, look.grid_width)
        painter.setPen(pen)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus or option.state & QStyle.StateFlag.State_Selected:
            inset = look.focus_width // 2 + 1
            painter.setPen(QPen(look.focus, look.focus_width))
            painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
            if look.presentation:  # a black edge round the teal, so the frame shows on any tint
                painter.setPen(QPen(QColor("#000000"), 2))
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class WrappingHeader(QHeaderView):
    """Column headings that wrap (a family's name over its agency) in narrow columns, with the
    height they need: QHeaderView itself draws one elided line."""

    def __init__(self, view: MatrixView):
        super().__init__(Qt.Orientation.Horizontal, view)
        self.view = view
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.sectionResized.connect(lambda *_: self.fit_height())

    def _font(self) -> QFont:
        font = QFont(self.view.font())
        font.setBold(True)
        return font

    def _text(self, section: int) -> str:
        model = self.model()
        role = SHORT_HEADING_ROLE if self.view.look.presentation else Qt.ItemDataRole.DisplayRole
        return str(model.headerData(section, Qt.Orientation.Horizontal, role) or "") if model else ""

    def _needed(self, section: int) -> int:
        pad = self.view.look.padding
        metrics = QFontMetrics(self._font())
        width = max(40, self.sectionSize(section) - 2 * pad)
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRect(0, 0, width, 10_000), flags, self._text(section)).height() + 2 * pad

    def fit_height(self) -> None:
        model = self.model()
        count = model.columnCount() if model else 0
        height = max([self._needed(s) for s in range(count)] + [QFontMetrics(self._font()).height() + 12])
        if height != self.height():
            self.setFixedHeight(height)
            self.view.updateGeometries()

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:  # noqa: N802 (Qt name)
        look = self.view.look
        painter.save()
        dark = look.presentation
        painter.fillRect(rect, QColor("#000000" if dark else "#e3e9ec"))
        painter.setPen(QPen(QColor("#ffffff" if dark else "#c9d1d5"), look.grid_width))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setPen(QColor("#ffffff" if dark else "#12343b"))
        painter.setFont(self._font())
        pad = look.padding
        painter.drawText(rect.adjusted(pad, pad, -pad, -pad),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap),
                         self._text(section))
        painter.restore()


class MatrixView(QTableView):
    """The grid. Arrows and Tab move between areas and families; Enter or a double-click asks to
    open the current cell (`cell_requested`). `key_actions` lets the presentation window add keys
    (P, +, -, Esc) that an item view would otherwise take for its own type-ahead search."""

    cell_requested = Signal(QModelIndex)

    def __init__(self, model: MatrixModel, parent: QWidget | None = None, *, presentation: bool = False):
        super().__init__(parent)
        self.look = _Look(presentation)
        self.key_actions: dict[int, Callable[[], None]] = {}
        self.setHorizontalHeader(WrappingHeader(self))
        self.setModel(model)
        self.setItemDelegate(MatrixDelegate(self))
        self.setObjectName("matrixGrid")
        self.setAccessibleName("Matching matrix: areas in rows, families in columns")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setShowGrid(False)  # the delegate draws the lines (thicker when presenting)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Columns share the width; only five families in a narrow window scroll sideways (never cut off).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(120)
        self.doubleClicked.connect(self.cell_requested)
        # Bound methods, not lambdas: the presentation's view goes before the model it shares, and
        # Qt drops a connection to a deleted object only when the slot is that object's own.
        model.modelReset.connect(self._after_reset)
        model.dataChanged.connect(self._data_changed)
        model.headerDataChanged.connect(self._header_changed)
        if presentation:
            self.setStyleSheet("QTableView#matrixGrid { background: #ffffff; border: 2px solid #000000; }")

    def _after_reset(self) -> None:
        self.refit()
        if self.model().rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(self.model().index(0, 1 if self.model().columnCount() > 1 else 0))

    def _data_changed(self, *_args) -> None:
        self.refit()

    def _header_changed(self, *_args) -> None:
        self.horizontalHeader().fit_height()

    def refit(self) -> None:
        """Rows and the heading take the height their wrapped text needs at the current widths."""
        self.horizontalHeader().fit_height()
        self.resizeRowsToContents()

    def set_point_size(self, points: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, points))
        self.setFont(font)
        self.refit()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.refit()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 (Qt name)
        """No type-ahead: letters are the presentation's keys, and a cell's text is no search key."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        action = self.key_actions.get(event.key())
        if action is not None and not event.modifiers() & COMMAND_MODIFIERS:
            action()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.cell_requested.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["LINES_ROLE", "RATING_ROLE", "MatrixModel", "MatrixView", "cell_lines", "rating_words", "records_line"]
