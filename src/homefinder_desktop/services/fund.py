"""Use cases for the upfront fund: agreements and fee schedules, each movement on the ledger
(instalments, fee draws, rollover, reallocation, money returned, reversals), the balances agreed
with the agency, and what both partners read (the summary, statements, the year end, fees due).

Every movement is checked in the domain (it balances, its date is within the agreement's financial
years, no holding account goes below zero) and written in one transaction; nothing is ever changed
afterwards."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ..domain import fund as ledger
from ..domain.errors import FieldProblem, HomefinderError, ValidationError
from ..domain.formatting import financial_year_label, format_date, format_money
from ..domain.fund import (Assertion, AssertionResult, Entry, FeeSchedule, FundAgreement, FundSummary, Placement,
                           Statement, YearEnd)
from ..storage import fund as store
from .changes import Changes
from .session import Session, reads

FUND_TABLES = ("fund_agreements", "fund_fee_schedules", "fund_entries", "fund_postings", "fund_assertions")


def _refuse(field_name: str, problem: str) -> None:
    raise ValidationError([FieldProblem(field_name, problem)])


# --- agreements and fee schedules -------------------------------------------------------------------

@reads
def agreements(session: Session, include_archived: bool = False) -> list[FundAgreement]:
    return store.agreements(session.database(), include_archived)


@reads
def agreement(session: Session, agreement_id: int) -> FundAgreement:
    return store.agreement(session.database(), agreement_id)


def _check_agency(session: Session, agreement: FundAgreement) -> None:
    row = session.database().execute("SELECT kind FROM agencies WHERE id = ?", [agreement.agency_id]).fetchone()
    if row is None:
        _refuse("Agency holding the money", "is not on the list of agencies")
    if row[0] == "own":
        _refuse("Agency holding the money", "is the council itself: the fund is held by the partner agency")


def add_agreement(session: Session, new: FundAgreement, schedule: FeeSchedule | None = None) -> Changes:
    new.validate(session.today())
    _check_agency(session, new)
    if schedule is not None:
        _check_schedule(schedule, [])
    with session.writing():
        agreement_id = store.add_agreement(session.database(), dataclasses.replace(new, id=None), session.who)
        if schedule is not None:
            store.add_schedule(session.database(), agreement_id, schedule, session.who)
    return Changes.of(*FUND_TABLES, record_id=agreement_id)


def save_agreement(session: Session, changed: FundAgreement) -> Changes:
    """Change the agreement's terms (not its money: that is the ledger's). A date change that would
    leave an entry before the agreement starts or after its money may be used is refused."""
    changed.validate(session.today())
    _check_agency(session, changed)
    db = session.database()
    outside = store.entry_dates_outside(db, changed.id, changed.starts_on, changed.last_day)
    if outside:
        early = [on for on in outside if on < changed.starts_on]
        label = "Starts on" if early else "Money may be used until"
        many = f"{len(outside)} entries" if len(outside) != 1 else "an entry"
        _refuse(label, f"would leave {many} outside the agreement (the first on {format_date(outside[0])})")
    with session.writing():
        store.save_agreement(db, changed, session.who)
    return Changes.of("fund_agreements", record_id=changed.id)


def _check_schedule(schedule: FeeSchedule, existing: list[FeeSchedule]) -> None:
    problems = ledger.fee_schedule_problems(schedule, existing)
    if problems:
        raise ValidationError(problems)


@reads
def schedules(session: Session, agreement_id: int) -> list[FeeSchedule]:
    return store.schedules(session.database(), agreement_id)


def add_schedule(session: Session, agreement_id: int, schedule: FeeSchedule) -> Changes:
    """A new version of the fees, from its date; draws before it keep the fees then in force."""
    db = session.database()
    _check_schedule(schedule, store.schedules(db, agreement_id))
    with session.writing():
        schedule_id = store.add_schedule(db, agreement_id, schedule, session.who)
    return Changes.of("fund_fee_schedules", record_id=schedule_id)


# --- the movements ----------------------------------------------------------------------------------

def _record(session: Session, entry: Entry) -> Changes:
    """Check an entry against its agreement and the ledger so far, then write it (with its postings)."""
    db = session.database()
    agreement = store.agreement(db, entry.agreement_id)
    ledger.check_entry(entry, agreement, session.today())
    rolled = store.rolled_over_years(db, entry.agreement_id)
    if entry.fy in rolled and entry.kind != "rollover":
        # The year's balance has been carried on (and perhaps agreed with the agency): an entry
        # dated back into it would change a closed year.
        _refuse("Date", f"{format_date(entry.on)} is in {financial_year_label(entry.fy)}, which was rolled over into "
                        f"{financial_year_label(entry.fy + 1)} on {format_date(rolled[entry.fy])}: date it on or after "
                        "then")
    if entry.kind == "rollover" and entry.fy - 1 in rolled:
        _refuse("Roll over from", f"{financial_year_label(entry.fy - 1)} was already rolled over on "
                                  f"{format_date(rolled[entry.fy - 1])}")
    timelines = {p.account: store.holding_timeline(db, entry.agreement_id, p.account)
                 for p in entry.postings if ledger.is_holding(p.account) and p.amount < 0}
    ledger.check_holding(timelines, entry, agreement.financial_years)
    with session.writing():
        entry_id = store.add_entry(db, entry, session.who)
    return Changes.of("fund_entries", "fund_postings", record_id=entry_id)


def record_instalment(session: Session, agreement_id: int, on: date, amount: int, number: int | None = None,
                      memo: str = "") -> Changes:
    """An instalment of the grant received into the holding account."""
    return _record(session, ledger.instalment(agreement_id, on, amount, number, memo))


@dataclass(frozen=True)
class FeeDue:
    """A fee stage a placement has earned and that is not drawn yet."""

    agreement_id: int
    placement: Placement
    stage: str
    due_on: date
    amount: int | None        # None: no fee schedule in force that day
    draw_on: date | None = None   # the day draw_fee dates it when not told: when due, not before the agreement

    def describe(self) -> str:
        from ..domain.formatting import format_money

        money = format_money(self.amount) if self.amount is not None else "no fee schedule in force"
        return (f"{self.placement.unit} with {self.placement.family} (link {self.placement.reference}): "
                f"{ledger.FEE_STAGES[self.stage].lower()}, due {format_date(self.due_on)}, {money}")


def _draw_on(due: date, agreement: FundAgreement, today: date) -> date:
    """When a draw is dated if the worker does not say: the day it fell due, but not before the
    agreement began nor after today."""
    return min(max(due, agreement.starts_on), today)


def _due_on(placement: Placement, stage: str) -> date | None:
    return placement.placed_on if stage == "placement" else ledger.order_fee_due_on(placement)


def draw_fee(session: Session, agreement_id: int, link_id: int, stage: str, on: date | None = None,
             memo: str = "") -> Changes:
    """Draw a placement's fee (one stage) from the holding account, at the schedule in force on the
    day it falls due. Refused for a child not placed with the agency's family, a stage already
    drawn, a stage not yet due, or more than the holding account has. The memo should name no
    one (the ledger cannot be changed): by default it is the link's reference."""
    db = session.database()
    agreement = store.agreement(db, agreement_id)
    try:
        placement = store.placement(db, link_id)
    except KeyError:
        raise HomefinderError("That link no longer exists.") from None
    names = {a.id: a.name for a in store.agreements(db, include_archived=True)}
    problems = ledger.draw_problems(placement, stage, agreement, store.entries(db, None, link_id=link_id), names)
    if problems:
        raise ValidationError(problems)
    due = _due_on(placement, stage)
    on = on or _draw_on(due, agreement, session.today())
    if on < due:
        _refuse("Date", f"is before the fee falls due ({format_date(due)})")
    schedule = ledger.schedule_in_force(store.schedules(db, agreement_id), due)
    if schedule is None:
        _refuse("Fee schedule", f"none is in force on {format_date(due)}: add the fees first")
    amount = schedule.fee(placement.children, stage)
    if amount <= 0:
        _refuse("Fee schedule", f"sets no fee {ledger.FEE_STAGES[stage].lower()} for "
                                f"{ledger.UNIT_SIZES[min(placement.children, 3)].lower()}")
    # The ledger is never changed, so it holds no names: the link reference leads to the child
    # and the family for those who may see them.
    return _record(session, ledger.fee_draw(agreement_id, on, amount, link_id, stage, placement.children,
                                            memo or f"link {placement.reference}"))


