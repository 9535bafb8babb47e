"""The areas a matching matrix asks about ("the criteria catalogue"): its versions, each one's
areas, and an editor for the next version. A change is always a new version from a date; the
old ones stay for the matrices held under them, so nothing here ever rewrites an old matrix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.matrix import PREFILL_RULES, Catalogue, Criterion, catalogue_in_force, catalogue_note
from ..services import matrix
from .context import AppContext
from .record_form import FormErrors
from .style import ERROR, form_layout, set_role
from .widgets import DateEdit, ask_unsaved, set_big_title

PEOPLE_JUDGE = "People judge"
FIRST_NOTE = "The areas Homefinder starts with"
UNTITLED = "a new area (no title yet)"
AREA_PROBLEM = re.compile(r"^Area (\d+)$")


def rule_words(rule: str | None) -> str:
    return PREFILL_RULES.get(rule or "", PEOPLE_JUDGE)


def code_for(title: str, taken: set[str]) -> str:
    """A new area's code, from its title ("Foster siblings" -> "foster_siblings"), never one any
    version has used, so an old matrix's area can never be mistaken for a new one."""
    stem = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")[:40] or "area"
    code, n = stem, 2
    while code in taken:
        code, n = f"{stem}_{n}", n + 1
    return code


@dataclass
class DraftArea:
    code: str | None          # None: new in this version (its code comes from its title on saving)
    title: str
    question_for_child: str
    question_for_family: str
    prefill_rule: str | None


