"""Reusable pieces for the record screens.

- DateEdit: a British date field (dd/mm/yyyy) that may be left empty, with a calendar.
- LookupCombo: a pick list of names (agencies, workers, sibling groups) that returns ids.
- FormErrors: shows a ValidationError's problems beside the field each one names, and in a
  summary at the top of the form.
- RecordEditor: a form for one record class, built from a list of FieldSpecs; knows whether
  the worker has changed anything.
- ask_unsaved / ask_reason: the questions the record pages ask.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit,
                               QSizePolicy, QToolButton, QVBoxLayout, QWidget, QWidgetAction)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date, parse_date

ERROR_COLOUR = "#b00020"
UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


# --- dates ---------------------------------------------------------------------

class DateEdit(QWidget):
    """A date typed as 23/11/2026 (or picked from a calendar); empty means no date.

    `date()` returns a datetime.date or None and raises ValueError, with a sentence for the
    worker, when the text is not a real date.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setMaxLength(10)
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.line.textChanged.connect(self.changed)
        self.line.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip("Choose the date from a calendar")
        self.button.setAccessibleName("Calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self._menu)
        self.calendar.setLocale(UK)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(self.calendar)
        self._menu.addAction(action)
        self._menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button.clicked.connect(self._popup)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def _popup(self) -> None:
        self._menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _prepare_calendar(self) -> None:
        try:
            current = self.date()
        except ValueError:
            current = None
        current = current or date.today()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _picked(self, qdate: QDate) -> None:
        self.setDate(date(qdate.year(), qdate.month(), qdate.day()))
        self._menu.close()
        self.line.setFocus()

    def _tidy(self) -> None:
        """23/1/2024 becomes 23/01/2024 once the worker leaves the field."""
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None and self.line.text() != format_date(value):
            self.line.setText(format_date(value))

    def date(self) -> date | None:
        return parse_date(self.line.text())

    def setDate(self, value: date | None) -> None:
        self.line.setText(format_date(value))

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:
        self.line.setText(text)

    def setReadOnly(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)


# --- pick lists --------------------------------------------------------------------

class ChoiceCombo(QComboBox):
    """A fixed vocabulary (code -> label); `value()` is the code. An empty choice is optional."""

    def __init__(self, choices: dict[str, str], blank: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, "")
        for code, label in choices.items():
            self.addItem(label, code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def value(self) -> str:
        return self.currentData() or ""

    def setValue(self, code: str | None) -> None:
        i = self.findData(code or "")
        self.setCurrentIndex(i if i >= 0 else 0)


class LookupCombo(QComboBox):
    """Names of records (id -> name), with "(none)" first; `value()` is the id or None."""

    NONE = "(none)"

    def __init__(self, parent: QWidget | None = None, none_text: str = NONE):
        super().__init__(parent)
        self._none_text = none_text
        self.addItem(none_text, None)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setMaxVisibleItems(20)

    def set_names(self, names: dict[int, str]) -> None:
        """Replace the list, keeping the chosen id."""
        keep = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._none_text, None)
        for record_id, name in names.items():
            self.addItem(name, record_id)
        self.blockSignals(False)
        self.setValue(keep)

    def value(self) -> int | None:
        return self.currentData()

    def setValue(self, record_id: int | None) -> None:
        i = self.findData(record_id) if record_id is not None else 0
        if i < 0:  # not in the list (e.g. archived and left out): keep it visible
            self.addItem(f"(record {record_id})", record_id)
            i = self.count() - 1
        self.setCurrentIndex(i)


# --- errors beside the fields -----------------------------------------------------------

class FormErrors:
    """Shows each FieldProblem beside its field (red outline and a message) and all of them
    in a summary. Fields are known by the label the worker sees, e.g. "Date of birth"."""

    def __init__(self, summary: QLabel):
        self.summary = summary
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setObjectName("formErrorSummary")
        self.summary.setStyleSheet(
            f"QLabel#formErrorSummary {{ color: {ERROR_COLOUR}; background: #fdecee; "
            f"border: 1px solid {ERROR_COLOUR}; border-radius: 4px; padding: 8px; }}")
        self.summary.hide()
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.shown: dict[str, list[str]] = {}

    def register(self, label: str, widget: QWidget, message: QLabel) -> None:
        message.setWordWrap(True)
        message.setStyleSheet(f"color: {ERROR_COLOUR};")
        message.hide()
        self._fields[label] = (widget, message)

    def message_label(self, label: str) -> QLabel | None:
        entry = self._fields.get(label)
        return entry[1] if entry else None

    def clear(self) -> None:
        for widget, message in self._fields.values():
            _outline(widget, False)
            message.clear()
            message.hide()
        self.summary.clear()
        self.summary.hide()
        self.shown = {}

    def show(self, problems: ValidationError | list[FieldProblem]) -> None:
        if isinstance(problems, ValidationError):
            problems = problems.problems
        self.clear()
        for p in problems:
            self.shown.setdefault(p.field, []).append(p.problem)
        first = None
        for label, texts in self.shown.items():
            entry = self._fields.get(label)
            if entry is None:
                continue
            widget, message = entry
            _outline(widget, True)
            message.setText("; ".join(_sentence(label, t) for t in texts))
            message.show()
            first = first or widget
        lines = "\n".join(f"• {_sentence(label, t)}" for label, texts in self.shown.items() for t in texts)
        self.summary.setText(f"Nothing was saved. Please check:\n{lines}")
        self.summary.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its lines need at its width: QFormLayout
    does not ask (heightForWidth), so a two-line message would be cut off by the next row."""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.wordWrap() and self.width() > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def _sentence(label: str, problem: str) -> str:
    text = f"{label} {problem}"
    return text if text.endswith((".", "?", "!", ")")) else text + "."


def _outline(widget: QWidget, on: bool) -> None:
    target = widget.line if isinstance(widget, DateEdit) else widget
    target.setProperty("invalid", on)
    name = target.metaObject().className()
    padding = " padding: 3px 6px;" if isinstance(target, QComboBox) else ""
    target.setStyleSheet(f"{name} {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px;{padding} }}" if on else "")
    target.setAccessibleDescription("This field has a problem" if on else "")


# --- one record's form -----------------------------------------------------------------

@dataclass
class FieldSpec:
    """One field of a record form. kind: text, multiline, date, choice, lookup, readonly."""

    attr: str
    kind: str = "text"
    choices: dict[str, str] | None = None
    required: bool = False
    blank: str | None = None  # for an optional choice: the text of "no choice"
    hint: str = ""


class RecordEditor(QWidget):
    """A form for one record class. `load(record)` fills it; `record()` reads it back (raising
    ValidationError for dates that are not dates); `is_dirty()` says whether it was edited."""

    edited = Signal()

    def __init__(self, cls: type, specs: list[FieldSpec], parent: QWidget | None = None):
        super().__init__(parent)
        self.cls = cls
        self.specs = specs
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._record = cls()
        self._snapshot: dict[str, Any] = {}
        self.summary = QLabel(self)
        self.errors = FormErrors(self.summary)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.summary)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setVerticalSpacing(6)
        outer.addLayout(self.form)
        for spec in specs:
            self._add_field(spec)

    def _add_field(self, spec: FieldSpec) -> None:
        label_text = self.cls.label(spec.attr)
        if spec.kind == "text":
            w: QWidget = QLineEdit(self)
            w.textChanged.connect(self.edited)
        elif spec.kind == "multiline":
            w = QPlainTextEdit(self)
            w.setTabChangesFocus(True)
            w.setMinimumHeight(54)
            w.setMaximumHeight(80)
            w.textChanged.connect(self.edited)
        elif spec.kind == "date":
            w = DateEdit(self)
            w.changed.connect(self.edited)
        elif spec.kind == "choice":
            w = ChoiceCombo(spec.choices or {}, spec.blank, self)
            w.currentIndexChanged.connect(self.edited)
        elif spec.kind == "lookup":
            w = LookupCombo(self)
            w.currentIndexChanged.connect(self.edited)
        elif spec.kind == "readonly":
            w = QLabel(self)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:  # pragma: no cover - a programming error
            raise ValueError(spec.kind)
        w.setObjectName(f"field_{spec.attr}")
        w.setAccessibleName(label_text)
        if spec.hint:
            w.setToolTip(spec.hint)
        cell = QWidget(self)
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # room for messages
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(w, (QComboBox, DateEdit)):
            # Aligned, so their narrow maximum width does not narrow the cell (and wrap the
            # message under them into lines the form has no room for).
            box.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            box.addWidget(w)
        message = WrappedLabel(cell)
        message.setObjectName(f"error_{spec.attr}")
        box.addWidget(message)
        label = QLabel(label_text + (" *" if spec.required else ""), self)
        label.setBuddy(w)
        if spec.kind == "multiline":
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 6, 0, 0)
        else:  # level with the middle of the (padded) field, even when a message shows below it
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, max(0, (w.sizeHint().height() - label.sizeHint().height()) // 2), 0, 0)
        if spec.required:
            label.setToolTip("Required")
        self.form.addRow(label, cell)
        self.widgets[spec.attr] = w
        self.labels[spec.attr] = label
        self.errors.register(label_text, w, message)

    # -- values ------------------------------------------------------------------------
    def _value(self, spec: FieldSpec) -> Any:
        w = self.widgets[spec.attr]
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, DateEdit):
            return w.text().strip()
        if isinstance(w, (ChoiceCombo, LookupCombo)):
            return w.value()
        return None

    def values(self) -> dict[str, Any]:
        return {s.attr: self._value(s) for s in self.specs if s.kind != "readonly"}

    def load(self, record) -> None:
        self._record = record
        for spec in self.specs:
            w = self.widgets[spec.attr]
            value = getattr(record, spec.attr)
            w.blockSignals(True)
            if isinstance(w, QLineEdit):
                w.setText(value or "")
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(value or "")
            elif isinstance(w, DateEdit):
                w.line.blockSignals(True)
                w.setDate(value)
                w.line.blockSignals(False)
            elif isinstance(w, (ChoiceCombo, LookupCombo)):
                w.setValue(value)
            elif isinstance(w, QLabel):
                w.setText(self.display(spec, value) or ("Given when saved" if spec.attr == "reference" else ""))
            w.blockSignals(False)
        self.errors.clear()
        self._snapshot = self.values()

    def display(self, spec: FieldSpec, value: Any) -> str:
        if isinstance(value, date):
            return format_date(value)
        if spec.choices:
            return spec.choices.get(value, value or "")
        return "" if value is None else str(value)

    def loaded(self):
        return self._record

    def is_dirty(self) -> bool:
        return self.values() != self._snapshot

    def record(self, today: date | None = None):
        """The record as the form now shows it. Raises ValidationError for unreadable dates,
        together with every other problem the record has (given `today`), so the worker sees
        them all at once."""
        values: dict[str, Any] = {}
        problems: list[FieldProblem] = []
        for spec in self.specs:
            if spec.kind == "readonly":
                continue
            w = self.widgets[spec.attr]
            if isinstance(w, DateEdit):
                try:
                    values[spec.attr] = w.date()
                except ValueError:
                    values[spec.attr] = None
                    problems.append(FieldProblem(self.cls.label(spec.attr), date_problem(w.line.text())))
            elif spec.kind in ("text", "multiline"):
                values[spec.attr] = str(self._value(spec)).strip()
            else:
                values[spec.attr] = self._value(spec)
        record = dataclasses.replace(self._record, **values)
        if problems:
            if today is not None:
                named = {p.field for p in problems}
                problems += [p for p in record.problems(today) if p.field not in named]
            raise ValidationError(problems)
        return record

    def set_editable(self, attr: str, editable: bool) -> None:
        w = self.widgets[attr]
        if isinstance(w, (QLineEdit, DateEdit)):
            w.setReadOnly(not editable)
        else:
            w.setEnabled(editable)

    def set_lookup(self, attr: str, names: dict[int, str]) -> None:
        w = self.widgets[attr]
        assert isinstance(w, LookupCombo)
        dirty_before = self.is_dirty()
        w.set_names(names)
        if not dirty_before:
            self._snapshot = self.values()


# --- questions --------------------------------------------------------------------------

def ask_unsaved(parent: QWidget, what: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                      f"You have changed {what} and not saved it.", parent=parent)
    box.setInformativeText("Save the changes, discard them, or go back to the form?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


class ReasonDialog(QDialog):
    """Asks for a reason before something serious (deleting a record entered in error)."""

    def __init__(self, parent: QWidget | None, title: str, question: str, action: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel(question, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Why is this record being deleted?")
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        layout.addWidget(buttons)
        self.resize(480, 260)


def ask_reason(parent: QWidget, title: str, question: str, action: str) -> str | None:
    dialog = ReasonDialog(parent, title, question, action)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.reason.toPlainText().strip()
    return None


def set_big_title(label: QLabel) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)


def connect_debounced(timer_owner: QWidget, signal, slot: Callable[[], None], msec: int = 200):
    """Run `slot` once `signal` has been quiet for `msec` ms (search boxes)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(timer_owner)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    signal.connect(lambda *_: timer.start())
    return timer


# --- the shape every record page shares -----------------------------------------------------

from PySide6.QtGui import QAction, QKeySequence  # noqa: E402
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFrame, QGroupBox, QHeaderView,  # noqa: E402
                               QPushButton, QScrollArea, QSplitter, QTableView,
                               QTreeWidget, QTreeWidgetItem)

