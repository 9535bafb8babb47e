"""The upfront fund: a block of placements paid for in advance, kept as a double-entry ledger in
integer pence.

The council pays the partner agency instalments into a separate holding account; a fee is drawn
from it as each child is placed (staged as the fee schedule says); what is unspent at a year's end
is rolled over into the next; part may be reallocated (a link worker's salary, joint advertising)
or returned. Entries are never changed: a mistake is corrected by a linked reversal.

Accounts (what the postings move money between):
  council          the council's grant: paid out as instalments, paid back by a return
  holding:YYYY     the agency's holding account in the financial year starting 1 April YYYY
  fees             fees drawn for placements
  link_worker      reallocated to the link worker's salary (the council's half)
  advertising      reallocated to joint advertising
Every entry's postings sum to zero.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .errors import FieldProblem, ValidationError
from .formatting import financial_year, financial_year_label, format_date, format_money
from .records import Record, _required

COUNCIL, FEES = "council", "fees"
PURPOSES = {"link_worker": "Link worker (the council's half of the salary)", "advertising": "Joint advertising"}
ACCOUNT_WORDS = {COUNCIL: "The council's grant", FEES: "Fees drawn for placements", **PURPOSES}

KINDS = {"instalment": "Instalment received", "fee": "Fee drawn", "rollover": "Rolled over",
         "reallocation": "Reallocated", "return": "Returned to the council", "reversal": "Reversal"}
FEE_STAGES = {"placement": "At placement", "order": "At the adoption order, or a year after placement"}
# A fee schedule's rates are for one child, two, or three or more placed together.
UNIT_SIZES = {1: "One child", 2: "Two brothers or sisters", 3: "Three or more brothers or sisters"}
# The order fee falls due at the adoption order or this long after placement, whichever is first.
ORDER_FEE_AFTER_DAYS = 365


def entry_number(entry_id: int) -> str:
    """An entry's number as statements, the command line and the integrity check show it: E-000123."""
    return f"E-{entry_id:06d}"


def holding(fy: int) -> str:
    return f"holding:{fy}"


def is_holding(account: str) -> bool:
    return account.startswith("holding:")


def account_words(account: str) -> str:
    if is_holding(account):
        return f"Holding account {financial_year_label(int(account.split(':')[1]))}"
    return ACCOUNT_WORDS.get(account, account)


# --- the agreement and its fee schedule -----------------------------------------------------------

@dataclass
class FundAgreement(Record):
    name: str = ""
    agency_id: int | None = None          # the partner agency holding the money
    grant: int = 0                        # pence
    target_placements: int | None = None  # children
    starts_on: date | None = None
    spend_by: date | None = None          # the grant's own deadline
    ends_on: date | None = None           # the last day money may be used (after any rollover)
    notes: str = ""
    archived: bool = False
    id: int | None = None

    LABELS = {"name": "Name", "agency_id": "Agency holding the money", "grant": "Grant",
              "target_placements": "Target placements", "starts_on": "Starts on", "spend_by": "Spend by",
              "ends_on": "Money may be used until", "notes": "Notes"}

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Name", self.name)
        _required(p, "Agency holding the money", self.agency_id)
        if not isinstance(self.grant, int) or self.grant <= 0:
            p.append(FieldProblem("Grant", "must be more than £0.00"))
        if self.target_placements is not None and self.target_placements < 1:
            p.append(FieldProblem("Target placements", "must be at least 1"))
        _required(p, "Starts on", self.starts_on)
        _required(p, "Spend by", self.spend_by)
        if self.starts_on and self.spend_by and self.spend_by < self.starts_on:
            p.append(FieldProblem("Spend by", "is before the agreement starts"))
        if self.ends_on and self.spend_by and self.ends_on < self.spend_by:
            p.append(FieldProblem("Money may be used until", "is before the spend-by date"))
        return p

    @property
    def last_day(self) -> date | None:
        return self.ends_on or self.spend_by

    @property
    def financial_years(self) -> list[int]:
        if not self.starts_on or not self.last_day:
            return []
        return list(range(financial_year(self.starts_on), financial_year(self.last_day) + 1))

    def covers(self, day: date) -> bool:
        return bool(self.starts_on and self.last_day and self.starts_on <= day <= self.last_day)


