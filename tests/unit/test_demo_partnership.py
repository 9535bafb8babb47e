"""The demo tells the partnership's story: the partnership report for the last full financial year
and for the last three has something in every section (children placed, a sibling group of three
among them, links that did not progress for several reasons, matches and links still going on at
31 March, referrals of both kinds, the fund's placements against its target, timeliness), whatever
day the demo is made on; and the children it is told with keep their records in order."""
from __future__ import annotations

from datetime import date

import pytest

from demo_days import demo_made_on
from homefinder_desktop.domain.links import ACTIVE_LINK_STATUSES, Link
from homefinder_desktop.domain.partnership import quick_periods
from homefinder_desktop.domain.records import CHILD_STAGE_ORDER, Child, Family
from homefinder_desktop.services import demo, fund, partnership, records
from homefinder_desktop.storage import records as store

# The first day of a financial year (31 March was yesterday: the matches then are still going on),
# the next week, the middle of a year, its last day, and a leap day two years on.
DAYS = [None, date(2026, 4, 1), date(2026, 4, 8), date(2026, 8, 20), date(2026, 12, 30), date(2027, 3, 31),
        date(2028, 2, 29)]


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: str(day or "today"))
def made(request, tmp_path_factory):
    """The demo as made on each of DAYS (None: the real today), once for all the tests here."""
    session = demo_made_on(request.param, tmp_path_factory.mktemp("demo-partnership"))
    yield session
    session.close()


def _report(session, period: str):
    return partnership.partnership_report(session, *quick_periods(session.today())[period])


def test_every_section_of_the_last_financial_year_has_something_in_it(made):
    report = _report(made, "Last financial year")
    assert not [key for key in ("placed", "not_progressed", "potentially_linked", "exploring", "matches", "referrals",
                                "fund", "timeliness") if report.section_empty(key)]
    placed = report.placed
    assert placed.placements >= 4 and placed.sibling_group_placements >= 2 and placed.girls and placed.boys
    partner = sum(a.children for a in placed.by_agency if a.kind == "partner")
    assert partner >= 5, "most with the partner's families"
    assert len(placed.ages) >= 4, "children of many ages"
    ended = report.not_progressed
    assert ended.links >= 5 and ended.siblings >= 3 and len(ended.by_reason) >= 4
    assert dict(report.matches.by_status)["panel"] >= 1 and dict(report.matches.by_status)["matching"] >= 1
    assert report.exploring.links >= 1
    kinds = {k.kind: dict(k.outcomes) for k in report.referrals}
    assert set(kinds) == {"child", "adopter"}
    assert len({status for outcomes in kinds.values() for status in outcomes}) >= 2, "referrals with outcomes"
    (money,) = report.fund
    assert money.target == 20 and 4 <= money.placed_by_end <= 20 and money.placed_in_period == money.placed_by_end
    assert money.balance_at_end > 0 and money.fees > 0


def test_the_last_three_years_add_a_sibling_group_of_three_and_every_kind_of_family(made):
    report = _report(made, "Last three years")
    assert not [key for key in ("placed", "not_progressed", "potentially_linked", "exploring", "matches", "referrals",
                                "fund", "timeliness") if report.section_empty(key)]
    last_year = _report(made, "Last financial year")
    assert report.placed.placements >= last_year.placed.placements + 2
    assert {a.kind for a in report.placed.by_agency} >= {"own", "partner"}
    start, end = quick_periods(made.today())["Last three years"]
    db = made.database()
    threes = db.execute(
        """SELECT count(*) FROM links l WHERE l.status = 'placed' AND l.status_date BETWEEN ? AND ?
           AND (SELECT count(*) FROM children c WHERE c.sibling_group_id = l.sibling_group_id) = 3""",
        [start.isoformat(), end.isoformat()]).fetchone()[0]
    assert threes >= 1, "a sibling group of three placed together"
    assert report.timeliness.a1.counted >= 10


def test_the_fund_draws_for_the_partners_placements(made):
    (agreement,) = fund.agreements(made)
    summary = fund.summary(made, agreement.id)
    assert summary.children_placed >= 4, "the Fund page reads 8 of 20 placed most of the year, never fewer than 4"
    assert summary.balance > 0
    assert len(fund.fees_due(made, agreement.id)) == 1, "every fee drawn but the latest"


def test_the_childrens_records_and_links_stay_in_order(made):
    """As the demo's own tests check them at the real today, here on every day of DAYS: each child's
    steps in order and in the past, a link going on for each child linked or matched and none for a
    child placed, one link at a time for a family, a child placed once, words for those waiting."""
    today = made.today()
    db = made.database()
    children = records.all_of(made, Child)
    assert len(children) == 60 and len(records.all_of(made, Family)) == 40
    with_link = set(records.child_ids(made, records.RegisterQuery(no_active_link=False)))
    for child in children:
        child.validate(today)
        steps = records.stage_history(made, Child, child.id)
        assert steps[-1].stage == child.stage and steps[-1].date < today and child.date_entered_care <= steps[0].date
        assert [s.date for s in steps] == sorted(s.date for s in steps), child.display_name
        assert [s.stage for s in steps if s.stage != "plan_changed"] == sorted(
            (s.stage for s in steps if s.stage != "plan_changed"), key=CHILD_STAGE_ORDER.index), child.display_name
        linked = child.stage in ("linked", "match_agreed")
        assert linked == (child.id in with_link) or child.stage == "family_finding", child.display_name
        waiting = child.stage in ("agency_decision", "placement_order", "family_finding", "linked")
        assert bool(child.personality) == (waiting or child.sibling_group_id is not None), child.display_name
    families = {f.id: f for f in records.all_of(made, Family)}
    links = store.all_of(db, Link)
    busy = [link.family_id for link in links if link.status in ACTIVE_LINK_STATUSES]
    assert len(busy) == len(set(busy)), "one family, one link going on at a time"
    placed = [(link.child_id, link.sibling_group_id) for link in links if link.status == "placed"]
    assert len(placed) == len(set(placed)), "a child is placed once"
    for link in links:
        link.validate(today)
        assert families[link.family_id].approval_date <= link.identified_on
        steps = store.stage_history(db, Link, link.id)
        assert steps[-1].stage == link.status and steps[-1].date < today
        assert [s.date for s in steps] == sorted(s.date for s in steps)


def test_the_story_went_through_the_use_cases_as_the_demo(made):
    db = made.database()
    for table in ("links", "link_statuses", "child_stages", "referrals", "referral_statuses"):
        who = {r[0] for r in db.execute("SELECT DISTINCT who FROM audit WHERE table_name = ?", [table])}
        assert who == {demo.DEMO_WHO}, table
