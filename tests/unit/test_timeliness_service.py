"""Timeliness on a real (encrypted) database: the threshold sets m011 brings, each child's dates
read from their record and stage history, a period's cohort against a set chosen or found, one
child's measures, "what if matched on" for a waiting child, and adding and archiving sets."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlite_utils
from sqlite_utils import Migrations

from homefinder_desktop.domain.errors import NotFound, ValidationError
from homefinder_desktop.domain.records import Child, StageChange
from homefinder_desktop.domain.timeliness import SCORECARD_THRESHOLDS, ThresholdSet
from homefinder_desktop.services import records, timeliness
from homefinder_desktop.storage import migrations
from use_case_checks import count, problems

TODAY = date(2026, 11, 23)
PERIOD = (date(2023, 4, 1), date(2026, 3, 31))


def add_child(s, first, *steps, **kw) -> int:
    """A fictional child, then their dated stages after the agency decision."""
    values = dict(first_name=first, last_name="Ashworth", date_of_birth=date(2021, 3, 1), sex="F",
                  stage="agency_decision", stage_date=date(2022, 6, 1), date_entered_care=date(2022, 1, 10))
    values.update(kw)
    child_id = records.add(s, Child(**values)).record_id
    for step in steps:
        records.record_child_stage(s, child_id, StageChange(*step))
    return child_id


@pytest.fixture
def s(new_session):
    new_session.today = lambda: TODAY
    return new_session


def placed(s, first, matched: date, moved: date, order: date | None = date(2022, 9, 1), **kw) -> int:
    searching = order + timedelta(days=30) if order else matched - timedelta(days=60)
    steps = ([("placement_order", order)] if order else []) + [("family_finding", searching),
                                                                 ("match_agreed", matched), ("placed", moved)]
    return add_child(s, first, *steps, **kw)


def test_an_older_database_gains_the_threshold_sets_and_the_foster_carer_columns():
    db = sqlite_utils.Database(memory=True)
    older = Migrations("homefinder")  # the migrations that shipped before m011
    for m in migrations.migrations._migrations:
        if m.name != "m011_timeliness":
            older()(m.fn)
    older.apply(db)
    db["children"].insert({"first_name": "Ivy", "last_name": "Example", "date_of_birth": "2022-03-01",
                           "sex": "F", "stage": "placed", "reference": "C-00001", "date_entered_care": "2022-04-01"})
    migrations.migrate(db)
    row = next(db["children"].rows)
    assert (row["foster_carers_adopt"], row["foster_placement_date"]) == (0, None)
    assert row["first_name"] == "Ivy" and row["date_entered_care"] == "2022-04-01"
    seeded = [(r["name"], r["first_year"], r["a1_days"], r["a2_days"], r["archived"])
              for r in db.query("SELECT * FROM scorecard_thresholds ORDER BY id")]
    assert seeded == [(t.name, t.first_year, t.a1_days, t.a2_days, 0) for t in SCORECARD_THRESHOLDS]
    assert [m.name for m in migrations.migrations.applied(db)][-1] == "m011_timeliness"


def test_a_cohort_read_from_the_records_against_the_set_for_the_period(s):
    # Ivy: 1,211 days from care to moving in; 595 from the order to the match.
    ivy = placed(s, "Ivy", date(2024, 4, 18), date(2025, 5, 5))
    # Theo was matched before the order was made: A2 is 0.
    theo = placed(s, "Theo", date(2023, 6, 1), date(2023, 7, 3), order=None, last_name="Bramley",
                  placement_order_date=date(2023, 6, 20))
    # Rose's foster carers adopt her: her A10 runs only to the day she moved in with them.
    rose = placed(s, "Rose", date(2024, 1, 8), date(2024, 2, 5), last_name="Calloway",
                  foster_carers_adopt=True, foster_placement_date=date(2022, 2, 1))
    # Mia was placed with her birth parents' consent, no placement order: left out of A2 only.
    mia = placed(s, "Mia", date(2025, 1, 6), date(2025, 2, 3), order=None, last_name="Dunmore")
    placed(s, "Noah", date(2021, 1, 6), date(2021, 2, 3), order=date(2020, 8, 3), stage_date=date(2020, 6, 1),
           date_entered_care=date(2020, 1, 2), date_of_birth=date(2019, 1, 1))  # before the period
    # Esme was adopted and archived since: archiving does not change what happened in the period.
    gone = placed(s, "Esme", date(2024, 1, 8), date(2024, 2, 5), last_name="Ellison")
    records.archive(s, Child, gone)

    found = timeliness.cohort_for(s, *PERIOD)
    assert found.threshold == SCORECARD_THRESHOLDS[-1]  # none covers 2026: the latest before it
    assert [d.child_id for d, _m in found.per_child] == [theo, rose, gone, mia, ivy]  # in the order they moved in
    measures = {d.child_id: m for d, m in found.per_child}
    assert measures[ivy] == {"a1": 1211, "a2": 595, "a10": 1211}
    assert measures[theo]["a2"] == 0 and measures[rose]["a10"] == 22 and measures[mia]["a2"] is None
    names = {d.child_id: (d.name, d.reference) for d, _m in found.per_child}
    assert names[theo] == ("Theo B.", f"C-{theo:05d}")  # first name and initial only
    a2 = found.results["a2"]
    assert (a2.counted, a2.left_out) == (4, 1) and found.left_out == {mia: "A2: no placement order"}
    # Theo 0, Rose and Esme 494 each, Ivy 595: 1,583 over 4
    assert a2.describe() == ("A2: 396 days on average over 4 children, over the threshold of 121 days "
                             "(1 left out: no placement order).")
    assert found.results["a10"].average < found.results["a1"].average


def test_a_chosen_set_an_empty_period_and_a_backward_one(s):
    placed(s, "Ivy", date(2024, 4, 18), date(2025, 5, 5))
    chosen = next(t for t in timeliness.threshold_sets(s) if t.first_year == 2012)
    found = timeliness.cohort_for(s, *PERIOD, threshold_id=chosen.id)
    assert found.threshold.a1_days == 547 and found.results["a1"].describe().endswith("over the threshold of 547 days.")
    empty = timeliness.cohort_for(s, date(2011, 4, 1), date(2014, 3, 31))
    assert empty.empty and empty.threshold.name == "Adoption Scorecard 2011–14"  # its own three years
    assert empty.results["a1"].describe() == "A1: no child in the period to count."
    assert problems(timeliness.cohort_for, s, date(2026, 3, 31), date(2023, 4, 1)) == [
        "To: is before From: the period ends before it starts"]
    assert problems(timeliness.cohort_for, s, *PERIOD, threshold_id=999) == ["Threshold set: is not a known threshold set"]


def test_contradictory_dates_are_named_and_left_out_as_such(s):
    odd = add_child(s, "Zara", ("placement_order", date(2022, 9, 1)), ("match_agreed", date(2023, 5, 1)),
                    ("placed", date(2023, 6, 1)), date_entered_care=date(2023, 8, 1), last_name="Fairbairn")
    found = timeliness.cohort_for(s, *PERIOD)
    assert found.problems == [f"Zara F. (C-{odd:05d}): moved in (01/06/2023) before entering care (01/08/2023)"]
    assert found.left_out == {odd: "dates contradict"}
    assert found.results["a1"].describe() == "A1: no child in the period to count (1 left out: dates that contradict)."


def test_one_childs_measures_and_what_if_for_a_waiting_child(s):
    waiting = add_child(s, "Ella", ("placement_order", date(2025, 11, 17)), ("family_finding", date(2025, 12, 1)),
                        date_entered_care=date(2025, 3, 3), stage_date=date(2025, 6, 2))
    dates, measures = timeliness.measures_for_child(s, waiting)
    assert dates.placement_order == date(2025, 11, 17) and measures == {"a1": None, "a2": None, "a10": None}
    assert timeliness.what_if(s, waiting, date(2026, 12, 14)) == {"a2": 392, "a1": None}
    assert timeliness.what_if(s, waiting, date(2026, 12, 14), date(2027, 2, 1)) == {"a2": 392, "a1": 700}
    assert timeliness.what_if(s, waiting, TODAY) == {"a2": 371, "a1": None}  # the panel could sit today
    assert problems(timeliness.what_if, s, waiting, date(2026, 11, 22)) == [
        "Match date: is in the past: a waiting child's match can only be decided from today (23/11/2026)"]
    assert problems(timeliness.what_if, s, waiting, date(2027, 1, 4), date(2027, 1, 3)) == [
        "Move-in date: is before the match date: a child moves in after the match"]


def test_what_if_is_refused_for_a_child_already_matched_or_no_longer_waiting(s):
    ivy = placed(s, "Ivy", date(2024, 4, 18), date(2025, 5, 5))
    assert problems(timeliness.what_if, s, ivy, date(2027, 1, 4)) == [
        "Child: Ivy A. (C-00001) is already matched (18/04/2024): their measures are in the report, not a what-if"]
    changed = add_child(s, "Theo", ("plan_changed", date(2023, 1, 9), "Special guardianship"), last_name="Bramley")
    with pytest.raises(ValidationError, match="Theo B. .* is not waiting for a family .stage: plan changed"):
        timeliness.what_if(s, changed, date(2027, 1, 4))
    records.archive(s, Child, changed)
    with pytest.raises(NotFound):
        timeliness.measures_for_child(s, changed)


def test_threshold_sets_added_checked_and_archived_with_their_history(s):
    before = count(s, "scorecard_thresholds")
    assert problems(timeliness.add_threshold_set, s, ThresholdSet("  ", 1999, 0, 100)) == [
        "Name: is required", "First year: must be a year from 2000 to 2100 (the period starts on 1 April of it)",
        "A1 threshold: must be a number of days, more than 0"]
    assert problems(timeliness.add_threshold_set, s, ThresholdSet("adoption scorecard 2014–17", 2015, 400, 100)) == [
        "Name: “adoption scorecard 2014–17” is already a threshold set"]
    assert count(s, "scorecard_thresholds") == before  # nothing saved half-way
    own = timeliness.add_threshold_set(s, ThresholdSet(" Northshire target 2023–26 ", 2023, 450, 150)).record_id
    found = timeliness.cohort_for(s, *PERIOD)
    assert found.threshold.name == "Northshire target 2023–26" and found.threshold.id == own
    timeliness.archive_threshold_set(s, own)
    assert own not in [t.id for t in timeliness.threshold_sets(s)]
    assert own in [t.id for t in timeliness.threshold_sets(s, include_archived=True)]
    assert timeliness.cohort_for(s, *PERIOD).threshold.first_year == 2014  # archived: no longer chosen
    assert timeliness.cohort_for(s, *PERIOD, threshold_id=own).threshold.a1_days == 450  # unless asked for
    trail = s.database().execute("SELECT action, who FROM audit WHERE table_name = 'scorecard_thresholds' "
                                 "AND record_id = ? ORDER BY id", [own]).fetchall()
    assert [tuple(r) for r in trail] == [("insert", "Test Worker"), ("archive", "Test Worker")]


def test_the_foster_carers_fields_are_checked_and_saved_on_the_childs_record(s):
    ivy = Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2021, 3, 1), sex="F",
                stage="agency_decision", stage_date=date(2022, 6, 1), date_entered_care=date(2022, 1, 10))
    before = count(s, "children")
    label = "Moved in with those foster carers"
    assert problems(records.add, s, Child(**{**ivy.__dict__, "foster_carers_adopt": True})) == [
        f"{label}: is required when the foster carers are adopting"]
    assert problems(records.add, s, Child(**{**ivy.__dict__, "foster_carers_adopt": True,
                                             "foster_placement_date": date(2022, 1, 9)})) == [
        f"{label}: is before the date entered care (10/01/2022)"]
    assert problems(records.add, s, Child(**{**ivy.__dict__, "foster_carers_adopt": True,
                                             "foster_placement_date": date(2026, 11, 24)})) == [
        f"{label}: is in the future"]
    assert problems(records.add, s, Child(**{**ivy.__dict__, "foster_placement_date": date(2022, 2, 1)})) == [
        f"{label}: is only for foster carers who are adopting: tick “Foster carers are adopting” or clear the date"]
    assert count(s, "children") == before
    saved = records.add(s, Child(**{**ivy.__dict__, "foster_carers_adopt": True,
                                    "foster_placement_date": date(2022, 1, 10)})).record_id
    child = records.get(s, Child, saved)
    assert child.foster_carers_adopt is True and child.foster_placement_date == date(2022, 1, 10)
