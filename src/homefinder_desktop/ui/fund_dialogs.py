"""The upfront fund's movement dialogs: an instalment received, a year's balance rolled over, money
reallocated (a link worker's salary shared, joint advertising), money returned, a fee drawn, a
mistaken entry reversed, and a balance agreed with the agency's statement; and the question asked
after a placement or an adoption order is recorded ("Draw £18,000.00 … now?").

Money is typed as £27,000.00 or 27000, dates as dd/mm/yyyy. A problem is shown at its field (and in
the summary above the fields) and nothing is saved; the dialog closes once the ledger has the entry."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem
from ..domain.formatting import date_problem, financial_year, financial_year_label, format_date, format_money, parse_money
from ..domain.fund import FEE_STAGES, PURPOSES, Entry, FundAgreement, entry_number, split_salary
from ..services import fund, links
from ..services.fund import FeeDue
from .context import AppContext
from .record_form import FormErrors
from .style import form_layout, set_role
from .widgets import ChoiceCombo, DateEdit, set_big_title


class MoneyEdit(QLineEdit):
    """An amount of money as typed: "£27,000.00", "27000" or "27,000.5"; tidied to £27,000.00 once
    the worker leaves the field. `pence()` is None when empty and raises ValueError, with a sentence,
    when the text is not an amount."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = "£0.00", widest: str = "£000,000,000.00"):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest) + 24)
        self.setMaximumWidth(self.minimumWidth() + 60)  # an amount, not a paragraph
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        try:
            value = self.pence()
        except ValueError:
            return
        if value is not None:
            self.setText(format_money(value))

    def pence(self) -> int | None:
        text = self.text().strip()
        return parse_money(text) if text else None


class Fields:
    """A form whose fields are known by the labels the worker sees: a message under each, the
    summary of problems above them, and readers that turn what was typed into a value or a
    problem at its field."""

    def __init__(self, parent: QWidget, layout: QVBoxLayout):
        self.parent = parent
        summary = QLabel(parent)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)
        self.form = form_layout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.form)
        self.widgets: dict[str, QWidget] = {}
        self.cells: dict[str, QWidget] = {}
        self.problems: list[FieldProblem] = []

    def add(self, label: str, widget: QWidget, hint: str = "", beside: bool = False) -> QWidget:
        """A field with its label level with it, its hint under it (or `beside` a short field), and
        the line its problem is shown on."""
        cell = QWidget(self.parent)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        note = set_role(QLabel(cell), "hint") if hint else None
        if note is not None and beside:
            widget.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            row = QHBoxLayout()
            row.setSpacing(10)
            row.addWidget(widget)
            row.addWidget(note, 1)
            box.addLayout(row)
        else:
            box.addWidget(widget)
            if note is not None:
                box.addWidget(note)
        if note is not None:
            note.setWordWrap(True)
            note.setText(hint)
        message = QLabel(cell)
        box.addWidget(message)
        # The label is as tall as the field alone (not its hint and message), so it reads level with it.
        caption = QLabel(label, self.parent)
        caption.setBuddy(widget)
        caption.setFixedHeight(min(widget.sizeHint().height(), widget.maximumHeight()))
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(caption, cell)
        self.errors.register(label, widget, message)
        self.widgets[label], self.cells[label] = widget, cell
        return widget

    def show_row(self, label: str, shown: bool) -> None:
        self.form.setRowVisible(self.cells[label], shown)

    def money(self, label: str, required: bool = True) -> int | None:
        try:
            value = self.widgets[label].pence()
        except ValueError as exc:
            self.problems.append(FieldProblem(label, str(exc)))
            return None
        if value is None and required:
            self.problems.append(FieldProblem(label, "is required"))
        return value

    def day(self, label: str, required: bool = True) -> date | None:
        edit = self.widgets[label]
        try:
            value = edit.date()
        except ValueError:
            self.problems.append(FieldProblem(label, date_problem(edit.text())))
            return None
        if value is None and required:
            self.problems.append(FieldProblem(label, "is required"))
        return value

    def read(self) -> bool:
        """True when everything typed reads; otherwise the problems are shown and forgotten."""
        problems, self.problems = self.problems, []
        if problems:
            self.errors.show(problems)
        return not problems


def note_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText("What it is for, e.g. the agency's reference")
    return edit


