"""The demo's windows under the rule, reasons for the links that did not progress, and a few fresh
links so the Start page has something to chase: some overdue, one due today, some due this week,
and one child with competing interest (an in-house and a partner family). All fictional."""
from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from ..domain.link_windows import policy_in_force, window_for
from ..domain.links import Link
from ..domain.records import StageChange
from ..storage import audit
from ..storage import links as link_store
from ..storage import records as store
from .calendar import working_days

# The demo's free-text reasons (demo_profiles.ENDED_REASONS), each with its place on the list.
REASON_FOR = {"health": "Child's needs could not be met", "matching-matrix": "Another family chosen at matching meeting",
              "withdrew": "Family withdrew interest", "contact plan": "Child's needs could not be met",
              "circumstances": "Family withdrew interest"}


def _agency_kinds(db) -> dict[int, str]:
    return {r["id"]: r["kind"] for r in db.query(
        "SELECT f.id, a.kind FROM families f JOIN agencies a ON a.id = f.agency_id")}


def _open_window(db, who: str, link_id: int, identified: date, kind: str, answered: bool) -> tuple[date, date] | None:
    rule = policy_in_force(link_store.policies(db), identified)
    if rule is None:
        return None
    window = window_for(identified, kind, rule, working_days())
    window_id = link_store.add_window(db, link_id, rule.id, window.who, window.opens, window.closes, who)
    if answered:
        audit.update(db, "link_windows", window_id, {"answer": "pursue", "answered_on": window.opens.isoformat()}, who)
    return window.opens, window.closes


def _identified_for(closes_on: date, kind: str, db) -> date | None:
    """A day to identify a link on so its family's window closes on `closes_on`."""
    for back in range(0, 30):
        day = closes_on - timedelta(days=back)
        rule = policy_in_force(link_store.policies(db), day)
        if rule and window_for(day, kind, rule, working_days()).closes == closes_on:
            return day
    return None


def add_windows(db: sqlite_utils.Database, who: str, today: date) -> int:
    """Windows for the demo's links, reasons for its ended links, and the fresh links. Returns
    how many links were added."""
    kinds = _agency_kinds(db)
    for row in list(db.query("SELECT id, family_id, identified_on, status, ended_reason FROM links ORDER BY id")):
        identified = date.fromisoformat(row["identified_on"])
        _open_window(db, who, row["id"], identified, kinds.get(row["family_id"], "other"),
                     answered=row["status"] != "identified")
        if row["status"] == "ended":
            name = next((v for k, v in REASON_FOR.items() if k in row["ended_reason"]), "Other")
            audit.update(db, "links", row["id"], {"end_reason_id": link_store.end_reason_named(db, name)}, who)
    free = [r["id"] for r in db.query(
        """SELECT c.id FROM children c LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
           WHERE c.archived = 0 AND c.stage = 'family_finding' AND (g.id IS NULL OR g.decision = 'apart')
           AND NOT EXISTS (SELECT 1 FROM links l WHERE l.child_id = c.id) ORDER BY c.id""")]
    families = {kind: [r["id"] for r in db.query(
        "SELECT f.id FROM families f JOIN agencies a ON a.id = f.agency_id WHERE f.stage = 'approved' "
        "AND f.archived = 0 AND a.kind = ? AND NOT EXISTS (SELECT 1 FROM links l WHERE l.family_id = f.id "
        "AND l.status NOT IN ('placed', 'ended')) ORDER BY f.id", [kind])] for kind in ("own", "partner")}
    # (days from today the window closes, whose family); the first two share a child: competing
    # interest between a partner family and an in-house one. Then one due today, and so on.
    plans = [(1, "partner"), (2, "own"), (0, "own"), (3, "own"), (-3, "own")]
    made = 0
    for i, (offset, kind) in enumerate(plans):
        if not free or not families[kind]:
            continue
        child_id = free.pop(0)
        family_id = families[kind].pop(0)
        identified = _identified_for(today + timedelta(days=offset), kind, db)
        if identified is None or identified > today:
            continue
        link_id = store.add(db, Link(child_id=child_id, family_id=family_id, identified_on=identified,
                                     found_at="homefinder_meeting", status="identified", status_date=identified,
                                     notes="Identified at the Homefinder meeting"), who)
        store.add_stage(db, Link, link_id, StageChange("identified", identified), who)
        _open_window(db, who, link_id, identified, kind, answered=False)
        if i == 0:
            free.insert(0, child_id)  # the next (in-house) family is interested in the same child
        made += 1
    return made
