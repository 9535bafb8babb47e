"""Archiving a child adopted years ago (what the guide says archive is for) does not change what
happened then: the scorecard for a past period counts them, as the partnership report's placements
do; a child still waiting who is archived is no longer offered for a what-if."""
from __future__ import annotations

from homefinder_desktop.domain.records import Child
from homefinder_desktop.domain.timeliness import last_three_years
from homefinder_desktop.services import partnership, records, timeliness


def test_an_archived_child_still_counts_in_the_period_they_moved_in(demo_session):
    s = demo_session
    period = last_three_years(s.today())  # the demo's story is told relative to today
    before = timeliness.cohort_for(s, *period)
    placed_before = partnership.partnership_report(s, *period).placed.children
    moved = next(d for d, m in before.per_child if m["a1"] is not None)
    records.archive(s, Child, moved.child_id)
    after = timeliness.cohort_for(s, *period)
    assert {k: (r.counted, r.average) for k, r in after.results.items()} == \
        {k: (r.counted, r.average) for k, r in before.results.items()}
    assert moved.child_id in [d.child_id for d, _m in after.per_child]
    report = partnership.partnership_report(s, *period)
    assert report.placed.children == placed_before
    assert report.timeliness.a1.counted == before.results["a1"].counted


def test_an_archived_waiting_child_is_not_offered_for_a_what_if(demo_session):
    s = demo_session
    waiting = timeliness.waiting_children(s)
    records.archive(s, Child, waiting[0].child_id)
    assert waiting[0].child_id not in [d.child_id for d in timeliness.waiting_children(s)]