@dataclass(frozen=True)
class FeeRate:
    children: int    # 1, 2, or 3 (three or more)
    stage: str       # a key of FEE_STAGES
    amount: int      # pence


@dataclass(frozen=True)
class FeeSchedule:
    effective_from: date
    rates: tuple[FeeRate, ...]
    note: str = ""
    id: int | None = None

    def fee(self, children: int, stage: str) -> int:
        size = min(max(children, 1), 3)
        return sum(r.amount for r in self.rates if r.children == size and r.stage == stage)

    def total(self, children: int = 1) -> int:
        return sum(self.fee(children, stage) for stage in FEE_STAGES)


def fee_schedule_problems(schedule: FeeSchedule, existing: Sequence[FeeSchedule]) -> list[FieldProblem]:
    p: list[FieldProblem] = []
    if schedule.effective_from is None:
        p.append(FieldProblem("Takes effect from", "is required"))
    elif any(s.effective_from == schedule.effective_from for s in existing):
        p.append(FieldProblem("Takes effect from", f"already has a fee schedule ({format_date(schedule.effective_from)}):"
                                                   " a new version needs its own date"))
    for rate in schedule.rates:
        label = f"{UNIT_SIZES.get(rate.children, rate.children)}, {FEE_STAGES.get(rate.stage, rate.stage).lower()}"
        if rate.children not in UNIT_SIZES or rate.stage not in FEE_STAGES:
            p.append(FieldProblem("Rates", f"{label}: not a known size or stage"))
        elif not isinstance(rate.amount, int) or rate.amount < 0:
            p.append(FieldProblem(label, "must be £0.00 or more"))
    if not any(r.children == 1 and r.amount > 0 for r in schedule.rates):
        p.append(FieldProblem("Rates", "need a fee for one child"))
    return p


def schedule_in_force(schedules: Iterable[FeeSchedule], on: date) -> FeeSchedule | None:
    found = [s for s in schedules if s.effective_from <= on]
    return max(found, key=lambda s: s.effective_from) if found else None


# --- entries ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Posting:
    account: str
    amount: int   # pence: positive into the account, negative out of it


@dataclass(frozen=True)
class Entry:
    agreement_id: int
    on: date
    kind: str
    postings: tuple[Posting, ...]
    memo: str = ""
    link_id: int | None = None       # a fee: the placement (link) it is for
    fee_stage: str = ""              # a fee: a key of FEE_STAGES
    children: int = 0                # a fee: how many children the placement was
    instalment: int | None = None    # an instalment: its number
    purpose: str = ""                # a reallocation: a key of PURPOSES
    matched: int = 0                 # a link worker's salary: the agency's own half (not from the fund)
    reverses_id: int | None = None
    recorded_by: str = ""
    recorded_at: str = ""
    id: int | None = None

    @property
    def fy(self) -> int:
        return financial_year(self.on)

    def amount_in(self, account: str) -> int:
        return sum(p.amount for p in self.postings if p.account == account)

    @property
    def holding_change(self) -> int:
        return sum(p.amount for p in self.postings if is_holding(p.account))

    @property
    def amount(self) -> int:
        """The size of the movement: what went into the accounts that gained."""
        return sum(p.amount for p in self.postings if p.amount > 0)

    def describe(self) -> str:
        words = KINDS.get(self.kind, self.kind)
        if self.kind == "instalment" and self.instalment:
            words = f"Instalment {self.instalment} received"
        elif self.kind == "fee":
            words = f"Fee drawn {FEE_STAGES.get(self.fee_stage, self.fee_stage).lower()}"
        elif self.kind == "reallocation":
            words = f"Reallocated: {PURPOSES.get(self.purpose, self.purpose)}"
        elif self.kind == "rollover":
            words = f"Rolled over into {financial_year_label(self.fy)}"
        return f"{words}: {self.memo}" if self.memo else words


