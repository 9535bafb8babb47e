"""The calendar the program counts working days by: England's bank holidays, offline."""
from __future__ import annotations

import functools
from collections.abc import Container
from datetime import date

from ..domain.workdays import WorkingDays


def english_bank_holidays() -> Container[date]:
    # Imported here: `holidays` costs about 100 ms, and start-up does not need it.
    import holidays
    # expand=True (the default) adds each year's dates the first time a day in it is asked about,
    # so a window running into next January still skips New Year's Day.
    return holidays.country_holidays("GB", subdiv="ENG")


@functools.cache
def working_days() -> WorkingDays:
    return WorkingDays(english_bank_holidays())
