"""The contract between the main window and each part of the work it navigates to."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..services.changes import Changes
from .context import AppContext


class Page(QWidget):
    """One part of the work in the navigation (Start, Children, Families, ...).

    Subclasses set `title`, `icon` (a file name in resources/icons without .svg) and
    `shortcut` (e.g. "Ctrl+2"), build their widgets in __init__, and override the hooks.
    """

    title = ""
    icon = ""
    shortcut = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        ctx.changed.connect(self.on_changes)
        ctx.locked.connect(self.on_locked)
        ctx.unlocked.connect(self.on_unlocked)

    def on_changes(self, changes: Changes) -> None:
        """Something was saved somewhere: reload what this page shows if `changes` touches it."""

    def on_locked(self) -> None:
        """The database was locked: forget every cached row. Keep unsaved edits in their widgets."""

    def on_unlocked(self) -> None:
        """The database is open again: reload."""

    def has_unsaved_changes(self) -> bool:
        return False
