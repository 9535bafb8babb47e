"""The fund's rules in plain Python: fees by the size of a group, a shared salary, what a reversal is,
the holding account never below zero on any day, and a year that adds up."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain import fund as ledger
from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement

SCHEDULE = FeeSchedule(date(2025, 5, 1), (FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
                                          FeeRate(2, "placement", 30_000_00), FeeRate(3, "placement", 40_000_00)))
AGREEMENT = FundAgreement(name="Block", agency_id=2, grant=540_000_00, target_placements=20,
                          starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31), id=1)


def numbered(entries):
    return [ledger.Entry(**{**e.__dict__, "id": n}) for n, e in enumerate(entries, 1)]


def test_fees_by_the_size_of_the_group():
    assert SCHEDULE.fee(1, "placement") == 18_000_00 and SCHEDULE.total(1) == 27_000_00
    assert SCHEDULE.fee(2, "placement") == 30_000_00 and SCHEDULE.fee(2, "order") == 0
    assert SCHEDULE.fee(5, "placement") == 40_000_00   # three or more: the same rate


def test_fee_schedule_problems():
    none_for_one = FeeSchedule(date(2026, 1, 1), (FeeRate(2, "placement", 100),))
    assert [str(p) for p in ledger.fee_schedule_problems(none_for_one, [])] == ["Rates: need a fee for one child"]
    assert "already has a fee schedule" in str(ledger.fee_schedule_problems(SCHEDULE, [SCHEDULE])[0])
    assert ledger.schedule_in_force([SCHEDULE], date(2025, 4, 30)) is None
    assert ledger.schedule_in_force([SCHEDULE], date(2025, 5, 1)) is SCHEDULE


def test_a_shared_salary_never_costs_the_fund_more_than_half():
    assert ledger.split_salary(30_000_00) == (15_000_00, 15_000_00)
    assert ledger.split_salary(30_000_01) == (15_000_00, 15_000_01)


def test_each_movement_balances_and_a_reversal_is_its_mirror():
    entries = [ledger.instalment(1, date(2025, 5, 6), 100_00, 1),
               ledger.fee_draw(1, date(2025, 6, 1), 40_00, 7, "placement", 1),
               ledger.reallocation(1, date(2025, 7, 1), "advertising", 10_00),
               ledger.money_returned(1, date(2025, 8, 1), 5_00),
               ledger.rollover(1, 2025, 45_00)]
    for entry in entries:
        assert sum(p.amount for p in entry.postings) == 0
        ledger.check_entry(entry, AGREEMENT, date(2026, 11, 20))
    undo = ledger.reversal(numbered(entries)[1], date(2025, 6, 2), "Wrong placement")
    assert undo.postings == tuple(ledger.Posting(p.account, -p.amount) for p in entries[1].postings)
    assert (undo.reverses_id, undo.fee_stage, undo.link_id) == (2, "placement", 7)
    with pytest.raises(ValidationError, match="Reason: is required"):
        ledger.reversal(numbered(entries)[1], date(2025, 6, 2), " ")
    with pytest.raises(ValidationError, match="a reversal is not reversed"):
        ledger.check_reversal(ledger.Entry(**{**undo.__dict__, "id": 9}), already_reversed=False)
    assert entries[4].on == date(2026, 4, 1) and entries[4].holding_change == 0


def test_the_holding_account_never_goes_below_zero_on_any_day():
    timeline = {ledger.holding(2025): [(date(2025, 5, 6), 1, 100_00), (date(2025, 9, 1), 2, -80_00)]}
    fits_later = ledger.fee_draw(1, date(2025, 10, 1), 20_00, 3, "placement", 1)
    ledger.check_holding(timeline, fits_later)
    too_much = ledger.fee_draw(1, date(2025, 10, 1), 20_01, 3, "placement", 1)
    with pytest.raises(ValidationError, match=r"below £0.00 \(it holds £20.00 before 01/10/2025\)"):
        ledger.check_holding(timeline, too_much)
    # Backdated to a day with money, it would still leave the later draw short:
    backdated = ledger.fee_draw(1, date(2025, 6, 1), 20_01, 3, "placement", 1)
    with pytest.raises(ValidationError, match="it would be -£0.01 on 01/09/2025, when a later entry is paid"):
        ledger.check_holding(timeline, backdated)


def test_a_year_adds_up_and_counts_a_reversal_against_what_it_reverses():
    entries = numbered([ledger.instalment(1, date(2025, 5, 6), 100_00, 1),
                        ledger.fee_draw(1, date(2025, 6, 1), 40_00, 7, "placement", 1),
                        ledger.reallocation(1, date(2025, 7, 1), "link_worker", 10_00, matched=10_00),
                        ledger.money_returned(1, date(2025, 8, 1), 5_00)])
    entries = numbered([*entries, ledger.reversal(entries[1], date(2025, 9, 1), "Wrong"),
                        ledger.rollover(1, 2025, 85_00)])
    moves = ledger.movements_of(entries)
    assert ledger.by_year(moves)[2025] == {"in": 100_00, "fees": 0, "link_worker": 10_00, "advertising": 0,
                                          "returned": 5_00}
    start, end = ledger.period_of_year(2025)
    closing = ledger.holding_total(ledger.balances(entries, end))
    year = ledger.year_end(2025, 0, closing, moves)
    assert (year.instalments, year.fees, year.reallocated, year.returned, year.closing, year.rolled_on) == (
        100_00, 0, 10_00, 5_00, 85_00, 85_00)
    assert year.adds_up


def test_an_entry_outside_the_agreement_or_unbalanced_is_named():
    outside = ledger.instalment(1, date(2027, 4, 1), 100)
    assert [str(p) for p in ledger.entry_problems(outside, AGREEMENT, date(2027, 5, 1))] == [
        "Date: 01/04/2027 is outside the agreement's financial years (2025/26, 2026/27)"]
    lone = ledger.Entry(1, date(2025, 6, 1), "instalment", (ledger.Posting("council", -100),))
    assert "Amount: an entry moves money between at least two accounts" in [
        str(p) for p in ledger.entry_problems(lone, AGREEMENT, date(2026, 1, 1))]
    with pytest.raises(ValidationError, match="Amount: must be more than £0.00"):
        ledger.instalment(1, date(2025, 6, 1), -1)
    with pytest.raises(ValidationError, match="Purpose: must be one of"):
        ledger.reallocation(1, date(2025, 6, 1), "holidays", 100)


def test_forecast_without_fees_or_schedule():
    summary = ledger.summarise(AGREEMENT, date(2026, 11, 20), {"holding:2026": 54_000_00, "council": -54_000_00}, [],
                               0, SCHEDULE, 0)
    assert summary.placements_affordable == 2
    assert summary.forecast == ("The balance of £54,000.00 pays for 2 more children at £27,000.00 each. No fees were "
                                "drawn in the last twelve months, so there is no pace to forecast from.")
    assert ledger.summarise(AGREEMENT, date(2026, 11, 20), {}, [], 0, None, 0).forecast == \
        "No fee schedule: no forecast."


def test_fees_due_but_not_drawn_are_spoken_for_before_counting_what_the_balance_buys():
    held = {"holding:2026": 54_000_00, "council": -54_000_00}
    owing = ledger.summarise(AGREEMENT, date(2026, 11, 20), held, [], 0, SCHEDULE, 0, fees_owed=9_000_00)
    assert owing.balance == 54_000_00  # the balance itself is what the ledger holds
    assert owing.placements_affordable == 1  # £45,000.00 left buys one £27,000.00 placement, not two
    assert owing.forecast.startswith("The balance of £54,000.00, less £9,000.00 in fees due but not yet drawn, "
                                     "pays for 1 more child at £27,000.00 each.")
    more_than_held = ledger.summarise(AGREEMENT, date(2026, 11, 20), held, [], 0, SCHEDULE, 0, fees_owed=60_000_00)
    assert more_than_held.placements_affordable == 0

