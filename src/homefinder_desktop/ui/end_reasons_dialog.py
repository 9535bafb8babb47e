"""The list of reasons a link did not progress: kept by the worker, so the evaluation can count
links that ended by why. A reason is taken off the list (archived), never deleted: links that
ended for it keep it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from ..services import links
from .context import AppContext

OFF_LIST = " (not offered)"


class EndReasonsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Reasons a link did not progress")
        self.setObjectName("endReasonsDialog")
        layout = QVBoxLayout(self)
        intro = QLabel("The reasons offered when a link ends. A reason taken off the list is no longer "
                       "offered; links that ended for it keep it.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Reasons")
        self.list.currentItemChanged.connect(lambda *_: self._chosen())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Reason")
        self.name.setPlaceholderText("A reason, e.g. “Family moved away”")
        row.addWidget(self.name, 1)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button = QPushButton("Rename", self)
        self.rename_button.setToolTip("Give the chosen reason the words typed here")
        self.rename_button.clicked.connect(lambda: self.rename())
        self.archive_button = QPushButton("Take off the list", self)
        self.archive_button.clicked.connect(lambda: self.toggle_archived())
        for button in (self.add_button, self.rename_button, self.archive_button):
            row.addWidget(button)
        layout.addLayout(row)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.resize(620, 420)
        self.reload()

    def reload(self, chosen_id: int | None = None) -> None:
        reasons = self.ctx.run(self, links.end_reasons, self.ctx.session, include_archived=True) or []
        self.list.clear()
        for reason in reasons:
            item = QListWidgetItem(reason["name"] + (OFF_LIST if reason["archived"] else ""))
            item.setData(Qt.ItemDataRole.UserRole, (reason["id"], bool(reason["archived"]), reason["name"]))
            if reason["archived"]:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            if reason["id"] == chosen_id:
                self.list.setCurrentItem(item)
        self._chosen()

    def _current(self) -> tuple[int, bool, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _chosen(self) -> None:
        current = self._current()
        self.rename_button.setEnabled(current is not None)
        self.archive_button.setEnabled(current is not None)
        if current is not None:
            self.name.setText(current[2])
            self.archive_button.setText("Put back on the list" if current[1] else "Take off the list")

    def add(self) -> None:
        changes = self.ctx.run(self, links.add_end_reason, self.ctx.session, self.name.text())
        if changes is not None:
            self.name.clear()
            self.reload(changes.record_id)

    def rename(self) -> None:
        current = self._current()
        if current and self.ctx.run(self, links.rename_end_reason, self.ctx.session, current[0], self.name.text()):
            self.reload(current[0])

    def toggle_archived(self) -> None:
        current = self._current()
        if current and self.ctx.run(self, links.archive_end_reason, self.ctx.session, current[0], not current[1]):
            self.reload(current[0])
