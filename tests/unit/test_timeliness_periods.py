"""Which threshold set judges a period, the period a report opens on, and "what if" in words."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.timeliness import (SCORECARD_THRESHOLDS, ChildDates, ThresholdSet, cohort, default_period,
                                                  last_three_years, threshold_for, what_if_words)

SETS = list(SCORECARD_THRESHOLDS)
LATEST = SCORECARD_THRESHOLDS[-1]


def test_the_set_whose_years_hold_the_end_and_share_most_of_the_period():
    assert threshold_for(SETS, date(2011, 4, 1), date(2014, 3, 31)).first_year == 2011
    assert threshold_for(SETS, date(2013, 4, 1), date(2014, 3, 31)).first_year == 2013  # 2011–16 all hold it
    assert threshold_for(SETS, date(2012, 7, 1), date(2015, 6, 30)).first_year == 2013
    assert threshold_for(SETS, date(2023, 4, 1), date(2026, 3, 31)) == LATEST  # none holds it: the latest before
    assert threshold_for(SETS, date(2008, 4, 1), date(2011, 3, 31)) is None  # none yet
    archived = ThresholdSet("Old", 2023, 400, 100, archived=True)
    assert threshold_for(SETS + [archived], date(2023, 4, 1), date(2026, 3, 31)) == LATEST


def test_a_report_opens_on_the_latest_set_still_relevant_else_the_last_three_years():
    assert last_three_years(date(2026, 11, 24)) == (date(2023, 4, 1), date(2026, 3, 31))
    assert last_three_years(date(2026, 3, 31)) == (date(2022, 4, 1), date(2025, 3, 31))
    assert default_period(SETS, date(2015, 6, 1)) == (date(2014, 4, 1), date(2017, 3, 31))  # still running
    assert default_period(SETS, date(2017, 5, 2)) == (date(2014, 4, 1), date(2017, 3, 31))  # just ended
    assert default_period(SETS, date(2026, 11, 24)) == (date(2023, 4, 1), date(2026, 3, 31))  # long past
    assert default_period([], date(2026, 11, 24)) == (date(2023, 4, 1), date(2026, 3, 31))
    own = ThresholdSet("Northshire target 2025–28", 2025, 426, 121)
    assert default_period(SETS + [own], date(2026, 11, 24)) == (date(2025, 4, 1), date(2028, 3, 31))


def test_children_left_out_are_named_with_the_reason_for_each_measure():
    no_care = ChildDates(1, "Ivy A.", placement_order=date(2023, 5, 1), match_decided=date(2023, 9, 1),
                         moved_in=date(2023, 10, 2), reference="C-00001")
    found = cohort([no_care], date(2023, 4, 1), date(2026, 3, 31), LATEST)
    assert found.left_out == {1: "A1 and A10: no date of entering care"}
    assert found.results["a10"].describe() == "A10: no child in the period to count (1 left out: no date of entering care)."


def test_what_if_in_words_against_the_threshold():
    assert what_if_words({"a2": 392, "a1": 700}, date(2026, 12, 14), date(2027, 2, 1), LATEST) == [
        "Matched on 14/12/2026: A2 would be 392 days, over the threshold of 121 days.",
        "Moving in on 01/02/2027: A1 would be 700 days, over the threshold of 426 days."]
    assert what_if_words({"a2": 90, "a1": None}, date(2026, 12, 14), None, LATEST) == [
        "Matched on 14/12/2026: A2 would be 90 days, within the threshold of 121 days.",
        "Give a move-in date to see A1 as well."]
    assert what_if_words({"a2": None, "a1": None}, date(2026, 12, 14), date(2027, 1, 4), None) == [
        "A2 cannot be counted: the child has no placement order yet.",
        "A1 cannot be counted: the child's date of entering care is not recorded."]
    assert what_if_words({"a2": 30, "a1": 400}, date(2026, 12, 14), date(2027, 1, 4), None)[1] == \
        "Moving in on 04/01/2027: A1 would be 400 days."
