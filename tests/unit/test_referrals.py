"""Referrals to the partner: validation at the field, the status rules, days to a response,
the register's filters in SQL, and the audit trail."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from homefinder_desktop.domain.errors import HomefinderError, ValidationError
from homefinder_desktop.domain.records import (Agency, Child, Family, Referral, StageChange,
                                               check_referral_status_change, days_text, days_to_response)
from homefinder_desktop.services import records
from homefinder_desktop.services.records import ReferralQuery

TODAY = date(2026, 11, 23)


def problems(record: Referral) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in record.problems(TODAY):
        found.setdefault(p.field, []).append(p.problem)
    return found


def a_referral(**changes) -> Referral:
    values = dict(kind="child", child_id=1, referred_on=date(2026, 10, 1), from_agency_id=1, to_agency_id=2)
    values.update(changes)
    return Referral(**values)


# --- validation at the field --------------------------------------------------------------------

def test_a_good_referral_has_no_problems():
    assert problems(a_referral()) == {}
    assert problems(a_referral(kind="adopter", child_id=None, family_id=3)) == {}


def test_referred_on_is_required_and_not_in_the_future():
    assert problems(a_referral(referred_on=None)) == {"Referred on": ["is required"]}
    assert problems(a_referral(referred_on=TODAY + timedelta(days=1))) == {"Referred on": ["is in the future"]}
    assert problems(a_referral(referred_on=TODAY)) == {}


def test_response_not_before_the_referral():
    found = problems(a_referral(response_date=date(2026, 9, 30)))
    assert found == {"Response date": ["is before the referral was made"]}
    assert problems(a_referral(response_date=date(2026, 10, 1))) == {}


def test_the_child_or_the_family_by_kind():
    assert problems(a_referral(child_id=None)) == {"Child": ["is required"]}
    assert problems(a_referral(kind="adopter", child_id=None)) == {"Family": ["is required"]}
    assert problems(a_referral(kind="adopter", family_id=3)) == {
        "Child": ["is only for a referral of a child: leave it empty"]}
    assert problems(a_referral(family_id=3)) == {"Family": ["is only for a referral of adopters: leave it empty"]}
    assert "Kind of referral" in problems(a_referral(kind="sideways"))


def test_from_and_to_agencies_differ_and_are_required():
    assert problems(a_referral(to_agency_id=1)) == {"To agency": ["must be a different agency from the one referring"]}
    assert problems(a_referral(from_agency_id=None, to_agency_id=None)) == {
        "From agency": ["is required"], "To agency": ["is required"]}


def test_a_closed_referral_needs_an_outcome():
    assert problems(a_referral(status="declined", response_date=date(2026, 10, 5))) == {
        "Outcome": ["is required for a closed referral"]}
    assert problems(a_referral(status="declined", outcome="No capacity")) == {}
    assert problems(a_referral(status="acknowledged")) == {}


# --- status rules ---------------------------------------------------------------------------------

def step(status, day, reason=""):
    return StageChange(status, day, reason)


HISTORY = [StageChange("open", date(2026, 10, 1), id=1)]


def status_problems(history, new, referred_on=date(2026, 10, 1)) -> dict[str, list[str]]:
    try:
        check_referral_status_change(history, new, TODAY, referred_on)
    except ValidationError as exc:
        return {p.field: [q.problem for q in exc.problems if q.field == p.field] for p in exc.problems}
    return {}


def test_status_moves_forward():
    assert status_problems(HISTORY, step("acknowledged", date(2026, 10, 3))) == {}
    assert status_problems(HISTORY, step("declined", date(2026, 10, 3), "No capacity")) == {}


def test_status_never_goes_back_to_open():
    history = HISTORY + [StageChange("acknowledged", date(2026, 10, 3), id=2)]
    assert status_problems(history, step("open", date(2026, 10, 4))) == {"Status": ["cannot go back to open"]}


def test_closing_needs_an_outcome_and_a_closed_referral_stays_closed():
    assert status_problems(HISTORY, step("accepted", date(2026, 10, 3))) == {
        "Outcome": ["is required to close a referral"]}
    closed = HISTORY + [StageChange("withdrawn", date(2026, 10, 3), "Family found in-house", id=2)]
    assert status_problems(closed, step("accepted", date(2026, 10, 4), "x")) == {
        "Status": ["cannot change: the referral is closed (Withdrawn); make a new referral instead"]}


def test_status_dates():
    assert status_problems(HISTORY, step("acknowledged", TODAY + timedelta(days=1))) == {
        "Date of status": ["is in the future"]}
    assert status_problems([], step("acknowledged", date(2026, 9, 30))) == {
        "Date of status": ["is before the referral was made (01/10/2026)"]}
    later = HISTORY + [StageChange("acknowledged", date(2026, 10, 10), id=2)]
    assert status_problems(later, step("accepted", date(2026, 10, 9), "ok")) == {
        "Date of status": ["is before the last step in the history (10/10/2026)"]}
    assert status_problems(later, step("acknowledged", date(2026, 10, 11))) == {
        "Status": ["is already Acknowledged"]}


def test_days_to_a_response():
    assert days_to_response(date(2026, 10, 1), date(2026, 10, 13)) == 12
    assert days_to_response(date(2026, 10, 1), None) is None
    assert days_to_response(None, date(2026, 10, 1)) is None
    assert [days_text(n) for n in (12, 1, 0, None, 1200)] == ["12 days", "1 day", "0 days", "", "1,200 days"]


# --- through the services, on a real database -----------------------------------------------------

@pytest.fixture
def session(new_session):
    return new_session


@pytest.fixture
def setup(session):
    agencies = {a.kind: a.id for a in records.all_of(session, Agency)}
    child = records.get(session, Child, records.add(session, Child(
        first_name="Tamsin", last_name="Quillfeather", date_of_birth=date(2021, 6, 14), sex="F",
        stage="family_finding", stage_date=date(2026, 1, 10))).record_id)
    family = records.get(session, Family, records.add(session, Family(
        name="Brackenridge family", adopter_one="Odile Brackenridge", agency_id=agencies["own"],
        stage="stage_one", stage_date=date(2026, 3, 1))).record_id)
    return agencies, child, family


def add(session, agencies, **values) -> int:
    record = Referral(from_agency_id=agencies["own"], to_agency_id=agencies["partner"], **values)
    return records.add(session, record).record_id


def test_add_gives_a_reference_and_an_open_history(session, setup, monkeypatch):
    monkeypatch.setattr(session, "today", lambda: TODAY)
    agencies, child, _family = setup
    rid = add(session, agencies, kind="child", child_id=child.id, referred_on=date(2026, 11, 1), reason="No fit")
    saved = records.get(session, Referral, rid)
    assert saved.reference == f"R-{rid:05d}" and saved.status == "open" and saved.status_date == date(2026, 11, 1)
    assert [(s.stage, s.date) for s in records.stage_history(session, Referral, rid)] == [("open", date(2026, 11, 1))]
    rows = records.history(session, Referral, rid)
    assert [(r["table_name"], r["action"]) for r in rows] == [("referrals", "insert"), ("referral_statuses", "insert")]
    assert all(r["who"] == session.who for r in rows)


def test_unknown_references_are_named(session, setup):
    agencies, _child, _family = setup
    with pytest.raises(ValidationError) as caught:
        add(session, agencies, kind="child", child_id=999, referred_on=date(2026, 11, 1))
    assert [(p.field, p.problem) for p in caught.value.problems] == [("Child", "is not a known child")]
    with pytest.raises(ValidationError) as caught:
        records.add(session, Referral(kind="adopter", family_id=998, referred_on=date(2026, 11, 1),
                                      from_agency_id=agencies["own"], to_agency_id=997))
    assert {(p.field, p.problem) for p in caught.value.problems} == {
        ("Family", "is not a known family"), ("To agency", "is not a known agency")}


def test_record_status_sets_response_and_outcome_in_one_audited_step(session, setup, monkeypatch):
    monkeypatch.setattr(session, "today", lambda: TODAY)
    agencies, child, _family = setup
    rid = add(session, agencies, kind="child", child_id=child.id, referred_on=date(2026, 10, 1))
    records.record_referral_status(session, rid, step("acknowledged", date(2026, 10, 13)))
    records.record_referral_status(session, rid, step("accepted", date(2026, 10, 20), "Family finding under way"))
    saved = records.get(session, Referral, rid)
    assert (saved.status, saved.status_date, saved.response_date, saved.outcome) == (
        "accepted", date(2026, 10, 20), date(2026, 10, 13), "Family finding under way")
    row = records.referral_rows(session, [rid])[rid]
    assert row["days_to_response"] == days_to_response(saved.referred_on, saved.response_date) == 12
    assert row["age_days"] is None  # closed: no longer ageing
    audit = records.history(session, Referral, rid)
    changes = [r["changes"] for r in audit if r["table_name"] == "referrals" and r["action"] == "update"]
    assert [sorted(c) for c in changes] == [["status", "status_date"], ["response_date"],
                                            ["status", "status_date"], ["outcome"]]
    assert changes[1]["response_date"] == [None, "2026-10-13"]
    assert changes[-1]["outcome"] == ["", "Family finding under way"]
    with pytest.raises(ValidationError):
        records.record_referral_status(session, rid, step("open", date(2026, 10, 21)))
    assert len(records.history(session, Referral, rid)) == len(audit)  # nothing written


def test_the_status_only_moves_through_its_history(session, setup):
    agencies, child, _family = setup
    rid = add(session, agencies, kind="child", child_id=child.id, referred_on=date(2026, 10, 1))
    saved = records.get(session, Referral, rid)
    saved.status, saved.outcome = "accepted", "Sneaked in"
    with pytest.raises(ValidationError, match="Record a status"):
        records.save(session, saved)
    with pytest.raises(ValidationError):
        records.add(session, Referral(kind="child", child_id=child.id, referred_on=date(2026, 10, 1),
                                      from_agency_id=agencies["own"], to_agency_id=agencies["partner"],
                                      status="accepted", outcome="x"))
    records.archive(session, Referral, rid)
    with pytest.raises(HomefinderError, match="archived"):
        records.record_referral_status(session, rid, step("acknowledged", date(2026, 10, 2)))


def test_register_filters_and_sorts(session, setup, monkeypatch):
    monkeypatch.setattr(session, "today", lambda: TODAY)
    agencies, child, family = setup
    old_open = add(session, agencies, kind="child", child_id=child.id, referred_on=date(2026, 6, 1))
    new_open = add(session, agencies, kind="adopter", family_id=family.id, referred_on=date(2026, 11, 10))
    closed = add(session, agencies, kind="child", child_id=child.id, referred_on=date(2026, 9, 1))
    records.record_referral_status(session, closed, step("declined", date(2026, 9, 5), "No capacity"))
    acked = add(session, agencies, kind="adopter", family_id=family.id, referred_on=date(2026, 8, 1))
    records.record_referral_status(session, acked, step("acknowledged", date(2026, 8, 21)))

    def ids(**q):
        return records.referral_ids(session, ReferralQuery(**q))

    assert ids() == [new_open, acked, old_open]  # open only, newest first
    assert ids(open_only=False) == [new_open, closed, acked, old_open]
    assert ids(kind="child") == [old_open]
    assert ids(kind="adopter", open_only=False) == [new_open, acked]
    assert ids(older_than=90) == [acked, old_open]  # open more than 90 days on 23/11/2026
    assert ids(older_than=90, open_only=False) == [acked, old_open]  # a closed one does not age
    assert ids(sort="days_to_response", descending=False, open_only=False) == [closed, acked, old_open, new_open]
    assert ids(search="Quillfeather", open_only=False) == [closed, old_open]
    rows = records.referral_rows(session, [old_open, acked])
    assert rows[old_open]["age_days"] == (TODAY - date(2026, 6, 1)).days
    assert rows[acked]["days_to_response"] == 20 and rows[acked]["referred"] == "Brackenridge family"
    records.archive(session, Referral, old_open)
    assert ids() == [new_open, acked]
    assert ids(include_archived=True) == [new_open, acked, old_open]


def test_demo_referrals_are_plausible(demo_session):
    today = demo_session.today()
    found = records.referral_ids(demo_session, ReferralQuery(open_only=False))
    assert 10 <= len(found) <= 14
    all_referrals = [records.get(demo_session, Referral, rid) for rid in found]
    assert {r.kind for r in all_referrals} == {"child", "adopter"}
    assert any(not r.is_closed for r in all_referrals) and any(r.is_closed for r in all_referrals)
    for r in all_referrals:
        assert r.problems(today) == []
        steps = records.stage_history(demo_session, Referral, r.id)
        assert steps[0].stage == "open" and steps[-1].stage == r.status
        assert all(r.referred_on <= s.date < today for s in steps)
        if len(steps) > 1:
            assert r.response_date == steps[1].date