def _amount_problems(label: str, amount) -> list[FieldProblem]:
    if isinstance(amount, bool) or not isinstance(amount, int):
        return [FieldProblem(label, "must be an amount of money, e.g. £18,000.00")]
    if amount <= 0:
        return [FieldProblem(label, "must be more than £0.00")]
    return []


def entry_problems(entry: Entry, agreement: FundAgreement, today: date) -> list[FieldProblem]:
    """What is wrong with an entry on its own: it balances, every amount is a whole number of pence
    and not zero, it is dated within the agreement's financial years and not in the future."""
    p: list[FieldProblem] = []
    if entry.kind not in KINDS:
        p.append(FieldProblem("Kind", f"must be one of: {', '.join(KINDS.values())}"))
    if entry.on is None:
        p.append(FieldProblem("Date", "is required"))
        return p
    if entry.on > today:
        p.append(FieldProblem("Date", "is in the future"))
    if entry.fy in agreement.financial_years and not agreement.covers(entry.on):
        p.append(FieldProblem("Date", f"{format_date(entry.on)} is outside the agreement ({format_date(agreement.starts_on)}"
                                      f" to {format_date(agreement.last_day)})"))
    if entry.fy not in agreement.financial_years:
        years = ", ".join(financial_year_label(y) for y in agreement.financial_years)
        p.append(FieldProblem("Date", f"{format_date(entry.on)} is outside the agreement's financial years ({years})"))
    if len(entry.postings) < 2:
        p.append(FieldProblem("Amount", "an entry moves money between at least two accounts"))
    for posting in entry.postings:
        if isinstance(posting.amount, bool) or not isinstance(posting.amount, int):
            p.append(FieldProblem("Amount", f"{account_words(posting.account)}: not a whole number of pence"))
        elif posting.amount == 0:
            p.append(FieldProblem("Amount", f"{account_words(posting.account)}: £0.00 moves nothing"))
    if all(isinstance(x.amount, int) for x in entry.postings):
        total = sum(x.amount for x in entry.postings)
        if total != 0:
            p.append(FieldProblem("Amount", f"the entry does not balance: it is out by {format_money(total)}"))
    for posting in entry.postings if entry.fy in agreement.financial_years else ():
        if is_holding(posting.account) and int(posting.account.split(":")[1]) not in agreement.financial_years:
            p.append(FieldProblem("Date", f"{account_words(posting.account)} is outside the agreement"))
    return p


def check_entry(entry: Entry, agreement: FundAgreement, today: date) -> None:
    problems = entry_problems(entry, agreement, today)
    if problems:
        raise ValidationError(problems)


# --- the movements, as entries --------------------------------------------------------------------------

def instalment(agreement_id: int, on: date, amount: int, number: int | None = None, memo: str = "") -> Entry:
    _refuse_amount(amount)
    return Entry(agreement_id, on, "instalment", (Posting(COUNCIL, -amount), Posting(holding(financial_year(on)), amount)),
                 memo, instalment=number)


def fee_draw(agreement_id: int, on: date, amount: int, link_id: int, stage: str, children: int,
             memo: str = "") -> Entry:
    _refuse_amount(amount)
    return Entry(agreement_id, on, "fee", (Posting(holding(financial_year(on)), -amount), Posting(FEES, amount)),
                 memo, link_id=link_id, fee_stage=stage, children=children)


def rollover(agreement_id: int, from_fy: int, amount: int, memo: str = "") -> Entry:
    """The unspent balance of one financial year carried into the next, on its first day."""
    _refuse_amount(amount)
    return Entry(agreement_id, date(from_fy + 1, 4, 1), "rollover",
                 (Posting(holding(from_fy), -amount), Posting(holding(from_fy + 1), amount)), memo)


def reallocation(agreement_id: int, on: date, purpose: str, amount: int, matched: int = 0, memo: str = "") -> Entry:
    """Money taken from the holding account for another purpose. For the link worker, `amount` is
    the council's half of the salary and `matched` the agency's own half (recorded, not drawn)."""
    _refuse_amount(amount)
    if purpose not in PURPOSES:
        raise ValidationError([FieldProblem("Purpose", f"must be one of: {', '.join(PURPOSES.values())}")])
    return Entry(agreement_id, on, "reallocation", (Posting(holding(financial_year(on)), -amount), Posting(purpose, amount)),
                 memo, purpose=purpose, matched=matched)


