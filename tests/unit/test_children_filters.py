"""The children list's filters, run in SQL, against the same answers worked out in Python from
the records and their stage histories (demo data; today is the session's today)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from homefinder_desktop.domain.formatting import age_in_years
from homefinder_desktop.domain.records import (AGE_BANDS, WAITING_STAGES, Child, StageChange, Worker,
                                               age_band_birth_dates, waiting_since, waiting_text, years_before)
from homefinder_desktop.services import records
from homefinder_desktop.services.records import RegisterQuery

BANDS = {"under_2": range(0, 2), "2_to_4": range(2, 5), "5_to_7": range(5, 8), "8_and_over": range(8, 200)}


@pytest.fixture
def session(demo_session):
    return demo_session


@pytest.fixture
def children(session) -> list[Child]:
    return records.all_of(session, Child)


@pytest.fixture
def since(session, children) -> dict[int, date | None]:
    """When each child began waiting, worked out here from the stage history (not the domain's
    function): still in a waiting stage, the earliest agency decision step, else the earliest step."""
    found = {}
    for child in children:
        steps = records.stage_history(session, Child, child.id)
        if child.stage not in WAITING_STAGES or not steps:
            found[child.id] = None
            continue
        decisions = sorted(s.date for s in steps if s.stage == "agency_decision")
        found[child.id] = decisions[0] if decisions else sorted(s.date for s in steps)[0]
    return found


def ids(session, **query) -> set[int]:
    found = records.child_ids(session, RegisterQuery(**query))
    assert len(found) == len(set(found))
    return set(found)


# --- each filter --------------------------------------------------------------------------------

@pytest.mark.parametrize("band", list(AGE_BANDS))
def test_age_band(session, children, band):
    today = session.today()
    expected = {c.id for c in children if age_in_years(c.date_of_birth, today) in BANDS[band]}
    assert expected, f"the demo should hold children {band}"
    assert ids(session, age_band=band) == expected


def test_age_bands_cover_every_child_once(session, children):
    every = [i for band in AGE_BANDS for i in records.child_ids(session, RegisterQuery(age_band=band))]
    assert sorted(every) == sorted(c.id for c in children)


@pytest.mark.parametrize("sex", ["F", "M"])
def test_sex(session, children, sex):
    expected = {c.id for c in children if c.sex == sex}
    assert 0 < len(expected) < len(children)
    assert ids(session, sex=sex) == expected


@pytest.mark.parametrize("in_group", [True, False])
def test_sibling_group(session, children, in_group):
    expected = {c.id for c in children if (c.sibling_group_id is not None) == in_group}
    assert 0 < len(expected) < len(children)
    assert ids(session, in_sibling_group=in_group) == expected


def test_social_worker(session, children):
    workers = records.names(session, Worker)
    allocated = {c.social_worker_id for c in children}
    assert len(allocated) > 1
    for worker_id in workers:
        assert ids(session, social_worker_id=worker_id) == {c.id for c in children if c.social_worker_id == worker_id}


@pytest.mark.parametrize("days", [1, 30, 90, 180, 365])
def test_waiting_longer_than(session, children, since, days):
    today = session.today()
    expected = {c.id for c in children if since[c.id] is not None and (today - since[c.id]).days > days}
    assert ids(session, waiting_longer_than=days) == expected


def test_waiting_filter_is_off_at_zero_or_none(session, children):
    assert ids(session, waiting_longer_than=0) == ids(session, waiting_longer_than=None) == {c.id for c in children}


def test_waiting_leaves_out_children_no_longer_waiting(session, children, since):
    finished = {c.id for c in children if c.stage not in WAITING_STAGES}
    assert finished and not finished & ids(session, waiting_longer_than=1)
    assert all(since[i] is None for i in finished)


def test_waiting_boundary_is_more_than_n_days(session, children, since):
    today = session.today()
    child_id, began = next((i, d) for i, d in since.items() if d is not None and (today - d).days > 10)
    days = (today - began).days
    assert child_id not in ids(session, waiting_longer_than=days)  # exactly N days: not more than N
    assert child_id in ids(session, waiting_longer_than=days - 1)


def test_waiting_counts_from_the_agency_decision_not_the_latest_step(session, children, since):
    today = session.today()
    moved_on = next(c for c in children if c.stage in ("family_finding", "linked") and since[c.id] < c.stage_date)
    days_since_decision = (today - since[moved_on.id]).days
    assert (today - moved_on.stage_date).days < days_since_decision
    assert moved_on.id in ids(session, waiting_longer_than=days_since_decision - 1)


def test_waiting_with_no_agency_decision_step_counts_from_the_earliest_step(session):
    today = session.today()
    changes = records.add(session, Child(first_name="Orla", last_name="Penhallow", date_of_birth=date(2023, 3, 2),
                                         sex="F", stage="placement_order", stage_date=today - timedelta(days=100)))
    child_id = changes.record_id
    records.record_child_stage(session, child_id, StageChange("family_finding", today - timedelta(days=40)))
    assert child_id in ids(session, waiting_longer_than=99)
    assert child_id not in ids(session, waiting_longer_than=100)
    row = records.child_rows(session, [child_id])[child_id]
    assert row["waiting_since"] == (today - timedelta(days=100)).isoformat()


# --- combinations --------------------------------------------------------------------------------

def test_filters_combine(session, children, since):
    today = session.today()
    worker = max({c.social_worker_id for c in children},
                 key=lambda w: sum(c.social_worker_id == w for c in children))
    combos = [
        dict(sex="F", in_sibling_group=True),
        dict(age_band="2_to_4", sex="M"),
        dict(stage="family_finding", waiting_longer_than=30),
        dict(social_worker_id=worker, in_sibling_group=False),
        dict(age_band="under_2", sex="F", in_sibling_group=False, waiting_longer_than=20),
        dict(stage="linked", age_band="5_to_7", social_worker_id=worker, sex="M", in_sibling_group=True,
             waiting_longer_than=60),
    ]

    def keep(c: Child, q: dict) -> bool:
        return ((q.get("stage") is None or c.stage == q["stage"])
                and (q.get("age_band") is None or age_in_years(c.date_of_birth, today) in BANDS[q["age_band"]])
                and (q.get("sex") is None or c.sex == q["sex"])
                and (q.get("in_sibling_group") is None or (c.sibling_group_id is not None) == q["in_sibling_group"])
                and (q.get("social_worker_id") is None or c.social_worker_id == q["social_worker_id"])
                and (not q.get("waiting_longer_than")
                     or (since[c.id] is not None and (today - since[c.id]).days > q["waiting_longer_than"])))

    non_empty = 0
    for q in combos:
        expected = {c.id for c in children if keep(c, q)}
        non_empty += bool(expected)
        assert ids(session, **q) == expected, q
    assert non_empty >= 4


def test_filters_with_search_and_archived(session, children):
    girl = next(c for c in children if c.sex == "F")
    assert girl.id in ids(session, sex="F", search=girl.last_name)
    assert not ids(session, sex="M", search=girl.reference)
    records.archive(session, Child, girl.id)
    assert girl.id not in ids(session, sex="F")
    assert girl.id in ids(session, sex="F", include_archived=True)


# --- the Waiting value and its sort ---------------------------------------------------------------

def test_child_rows_carry_when_waiting_began(session, children, since):
    rows = records.child_rows(session, [c.id for c in children])
    assert {i: r["waiting_since"] for i, r in rows.items()} == {
        i: d.isoformat() if d else None for i, d in since.items()}


def test_sort_by_waiting_longest_first_and_the_not_waiting_last_both_ways(session, children, since):
    up = records.child_ids(session, RegisterQuery(sort="waiting"))
    down = records.child_ids(session, RegisterQuery(sort="waiting", descending=True))
    waiting = [i for i in up if since[i] is not None]
    assert [since[i] for i in waiting] == sorted(since[i] for i in waiting)
    assert up[:len(waiting)] == waiting and all(since[i] is None for i in up[len(waiting):])
    down_waiting = down[:len(waiting)]
    assert [since[i] for i in down_waiting] == sorted((since[i] for i in waiting), reverse=True)
    assert all(since[i] is None for i in down[len(waiting):])


def test_sorts_still_work_with_filters(session, children):
    found = records.child_ids(session, RegisterQuery(sex="F", sort="date_of_birth"))
    born = {c.id: c.date_of_birth for c in children}
    assert [born[i] for i in found] == sorted(born[i] for i in found)
    assert records.child_ids(session, RegisterQuery(sort="no such sort")) == records.child_ids(session, RegisterQuery())


def test_an_unknown_age_band_is_a_bug_not_an_empty_list(session):
    with pytest.raises(ValueError):
        records.child_ids(session, RegisterQuery(age_band="teenagers"))


# --- the domain's rules ---------------------------------------------------------------------------

def test_age_band_boundaries_match_age_in_years():
    for today in (date(2026, 11, 23), date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1)):
        for offset in range(-800, 4000, 1):
            born = today - timedelta(days=offset) if offset >= 0 else None
            if born is None:
                continue
            age = age_in_years(born, today)
            for band, ages in BANDS.items():
                after, by = age_band_birth_dates(band, today)
                inside = (after is None or born > after) and (by is None or born <= by)
                assert inside == (age in ages), (today, born, band)


def test_a_birthday_exactly_two_years_ago_is_two(session):
    today = session.today()
    for born, band in ((years_before(today, 2), "2_to_4"), (years_before(today, 2) + timedelta(days=1), "under_2"),
                       (years_before(today, 8), "8_and_over"), (years_before(today, 8) + timedelta(days=1), "5_to_7")):
        changes = records.add(session, Child(first_name="Boundary", last_name=born.isoformat(), date_of_birth=born,
                                             sex="M", stage="agency_decision", stage_date=today))
        assert changes.record_id in ids(session, age_band=band), (born, band)


def test_years_before_a_leap_day():
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)
    assert years_before(date(2026, 11, 23), 2) == date(2024, 11, 23)


def test_waiting_since_rule():
    steps = [StageChange("placement_order", date(2026, 1, 5)), StageChange("agency_decision", date(2026, 2, 1)),
             StageChange("family_finding", date(2026, 3, 1))]
    assert waiting_since("family_finding", steps) == date(2026, 2, 1)
    assert waiting_since("family_finding", steps[::2]) == date(2026, 1, 5)
    assert waiting_since("placed", steps) is None
    assert waiting_since("linked", []) is None
    assert waiting_text(date(2026, 4, 23), date(2026, 11, 23)) == "214 days"
    assert waiting_text(date(2026, 11, 22), date(2026, 11, 23)) == "1 day"
    assert waiting_text(None, date(2026, 11, 23)) == ""


# --- the printout's title -------------------------------------------------------------------------

def test_the_title_names_every_filter(session, children):
    worker_id = children[0].social_worker_id
    worker = records.names(session, Worker)[worker_id]
    title = records.child_register_title(session, RegisterQuery(
        stage="family_finding", age_band="2_to_4", sex="F", in_sibling_group=False, social_worker_id=worker_id,
        waiting_longer_than=180, search="Ash"))
    assert title == ("Children with adoption plans \u2014 Family finding, aged 2 to 4, female, not in a sibling "
                     f"group, social worker {worker}, waiting more than 180 days, matching \u201cAsh\u201d")
    assert records.child_register_title(session, RegisterQuery(age_band="under_2", in_sibling_group=True,
                                                               waiting_longer_than=1)) == \
        "Children with adoption plans \u2014 aged under 2, in a sibling group, waiting more than 1 day"
    assert records.child_register_title(session, RegisterQuery(waiting_longer_than=0)) == \
        "Children with adoption plans"


def test_the_new_index_is_there_and_used(session):
    db = session.database()
    assert "child_stages_child_stage" in {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()}
    from homefinder_desktop.storage.registers import WAITING_SINCE_SQL
    plan = " ".join(str(r[-1]) for r in db.execute(
        f"EXPLAIN QUERY PLAN SELECT {WAITING_SINCE_SQL} FROM children c WHERE c.id = 1").fetchall())
    assert "child_stages_child_stage" in plan and "SCAN s" not in plan