def roll_over(session: Session, agreement_id: int, from_fy: int, amount: int | None = None, memo: str = "") -> Changes:
    """Carry what is unspent in one financial year's holding account into the next year's (all of
    it unless `amount` says less), dated 1 April."""
    db = session.database()
    agreement = store.agreement(db, agreement_id)
    if from_fy + 1 not in agreement.financial_years:
        _refuse("Roll over into", f"{financial_year_label(from_fy + 1)} is after the agreement ends "
                                  f"({format_date(agreement.last_day)}): extend “Money may be used until” first")
    if from_fy not in agreement.financial_years:
        _refuse("Roll over from", f"{financial_year_label(from_fy)} is not a year of the agreement")
    left = store.balances(db, agreement_id).get(ledger.holding(from_fy), 0)
    if amount is None:
        amount = left
        if amount <= 0:
            _refuse("Amount", f"nothing is left in the holding account for {financial_year_label(from_fy)} to roll over")
    elif isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        _refuse("Amount", "must be more than £0.00")
    elif amount > left:
        _refuse("Amount", f"only {format_money(left)} is left in the holding account for {financial_year_label(from_fy)}")
    return _record(session, ledger.rollover(agreement_id, from_fy, amount, memo))


def reallocate(session: Session, agreement_id: int, on: date, purpose: str, amount: int | None = None, *,
               salary: int | None = None, memo: str = "") -> Changes:
    """Money taken from the holding account for another agreed purpose. For the link worker give
    the `salary` for the period: the fund pays the council's half, and the agency's half is
    recorded beside it."""
    if purpose == "link_worker" and salary is not None:
        if isinstance(salary, bool) or not isinstance(salary, int) or salary <= 0:
            _refuse("Salary", "must be more than £0.00")
        amount, matched = ledger.split_salary(salary)
    else:
        matched = 0
    if amount is None:
        _refuse("Amount", "is required")
    return _record(session, ledger.reallocation(agreement_id, on, purpose, amount, matched, memo))