def money_returned(agreement_id: int, on: date, amount: int, memo: str = "") -> Entry:
    _refuse_amount(amount)
    return Entry(agreement_id, on, "return", (Posting(holding(financial_year(on)), -amount), Posting(COUNCIL, amount)),
                 memo)


def reversal(original: Entry, on: date, reason: str) -> Entry:
    """The linked correction of a mistaken entry: the same postings the other way round."""
    if not reason.strip():
        raise ValidationError([FieldProblem("Reason", "is required: say what was wrong with the entry")])
    def account(a: str) -> str:
        # A year already rolled over has no money left in its own account: the correction is made
        # in the account of the year it is recorded in (a rollover itself is mirrored as it was).
        if is_holding(a) and original.kind != "rollover" and financial_year(on) > int(a.split(":")[1]):
            return holding(financial_year(on))
        return a

    return Entry(original.agreement_id, on, "reversal",
                 tuple(Posting(account(p.account), -p.amount) for p in original.postings),
                 reason.strip(), link_id=original.link_id, fee_stage=original.fee_stage, children=original.children,
                 purpose=original.purpose, reverses_id=original.id)


def _refuse_amount(amount) -> None:
    problems = _amount_problems("Amount", amount)
    if problems:
        raise ValidationError(problems)


def split_salary(salary: int) -> tuple[int, int]:
    """A match-funded salary: the council's half (from the fund) and the agency's; an odd penny is
    the agency's, so the fund never pays more than half."""
    council = salary // 2
    return council, salary - council


# --- rules that need the ledger so far --------------------------------------------------------------

def reversed_ids(entries: Iterable[Entry]) -> set[int]:
    return {e.reverses_id for e in entries if e.reverses_id is not None}


def check_reversal(original: Entry, already_reversed: bool) -> None:
    if original.kind == "reversal":
        raise ValidationError([FieldProblem("Entry", "is itself a reversal: a reversal is not reversed; record the "
                                                     "movement again instead")])
    if already_reversed:
        raise ValidationError([FieldProblem("Entry", "was already reversed")])


def drawn_stages(entries: Sequence[Entry], link_id: int) -> dict[str, Entry]:
    """The fee stages drawn for this placement and not reversed: stage -> the draw."""
    gone = reversed_ids(entries)
    return {e.fee_stage: e for e in entries if e.kind == "fee" and e.link_id == link_id and e.id not in gone}


@dataclass(frozen=True)
class Placement:
    """What a fee draw needs to know of a placement (a link placed)."""

    link_id: int
    reference: str
    unit: str                  # the child's or group's name, for messages
    family: str
    family_agency_id: int | None
    placed_on: date | None     # None when the link is not placed
    children: int
    order_on: date | None = None   # the adoption order, when recorded


def draw_problems(placement: Placement, stage: str, agreement: FundAgreement, entries: Sequence[Entry],
                  agreement_names: Mapping[int, str] | None = None) -> list[FieldProblem]:
    """Whether this stage of this placement's fee may be drawn under `agreement`. `entries`: the
    placement's fee draws and their reversals under every agreement (a stage is paid once, whoever
    pays it). Messages name the link, never the child: they reach the command line's output."""
    p: list[FieldProblem] = []
    link = f"link {placement.reference}"
    if stage not in FEE_STAGES:
        p.append(FieldProblem("Stage", f"must be one of: {', '.join(FEE_STAGES.values())}"))
    if placement.placed_on is None:
        p.append(FieldProblem("Placement", f"{link} is not placed: a fee is drawn only for a placement made"))
    if placement.family_agency_id != agreement.agency_id:
        p.append(FieldProblem("Placement", f"the family of {link} is not one of the agency holding this fund: a fee is "
                                           "drawn only for a child placed with one of its families"))
    if placement.placed_on is not None and not agreement.covers(placement.placed_on):
        p.append(FieldProblem("Placement", f"{link} was placed on {format_date(placement.placed_on)}, outside the "
                                           f"agreement ({format_date(agreement.starts_on)} to "
                                           f"{format_date(agreement.last_day)})"))
    drawn_now = drawn_stages(entries, placement.link_id)
    drawn = drawn_now.get(stage)
    if drawn is not None:
        under = ""
        if drawn.agreement_id != agreement.id and agreement_names:
            under = f" under “{agreement_names.get(drawn.agreement_id, 'another agreement')}”"
        p.append(FieldProblem("Stage", f"the fee {FEE_STAGES.get(stage, stage).lower()} for {link} was already drawn on "
                                       f"{format_date(drawn.on)}{under}"))
    elif stage == "order" and "placement" not in drawn_now and placement.placed_on is not None:
        p.append(FieldProblem("Stage", f"the fee at placement for {link} is not drawn yet: draw it first"))
    return p


