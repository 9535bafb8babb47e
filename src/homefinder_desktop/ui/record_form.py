"""A form for one record class, built from FieldSpecs, that shows a ValidationError's
problems beside the fields they name (and in a summary), and knows what the worker changed;
and the box that shows a child's or family's dated stage history."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.needs import NONE_CODE, NOT_RECORDED
from ..services import records
from .style import set_role
from .widgets import ERROR_COLOUR, ChoiceCombo, DateEdit, LookupCombo, WrappedLabel


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


# --- the needs profile's kinds of field ---------------------------------------------------

class CodesBox(QFrame):
    """A set of codes from a vocabulary, as a column of check boxes (two columns do not fit a
    laptop's form); `value()` is a tuple of the codes ticked, in the vocabulary's order. A stored code
    the vocabulary does not know is kept (and so reaches validation), never dropped unseen.
    "None" (domain.needs.NONE_CODE), where the vocabulary has it, unticks the others and they it."""

    changed = Signal()

    def __init__(self, vocabulary: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.boxes: dict[str, QCheckBox] = {}
        self._unknown: tuple[str, ...] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 2)  # room for the red outline of a problem
        column.setSpacing(2)
        for code, words in vocabulary.items():
            box = QCheckBox(words, self)
            box.setObjectName(f"code_{code}")
            box.toggled.connect(lambda on, c=code: self._toggled(c, on))
            column.addWidget(box)
            self.boxes[code] = box
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def _toggled(self, code: str, on: bool) -> None:
        if on and NONE_CODE in self.boxes:
            for other, box in self.boxes.items():
                if (other == NONE_CODE) != (code == NONE_CODE) and box.isChecked():
                    box.blockSignals(True)
                    box.setChecked(False)
                    box.blockSignals(False)
        self.changed.emit()

    def value(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked()) + self._unknown

    def setValue(self, codes: tuple[str, ...] | None) -> None:  # noqa: N802 (as the other fields)
        codes = tuple(codes or ())
        self._unknown = tuple(code for code in codes if code not in self.boxes)
        for code, box in self.boxes.items():
            box.setChecked(code in codes)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt name)
        super().setAccessibleName(name)
        for box in self.boxes.values():  # a screen reader says which set a box belongs to
            box.setAccessibleDescription(name)


class _BlankableSpinBox(QSpinBox):
    """A spin box whose lowest step shows `blank`, and which goes back to it when emptied."""

    def __init__(self, lowest: int, highest: int, blank: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(lowest - 1, highest)
        self.setSpecialValueText(blank)
        # A wheel turned to scroll the form must scroll it, not change a number it passes over.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def validate(self, text: str, pos: int):
        if not text.strip():  # emptied: back to "not recorded", not to the last number
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:  # noqa: N802 (Qt name)
        return self.minimum() if not text.strip() else super().valueFromText(text)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class NumberBox(QFrame):
    """A whole number from `lowest` to `highest`, or not recorded (`blank`, the step below
    `lowest`; also what an emptied box goes back to): `number()` is None then. The spin box sits
    in a frame that takes the red outline, which a spin box's own border would draw without arrows."""

    changed = Signal()

    def __init__(self, lowest: int, highest: int, blank: str = NOT_RECORDED, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = _BlankableSpinBox(lowest, highest, blank, self)
        self.spin.valueChanged.connect(self.changed)
        box = QHBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.spin)
        self.setFocusProxy(self.spin)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def number(self) -> int | None:
        return None if self.spin.value() == self.spin.minimum() else self.spin.value()

    def setNumber(self, value: int | None) -> None:  # noqa: N802 (as the other fields)
        self.spin.setValue(self.spin.minimum() if value is None else value)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt name)
        super().setAccessibleName(name)
        self.spin.setAccessibleName(name)


# --- one record's form -----------------------------------------------------------------

@dataclass
class FieldSpec:
    """One field of a record form. kind: text, multiline, date, choice, lookup, readonly; codes
    (a set of check boxes from `choices`), number (whole numbers in `limits`, or
    not recorded), tick (one check box: yes or no), heading (a section title, `title`, across
    the form; it holds no value)."""

    attr: str
    kind: str = "text"
    choices: dict[str, str] | None = None
    required: bool = False
    blank: str | None = None  # for an optional choice: the text of "no choice"
    hint: str = ""
    limits: tuple[int, int] = (0, 99)  # number: the lowest and highest
    title: str = ""  # heading: its words


