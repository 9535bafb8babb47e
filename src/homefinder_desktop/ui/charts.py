"""Bar charts for the dashboard and the reports, drawn to be read across a room.

Horizontal bars, because the labels are words ("Family finding", "6–12 months") that must not be
turned on their side. Every bar has its value written beside it and each series its own pattern,
so a chart says the same on a projector, in black and white, and to a worker who cannot tell
colours apart. The type grows with the widget: on a big screen the chart is big, not sparse.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent,
                           QPen)
from PySide6.QtWidgets import QSizePolicy, QWidget

from .style import ACCENT

INK = QColor("#1d2a30")
FAINT = QColor("#5b6b72")
# One look per series: solid, hatched, crossed, dotted; all in the accent, all outlined, so two
# series never depend on telling two colours apart.
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.DiagCrossPattern,
            Qt.BrushStyle.Dense5Pattern)
MAX_SCALE = 2.2      # the type never grows past this many times the application's font
ROW_LINES = 1.9      # a row's height, in lines of the current type
WIDTH_PER_SCALE = 520  # pixels of width for each step of type size: a narrow card keeps small type


@dataclass(frozen=True)
class Bar:
    """One row: its label, a value per series, the words beside it (by default the values) and
    what a click on it means to the page showing the chart (empty: not clickable)."""

    label: str
    values: tuple[float, ...]
    text: str = ""
    key: str = ""

    def words(self) -> str:
        if self.text:
            return self.text
        return " + ".join(f"{v:,.0f}" for v in self.values) if len(self.values) > 1 else f"{self.values[0]:,.0f}"


def against_threshold(label: str, value: float, threshold: int | None, text: str) -> Bar:
    """One bar of two parts, solid up to `threshold` and hatched beyond it, so "over" reads without
    colour (draw it with `maximum=threshold` and two series); without a threshold, all solid."""
    parts = (min(value, threshold), max(value - threshold, 0)) if threshold else (value, 0)
    return Bar(label, parts, text)


class BarChart(QWidget):
    """`set_bars([Bar("Linked", (4,)), ...])`. With several series (`series=("In-house",
    "Partner")`) the bars are stacked (`stacked=True`: parts of one whole, e.g. placements by
    kind of family) or side by side. `maximum` fixes the scale, e.g. a target."""

    activated = Signal(str)  # the key of the bar clicked

    def __init__(self, title: str = "", series: Sequence[str] = ("",), parent: QWidget | None = None, *,
                 stacked: bool = True, empty_text: str = "Nothing to show.", keyboard: bool = True):
        super().__init__(parent)
        self.title = title
        self.series = tuple(series)
        self.stacked = stacked
        self.empty_text = empty_text
        # Whether Tab stops here when a bar opens something: False when the chart's clicks are its card's.
        self.keyboard = keyboard
        self.bars: list[Bar] = []
        self.maximum: float | None = None
        self._hit: list[tuple[QRectF, str]] = []
        self._chosen = ""  # the key of the bar the arrows are on: Enter opens it as a click would
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title or "Chart")
        self.setMouseTracking(True)

    # --- data -------------------------------------------------------------------------
    def set_bars(self, bars: Sequence[Bar], maximum: float | None = None) -> None:
        for bar in bars:
            if len(bar.values) != len(self.series):
                raise ValueError(f"bar {bar.label!r} has {len(bar.values)} values for {len(self.series)} series")
        self.bars = list(bars)
        self.maximum = maximum
        keys = self._keys()
        if self._chosen not in keys:
            self._chosen = keys[0] if keys else ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if keys and self.keyboard else Qt.FocusPolicy.NoFocus)
        # A screen reader hears what the eye sees: every row in words.
        rows = "; ".join(f"{b.label}: {b.words()}" for b in self.bars) or self.empty_text
        self.setAccessibleDescription(f"{self.title}. {rows}" if self.title else rows)
        self.setToolTip("")
        self.updateGeometry()
        self.update()

    def describe(self) -> list[str]:
        """The chart in words, a line per bar (for tests, copying and screen readers)."""
        return [f"{b.label}: {b.words()}" for b in self.bars]

    # --- size -------------------------------------------------------------------------
    def _lines(self) -> float:
        legend = 1 if len([s for s in self.series if s]) > 1 else 0
        heading = 1 if self.title else 0
        rows = max(len(self.bars), 1)
        per_row = ROW_LINES if self.stacked or len(self.series) == 1 else ROW_LINES + 0.7 * (len(self.series) - 1)
        return heading * 1.6 + legend * 1.5 + rows * per_row + 0.3

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        return QSize(420, int(self._lines() * line) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def _scaled_font(self) -> QFont:
        """As large as the height allows, up to MAX_SCALE times the normal type; the width also
        limits it, so charts side by side in a row of equal cards get the same type."""
        font = QFont(self.font())
        base = QFontMetricsF(font).height()
        room = self.height() / max(self._lines(), 1.0)
        scale = max(1.0, min(MAX_SCALE, room / base if base else 1.0, self.width() / WIDTH_PER_SCALE))
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        else:
            font.setPixelSize(max(1, round(font.pixelSize() * scale)))
        return font

    # --- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._scaled_font()
        painter.setFont(font)
        fm = QFontMetricsF(font)
        line = fm.height()
        width = float(self.width())
        y = 2.0
        self._hit = []
        if self.title:
            bold = QFont(font)
            bold.setWeight(QFont.Weight.DemiBold)
            painter.setFont(bold)
            painter.setPen(INK)
            painter.drawText(QRectF(0, y, width, line * 1.4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.title)
            painter.setFont(font)
            y += line * 1.6
        named = [s for s in self.series if s]
        if len(named) > 1:
            x = 0.0
            for index, name in enumerate(self.series):
                box = QRectF(x, y + line * 0.2, line * 1.2, line * 0.8)
                self._fill(painter, box, index)
                x += box.width() + line * 0.3
                text_width = fm.horizontalAdvance(name)
                painter.setPen(INK)
                painter.drawText(QRectF(x, y, text_width + 2, line * 1.2), Qt.AlignmentFlag.AlignVCenter, name)
                x += text_width + line
            y += line * 1.5
        if not self.bars:
            painter.setPen(FAINT)
            painter.drawText(QRectF(0, y, width, line * ROW_LINES), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            return
        label_width = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + line * 0.6, width * 0.42)
        # The words beside a bar are never cut: the bars give way to them, down to a third of the width.
        value_width = min(max(fm.horizontalAdvance(b.words()) for b in self.bars) + line * 0.6,
                          width - label_width - width / 3)
        room = max(width - label_width - value_width, line)
        top = max(self.maximum or 0, *(self._extent(b) for b in self.bars), 1e-9)
        grouped = not self.stacked and len(self.series) > 1
        for bar in self.bars:
            row_height = line * (ROW_LINES + (0.7 * (len(self.series) - 1) if grouped else 0))
            painter.setPen(INK)
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - line * 0.6)
            painter.drawText(QRectF(0, y, label_width - line * 0.6, row_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            end = self._draw_bar(painter, bar, label_width, y, row_height, room / top, line, grouped)
            painter.setPen(INK)
            painter.drawText(QRectF(end + line * 0.3, y, value_width, row_height), Qt.AlignmentFlag.AlignVCenter,
                             bar.words())
            if bar.key:
                self._hit.append((QRectF(0, y, width, row_height), bar.key))
                if bar.key == self._chosen and self.hasFocus():  # where Enter goes, drawn as a focus frame
                    painter.setPen(QPen(INK, 1, Qt.PenStyle.DotLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(QRectF(0.5, y + 0.5, width - 1, row_height - 1))
            y += row_height

    def _extent(self, bar: Bar) -> float:
        """How far the row reaches: stacked parts end to end, side-by-side bars the longest."""
        if not bar.values:
            return 0.0
        return sum(bar.values) if self.stacked else max(bar.values)

    def _draw_bar(self, painter: QPainter, bar: Bar, x: float, y: float, row_height: float, per_unit: float,
                  line: float, grouped: bool) -> float:
        """Draw one row's bar(s); returns where the last one ends (the words go after it)."""
        if not grouped:
            thickness = line * 1.05
            top = y + (row_height - thickness) / 2
            end = x
            extent = self._extent(bar)
            if self.maximum:  # the whole a part is measured against (a target), drawn as an outline
                painter.setPen(QPen(FAINT, 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(x, top, self.maximum * per_unit, thickness))
            for index, value in enumerate(bar.values if self.stacked else bar.values[:1]):
                length = value * per_unit
                if length > 0:
                    self._fill(painter, QRectF(end, top, length, thickness), index)
                end += length
            if extent <= 0:  # a zero still gets a mark, so "0" is not mistaken for "missing"
                painter.setPen(QPen(INK, 1))
                painter.drawLine(int(x), int(top), int(x), int(top + thickness))
            return max(end, x + (self.maximum or 0) * per_unit)
        thickness = line * 0.7
        end = x
        for index, value in enumerate(bar.values):
            top = y + line * 0.25 + index * (thickness + line * 0.05)
            length = value * per_unit
            if length > 0:
                self._fill(painter, QRectF(x, top, length, thickness), index)
            end = max(end, x + length)
        return end

    @staticmethod
    def _fill(painter: QPainter, rect: QRectF, series: int) -> None:
        accent = QColor(ACCENT)
        pattern = PATTERNS[series % len(PATTERNS)]
        if pattern != Qt.BrushStyle.SolidPattern:
            painter.fillRect(rect, QColor("#ffffff"))
        painter.setPen(QPen(accent, 1.2))
        painter.setBrush(QBrush(accent, pattern))
        painter.drawRect(rect)

    # --- the keyboard: the arrows choose a bar that opens something, Enter or Space opens it ---
    def _keys(self) -> list[str]:
        return [b.key for b in self.bars if b.key]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        keys = self._keys()
        key = event.key()
        if keys and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
            at = keys.index(self._chosen) if self._chosen in keys else 0
            at = {Qt.Key.Key_Up: max(at - 1, 0), Qt.Key.Key_Down: min(at + 1, len(keys) - 1),
                  Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(keys) - 1}[key]
            self._chosen = keys[at]
            self.update()
        elif keys and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self._chosen or keys[0])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().focusOutEvent(event)
        self.update()

    # --- clicks -----------------------------------------------------------------------
    def _key_at(self, event: QMouseEvent) -> str:
        point = event.position()
        return next((key for rect, key in self._hit if rect.contains(point)), "")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor if self._key_at(event) else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        key = self._key_at(event) if event.button() == Qt.MouseButton.LeftButton else ""
        if key:
            self.activated.emit(key)
        super().mouseReleaseEvent(event)
