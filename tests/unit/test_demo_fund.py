"""The demo's upfront fund: one agreement paid in three instalments in the last financial year,
fees drawn for the demo's placements with the partner's families (one stage still due), a mistaken
entry reversed, the rollover on 1 April, a link worker's salary shared and joint advertising, and
three of the agency's statements of which one does not agree; whatever day the demo is made on."""
from __future__ import annotations

from datetime import date

import pytest

from demo_days import demo_made_on
from homefinder_desktop.domain import fund as ledger
from homefinder_desktop.domain.formatting import financial_year
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import demo, fund, records
from homefinder_desktop.storage import fund as fund_store

# The first and last days of a financial year, the week before the demo's earliest placement with
# a partner family falls inside the agreement, the day it does, mid-year, and a leap day.
DAYS = [None, date(2026, 4, 1), date(2026, 4, 7), date(2026, 4, 8), date(2026, 7, 15), date(2027, 3, 31),
        date(2028, 2, 29)]


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: str(day or "today"))
def made(request, tmp_path_factory):
    """The demo as made on each of DAYS (None: the real today), once for all the tests here."""
    session = demo_made_on(request.param, tmp_path_factory.mktemp("demo-fund"))
    yield session
    session.close()


def _agreement(session):
    found = fund.agreements(session)
    assert len(found) == 1
    return found[0]


def _live(entries):
    gone = ledger.reversed_ids(entries)
    return [e for e in entries if e.kind != "reversal" and e.id not in gone]


def test_the_agreement_runs_from_last_year_to_the_end_of_this_one(made):
    agreement = _agreement(made)
    this_year = financial_year(made.today())
    assert agreement.grant == 540_000_00 and agreement.target_placements == 20
    assert agreement.starts_on == date(this_year - 1, 4, 1)
    assert agreement.spend_by == date(this_year, 3, 31) and agreement.ends_on == date(this_year + 1, 3, 31)
    first, second = fund.schedules(made, agreement.id)
    assert first.effective_from == agreement.starts_on < second.effective_from <= made.today()
    assert first.fee(1, "placement") == 18_000_00 and first.fee(1, "order") == 9_000_00
    assert first.total(1) == second.total(1) == 27_000_00, "one child's fee did not change"
    assert first.total(2) < second.total(2) and first.total(3) < second.total(3), "the sibling-group rates did"


def test_three_instalments_a_reversal_a_rollover_and_both_reallocations(made):
    agreement = _agreement(made)
    this_year = financial_year(made.today())
    entries = fund.entries(made, agreement.id)
    live = _live(entries)
    assert all(e.on <= made.today() for e in entries)
    assert all(agreement.covers(e.on) for e in entries)
    instalments = [e for e in live if e.kind == "instalment"]
    assert [e.instalment for e in instalments] == [1, 2, 3]
    assert sum(e.amount for e in instalments) == 540_000_00 and {e.fy for e in instalments} == {this_year - 1}
    reversals = [e for e in entries if e.kind == "reversal"]
    assert len(reversals) == 1 and reversals[0].memo.startswith("Entered twice")
    mistaken = next(e for e in entries if e.id == reversals[0].reverses_id)
    assert mistaken.kind == "instalment" and mistaken.on <= reversals[0].on
    assert [(p.account, -p.amount) for p in reversals[0].postings] == [(p.account, p.amount) for p in mistaken.postings]
    rollovers = [e for e in live if e.kind == "rollover"]
    assert len(rollovers) == 1 and rollovers[0].on == date(this_year, 4, 1)
    carried = rollovers[0].amount_in(ledger.holding(this_year))
    assert carried == -rollovers[0].amount_in(ledger.holding(this_year - 1)) > 0
    assert sum(e.amount_in(ledger.holding(this_year - 1)) for e in entries) == 0, "all that was left rolled over"
    worker, advertising = (next(e for e in live if e.purpose == purpose) for purpose in ("link_worker", "advertising"))
    assert worker.amount == worker.matched > 0, "the salary shared: the agency matches the council's half"
    assert advertising.amount > 0
    assert worker.on >= rollovers[0].on and advertising.on >= rollovers[0].on, "reallocated from the money rolled over"


def test_fees_drawn_for_the_partners_placements_and_one_still_due(made):
    agreement = _agreement(made)
    live = _live(fund.entries(made, agreement.id))
    fees = [e for e in live if e.kind == "fee"]
    due = fund.fees_due(made, agreement.id)
    assert fees, "at least one fee drawn"
    assert len(due) == 1, "the Fees due list is short but not empty"
    assert all(due[0].due_on >= fee.on for fee in fees), "the stage left due is the latest to fall due"
    schedules = fund.schedules(made, agreement.id)
    for fee in fees:
        placement = fund_store.placement(made.database(), fee.link_id)
        assert placement.family_agency_id == agreement.agency_id and agreement.covers(placement.placed_on)
        due_on = placement.placed_on if fee.fee_stage == "placement" else ledger.order_fee_due_on(placement)
        assert fee.on == due_on
        assert fee.amount == ledger.schedule_in_force(schedules, due_on).fee(placement.children, fee.fee_stage)
    assert due[0].amount is not None and due[0].amount > 0
    summary = fund.summary(made, agreement.id)
    assert summary.children_placed == sum(e.children for e in fees if e.fee_stage == "placement") >= 1


def test_two_statements_agree_and_the_latest_does_not(made):
    agreement = _agreement(made)
    checks = fund.summary(made, agreement.id).checks
    assert [c.holds for c in checks] == [True, True, False]
    failing = checks[-1]
    assert failing.assertion.note.endswith(": to be reconciled") and failing.assertion.on <= made.today()
    assert "DOES NOT AGREE" in failing.describe()
    advertising = next(e for e in fund.entries(made, agreement.id) if e.purpose == "advertising")
    assert failing.difference == -advertising.amount, "the agency's statement leaves out the advertising"


def test_the_summary_adds_up(made):
    agreement = _agreement(made)
    summary = fund.summary(made, agreement.id)
    paid_in = sum(year["in"] for year in summary.by_year.values())
    assert paid_in == 540_000_00
    assert summary.balance == paid_in - summary.fees - sum(summary.reallocated.values()) - summary.returned
    assert summary.paid_in == paid_in - summary.returned
    assert summary.balance == fund.balance(made, agreement.id) > 0
    live = _live(fund.entries(made, agreement.id))
    assert summary.fees == sum(e.amount for e in live if e.kind == "fee")
    assert summary.reallocated == {p: sum(e.amount for e in live if e.purpose == p) for p in ledger.PURPOSES}
    for fy in agreement.financial_years:
        assert fund.year_end(made, agreement.id, fy).adds_up
        start, end = ledger.period_of_year(fy)
        statement = fund.statement(made, agreement.id, start, min(end, made.today()))
        assert statement.opening + statement.money_in - statement.money_out == statement.closing
    assert statement.closing == summary.balance


def test_the_fund_went_through_the_use_cases_and_names_no_child(made):
    db = made.database()
    for table in fund.FUND_TABLES:
        who = {r[0] for r in db.execute("SELECT DISTINCT who FROM audit WHERE table_name = ?", [table])}
        assert who == {demo.DEMO_WHO}, table
    agreement = _agreement(made)
    words = [agreement.name, agreement.notes] + [e.memo for e in fund.entries(made, agreement.id)]
    words += [c.assertion.note for c in fund.summary(made, agreement.id).checks]
    names = {c.first_name for c in records.all_of(made, Child)} | {c.last_name for c in records.all_of(made, Child)}
    assert not [(name, text) for text in words for name in names if name in text]
