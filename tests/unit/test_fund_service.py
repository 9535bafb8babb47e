"""The upfront fund through its use cases, on a real encrypted database: the GBP 540,000 agreement
paid in three instalments, fees drawn as children are placed with the partner's families, the year
end's rollover, a link worker's salary shared, money returned, reversals; every refusal writing
nothing; and the ledger unchangeable by SQL."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain import fund as ledger
from homefinder_desktop.domain.errors import ValidationError
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
def s(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    return new_session


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
    fund.draw_fee(s, deal, lk, "placement")   # the stage is free again once its draw is reversed
    assert fund.summary(s, deal).children_placed == 1


def test_bad_amounts_and_dates_are_refused_with_nothing_written(s, deal):
    before = count(s, "fund_entries"), count(s, "fund_postings"), count(s, "audit")
    assert problems(fund.record_instalment, s, deal, date(2025, 6, 1), -5) == ["Amount: must be more than £0.00"]
    assert problems(fund.record_instalment, s, deal, date(2025, 6, 1), 0) == ["Amount: must be more than £0.00"]
    assert problems(fund.record_instalment, s, deal, date(2025, 6, 1), 12.5) == [
        "Amount: must be an amount of money, e.g. £18,000.00"]
    assert problems(fund.record_instalment, s, deal, date(2025, 6, 1), "1000") == [
        "Amount: must be an amount of money, e.g. £18,000.00"]
    assert problems(fund.record_instalment, s, deal, date(2024, 6, 1), 100) == [
        "Date: 01/06/2024 is outside the agreement's financial years (2025/26, 2026/27)"]
    assert problems(fund.record_instalment, s, deal, date(2026, 12, 1), 100) == ["Date: is in the future"]
    assert (count(s, "fund_entries"), count(s, "fund_postings"), count(s, "audit")) == before


def test_an_unbalanced_entry_is_refused(s, deal):
    agreement = fund.agreement(s, deal)
    lopsided = ledger.Entry(deal, date(2025, 6, 1), "instalment",
                            (ledger.Posting("council", -100), ledger.Posting(ledger.holding(2025), 99)))
    with pytest.raises(ValidationError, match="the entry does not balance: it is out by -£0.01"):
        ledger.check_entry(lopsided, agreement, TODAY)
    from homefinder_desktop.services.fund import _record
    before = count(s, "fund_entries")
    with pytest.raises(ValidationError):
        _record(s, lopsided)
    assert count(s, "fund_entries") == before


def test_the_ledger_cannot_be_changed_or_deleted_by_sql(s, deal):
    db = s.database()
    for sql in ("UPDATE fund_entries SET memo = 'changed'", "DELETE FROM fund_entries",
                "UPDATE fund_postings SET amount = 1", "DELETE FROM fund_postings"):
        with pytest.raises(Exception, match="the fund ledger cannot be changed: record a reversal"):
            db.execute(sql)
    with pytest.raises(Exception):
        db.execute("INSERT INTO fund_postings (entry_id, account, amount) VALUES (1, 'fees', 0)")
    assert fund.balance(s, deal) == 540_000_00


def test_balance_checks_agreed_with_the_agency_are_shown_when_they_fail(s, deal):
    fund.add_assertion(s, deal, date(2025, 9, 30), 360_000_00, "Agency statement, September")
    fund.add_assertion(s, deal, date(2026, 1, 31), 530_000_00, "Agency statement, January")
    checks = fund.summary(s, deal).checks
    assert [c.holds for c in checks] == [True, False]
    assert checks[1].describe() == ("Holding balance on 31/01/2026: the agency's statement says £530,000.00; the ledger "
                                    "says £540,000.00: DOES NOT AGREE, the ledger holds £10,000.00 more.")
    assert fund.summary(s, deal).failing_checks == [checks[1]]


def test_statement_has_a_running_balance_that_adds_up(s, deal):
    lk = placed(s)
    fund.draw_fee(s, deal, lk, "placement")
    st = fund.statement(s, deal, date(2025, 9, 1), date(2026, 3, 31))
    assert st.opening == 180_000_00
    assert [(line.entry.kind, line.change, line.balance) for line in st.lines] == [
        ("instalment", 180_000_00, 360_000_00), ("fee", -18_000_00, 342_000_00), ("instalment", 180_000_00, 522_000_00)]
    assert st.closing == 522_000_00 and st.money_in == 360_000_00 and st.money_out == 18_000_00
    assert problems(fund.statement, s, deal, date(2026, 3, 31), date(2025, 9, 1)) == [
        "To: is before From: the period ends before it starts"]


def test_forecast_in_words(s, deal):
    lk = placed(s, on=date(2026, 1, 5))
    fund.draw_fee(s, deal, lk, "placement")
    words = fund.summary(s, deal).forecast
    assert words.startswith("The balance of £522,000.00 pays for 19 more children at £27,000.00 each.")
    assert "the money lasts until about" in words and "after the agreement ends (31/03/2027)" in words


def test_agreement_refusals(s):
    bad = FundAgreement(name="", agency_id=1, grant=0, starts_on=date(2025, 5, 1), spend_by=date(2025, 4, 1))
    found = problems(fund.add_agreement, s, bad)
    assert found == ["Name: is required", "Grant: must be more than £0.00", "Spend by: is before the agreement starts"]
    own = FundAgreement(name="Block", agency_id=1, grant=100, starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31))
    assert problems(fund.add_agreement, s, own) == [
        "Agency holding the money: is the council itself: the fund is held by the partner agency"]
    assert count(s, "fund_agreements") == 0


def test_the_ledger_holds_no_names(s, deal):
    lk = placed(s)
    fund.draw_fee(s, deal, lk, "placement")
    draw = next(e for e in fund.entries(s, deal) if e.kind == "fee")
    assert draw.memo == f"link {records_reference(s, lk)}"
    assert "Ashworth" not in draw.describe() and "Brook" not in draw.describe()


def second_agreement(s) -> int:
    other = FundAgreement(name="Older children pilot", agency_id=PARTNER, grant=100_000_00, target_placements=4,
                          starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31))
    agreement_id = fund.add_agreement(s, other, SCHEDULE).record_id
    fund.record_instalment(s, agreement_id, date(2025, 6, 2), 100_000_00, 1)
    return agreement_id


def test_a_stage_is_paid_once_whichever_agreement_pays_it(s, deal):
    lk = placed(s)
    other = second_agreement(s)
    fund.draw_fee(s, deal, lk, "placement")
    assert problems(fund.draw_fee, s, other, lk, "placement") == [
        f"Stage: the fee at placement for link {records_reference(s, lk)} was already drawn on 06/10/2025 under "
        "“Block of 20 placements”"]
    assert [d.stage for d in fund.fees_due(s, other)] == ["order"]


def test_the_order_fee_comes_after_the_placement_fee(s, deal):
    lk = placed(s)
    assert problems(fund.draw_fee, s, deal, lk, "order") == [
        f"Stage: the fee at placement for link {records_reference(s, lk)} is not drawn yet: draw it first"]


def test_a_rolled_over_year_is_closed(s, deal):
    lk = placed(s)
    draw = fund.draw_fee(s, deal, lk, "placement").record_id
    fund.roll_over(s, deal, 2025)
    assert problems(fund.roll_over, s, deal, 2025)[0].startswith("Amount: nothing is left")
    assert problems(fund.return_money, s, deal, date(2026, 2, 1), 100) == [
        "Date: 01/02/2026 is in 2025/26, which was rolled over into 2026/27 on 01/04/2026: date it on or after then"]
    # A fee of a closed year reversed now comes back into this year's account: nothing is stranded.
    fund.reverse(s, draw, "Drawn for the wrong stage")
    balances = fund.summary(s, deal).balance
    assert balances == 540_000_00
    from homefinder_desktop.storage import fund as store
    assert store.balances(s.database(), deal).get(ledger.holding(2025), 0) == 0


def test_rollover_amounts_and_years(s, deal):
    assert problems(fund.roll_over, s, deal, 2025, -5) == ["Amount: must be more than £0.00"]
    assert problems(fund.roll_over, s, deal, 2025, 540_000_01) == [
        "Amount: only £540,000.00 is left in the holding account for 2025/26"]
    assert problems(fund.roll_over, s, deal, 2024) == ["Roll over from: 2024/25 is not a year of the agreement"]


def test_entries_before_the_agreement_starts_and_negative_checks_are_refused(s, deal):
    assert problems(fund.record_instalment, s, deal, date(2025, 4, 10), 100) == [
        "Date: 10/04/2025 is outside the agreement (01/05/2025 to 31/03/2027)"]
    assert problems(fund.add_assertion, s, deal, date(2025, 9, 30), -500) == [
        "Balance: cannot be below £0.00: the holding account never is"]


def test_a_wrong_balance_check_is_withdrawn_with_its_reason_kept(s, deal):
    wrong = fund.add_assertion(s, deal, date(2026, 1, 31), 530_000_00, "Agency statement, January").record_id
    assert problems(fund.withdraw_assertion, s, wrong, " ")[0].startswith("Reason: is required")
    assert len(fund.summary(s, deal).failing_checks) == 1
    fund.withdraw_assertion(s, wrong, "The agency's corrected statement says £540,000.00")
    assert fund.summary(s, deal).checks == []
    history = s.database().execute("SELECT changes FROM audit WHERE table_name = 'fund_assertions' "
                                   "AND action = 'update'").fetchone()[0]
    assert "withdrawn: The agency's corrected statement says £540,000.00" in history


def test_the_agreement_cannot_be_moved_off_its_entries(s, deal):
    later = fund.agreement(s, deal)
    later.starts_on = date(2025, 6, 1)   # the first instalment was received on 06/05/2025
    assert problems(fund.save_agreement, s, later) == [
        "Starts on: would leave an entry outside the agreement (the first on 06/05/2025)"]
