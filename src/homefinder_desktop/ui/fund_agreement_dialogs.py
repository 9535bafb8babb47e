"""The upfront fund's terms and printouts: an agreement (the grant, the agency holding it, the target,
the dates), its fee schedule in versions (one child, two, three or more; at placement and at the
adoption order), and the statement and year-end summary saved as PDFs or printed."""
from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import (QAbstractItemView, QDialogButtonBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..domain.formatting import financial_year, financial_year_label, format_date, format_money
from ..domain.fund import FEE_STAGES, UNIT_SIZES, FeeRate, FeeSchedule, FundAgreement, period_of_year, \
    schedule_in_force
from ..domain.records import Agency
from ..services import fund, records
from .context import AppContext
from .fund_dialogs import FundDialog, MoneyEdit
from .style import set_role
from .unlock_dialog import busy
from .widgets import ChoiceCombo, DateEdit, LookupCombo, ask_where_to_save_pdf, default_save_folder

STAGE_HEADINGS = {"placement": "At placement", "order": "At the order"}
ORDER_WORDS = "“At the order”: at the adoption order, or a year after placement if that is sooner."


def rate_label(children: int, stage: str) -> str:
    """The field's name, as the fee schedule's checks name it: "One child, at placement"."""
    return f"{UNIT_SIZES[children]}, {FEE_STAGES[stage].lower()}"


class RatesGrid(QWidget):
    """The rates of one version: a row per size of placement, a column per stage of the fee."""

    def __init__(self, dialog: FundDialog, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = dialog.fields
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        for column, stage in enumerate(FEE_STAGES, start=1):
            heading = set_role(QLabel(STAGE_HEADINGS[stage], self), "hint")
            heading.setToolTip(FEE_STAGES[stage])
            grid.addWidget(heading, 0, column)
        self.edits: dict[tuple[int, str], MoneyEdit] = {}
        for row, (children, words) in enumerate(UNIT_SIZES.items(), start=1):
            grid.addWidget(QLabel(words, self), 2 * row - 1, 0)
            for column, stage in enumerate(FEE_STAGES, start=1):
                edit = MoneyEdit(self, widest="£000,000.00")  # a fee, not a grant
                edit.setAccessibleName(rate_label(children, stage))
                message = QLabel(self)
                grid.addWidget(edit, 2 * row - 1, column)
                grid.addWidget(message, 2 * row, column)
                label = rate_label(children, stage)
                self.fields.errors.register(label, edit, message)
                self.fields.widgets[label] = edit
                self.edits[(children, stage)] = edit
        words = set_role(QLabel(ORDER_WORDS, self), "hint")
        words.setWordWrap(True)
        grid.addWidget(words, 2 * len(UNIT_SIZES) + 1, 0, 1, len(FEE_STAGES) + 1)

    def set_rates(self, schedule: FeeSchedule | None) -> None:
        for (children, stage), edit in self.edits.items():
            amount = schedule.fee(children, stage) if schedule else 0
            edit.setText(format_money(amount) if amount else "")

    def rates(self) -> tuple[FeeRate, ...]:
        """The rates typed (an empty field sets no fee); a field that does not read is a problem."""
        out = []
        for (children, stage) in self.edits:
            amount = self.fields.money(rate_label(children, stage), required=False)
            if amount is not None:
                out.append(FeeRate(children, stage, amount))
        return tuple(out)

    def is_empty(self) -> bool:
        return not any(edit.text().strip() for edit in self.edits.values())


class AgreementDialog(FundDialog):
    """A new agreement (with its first fees, if known), or an agreement's terms changed. Its money is
    the ledger's: the grant here is what was agreed, the instalments what was paid."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement | None = None, parent: QWidget | None = None):
        self.agreement = agreement or FundAgreement()
        new = self.agreement.id is None
        super().__init__(ctx, parent, "New fund agreement" if new else "The agreement's terms",
                         "A block of placements paid for in advance: the council's grant, held by the partner "
                         "agency in a separate account, drawn as each child is placed.")
        a = self.agreement
        self.name = self.fields.add("Name", QLineEdit(a.name, self))
        self.name.setPlaceholderText("e.g. Block of 20 placements, 2025")
        self.agency = self.fields.add("Agency holding the money", LookupCombo(self, "(choose the agency)"))
        agencies = [x for x in ctx.run(self, records.all_of, ctx.session, Agency) or [] if x.kind != "own"]
        self.agency.set_names({x.id: x.name for x in agencies})
        partner = next((x.id for x in agencies if x.kind == "partner"), None)
        self.agency.setValue(a.agency_id if a.agency_id is not None else partner)
        self.grant = self.fields.add("Grant", MoneyEdit(self, "e.g. £540,000.00"))
        self.grant.setText(format_money(a.grant) if a.grant else "")
        self.target = self.fields.add("Target placements", QSpinBox(self), "children", beside=True)
        self.target.setRange(0, 9999)
        self.target.setSpecialValueText("No target")
        self.target.setValue(a.target_placements or 0)
        self.dates = {}
        for label, value, hint in (("Starts on", a.starts_on, ""),
                                   ("Spend by", a.spend_by, "the grant's own deadline"),
                                   ("Money may be used until", a.ends_on,
                                    "after any rollover; empty: the same as “Spend by”")):
            self.dates[label] = self.fields.add(label, DateEdit(self), hint)
            self.dates[label].setDate(value)
        self.notes = QPlainTextEdit(a.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)  # before it joins the form, so its label is as tall
        self.fields.add("Notes", self.notes)
        self.rates = None
        if new:  # the first fees beside the terms, so the dialog fits a laptop's screen
            self.rates = RatesGrid(self, self)
            column = QVBoxLayout()
            column.addWidget(set_role(QLabel("Fees from the day it starts", self), "subtitle"))
            column.addWidget(self.rates)
            message = QLabel(self)
            column.addWidget(message)
            self.fields.errors.register("Rates", self.rates, message)
            hint = set_role(QLabel("Later versions: “Fees…” on the Fund page. Leave empty to add the fees later.",
                                   self), "hint")
            hint.setWordWrap(True)
            column.addWidget(hint)
            column.addStretch(1)
            sides = QHBoxLayout()
            sides.setSpacing(28)
            self.layout_.removeItem(self.fields.form)
            sides.addLayout(self.fields.form, 1)
            sides.addLayout(column, 0)
            self.layout_.addLayout(sides)
        self.finish("Make the agreement" if new else "Save the terms", 1060 if new else 700)

    def call(self):
        grant = self.fields.money("Grant")
        days = {label: self.fields.day(label, required=label != "Money may be used until") for label in self.dates}
        rates = self.rates.rates() if self.rates is not None and not self.rates.is_empty() else None
        if not self.fields.read():
            return None
        terms = dataclasses.replace(
            self.agreement, name=self.name.text().strip(), agency_id=self.agency.value(), grant=grant,
            target_placements=self.target.value() or None, starts_on=days["Starts on"], spend_by=days["Spend by"],
            ends_on=days["Money may be used until"], notes=self.notes.toPlainText().strip())
        if self.agreement.id is not None:
            return fund.save_agreement, (terms,), {}
        schedule = FeeSchedule(terms.starts_on, rates, "From the start of the agreement") if rates is not None else None
        return fund.add_agreement, (terms, schedule), {}


def _rates_words(schedule: FeeSchedule, children: int) -> str:
    placement, order = schedule.fee(children, "placement"), schedule.fee(children, "order")
    return f"{format_money(placement)} + {format_money(order)}" if placement or order else "–"


class FeeScheduleDialog(FundDialog):
    """The fee schedule's versions, and a new version from its date: a fee is drawn at the
    schedule in force on the day it fell due, so earlier draws keep the fees of their day."""

    COLUMNS = ["Takes effect from", "One child", "Two together", "Three or more", "Note"]

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, f"Fees of {agreement.name}",
                         "Each version's rates are the fee at placement + the fee at the order. A fee is drawn at "
                         "the version in force on the day it fell due, so earlier draws keep the fees of their day.")
        self.agreement = agreement
        self.versions = QTableWidget(0, len(self.COLUMNS), self)
        self.versions.setObjectName("feeVersions")
        self.versions.setHorizontalHeaderLabels(self.COLUMNS)
        self.versions.setAccessibleName("Versions of the fee schedule")
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().hide()
        self.versions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.versions.horizontalHeader().setStretchLastSection(True)
        self.versions.setMinimumHeight(130)
        self.layout_.insertWidget(2, self.versions)
        self.layout_.insertWidget(3, set_role(QLabel("Add a new version", self), "subtitle"))
        self.effective = self.fields.add("Takes effect from", DateEdit(self))
        self.effective.setDate(ctx.session.today())
        self.grid = self.fields.add("Rates", RatesGrid(self, self))
        self.note = self.fields.add("Note", QLineEdit(self))
        self.note.setPlaceholderText("e.g. the new rates agreed at the strategic meeting")
        self.finish("Add this version", 900, QDialogButtonBox.StandardButton.Close)
        self.ok.setDefault(False)
        self.reload()

    def reload(self) -> None:
        schedules = self.ctx.run(self, fund.schedules, self.ctx.session, self.agreement.id) or []
        in_force = schedule_in_force(schedules, self.ctx.session.today())
        self.versions.setRowCount(len(schedules))
        for row, schedule in enumerate(schedules):
            when = format_date(schedule.effective_from) + (" (in force)" if schedule is in_force else "")
            for column, text in enumerate([when, *(_rates_words(schedule, n) for n in UNIT_SIZES), schedule.note]):
                self.versions.setItem(row, column, QTableWidgetItem(text))
        self.grid.set_rates(schedules[-1] if schedules else None)

    def call(self):
        effective = self.fields.day("Takes effect from")
        rates = self.grid.rates()
        if not self.fields.read():
            return None
        return fund.add_schedule, (self.agreement.id, FeeSchedule(effective, rates, self.note.text().strip())), {}

    def done_saving(self) -> None:
        self.fields.errors.clear()
        self.note.clear()
        self.reload()


# --- printouts ------------------------------------------------------------------------------------------

def _fund_print(parent: QWidget):
    """The printouts' use cases (another module, imported when first asked for); None, after saying
    so, when this version has none. Any other import error is a bug and is raised."""
    try:
        from ..services import fund_print
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith("fund_print"):
            raise
        QMessageBox.information(parent, "Not available", "This version of Homefinder cannot yet save the fund's "
                                                         "statements as PDFs.")
        return None
    return fund_print


def whole_period(agreement: FundAgreement) -> tuple[date, date]:
    """From the first day of the agreement's first financial year to the last day of its last."""
    years = agreement.financial_years
    return period_of_year(years[0])[0], period_of_year(years[-1])[1]


class StatementPdfDialog(FundDialog):
    """The holding account's statement for a period, saved as a PDF to print or send to the agency,
    or printed."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Statement as PDF",
                         f"The holding account of {agreement.name}, entry by entry with the running balance, "
                         "for the period you choose, for the agency and the auditors. It is marked CONFIDENTIAL; a "
                         "child is named only by the link's reference and initials, and names in notes by initials.")
        self.agreement = agreement
        start, end = whole_period(agreement)
        self.start = self.fields.add("From", DateEdit(self))
        self.start.setDate(start)
        self.end = self.fields.add("To", DateEdit(self))
        self.end.setDate(min(end, ctx.session.today()))
        self.finish("Save as PDF…")
        self.add_print_buttons("the statement")

    def _chosen(self):
        """(the printouts' use cases, from, to), or None after marking what does not read."""
        start, end = self.fields.day("From"), self.fields.day("To")
        printouts = _fund_print(self)
        if not self.fields.read() or printouts is None:
            return None
        return printouts, start, end

    def call(self):
        chosen = self._chosen()
        if chosen is None:
            return None
        printouts, start, end = chosen
        suggested = default_save_folder() / f"fund-statement-{start.isoformat()}-to-{end.isoformat()}.pdf"
        target = ask_where_to_save_pdf(self, "Save the statement as a PDF", suggested)
        if target is None:
            return None
        return _saving(printouts.save_statement_pdf), (self.agreement.id, start, end, target), {}

    def printout(self):
        chosen = self._chosen()
        if chosen is None:
            return None
        printouts, start, end = chosen
        return (f"Fund statement {format_date(start)} to {format_date(end)}",
                lambda session: printouts.statement_pdf(session, self.agreement.id, start, end))


class YearEndPdfDialog(FundDialog):
    """One financial year of the holding account as an auditor ticks it, saved as a PDF or printed."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Year-end summary as PDF",
                         "The balance brought forward, what came in, what went out and the balance at 31 March, "
                         "with what was rolled over. It is marked CONFIDENTIAL.")
        self.agreement = agreement
        years = agreement.financial_years
        self.year = self.fields.add("Financial year", ChoiceCombo(
            {str(fy): financial_year_label(fy) for fy in years}, parent=self))
        ended = [fy for fy in years if fy < financial_year(ctx.session.today())]
        self.year.setValue(str(ended[-1] if ended else years[0]))
        self.finish("Save as PDF…")
        self.add_print_buttons("the year-end summary")

    def _chosen(self):
        """(the printouts' use cases, the financial year), or None when this version has none."""
        printouts = _fund_print(self)
        return None if printouts is None else (printouts, int(self.year.value()))

    def call(self):
        chosen = self._chosen()
        if chosen is None:
            return None
        printouts, fy = chosen
        suggested = default_save_folder() / f"fund-year-end-{financial_year_label(fy).replace('/', '-')}.pdf"
        target = ask_where_to_save_pdf(self, "Save the year-end summary as a PDF", suggested)
        if target is None:
            return None
        return _saving(printouts.save_year_end_pdf), (self.agreement.id, fy, target), {}

    def printout(self):
        chosen = self._chosen()
        if chosen is None:
            return None
        printouts, fy = chosen
        return (f"Fund year-end summary {financial_year_label(fy)}",
                lambda session: printouts.year_end_pdf(session, self.agreement.id, fy))


def _saving(save):
    """A printout's use case with the wait cursor while it writes."""
    def run(*args, **kwargs):
        with busy():
            return save(*args, **kwargs)
    return run


__all__ = ["AgreementDialog", "FeeScheduleDialog", "StatementPdfDialog", "YearEndPdfDialog"]
