"""Presentation mode: the matrix alone on the shared screen, full screen, in large type, black on
white with thick lines and a frame round the current cell that shows from the back of the room.
Everything is done from the keyboard, and a line at the bottom says how."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..domain.formatting import format_date
from .matrix_view import MatrixModel, MatrixView

HELP = ("Arrows or Tab: move  ·  Enter: rate  ·  Page Up/Down: scroll  ·  P: privacy on/off  ·  "
        "+ / −: size  ·  Esc: leave")
# 20 pt on a 1280×720 projector reads from the back of a room and still shows a whole area's row
# for three families; larger screens scale up with their height, and + / − adjust for the room.
POINTS_AT_720 = 20.0
ZOOM_STEP, SMALLEST, LARGEST = 2.0, 12.0, 48.0


def presentation_points(screen_height: int) -> float:
    return round(min(LARGEST, max(SMALLEST, POINTS_AT_720 * screen_height / 720)) * 2) / 2


class MatrixPresentation(QWidget):
    """A frameless full-screen window over the page's own MatrixModel (so the privacy switch and
    every saved rating are the same in both). The page opens the dialogs: `cell_requested`."""

    cell_requested = Signal(QModelIndex)
    privacy_toggled = Signal()
    closed = Signal()

    def __init__(self, model: MatrixModel, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.model = model
        self.setObjectName("matrixPresentation")
        self.setWindowTitle("Matching matrix — presentation")
        self.setStyleSheet("QWidget#matrixPresentation { background: #ffffff; }"
                           "QLabel { color: #000000; }")
        self.title = QLabel(self)
        self.title.setObjectName("presentationTitle")
        self.title.setWordWrap(True)
        self.privacy_label = QLabel(self)
        self.privacy_label.setObjectName("presentationPrivacy")
        self.view = MatrixView(model, self, presentation=True)
        self.help = QLabel(HELP, self)
        self.help.setObjectName("presentationHelp")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.privacy_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.help)
        self.view.cell_requested.connect(self.cell_requested)
        keys = {Qt.Key.Key_P: self.privacy_toggled.emit, Qt.Key.Key_Plus: lambda: self.zoom(ZOOM_STEP),
                Qt.Key.Key_Equal: lambda: self.zoom(ZOOM_STEP), Qt.Key.Key_Minus: lambda: self.zoom(-ZOOM_STEP),
                Qt.Key.Key_Underscore: lambda: self.zoom(-ZOOM_STEP), Qt.Key.Key_Escape: self.close}
        self.view.key_actions.update(keys)
        # A row taller than the screen (a long note in large type) is read by scrolling, not cut off.
        scroll = self.view.verticalScrollBar()
        self.view.key_actions.update({
            Qt.Key.Key_PageDown: lambda: scroll.setValue(scroll.value() + scroll.pageStep()),
            Qt.Key.Key_PageUp: lambda: scroll.setValue(scroll.value() - scroll.pageStep())})
        # The same keys when the focus is elsewhere in the window (after a dialog closes, say).
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        model.privacy_changed.connect(self._update_words)
        model.modelReset.connect(self._update_words)
        self.set_points(presentation_points(self._screen_height()))
        self._update_words()

    def _screen_height(self) -> int:
        screen = self.screen()
        return screen.geometry().height() if screen is not None else 720

    def points(self) -> float:
        return self.view.point_size()

    def set_points(self, points: float) -> None:
        points = max(SMALLEST, min(LARGEST, points))
        self.view.set_point_size(points)
        for label, scale, bold in ((self.title, 1.0, True), (self.privacy_label, 0.8, True), (self.help, 0.55, False)):
            font = QFont(self.font())
            font.setPointSizeF(points * scale)
            font.setBold(bold)
            label.setFont(font)

    def zoom(self, step: float) -> None:
        self.set_points(self.points() + step)

    def _update_words(self, *_args) -> None:
        sheet = self.model.sheet
        if sheet is None:
            self.title.setText("")
            return
        state = "decided" if sheet.decided else "open"
        self.title.setText(f"{self.model.unit_label()} — {sheet.reference}, version {sheet.version}, "
                           f"{format_date(sheet.held_on)}, {state}")
        private = self.model.private
        self.privacy_label.setText("PRIVACY ON" if private else "PRIVACY OFF: full names shown")
        self.privacy_label.setStyleSheet("color: #ffffff; background: #000000; padding: 4px 10px;" if private else
                                         "color: #000000; background: #ffffff; border: 3px solid #000000; "
                                         "padding: 4px 10px;")

    def present(self) -> None:
        self.showFullScreen()
        self.activateWindow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 1))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        super().closeEvent(event)
        self.closed.emit()


__all__ = ["MatrixPresentation", "presentation_points"]
