"""The demo data set: fictional, plausible, the same every time."""
from __future__ import annotations


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


# --- needs, offers and links ------------------------------------------------------------------

def test_every_child_has_a_plausible_needs_profile(demo_session):
    from collections import Counter

    from homefinder_desktop.domain.needs import SCALES

    children = records.all_of(demo_session, Child)
    for c in children:
        c.validate(demo_session.today())
        if c.stage != "agency_decision":  # later in the plan, every part has been assessed
            assert all(getattr(c, scale) for scale in SCALES) and c.abuse and c.contact, c.display_name
    disability = Counter(c.disability for c in children)
    assert disability["none"] + disability["mild"] > 0.75 * len(children), "most have no or mild needs"
    assert disability["moderate"] + disability["severe"] >= 2, "a few have more"
    assert len({c.health for c in children}) >= 3 and len({c.drugs_alcohol for c in children}) >= 3
    assert any(c.abuse == ("none",) for c in children) and any(len(c.abuse) >= 2 for c in children)
    assert any(c.needs_notes for c in children)
    assert any(not c.education for c in children if c.stage == "agency_decision"), "some still to assess"


def test_brothers_and_sisters_share_their_history_and_contact(demo_session):
    from homefinder_desktop.domain.records import SiblingGroup

    children = records.all_of(demo_session, Child)
    for group in records.all_of(demo_session, SiblingGroup):
        members = [c for c in children if c.sibling_group_id == group.id]
        assert len({c.abuse for c in members}) == 1, group.name
        if all(c.contact for c in members):
            assert len({c.contact for c in members}) == 1, group.name
            if group.decision == "apart":
                assert "siblings" in members[0].contact, group.name


def test_families_in_stage_two_or_approved_say_what_they_offer(demo_session):
    families = records.all_of(demo_session, Family)
    offering = [f for f in families if f.stage in ("approved", "stage_two")]
    assert offering
    for f in families:
        f.validate(demo_session.today())
        if f in offering:
            assert f.max_children and f.age_max is not None and f.health_max and f.abuse_ok and f.contact_ok
            assert f.siblings_ok == ("yes" if f.max_children > 1 else "no")
        else:
            assert f.max_children is None and not f.abuse_ok, "not assessed yet: not recorded"
    assert len({(f.age_min, f.age_max) for f in offering}) >= 4


def test_links_follow_the_childrens_stages(demo_session):
    from homefinder_desktop.domain.links import ACTIVE_LINK_STATUSES, Link
    from homefinder_desktop.storage import records as store

    db = demo_session.database()
    today = demo_session.today()
    links = store.all_of(db, Link)
    children = {c.id: c for c in records.all_of(demo_session, Child)}
    families = {f.id: f for f in records.all_of(demo_session, Family)}
    active = [link for link in links if link.status in ACTIVE_LINK_STATUSES]
    assert len(active) >= 8 and len({link.status for link in active}) >= 4
    assert sum(1 for link in links if link.status == "ended") >= 2
    with_link = set(records.child_ids(demo_session, records.RegisterQuery(no_active_link=False)))
    for child in children.values():
        if child.stage in ("linked", "match_agreed"):
            assert child.id in with_link, child.display_name
        if child.stage in ("placed", "adoption_order", "plan_changed", "agency_decision", "placement_order"):
            assert child.id not in with_link, child.display_name
    busy = [link.family_id for link in links if link.status in ACTIVE_LINK_STATUSES]
    assert len(busy) == len(set(busy)), "one family, one link going on at a time"
    for link in links:
        family = families[link.family_id]
        assert family.stage == "approved" and family.approval_date <= link.identified_on
        steps = store.stage_history(db, Link, link.id)
        assert steps[0].stage == "identified" and steps[0].date == link.identified_on
        assert steps[-1].stage == link.status and steps[-1].date == link.status_date
        assert [s.date for s in steps] == sorted(s.date for s in steps) and steps[-1].date < today
        # An ended link says why: a reason from the list (a matrix decision gives no note) or a note.
        assert (bool(link.ended_reason) or link.end_reason_id is not None) == (link.status == "ended")
        link.validate(today)


def test_children_waiting_and_in_sibling_groups_have_words_for_a_profile_evening(demo_session):
    from homefinder_desktop.domain.records import WAITING_STAGES, SiblingGroup
    from homefinder_desktop.services import demo_profiles

    children = records.all_of(demo_session, Child)
    for c in children:
        described = c.stage in WAITING_STAGES or c.sibling_group_id is not None
        assert bool(c.personality and c.interests and c.family_sought) == described, c.display_name
        assert c.last_name not in c.personality + c.interests + c.family_sought
    assert len({c.personality for c in children if c.personality}) >= 4, "varied words"
    for group in records.all_of(demo_session, SiblingGroup):
        members = [c for c in children if c.sibling_group_id == group.id]
        sought = {c.family_sought for c in members}
        assert len(sought) == 1, group.name   # one page asks for one family
        kind = "together" if group.decision == "together" else "alone"
        assert sought.pop() in demo_profiles.FAMILIES_SOUGHT[kind], group.name
