"""The Start page's own reads on a real database: children waiting counted by how long (each band's
edges), and each running fund agreement's balance and placements (the Fund page's summary agrees)."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from dashboard_people import BANDS, TODAY, WAITED_DAYS, waiting_children
from homefinder_desktop.domain.fund import FundAgreement
from homefinder_desktop.domain.waiting import WAITING_BANDS, band_starts, months_before
from homefinder_desktop.services import dashboard, fund


@pytest.fixture
def session(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    return new_session


@pytest.mark.parametrize("day,months,expected", [
    (date(2026, 11, 20), 3, date(2026, 8, 20)),
    (date(2026, 5, 31), 3, date(2026, 2, 28)),   # February has no 31st: its last day
    (date(2024, 5, 31), 3, date(2024, 2, 29)),   # a leap year's
    (date(2026, 1, 15), 1, date(2025, 12, 15)),  # back over the new year
    (date(2026, 11, 20), 18, date(2025, 5, 20)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_band_starts_are_the_last_day_a_child_began_waiting_to_be_in_each():
    starts = dict((band.key, day) for band, day in band_starts(TODAY))
    assert starts == {"under_3": None, "3_to_6": date(2026, 8, 20), "6_to_12": date(2026, 5, 20),
                      "12_to_18": date(2025, 11, 20), "over_18": date(2025, 5, 20)}


def test_waiting_children_are_counted_in_their_bands_at_each_edge(session):
    waiting_children(session)
    rows = dashboard.waiting_by_time(session)
    assert [r.band.key for r in rows] == [b.key for b in WAITING_BANDS]  # every band, in order, none else
    assert {r.band.key: r.children for r in rows} == BANDS
    assert {r.band.key: r.waited_days for r in rows} == WAITED_DAYS


def test_an_empty_band_is_a_zero_and_a_child_with_no_step_is_said(session):
    ids = waiting_children(session)
    # A waiting child whose stage history was lost (an old import): no day they began waiting.
    session.database().execute("DELETE FROM child_stages WHERE child_id = ?", [ids["Gus"]])
    rows = {r.band.key: r.children for r in dashboard.waiting_by_time(session)}
    assert rows["over_18"] == 0
    assert rows["not_recorded"] == 1


def test_no_child_waiting_gives_every_band_at_zero(session):
    assert [(r.band.key, r.children) for r in dashboard.waiting_by_time(session)] == \
        [(b.key, 0) for b in WAITING_BANDS]


def test_no_agreement_is_no_fund_line(session):
    assert dashboard.fund_progress(session) == []


def _agreement(session, **changes) -> int:
    terms = FundAgreement(name="Block of 20 placements", agency_id=2, grant=540_000_00, target_placements=20,
                          starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31))
    return fund.add_agreement(session, dataclasses.replace(terms, **changes)).record_id


def test_a_running_agreement_has_its_balance_today_and_children_placed(session):
    running = _agreement(session)
    fund.record_instalment(session, running, date(2025, 5, 6), 180_000_00, 1)
    fund.record_instalment(session, running, TODAY, 90_000_00, 2)  # today counts
    ended = _agreement(session, name="An older block", starts_on=date(2023, 4, 1), spend_by=date(2024, 3, 31),
                       ends_on=date(2025, 3, 31))
    fund.record_instalment(session, ended, date(2023, 5, 2), 10_000_00, 1)
    [progress] = dashboard.fund_progress(session)
    assert progress.agreement.id == running
    assert (progress.balance, progress.placed) == (270_000_00, 0)


def test_the_fund_page_summary_agrees_on_the_demo(demo_session):
    [progress] = dashboard.fund_progress(demo_session)
    summary = fund.summary(demo_session, progress.agreement.id)
    assert progress.placed > 0 and progress.balance > 0
    assert (progress.balance, progress.placed) == (summary.balance, summary.children_placed)