def order_fee_due_on(placement: Placement) -> date | None:
    """When the second stage falls due: the adoption order, or a year after placement if sooner."""
    if placement.placed_on is None:
        return None
    year_on = date.fromordinal(placement.placed_on.toordinal() + ORDER_FEE_AFTER_DAYS)
    return min(placement.order_on, year_on) if placement.order_on else year_on


# --- what both partners want to see -------------------------------------------------------------------

def balances(entries: Iterable[Entry], on: date | None = None) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in entries:
        if on is None or e.on <= on:
            for p in e.postings:
                out[p.account] = out.get(p.account, 0) + p.amount
    return out


def holding_total(balance: Mapping[str, int]) -> int:
    return sum(amount for account, amount in balance.items() if is_holding(account))


def check_holding(timeline: Mapping[str, Sequence[tuple[date, int, int]]], new: Entry,
                  years: Sequence[int] = ()) -> None:
    """Refuse an entry that would take a holding account below £0.00 on its date or any later date
    on the ledger (a draw backdated before a later one must not leave that one short).
    `timeline`: for each holding account the new entry touches, its postings so far as
    (date, entry id, amount), in ledger order."""
    for posting in new.postings:
        if not is_holding(posting.account) or posting.amount >= 0:
            continue
        rows = sorted([*timeline.get(posting.account, ()), (new.on, 1 << 62, posting.amount)])
        running, lowest, before, short_on = 0, None, 0, new.on
        for on, _id, amount in rows:
            running += amount
            if on < new.on:
                before = running
            elif lowest is None or running < lowest:
                lowest, short_on = running, on
        if lowest is not None and lowest < 0:
            hint = ""
            fy = int(posting.account.split(":")[1])
            if before == 0 and fy - 1 in years:
                hint = (f" If money is left from {financial_year_label(fy - 1)}, roll it over into "
                        f"{financial_year_label(fy)} first.")
            when = (f"it holds {format_money(before)} before {format_date(new.on)}" if short_on == new.on else
                    f"it would be {format_money(lowest)} on {format_date(short_on)}, when a later entry is paid")
            raise ValidationError([FieldProblem("Amount", f"would take the {account_words(posting.account).lower()} "
                                                          f"below £0.00 ({when}): nothing was recorded.{hint}")])


@dataclass(frozen=True)
class Movement:
    """The ledger summed by financial year, kind (a reversal counted as what it reverses, with
    the opposite sign), purpose and account: what the summaries are made from."""

    fy: int
    kind: str
    purpose: str
    account: str
    amount: int


def base_kind(entry: Entry, reversed_kind: str | None = None) -> str:
    return entry.kind if entry.kind != "reversal" else (reversed_kind or "")


def movements_of(entries: Sequence[Entry]) -> list[Movement]:
    """The same sums the storage makes in SQL, from entries in memory."""
    kinds = {e.id: e.kind for e in entries}
    out: dict[tuple, int] = {}
    for e in entries:
        kind = base_kind(e, kinds.get(e.reverses_id))
        for p in e.postings:
            key = (e.fy, kind, e.purpose, p.account)
            out[key] = out.get(key, 0) + p.amount
    return [Movement(*key, amount) for key, amount in out.items()]


