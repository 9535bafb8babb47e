"""The versioned rule that gives in-house families first refusal, then the partner's families."""
from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.link_windows import (HISTORIC_POLICIES, LinkPolicy, Phase, check_new_version,
                                                    policy_in_force, window_for)
from homefinder_desktop.domain.workdays import WorkingDays
from homefinder_desktop.services.calendar import english_bank_holidays

FIVE_FIVE = LinkPolicy("5/5 rule", date(2014, 2, 1), (Phase("own", 5), Phase("others", 5)))


@pytest.fixture(scope="module")
def days():
    return WorkingDays(english_bank_holidays())


def test_five_five_in_house_then_partner(days):
    monday = date(2026, 11, 2)
    own = window_for(monday, "own", FIVE_FIVE, days)
    partner = window_for(monday, "partner", FIVE_FIVE, days)
    assert (own.opens, own.closes) == (monday, date(2026, 11, 9))
    assert (partner.opens, partner.closes) == (date(2026, 11, 10), date(2026, 11, 16))
    assert own.policy_name == partner.policy_name == "5/5 rule"


def test_other_agencies_wait_with_the_partner(days):
    monday = date(2026, 11, 2)
    assert window_for(monday, "other", FIVE_FIVE, days) == window_for(monday, "partner", FIVE_FIVE, days)


def test_windows_skip_christmas(days):
    own = window_for(date(2026, 12, 18), "own", FIVE_FIVE, days)
    partner = window_for(date(2026, 12, 18), "partner", FIVE_FIVE, days)
    assert own.closes == date(2026, 12, 29)
    assert (partner.opens, partner.closes) == (date(2026, 12, 30), date(2027, 1, 6))  # 30, 31, 4, 5, 6


def test_every_historic_rule_is_expressible(days):
    friday = date(2026, 11, 6)
    closes = {p.name: (window_for(friday, "own", p, days).closes, window_for(friday, "partner", p, days).closes)
              for p in HISTORIC_POLICIES}
    assert closes["A fortnight each"] == (date(2026, 11, 20), date(2026, 12, 4))
    assert closes["10-day rule"] == (date(2026, 11, 20), date(2026, 12, 4))
    assert closes["5/10 rule"] == (date(2026, 11, 13), date(2026, 11, 27))
    assert closes["5/5 rule"] == (date(2026, 11, 13), date(2026, 11, 20))
    assert HISTORIC_POLICIES[2].describe() == ("5/10 rule: 5 working days for in-house families, then 10 working "
                                               "days for partner and other agencies' families")


def test_version_in_force_on_a_day():
    assert policy_in_force(HISTORIC_POLICIES, date(2012, 2, 29)) is None
    assert policy_in_force(HISTORIC_POLICIES, date(2013, 6, 1)).name == "10-day rule"
    assert policy_in_force(HISTORIC_POLICIES, date(2013, 11, 1)).name == "5/10 rule"
    assert policy_in_force(HISTORIC_POLICIES, date(2026, 11, 23)).name == "5/5 rule"


def test_a_version_set_to_end_leaves_a_gap():
    trial = LinkPolicy("Trial", date(2020, 1, 1), (Phase("own", 3),), effective_to=date(2020, 3, 31))
    policies = [FIVE_FIVE, trial]
    assert policy_in_force(policies, date(2020, 2, 1)).name == "Trial"
    assert policy_in_force(policies, date(2020, 4, 1)).name == "5/5 rule"


def test_window_state(days):
    w = window_for(date(2026, 11, 2), "own", FIVE_FIVE, days)  # 02/11 to 09/11
    assert w.state(date(2026, 11, 1)) == "not_yet_open"
    assert w.state(date(2026, 11, 2)) == "this_week"
    assert w.state(date(2026, 11, 9)) == "due_today"
    assert w.state(date(2026, 11, 10)) == "overdue"
    assert w.state(date(2026, 11, 10), answered=True) == "answered"
    long = window_for(date(2026, 11, 2), "partner", HISTORIC_POLICIES[2], days)
    assert long.state(date(2026, 11, 10)) == "open"


def test_same_start_day_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_new_version(list(HISTORIC_POLICIES), LinkPolicy("Again", date(2014, 2, 1), (Phase("own", 5),)))
    assert exc.value.problems[0].field == "Takes effect"
    assert "5/5 rule" in exc.value.problems[0].problem


def test_overlapping_an_explicit_range_is_refused():
    trial = LinkPolicy("Trial", date(2020, 1, 1), (Phase("own", 3),), effective_to=date(2020, 3, 31), id=1)
    inside = LinkPolicy("Inside", date(2020, 2, 1), (Phase("own", 5),))
    with pytest.raises(ValidationError, match="falls inside"):
        check_new_version([trial], inside)
    running_into = LinkPolicy("Before", date(2019, 12, 1), (Phase("own", 5),), effective_to=date(2020, 1, 15))
    with pytest.raises(ValidationError, match="runs into"):
        check_new_version([trial], running_into)
    # The next version after an open-ended one is not an overlap: it replaces it.
    check_new_version([FIVE_FIVE], LinkPolicy("5/3 rule", date(2027, 4, 1), (Phase("own", 5), Phase("others", 3))))


def test_incomplete_versions_are_refused():
    bad = LinkPolicy(" ", date(2027, 1, 1), (Phase("own", 0), Phase("own", 5, "fortnights")),
                     effective_to=date(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        check_new_version([], bad)
    fields = [p.field for p in exc.value.problems]
    assert fields.count("Windows") == 3 and "Name" in fields and "In force until" in fields
