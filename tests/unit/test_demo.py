"""The demo data set: fictional, plausible, the same every time."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.formatting import financial_year
from homefinder_desktop.domain.records import CHILD_STAGE_ORDER, Agency, Child, Family
from homefinder_desktop.services import demo, records


def _snapshot(session):
    children = [(c.first_name, c.last_name, c.date_of_birth, c.stage) for c in records.all_of(session, Child)]
    families = [(f.name, f.stage) for f in records.all_of(session, Family)]
    return children, families


def test_same_seed_same_data(tmp_path):
    a = demo.create_demo(tmp_path / "a.hfdb")
    b = demo.create_demo(tmp_path / "b.hfdb")
    try:
        assert _snapshot(a) == _snapshot(b)
    finally:
        a.close()
        b.close()


def test_demo_is_varied_and_plausible(demo_session):
    today = demo_session.today()
    children = records.all_of(demo_session, Child)
    families = records.all_of(demo_session, Family)
    assert len(children) == 60 and len(families) == 40
    ages = {(today - c.date_of_birth).days // 365 for c in children}
    assert min(ages) <= 1 and max(ages) >= 6, "children of many ages"
    assert {c.sex for c in children} == {"F", "M"}
    assert sum(1 for c in children if c.sibling_group_id) >= 6, "sibling groups"
    kinds = {a.id: a.kind for a in records.all_of(demo_session, Agency)}
    assert {kinds[f.agency_id] for f in families} == {"own", "partner", "other"}
    years = {financial_year(c.stage_date) for c in children}
    assert len(years) >= 3, "dates spread over several financial years"
    for c in children:
        assert c.date_of_birth <= c.date_entered_care <= today
        steps = records.stage_history(demo_session, Child, c.id)
        assert steps[-1].stage == c.stage
        assert [s.date for s in steps] == sorted(s.date for s in steps)
        assert all(s.date <= today for s in steps)
        ordered = [s.stage for s in steps if s.stage != "plan_changed"]
        assert ordered == sorted(ordered, key=CHILD_STAGE_ORDER.index)
    for f in families:
        if f.stage == "approved":
            assert f.approval_date is not None


def test_demo_is_marked_and_audited(demo_session):
    assert demo_session.is_demo
    first = records.all_of(demo_session, Child)[0]
    assert records.history(demo_session, Child, first.id)[0]["who"] == demo.DEMO_WHO


def test_large_sets_for_benchmarks(tmp_path):
    session = demo.create_demo(tmp_path / "big.hfdb", children=2000, families=3000)
    try:
        assert len(records.child_ids(session, records.RegisterQuery())) == 2000
        assert len(records.family_ids(session, records.RegisterQuery())) == 3000
    finally:
        session.close()


def test_demo_names_are_not_confusing(demo_session):
    from homefinder_desktop.domain.records import SiblingGroup

    children = records.all_of(demo_session, Child)
    names = [(c.first_name, c.last_name) for c in children]
    assert len(names) == len(set(names)), "two demo children share a name"
    groups = [g.name for g in records.all_of(demo_session, SiblingGroup)]
    assert len(groups) == len(set(groups)), "two sibling groups share a name"


def test_demo_dates_are_in_the_past_not_piled_on_today(demo_session):
    today = demo_session.today()
    for cls in (Child, Family):
        for record in records.all_of(demo_session, cls):
            assert all(step.date < today for step in records.stage_history(demo_session, cls, record.id))
            if getattr(record, "approval_date", None):
                assert record.approval_date < today


def test_families_paused_or_withdrawn_were_not_also_approved_that_day(demo_session):
    for family in records.all_of(demo_session, Family):
        steps = [s.stage for s in records.stage_history(demo_session, Family, family.id)]
        assert steps[-1] == family.stage
        if family.stage in ("on_hold", "withdrawn"):
            assert "approved" not in steps and family.approval_date is None, family.name
