"""The scorecard measures for a child and a cohort: A1, A2 (0 when matched first), A10 for foster
carers who adopt, averages against a threshold set, children left out and counted, a period that
ends before it starts refused, and "what if matched on".."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.timeliness import (SCORECARD_THRESHOLDS, ChildDates, ThresholdSet, a1, a2, a10, cohort,
                                                  threshold_problems, what_if)

IVY = ChildDates(1, "Ivy", entered_care=date(2012, 1, 10), placement_order=date(2012, 9, 3),
                 match_decided=date(2013, 2, 4), moved_in=date(2013, 3, 18))
THEO = ChildDates(2, "Theo", entered_care=date(2012, 5, 1), placement_order=date(2013, 6, 1),
                  match_decided=date(2013, 5, 20), moved_in=date(2013, 7, 1))   # matched before the order
ROSE = ChildDates(3, "Rose", entered_care=date(2011, 3, 1), placement_order=date(2011, 12, 1),
                  match_decided=date(2013, 1, 7), moved_in=date(2013, 4, 22), foster_carers_adopt=True,
                  moved_in_with_carers=date(2011, 3, 1))
NO_ORDER = ChildDates(4, "Mia", entered_care=date(2012, 2, 1), match_decided=date(2013, 6, 3), moved_in=date(2013, 8, 5))


def test_each_measure_for_one_child():
    assert a1(IVY) == 433 and a2(IVY) == 154 and a10(IVY) == 433
    assert a2(THEO) == 0                            # matched first: 0, not negative
    assert a1(ROSE) == 783 and a10(ROSE) == 0       # already home with the carers who adopt
    assert a2(NO_ORDER) is None


def test_a_cohort_averaged_against_a_threshold_set_says_who_is_left_out():
    thresholds = next(t for t in SCORECARD_THRESHOLDS if t.first_year == 2012)
    found = cohort([IVY, THEO, ROSE, NO_ORDER], date(2012, 4, 1), date(2015, 3, 31), thresholds)
    a1_result, a2_result, a10_result = found.results["a1"], found.results["a2"], found.results["a10"]
    assert a1_result.counted == 4 and a1_result.average == pytest.approx((433 + 426 + 783 + 551) / 4)
    assert a2_result.counted == 3 and a2_result.left_out == 1
    assert a2_result.average == pytest.approx((154 + 0 + 403) / 3)
    assert a10_result.average == pytest.approx((433 + 426 + 0 + 551) / 4)
    assert a1_result.describe() == ("A1: 548 days on average over 4 children, over the threshold of 547 days.")
    assert a2_result.describe() == ("A2: 186 days on average over 3 children, over the threshold of 182 days "
                                    "(1 left out: no placement order).")
    assert a10_result.within


def test_an_empty_period_says_so_and_a_backward_one_is_refused():
    found = cohort([IVY], date(2020, 4, 1), date(2023, 3, 31))
    assert found.empty and found.results["a1"].describe() == "A1: no child in the period to count."
    with pytest.raises(ValidationError, match="To: is before From: the period ends before it starts"):
        cohort([IVY], date(2015, 3, 31), date(2012, 4, 1))


def test_contradictory_dates_are_named_not_counted():
    odd = ChildDates(5, "Zara", entered_care=date(2013, 5, 1), moved_in=date(2013, 2, 1))
    found = cohort([odd], date(2012, 4, 1), date(2015, 3, 31))
    assert found.problems == ["Zara: moved in (01/02/2013) before entering care (01/05/2013)"]
    assert found.results["a1"].counted == 0 and found.results["a1"].left_out == 1


def test_what_if_matched_on_a_date():
    waiting = ChildDates(6, "Ella", entered_care=date(2025, 3, 3), placement_order=date(2025, 11, 17))
    assert what_if(waiting, date(2026, 12, 14)) == {"a2": 392, "a1": None}
    assert what_if(waiting, date(2026, 12, 14), date(2027, 2, 1)) == {"a2": 392, "a1": 700}


def test_threshold_sets_are_data_with_their_years():
    assert [t.label for t in SCORECARD_THRESHOLDS] == ["2011–14", "2012–15", "2013–16", "2014–17"]
    assert SCORECARD_THRESHOLDS[1].period == (date(2012, 4, 1), date(2015, 3, 31))
    bad = ThresholdSet(" ", 2020, 0, -3)
    assert [str(p) for p in threshold_problems(bad)] == [
        "Name: is required", "A1 threshold: must be a number of days, more than 0",
        "A2 threshold: must be a number of days, more than 0"]
    assert "is already a threshold set" in str(threshold_problems(SCORECARD_THRESHOLDS[0], SCORECARD_THRESHOLDS)[0])
