"""Fund: the upfront fund as both partners read it, on a laptop or a projector. The agreement (several
may run side by side), its figures in large type (balance now and on any date, paid in, fees drawn,
reallocated, returned, children placed against the target, placements the balance still buys), the
forecast, the balance checks agreed with the agency (one that fails is shown in words, never hidden),
spend by year and purpose, the fees due to draw, and the ledger entry by entry with its running
balance; the movements are recorded from here, each through its use case."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QScrollArea, QSizePolicy, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..domain.formatting import financial_year_label, format_date, format_money
from ..domain.fund import FundAgreement, FundSummary, entry_number, schedule_in_force
from ..domain.records import Agency
from ..services import fund, records
from ..services.changes import Changes
from .fund_agreement_dialogs import (AgreementDialog, FeeScheduleDialog, StatementPdfDialog, YearEndPdfDialog,
                                     whole_period)
from .fund_ledger import LedgerModel
from .fund_dialogs import (BalanceCheckDialog, DrawFeeDialog, InstalmentDialog, ReallocateDialog, ReturnDialog,
                           ReverseDialog, RollOverDialog)
from .matching_widgets import FlowLayout
from .page import Page
from .start_page import card
from .style import ERROR, set_role
from .widgets import DateEdit, make_table_view, offer_to_open_pdf

WATCHED_TABLES = (*fund.FUND_TABLES, "links", "link_statuses", "child_stages", "children", "families",
                  "sibling_groups", "agencies")
# Figures read across a room: the money ones a little smaller than the Start page's counts, so
# £540,000.00 fits five to a row on a laptop.
PAGE_STYLE = f"""
QLabel[role="fundfigure"] {{ font-size: 17pt; font-weight: 600; color: #0b5f6b; }}
QFrame#failingChecks {{ background: #fdecee; border: 2px solid {ERROR}; border-radius: 6px; }}
QLabel#failingHeading {{ color: {ERROR}; font-size: 13pt; font-weight: 700; }}
QLabel#failingLines {{ color: #5c0d0d; font-size: 11.5pt; }}
"""
REVERSE_TIP = "Correct the chosen entry with a linked reversal"
# What the ledger's lines are read from (a balance check, a fee version or a link changes none of them).
LEDGER_TABLES = ("fund_entries", "fund_postings", "fund_agreements")
MONEY_FIGURES = (("paid_in", "Paid in by the council"), ("fees", "Fees drawn for placements"),
                 ("link_worker", "Reallocated: link worker (the council's half)"),
                 ("advertising", "Reallocated: joint advertising"), ("returned", "Returned to the council"))
# Where five sums to the penny do not fit in a row (a laptop, with six-figure sums), three and two.
NARROW_COLUMNS = 3
YEAR_COLUMNS = [("Year", ""), ("In", "in"), ("Fees", "fees"), ("Link worker", "link_worker"),
                ("Advertising", "advertising"), ("Returned", "returned")]


def _money_or_dash(pence: int) -> str:
    return format_money(pence) if pence else "–"


class FundPage(Page):
    title = "Fund"
    icon = "fund"
    # Ctrl+0 to Ctrl+9 belong to the pages before and after (History keeps the Ctrl+9 workers know).
    shortcut = "Ctrl+Shift+F"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.agreement: FundAgreement | None = None
        self.summary: FundSummary | None = None
        self.dues: list = []
        self.due_buttons: list[QPushButton] = []
        self._reread_ledger = True
        content = QWidget()
        content.setObjectName("fundPage")
        content.setStyleSheet(PAGE_STYLE)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(14)
        layout.addLayout(self._build_head())
        self.facts = set_role(QLabel(""), "hint")
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)
        self.empty = set_role(QLabel("No fund agreement yet: make one with “New agreement…”."), "subtitle")
        layout.addWidget(self.empty)
        self.body = QWidget(content)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(14)
        self._build_figures(body)
        body.addWidget(self._build_checks())
        body.addWidget(self._build_years())
        body.addWidget(self._build_dues())
        body.addWidget(self._build_ledger())
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.scroll.viewport().installEventFilter(self)
        self.refresh()

    # -- building ---------------------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot, parent: QWidget | None = None) -> QPushButton:
        button = QPushButton(text, parent or self)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_head(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(set_role(QLabel("Upfront fund"), "title"))
        row.addSpacing(12)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Agreement")
        self.picker.setToolTip("Several agreements may run side by side: choose the one to show")
        self.picker.setMinimumContentsLength(24)
        self.picker.setMaximumWidth(560)  # room for the name and years on a laptop, not the width of a projector
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.currentIndexChanged.connect(lambda _i: self.show_agreement(self.picker.currentData()))
        row.addWidget(self.picker, 1)
        self.new_button = self._button("New agreement…", "A new block of placements paid for in advance",
                                       self.new_agreement)
        self.terms_button = self._button("Agreement…", "The agreement's terms: name, agency, grant, target and dates",
                                         self.edit_agreement)
        self.fees_button = self._button("Fees…", "The fee schedule's versions, and adding a new one",
                                        self.open_fees)
        for button in (self.new_button, self.terms_button, self.fees_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # the picker takes the room
            row.addWidget(button)
        row.addStretch(0)
        return row

    def _figure(self, row: QHBoxLayout | None, key: str, caption: str, role: str, stretch: int = 1) -> QVBoxLayout:
        frame, box = card("")
        self.cards[key] = frame
        frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        number = set_role(QLabel("–"), role)
        number.setObjectName(f"figure_{key}")
        words = set_role(QLabel(caption), "countlabel")
        words.setWordWrap(True)
        box.addWidget(number)
        box.addWidget(words)
        box.addStretch(1)  # figures level along the row, whatever their captions' lines
        self.figures[key], self.captions[key] = number, words
        if row is not None:
            row.addWidget(frame, stretch)
        return box

    def _build_figures(self, body: QVBoxLayout) -> None:
        self.figures: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.cards: dict[str, QFrame] = {}
        top = QHBoxLayout()
        top.setSpacing(10)
        balance = self._figure(top, "balance", "Balance now, in the holding account", "bignumber", 2)
        on_row = QHBoxLayout()
        on_row.addWidget(set_role(QLabel("On"), "countlabel"))
        self.balance_date = DateEdit(self)
        self.balance_date.line.setAccessibleName("Balance on the date")
        self.balance_date.line.setToolTip("Type a date to see the balance at the end of that day")
        self.balance_date.changed.connect(self._show_balance_on)
        on_row.addWidget(self.balance_date)
        self.balance_on = set_role(QLabel(""), "count")
        self.balance_on.setObjectName("balanceOn")
        on_row.addWidget(self.balance_on, 1)
        balance.insertLayout(2, on_row)
        self._figure(top, "placed", "children placed against the target", "bignumber")
        self._figure(top, "affordable", "more placements the balance still buys", "bignumber")
        body.addLayout(top)
        self.money = QGridLayout()
        self.money.setSpacing(10)
        self.money_columns = 0
        for key, caption in MONEY_FIGURES:
            # A little less padding than the cards above: more of a row's width for the sums.
            self._figure(None, key, caption, "fundfigure").setContentsMargins(14, 14, 14, 16)
        self._arrange_money(len(MONEY_FIGURES))
        body.addLayout(self.money)
        self.sums = set_role(QLabel(""), "hint")
        self.sums.setObjectName("fundSums")
        self.sums.setWordWrap(True)
        body.addWidget(self.sums)
        self.forecast = set_role(QLabel(""), "countlabel")
        self.forecast.setObjectName("fundForecast")
        self.forecast.setWordWrap(True)
        body.addWidget(self.forecast)

    def _arrange_money(self, columns: int) -> None:
        if columns == self.money_columns:
            return
        self.money_columns = columns
        cards = [self.cards[key] for key, _caption in MONEY_FIGURES]
        for frame in cards:
            self.money.removeWidget(frame)
        for n, frame in enumerate(cards):
            self.money.addWidget(frame, n // columns, n % columns)
        for column in range(len(cards)):
            self.money.setColumnStretch(column, 1 if column < columns else 0)

    def _fit_money(self) -> None:
        """Five figures in a row where they fit whole, else three and two: a sum to the penny is
        never cut, nor the page scrolled sideways to read it."""
        cards = [self.cards[key] for key, _caption in MONEY_FIGURES]
        needed = sum(frame.minimumSizeHint().width() for frame in cards) + self.money.horizontalSpacing() * (
            len(cards) - 1)
        margins = self.scroll.widget().layout().contentsMargins()
        room = self.scroll.viewport().width() - margins.left() - margins.right()
        self._arrange_money(len(cards) if needed <= room else NARROW_COLUMNS)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        # The room is the scroll area's viewport: it narrows when the vertical scroll bar appears,
        # not only when the window is resized.
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_money()
        return super().eventFilter(watched, event)

    def _build_checks(self) -> QFrame:
        frame, box = card("Balance checks agreed with the agency")
        self.failing = QFrame(frame)
        self.failing.setObjectName("failingChecks")
        inner = QVBoxLayout(self.failing)
        inner.setContentsMargins(14, 10, 14, 12)
        self.failing_heading = QLabel(self.failing)
        self.failing_heading.setObjectName("failingHeading")
        self.failing_heading.setWordWrap(True)
        self.failing_lines = QLabel(self.failing)
        self.failing_lines.setObjectName("failingLines")
        self.failing_lines.setWordWrap(True)
        self.failing_lines.setTextFormat(Qt.TextFormat.PlainText)
        self.failing_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.failing_heading)
        inner.addWidget(self.failing_lines)
        box.addWidget(self.failing)
        self.passing = set_role(QLabel(""), "countlabel")
        self.passing.setObjectName("passingChecks")
        self.passing.setWordWrap(True)
        self.passing.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.passing)
        row = QHBoxLayout()
        self.check_button = self._button("Add a balance check…", "The balance the agency's own statement gives "
                                         "for a day, to check the ledger against", self.add_check)
        row.addWidget(self.check_button)
        self.withdraw_button = self._button("Withdraw a balance check…", "Take back a check the agency's corrected "
                                            "statement replaces (kept in the History, with the reason)",
                                            self.withdraw_check)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        box.addLayout(row)
        return frame

    def _build_years(self) -> QFrame:
        frame, box = card("Spend by year and purpose")
        self.years = QTableWidget(0, len(YEAR_COLUMNS), frame)
        self.years.setObjectName("spendByYear")
        self.years.setAccessibleName("Spend by financial year and purpose")
        for column, (title, key) in enumerate(YEAR_COLUMNS):
            heading = QTableWidgetItem(title)
            if key:  # over the money, which is right-aligned
                heading.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.years.setHorizontalHeaderItem(column, heading)
        self.years.setMaximumWidth(1000)  # a wide projector would spread the figures away from their years
        self.years.verticalHeader().hide()
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.years.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.years.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.years.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.years.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.years)
        box.addStretch(1)
        return frame

    def _build_dues(self) -> QFrame:
        frame, box = card("Fees due")
        self.dues_title = box.itemAt(0).widget()
        self.dues_hint = set_role(QLabel(""), "hint")
        self.dues_hint.setWordWrap(True)
        box.addWidget(self.dues_hint)
        self.dues_box = QVBoxLayout()
        self.dues_box.setSpacing(6)
        box.addLayout(self.dues_box)
        box.addStretch(1)
        return frame

    def _build_ledger(self) -> QFrame:
        frame, box = card("The ledger")
        self.ledger_hint = set_role(QLabel(""), "hint")
        self.ledger_hint.setWordWrap(True)
        box.addWidget(self.ledger_hint)
        bar = QWidget(frame)
        flow = FlowLayout(bar)
        self.movement_buttons = [
            self._button("Record instalment…", "An instalment of the grant received into the holding account",
                         self.record_instalment, bar),
            self._button("Roll over…", "Carry a year's unspent balance into the next financial year", self.roll_over,
                         bar),
            self._button("Reallocate…", "Money for the link worker (the council's half of the salary) or joint "
                         "advertising", self.reallocate, bar),
            self._button("Return money…", "Money paid back to the council", self.return_money, bar),
        ]
        self.reverse_button = self._button("Reverse…", REVERSE_TIP, self.reverse_chosen, bar)
        self.statement_button = self._button("Statement as PDF…", "The holding account for a period, to print or "
                                             "send to the agency", self.save_statement, bar)
        self.year_end_button = self._button("Year-end summary as PDF…", "One financial year as an auditor ticks it",
                                            self.save_year_end, bar)
        for button in [*self.movement_buttons, self.reverse_button, self.statement_button, self.year_end_button]:
            flow.addWidget(button)
        box.addWidget(bar)
        self.model = LedgerModel(self)
        self.ledger = make_table_view(frame, self.model, {
            LedgerModel.COL_DATE: "00/00/0000", LedgerModel.COL_ENTRY: "E-000000", LedgerModel.COL_WHAT: "n" * 46,
            LedgerModel.COL_IN: "£000,000.00", LedgerModel.COL_OUT: "£000,000.00", LedgerModel.COL_BALANCE: "£000,000.00"})
        header = self.ledger.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(LedgerModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)  # the words take the room
        header.resizeSection(LedgerModel.COL_WHO, self.ledger.fontMetrics().horizontalAdvance("Recorded by") + 40)
        self.ledger.setObjectName("fundLedger")
        self.ledger.setAccessibleName("The ledger, oldest entry first")
        self.ledger.setWordWrap(False)
        self.ledger.setMinimumHeight(340)
        self.ledger.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.ledger.doubleClicked.connect(lambda _index: self.reverse_button.isEnabled() and self.reverse_chosen())
        box.addWidget(self.ledger)
        return frame

    # -- showing ----------------------------------------------------------------------------------------
    def refresh(self, ledger: bool = True) -> None:
        """The agreements again (keeping the one shown), and everything about the one shown; the
        ledger too unless `ledger` is False (nothing on it changed: it is the slowest part to read)."""
        if self.ctx.session.locked:
            return
        self._reread_ledger = ledger
        agreements = self.ctx.run(self, fund.agreements, self.ctx.session) or []
        keep = self.agreement.id if self.agreement is not None else None
        self.picker.blockSignals(True)
        self.picker.clear()
        names = [a.name for a in agreements]
        for a in agreements:
            years = a.financial_years
            span = financial_year_label(years[0]) + (f" to {financial_year_label(years[-1])}" if len(years) > 1 else "")
            # The years only to tell apart agreements of the same name: the facts line gives the dates.
            self.picker.addItem(f"{a.name} ({span})" if names.count(a.name) > 1 else a.name, a.id)
            self.picker.setItemData(self.picker.count() - 1, f"{a.name}: {span}", Qt.ItemDataRole.ToolTipRole)
        index = self.picker.findData(keep) if keep is not None else -1
        self.picker.setCurrentIndex(index if index >= 0 else 0 if agreements else -1)
        self.picker.blockSignals(False)
        self.show_agreement(self.picker.currentData())

    def show_agreement(self, agreement_id: int | None) -> None:
        session = self.ctx.session
        shown = None if agreement_id is None or session.locked else self.ctx.run(self, fund.agreement, session,
                                                                                   agreement_id)
        self.agreement = shown
        self.empty.setVisible(shown is None and not session.locked)
        self.body.setVisible(shown is not None)
        if shown is None:
            self.summary, self.dues = None, []
            self.model.set_statement(None)
            self.facts.setText("")
            self._update_buttons()
            return
        summary = self.ctx.run(self, fund.summary, session, shown.id)
        period = whole_period(shown)
        same = self.model.agreement_id == shown.id and self.model.period == period and not self._reread_ledger
        self._reread_ledger = True
        statement = None if same else self.ctx.run(self, fund.statement, session, shown.id, *period)
        self.dues = self.ctx.run(self, fund.fees_due, session, shown.id) or []
        if summary is None or (statement is None and not same):
            return
        self.summary = summary
        self._show_facts(shown, summary)
        self._show_figures(summary)
        self._show_checks(summary)
        self._show_years(summary)
        self._show_dues()
        self.ledger_hint.setText(f"The holding account from {format_date(period[0])} to {format_date(period[1])}, "
                                 "oldest first, with the running balance. Entries are never changed: a mistake is "
                                 "corrected by a reversal (choose the entry, then “Reverse…”).")
        if statement is not None:
            self.model.set_statement(statement, shown.id)
            self.ledger.scrollToBottom()
        self._show_balance_on()
        self._update_buttons()

    def _show_facts(self, a: FundAgreement, summary: FundSummary) -> None:
        agency = self.ctx.run(self, records.get, self.ctx.session, Agency, a.agency_id)
        facts = [f"Held by {agency.name if agency else 'the partner agency'}",
                 f"grant {format_money(a.grant)}" + (f" for {a.target_placements} placements"
                                                    if a.target_placements else ""),
                 f"from {format_date(a.starts_on)}", f"spend by {format_date(a.spend_by)}"]
        if a.ends_on and a.ends_on != a.spend_by:
            facts.append(f"money may be used until {format_date(a.ends_on)}")
        schedule = schedule_in_force(self.ctx.run(self, fund.schedules, self.ctx.session, a.id) or [], summary.on)
        if schedule is not None:
            facts.append(f"fee for one child now {format_money(schedule.total(1))} ("
                         f"{format_money(schedule.fee(1, 'placement'))} at placement + "
                         f"{format_money(schedule.fee(1, 'order'))} at the adoption order)")
        else:
            facts.append("no fee schedule yet: add one with “Fees…”")
        self.facts.setText(" · ".join(facts))

    def _show_figures(self, s: FundSummary) -> None:
        paid_in = s.paid_in  # the instalments; what went back is its own figure
        target = s.agreement.target_placements
        self.figures["balance"].setText(format_money(s.balance))
        self.captions["balance"].setText(f"Balance now ({format_date(s.on)}), in the holding account")
        self.figures["placed"].setText(f"{s.children_placed} of {target}" if target else str(s.children_placed))
        self.captions["placed"].setText(
            f"children placed against the target ({s.children_placed * 100 // target}%)" if target
            else "children placed (no target set)")
        if s.placements_affordable is None:
            self.figures["affordable"].setText("–")
            self.captions["affordable"].setText("placements the balance buys: no fee schedule in force")
        else:
            self.figures["affordable"].setText(str(s.placements_affordable))
            owed = f", after {format_money(s.fees_owed)} of fees due" if s.fees_owed else ""
            self.captions["affordable"].setText(f"more placements the balance still buys, at {format_money(s.fee_for_one)}"
                                                f" for one child{owed}")
        for key, pence in (("paid_in", paid_in), ("fees", s.fees), ("link_worker", s.reallocated["link_worker"]),
                           ("advertising", s.reallocated["advertising"]), ("returned", s.returned)):
            self.figures[key].setText(format_money(pence))
        self._fit_money()
        self.sums.setText(f"To the penny: {format_money(paid_in)} paid in − {format_money(s.fees)} fees − "
                          f"{format_money(s.reallocated['link_worker'])} link worker − "
                          f"{format_money(s.reallocated['advertising'])} advertising − {format_money(s.returned)} "
                          f"returned = {format_money(s.balance)} balance.")
        self.forecast.setText(s.forecast)

    def _show_checks(self, s: FundSummary) -> None:
        failing = s.failing_checks
        self.failing.setVisible(bool(failing))
        if failing:
            many = len(failing) > 1
            self.failing_heading.setText(
                f"{len(failing)} balance {'checks do' if many else 'check does'} NOT AGREE with the agency's statement: "
                "find the missing or mistaken entry with the agency.")
            self.failing_lines.setText("\n".join(f"• {c.describe()}" + (f" ({c.assertion.note})" if c.assertion.note
                                                                         else "") for c in failing))
        holding = [c for c in s.checks if c.holds]
        if holding:
            self.passing.setText("\n".join(f"✓ {c.describe()}" + (f" ({c.assertion.note})" if c.assertion.note else "")
                                           for c in holding))
        else:
            self.passing.setText("" if failing else "No balance check yet: add the balance the agency's own "
                                                    "statement gives for a day, to check the ledger against it.")
        self.passing.setVisible(bool(self.passing.text()))

    def _show_years(self, s: FundSummary) -> None:
        years = list(s.by_year.items())
        self.years.setRowCount(len(years) + 1)
        totals = dict.fromkeys((key for _title, key in YEAR_COLUMNS[1:]), 0)
        bold = QFont(self.years.font())
        bold.setBold(True)
        for row, (label, values) in enumerate([*((financial_year_label(fy), v) for fy, v in years), ("Total", totals)]):
            for column, (_title, key) in enumerate(YEAR_COLUMNS):
                if row < len(years) and key:
                    totals[key] += values[key]
                text = label if not key else _money_or_dash(values[key])
                item = QTableWidgetItem(text)
                if key:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row == len(years):
                    item.setFont(bold)
                self.years.setItem(row, column, item)
        self.years.resizeRowsToContents()
        height = self.years.horizontalHeader().height() + sum(self.years.rowHeight(r) for r in range(len(years) + 1))
        self.years.setFixedHeight(height + 2 * self.years.frameWidth())

    def _show_dues(self) -> None:
        while self.dues_box.count():
            item = self.dues_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()   # at once: deleteLater waits for the event loop, painted till then
                item.widget().deleteLater()
        self.dues_title.setText(f"Fees due ({len(self.dues)})" if self.dues else "Fees due")
        self.dues_hint.setText("Placements with the agency's families whose fee has fallen due and is not drawn yet."
                               if self.dues else "No fee is due: every placement so far has its fees drawn.")
        self.due_buttons = []
        for due in self.dues:
            row = QWidget(self.body)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            words = set_role(QLabel(due.describe(), row), "countlabel")
            words.setWordWrap(True)
            line.addWidget(words, 1)
            button = QPushButton("Draw…", row)
            button.setAccessibleName(f"Draw: {due.describe()}")
            if due.amount is None:
                button.setEnabled(False)
                button.setToolTip("No fee schedule was in force the day it fell due: add it with “Fees…”")
            button.clicked.connect(lambda _checked=False, d=due: self.draw(d))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.due_buttons.append(button)
            self.dues_box.addWidget(row)

    def _show_balance_on(self) -> None:
        if self.agreement is None:
            return
        try:
            on = self.balance_date.date()
        except ValueError:
            self.balance_on.setText("type the date as dd/mm/yyyy")
            return
        if on is None:
            self.balance_on.setText("")
            return
        pence = self.ctx.run(self, fund.balance, self.ctx.session, self.agreement.id, on)
        self.balance_on.setText(f"{format_money(pence)} at the end of {format_date(on)}" if pence is not None else "")

    def _update_buttons(self) -> None:
        shown = self.agreement is not None and not self.ctx.session.locked
        for button in (self.terms_button, self.fees_button, *self.movement_buttons, self.statement_button,
                       self.year_end_button, self.check_button):
            button.setEnabled(shown)
        self.new_button.setEnabled(not self.ctx.session.locked)
        self.withdraw_button.setEnabled(shown and bool(self.summary and self.summary.checks))
        chosen = self.chosen_entry()
        why_not = self._why_not_reversed(chosen) if chosen is not None else ""
        self.reverse_button.setEnabled(shown and chosen is not None and not why_not)
        self.reverse_button.setToolTip(why_not or REVERSE_TIP)

    def _why_not_reversed(self, entry) -> str:
        """Why the chosen entry cannot be reversed, in the use case's words, or ""."""
        if entry.kind == "reversal":
            return (f"{entry_number(entry.id)} is itself a reversal: a reversal is not reversed; record the movement "
                    "again instead")
        if entry.id in self.model.reversed:
            return f"{entry_number(entry.id)} was already reversed, by {entry_number(self.model.reversed[entry.id])}"
        return ""

    def chosen_entry(self):
        index = self.ledger.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    # -- acting -------------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, then=None) -> QDialog:
        """Open a dialog (the use case runs from its button); `then(result)` once it is done."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if then is not None:
            dialog.accepted.connect(lambda: then(dialog.result_value))
        dialog.open()
        return dialog

    def new_agreement(self) -> QDialog | None:
        if self.ctx.session.locked:
            return None
        return self._open(AgreementDialog(self.ctx, None, self), self._show_new)

    def _show_new(self, changes: Changes) -> None:
        self.agreement = self.ctx.run(self, fund.agreement, self.ctx.session, changes.record_id)
        self.refresh()

    def edit_agreement(self) -> QDialog | None:
        return self._open(AgreementDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def open_fees(self) -> QDialog | None:
        return self._open(FeeScheduleDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def record_instalment(self) -> QDialog | None:
        if self.agreement is None:
            return None
        numbers = [line.entry.instalment or 0 for line in self.model.lines if line.entry.kind == "instalment"
                   and line.entry.id not in self.model.reversed]
        return self._open(InstalmentDialog(self.ctx, self.agreement, max(numbers, default=0) + 1, self))

    def roll_over(self) -> QDialog | None:
        return self._open(RollOverDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def reallocate(self) -> QDialog | None:
        return self._open(ReallocateDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def return_money(self) -> QDialog | None:
        return self._open(ReturnDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def add_check(self) -> QDialog | None:
        return self._open(BalanceCheckDialog(self.ctx, self.agreement, self)) if self.agreement else None

    def withdraw_check(self) -> bool:
        """Withdraw a balance check, with the reason (a failing one is never hidden without one)."""
        from .matching_widgets import PickDialog

        checks = self.summary.checks if self.summary else []
        if not checks:
            return False
        choices = {c.assertion.id: c.describe() for c in sorted(checks, key=lambda c: c.holds)}
        dialog = PickDialog(self, "Withdraw a balance check", "Which check is withdrawn, and why? Withdraw one only "
                            "when the agency's statement was wrong; when the ledger is, record the missing entry.",
                            choices, "Withdraw the check", reason="Why (e.g. the agency sent a corrected statement)")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
            return False
        return self.ctx.run(self, fund.withdraw_assertion, self.ctx.session, dialog.value(), dialog.why()) is not None

    def draw(self, due) -> QDialog | None:
        return self._open(DrawFeeDialog(self.ctx, due, self.agreement, self)) if self.agreement else None

    def reverse_chosen(self) -> QDialog | None:
        entry = self.chosen_entry()
        return self._open(ReverseDialog(self.ctx, entry, self)) if entry is not None else None

    def save_statement(self) -> QDialog | None:
        if self.agreement is None:
            return None
        return self._open(StatementPdfDialog(self.ctx, self.agreement, self),
                          lambda saved: self._offer_pdf(saved, "The statement"))

    def save_year_end(self) -> QDialog | None:
        if self.agreement is None:
            return None
        return self._open(YearEndPdfDialog(self.ctx, self.agreement, self),
                          lambda saved: self._offer_pdf(saved, "The year-end summary"))

    def _offer_pdf(self, saved: Path, what: str) -> None:
        self.ctx.status.emit(f"Saved {what[0].lower()}{what[1:]} as {saved.name}")
        if offer_to_open_pdf(self, "Saved as PDF", what, saved):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))

    # -- hooks --------------------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh(ledger=changes.touches(*LEDGER_TABLES))

    def on_locked(self) -> None:
        """Nothing of the fund stays on screen or in memory while locked."""
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.blockSignals(False)
        self.show_agreement(None)
        for label in self.figures.values():
            label.setText("–")
        self.balance_on.setText("")
        self.facts.setText("")

    def on_unlocked(self) -> None:
        self.refresh()


__all__ = ["FundPage", "LedgerModel"]