def return_money(session: Session, agreement_id: int, on: date, amount: int, memo: str = "") -> Changes:
    return _record(session, ledger.money_returned(agreement_id, on, amount, memo))


def reverse(session: Session, entry_id: int, reason: str, on: date | None = None) -> Changes:
    """Correct a mistaken entry with a linked reversal (the same postings the other way round)."""
    db = session.database()
    original = store.entry(db, entry_id)
    ledger.check_reversal(original, store.reversal_of(db, entry_id) is not None)
    return _record(session, ledger.reversal(original, on or session.today(), reason))


def add_assertion(session: Session, agreement_id: int, on: date, expected: int, note: str = "") -> Changes:
    """The holding balance the agency's statement gives for a day, to check the ledger against."""
    if isinstance(expected, bool) or not isinstance(expected, int):
        _refuse("Balance", "must be an amount of money, e.g. £18,000.00")
    if expected < 0:
        _refuse("Balance", "cannot be below £0.00: the holding account never is")
    if on is None:
        _refuse("Date", "is required")
    if on > session.today():
        _refuse("Date", "is in the future")
    with session.writing():
        assertion_id = store.add_assertion(session.database(), Assertion(agreement_id, on, expected, note.strip()),
                                           session.who)
    return Changes.of("fund_assertions", record_id=assertion_id)


def withdraw_assertion(session: Session, assertion_id: int, reason: str) -> Changes:
    """Take back a balance check that was itself wrong (the agency corrected its statement): it
    leaves the page, and its words, the reason and who withdrew it stay in the History. A check
    that fails because the ledger is wrong is mended by recording the missing entry instead."""
    if not reason.strip():
        _refuse("Reason", "is required: say why the check is withdrawn (e.g. the agency's corrected statement)")
    with session.writing():
        store.withdraw_assertion(session.database(), assertion_id, reason.strip(), session.who)
    return Changes.of("fund_assertions", record_id=assertion_id)


# --- reading ------------------------------------------------------------------------------------------

