"""How long children have waited for a match, in the bands a Homefinder manager reads: under 3
months, 3–6, 6–12, 12–18, over 18 months (waiting as domain.records.waiting_since counts it)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WaitingBand:
    key: str
    label: str
    months: int               # the band begins at this many whole months of waiting
    until_months: int | None  # and ends before this many (None: no end)


WAITING_BANDS = (
    WaitingBand("under_3", "Under 3 months", 0, 3),
    WaitingBand("3_to_6", "3–6 months", 3, 6),
    WaitingBand("6_to_12", "6–12 months", 6, 12),
    WaitingBand("12_to_18", "12–18 months", 12, 18),
    WaitingBand("over_18", "Over 18 months", 18, None),
)
# Waiting children with no stage step on record (so no day they began waiting): said, not hidden.
NOT_RECORDED = WaitingBand("not_recorded", "Start not recorded", 0, None)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier; a day the month lacks becomes its last
    (31 May less 3 months is 28 or 29 February)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def band_starts(today: date) -> list[tuple[WaitingBand, date | None]]:
    """Each band with the last day a child may have begun waiting to be in it on `today` (None for
    the first band: any day up to today). A child who began waiting exactly 3 months ago has
    waited 3 months, so is in "3–6 months": a child is in the longest band whose day is on or after
    the day they began waiting."""
    return [(band, None if not band.months else months_before(today, band.months)) for band in WAITING_BANDS]