YEAR_COLUMNS = ("in", "fees", "link_worker", "advertising", "returned")


def by_year(movements: Iterable[Movement]) -> dict[int, dict[str, int]]:
    """fy -> money in (instalments), fees, each reallocation, and money returned."""
    out: dict[int, dict[str, int]] = {}
    for m in movements:
        year = out.setdefault(m.fy, dict.fromkeys(YEAR_COLUMNS, 0))
        if m.account != COUNCIL and m.account != FEES and m.account not in PURPOSES:
            continue   # the holding side of each movement: counted from the other side
        if m.kind == "instalment":
            year["in"] -= m.amount
        elif m.kind == "fee":
            year["fees"] += m.amount
        elif m.kind == "reallocation":
            year[m.purpose] += m.amount
        elif m.kind == "return":
            year["returned"] += m.amount
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Assertion:
    """A balance agreed with the agency's own statement, checked against the ledger."""

    agreement_id: int
    on: date
    expected: int
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class AssertionResult:
    assertion: Assertion
    actual: int

    @property
    def holds(self) -> bool:
        return self.actual == self.assertion.expected

    @property
    def difference(self) -> int:
        return self.actual - self.assertion.expected

    def describe(self) -> str:
        head = (f"Holding balance on {format_date(self.assertion.on)}: the agency's statement says "
                f"{format_money(self.assertion.expected)}")
        if self.holds:
            return f"{head}; the ledger agrees."
        more = "more" if self.difference > 0 else "less"
        return (f"{head}; the ledger says {format_money(self.actual)}: DOES NOT AGREE, the ledger holds "
                f"{format_money(abs(self.difference))} {more}.")


@dataclass
class FundSummary:
    agreement: FundAgreement
    on: date
    balance: int                          # the holding accounts together, at the end of `on`
    paid_in: int                          # instalments received (money returned is its own figure)
    fees: int
    reallocated: dict[str, int]           # purpose -> pence
    returned: int
    children_placed: int                  # children with a placement fee drawn
    placements_affordable: int | None     # children the balance still pays for, at one child's full fee, after fees_owed
    fee_for_one: int | None
    by_year: dict[int, dict[str, int]]    # fy -> YEAR_COLUMNS
    checks: list[AssertionResult] = field(default_factory=list)
    forecast: str = ""
    fees_owed: int = 0                    # fees due for children already placed, not yet drawn

    @property
    def target_words(self) -> str:
        target = self.agreement.target_placements
        if not target:
            return f"{self.children_placed} children placed (no target set)"
        return f"{self.children_placed} of {target} children placed ({self.children_placed * 100 // target}%)"

    @property
    def failing_checks(self) -> list[AssertionResult]:
        return [c for c in self.checks if not c.holds]


def summarise(agreement: FundAgreement, on: date, balance_by_account: Mapping[str, int],
              movements: Iterable[Movement], children_placed: int, schedule: FeeSchedule | None,
              recent_fees: int, checks: Sequence[AssertionResult] = (), fees_owed: int = 0) -> FundSummary:
    """Everything both partners want at one glance, as at the end of `on`. `recent_fees`: the fees
    drawn in the twelve months to `on` (the pace the forecast goes on). `fees_owed`: fees already
    due for children placed but not yet drawn: that much of the balance is spoken for, so the
    placements it still buys are counted after them."""
    years = by_year(movements)
    fee_for_one = schedule.total(1) if schedule else None
    balance = holding_total(balance_by_account)
    summary = FundSummary(
        agreement, on, balance, paid_in=sum(y["in"] for y in years.values()), fees=balance_by_account.get(FEES, 0),
        reallocated={p: balance_by_account.get(p, 0) for p in PURPOSES},
        returned=sum(y["returned"] for y in years.values()), children_placed=children_placed,
        placements_affordable=max(balance - fees_owed, 0) // fee_for_one if fee_for_one else None,
        fee_for_one=fee_for_one, by_year=years, checks=list(checks), fees_owed=fees_owed)
    summary.forecast = forecast(summary, recent_fees)
    return summary


