"""Working days: Monday to Friday, less English bank holidays.

The calendar of holidays is injected (any container answering `day in holidays`), so the domain
stays plain Python: the program passes the `holidays` package's England calendar
(services.calendar.working_days()).
"""
from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta


class WorkingDays:
    """Counting working days against one calendar of bank holidays."""

    def __init__(self, holidays: Container[date]):
        self.holidays = holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (which itself does not count):
        5 working days from Friday 18/12/2026 is Monday 04/01/2027 (Christmas, Boxing Day
        and New Year's Day observed are skipped)."""
        if count < 0:
            raise ValueError("count must not be negative")
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is earlier)."""
        if end < start:
            return -self.between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
