"""The demo tells the scorecard's stories over the last three financial years: measures some
within and some over the thresholds, a child adopted by her foster carers (A10), one matched
before the placement order (A2 = 0), one placed without an order (left out of A2), judged against
the council's own threshold set; and every child still passes the record's own checks."""
from __future__ import annotations

from homefinder_desktop.domain.records import Child
from homefinder_desktop.domain.timeliness import last_three_years
from homefinder_desktop.services import records, timeliness


def test_the_demo_shows_timeliness(demo_session):
    start, end = last_three_years(demo_session.today())
    found = timeliness.cohort_for(demo_session, start, end)
    assert found.threshold.name == f"Northshire target {start.year}–{(start.year + 3) % 100:02d}"
    assert found.threshold.period == (start, end) and found.problems == []
    measures = [m for _d, m in found.per_child]
    a1 = [m["a1"] for m in measures if m["a1"] is not None]
    a2 = [m["a2"] for m in measures if m["a2"] is not None]
    assert len(a1) >= 6 and any(v <= 426 for v in a1) and any(v > 426 for v in a1)
    assert 0 in a2 and any(v > 121 for v in a2)
    assert all(200 <= v <= 900 for v in a1), "plausible waits"
    adopting = [(d, m) for d, m in found.per_child if d.foster_carers_adopt]
    assert len(adopting) == 1 and adopting[0][1]["a10"] < adopting[0][1]["a1"] - 365
    assert list(found.left_out.values()) == ["A2: no placement order"]
    assert found.results["a10"].average < found.results["a1"].average


def test_the_stories_keep_every_childs_record_and_history_in_order(demo_session):
    today = demo_session.today()
    for child in records.all_of(demo_session, Child):
        child.validate(today)
        steps = records.stage_history(demo_session, Child, child.id)
        orders = [s.date for s in steps if s.stage == "placement_order"]
        if orders:
            assert child.placement_order_date == orders[0], child.display_name
        assert child.date_entered_care <= steps[0].date  # in care by the agency decision