class FundDialog(QDialog):
    """A heading, a sentence, the fields, and one button that runs a use case: the dialog closes
    when it is done and stays open, with the problems marked, when it is refused."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, title: str, intro: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        heading = QLabel(title, self)
        set_big_title(heading)
        self.layout_.addWidget(heading)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setVisible(bool(intro))
        self.layout_.addWidget(self.intro)
        self.fields = Fields(self, self.layout_)

    def finish(self, action: str, width: int = 560, cancel=QDialogButtonBox.StandardButton.Cancel) -> None:
        self.layout_.addStretch(1)
        buttons = QDialogButtonBox(cancel, self)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.resize(width, self.sizeHint().height())

    def call(self):
        """(use case, arguments after the session, keyword arguments), or None when a field does not read."""
        raise NotImplementedError

    def save(self) -> bool:
        call = self.call()
        if call is not None:
            fn, args, kwargs = call
            self.result_value = self.ctx.run_marking(self, self.fields.errors, fn, self.ctx.session, *args, **kwargs)
            if self.result_value is not None:
                self.done_saving()
                return True
        self._fit()
        return False

    def _fit(self) -> None:
        """Grow to the messages now shown: a dialog does not ask its wrapped lines' height by itself."""
        self.layout_.activate()
        needed = self.layout_.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def done_saving(self) -> None:
        self.accept()

    # -- a printout's dialog: "Print preview…" and "Print…" beside the button that saves the PDF ------
    def add_print_buttons(self, what: str) -> None:
        """The two buttons, after `finish`; `what` names the printout in words ("the statement")."""
        buttons = self.ok.parentWidget()
        self.printout_words = what
        self.preview_button = buttons.addButton("Print preview…", QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setToolTip(f"See the pages of {what} as they will print, then print them")
        self.preview_button.clicked.connect(lambda _checked=False: self.print_printout(preview=True))
        self.print_button = buttons.addButton("Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setToolTip(f"Choose a printer and print {what}")
        self.print_button.clicked.connect(lambda _checked=False: self.print_printout(preview=False))

    def printout(self):
        """(title, a function of the session making the PDF "Save" would write), or None when a
        field does not read. The title names the print job: no one's name in it."""
        raise NotImplementedError

    def print_printout(self, preview: bool = True) -> bool:
        """The printout in the print preview, or straight to the system's print dialog. A problem
        the use case finds is shown at its field, and nothing opens. True when shown (or printed)."""
        from .print_preview import print_directly, show_preview  # PDFium only when printing

        chosen = self.printout()
        shown = None
        if chosen is not None:
            title, make = chosen
            session = self.ctx.session
            shown = self.ctx.run_marking(self, self.fields.errors, show_preview if preview else print_directly,
                                         self, title, lambda: make(session))
        if not shown:
            self._fit()
            return False
        if not preview:
            self.ctx.status.emit(f"Sent {self.printout_words} to the printer")
        return True


class InstalmentDialog(FundDialog):
    def __init__(self, ctx: AppContext, agreement: FundAgreement, number: int, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Record an instalment",
                         f"An instalment of the grant, paid by the council into the agency's holding account for "
                         f"“{agreement.name}”.")
        self.agreement = agreement
        self.on = self.fields.add("Date", DateEdit(self), "the day the agency received it", beside=True)
        self.on.setDate(ctx.session.today())
        self.amount = self.fields.add("Amount", MoneyEdit(self, "e.g. £180,000.00"))
        self.number = self.fields.add("Instalment number", QSpinBox(self))
        self.number.setMaximumWidth(self.number.sizeHint().width() + 40)
        self.number.setRange(1, 99)
        self.number.setValue(number)
        self.memo = self.fields.add("Note", note_edit(self))
        self.finish("Record instalment")

    def call(self):
        on, amount = self.fields.day("Date"), self.fields.money("Amount")
        if not self.fields.read():
            return None
        return fund.record_instalment, (self.agreement.id, on, amount, self.number.value(), self.memo.text().strip()), {}


class RollOverDialog(FundDialog):
    """The unspent balance of one financial year carried into the next, on 1 April."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Roll over to the next year",
                         "What is unspent in one financial year's holding account is carried into the next year's, "
                         "dated 1 April. A rollover moves money between the years' accounts: the balance stays "
                         "the same.")
        self.agreement = agreement
        self.into = self.fields.add("Roll over into", ChoiceCombo({
            str(fy + 1): f"{financial_year_label(fy + 1)}, from {financial_year_label(fy)} (on "
                         f"{format_date(date(fy + 1, 4, 1))})" for fy in agreement.financial_years[:-1]}, parent=self))
        current = financial_year(ctx.session.today())
        self.into.setValue(str(current) if current - 1 in agreement.financial_years[:-1] else "")
        self.amount = self.fields.add("Amount", MoneyEdit(self, "All that is left"),
                                      "Leave empty to roll over all that is left in the year's holding account")
        self.memo = self.fields.add("Note", note_edit(self))
        self.finish("Roll over")

    def call(self):
        amount = self.fields.money("Amount", required=False)
        if not self.into.value():
            self.fields.problems.append(FieldProblem("Roll over into", "is required: the agreement has only one "
                                                                       "financial year, so there is no next year"))
        if not self.fields.read():
            return None
        return fund.roll_over, (self.agreement.id, int(self.into.value()) - 1, amount, self.memo.text().strip()), {}


class ReallocateDialog(FundDialog):
    """Money taken from the holding account for another agreed purpose. For the link worker the
    salary for the period is typed and both halves are shown before anything is saved."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Reallocate money",
                         f"Part of “{agreement.name}” used for another purpose both partners agreed.")
        self.agreement = agreement
        self.purpose = self.fields.add("Purpose", ChoiceCombo(PURPOSES, parent=self))
        self.on = self.fields.add("Date", DateEdit(self))
        self.on.setDate(ctx.session.today())
        self.salary = self.fields.add("Salary", MoneyEdit(self, "e.g. £30,000.00"),
                                      "The link worker's salary for the period: match-funded, so the fund pays "
                                      "the council's half and the agency pays the other half itself")
        self.halves = QLabel(self)
        self.halves.setObjectName("salaryHalves")
        self.halves.setWordWrap(True)
        self.halves.setTextFormat(Qt.TextFormat.PlainText)
        self.fields.form.addRow("", self.halves)
        self.amount = self.fields.add("Amount", MoneyEdit(self, "e.g. £5,000.00"))
        self.memo = self.fields.add("Note", note_edit(self))
        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        self.salary.textChanged.connect(self._show_halves)
        self._purpose_changed()
        self.finish("Reallocate")

    def _purpose_changed(self) -> None:
        worker = self.purpose.value() == "link_worker"
        self.fields.show_row("Salary", worker)
        self.fields.form.setRowVisible(self.halves, worker)
        self.fields.show_row("Amount", not worker)
        self._show_halves()

    def _show_halves(self) -> None:
        try:
            salary = self.salary.pence()
        except ValueError:
            salary = None
        if salary is None or salary <= 0:
            self.halves.setText("The council's half and the agency's half are shown here once the salary is typed.")
            return
        council, agency = split_salary(salary)
        self.halves.setText(f"The council's half, drawn from the fund: {format_money(council)}\n"
                            f"The agency's half, its own money (recorded beside it): {format_money(agency)}")

    def call(self):
        on = self.fields.day("Date")
        purpose = self.purpose.value()
        if purpose == "link_worker":
            salary = self.fields.money("Salary")
            if not self.fields.read():
                return None
            return fund.reallocate, (self.agreement.id, on, purpose), {"salary": salary, "memo": self.memo.text().strip()}
        amount = self.fields.money("Amount")
        if not self.fields.read():
            return None
        return fund.reallocate, (self.agreement.id, on, purpose, amount), {"memo": self.memo.text().strip()}


class ReturnDialog(FundDialog):
    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Return money to the council",
                         f"Money paid back to the council from the agency's holding account for “{agreement.name}”.")
        self.agreement = agreement
        self.on = self.fields.add("Date", DateEdit(self))
        self.on.setDate(ctx.session.today())
        self.amount = self.fields.add("Amount", MoneyEdit(self))
        self.memo = self.fields.add("Note", note_edit(self))
        self.finish("Record money returned")

    def call(self):
        on, amount = self.fields.day("Date"), self.fields.money("Amount")
        if not self.fields.read():
            return None
        return fund.return_money, (self.agreement.id, on, amount, self.memo.text().strip()), {}


