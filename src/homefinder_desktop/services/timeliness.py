"""Timeliness as the Adoption Scorecard measures it: a period's cohort against a threshold set,
one child's measures, "what if matched on" for a waiting child, and the threshold sets."""
from __future__ import annotations

import dataclasses
from datetime import date

from ..domain.errors import FieldProblem, NotFound, ValidationError
from ..domain.formatting import format_date
from ..domain.records import CHILD_STAGES, WAITING_STAGES, Child
from ..domain.timeliness import (ChildDates, Cohort, ThresholdSet, a1, a2, a10, check_period, cohort, threshold_for,
                                 threshold_problems)
from ..domain.timeliness import what_if as measures_if
from ..storage import audit
from ..storage import records as records_store
from ..storage import timeliness as store
from .changes import Changes
from .session import Session, reads

__all__ = ["cohort_for", "threshold_sets", "add_threshold_set", "archive_threshold_set", "measures_for_child",
           "waiting_children", "what_if"]


@reads
def cohort_for(session: Session, start: date, end: date, threshold_id: int | None = None) -> Cohort:
    """The children who moved in (A1, A10) or were matched (A2) from `start` to `end`, each
    measure averaged against a threshold set: the one chosen, or (None) the set whose period
    holds `end`, else the latest before it, else none. A period ending before it starts raises
    ValidationError (at "To"); a period with no child gives an empty Cohort."""
    check_period(start, end)
    db = session.database()
    if threshold_id is None:
        threshold = threshold_for(store.threshold_sets(db), start, end)
    else:
        try:
            threshold = store.threshold_set(db, threshold_id)
        except NotFound:
            raise ValidationError([FieldProblem("Threshold set", "is not a known threshold set")]) from None
    return cohort(store.child_dates(db, start, end), start, end, threshold)


# --- threshold sets --------------------------------------------------------------------------

@reads
def threshold_sets(session: Session, include_archived: bool = False) -> list[ThresholdSet]:
    """Oldest first; each with its id."""
    return store.threshold_sets(session.database(), include_archived)


def add_threshold_set(session: Session, new: ThresholdSet) -> Changes:
    """A council's own thresholds, or a newly published scorecard's. Names are unique (archived
    sets too: an old report still names its set)."""
    db = session.database()
    problems = threshold_problems(new, store.threshold_sets(db, include_archived=True))
    if problems:
        raise ValidationError(problems)
    with session.writing():
        threshold_id = store.add_threshold_set(db, dataclasses.replace(new, name=new.name.strip()), session.who)
    return Changes.of("scorecard_thresholds", record_id=threshold_id)


def archive_threshold_set(session: Session, threshold_id: int, archived: bool = True) -> Changes:
    """Off the pick list (or back on it); reports already made keep their numbers."""
    with session.writing():
        audit.set_archived(session.database(), "scorecard_thresholds", threshold_id, archived, session.who)
    return Changes.of("scorecard_thresholds", record_id=threshold_id)


# --- one child -------------------------------------------------------------------------------

def _dates(session: Session, child_id: int) -> ChildDates:
    found = store.dates_of_child(session.database(), child_id)
    if found is None:
        raise NotFound("That child is not on the list (archived, or no longer there).")
    return found


@reads
def measures_for_child(session: Session, child_id: int) -> tuple[ChildDates, dict[str, int | None]]:
    """The child's dates and their A1, A2 and A10 so far (None where a date is still missing)."""
    d = _dates(session, child_id)
    return d, {"a1": a1(d), "a2": a2(d), "a10": a10(d)}


@reads
def waiting_children(session: Session) -> list[ChildDates]:
    """The children a what-if can be asked about: still waiting, with no match yet; the longest
    in care first. Named by first name and initial, with their reference."""
    return store.waiting_children(session.database())


@reads
def what_if(session: Session, child_id: int, matched_on: date, moves_in_on: date | None = None) -> dict[str, int | None]:
    """For a child still waiting: {"a2": ..., "a1": ...} if the match were decided on `matched_on`
    and (if given) they moved in on `moves_in_on`. A2 is None without a placement order, A1 without
    a move-in date or a date of entering care. A date already past, a move before the match, or a
    child already matched is refused, naming the field."""
    d = _dates(session, child_id)
    if d.match_decided is not None or d.moved_in is not None:
        when = d.match_decided or d.moved_in
        raise ValidationError([FieldProblem("Child", f"{d.who} is already matched ({format_date(when)}): "
                                                     "their measures are in the report, not a what-if")])
    stage = records_store.get(session.database(), Child, child_id).stage
    if stage not in WAITING_STAGES:
        raise ValidationError([FieldProblem("Child", f"{d.who} is not waiting for a family "
                                                     f"(stage: {CHILD_STAGES[stage].lower()})")])
    today = session.today()
    problems = []
    if matched_on is None:
        problems.append(FieldProblem("Match date", "is required"))
    elif matched_on < today:
        problems.append(FieldProblem("Match date", f"is in the past: a waiting child's match can only be decided "
                                                   f"from today ({format_date(today)})"))
    elif d.placement_order and matched_on < d.placement_order:
        problems.append(FieldProblem("Match date", f"is before the placement order ({format_date(d.placement_order)})"))
    if moves_in_on is not None and matched_on is not None and moves_in_on < matched_on:
        problems.append(FieldProblem("Move-in date", "is before the match date: a child moves in after the match"))
    if problems:
        raise ValidationError(problems)
    return measures_if(d, matched_on, moves_in_on)
