"""Timeliness as the Adoption Scorecard measures it, for each child and for a cohort.

  A1   days from entering care to moving in with the adoptive family
  A2   days from the placement order (the court's authority to place) to the match decision;
       0 when the match was decided first (a child matched before the order)
  A10  A1, but for a child adopted by their foster carers counted to the day they moved in with
       those carers (the child did not wait to move: they were already home)

A cohort is the children who moved in (A1, A10) or were matched (A2) within a period; a period's
averages are set against a threshold set, which is data (the years it applies to and its days).
A child without the dates a measure needs is left out of that measure, and the cohort says how many.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .errors import FieldProblem, ValidationError
from .formatting import format_date

MEASURES = {"a1": "A1: entering care to moving in with the adoptive family",
            "a2": "A2: placement order to the match decision",
            "a10": "A10: entering care to moving in, counted from the foster placement when foster carers adopt"}


@dataclass(frozen=True)
class ChildDates:
    """The dates the measures need, for one child."""

    child_id: int
    name: str = ""
    entered_care: date | None = None
    placement_order: date | None = None
    match_decided: date | None = None
    moved_in: date | None = None               # placed with the adoptive family
    foster_carers_adopt: bool = False
    moved_in_with_carers: date | None = None   # when foster carers adopt: the foster placement began
    reference: str = ""

    @property
    def who(self) -> str:
        """The child as a report names them: "Ivy A. (C-00012)"."""
        name = self.name or "A child"
        return f"{name} ({self.reference})" if self.reference else name


def a1(d: ChildDates) -> int | None:
    if d.entered_care is None or d.moved_in is None:
        return None
    return (d.moved_in - d.entered_care).days


def a2(d: ChildDates) -> int | None:
    """None without a placement order or a match; 0 when the match came first."""
    if d.placement_order is None or d.match_decided is None:
        return None
    return max((d.match_decided - d.placement_order).days, 0)


def a10(d: ChildDates) -> int | None:
    if d.foster_carers_adopt and d.moved_in_with_carers is not None and d.entered_care is not None:
        return max((d.moved_in_with_carers - d.entered_care).days, 0)
    return a1(d)


def date_problems(d: ChildDates) -> list[str]:
    """Dates out of order, in words (a measure is not counted for a child whose dates contradict)."""
    out = []
    if d.entered_care and d.moved_in and d.moved_in < d.entered_care:
        out.append(f"{d.who}: moved in ({format_date(d.moved_in)}) before entering care "
                   f"({format_date(d.entered_care)})")
    return out


@dataclass(frozen=True)
class ThresholdSet:
    """A scorecard's thresholds for the three-year period starting 1 April `first_year`."""

    name: str
    first_year: int
    a1_days: int
    a2_days: int
    # Where it is kept, and whether it is off the pick list: not part of what the set says.
    id: int | None = field(default=None, compare=False)
    archived: bool = field(default=False, compare=False)

    @property
    def period(self) -> tuple[date, date]:
        return date(self.first_year, 4, 1), date(self.first_year + 3, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first_year}–{(self.first_year + 3) % 100:02d}"


# The published scorecard thresholds (days) for the three-year periods they applied to; a
# council may add its own sets.
SCORECARD_THRESHOLDS = (
    ThresholdSet("Adoption Scorecard 2011–14", 2011, 639, 213),
    ThresholdSet("Adoption Scorecard 2012–15", 2012, 547, 182),
    ThresholdSet("Adoption Scorecard 2013–16", 2013, 487, 152),
    ThresholdSet("Adoption Scorecard 2014–17", 2014, 426, 121),
)


FIRST_YEARS = (2000, 2100)  # a scorecard's first year, as the worker could mean it


