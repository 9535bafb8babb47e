"""The partnership report on screen, for a period the worker chooses (the last full financial year
unless they choose another): the report in the evaluation's sentences, then each section as a card
with its big numbers and a chart, large enough to read across the room at a partnership meeting;
saved as a PDF to print, or copied or saved as CSV for a spreadsheet. Counts only: no child is named.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date, format_money
from ..domain.links import LINK_STATUSES
from ..domain.partnership import (EMPTY_SECTION, NOTHING, SECTIONS, FundPart, PartnershipReport, age_label,
                                  quick_periods)
from ..domain.records import REFERRAL_STATUSES
from ..domain.timeliness import check_period
from ..services import partnership
from ..services.changes import Changes
from .charts import Bar, BarChart, against_threshold
from .start_page import card
from .style import set_role
from .unlock_dialog import busy
from .widgets import (DateEdit, ask_where_to_save, ask_where_to_save_pdf, connect_debounced, default_save_folder,
                      offer_to_open_pdf)

CHOOSE = "Choose a period…"
SUMMARY_SCALE = 1.1   # the report in words, readable on a projector
COLUMNS = 2           # cards side by side


class PeriodBar(QWidget):
    """From and To, with the usual periods one choice away; `period()` is the pair, or None with
    what is wrong said under the fields (the field named)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start, self.end = DateEdit(self), DateEdit(self)
        self.quick = QComboBox(self)
        self.quick.setAccessibleName("Period")
        self.quick.setToolTip("Fill in From and To with a financial year (1 April to 31 March) or the last three")
        self.problem = set_role(QLabel(self), "error")
        self.problem.setObjectName("periodProblem")
        self.problem.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for words, edit in (("From", self.start), ("To", self.end)):
            caption = QLabel(words, self)
            caption.setBuddy(edit.line)
            edit.line.setAccessibleName(words)
            row.addWidget(caption)
            row.addWidget(edit)
        row.addWidget(self.quick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem)

    def offer(self, periods: dict[str, tuple[date, date]]) -> None:
        self.periods = periods
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.addItems([CHOOSE, *periods])
        self.quick.blockSignals(False)

    def set_period(self, start: date, end: date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    def period(self) -> tuple[date, date] | None:
        problems: list[FieldProblem] = []
        days: dict[str, date | None] = {}
        for words, edit in (("From", self.start), ("To", self.end)):
            try:
                days[words] = edit.date()
            except ValueError:
                days[words] = None
                problems.append(FieldProblem(words, date_problem(edit.text()) or "is not a date"))
        if not problems:
            try:
                check_period(days["From"], days["To"])
            except ValidationError as exc:
                problems = exc.problems
        self.problem.setText(_said(problems))
        self.problem.setVisible(bool(problems))
        for words, edit in (("From", self.start), ("To", self.end)):
            wrong = any(p.field == words for p in problems)
            edit.line.setStyleSheet("QLineEdit { border: 2px solid #a32020; border-radius: 3px; }" if wrong else "")
        return None if problems else (days["From"], days["To"])


def _said(problems: list[FieldProblem]) -> str:
    """"To is before From: the period ends before it starts.": as the Timeliness tab says it."""
    return " ".join(f"{p.field} {p.problem}." for p in problems)


def _big(text: str, caption: str) -> QWidget:
    """A number large enough for the back of the room, and what it counts."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 12, 0)
    layout.setSpacing(0)
    number = set_role(QLabel(text), "bignumber")
    number.setObjectName("figure")
    words = set_role(QLabel(caption), "countlabel")
    words.setWordWrap(True)
    layout.addWidget(number)
    layout.addWidget(words)
    layout.addStretch(1)
    return box


def _chart(title: str, bars: list[Bar], series: tuple[str, ...] = ("",), maximum: float | None = None,
           stacked: bool = True) -> BarChart:
    chart = BarChart(title, series, stacked=stacked)
    chart.set_bars(bars, maximum)
    chart.setMinimumHeight(chart.sizeHint().height())
    return chart


class PartnershipView(QWidget):
    """The Reports page's partnership tab."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: PartnershipReport | None = None
        self._stale = False
        ctx.locked.connect(self.on_locked)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 8, 0, 0)
        root.setSpacing(8)
        self.period_bar = PeriodBar(self)
        # Never narrower than its fields: squeezed, the quick periods' words and the dates are cut.
        self.period_bar.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.copy_button = self._button("Copy as CSV", "Copy every figure (section, measure, value) to paste into a "
                                                       "spreadsheet", self.copy_csv)
        self.csv_button = self._button("Save as CSV…", "Save every figure as a CSV file for a spreadsheet",
                                       self.save_csv)
        self.pdf_button = self._button("Save as PDF…", "Save the report, with its charts, as a PDF to print",
                                       self.save_pdf)
        self.preview_button = self._button("Print preview…", "See the report's pages as they will print, then "
                                                             "print them", self.print_preview)
        self.actions = QHBoxLayout()
        self.actions.addStretch(1)
        for button in (self.copy_button, self.csv_button, self.pdf_button, self.preview_button):
            self.actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.head = QGridLayout()
        self.head.setContentsMargins(0, 0, 0, 0)
        self.head.setSpacing(6)
        self.head.addWidget(self.period_bar, 0, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.head.setColumnStretch(1, 1)
        self._actions_beside: bool | None = None
        self._place_actions(True)
        root.addLayout(self.head)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget()
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 8, 8)
        self.body.setSpacing(12)
        self.scroll.setWidget(self.content)
        root.addWidget(self.scroll, 1)
        self._offered_on = ctx.session.today()
        self.period_bar.offer(quick_periods(self._offered_on))
        start, end = self.period_bar.periods["Last financial year"]
        self.period_bar.set_period(start, end)
        self.period_bar.quick.currentTextChanged.connect(self._quick_chosen)
        self.settle_timer = timer = connect_debounced(self, self.period_bar.start.changed, self._period_settled, 500)
        self.period_bar.end.changed.connect(timer.start)
        for edit in (self.period_bar.start, self.period_bar.end):
            edit.line.editingFinished.connect(self._field_left)
            edit.changed.connect(self._dates_typed)
        self.refresh()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- the head: the buttons beside the period, or under it on a laptop -------------------
    def _place_actions(self, beside: bool) -> None:
        if beside == self._actions_beside:
            return
        self._actions_beside = beside
        self.head.removeItem(self.actions)
        if beside:
            self.head.addLayout(self.actions, 0, 1)
        else:
            self.head.addLayout(self.actions, 1, 0, 1, 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        need = (self.period_bar.sizeHint().width() + self.head.horizontalSpacing()
                + sum(b.sizeHint().width() + self.actions.spacing() for b in self._buttons()))
        self._place_actions(event.size().width() >= need)
        super().resizeEvent(event)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.copy_button, self.csv_button, self.pdf_button, self.preview_button)

    # --- the period ---------------------------------------------------------------------
    def _quick_chosen(self, words: str) -> None:
        # The choice stays shown while the dates are its own, so the arrow keys go on to the next one.
        if words in self.period_bar.periods:
            self.period_bar.set_period(*self.period_bar.periods[words])
            self.refresh()

    def _period_settled(self) -> None:
        """A pause in typing: the report follows once both dates read; a date half typed keeps the
        report on screen and is named only when the worker leaves the field (or presses Enter)."""
        try:
            self.period_bar.start.date(), self.period_bar.end.date()
        except ValueError:
            return
        self.refresh()

    def _field_left(self) -> None:
        """Leaving a date field (or Enter): the pause's reading is not waited for, and a report already
        showing this period is not read a second time."""
        self.settle_timer.stop()
        period = self.period_bar.period()
        if period is not None and self.report is not None and period == (self.report.start, self.report.end):
            return
        self.refresh()

    def _dates_typed(self) -> None:
        """A date typed over: the period is the worker's own, no longer the one named."""
        self.period_bar.quick.blockSignals(True)
        self.period_bar.quick.setCurrentIndex(0)
        self.period_bar.quick.blockSignals(False)

    # --- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the report for the period shown (a wrong period is said at its field, nothing read)."""
        self._stale = False
        if self.ctx.session.locked:
            self._show(None)
            return
        period = self.period_bar.period()
        if period is None:
            self._show(None)
            return
        try:
            with busy():   # a few years of a large partnership take a moment
                found = self.ctx.run(self, partnership.partnership_report, self.ctx.session, *period,
                                     show_validation=False)
        except ValidationError as exc:
            self.period_bar.problem.setText(_said(exc.problems))
            self.period_bar.problem.show()
            found = None
        self._show(found)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*partnership.WATCHED_TABLES):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True   # read again when next shown, not for every save elsewhere

    def on_locked(self) -> None:
        self._show(None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        today = self.ctx.session.today()
        if today != self._offered_on:  # left open past midnight: "this financial year" moves on
            self._offered_on = today
            self.period_bar.offer(quick_periods(today))
        if self._stale:
            self.refresh()

    # --- showing ------------------------------------------------------------------------
    def _show(self, report: PartnershipReport | None) -> None:
        self.report = report
        for button in self._buttons():
            button.setEnabled(report is not None)
        _drop(self.body)
        if report is None:
            return
        title = set_role(QLabel(report.title), "title")
        title.setObjectName("reportTitle")
        self.body.addWidget(title)
        summary = QLabel("\n".join(report.summary()))
        summary.setObjectName("reportSummary")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if report.empty:
            nothing = set_role(QLabel(f"{NOTHING}."), "bignumber")
            nothing.setObjectName("nothing")
            self.body.addWidget(nothing)
            self.body.addWidget(summary)
            self.body.addStretch(1)
            return
        self.body.addWidget(self._headline(report))
        grid = QGridLayout()
        grid.setSpacing(12)
        cards = [self._placed(report), self._not_progressed(report), self._linked(report), self._at_end(report),
                 self._referrals(report), *[self._fund(report, f) for f in report.fund], self._timeliness(report)]
        if not report.fund:
            cards.insert(-1, self._section(SECTIONS["fund"], [], [], EMPTY_SECTION["fund"]))
        for n, frame in enumerate(cards):
            grid.addWidget(frame, n // COLUMNS, n % COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.body.addLayout(grid)
        # The sentences last: the numbers above are what the room reads; these go into the minutes.
        words, box = card("The report in words")
        font = QFont(summary.font())
        font.setPointSizeF(font.pointSizeF() * SUMMARY_SCALE)
        summary.setFont(font)
        box.addWidget(summary)
        self.body.addWidget(words)
        self.body.addStretch(1)

    def _headline(self, r: PartnershipReport) -> QFrame:
        """The figures a partnership meeting asks for first, in one row."""
        frame, box = card("")
        frame.setObjectName("headline")
        row = QHBoxLayout()
        for number, caption in ((r.placed.children, "children placed"), (r.placed.families, "families they joined"),
                                (r.not_progressed.children, "children in links that did not progress"),
                                (r.potentially_linked.children, "children potentially linked"),
                                (r.matches.links, "matches still active at the end"),
                                (r.referrals_made, "referrals made")):
            row.addWidget(_big(f"{number:,}", caption), 1)
        box.addLayout(row)
        return frame

    def _section(self, title: str, figures: list[tuple[str, str]], charts: list[BarChart], empty: str = "",
                 note: str = "") -> QFrame:
        frame, box = card(title)
        frame.setObjectName(f"section_{title}")
        box.itemAt(0).widget().setWordWrap(True)   # a long agreement's name wraps, not widens the column
        if empty:
            box.addWidget(set_role(QLabel(empty), "hint"))
            box.addStretch(1)
            return frame
        row = QHBoxLayout()
        for number, caption in figures:
            row.addWidget(_big(number, caption), 1)
        box.addLayout(row)
        if note:
            words = set_role(QLabel(note), "countlabel")
            words.setWordWrap(True)
            box.addWidget(words)
        for chart in charts:
            box.addWidget(chart)
        box.addStretch(1)   # a card beside a taller one keeps its content at the top
        return frame

    def _placed(self, r: PartnershipReport) -> QFrame:
        p = r.placed
        if r.section_empty("placed"):
            return self._section(SECTIONS["placed"], [], [], EMPTY_SECTION["placed"])
        return self._section(SECTIONS["placed"], [
            (f"{p.placements:,}", "placements"), (f"{p.girls:,}", "girls"), (f"{p.boys:,}", "boys"),
            (f"{p.sibling_group_placements:,}", "sibling group placements")], [
            _chart("Age at placement", [Bar(age_label(age), (n,)) for age, n in p.ages]),
            _chart("Children by the family's agency", [Bar(r.agency_families(a.kind), (a.children,))
                                                       for a in p.by_agency])],
            note=f"{p.children:,} children with {p.families:,} families; a sibling group placed together is one "
                 f"placement ({p.children_in_sibling_groups:,} children in sibling groups).")

    def _not_progressed(self, r: PartnershipReport) -> QFrame:
        n = r.not_progressed
        if r.section_empty("not_progressed"):
            return self._section(SECTIONS["not_progressed"], [], [], EMPTY_SECTION["not_progressed"])
        return self._section(SECTIONS["not_progressed"], [
            (f"{n.families:,}", "families"), (f"{n.children:,}", "children"), (f"{n.siblings:,}", "of them siblings")],
            [_chart("Links by reason", [Bar(reason, (k,)) for reason, k in n.by_reason])],
            note=f"{n.links:,} links in all.")

    def _linked(self, r: PartnershipReport) -> QFrame:
        linked = r.potentially_linked
        if r.section_empty("potentially_linked"):
            return self._section(SECTIONS["potentially_linked"], [], [], EMPTY_SECTION["potentially_linked"])
        return self._section(SECTIONS["potentially_linked"], [
            (f"{linked.children:,}", "children"), (f"{linked.families:,}", "families")],
            [_chart("Children", [Bar("Placed", (r.placed.children,)),
                                 Bar("Links did not progress", (r.not_progressed.children,)),
                                 Bar("In all, each once", (linked.children,))])])

    def _at_end(self, r: PartnershipReport) -> QFrame:
        title = "At the end of the period"
        if r.section_empty("exploring") and r.section_empty("matches"):
            return self._section(title, [], [], "No link was in progress at the end of this period.")
        statuses = r.exploring.by_status + r.matches.by_status
        return self._section(title, [
            (f"{r.matches.links:,}", "matches still active"), (f"{r.exploring.links:,}", "links still being explored")],
            [_chart("Links by status", [Bar(LINK_STATUSES[s], (k,)) for s, k in statuses])],
            note=f"The matches are for {r.matches.children:,} children with {r.matches.families:,} families.")

    def _referrals(self, r: PartnershipReport) -> QFrame:
        if r.section_empty("referrals"):
            return self._section(SECTIONS["referrals"], [], [], EMPTY_SECTION["referrals"])
        made = {k.kind: k for k in r.referrals}
        shown = [s for s in REFERRAL_STATUSES if any(dict(k.outcomes).get(s) for k in r.referrals)]
        bars = [Bar(REFERRAL_STATUSES[s], tuple(dict(made[kind].outcomes).get(s, 0) if kind in made else 0
                                                for kind in ("child", "adopter"))) for s in shown]
        return self._section(SECTIONS["referrals"], [
            (f"{r.referrals_made:,}", "referrals made"),
            (f"{made['child'].made if 'child' in made else 0:,}", "children for family finding"),
            (f"{made['adopter'].made if 'adopter' in made else 0:,}", "adopters for assessment")],
            [_chart("Where they stood at the end", bars, ("Children", "Adopters"))])

    def _fund(self, r: PartnershipReport, f: FundPart) -> QFrame:
        money = (f"Balance at the start {format_money(f.balance_at_start)}; in the period: paid in "
                 f"{format_money(f.paid_in)}, fees drawn {format_money(f.fees)}, reallocated "
                 f"{format_money(f.reallocated)}, returned {format_money(f.returned)}. Held by {f.agency}.")
        share = f" ({f.placed_by_end * 100 // f.target}%)" if f.target else ""
        target = [Bar("Children placed", (f.placed_by_end,), f"{f.placed_by_end}{share}")]
        return self._section(f"{SECTIONS['fund']}: {f.agreement}", [
            (format_money(f.balance_at_end), "balance at the end"),
            (f"{f.placed_by_end}" + (f" of {f.target}" if f.target else ""), "children placed against the target")],
            [_chart("Placements against the target (fees drawn)", target, maximum=f.target or None)], note=money)

    def _timeliness(self, r: PartnershipReport) -> QFrame:
        t = r.timeliness
        if r.section_empty("timeliness"):
            return self._section(SECTIONS["timeliness"], [], [], EMPTY_SECTION["timeliness"])

        def days(value: float | None) -> str:
            return "–" if value is None else f"{value:,.0f}"

        charts = []
        for name, result in (("A1", t.a1), ("A2", t.a2)):
            limit = result.threshold
            against = f" against the threshold of {limit:,} days" if limit else ""
            bar = against_threshold(name, result.average or 0, limit, f"{days(result.average)} days")
            charts.append(_chart(f"{name}, days on average{against}", [bar], ("Within the threshold", "Beyond it"),
                                 maximum=limit or None))
        note = f"{t.a1.describe()} {t.a2.describe()}"  # A2's says how many were left out, and why
        return self._section(SECTIONS["timeliness"], [
            (days(t.a1.average), "days, A1: entering care to moving in"),
            (days(t.a2.average), "days, A2: placement order to the match")], charts, note=note)

    # --- out ------------------------------------------------------------------------------
    def _stem(self) -> str:
        r = self.report
        return f"partnership-report-{r.start.isoformat()}-to-{r.end.isoformat()}"

    def save_pdf(self):
        if self.report is None or self.ctx.session.locked:
            return None
        chosen = ask_where_to_save_pdf(self, "Save the partnership report as a PDF",
                                       default_save_folder() / f"{self._stem()}.pdf")
        if chosen is None:
            return None
        with busy():
            saved = self.ctx.run(self, partnership.save_pdf, self.ctx.session, self.report, chosen)
        if saved is None:
            return None
        self.ctx.status.emit(f"Saved the partnership report as {saved.name}")
        if offer_to_open_pdf(self, "Partnership report saved", "The partnership report", saved):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))
        return saved

    def print_preview(self) -> bool:
        """The PDF "Save as PDF…" would write, made in memory, in the print preview."""
        if self.report is None or self.ctx.session.locked:
            return False
        from .print_preview import show_preview  # PDFium and Qt's printing only when printing

        session, report = self.ctx.session, self.report
        title = f"Partnership report {format_date(report.start)} to {format_date(report.end)}"
        return bool(self.ctx.run(self, show_preview, self, title, lambda: partnership.report_pdf(session, report)))

    def save_csv(self):
        if self.report is None or self.ctx.session.locked:
            return None
        chosen = ask_where_to_save(self, "Save the partnership report as CSV",
                                   default_save_folder() / f"{self._stem()}.csv", ["CSV (*.csv)"])
        if chosen is None:
            return None
        saved = self.ctx.run(self, partnership.save_csv, self.ctx.session, self.report, chosen)
        if saved is not None:
            self.ctx.status.emit(f"Saved the partnership report's figures as {saved.name}")
        return saved

    def copy_csv(self) -> None:
        if self.report is None or self.ctx.session.locked:
            return
        QGuiApplication.clipboard().setText(partnership.csv_text(self.ctx.session, self.report))
        self.ctx.status.emit("Copied the partnership report's figures: paste them into a spreadsheet")


def _drop(layout) -> None:
    """Empty a layout of its widgets and inner layouts (the report is laid out afresh each time)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)   # off the screen and out of the view now, not at the next turn
            widget.deleteLater()
        elif item.layout() is not None:
            _drop(item.layout())
