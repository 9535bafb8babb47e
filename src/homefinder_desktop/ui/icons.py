"""Icons drawn for Homefinder: simple stroke icons on a 24px grid, in resources/icons.

Each icon is drawn in its own colour for normal use and in white when selected (the
navigation's selected row is deep teal), so it stays visible on both.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from .. import paths

STROKE = "#24434a"
SELECTED_STROKE = "#ffffff"
SIZES = (16, 22, 24, 32, 48)


def icon_path(name: str):
    return paths.resources_dir() / "icons" / f"{name}.svg"


def _pixmap(svg: bytes, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon resources/icons/<name>.svg, or an empty icon if there is none (never an error)."""
    if not name:
        return QIcon()
    path = icon_path(name)
    if not path.exists():
        return QIcon()
    svg = path.read_bytes()
    white = svg.replace(STROKE.encode(), SELECTED_STROKE.encode())
    result = QIcon(str(path))
    for size in SIZES:
        result.addPixmap(_pixmap(white, size), QIcon.Mode.Selected, QIcon.State.Off)
    return result
