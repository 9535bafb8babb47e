"""Small pieces of the Matching page: a row of buttons that wraps when the page is narrow, a
dialog to choose one child, group or family (typing narrows the list), with a reason if asked, and
a family as a list names it."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain import privacy


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new line when the next does not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 (Qt name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 (Qt name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt name)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt name)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():  # a hidden button takes no room
                continue
            hint = item.sizeHint()
            if line and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class PickDialog(QDialog):
    """Choose one thing from a list (typing narrows it), and optionally say why."""

    def __init__(self, parent: QWidget, title: str, question: str, choices: dict, action: str,
                 reason: str | None = None, chosen=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        words = QLabel(question, self)
        words.setWordWrap(True)
        layout.addWidget(words)
        self.choice = QComboBox(self)
        self.choice.setObjectName("pickChoice")
        self.choice.setAccessibleName(title)
        for key, text in choices.items():
            self.choice.addItem(text, key)
        self.choice.setEditable(True)
        self.choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.choice.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.choice.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if chosen is not None and self.choice.findData(chosen) >= 0:
            self.choice.setCurrentIndex(self.choice.findData(chosen))
        layout.addWidget(self.choice)
        self.reason = None
        if reason is not None:
            self.reason = QPlainTextEdit(self)
            self.reason.setObjectName("pickReason")
            self.reason.setPlaceholderText(reason)
            self.reason.setTabChangesFocus(True)
            layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._allow)
        if self.reason is not None:
            self.reason.textChanged.connect(self._allow)
        self._allow()
        self.resize(560, 300 if reason is not None else 160)

    def value(self):
        """The key of the entry shown (None while the typed text matches no entry)."""
        index = self.choice.findText(self.choice.currentText(), Qt.MatchFlag.MatchExactly)
        return self.choice.itemData(index) if index >= 0 else None

    def why(self) -> str:
        return self.reason.toPlainText().strip() if self.reason is not None else ""

    def _allow(self) -> None:
        self.ok.setEnabled(self.choice.currentIndex() >= 0 and (self.reason is None or bool(self.why())))


def family_words(family, private: bool) -> str:
    """A family in a list of families to choose from: its name and reference, or with privacy on
    the adopters' first names and the reference (which tells two "Sam and Alex" apart)."""
    if not private:
        return f"{family.name} ({family.reference})" if family.reference else family.name
    names = " and ".join(privacy.first_name_of(n) for n in (family.adopter_one, family.adopter_two) if n.strip())
    return f"{names} ({family.reference})" if family.reference else names


__all__ = ["FlowLayout", "PickDialog", "family_words"]