def forecast(summary: FundSummary, recent_fees: int) -> str:
    """In plain words: how many more children the balance pays for, and at the pace of the last
    twelve months' fees, whether the money lasts to the agreement's end."""
    if summary.fee_for_one is None:
        return "No fee schedule: no forecast."
    left = summary.placements_affordable or 0
    owed = f", less {format_money(summary.fees_owed)} in fees due but not yet drawn," if summary.fees_owed else ""
    words = (f"The balance of {format_money(summary.balance)}{owed} pays for {left} more "
             f"{'child' if left == 1 else 'children'} at {format_money(summary.fee_for_one)} each.")
    if recent_fees <= 0:
        return words + " No fees were drawn in the last twelve months, so there is no pace to forecast from."
    per_day = recent_fees / 365
    runs_out = date.fromordinal(summary.on.toordinal() + int(summary.balance / per_day))
    words += (f" At the last twelve months' pace ({format_money(recent_fees)} in fees) the money lasts until "
              f"about {format_date(runs_out)}")
    end = summary.agreement.last_day
    if end and runs_out > end:
        unspent = summary.balance - int(per_day * (end - summary.on).days)
        return words + (f", after the agreement ends ({format_date(end)}): about {format_money(max(unspent, 0))} "
                        "would be left unspent then.")
    return words + "."


# --- statements ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementLine:
    entry: Entry
    change: int        # the holding accounts' change
    balance: int       # the holding accounts after it


@dataclass
class Statement:
    agreement: FundAgreement
    start: date
    end: date
    opening: int
    lines: list[StatementLine]
    closing: int

    @property
    def money_in(self) -> int:
        return sum(line.change for line in self.lines if line.change > 0)

    @property
    def money_out(self) -> int:
        return -sum(line.change for line in self.lines if line.change < 0)


def statement(agreement: FundAgreement, lines: Sequence[tuple[Entry, int]], start: date, end: date,
              opening: int) -> Statement:
    """The holding account from `start` to `end`: `lines` are the entries dated in the period, in
    ledger order, each with its change to the holding accounts; `opening` is the balance at the end
    of the day before `start`. A rollover moves money between the years' accounts: no change."""
    if end < start:
        raise ValidationError([FieldProblem("To", "is before From: the period ends before it starts")])
    running, out = opening, []
    for entry, change in lines:
        running += change
        out.append(StatementLine(entry, change, running))
    return Statement(agreement, start, end, opening, out, running)


def period_of_year(fy: int) -> tuple[date, date]:
    return date(fy, 4, 1), date(fy + 1, 3, 31)


@dataclass(frozen=True)
class YearEnd:
    """One financial year of the holding account, as an auditor ticks it: the balance brought
    forward, what came in, what went out, and the balance at the year's end; and what was rolled
    over into this year's account on 1 April and out of it into the next (a rollover moves money
    between the years' accounts, so it changes no total)."""

    fy: int
    opening: int
    instalments: int
    fees: int
    reallocated: int
    returned: int
    closing: int
    rolled_in: int
    rolled_on: int

    @property
    def label(self) -> str:
        return financial_year_label(self.fy)

    @property
    def adds_up(self) -> bool:
        return self.opening + self.instalments - self.fees - self.reallocated - self.returned == self.closing


def year_end(fy: int, opening: int, closing: int, movements: Iterable[Movement]) -> YearEnd:
    """The holding account for the year `fy`: `opening` and `closing` are its balances before 1 April
    and at 31 March; `movements` the ledger's sums (every year: a rollover out of this year's
    account is dated in the next)."""
    movements = list(movements)
    year = by_year(m for m in movements if m.fy == fy).get(fy, dict.fromkeys(YEAR_COLUMNS, 0))
    rolled_in = sum(m.amount for m in movements if m.kind == "rollover" and m.fy == fy and m.account == holding(fy))
    rolled_on = -sum(m.amount for m in movements if m.kind == "rollover" and m.fy == fy + 1
                     and m.account == holding(fy))
    return YearEnd(fy, opening, year["in"], year["fees"], year["link_worker"] + year["advertising"], year["returned"],
                   closing, rolled_in, rolled_on)
