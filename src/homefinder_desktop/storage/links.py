"""Reading and writing links' windows, the versions of the in-house-first rule, the list of
reasons a link did not progress, and the lists of links the Links page and the Start page show."""
from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.link_windows import HISTORIC_POLICIES, LinkPolicy, Phase
from ..domain.links import DEFAULT_END_REASONS, Link, LinkParty
from . import audit
from .rows import from_row

# The name a link's row shows for its child or its sibling group.
UNIT_NAME_SQL = ("COALESCE(trim(c.first_name || ' ' || c.last_name) || ' (' || c.reference || ')', "
                 "g.name || ' (sibling group)')")
_ROW_SQL = f"""
    SELECT l.id, l.reference, l.child_id, l.sibling_group_id, l.family_id, l.status, l.status_date,
           l.identified_on, l.found_at, l.archived, {UNIT_NAME_SQL} AS unit, f.name AS family,
           a.name AS agency, a.kind AS agency_kind, w.opens, w.closes, w.answer, w.answered_on,
           w.who AS window_who, p.name AS policy
    FROM links l
    LEFT JOIN children c ON c.id = l.child_id
    LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id
    JOIN families f ON f.id = l.family_id
    LEFT JOIN agencies a ON a.id = f.agency_id
    LEFT JOIN link_windows w ON w.link_id = l.id
    LEFT JOIN link_policies p ON p.id = w.policy_id"""


# --- rule versions ------------------------------------------------------------------------------

def _policy(row: dict) -> LinkPolicy:
    phases = tuple(Phase(p["who"], int(p["length"]), p.get("unit", "working")) for p in json.loads(row["phases"]))
    return LinkPolicy(row["name"], date.fromisoformat(row["effective_from"]), phases,
                      date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
                      row["note"], row["id"])


def policies(db: sqlite_utils.Database) -> list[LinkPolicy]:
    return [_policy(r) for r in db.query("SELECT * FROM link_policies WHERE archived = 0 ORDER BY effective_from")]


def policy(db: sqlite_utils.Database, policy_id: int) -> LinkPolicy:
    return _policy(audit.get_row(db, "link_policies", policy_id))


def add_policy(db: sqlite_utils.Database, new: LinkPolicy, who: str) -> int:
    phases = json.dumps([{"who": p.who, "length": p.length, "unit": p.unit} for p in new.phases])
    return audit.insert(db, "link_policies", {
        "name": new.name.strip(), "effective_from": new.effective_from.isoformat(),
        "effective_to": new.effective_to.isoformat() if new.effective_to else None,
        "phases": phases, "note": new.note}, who)


# --- reasons a link did not progress ------------------------------------------------------------

def end_reasons(db: sqlite_utils.Database, include_archived: bool = False) -> list[dict]:
    where = "" if include_archived else "WHERE archived = 0"
    return list(db.query(f"SELECT id, name, archived FROM end_reasons {where} ORDER BY id"))


def end_reason_named(db: sqlite_utils.Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM end_reasons WHERE lower(trim(name)) = lower(trim(?)) ORDER BY archived, id",
                     [name]).fetchone()
    return row[0] if row else None


def add_end_reason(db: sqlite_utils.Database, name: str, who: str) -> int:
    return audit.insert(db, "end_reasons", {"name": name.strip()}, who)


def seed(db: sqlite_utils.Database, who: str) -> None:
    """A new database's rule versions (the partnership's history) and reasons a link ends."""
    for version in HISTORIC_POLICIES:
        add_policy(db, version, who)
    for name in DEFAULT_END_REASONS:
        add_end_reason(db, name, who)


# --- windows ----------------------------------------------------------------------------------

