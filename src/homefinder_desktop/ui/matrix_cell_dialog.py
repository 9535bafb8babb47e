"""Rating one family in one area (the rating in words, strengths and weaknesses, beside what the
records say), and writing the child's need in an area. Both save through the matrix use cases.

With privacy on, text that holds a surname is shown with the surname hidden and cannot be edited
(saving it would write the initial over the name): the rating still can, and the dialog says why.
"""
from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain import privacy
from ..domain.formatting import format_date
from ..domain.matrix import RATINGS, UNRATED
from ..services import matrix
from .matrix_view import MatrixModel, rating_words
from .record_form import FormErrors
from .style import set_role

PRIVATE_TEXT_HINT = ("Privacy is on and this text holds a surname, so it is shown with the surname hidden and "
                     "cannot be changed here. Turn privacy off to change it.")


def text_label(text: str, parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        set_role(label, role)
    return label


class MatrixDialogBase(QDialog):
    """What both dialogs share: a scrolling body, an error summary, the decided-matrix note,
    large type when presenting, and text fields that respect the privacy switch."""

    def __init__(self, ctx, model: MatrixModel, title: str, parent: QWidget | None, font_points: float | None):
        super().__init__(parent)
        self.ctx, self.model, self.sheet = ctx, model, model.sheet
        self.font_points = font_points
        self.setWindowTitle(title)
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # else it takes the first Tab, showing nothing
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        summary = QLabel(self)
        self.errors = FormErrors(summary)
        outer.addWidget(summary)
        outer.addWidget(scroll, 1)
        self.decided_note = text_label("", self, "error")
        self.decided_note.setObjectName("decidedNote")
        self.decided_note.hide()
        outer.addWidget(self.decided_note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.protected: set[QPlainTextEdit] = set()

    @property
    def decided(self) -> bool:
        return self.sheet.decided

    def heading(self, text: str) -> QLabel:
        label = text_label(text, self)  # no text role: its size in pt would undo the presentation's larger type
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
        self.body.addWidget(label)
        return label

    def caption(self, title: str) -> QLabel:
        caption = text_label(title, self)
        bold = caption.font()
        bold.setBold(True)
        caption.setFont(bold)
        self.body.addWidget(caption)
        return caption

    def section(self, title: str, text: str, role: str = "") -> QLabel:
        self.caption(title)
        label = text_label(text, self, role)
        self.body.addWidget(label)
        return label

    def field(self, title: str, widget: QWidget) -> QWidget:
        """A captioned field with its own line for a problem (FormErrors knows it by `title`)."""
        self.caption(title).setBuddy(widget)
        self.body.addWidget(widget)
        message = text_label("", self)
        self.body.addWidget(message)
        self.errors.register(title, widget, message)
        return widget

    def text_field(self, title: str, text: str, object_name: str) -> QPlainTextEdit:
        """A text box; with privacy on and a surname in the text, read-only and masked."""
        self.caption(title)
        edit = QPlainTextEdit(self)
        edit.setObjectName(object_name)
        edit.setAccessibleName(title)
        edit.setTabChangesFocus(True)
        lines = edit.fontMetrics().lineSpacing()
        edit.setMinimumHeight(lines * 3 + 16)
        edit.setMaximumHeight(lines * 7 + 16)
        shown = self.model.mask(text)
        edit.setPlainText(shown)
        if shown != (text or ""):
            edit.setReadOnly(True)
            edit.setToolTip(PRIVATE_TEXT_HINT)
            self.protected.add(edit)
            self.body.addWidget(text_label(PRIVATE_TEXT_HINT, self, "hint"))
        self.body.addWidget(edit)
        return edit

    def value_of(self, edit: QPlainTextEdit) -> str | None:
        """The text to save, or None to leave it as it was (protected by privacy)."""
        return None if edit in self.protected else edit.toPlainText()

    def _enlarge(self) -> None:
        """Large type for the shared screen, widget by widget: under a style sheet (the
        presentation window has one) a dialog's font does not reach its children. Each keeps its
        own proportion (a heading stays larger than its text)."""
        scale = self.font_points / QApplication.font().pointSizeF()
        fonts = [(widget, widget.font()) for widget in [self, *self.findChildren(QWidget)]]
        for widget, font in fonts:
            font.setPointSizeF(font.pointSizeF() * scale)
            widget.setFont(font)

    def _set_focus_order(self, fields: list[QWidget]) -> None:
        """The fields in reading order, then save, then cancel; the first field has the focus."""
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        chain = [w for w in fields if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        chain += [b for b in (self.save_button, cancel) if b is not None]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_fields(self) -> list[QWidget]:
        """The dialog's fields in reading order: where Tab goes, and the first has the focus."""
        return []

    def finish(self, save_text: str, slot) -> None:
        if self.decided:
            decision = self.sheet.decision
            self.decided_note.setText(f"The decision was recorded on {format_date(decision.decided_on)}: this "
                                      "matrix does not change. Reopen it as a new version to look again.")
            self.decided_note.show()
            for edit in self.findChildren(QPlainTextEdit):
                edit.setReadOnly(True)
            for button in self.findChildren(QRadioButton):
                button.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
            self.save_button = None
        else:
            self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
            self.save_button.setDefault(True)
            self.save_button.clicked.connect(slot)
        self.body.addStretch(1)
        if self.font_points:
            self._enlarge()
        self._set_focus_order(self.tab_fields())
        # Room for the whole form without scrolling where the screen allows (a 720-line projector
        # does not: then the body scrolls and the buttons stay in view).
        metrics = self.fontMetrics()
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = metrics.averageCharWidth() * 90, metrics.lineSpacing() * 40
        if room is not None:
            width, height = min(width, int(room.width() * 0.9)), min(height, int(room.height() * 0.9))
        self.resize(width, height)

    def run_save(self, fn, *args) -> bool:
        if self.ctx.run_marking(self, self.errors, fn, self.ctx.session, *args) is None:
            return False
        self.accept()
        return True


class MatrixCellDialog(MatrixDialogBase):
    """Rate one family in one area."""

    def __init__(self, ctx, model: MatrixModel, row: int, column: int, parent: QWidget | None = None,
                 font_points: float | None = None):
        self.criterion, self.family = model.criterion_at(row), model.family_at(column)
        super().__init__(ctx, model, "Rate this area", parent, font_points)
        self.setObjectName("matrixCellDialog")
        sheet, criterion, family = self.sheet, self.criterion, self.family
        self.cell = sheet.cells[(criterion.code, family.id)]
        self.heading(f"{criterion.title} — {model.family_label(family)}")
        need = sheet.needs.get(criterion.code, "").strip()
        self.section(_need_caption(sheet.unit), model.mask(need) if need else criterion.question_for_child,
                     "" if need else "hint")
        self.section("Ask of the family", criterion.question_for_family, "hint")
        self.records = self.section("What the records say", self._records_text())
        self.records.setObjectName("recordsSay")
        if not model.private and family.offer_notes.strip():
            self.section("More about what they offer (from the family's record)", family.offer_notes.strip())
        rating_box = QWidget(self)
        column_layout = QVBoxLayout(rating_box)
        column_layout.setContentsMargins(0, 0, 0, 0)
        self.rating_group = QButtonGroup(self)
        self.rating_buttons: dict[str, QRadioButton] = {}
        for code in (*RATINGS, UNRATED):
            button = QRadioButton(rating_words(code), rating_box)
            button.setObjectName(f"rating_{code or 'none'}")
            self.rating_group.addButton(button)
            self.rating_buttons[code] = button
            column_layout.addWidget(button)
        self.rating_buttons.get(self.cell.rating, self.rating_buttons[UNRATED]).setChecked(True)
        self.field("Rating", rating_box)
        self.strengths = self.text_field("Strengths", self.cell.strengths, "strengths")
        self.weaknesses = self.text_field("Weaknesses", self.cell.weaknesses, "weaknesses")
        self.finish("Save rating", self.save)

    def tab_fields(self) -> list[QWidget]:
        # Into an exclusive group of ratings at the one chosen; the arrow keys move within it.
        return [self.rating_buttons.get(self.cell.rating, self.rating_buttons[UNRATED]), self.strengths,
                self.weaknesses]

    def _records_text(self) -> str:
        found = self.cell.prefill
        if found is None:
            return "The records say nothing about this area: it is for the people in the room to judge."
        lines = [self.model.mask(why) for why in found.why]
        if found.hard_mismatch:
            head = "Hard mismatch: " + self.model.mask("; ".join(found.mismatches))
        elif found.suggested:
            head = f"The records suggest: {RATINGS[found.suggested]}"
        else:
            head = "The records suggest no rating: " + (
                "some things are not recorded, ask" if found.unknowns else "the room judges")
        return "\n".join([head] + [f"• {line}" for line in lines]) + "\nA suggestion only: you rate the cell."

    def rating(self) -> str:
        return next((code for code, button in self.rating_buttons.items() if button.isChecked()), UNRATED)

    def choose(self, code: str) -> None:
        self.rating_buttons[code].setChecked(True)

    def save(self) -> bool:
        return self.run_save(matrix.rate, self.sheet.id, self.criterion.code, self.family.id, self.rating(),
                             self.value_of(self.strengths), self.value_of(self.weaknesses))


class NeedDialog(MatrixDialogBase):
    """The child's need in one area, in the worker's words (the matrix's first column)."""

    def __init__(self, ctx, model: MatrixModel, row: int, parent: QWidget | None = None,
                 font_points: float | None = None):
        self.criterion = model.criterion_at(row)
        super().__init__(ctx, model, "The child's need", parent, font_points)
        self.setObjectName("matrixNeedDialog")
        sheet, criterion = self.sheet, self.criterion
        self.heading(f"{criterion.title} — {model.unit_label()}")
        self.section("The question", criterion.question_for_child, "hint")
        facts = [f"{privacy.child_label(child, model.private)}: "
                 f"{privacy.child_facts(child, sheet.as_at, model.private)}" for child in sheet.unit.children]
        self.section("From the records", "\n".join(facts))
        if not model.private:
            notes = [f"{child.first_name}: {child.needs_notes.strip()}" for child in sheet.unit.children
                     if child.needs_notes.strip()]
            if notes:
                self.section("More about the child's needs (from the child's record)", "\n".join(notes))
        self.need = self.text_field("The need, in your words", sheet.needs.get(criterion.code, ""), "need")
        self.need.setPlaceholderText(criterion.question_for_child)
        self.finish("Save the need", self.save)

    def tab_fields(self) -> list[QWidget]:
        return [self.need]

    def save(self) -> bool:
        text = self.value_of(self.need)
        if text is None:  # privacy kept it as it was: nothing to write
            self.accept()
            return True
        return self.run_save(matrix.write_need, self.sheet.id, self.criterion.code, text)


def _need_caption(unit) -> str:
    """"Ivy's need"; "The need of Ivy and Theo" for a group (the heading names them in full)."""
    return f"{unit.first_names}'s need" if len(unit.children) == 1 else f"The need of {unit.first_names}"


__all__ = ["MatrixCellDialog", "MatrixDialogBase", "NeedDialog"]