def threshold_problems(t: ThresholdSet, existing: Sequence[ThresholdSet] = ()) -> list[FieldProblem]:
    p = []
    if not t.name.strip():
        p.append(FieldProblem("Name", "is required"))
    if isinstance(t.first_year, bool) or not isinstance(t.first_year, int) \
            or not FIRST_YEARS[0] <= t.first_year <= FIRST_YEARS[1]:
        p.append(FieldProblem("First year", f"must be a year from {FIRST_YEARS[0]} to {FIRST_YEARS[1]} "
                                            "(the period starts on 1 April of it)"))
    for label, days in (("A1 threshold", t.a1_days), ("A2 threshold", t.a2_days)):
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            p.append(FieldProblem(label, "must be a number of days, more than 0"))
    if any(o.name.strip().casefold() == t.name.strip().casefold() for o in existing):
        p.append(FieldProblem("Name", f"“{t.name.strip()}” is already a threshold set"))
    return p


@dataclass(frozen=True)
class MeasureResult:
    measure: str
    counted: int
    average: float | None
    left_out: int                     # children in the period this measure could not count
    threshold: int | None = None
    contradictory: int = 0            # of those left out, how many for dates that contradict

    @property
    def missing(self) -> int:
        """Left out for want of a date."""
        return self.left_out - self.contradictory

    @property
    def within(self) -> bool | None:
        if self.average is None or self.threshold is None:
            return None
        return self.average <= self.threshold

    def describe(self) -> str:
        name = MEASURES[self.measure].split(":")[0]
        if self.average is None:
            words = f"{name}: no child in the period to count"
        else:
            words = f"{name}: {self.average:,.0f} days on average over {self.counted} " \
                    f"{'child' if self.counted == 1 else 'children'}"
            if self.threshold is not None:
                verdict = "within" if self.within else "over"
                words += f", {verdict} the threshold of {self.threshold:,} days"
        why = [f"{n} left out: {reason}" for n, reason in ((self.missing, _left_out_reason(self.measure)),
                                                            (self.contradictory, "dates that contradict"))
               if n]
        if why:
            words += f" ({'; '.join(why)})"
        return words + "."


def _left_out_reason(measure: str) -> str:
    return {"a1": "no date of entering care", "a2": "no placement order",
            "a10": "no date of entering care"}[measure]


