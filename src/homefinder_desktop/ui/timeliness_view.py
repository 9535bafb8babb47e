"""Timeliness, as the Adoption Scorecard measures it, for a period the worker chooses: the three
averages in words large enough for a projector, a bar each against its threshold, who was left
out and why, each child's measures, and "what if" a waiting child were matched on a date.

Children are named by first name and initial only: this is shown at partnership meetings."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QScrollArea, QSizePolicy, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.timeliness import (MEASURES, ChildDates, Cohort, ThresholdSet, check_period, default_period,
                                 what_if_words)
from ..services import timeliness
from ..services.changes import Changes
from .charts import BarChart, against_threshold
from .fund_dialogs import Fields
from .style import WARNING, set_role
from .widgets import ERROR_COLOUR, DateEdit, connect_debounced

KEYS = ("a1", "a2", "a10")
COLUMNS = ("Reference", "Child", "A1 (days)", "A2 (days)", "A10 (days)", "Left out")
FOR_THE_PERIOD = "The set for the period"
NOT_IN = {"a1": "Did not move in during the period", "a2": "Match not decided during the period",
          "a10": "Did not move in during the period"}
WORDS_SCALE = 1.45  # the averages' type, for a projector


def _dates_words(d: ChildDates) -> str:
    parts = [("entered care", d.entered_care), ("placement order", d.placement_order),
             ("match decided", d.match_decided), ("moved in", d.moved_in)]
    if d.foster_carers_adopt:
        parts.append(("moved in with the foster carers who adopt", d.moved_in_with_carers))
    return "; ".join(f"{what} {format_date(day) if day else 'not recorded'}" for what, day in parts)


class TimelinessView(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cohort: Cohort | None = None
        self.sets: list[ThresholdSet] = []
        self._period_chosen = False  # once the worker types a period, a refresh keeps it
        ctx.locked.connect(self.on_locked)
        # On a small screen the page scrolls rather than squeezing the what-if's fields shut.
        body = QWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        root = QVBoxLayout(body)
        root.setContentsMargins(0, 8, 4, 0)
        root.setSpacing(8)
        self._build_period(body, root)
        self.summary = set_role(QLabel(body), "hint")
        self.summary.setObjectName("timelinessSummary")
        self.summary.setWordWrap(True)
        root.addWidget(self.summary)
        self._build_measures(body, root)
        self.notes = QLabel(body)
        self.notes.setObjectName("timelinessNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Horizontal, body)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_table(split))
        split.addWidget(self._build_what_if(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)
        self.refresh()

    # --- building -----------------------------------------------------------------------
    def _build_period(self, body: QWidget, root: QVBoxLayout) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.start = DateEdit(body)
        self.end = DateEdit(body)
        self.period_errors: dict[str, QLabel] = {}
        for column, (label, edit) in enumerate((("From", self.start), ("To", self.end))):
            caption = QLabel(label, body)
            caption.setBuddy(edit.line)
            edit.line.setAccessibleName(label)
            grid.addWidget(caption, 0, column * 2)
            grid.addWidget(edit, 0, column * 2 + 1)
            message = QLabel(body)
            message.setObjectName(f"error_{label}")
            message.setStyleSheet(f"color: {ERROR_COLOUR};")
            message.hide()
            grid.addWidget(message, 1, column * 2 + 1, 1, 6 - column * 2)
            self.period_errors[label] = message
            edit.line.editingFinished.connect(self._period_typed)
        self.period_timer = connect_debounced(self, self.start.changed, self._period_settled, 500)
        self.end.changed.connect(self.period_timer.start)
        caption = QLabel("Threshold set", body)
        self.threshold = QComboBox(body)
        self.threshold.setAccessibleName("Threshold set")
        self.threshold.setToolTip("The days each measure is judged against. “The set for the period” is the set "
                                  "whose three years hold the end of the period, else the latest before it.")
        self.threshold.setMinimumContentsLength(22)
        self.threshold.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        caption.setBuddy(self.threshold)
        self.threshold.currentIndexChanged.connect(lambda _i: self._threshold_chosen())
        grid.addWidget(caption, 0, 4)
        grid.addWidget(self.threshold, 0, 5)
        self.sets_button = QPushButton("Threshold sets…", body)
        self.sets_button.setToolTip("The threshold sets offered: add a council's own, or take one off the list")
        self.sets_button.clicked.connect(lambda: self.open_threshold_sets())
        grid.addWidget(self.sets_button, 0, 6)
        grid.setColumnStretch(7, 1)
        root.addLayout(grid)

    def _build_measures(self, body: QWidget, root: QVBoxLayout) -> None:
        frame = QFrame(body)
        frame.setProperty("card", True)
        grid = QGridLayout(frame)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.words: dict[str, QLabel] = {}
        self.charts: dict[str, BarChart] = {}
        for row, key in enumerate(KEYS):
            words = QLabel(frame)
            words.setObjectName(f"words_{key}")
            words.setWordWrap(True)
            font = QFont(words.font())
            font.setPointSizeF(font.pointSizeF() * WORDS_SCALE)
            font.setWeight(QFont.Weight.DemiBold)
            words.setFont(font)
            words.setToolTip(MEASURES[key])
            caption = set_role(QLabel(MEASURES[key].split(": ", 1)[1].capitalize(), frame), "hint")
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(words)
            column.addWidget(caption)
            grid.addLayout(column, row, 0)
            # Solid up to the threshold, hatched beyond it; the dashed outline is the threshold.
            chart = BarChart("", ("", ""), frame, empty_text="No child to count")
            chart.setObjectName(f"chart_{key}")
            chart.setAccessibleName(f"{key.upper()} against its threshold")
            chart.setFixedHeight(chart.sizeHint().height() + 4)
            chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(chart, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.words[key], self.charts[key] = words, chart
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        root.addWidget(frame)

    def _build_table(self, parent: QWidget) -> QWidget:
        self.table = QTableWidget(0, len(COLUMNS), parent)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 12)
        self.table.setObjectName("timelinessChildren")
        self.table.setAccessibleName("Each child's measures")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the what-if; the arrows move in the table
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        heading = QFontMetrics(bold)
        for column, sample in enumerate(("C-00000", "Florence W.", "0,000", "0,000", "0,000")):
            self.table.setColumnWidth(column, max(fm.horizontalAdvance(sample), heading.horizontalAdvance(COLUMNS[column]))
                                      + 30)
        return self.table

    def _build_what_if(self, parent: QWidget) -> QWidget:
        box = QGroupBox("What if…", parent)
        box.setObjectName("whatIf")
        # As narrow as its fields allow: on a laptop the table beside it needs the room for A10.
        box.setMaximumWidth(box.fontMetrics().horizontalAdvance("x") * 46)
        layout = QVBoxLayout(box)
        intro = set_role(QLabel("For a child still waiting: the A2 and A1 they would have if matched on a date, "
                                "and moved in on another.", box), "hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.what_if_fields = Fields(box, layout)
        self.child = self.what_if_fields.add("Child", QComboBox(box))
        self.matched_on = self.what_if_fields.add("Match date", DateEdit(box))
        self.moves_in_on = self.what_if_fields.add("Move-in date", DateEdit(box), "If known: for A1 as well")
        self.what_if_button = QPushButton("Work it out", box)
        self.what_if_button.clicked.connect(lambda: self.work_out())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.what_if_button)
        layout.addLayout(row)
        self.what_if_answer = set_role(QLabel(box), "countlabel")
        self.what_if_answer.setObjectName("whatIfAnswer")
        self.what_if_answer.setWordWrap(True)
        layout.addWidget(self.what_if_answer)
        layout.addStretch(1)
        return box

    # --- the period and the threshold set ------------------------------------------------
    def _fill_sets(self) -> None:
        sets = self.ctx.run(self, timeliness.threshold_sets, self.ctx.session)
        if sets is None:
            return
        self.sets = sets
        chosen = self.threshold.currentData()
        self.threshold.blockSignals(True)
        self.threshold.clear()
        self.threshold.addItem(FOR_THE_PERIOD, None)
        for t in sets:
            self.threshold.addItem(t.name, t.id)
            self.threshold.setItemData(self.threshold.count() - 1, f"A1 {t.a1_days:,} days, A2 {t.a2_days:,} days",
                                       Qt.ItemDataRole.ToolTipRole)
        self.threshold.setCurrentIndex(max(self.threshold.findData(chosen), 0) if chosen is not None else 0)
        self.threshold.blockSignals(False)

    def set_period(self, start: date, end: date) -> None:
        """Show the report for this period, kept across refreshes as if typed."""
        self._put_period(start, end)
        self._period_chosen = True
        self.show_report()

    def _put_period(self, start: date, end: date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    def _period_typed(self) -> None:
        self.period_timer.stop()
        self._period_chosen = True
        self.show_report()

    def _period_settled(self) -> None:
        """A pause in typing: the report follows once both dates read; a date half typed is
        named only when the worker leaves the field."""
        try:
            self.start.date(), self.end.date()
        except ValueError:
            return
        self._period_typed()

    def _threshold_chosen(self) -> None:
        self.show_report()
        if self.what_if_answer.text():
            self.work_out()

    def _read_period(self) -> tuple[date, date] | None:
        """The period typed, or None with the problem shown at its field (nothing else changes)."""
        problems = []
        days = {}
        for label, edit in (("From", self.start), ("To", self.end)):
            try:
                days[label] = edit.date()
            except ValueError:
                problems.append(FieldProblem(label, date_problem(edit.text())))
                continue
            if days[label] is None:
                problems.append(FieldProblem(label, "is required"))
        if not problems:
            try:
                check_period(days["From"], days["To"])
            except ValidationError as exc:
                problems = exc.problems
        self._show_period_problems(problems)
        return None if problems else (days["From"], days["To"])

    def _show_period_problems(self, problems: list[FieldProblem]) -> None:
        for label, message in self.period_errors.items():
            said = [p.problem for p in problems if p.field == label]
            message.setText(f"{label} {'; '.join(said)}." if said else "")
            message.setVisible(bool(said))
            edit = self.start if label == "From" else self.end
            edit.line.setStyleSheet(f"QLineEdit {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}"
                                    if said else "")

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read everything again (the threshold sets, the waiting children, the report)."""
        if self.ctx.session.locked:
            return
        self._fill_sets()
        self._fill_waiting()
        if not self._period_chosen:
            self._put_period(*default_period(self.sets, self.ctx.session.today()))
        self.show_report()

    def show_report(self) -> None:
        if self.ctx.session.locked:
            return
        period = self._read_period()
        if period is None:
            return
        found = self.ctx.run(self, timeliness.cohort_for, self.ctx.session, *period, self.threshold.currentData())
        if found is None:
            return
        self.cohort = found
        self._show_summary(found)
        for key in KEYS:
            self._show_measure(key, found)
        self._show_notes(found)
        self._fill_table(found)

    def _show_summary(self, found: Cohort) -> None:
        period = f"From {format_date(found.start)} to {format_date(found.end)}"
        t = found.threshold
        if t is None:
            judged = "no threshold set covers it or comes before it"
        else:
            judged = f"judged against {t.name} (A1 {t.a1_days:,} days, A2 {t.a2_days:,} days)"
            if self.threshold.currentData() is None and not t.period[0] <= found.end <= t.period[1]:
                judged += f": no set covers {format_date(found.end)}, so the latest before it"
        count = len(found.per_child)
        who = "1 child" if count == 1 else f"{count:,} children"
        self.summary.setText(f"{period}, {judged}. {who} moved in or had their match decided in the period."
                             if count else f"{period}, {judged}.")

    def _show_measure(self, key: str, found: Cohort) -> None:
        result = found.results[key]
        self.words[key].setText(result.describe())
        chart = self.charts[key]
        if result.average is None:
            chart.set_bars([])
            return
        average, limit = round(result.average), result.threshold
        if limit is None:
            chart.set_bars([against_threshold(key.upper(), average, None, f"{average:,} days")])
            return
        beyond = average - limit
        text = f"{abs(beyond):,} days {'over' if beyond > 0 else 'under'}" if beyond else "at the threshold"
        chart.set_bars([against_threshold(key.upper(), average, limit, text)], maximum=limit)

    def _show_notes(self, found: Cohort) -> None:
        lines = []
        if found.empty:
            lines.append(f"No child moved in or had their match decided from {format_date(found.start)} to "
                         f"{format_date(found.end)}: there is nothing to count in this period.")
        rows = {d.child_id: d for d, _m in found.per_child}
        reasons: dict[str, list[str]] = {}
        for child_id, why in found.left_out.items():
            reasons.setdefault(why, []).append(rows[child_id].who)
        for why, names in reasons.items():
            lines.append(f"Left out ({why}): {', '.join(names)}.")
        adopting = [d.who for d, m in found.per_child if d.foster_carers_adopt and m["a10"] is not None]
        if adopting:
            lines.append(f"A10 counts {', '.join(adopting)} to the day they moved in with the foster carers "
                         "who are adopting them.")
        if found.problems:
            lines.append("Dates that contradict (correct them on the child's record): " + "; ".join(found.problems)
                         + ".")
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))
        self.notes.setStyleSheet(f"color: {WARNING};" if found.problems else "")

    def _fill_table(self, found: Cohort) -> None:
        self.table.setRowCount(len(found.per_child))
        limits = {k: found.results[k].threshold for k in KEYS}
        for row, (d, measures) in enumerate(found.per_child):
            belongs = found.counts(d)
            why = found.left_out.get(d.child_id, "")
            cells = [QTableWidgetItem(d.reference), QTableWidgetItem(d.name)]
            cells[1].setToolTip(_dates_words(d))
            for key in KEYS:
                value = measures[key]
                if value is not None:
                    item = QTableWidgetItem(f"{value:,}")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if limits[key] is not None and value > limits[key]:
                        item.setText(f"{value:,} over")  # in words too: never colour alone
                        item.setForeground(QColor(WARNING))
                        item.setToolTip(f"Over the threshold of {limits[key]:,} days")
                    if key == "a10" and d.foster_carers_adopt:
                        item.setToolTip("Counted to the day they moved in with the foster carers who are adopting them")
                elif belongs[key]:
                    item = QTableWidgetItem("left out")
                    item.setToolTip(why)
                else:
                    item = QTableWidgetItem("–")
                    item.setToolTip(NOT_IN[key])
                cells.append(item)
            cells.append(QTableWidgetItem(why))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)

    # --- what if ------------------------------------------------------------------------
    def _fill_waiting(self) -> None:
        waiting = self.ctx.run(self, timeliness.waiting_children, self.ctx.session)
        if waiting is None:
            return
        chosen = self.child.currentData()
        self.child.blockSignals(True)
        self.child.clear()
        for d in waiting:
            self.child.addItem(d.who, d.child_id)
        if chosen is not None and self.child.findData(chosen) >= 0:
            self.child.setCurrentIndex(self.child.findData(chosen))
        self.child.blockSignals(False)
        self.what_if_button.setEnabled(bool(waiting))
        if not waiting:
            self.what_if_answer.setText("No child is waiting for a match.")

    def work_out(self) -> dict | None:
        """The A2 (and A1) the chosen child would have; problems at their fields."""
        fields = self.what_if_fields
        fields.errors.clear()
        self.what_if_answer.clear()
        child_id = self.child.currentData()
        if child_id is None:
            fields.problems.append(FieldProblem("Child", "is required: choose a child who is waiting"))
        matched_on = fields.day("Match date")
        moves_in_on = fields.day("Move-in date", required=False)
        if not fields.read():
            fields.errors.summary.hide()  # nothing is saved by a what-if: the fields say what is wrong
            return None
        try:
            result = self.ctx.run(self, timeliness.what_if, self.ctx.session, child_id, matched_on, moves_in_on,
                                  show_validation=False)
        except ValidationError as exc:
            fields.errors.show(exc)
            fields.errors.summary.hide()
            return None
        if result is None:
            return None
        threshold = self.cohort.threshold if self.cohort else None
        self.what_if_answer.setText("\n".join(what_if_words(result, matched_on, moves_in_on, threshold)))
        return result

    # --- the page's hooks ---------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches("children", "child_stages", "scorecard_thresholds"):
            self.refresh()

    def on_locked(self) -> None:
        """No child's name on screen while locked; the period and the what-if's dates stay."""
        self.period_timer.stop()
        self.cohort = None
        self.table.setRowCount(0)
        self.child.clear()
        self.what_if_answer.clear()
        self.notes.clear()

    def open_threshold_sets(self):
        from .threshold_sets_dialog import ThresholdSetsDialog

        dialog = ThresholdSetsDialog(self.ctx, self)
        dialog.open()
        return dialog