def window_of(db: sqlite_utils.Database, link_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM link_windows WHERE link_id = ?", [link_id]))
    return rows[0] if rows else None


def add_window(db: sqlite_utils.Database, link_id: int, policy_id: int, who_for: str, opens: date, closes: date,
               who: str) -> int:
    return audit.insert(db, "link_windows", {"link_id": link_id, "policy_id": policy_id, "who": who_for,
                                             "opens": opens.isoformat(), "closes": closes.isoformat()}, who)


# --- links of one child or group, and their families ------------------------------------------

def links_of_unit(db: sqlite_utils.Database, child_id: int | None, group_id: int | None) -> list[Link]:
    column, value = ("child_id", child_id) if child_id is not None else ("sibling_group_id", group_id)
    return [from_row(Link, r) for r in db.query(
        f"SELECT * FROM links WHERE {column} = ? AND archived = 0 ORDER BY id", [value])]


def placed_children_in_group(db: sqlite_utils.Database, group_id: int) -> list[str]:
    """Children of a group placed through a link of their own."""
    return [r[0] for r in db.execute(
        "SELECT trim(c.first_name || ' ' || c.last_name) FROM children c JOIN links l ON l.child_id = c.id "
        "WHERE c.sibling_group_id = ? AND l.status = 'placed' AND l.archived = 0", [group_id])]


def parties(db: sqlite_utils.Database, link_ids: list[int]) -> list[LinkParty]:
    if not link_ids:
        return []
    marks = ",".join("?" for _ in link_ids)
    return [LinkParty(r["id"], r["reference"], r["family"], r["agency"] or "", r["kind"] or "other",
                      r["worker"] or "") for r in db.query(
        f"""SELECT l.id, l.reference, f.name AS family, a.name AS agency, a.kind, w.name AS worker
            FROM links l JOIN families f ON f.id = l.family_id LEFT JOIN agencies a ON a.id = f.agency_id
            LEFT JOIN workers w ON w.id = f.social_worker_id WHERE l.id IN ({marks}) ORDER BY l.id""", link_ids)]


def unit_social_workers(db: sqlite_utils.Database, child_id: int | None, group_id: int | None) -> list[str]:
    """The child's social worker, or each of a group's children's (names, once each)."""
    column, value = ("c.id", child_id) if child_id is not None else ("c.sibling_group_id", group_id)
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT w.name FROM children c JOIN workers w ON w.id = c.social_worker_id "
        f"WHERE {column} = ? AND c.archived = 0 ORDER BY w.name", [value])]


def unit_name(db: sqlite_utils.Database, child_id: int | None, group_id: int | None) -> str:
    if child_id is not None:
        row = db.execute("SELECT trim(first_name || ' ' || last_name) FROM children WHERE id = ?", [child_id]).fetchone()
    else:
        row = db.execute("SELECT name FROM sibling_groups WHERE id = ?", [group_id]).fetchone()
    return row[0] if row else ""


# --- the lists --------------------------------------------------------------------------------

def link_rows(db: sqlite_utils.Database, *, active_only: bool = True, child_id: int | None = None,
              family_id: int | None = None, changed_before: date | None = None,
              include_archived: bool = False) -> list[dict]:
    """Links with their child or group, family, agency kind and window. A child's links include
    those of their sibling group."""
    where, args = [], []
    if not include_archived:
        where.append("l.archived = 0")
    if active_only:
        where.append("l.status NOT IN ('placed', 'ended')")
    if child_id is not None:
        where.append("(l.child_id = ? OR l.sibling_group_id = (SELECT sibling_group_id FROM children WHERE id = ?))")
        args += [child_id, child_id]
    if family_id is not None:
        where.append("l.family_id = ?")
        args.append(family_id)
    if changed_before is not None:
        where.append("COALESCE(l.status_date, l.identified_on) < ?")
        args.append(changed_before.isoformat())
    sql = _ROW_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY l.status_date, l.id"
    return list(db.query(sql, args))


def unanswered_windows(db: sqlite_utils.Database, closing_by: date) -> list[dict]:
    """Windows not yet answered on active links that close on or before `closing_by`."""
    return list(db.query(_ROW_SQL + " WHERE l.archived = 0 AND l.status NOT IN ('placed', 'ended') "
                         "AND w.answer = '' AND w.closes <= ? ORDER BY w.closes, l.id", [closing_by.isoformat()]))