@dataclass
class Cohort:
    start: date
    end: date
    threshold: ThresholdSet | None
    results: dict[str, MeasureResult]
    per_child: list[tuple[ChildDates, dict[str, int | None]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: dict[int, str] = field(default_factory=dict)   # child_id -> why, in words

    @property
    def empty(self) -> bool:
        return not self.per_child

    def counts(self, d: ChildDates) -> dict[str, bool]:
        """Which measures the child belongs to in this period: A1 and A10 if they moved in
        within it, A2 if their match was decided within it."""
        return counts_in(d, self.start, self.end)


def counts_in(d: ChildDates, start: date, end: date) -> dict[str, bool]:
    moved = d.moved_in is not None and start <= d.moved_in <= end
    matched = d.match_decided is not None and start <= d.match_decided <= end
    return {"a1": moved, "a2": matched, "a10": moved}


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def check_period(start: date | None, end: date | None) -> None:
    p = []
    if start is None:
        p.append(FieldProblem("From", "is required"))
    if end is None:
        p.append(FieldProblem("To", "is required"))
    if start and end and end < start:
        p.append(FieldProblem("To", "is before From: the period ends before it starts"))
    if p:
        raise ValidationError(p)


def cohort(children: Iterable[ChildDates], start: date, end: date, threshold: ThresholdSet | None = None) -> Cohort:
    """The measures for the children who moved in (A1, A10) or whose match was decided (A2) from
    `start` to `end` inclusive, each averaged, set against `threshold`, and with how many were
    left out for want of a date."""
    check_period(start, end)
    rows, problems, why = [], [], {}
    values: dict[str, list[int]] = {"a1": [], "a2": [], "a10": []}
    left: dict[str, int] = {"a1": 0, "a2": 0, "a10": 0}
    contradicted: dict[str, int] = {"a1": 0, "a2": 0, "a10": 0}
    for d in children:
        belongs = counts_in(d, start, end)
        if not any(belongs.values()):
            continue
        found = date_problems(d)
        problems += found
        measures = {"a1": a1(d), "a2": a2(d), "a10": a10(d)} if not found else {"a1": None, "a2": None, "a10": None}
        reasons: dict[str, list[str]] = {}   # why -> the measures it left the child out of
        for key, in_cohort in belongs.items():
            if not in_cohort:
                measures[key] = None
                continue
            if measures[key] is None:
                left[key] += 1
                contradicted[key] += bool(found)
                reasons.setdefault("dates contradict" if found else _left_out_reason(key), []).append(key.upper())
            else:
                values[key].append(measures[key])
        if reasons:
            why[d.child_id] = "; ".join(reason if reason == "dates contradict" else f"{' and '.join(keys)}: {reason}"
                                        for reason, keys in reasons.items())
        rows.append((d, measures))
    limits = {"a1": threshold.a1_days if threshold else None, "a2": threshold.a2_days if threshold else None,
              "a10": threshold.a1_days if threshold else None}
    results = {k: MeasureResult(k, len(v), _mean(v), left[k], limits[k], contradicted[k]) for k, v in values.items()}
    return Cohort(start, end, threshold, results, rows, problems, why)


def threshold_for(sets: Iterable[ThresholdSet], start: date, end: date) -> ThresholdSet | None:
    """The set a period is judged against: one whose three years contain `end` (sharing the most
    days with the period, as the scorecards' periods overlap; then the latest), else the latest
    whose period ended before `end`, else None. Archived sets are not chosen."""
    sets = [t for t in sets if not t.archived]
    containing = [t for t in sets if t.period[0] <= end <= t.period[1]]
    if containing:
        def shared(t: ThresholdSet) -> int:
            return (min(end, t.period[1]) - max(start, t.period[0])).days
        return max(containing, key=lambda t: (shared(t), t.first_year))
    before = [t for t in sets if t.period[1] < end]
    return max(before, key=lambda t: t.first_year) if before else None


def last_three_years(today: date) -> tuple[date, date]:
    """The three financial years ending on the last 31 March before `today`."""
    year = today.year if today > date(today.year, 3, 31) else today.year - 1
    return date(year - 3, 4, 1), date(year, 3, 31)


def default_period(sets: Iterable[ThresholdSet], today: date) -> tuple[date, date]:
    """The period a report opens on: the three years of the latest threshold set that has started,
    when it is still running or the latest to have ended; otherwise the last three financial years
    (a set long past would open on an old, likely empty, period)."""
    started = [t for t in sets if not t.archived and t.period[0] <= today]
    recent = last_three_years(today)
    if started:
        latest = max(started, key=lambda t: t.first_year)
        if latest.period[1] >= recent[1]:
            return latest.period
    return recent


def what_if(d: ChildDates, matched_on: date, moves_in_on: date | None = None) -> dict[str, int | None]:
    """For a waiting child: A2 if the match were decided on `matched_on`, and A1 if they moved in
    on `moves_in_on` (if given)."""
    trial = ChildDates(d.child_id, d.name, d.entered_care, d.placement_order, matched_on, moves_in_on or d.moved_in,
                       d.foster_carers_adopt, d.moved_in_with_carers)
    return {"a2": a2(trial), "a1": a1(trial) if moves_in_on else None}


def what_if_words(result: dict[str, int | None], matched_on: date, moves_in_on: date | None,
                  threshold: ThresholdSet | None) -> list[str]:
    """what_if's answer in sentences, each measure against the threshold (when there is one)."""
    def against(days: int, limit: int | None) -> str:
        if limit is None:
            return f"{days:,} days"
        return f"{days:,} days, {'within' if days <= limit else 'over'} the threshold of {limit:,} days"

    lines = []
    if result.get("a2") is None:
        lines.append("A2 cannot be counted: the child has no placement order yet.")
    else:
        lines.append(f"Matched on {format_date(matched_on)}: A2 would be "
                     f"{against(result['a2'], threshold.a2_days if threshold else None)}.")
    if moves_in_on is None:
        lines.append("Give a move-in date to see A1 as well.")
    elif result.get("a1") is None:
        lines.append("A1 cannot be counted: the child's date of entering care is not recorded.")
    else:
        lines.append(f"Moving in on {format_date(moves_in_on)}: A1 would be "
                     f"{against(result['a1'], threshold.a1_days if threshold else None)}.")
    return lines