def heading(title: str) -> FieldSpec:
    """A section heading in a long form ("Needs")."""
    return FieldSpec("heading_" + "_".join(title.lower().split()), "heading", title=title)


VALUELESS = ("readonly", "heading")  # kinds of field the worker does not edit


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

    def _add_heading(self, spec: FieldSpec) -> None:
        title = QLabel(spec.title, self)
        title.setObjectName(spec.attr)
        set_role(title, "subtitle")
        title.setContentsMargins(0, 14, 0, 2)
        title.setAccessibleName(spec.title)
        self.form.addRow(title)
        self.widgets[spec.attr] = title

    def _add_field(self, spec: FieldSpec) -> None:
        if spec.kind == "heading":
            self._add_heading(spec)
            return
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
        elif spec.kind == "codes":
            w = CodesBox(spec.choices or {}, self)
            w.changed.connect(self.edited)
        elif spec.kind == "number":
            w = NumberBox(*spec.limits, blank=spec.blank or NOT_RECORDED, parent=self)
            w.changed.connect(self.edited)
        elif spec.kind == "tick":
            w = QCheckBox(self)
            w.toggled.connect(self.edited)
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
        if isinstance(w, (QComboBox, DateEdit, NumberBox)):
            # Aligned, so their narrow maximum width does not narrow the cell (and wrap the
            # message under them into lines the form has no room for).
            box.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            box.addWidget(w)
        message = WrappedLabel(cell)
        message.setObjectName(f"error_{spec.attr}")
        box.addWidget(message)
        label = WrappedLabel(self)
        label.setText(label_text + (" *" if spec.required else ""))
        label.setWordWrap(True)
        # A long label ("Exposure to drugs or alcohol they can accept") wraps, so the fields keep
        # their width in a narrow form.
        widest = label.fontMetrics().horizontalAdvance("Date of placement order") + 4
        label.setMinimumWidth(min(widest, label.fontMetrics().horizontalAdvance(label.text()) + 4))
        label.setMaximumWidth(widest)
        label.setBuddy(w)
        if spec.kind == "codes":
            # A set of check boxes is too wide for the field column of a narrow form: its label
            # sits above it, and the boxes take the form's whole width (as a fieldset would).
            label.setMaximumWidth(16777215)
            label.setContentsMargins(0, 6, 0, 0)
            box.setContentsMargins(12, 0, 0, 0)
            self.form.addRow(label)
            self.form.addRow(cell)
            self._register(spec, label_text, w, label, message)
            return
        if spec.kind == "multiline":
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 6, 0, 0)
        else:  # level with the middle of the (padded) field, even when a message shows below it
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, max(0, (w.sizeHint().height() - label.sizeHint().height()) // 2), 0, 0)
        self.form.addRow(label, cell)
        self._register(spec, label_text, w, label, message)

    def _register(self, spec: FieldSpec, label_text: str, w: QWidget, label: QLabel, message: QLabel) -> None:
        if spec.required:
            label.setToolTip("Required")
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
        if isinstance(w, (ChoiceCombo, LookupCombo, CodesBox)):
            return w.value()
        if isinstance(w, NumberBox):
            return w.number()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        return None

    def values(self) -> dict[str, Any]:
        return {s.attr: self._value(s) for s in self.specs if s.kind not in VALUELESS}

    def load(self, record) -> None:
        self._record = record
        for spec in self.specs:
            if spec.kind == "heading":
                continue
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
            elif isinstance(w, (ChoiceCombo, LookupCombo, CodesBox)):
                w.setValue(value)
            elif isinstance(w, NumberBox):
                w.setNumber(value)
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
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
            if spec.kind in VALUELESS:
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

    def submit(self, ctx, parent: QWidget, **kwargs):
        """Add or save the record the form shows, through the services. Problems are shown at
        their fields and nothing is saved (None); the Changes otherwise. `kwargs` go to ctx.run
        (e.g. reraise=...) and on to the service (e.g. allow_duplicate=True)."""
        try:
            record = self.record(ctx.session.today())
            fn = records.add if record.id is None else records.save
            return ctx.run(parent, fn, ctx.session, record, show_validation=False, **kwargs)
        except ValidationError as exc:
            self.errors.show(exc)
            return None

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


# --- a record's stage history ---------------------------------------------------------

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