from ..domain.records import Agency, Child, Family, SiblingGroup, Worker  # noqa: E402
from ..services import records  # noqa: E402
from ..services.changes import Changes  # noqa: E402
from .page import Page  # noqa: E402

# Which tables hold each record (the ui never imports storage; these are the names Changes carry).
TABLES = {Agency: ("agencies",), Worker: ("workers",), SiblingGroup: ("sibling_groups",),
          Child: ("children", "child_stages"), Family: ("families", "family_stages")}


def make_table_view(parent: QWidget, model, widths: dict[int, int | str] | None = None) -> QTableView:
    """A register view that never measures every row (so a lazy model stays lazy)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    vh = view.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setStretchLastSection(True)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    fm = view.fontMetrics()
    bold = view.font()
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    header_fm = QFontMetrics(bold)
    for column, sample in (widths or {}).items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        text = sample if isinstance(sample, str) else "n" * sample
        # room for typical cell text, and for the bold heading with its padding and sort arrow
        hh.resizeSection(column, max(fm.horizontalAdvance(text) + 18, header_fm.horizontalAdvance(title) + 30))
    return view


class StageHistoryBox(QGroupBox):
    """The dated steps of a child's or family's plan, newest first, and the button to add one."""

    def __init__(self, stages: dict[str, str], parent: QWidget | None = None):
        super().__init__("Stage history", parent)
        self.stages = stages
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        font = self.current.font()
        font.setBold(True)
        self.current.setFont(font)
        top.addWidget(self.current, 1)
        self.record_button = QPushButton("Record a new stage…", self)
        self.record_button.setToolTip("Add a dated step to the plan (Ctrl+Shift+G)")
        top.addWidget(self.record_button)
        layout.addLayout(top)
        self.list = QTreeWidget(self)
        self.list.setObjectName("stageHistory")
        self.list.setHeaderLabels(["Date", "Stage", "Reason", "Recorded by"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(120)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        fm = self.fontMetrics()
        self.list.setColumnWidth(0, fm.horizontalAdvance("00/00/0000") + 24)
        self.list.setColumnWidth(1, fm.horizontalAdvance("Match agreed at panel") + 24)
        self.list.setColumnWidth(2, fm.horizontalAdvance("M") * 14)
        layout.addWidget(self.list)

    def show_steps(self, steps: list) -> None:
        self.list.clear()
        for step in sorted(steps, key=lambda s: (s.date, s.id or 0), reverse=True):
            item = QTreeWidgetItem([format_date(step.date), self.stages.get(step.stage, step.stage),
                                    step.reason, step.recorded_by])
            item.setToolTip(2, step.reason)
            self.list.addTopLevelItem(item)
        if steps:
            last = max(steps, key=lambda s: (s.date, s.id or 0))
            self.current.setText(f"Now: {self.stages.get(last.stage, last.stage)}, since {format_date(last.date)}")
        else:
            self.current.setText("")

    def clear_steps(self, note: str = "") -> None:
        self.list.clear()
        self.current.setText(note)


class RecordPage(Page):
    """A register on the left, the chosen record's form on the right.

    Subclasses set record_cls, noun, specs(), lookups, and make_model(); children and
    families also have a stage history (stage_choices set).
    """

    record_cls: type = Child
    noun = "record"  # "child", "family"...
    new_label = "New"
    lookups: dict[str, type] = {}  # form attr -> record class whose names fill the pick list
    stage_choices: dict[str, str] | None = None  # set for records with a stage history
    search_placeholder = "Search"
    column_widths: dict[int, int | str] = {}  # column -> typical text (or a number of letters)
    list_hint = ""
    list_share = 0.6  # of the page's width, at first show; the worker can drag the divider
    stretch_column: int | None = None

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._busy = False  # while the page itself moves the selection
        self._form_cleared_by_lock = False
        self.setObjectName(f"page_{self.noun.replace(' ', '_')}")

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)

        # Title row
        head = QHBoxLayout()
        self.heading = QLabel(self.title, self)
        set_big_title(self.heading)
        head.addWidget(self.heading)
        head.addStretch(1)
        self.build_head(head)
        self.new_button = QPushButton(self.new_label, self)
        self.new_button.setToolTip(f"{self.new_label} (Ctrl+N)")
        self.new_button.clicked.connect(lambda: self.new_record())
        head.addWidget(self.new_button)
        root.addLayout(head)

        # Filter row
        self.filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(220)
        self.filters.addWidget(self.search, 2)
        self.build_filters(self.filters)
        self.show_archived = QCheckBox("Show archived", self)
        self.show_archived.toggled.connect(self._archived_toggled)
        self.filters.addWidget(self.show_archived)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters.addWidget(self.count_label)
        root.addLayout(self.filters)
        self.search_timer = connect_debounced(self, self.search.textChanged, self._search_changed, 200)

        # List | form
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.model = self.make_model()
        left = QWidget(self.splitter)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.view = make_table_view(left, self.model, self.column_widths)
        self.view.setObjectName("register")
        if self.stretch_column is not None:  # short lists: the name takes the spare width
            self.view.horizontalHeader().setStretchLastSection(False)
            self.view.horizontalHeader().setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName(self.title)
        left_box.addWidget(self.view)
        if self.list_hint:
            hint = QLabel(self.list_hint, left)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            left_box.addWidget(hint)
        self.splitter.addWidget(left)

        right = QFrame(self.splitter)
        right.setObjectName("recordPanel")
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        form_head = QHBoxLayout()
        self.record_title = QLabel(right)
        self.record_title.setObjectName("recordTitle")
        set_big_title(self.record_title)
        self.record_title.setWordWrap(True)
        form_head.addWidget(self.record_title, 1)
        self.previous_button = QToolButton(right)
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setText("Previous")
        self.previous_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.previous_button.setToolTip("Previous record in the list (Alt+Up)")
        self.previous_button.setAccessibleName("Previous record")
        self.previous_button.clicked.connect(lambda: self.move(-1))
        self.next_button = QToolButton(right)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setText("Next")
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.next_button.setToolTip("Next record in the list (Alt+Down)")
        self.next_button.setAccessibleName("Next record")
        self.next_button.clicked.connect(lambda: self.move(1))
        form_head.addWidget(self.previous_button)
        form_head.addWidget(self.next_button)
        right_box.addLayout(form_head)
        self.archived_banner = QLabel("This record is archived: it is kept, but left out of lists and counts. "
                                      "Restore it to change it.", right)
        self.archived_banner.setWordWrap(True)
        self.archived_banner.setStyleSheet("background: #fff4d6; color: #4a3b00; border: 1px solid #e0c060; "
                                           "border-radius: 4px; padding: 6px;")
        self.archived_banner.hide()
        right_box.addWidget(self.archived_banner)

        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        self.body_box = QVBoxLayout(body)
        self.body_box.setContentsMargins(0, 0, 8, 0)
        self.editor = RecordEditor(self.record_cls, self.specs(), body)
        self.editor.edited.connect(self._update_buttons)
        self.body_box.addWidget(self.editor)
        self.stages_box: StageHistoryBox | None = None
        if self.stage_choices is not None:
            self.stages_box = StageHistoryBox(self.stage_choices, body)
            self.stages_box.record_button.clicked.connect(self.open_stage_dialog)
            self.body_box.addWidget(self.stages_box)
        self.build_extra(self.body_box, body)
        self.body_box.addStretch(1)
        scroll.setWidget(body)
        right_box.addWidget(scroll, 1)

        bar = QHBoxLayout()
        self.save_button = QPushButton("Save", right)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.setProperty("primary", True)  # the shell's stylesheet colours it
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert", right)
        self.revert_button.setToolTip("Undo the changes not yet saved")
        self.revert_button.clicked.connect(self.revert)
        self.history_button = QPushButton("History…", right)
        self.history_button.setToolTip("Every change to this record: who, when, what (Ctrl+H)")
        self.history_button.clicked.connect(self.open_history)
        self.archive_button = QPushButton("Archive", right)
        self.archive_button.clicked.connect(self.archive_or_restore)
        # Deleting is rare and serious: it sits behind "More", and asks for a reason.
        self.more_button = QToolButton(right)
        self.more_button.setText("More")
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setAccessibleName("More actions")
        more = QMenu(self.more_button)
        self.delete_button = more.addAction("Delete — entered in error…")
        self.delete_button.setToolTip("Only for a record added by mistake. Anything real is archived instead.")
        self.delete_button.triggered.connect(lambda _checked=False: self.delete_in_error())
        self.more_button.setMenu(more)
        for b in (self.save_button, self.revert_button, self.history_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.archive_button)
        bar.addWidget(self.more_button)
        right_box.addLayout(bar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        root.addWidget(self.splitter, 1)

        self._actions()
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        self.refresh_lookups()
        self.reload_list()
        self.new_record(ask=False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):
            self._sized = True
            total = max(self.width() - 30, 600)
            self.splitter.setSizes([int(total * self.list_share), total - int(total * self.list_share)])

    # -- to override ---------------------------------------------------------------------
    def make_model(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def specs(self) -> list[FieldSpec]:  # pragma: no cover - overridden
        raise NotImplementedError

    def build_head(self, row: QHBoxLayout) -> None:
        """Add buttons to the title row, before the "New" button (the model is not made yet)."""

    def build_filters(self, row: QHBoxLayout) -> None:
        """Add filter widgets between the search box and "Show archived"."""

    def build_extra(self, box: QVBoxLayout, parent: QWidget) -> None:
        """Add sections below the form."""

    def show_extra(self, record) -> None:
        """Fill the extra sections for `record` (None: a new record, or locked)."""

    def title_of(self, record) -> str:
        return getattr(record, "name", "") or ""

    def blank_record(self):
        return self.record_cls()

    def after_load(self, record) -> None:
        """Adjust the form for this record (e.g. stage editable only for a new record)."""

    # -- actions and shortcuts --------------------------------------------------------------
    def _actions(self) -> None:
        def add(text, keys, slot):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False: slot())
            self.addAction(action)
            return action

        self.save_action = add("Save", ["Ctrl+S"], self.save)
        self.new_action = add(self.new_label, ["Ctrl+N"], self.new_record)
        self.next_action = add("Next record", ["Alt+Down", "Ctrl+PgDown"], lambda: self.move(1))
        self.previous_action = add("Previous record", ["Alt+Up", "Ctrl+PgUp"], lambda: self.move(-1))
        self.history_action = add("History", ["Ctrl+H"], self.open_history)
        self.find_action = add("Find", ["Ctrl+F"], lambda: (self.search.setFocus(), self.search.selectAll()))
        if self.stages_box is not None:
            self.stage_action = add("Record a new stage", ["Ctrl+Shift+G"], self.open_stage_dialog)

    # -- the list -----------------------------------------------------------------------------
    def _search_changed(self) -> None:
        self.apply_filter(search=self.search.text())

    def _archived_toggled(self, on: bool) -> None:
        self.apply_filter(include_archived=on)

    def apply_filter(self, **changes) -> None:
        query = getattr(self.model, "query", None)
        if query is not None:
            for key, value in changes.items():
                setattr(query, key, value)
        self.reload_list()

    def load_rows(self) -> None:
        self.model.reload()

    def reload_list(self) -> None:
        """Query again, keeping the current record selected if it is still listed."""
        self._busy = True
        try:
            self.load_rows()
            self._select_row_of(self.current_id)
        finally:
            self._busy = False
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} shown")

    def _select_row_of(self, record_id: int | None) -> None:
        row = self.model.row_of(record_id) if record_id is not None else -1
        was = self._busy
        self._busy = True
        try:
            if row >= 0:
                index = self.model.index(row, 0)
                self.view.selectionModel().setCurrentIndex(
                    index, self.view.selectionModel().SelectionFlag.ClearAndSelect
                    | self.view.selectionModel().SelectionFlag.Rows)
                self.view.scrollTo(index)
            else:
                self.view.selectionModel().clearSelection()
                self.view.selectionModel().setCurrentIndex(
                    self.model.index(-1, -1), self.view.selectionModel().SelectionFlag.NoUpdate)
        finally:
            self._busy = was

    def _current_changed(self, current, previous) -> None:
        if self._busy or not current.isValid():
            return
        record_id = self.model.id_at(current.row())
        if record_id is None or record_id == self.current_id:
            return
        if not self.confirm_leave():
            self._select_row_of(self.current_id)
            return
        self.load_record(record_id)

    def move(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.model.row_of(self.current_id) if self.current_id is not None else -1
        target = 0 if row < 0 else max(0, min(n - 1, row + step))
        if target == row:
            return
        self.view.selectionModel().setCurrentIndex(
            self.model.index(target, 0), self.view.selectionModel().SelectionFlag.ClearAndSelect
            | self.view.selectionModel().SelectionFlag.Rows)
        self.view.scrollTo(self.model.index(target, 0))

    def select_record(self, record_id: int) -> bool:
        """Show a record (from elsewhere in the program); False if the worker cancelled."""
        if record_id != self.current_id and not self.confirm_leave():
            return False
        self.load_record(record_id)
        self._select_row_of(record_id)
        return True

    # -- the form --------------------------------------------------------------------------------
    def refresh_lookups(self) -> None:
        if self.ctx.session.locked:
            return
        for attr, cls in self.lookups.items():
            names = self.ctx.run(self, records.names, self.ctx.session, cls)
            if names is not None:
                self.editor.set_lookup(attr, names)

    def load_record(self, record_id: int) -> None:
        record = self.ctx.run(self, records.get, self.ctx.session, self.record_cls, record_id)
        if record is None:
            return
        self.current_id = record_id
        self._form_cleared_by_lock = False
        self.editor.load(record)
        self._show_record(record)

    def _show_record(self, record) -> None:
        is_new = record.id is None
        self.record_title.setText(self.title_of(record) if not is_new else f"{self.new_label}")
        archived = bool(getattr(record, "archived", False))
        self.archived_banner.setVisible(archived)
        self.editor.setEnabled(not archived)
        if self.stages_box is not None:
            self.stages_box.setVisible(not is_new)
            if not is_new:
                steps = self.ctx.run(self, records.stage_history, self.ctx.session, self.record_cls, record.id)
                self.stages_box.show_steps(steps or [])
        self.after_load(record)
        self.show_extra(record if not is_new else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.editor.loaded()
        is_new = record.id is None
        archived = bool(getattr(record, "archived", False))
        dirty = self.editor.is_dirty()
        locked = self.ctx.session.locked
        self.save_button.setEnabled(not archived and not locked and (dirty or is_new))
        self.revert_button.setEnabled(dirty)
        self.history_button.setEnabled(not is_new and not locked)
        self.archive_button.setEnabled(not is_new and not locked)
        self.archive_button.setText("Restore" if archived else "Archive")
        self.archive_button.setToolTip("Bring the record back into lists" if archived else
                                       "Keep the record but leave it out of lists and counts")
        self.delete_button.setEnabled(not is_new and not locked)
        if self.stages_box is not None:
            self.stages_box.record_button.setEnabled(not is_new and not archived and not locked)
        n = self.model.rowCount()
        row = self.model.row_of(self.current_id) if self.current_id is not None else -1
        self.previous_button.setEnabled(n > 0 and row != 0)
        self.next_button.setEnabled(n > 0 and row != n - 1)

    def new_record(self, ask: bool = True) -> None:
        if ask and not self.confirm_leave():
            return
        self.current_id = None
        record = self.blank_record()
        self.editor.load(record)
        self._show_record(record)
        self._select_row_of(None)
        start = next((s for s in self.editor.specs if s.kind != "readonly"), self.editor.specs[0])
        self.editor.widgets[start.attr].setFocus()

    def revert(self) -> None:
        if self.current_id is None:
            self.new_record(ask=False)
        else:
            self.load_record(self.current_id)

    def save(self) -> bool:
        """Save the form. On problems, mark the fields and save nothing; returns success."""
        if self.ctx.session.locked:
            return False
        try:
            record = self.editor.record(self.ctx.session.today())
        except ValidationError as exc:
            self.editor.errors.show(exc)
            return False
        fn = records.add if record.id is None else records.save
        try:
            changes = self.ctx.run(self, fn, self.ctx.session, record, show_validation=False)
        except ValidationError as exc:
            self.editor.errors.show(exc)
            return False
        if changes is None:
            return False
        record_id = changes.record_id if changes.record_id is not None else record.id
        self.load_record(record_id)
        self._select_row_of(record_id)
        self.ctx.status.emit(f"Saved {self.noun} {getattr(self.editor.loaded(), 'reference', '') or ''}".strip())
        return True

    def archive_or_restore(self) -> None:
        record = self.editor.loaded()
        if record.id is None:
            return
        if not self.confirm_leave():
            return
        fn = records.restore if record.archived else records.archive
        if self.ctx.run(self, fn, self.ctx.session, self.record_cls, record.id) is not None:
            self.load_record(record.id)
            self._select_row_of(record.id)

    def ask_delete_reason(self) -> str | None:
        return ask_reason(self, "Delete a record entered in error",
                          f"Delete this {self.noun}? Only do this for a record added by mistake "
                          "(a duplicate, or the wrong person). Anything real is archived instead, so "
                          "its history is kept. The reason is written in the audit trail.",
                          "Delete — entered in error")

    def delete_in_error(self) -> None:
        record = self.editor.loaded()
        if record.id is None:
            return
        reason = self.ask_delete_reason()
        if not reason:
            return
        self.current_id = None  # so the broadcast change does not reload a record that is gone
        if self.ctx.run(self, records.delete_in_error, self.ctx.session, self.record_cls, record.id,
                        reason) is not None:
            self.new_record(ask=False)
        else:
            self.current_id = record.id

    def open_history(self):
        record = self.editor.loaded()
        if record.id is None or self.ctx.session.locked:
            return None
        from .history_dialog import HistoryDialog

        dialog = HistoryDialog(self.ctx, self.record_cls, record.id, self.title_of(record), self)
        dialog.open()
        return dialog

    def open_stage_dialog(self):
        record = self.editor.loaded()
        if self.stage_choices is None or record.id is None or record.archived or self.ctx.session.locked:
            return None
        if not self.confirm_leave():
            return None
        from .stage_dialog import StageDialog

        dialog = StageDialog(self.ctx, self.record_cls, record.id, self.title_of(record), self)
        dialog.open()
        return dialog

    # -- unsaved changes -------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def ask_unsaved(self) -> str:
        what = self.title_of(self.editor.loaded()) or f"this new {self.noun}"
        return ask_unsaved(self, what)

    def confirm_leave(self) -> bool:
        """Before the form shows something else: Save, Discard or Cancel. True to go on."""
        if not self.editor.is_dirty():
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.editor.load(self.editor.loaded())
            self._update_buttons()
            return True
        return False

    # -- Page hooks ------------------------------------------------------------------------------
    def tables(self) -> tuple[str, ...]:
        return TABLES[self.record_cls]

    def lookup_tables(self) -> tuple[str, ...]:
        return tuple(t for cls in self.lookups.values() for t in TABLES[cls])

    def on_changes(self, changes: Changes) -> None:
        if self.ctx.session.locked:
            return
        if self.lookup_tables() and changes.touches(*self.lookup_tables()):
            self.refresh_lookups()
        if changes.touches(*self.tables()):
            self.reload_list()
            if (changes.record_id is not None and changes.record_id == self.current_id
                    and not self.editor.is_dirty()):
                self.load_record(self.current_id)
            else:
                self._update_buttons()
        elif changes.touches(*self.extra_tables()):
            self.show_extra(self.editor.loaded() if self.current_id is not None else None)

    def extra_tables(self) -> tuple[str, ...]:
        return ()

    def on_locked(self) -> None:
        self.search_timer.stop()
        self.model.clear()
        if self.stages_box is not None:
            self.stages_box.clear_steps()
        self.show_extra(None)
        if not self.editor.is_dirty():
            # Nothing to keep: show no one while the laptop is locked.
            self.editor.load(self.blank_record())
            self.record_title.clear()
            self._form_cleared_by_lock = True
        self._update_buttons()

    def on_unlocked(self) -> None:
        self.refresh_lookups()
        self.reload_list()
        if self._form_cleared_by_lock and self.current_id is not None:
            self.load_record(self.current_id)
        elif self.current_id is not None:
            record = self.editor.loaded()
            if self.stages_box is not None and record.id is not None:
                steps = self.ctx.run(self, records.stage_history, self.ctx.session, self.record_cls, record.id)
                self.stages_box.show_steps(steps or [])
            self.show_extra(record)
        self._form_cleared_by_lock = False
        self._update_buttons()
