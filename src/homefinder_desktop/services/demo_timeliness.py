"""The demo's timeliness stories: the children who moved in or were matched in the last three
financial years have dates that give plausible scorecard measures, some within the thresholds and
some over; one is adopted by her foster carers (A10), one was matched before the placement order
was made (A2 is 0) and one was placed with her birth parents' consent, with no placement order
(left out of A2). A council's own threshold set covers those three years.

`Stories` shapes the children as demo.generate makes them, on a random stream of its own, so every
other child and story stays as it was."""
from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from ..domain.records import Child, StageChange
from ..domain.timeliness import ThresholdSet, last_three_years
from ..storage import timeliness as store

STORIES = ("foster_carers_adopt", "matched_first", "consent")


def _on(steps: list[StageChange], stage: str) -> date | None:
    return next((s.date for s in steps if s.stage == stage), None)


class Stories:
    def __init__(self, today: date, seed: int):
        self.rng = random.Random(seed + 23)
        self.period = last_three_years(today)
        self.today = today
        self.todo = list(STORIES)
        self.story: str | None = None
        self.moved_in_period = False

    def _within(self, day: date | None) -> bool:
        return day is not None and self.period[0] <= day <= self.period[1]

    def unit_steps(self, steps: list[StageChange], size: int) -> list[StageChange]:
        """A child's (or sibling group's) steps, once per unit: its story chosen and, for one
        matched in the period, the placement order dated to give an A2 near the thresholds."""
        self.story = None
        matched, placed = _on(steps, "match_agreed"), _on(steps, "placed")
        self.moved_in_period = self._within(placed)
        if not self._within(matched) and not self.moved_in_period:
            return steps
        if size == 1 and self.moved_in_period:
            # A2's stories show only for a match decided in the period too.
            self.story = next((story for story in self.todo
                               if story == "foster_carers_adopt" or self._within(matched)), None)
            if self.story:
                self.todo.remove(self.story)
        if self.story in ("matched_first", "consent"):
            return [s for s in steps if s.stage != "placement_order"]
        order, searching = _on(steps, "placement_order"), _on(steps, "family_finding")
        if order is None or searching is None:
            return steps
        # The order lands between the agency decision and the search, as near the wanted A2 as that allows.
        wanted = matched - timedelta(days=self.rng.randint(50, 210))
        earliest, latest = steps[0].date + timedelta(days=14), searching - timedelta(days=1)
        day = min(max(wanted, earliest), latest) if earliest <= latest else order
        return [dataclasses.replace(s, date=day) if s.stage == "placement_order" else s for s in steps]

    def child(self, child: Child, steps: list[StageChange]) -> Child:
        """The child's own dates: entered care for an A1 near the thresholds, the placement order
        as their steps now say (after the match, or none), and the foster carers who adopt."""
        if not self.moved_in_period and self.story is None:
            return child
        decided, matched, placed = steps[0].date, _on(steps, "match_agreed"), _on(steps, "placed")
        changes: dict = {"placement_order_date": _on(steps, "placement_order")}
        if self.moved_in_period:
            # A child adopted by their foster carers often waited longest for the order: A10 tells it.
            a1 = self.rng.randint(640, 820) if self.story == "foster_carers_adopt" else self.rng.randint(330, 600)
            entered = min(placed - timedelta(days=a1), decided)
            changes["date_entered_care"] = max(entered, child.date_of_birth + timedelta(days=1))
        if self.story == "matched_first":
            changes["placement_order_date"] = min(matched + timedelta(days=12), placed - timedelta(days=1))
        if self.story == "foster_carers_adopt":
            changes.update(foster_carers_adopt=True,
                           foster_placement_date=changes["date_entered_care"] + timedelta(days=self.rng.randint(3, 40)))
        return dataclasses.replace(child, **changes)


def add_threshold_set(db, who: str, today: date) -> int:
    """The council's own target for the last three financial years, holding to the last published
    thresholds (audited, as a worker's would be)."""
    first = last_three_years(today)[0].year
    return store.add_threshold_set(db, ThresholdSet(f"Northshire target {first}–{(first + 3) % 100:02d}",
                                                    first, 426, 121), who)
