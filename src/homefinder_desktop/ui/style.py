"""The look: one stylesheet (resources/styles/homefinder.qss) and the few colours code needs."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLayout, QWidget

from .. import paths

ACCENT = "#0b5f6b"  # deep teal: buttons, selection, the numbers on the start page
WARNING = "#8a5a00"
ERROR = "#a32020"
BASE_POINT_SIZE = 10.5  # readable on a laptop; the start page uses larger type for a projector


def stylesheet() -> str:
    path = paths.resources_dir() / "styles" / "homefinder.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a plain look is better than not starting


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on Windows, macOS and Linux; the stylesheet builds on it
    palette = app.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8f9"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d2a30"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d2a30"))
    app.setPalette(palette)
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(stylesheet())


def set_role(widget: QWidget, role: str) -> QWidget:
    """Give a label a text role from the stylesheet (title, subtitle, hint, error, ...)."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


def set_property(widget: QWidget, name: str, value) -> None:
    """Set a property the stylesheet reads, and re-apply the style so it shows."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FormLayout(QFormLayout):
    """QFormLayout whose text labels sit level with the middle of their (taller, padded) fields."""

    def addRow(self, *args):  # noqa: N802 (Qt name)
        if len(args) == 2 and isinstance(args[0], str) and args[0] and isinstance(args[1], (QWidget, QLayout)):
            text, field = args
            label = QLabel(text)
            if isinstance(field, QWidget):
                label.setBuddy(field)
            label.setMinimumHeight(field.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return super().addRow(label, field)
        return super().addRow(*args)


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels sit level with their fields, with room between rows."""
    form = FormLayout(parent) if parent is not None else FormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(10)
    return form