@reads
def summary(session: Session, agreement_id: int, on: date | None = None, *, fees_owed: bool = True) -> FundSummary:
    """The agreement at a glance as at the end of `on`. `fees_owed=False` leaves out the fees due
    and not drawn (and so what the balance still buys after them): an account of what the ledger
    holds, such as the partnership report's, does not need the walk over every placement."""
    db = session.database()
    on = on or session.today()
    agreement = store.agreement(db, agreement_id)
    schedule = ledger.schedule_in_force(store.schedules(db, agreement_id), on)
    asserted = [a for a in store.assertions(db, agreement_id) if a.on <= on]
    held = store.holding_balances_on(db, agreement_id, [a.on for a in asserted])
    checks = [AssertionResult(a, held[a.on]) for a in asserted]
    year_ago = date.fromordinal(on.toordinal() - 365)
    owed = sum(due.amount or 0 for due in fees_due(session, agreement_id, on)) if fees_owed else 0
    return ledger.summarise(agreement, on, store.balances(db, agreement_id, on), store.movements(db, agreement_id, on),
                            store.children_placed(db, agreement_id, on), schedule,
                            store.fees_between(db, agreement_id, year_ago, on), checks, owed)


@reads
def balance(session: Session, agreement_id: int, on: date | None = None) -> int:
    return store.holding_balance(session.database(), agreement_id, on or session.today())


@reads
def statement(session: Session, agreement_id: int, start: date, end: date) -> Statement:
    db = session.database()
    if start is None or end is None:
        _refuse("Period", "needs a start and an end")
    if end < start:
        _refuse("To", "is before From: the period ends before it starts")
    agreement = store.agreement(db, agreement_id)
    return ledger.statement(agreement, store.statement_lines(db, agreement_id, start, end), start, end,
                            store.holding_balance(db, agreement_id, start, before=True))


@reads
def year_end(session: Session, agreement_id: int, fy: int) -> YearEnd:
    db = session.database()
    start, end = ledger.period_of_year(fy)
    return ledger.year_end(fy, store.holding_balance(db, agreement_id, start, before=True),
                           store.holding_balance(db, agreement_id, end), store.movements(db, agreement_id))


@reads
def entries(session: Session, agreement_id: int, entry_ids: list[int] | None = None) -> list[Entry]:
    """The agreement's entries with their postings, in ledger order (only `entry_ids` when given)."""
    return store.entries(session.database(), agreement_id, entry_ids=entry_ids)


@reads
def fees_due(session: Session, agreement_id: int, on: date | None = None) -> list[FeeDue]:
    """Each stage of each placement with the agency's families that has fallen due by `on` and is
    not drawn: the list the worker confirms draws from."""
    db = session.database()
    on = on or session.today()
    agreement = store.agreement(db, agreement_id)
    schedules_ = store.schedules(db, agreement_id)
    # a stage drawn under another agreement is not due again
    drawn_for = store.drawn_stages(db, on)
    out = []
    for placement in store.placements_owing(db, agreement.agency_id, agreement.starts_on, agreement.last_day,
                                            len(ledger.FEE_STAGES), on):
        drawn = drawn_for.get(placement.link_id, {})
        for stage in ledger.FEE_STAGES:
            due = _due_on(placement, stage)
            if stage in drawn or due is None or due > on:
                continue
            schedule = ledger.schedule_in_force(schedules_, due)
            out.append(FeeDue(agreement_id, placement, stage, due,
                              schedule.fee(placement.children, stage) if schedule else None,
                              _draw_on(due, agreement, session.today())))
    return out


@reads
def fees_due_for_link(session: Session, link_id: int) -> list[FeeDue]:
    """After a placement or an adoption order is recorded: the fees now due for this link, under
    every agreement whose agency's family it is (usually none or one)."""
    db = session.database()
    placement = store.placement(db, link_id)
    return [due for a in store.agreements(db) if a.agency_id == placement.family_agency_id
            for due in fees_due(session, a.id) if due.placement.link_id == link_id]


__all__ = ["agreements", "agreement", "add_agreement", "save_agreement", "schedules", "add_schedule",
           "record_instalment", "draw_fee", "roll_over", "reallocate", "return_money", "reverse", "add_assertion",
           "withdraw_assertion",
           "summary", "balance", "statement", "year_end", "entries", "fees_due", "fees_due_for_link", "FeeDue",
           "FUND_TABLES"]