class BalanceCheckDialog(FundDialog):
    """A balance the agency's own statement gives, kept and checked against the ledger."""

    def __init__(self, ctx: AppContext, agreement: FundAgreement, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Add a balance check",
                         "The holding balance the agency's statement gives for a day. The Fund page checks the "
                         "ledger against it and shows, for all to see, when the two do not agree.")
        self.agreement = agreement
        self.on = self.fields.add("Date", DateEdit(self), "the day the statement's balance is for", beside=True)
        self.on.setDate(ctx.session.today())
        self.balance = self.fields.add("Balance", MoneyEdit(self, "e.g. £342,000.00"),
                                       "as the agency's statement gives it", beside=True)
        self.memo = self.fields.add("Note", note_edit(self))
        self.memo.setPlaceholderText("e.g. the agency's statement for September")
        self.finish("Add the check")

    def call(self):
        on, balance = self.fields.day("Date"), self.fields.money("Balance")
        if not self.fields.read():
            return None
        return fund.add_assertion, (self.agreement.id, on, balance, self.memo.text()), {}


def fee_words(due: FeeDue) -> str:
    """"the fee at placement for Ivy Ashworth with Brook family (link L-00001)"."""
    p, stage = due.placement, FEE_STAGES[due.stage].lower()
    return f"the fee {stage}{',' if ',' in stage else ''} for {p.unit} with {p.family} (link {p.reference})"


