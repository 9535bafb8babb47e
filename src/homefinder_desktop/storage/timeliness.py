"""The dates the scorecard measures need, read for each child, and the threshold sets."""
from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.records import WAITING_STAGES
from ..domain.timeliness import ChildDates, ThresholdSet
from . import audit
from .rows import from_row

# Each child's dates: the match decided is their first "match agreed" step and moving in their
# first "placed" step (a later disruption and second placement does not restart the clock).
_DATES_SQL = """
    WITH steps AS (
        SELECT child_id,
               min(CASE WHEN stage = 'match_agreed' THEN date END) AS match_decided,
               min(CASE WHEN stage = 'placed' THEN date END) AS moved_in
        FROM child_stages WHERE stage IN ('match_agreed', 'placed') GROUP BY child_id)
    SELECT c.id, c.reference, c.first_name, c.last_name, c.date_entered_care, c.placement_order_date,
           s.match_decided, s.moved_in, c.foster_carers_adopt, c.foster_placement_date, c.archived
    FROM children c LEFT JOIN steps s ON s.child_id = c.id"""
_CURRENT = " WHERE c.archived = 0"  # one child's measures, and the children waiting: the records in use


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _child_dates(row: dict) -> ChildDates:
    # First name and initial only: the report is for a shared screen and partners' meetings.
    initial = f" {row['last_name'].strip()[0]}." if row["last_name"].strip() else ""
    return ChildDates(row["id"], row["first_name"].strip() + initial, _day(row["date_entered_care"]),
                      _day(row["placement_order_date"]), _day(row["match_decided"]), _day(row["moved_in"]),
                      bool(row["foster_carers_adopt"]), _day(row["foster_placement_date"]), row["reference"])


def child_dates(db: sqlite_utils.Database, start: date, end: date) -> list[ChildDates]:
    """Children who moved in or whose match was decided from `start` to `end`, archived ones too:
    a child adopted years ago is archived, and that must not change a past period's scorecard (the
    partnership report counts their placement)."""
    rows = db.query(f"SELECT * FROM ({_DATES_SQL}) WHERE moved_in BETWEEN :start AND :end "
                    "OR match_decided BETWEEN :start AND :end ORDER BY coalesce(moved_in, match_decided), id",
                    {"start": start.isoformat(), "end": end.isoformat()})
    return [_child_dates(r) for r in rows]


def dates_of_child(db: sqlite_utils.Database, child_id: int) -> ChildDates | None:
    """One child's dates (None when archived or not there)."""
    rows = list(db.query(f"{_DATES_SQL}{_CURRENT} AND c.id = ?", [child_id]))
    return _child_dates(rows[0]) if rows else None


def waiting_children(db: sqlite_utils.Database) -> list[ChildDates]:
    """Children (not archived) still waiting for a family: no match agreed, no move yet; the
    longest in care first."""
    return [_child_dates(r) for r in db.query(
        f"SELECT * FROM ({_DATES_SQL}{_CURRENT} AND c.stage IN ({', '.join('?' for _ in WAITING_STAGES)})) "
        "WHERE match_decided IS NULL AND moved_in IS NULL ORDER BY date_entered_care IS NULL, date_entered_care, id",
        list(WAITING_STAGES))]


# --- threshold sets -------------------------------------------------------------------------

def threshold_sets(db: sqlite_utils.Database, include_archived: bool = False) -> list[ThresholdSet]:
    where = "" if include_archived else "WHERE archived = 0"
    return [from_row(ThresholdSet, r)
            for r in db.query(f"SELECT * FROM scorecard_thresholds {where} ORDER BY first_year, name")]


def threshold_set(db: sqlite_utils.Database, threshold_id: int) -> ThresholdSet:
    return from_row(ThresholdSet, audit.get_row(db, "scorecard_thresholds", threshold_id))


def add_threshold_set(db: sqlite_utils.Database, new: ThresholdSet, who: str) -> int:
    return audit.insert(db, "scorecard_thresholds", {"name": new.name.strip(), "first_year": new.first_year,
                                                     "a1_days": new.a1_days, "a2_days": new.a2_days}, who)
