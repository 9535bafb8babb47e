"""The upfront fund through its use cases, on a real encrypted database: the GBP 540,000 agreement
paid in three instalments, fees drawn as children are placed with the partner's families, the year
end's rollover, a link worker's salary shared, money returned, reversals; every refusal writing
nothing; and the ledger unchangeable by SQL."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement
from homefinder_desktop.domain.records import StageChange
from homefinder_desktop.services import fund, links, records
from use_case_checks import count, problems
from matrix_people import child, family, link

TODAY = date(2026, 11, 20)
PARTNER = 2
SCHEDULE = FeeSchedule(date(2025, 5, 1), (
    FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
    FeeRate(2, "placement", 30_000_00), FeeRate(2, "order", 15_000_00),
    FeeRate(3, "placement", 40_000_00), FeeRate(3, "order", 20_000_00)))


@pytest.fixture
def deal(s) -> int:
    """The agreement, its fees, and the grant paid in three instalments in 2025/26."""
    agreement = FundAgreement(name="Block of 20 placements", agency_id=PARTNER, grant=540_000_00,
                              target_placements=20, starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31),
                              ends_on=date(2027, 3, 31))
    agreement_id = fund.add_agreement(s, agreement, SCHEDULE).record_id
    for n, on in enumerate((date(2025, 5, 6), date(2025, 9, 1), date(2026, 1, 5)), 1):
        fund.record_instalment(s, agreement_id, on, 180_000_00, n)
    return agreement_id


def placed(s, on=date(2025, 10, 6), agency=PARTNER, name="Brook family") -> int:
    c = child(s, stage_date=date(2025, 6, 1))
    f = family(s, name, agency=agency)
    lk = link(s, c, f, on=date(2025, 9, 1))
    links.place(s, lk, on)
    return lk


def test_instalments_fill_the_holding_account(s, deal):
    summary = fund.summary(s, deal)
    assert summary.balance == 540_000_00 and summary.paid_in == 540_000_00
    assert summary.placements_affordable == 20 and summary.fee_for_one == 27_000_00
    assert summary.by_year[2025]["in"] == 540_000_00
    assert summary.target_words == "0 of 20 children placed (0%)"


def test_a_placement_draws_its_fee_once(s, deal):
    lk = placed(s)
    due = fund.fees_due(s, deal, on=date(2026, 10, 5))
    assert [(d.placement.link_id, d.stage, d.due_on, d.amount) for d in due] == [
        (lk, "placement", date(2025, 10, 6), 18_000_00)]
    fund.draw_fee(s, deal, lk, "placement")
    summary = fund.summary(s, deal)
    assert summary.balance == 522_000_00 and summary.children_placed == 1 and summary.fees == 18_000_00
    before = count(s, "fund_entries"), count(s, "audit")
    assert problems(fund.draw_fee, s, deal, lk, "placement") == [
        f"Stage: the fee at placement for link {records_reference(s, lk)} was already drawn on 06/10/2025"]
    assert (count(s, "fund_entries"), count(s, "audit")) == before


def records_reference(s, link_id) -> str:
    from homefinder_desktop.domain.links import Link
    return records.get(s, Link, link_id).reference


def test_draws_refused_for_a_child_not_placed_with_the_agencys_family(s, deal):
    in_house = placed(s, agency=1, name="Oakley family")
    assert any("is not one of the agency holding this fund" in p
               for p in problems(fund.draw_fee, s, deal, in_house, "placement"))
    waiting = link(s, child(s, "Rose"), family(s, "Reed family", agency=PARTNER))
    assert any("is not placed" in p for p in problems(fund.draw_fee, s, deal, waiting, "placement"))
    assert count(s, "fund_entries") == 3


def test_the_order_fee_falls_due_a_year_after_placement_or_at_the_order(s, deal):
    lk = placed(s, on=date(2025, 10, 6))
    fund.draw_fee(s, deal, lk, "placement")
    assert [d.stage for d in fund.fees_due(s, deal, on=date(2026, 10, 5))] == []
    assert [(d.stage, d.due_on) for d in fund.fees_due(s, deal, on=date(2026, 10, 6))] == [("order", date(2026, 10, 6))]
    # Too early to draw by hand, too:
    assert problems(fund.draw_fee, s, deal, lk, "order", date(2026, 3, 1)) == [
        "Date: is before the fee falls due (06/10/2026)"]


def test_the_order_fee_is_due_at_an_adoption_order_sooner_than_a_year(s, deal):
    lk = placed(s, on=date(2025, 10, 6))
    from homefinder_desktop.domain.links import Link
    child_id = records.get(s, Link, lk).child_id
    records.record_child_stage(s, child_id, StageChange("adoption_order", date(2026, 6, 1)))
    assert [(d.stage, d.due_on) for d in fund.fees_due(s, deal)] == [
        ("placement", date(2025, 10, 6)), ("order", date(2026, 6, 1))]


def test_a_draw_below_zero_is_refused_and_the_year_end_rolls_over(s, deal):
    lk = placed(s, on=date(2026, 5, 4))   # 2026/27: the grant is still in 2025/26's account
    found = problems(fund.draw_fee, s, deal, lk, "placement")
    assert found == ["Amount: would take the holding account 2026/27 below £0.00 (it holds £0.00 before 04/05/2026): "
                     "nothing was recorded. If money is left from 2025/26, roll it over into 2026/27 first."]
    fund.roll_over(s, deal, 2025)
    assert fund.summary(s, deal).balance == 540_000_00    # a rollover changes no total
    fund.draw_fee(s, deal, lk, "placement")
    end = fund.year_end(s, deal, 2025)
    assert (end.opening, end.instalments, end.closing, end.rolled_on) == (0, 540_000_00, 540_000_00, 540_000_00)
    assert end.adds_up
    next_year = fund.year_end(s, deal, 2026)
    assert (next_year.opening, next_year.rolled_in, next_year.fees, next_year.closing) == (
        540_000_00, 540_000_00, 18_000_00, 522_000_00)
    assert next_year.adds_up
    assert problems(fund.roll_over, s, deal, 2026)[0].startswith("Roll over into: 2027/28 is after the agreement ends")


def test_more_than_the_account_holds_is_refused_even_when_a_later_draw_would_be_left_short(s, deal):
    fund.reallocate(s, deal, date(2026, 1, 10), "advertising", 500_000_00)
    assert fund.balance(s, deal) == 40_000_00
    before = count(s, "fund_entries")
    assert problems(fund.reallocate, s, deal, date(2026, 1, 11), "advertising", 40_000_01)[0].startswith(
        "Amount: would take the holding account 2025/26 below £0.00 (it holds £40,000.00 before 11/01/2026)")
    # Backdated before the big reallocation it fits on its day, but would leave that one short.
    assert problems(fund.reallocate, s, deal, date(2025, 12, 1), "advertising", 40_000_01)
    assert count(s, "fund_entries") == before


def test_a_link_workers_salary_is_shared_and_money_returned(s, deal):
    fund.reallocate(s, deal, date(2026, 2, 1), "link_worker", salary=30_000_01, memo="Link worker, Feb to Mar")
    entry = fund.entries(s, deal)[-1]
    assert entry.amount_in("link_worker") == 15_000_00 and entry.matched == 15_000_01
    fund.return_money(s, deal, date(2026, 3, 20), 5_000_00, "Unspent advertising budget")
    summary = fund.summary(s, deal)
    assert summary.reallocated["link_worker"] == 15_000_00 and summary.returned == 5_000_00
    assert summary.balance == 540_000_00 - 15_000_00 - 5_000_00
    assert summary.paid_in == 540_000_00   # the instalments; what went back is its own figure


def test_reversal_corrects_a_mistake_and_is_not_reversed_itself(s, deal):
    lk = placed(s)
    draw = fund.draw_fee(s, deal, lk, "placement").record_id
    undo = fund.reverse(s, draw, "Drawn against the wrong agreement").record_id
    assert fund.balance(s, deal) == 540_000_00 and fund.summary(s, deal).children_placed == 0
    assert problems(fund.reverse, s, draw, "again") == ["Entry: was already reversed"]
    assert problems(fund.reverse, s, undo, "undo the undo")[0].startswith("Entry: is itself a reversal")
    assert [d.stage for d in fund.fees_due(s, deal)] == ["placement", "order"]  # the placement's due again
    # on a day before the reversal the draw stood, so nothing was due then
    assert fund.fees_due(s, deal, on=date(2025, 10, 7)) == []
    fund.draw_fee(s, deal, lk, "placement")   # the stage is free again once its draw is reversed
    assert fund.summary(s, deal).children_placed == 1
    assert fund.fees_due(s, deal, on=date(2025, 10, 7)) == []


def test_what_the_balance_buys_counts_fees_due_and_not_drawn_as_spoken_for(s, deal):
    lk = placed(s, on=date(2025, 10, 6))
    on = date(2026, 1, 6)  # all three instalments in; the order fee not due until 06/10/2026
    before = fund.summary(s, deal, on=on)
    assert (before.balance, before.fees_owed) == (540_000_00, 18_000_00)  # the placement fee, not drawn
    assert before.placements_affordable == 19  # not 20: £18,000.00 of the £540,000.00 is spoken for
    ledger_only = fund.summary(s, deal, on=on, fees_owed=False)  # the partnership report's account
    assert (ledger_only.balance, ledger_only.fees_owed, ledger_only.placements_affordable) == (540_000_00, 0, 20)
    fund.draw_fee(s, deal, lk, "placement")
    after = fund.summary(s, deal, on=on)
    assert (after.fees_owed, after.balance, after.placements_affordable) == (0, 522_000_00, 19)


def test_fees_due_on_a_past_day_are_those_not_drawn_by_then(s, deal):
    lk = placed(s, on=date(2025, 10, 6))
    fund.draw_fee(s, deal, lk, "placement", date(2025, 11, 10))
    # on 01/11/2025 the fee was due and not yet drawn: a draw made later does not change that day
    assert [(d.stage, d.due_on) for d in fund.fees_due(s, deal, on=date(2025, 11, 1))] == [
        ("placement", date(2025, 10, 6))]
    assert fund.summary(s, deal, on=date(2025, 11, 1)).fees_owed == 18_000_00
    assert fund.fees_due(s, deal, on=date(2025, 11, 10)) == []