def default_draw_date(due: FeeDue, agreement: FundAgreement, today: date) -> date:
    """The day the service would date the draw (FeeDue.draw_on), offered for the worker to change."""
    return due.draw_on or min(due.due_on, today)


class DrawFeeDialog(FundDialog):
    """Confirm one fee from the list of fees due: the amount, and the day it is drawn."""

    def __init__(self, ctx: AppContext, due: FeeDue, agreement: FundAgreement, parent: QWidget | None = None):
        money = format_money(due.amount) if due.amount is not None else "no fee schedule in force"
        super().__init__(ctx, parent, "Draw a fee",
                         f"Draw {money}, {fee_words(due)}, from {agreement.name}. It fell due on "
                         f"{format_date(due.due_on)}.")
        self.due, self.agreement = due, agreement
        self.on = self.fields.add("Date", DateEdit(self), "the day the agency draws it from the holding account",
                                  beside=True)
        self.on.setDate(default_draw_date(due, agreement, ctx.session.today()))
        self.finish(f"Draw {money}" if due.amount is not None else "Draw")

    def call(self):
        on = self.fields.day("Date")
        if not self.fields.read():
            return None
        return fund.draw_fee, (self.due.agreement_id, self.due.placement.link_id, self.due.stage, on), {}


class ReverseDialog(FundDialog):
    """Correct a mistaken entry: the same movement the other way round, linked to it, with the reason."""

    def __init__(self, ctx: AppContext, entry: Entry, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Reverse an entry",
                         f"Reverse {entry_number(entry.id)}, “{entry.describe()}” of {format_date(entry.on)} "
                         f"({format_money(entry.amount)})? "
                         "A reversal records the same movement the other way round; the entry itself stays on the "
                         "ledger, so both partners can see what was corrected and why.")
        self.entry = entry
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("What was wrong with the entry")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)  # before it joins the form, so its label is as tall
        self.fields.add("Reason", self.reason)
        self.on = self.fields.add("Date", DateEdit(self), "the day of the correction", beside=True)
        self.on.setDate(ctx.session.today())
        self.finish("Reverse the entry")

    def call(self):
        on = self.fields.day("Date")
        if not self.fields.read():
            return None
        return fund.reverse, (self.entry.id, self.reason.toPlainText(), on), {}


# --- after a placement or an adoption order is recorded -----------------------------------------------

def offer_fee_draws(ctx: AppContext, parent: QWidget | None, dues: list[FeeDue]) -> int:
    """Ask, one fee at a time, whether to draw it now. Yes draws it (dated as draw_fee dates it);
    No leaves it on the Fund page's list of fees due. Returns how many were drawn.

    Several agreements with the same agency may each offer the same stage of a placement: once one
    has paid it, the others are not asked (each agreement's ledger knows only its own draws)."""
    drawn = 0
    paid: set[tuple[int, str]] = set()
    for due in dues:
        if due.amount is None:  # no fee schedule in force: the Fund page says so beside it
            continue
        if (due.placement.link_id, due.stage) in paid:
            continue
        agreement = ctx.run(parent, fund.agreement, ctx.session, due.agreement_id)
        if agreement is None:
            continue
        p = due.placement
        answer = QMessageBox.question(
            parent, "Draw the fee?",
            f"Draw {format_money(due.amount)} from {agreement.name} for {p.unit} with {p.family} now?\n\n"
            f"It is the fee {FEE_STAGES[due.stage].lower()} (link {p.reference}), due {format_date(due.due_on)}. "
            "If not now, it stays on the Fund page under “Fees due”.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes and ctx.run(
                parent, fund.draw_fee, ctx.session, due.agreement_id, p.link_id, due.stage) is not None:
            drawn += 1
            paid.add((p.link_id, due.stage))
            ctx.status.emit(f"Drew {format_money(due.amount)} from {agreement.name} for {p.unit}")
    return drawn


def offer_fees_for_link(ctx: AppContext, parent: QWidget | None, link_id: int) -> int:
    """After a placement is recorded: offer the fees it makes due."""
    return offer_fee_draws(ctx, parent, ctx.run(parent, fund.fees_due_for_link, ctx.session, link_id) or [])


def offer_fees_for_child(ctx: AppContext, parent: QWidget | None, child_id: int) -> int:
    """After a child's adoption order is recorded: offer the fees due on the child's placement
    (their own link, or their sibling group's)."""
    rows = ctx.run(parent, links.link_rows, ctx.session, "all", child_id=child_id) or []
    return sum(offer_fees_for_link(ctx, parent, row["id"]) for row in rows if row["status"] == "placed")
