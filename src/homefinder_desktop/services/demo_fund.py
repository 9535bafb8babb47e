"""The demo's upfront fund, so a newcomer sees the ledger at work. The council paid the partner
agency £540,000 up front, in three instalments in the last financial year, for a block of 20
placements; the agency draws a fee as each child is placed with one of its families (the demo's own
placements, stage by stage as each fell due, the latest left on the Fees due list); a mistaken
entry is corrected by a reversal; what was unspent rolled over on 1 April into this year; part of
it went to a match-funded link worker and to joint advertising; two of the agency's statements
agree with the ledger and the latest does not. Made through the fund's use cases, so every write
is in the history. All fictional; dated relative to the demo's today, the same every time."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ..domain.errors import ValidationError
from ..domain.formatting import financial_year, financial_year_label, format_money
from ..domain.fund import FeeRate, FeeSchedule, FundAgreement
from ..domain.records import Agency
from . import fund, records
from .session import Session

GRANT = 540_000_00
INSTALMENT = GRANT // 3
TARGET = 20
LINK_WORKER_SALARY = 32_000_00   # the year's salary: the fund pays the council's half
ADVERTISING = 12_500_00
# A demo as large as the benchmarks' has thousands of placements: it draws for the first few only
# (as many as the money then held allows), and the rest stay due. The demo's own (its partnership
# story places about ten children with the agency's families in the fund's years, each with two
# stages) are all drawn.
MOST_DRAWS = 30

FIRST_RATES = (
    FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
    FeeRate(2, "placement", 30_000_00), FeeRate(2, "order", 15_000_00),
    FeeRate(3, "placement", 40_000_00), FeeRate(3, "order", 20_000_00))
FIRST_NOTE = "As agreed at the start: £27,000 for a child placed alone, less a child for brothers and sisters together"
SIBLING_RATES = (
    FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
    FeeRate(2, "placement", 34_000_00), FeeRate(2, "order", 17_000_00),
    FeeRate(3, "placement", 46_000_00), FeeRate(3, "order", 23_000_00))
SIBLING_NOTE = ("Sibling-group rates raised at the strategic meeting: brothers and sisters wait longest "
                "and take the agency's families longer to prepare")

# Not strftime's %B: its month names follow the computer's language.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

Event = tuple[date, int, str, Callable[[], int | None]]   # (date, order on the day, name, what records it)


def _partner_id(session: Session) -> int:
    return next(a.id for a in records.all_of(session, Agency) if a.kind == "partner")


def _month_end_before(today: date, not_before: date) -> date:
    """The day of the agency's latest statement: the last day of last month; early in the year the
    day before today; never before `not_before` nor after today."""
    latest = date(today.year, today.month, 1) - timedelta(days=1)
    if latest < not_before:
        latest = today - timedelta(days=1)
    return min(today, max(not_before, latest))


def add_fund(session: Session) -> int:
    """Add the demo's agreement and its ledger to a demo database just made (after its links), in
    one transaction. Returns how many entries were recorded."""
    today = session.today()
    this_year = financial_year(today)
    grant_year = this_year - 1
    with session.writing():
        agreement_id = fund.add_agreement(session, FundAgreement(
            name=f"Block of {TARGET} placements ({financial_year_label(grant_year)} grant)",
            agency_id=_partner_id(session), grant=GRANT, target_placements=TARGET,
            starts_on=date(grant_year, 4, 1), spend_by=date(this_year, 3, 31), ends_on=date(this_year + 1, 3, 31),
            notes=f"The council's Adoption Improvement Grant, paid to {session.partner_name} up front in three "
                  f"instalments for a block of {TARGET} placements. The agency keeps it in a separate holding "
                  "account and draws a fee only as each child is placed with one of its families. What is "
                  f"unspent on 31 March {this_year} may be rolled over and used until 31 March {this_year + 1}."),
            FeeSchedule(date(grant_year, 4, 1), FIRST_RATES, FIRST_NOTE)).record_id
        fund.add_schedule(session, agreement_id, FeeSchedule(date(grant_year, 10, 1), SIBLING_RATES, SIBLING_NOTE))
        ids: dict[str, int] = {}
        # In date order, so no entry is backdated under a later one, and the rollover carries
        # everything the grant year had left.
        for _on, _order, name, record in sorted(_movements(session, agreement_id, grant_year, ids),
                                                key=lambda event: event[:2]):
            entry_id = record()
            if entry_id is not None:
                ids[name] = entry_id
        _balance_checks(session, agreement_id, grant_year)
    return len(ids)


def _movements(session: Session, agreement_id: int, grant_year: int, ids: dict[str, int]) -> list[Event]:
    """Every movement on the ledger; `ids` holds the entries recorded so far (the reversal needs
    the mistaken one's)."""
    year = financial_year_label(grant_year)
    rolled_on = date(grant_year + 1, 4, 1)
    statement_on = _month_end_before(session.today(), rolled_on)

    def instalment(on: date, number: int) -> Callable[[], int]:
        return lambda: fund.record_instalment(session, agreement_id, on, INSTALMENT, number,
                                              f"Adoption Improvement Grant {year}, by BACS").record_id

    events: list[Event] = [(on, 0, f"instalment {n}", instalment(on, n)) for n, on in
                           enumerate((date(grant_year, 4, 1), date(grant_year, 9, 1), date(grant_year + 1, 1, 5)), 1)]
    # The same payment entered twice, and put right a week later.
    twice, put_right = date(grant_year, 9, 1), date(grant_year, 9, 8)
    events += [
        (twice, 1, "entered twice", instalment(twice, 2)),
        (put_right, 0, "reversal", lambda: fund.reverse(
            session, ids["entered twice"], "Entered twice: instalment 2 was received once (the bank statement "
                                           "shows one payment)", put_right).record_id),
        (rolled_on, -1, "rollover", lambda: fund.roll_over(
            session, agreement_id, grant_year, memo=f"What was unspent on 31 March {grant_year + 1}, as the "
                                                    "agreement allows").record_id)]
    link_worker_on = min(date(rolled_on.year, 6, 30), statement_on)
    advertising_on = min(date(rolled_on.year, 9, 15), statement_on)
    events += [
        (link_worker_on, 1, "link worker", lambda: fund.reallocate(
            session, agreement_id, link_worker_on, "link_worker", salary=LINK_WORKER_SALARY,
            memo=f"Salary for {financial_year_label(grant_year + 1)}, {format_money(LINK_WORKER_SALARY)}: the agency "
                 "matches the other half").record_id),
        (advertising_on, 2, "advertising", lambda: fund.reallocate(
            session, agreement_id, advertising_on, "advertising", ADVERTISING,
            memo="For older children and sibling groups: a feature in an adopters' magazine and an "
                 "information evening").record_id)]
    for n, due in enumerate(_fees_to_draw(session, agreement_id), 1):
        events.append((due.due_on, 3, f"fee {n}", lambda due=due: _draw(session, agreement_id, due)))
    return events


def _draw(session: Session, agreement_id: int, due: fund.FeeDue) -> int | None:
    try:
        return fund.draw_fee(session, agreement_id, due.placement.link_id, due.stage).record_id
    except ValidationError:
        return None   # more than the holding account then held: it stays due


def _fees_to_draw(session: Session, agreement_id: int) -> list[fund.FeeDue]:
    """Every stage fallen due by today but the latest, which stays on the Fees due list."""
    due = sorted(fund.fees_due(session, agreement_id), key=lambda d: (d.due_on, d.placement.link_id, d.stage))
    return due[:-1][:MOST_DRAWS]


def _balance_checks(session: Session, agreement_id: int, grant_year: int) -> None:
    """Two of the agency's statements agree with the ledger; the latest leaves out the advertising,
    so the summary shows how a disagreement reads."""
    year_end = f"Agency statement at the year end, {financial_year_label(grant_year)}"
    for on, note in ((date(grant_year, 9, 30), f"Agency statement, September {grant_year}"),
                     (date(grant_year + 1, 3, 31), year_end)):
        fund.add_assertion(session, agreement_id, on, fund.balance(session, agreement_id, on), note)
    on = _month_end_before(session.today(), date(grant_year + 1, 4, 1))
    fund.add_assertion(session, agreement_id, on, fund.balance(session, agreement_id, on) + ADVERTISING,
                       f"Agency statement, {MONTHS[on.month - 1]} {on.year}: to be reconciled")
