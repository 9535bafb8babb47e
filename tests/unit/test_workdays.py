"""Working days skip weekends and English bank holidays (the real calendar, offline)."""
from datetime import date

import pytest

from homefinder_desktop.domain.workdays import WorkingDays
from homefinder_desktop.services.calendar import english_bank_holidays


@pytest.fixture(scope="module")
def days():
    return WorkingDays(english_bank_holidays())


def test_weekend_is_not_a_working_day(days):
    assert days.is_working_day(date(2026, 11, 23))  # Monday
    assert not days.is_working_day(date(2026, 11, 28))  # Saturday
    assert not days.is_working_day(date(2026, 11, 29))  # Sunday


def test_english_bank_holidays_are_skipped(days):
    # Christmas 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28th is the holiday.
    assert not days.is_working_day(date(2026, 12, 25))
    assert not days.is_working_day(date(2026, 12, 28))
    assert not days.is_working_day(date(2027, 1, 1))
    assert not days.is_working_day(date(2026, 8, 31))  # summer bank holiday in England
    assert days.is_working_day(date(2026, 8, 3))  # Scotland's summer holiday is not England's


def test_add_counts_from_the_next_day(days):
    assert days.add(date(2026, 11, 23), 5) == date(2026, 11, 30)  # Monday -> next Monday
    assert days.add(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday -> Monday
    assert days.add(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_add_across_christmas_and_new_year(days):
    # Fri 18/12: 21, 22, 23, 24 Dec, then 25 and 28 Dec (Boxing Day observed) are holidays: 29 Dec
    # is the 5th working day; 1 Jan is a holiday too, so the 8th is Monday 4 Jan.
    assert days.add(date(2026, 12, 18), 5) == date(2026, 12, 29)
    assert days.add(date(2026, 12, 18), 7) == date(2026, 12, 31)
    assert days.add(date(2026, 12, 18), 8) == date(2027, 1, 4)


def test_easter_next_year_is_known_without_asking_for_the_year_first():
    fresh = WorkingDays(english_bank_holidays())
    assert not fresh.is_working_day(date(2027, 3, 26))  # Good Friday 2027
    assert not fresh.is_working_day(date(2027, 3, 29))  # Easter Monday 2027


def test_between_is_the_inverse_of_add(days):
    start = date(2026, 12, 18)
    for n in range(0, 15):
        assert days.between(start, days.add(start, n)) == n
    assert days.between(date(2026, 11, 30), date(2026, 11, 23)) == -5


def test_injected_calendar():
    days = WorkingDays({date(2026, 11, 24)})
    assert days.add(date(2026, 11, 23), 1) == date(2026, 11, 25)


def test_negative_count_is_refused(days):
    with pytest.raises(ValueError):
        days.add(date(2026, 11, 23), -1)