def _tree(parent: QWidget, headings: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setHeaderLabels(headings)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    return tree


class CatalogueDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.versions: list[Catalogue] = []
        self.draft: list[DraftArea] = []
        self._loading = False
        self.setWindowTitle("Matrix areas")
        self.setObjectName("catalogueDialog")
        layout = QVBoxLayout(self)
        title = QLabel("Matrix areas", self)
        set_big_title(title)
        layout.addWidget(title)
        self.intro = QLabel("The areas a matching matrix asks about, in versions: matrices already held keep the "
                            "version they were held under, and a new version applies to matrices started from the "
                            "day it takes effect.", self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._versions_page())
        self.pages.addWidget(self._editor_page())
        layout.addWidget(self.pages, 1)
        self.resize(1180, 680)
        self.reload()

    # -- the versions ------------------------------------------------------------------------
    def _versions_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.version_list = _tree(page, ["Version", "Takes effect from", "Areas", "Note"], "Versions")
        self.version_list.setMaximumHeight(110)
        self.version_list.currentItemChanged.connect(lambda *_: self.show_areas())
        box.addWidget(self.version_list)
        self.areas_heading = set_role(QLabel(page), "subtitle")
        box.addWidget(self.areas_heading)
        # A table, not a tree: its rows grow to the wrapped questions (a tree's rows stay one line).
        self.area_list = QTableWidget(0, 4, page)
        self.area_list.setHorizontalHeaderLabels(["Area", "Question about the child", "Question for the family",
                                                  "What the records fill in"])
        self.area_list.setAccessibleName("Areas of the version")
        self.area_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.area_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.area_list.setAlternatingRowColors(True)
        self.area_list.setWordWrap(True)
        self.area_list.setStyleSheet("QTableWidget::item { padding: 4px 4px; }")  # wrapped lines need air
        self.area_list.verticalHeader().hide()
        header = self.area_list.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((250, 320, 320)):
            header.resizeSection(column, width)
        header.sectionResized.connect(lambda *_: self.area_list.resizeRowsToContents())
        box.addWidget(self.area_list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, page)
        self.new_button = buttons.addButton("New version…", QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setToolTip("Start the next version from the latest one's areas")
        self.new_button.clicked.connect(lambda: self.new_version())
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        return page

    def reload(self, version: int | None = None) -> None:
        self.versions = self.ctx.run(self, matrix.catalogues, self.ctx.session) or []
        today = self.ctx.session.today()
        in_force = catalogue_in_force(self.versions, today).version if any(
            c.effective_from <= today for c in self.versions) else None
        self.version_list.clear()
        chosen = None
        for i, catalogue in enumerate(self.versions):
            label = f"{catalogue.version} (in force)" if catalogue.version == in_force else str(catalogue.version)
            note = catalogue_note(self.versions[i - 1], catalogue) if i else FIRST_NOTE
            item = QTreeWidgetItem(self.version_list, [label, format_date(catalogue.effective_from),
                                                       str(len(catalogue.criteria)), note])
            item.setToolTip(3, note)
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            if catalogue.version == (version if version is not None else self.versions[-1].version):
                chosen = item
        for column in range(3):
            self.version_list.resizeColumnToContents(column)
        if chosen is not None:
            self.version_list.setCurrentItem(chosen)
        self.show_areas()

    def shown_version(self) -> Catalogue | None:
        item = self.version_list.currentItem()
        return self.versions[item.data(0, Qt.ItemDataRole.UserRole)] if item else None

    def show_areas(self) -> None:
        catalogue = self.shown_version()
        criteria = catalogue.criteria if catalogue else ()
        self.areas_heading.setText(f"The {len(criteria)} areas of version {catalogue.version}" if catalogue else "")
        self.area_list.setRowCount(len(criteria))
        for row, criterion in enumerate(criteria):
            for column, text in enumerate((criterion.title, criterion.question_for_child,
                                           criterion.question_for_family, rule_words(criterion.prefill_rule))):
                self.area_list.setItem(row, column, QTableWidgetItem(text))
        self.area_list.resizeRowsToContents()

    # -- the editor --------------------------------------------------------------------------
    def _editor_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.editor_heading = set_role(QLabel(page), "subtitle")
        box.addWidget(self.editor_heading)
        self.editor_hint = set_role(QLabel(page), "hint")
        self.editor_hint.setWordWrap(True)
        box.addWidget(self.editor_hint)
        summary = QLabel(page)
        self.errors = FormErrors(summary)
        box.addWidget(summary)

        top = form_layout()
        self.takes_effect = DateEdit(page)
        self.takes_effect_message = QLabel(page)
        self.errors.register("Takes effect from", self.takes_effect, self.takes_effect_message)
        top.addRow("Takes effect from", self._with_message(self.takes_effect, self.takes_effect_message))
        box.addLayout(top)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.area_edit_list = QListWidget(page)
        self.area_edit_list.setAccessibleName("Areas of the new version")
        self.area_edit_list.currentRowChanged.connect(lambda *_: self._area_chosen())
        left.addWidget(self.area_edit_list, 1)
        self.areas_message = QLabel(page)
        self.errors.register("Areas", self.area_edit_list, self.areas_message)
        left.addWidget(self.areas_message)
        moves = QHBoxLayout()
        self.add_button = self._button(page, moves, "Add area", self.add_area)
        self.retire_button = self._button(page, moves, "Retire area", self.retire_area)
        self.up_button = self._button(page, moves, "Move up", lambda: self.move_area(-1))
        self.down_button = self._button(page, moves, "Move down", lambda: self.move_area(1))
        left.addLayout(moves)
        columns.addLayout(left, 2)

        form = form_layout()
        self.area_title = QLineEdit(page)
        self.child_question = self._question(page)
        self.family_question = self._question(page)
        self.rule = QComboBox(page)
        self.rule.addItem(PEOPLE_JUDGE, None)
        for code, words in PREFILL_RULES.items():
            self.rule.addItem(words, code)
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rule.setMinimumContentsLength(30)
        for words, field in (("Title", self.area_title), ("Question about the child", self.child_question),
                             ("Question for the family", self.family_question),
                             ("What the records fill in", self.rule)):
            # A label of our own: the house form sizes its labels by the field's size hint, which
            # for a text box is far taller than the three lines it is given here.
            label = QLabel(words, page)
            label.setBuddy(field)
            form.addRow(label, field)
        self.area_hint = set_role(QLabel(page), "hint")
        self.area_hint.setWordWrap(True)
        form.addRow("", self.area_hint)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        columns.addLayout(right, 3)
        box.addLayout(columns, 1)
        self.area_title.textChanged.connect(lambda text: self._edited("title", text))
        self.child_question.textChanged.connect(
            lambda: self._edited("question_for_child", self.child_question.toPlainText()))
        self.family_question.textChanged.connect(
            lambda: self._edited("question_for_family", self.family_question.toPlainText()))
        self.rule.currentIndexChanged.connect(lambda *_: self._edited("prefill_rule", self.rule.currentData()))

        self.changes = QLabel(page)
        self.changes.setWordWrap(True)
        box.addWidget(self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, page)
        self.save_button = buttons.addButton("Save version", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(lambda: self.save_version())
        buttons.rejected.connect(lambda: self.leave_editor())
        box.addWidget(buttons)
        return page

    def _with_message(self, field: QWidget, message: QLabel) -> QWidget:
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(field)
        box.addWidget(message)
        return cell

    def _button(self, parent: QWidget, row: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text, parent)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    def _question(self, parent: QWidget) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 16)
        return edit

    @property
    def latest(self) -> Catalogue:
        return self.versions[-1]

    def new_version(self) -> None:
        """The editor, starting from the latest version's areas, taking effect today."""
        self.draft = [DraftArea(c.code, c.title, c.question_for_child, c.question_for_family, c.prefill_rule)
                      for c in self.latest.criteria]
        number = self.latest.version + 1
        self.editor_heading.setText(f"New version {number}")
        self.editor_hint.setText(f"Starts from version {self.latest.version}'s areas: add, retire, rename or reorder "
                                 "areas and change their questions. Nothing is saved until you press "
                                 f"“Save version {number}”.")
        self.save_button.setText(f"Save version {number}")
        self.takes_effect.setDate(self.ctx.session.today())
        self.errors.clear()
        self._fill_list(0)
        self.pages.setCurrentIndex(1)
        self.area_title.setFocus()

    def editing(self) -> bool:
        return self.pages.currentIndex() == 1

    def draft_changed(self) -> bool:
        try:
            on = self.takes_effect.date()
        except ValueError:
            return True
        return self._criteria() != self.latest.criteria or on != self.ctx.session.today()

    def leave_editor(self) -> bool:
        """Back to the versions, asking first if the draft has changes. False: stay editing."""
        if self.draft_changed():
            answer = ask_unsaved(self, "the new version of the areas")
            if answer == "cancel" or (answer == "save" and not self.save_version()):
                return False
        self.cancel_editing()
        return True

    def reject(self) -> None:
        # Escape or the window's close button must not lose a half-made version without asking.
        if self.editing() and not self.leave_editor():
            return
        super().reject()

    def cancel_editing(self) -> None:
        self.errors.clear()
        self.draft = []
        self.pages.setCurrentIndex(0)

    def _fill_list(self, row: int) -> None:
        self.area_edit_list.clear()
        for n, area in enumerate(self.draft, 1):
            self.area_edit_list.addItem(f"{n}. {area.title}")
        self.area_edit_list.setCurrentRow(min(row, len(self.draft) - 1))
        self._area_chosen()
        self._show_changes()

    def _area_chosen(self) -> None:
        row = self.area_edit_list.currentRow()
        area = self.draft[row] if 0 <= row < len(self.draft) else None
        self._loading = True
        try:
            self.area_title.setText(area.title if area else "")
            self.child_question.setPlainText(area.question_for_child if area else "")
            self.family_question.setPlainText(area.question_for_family if area else "")
            self.rule.setCurrentIndex(max(0, self.rule.findData(area.prefill_rule)) if area else 0)
        finally:
            self._loading = False
        for widget in (self.area_title, self.child_question, self.family_question, self.rule, self.retire_button):
            widget.setEnabled(area is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.draft) - 1)
        self._hint_for(area)

    def _hint_for(self, area: DraftArea | None) -> None:
        if area is None:
            self.area_hint.setText("")
        elif area.code is None:
            self.area_hint.setText("A new area in this version.")
        elif area.prefill_rule:
            self.area_hint.setText("The records fill this area in: every version needs one area for it, so keep "
                                   "the area (its title and questions may change) or give the rule to another.")
        else:
            self.area_hint.setText(f"Kept from version {self.latest.version}: renaming it keeps it the same area.")

    def _edited(self, attr: str, value) -> None:
        row = self.area_edit_list.currentRow()
        if self._loading or not 0 <= row < len(self.draft):
            return
        setattr(self.draft[row], attr, value)
        if attr == "title":
            self.area_edit_list.item(row).setText(f"{row + 1}. {value}")
        self._show_changes()

    def add_area(self) -> None:
        self.draft.append(DraftArea(None, "", "", "", None))
        self._fill_list(len(self.draft) - 1)
        self.area_title.setFocus()

    def retire_area(self) -> None:
        row = self.area_edit_list.currentRow()
        if 0 <= row < len(self.draft):
            del self.draft[row]
            self._fill_list(row)

    def move_area(self, step: int) -> None:
        row = self.area_edit_list.currentRow()
        to = row + step
        if 0 <= row < len(self.draft) and 0 <= to < len(self.draft):
            self.draft[row], self.draft[to] = self.draft[to], self.draft[row]
            self._fill_list(to)

    def _criteria(self) -> tuple[Criterion, ...]:
        taken = {c for version in self.versions for c in version.codes} | {a.code for a in self.draft if a.code}
        out = []
        for area in self.draft:
            code = area.code
            if code is None:
                code = code_for(area.title, taken)
                taken.add(code)
            out.append(Criterion(code, area.title.strip(), area.question_for_child.strip(),
                                 area.question_for_family.strip(), area.prefill_rule))
        return tuple(out)

    def draft_catalogue(self) -> Catalogue:
        """The new version as it stands; a date that does not read is a problem at its field."""
        try:
            on = self.takes_effect.date()
        except ValueError:
            raise ValidationError([FieldProblem("Takes effect from", date_problem(self.takes_effect.text()))])
        return Catalogue(self.latest.version + 1, on, self._criteria())

    def _show_changes(self) -> None:
        # An area just added has no title yet: named so, not left as "Added: " with nothing after.
        shown = tuple(c if c.title else replace(c, title=UNTITLED) for c in self._criteria())
        words = catalogue_note(self.latest, Catalogue(0, self.latest.effective_from, shown))
        self.changes.setText(f"<b>Changes in this version:</b> {words}")

    def save_version(self) -> bool:
        try:
            new = self.draft_catalogue()
            changes = self.ctx.run(self, matrix.add_catalogue_version, self.ctx.session, new,
                                   catalogue_note(self.latest, new), show_validation=False)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return False
        if changes is None:
            return False
        self.cancel_editing()
        self.reload(new.version)
        return True

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        """Each at its field; an area's problems ("Area 3 needs a title") also beside the list,
        with the area marked in it."""
        self.errors.show(problems)
        lines, marked = [], set()
        for p in problems:
            found = AREA_PROBLEM.match(p.field)
            if p.field == "Areas" or found:
                lines.append(f"{p.field} {p.problem}")
            if found:
                marked.add(int(found.group(1)) - 1)
        for row in range(self.area_edit_list.count()):
            item = self.area_edit_list.item(row)
            item.setForeground(QColor(ERROR) if row in marked else self.palette().text())
            item.setToolTip("; ".join(f"{p.field} {p.problem}" for p in problems if p.field == f"Area {row + 1}"))
        if lines:
            self.areas_message.setText("\n".join(line if line.endswith(".") else line + "." for line in lines))
            self.areas_message.show()
        if marked:
            self.area_edit_list.setCurrentRow(min(marked))
