"""The lists the worker browses, filtered and sorted in SQL.

A register query returns only the ordered ids; the table model asks for the rows it is
about to show (Anki's browser does the same), so a list of 20,000 children opens at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass
class RegisterQuery:
    search: str = ""
    stage: str | None = None
    agency_kind: str | None = None
    include_archived: bool = False
    sort: str = "name"
    descending: bool = False


CHILD_SORTS = {
    "reference": "c.reference",
    "name": "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE",
    "date_of_birth": "c.date_of_birth",
    "sex": "c.sex",
    "stage": "c.stage",
    "stage_date": "c.stage_date",
    "sibling_group": "g.name COLLATE NOCASE",
    "social_worker": "w.name COLLATE NOCASE",
    "date_entered_care": "c.date_entered_care",
}

FAMILY_SORTS = {
    "reference": "f.reference",
    "name": "f.name COLLATE NOCASE",
    "agency": "a.name COLLATE NOCASE",
    "stage": "f.stage",
    "approval_date": "f.approval_date",
    "area": "f.area COLLATE NOCASE",
    "social_worker": "w.name COLLATE NOCASE",
}

_CHILD_FROM = """FROM children c
    LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
    LEFT JOIN workers w ON w.id = c.social_worker_id"""
_FAMILY_FROM = """FROM families f
    JOIN agencies a ON a.id = f.agency_id
    LEFT JOIN workers w ON w.id = f.social_worker_id"""


def _like(text: str) -> str:
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _order(sorts: dict, key: str, descending: bool, alias: str) -> str:
    expr = sorts.get(key, sorts["name"])
    direction = " DESC" if descending else ""
    parts = [p.strip() + direction for p in expr.split(",")]
    return ", ".join(parts) + f", {alias}.id{direction}"


def child_ids(db: sqlite_utils.Database, q: RegisterQuery) -> list[int]:
    where, params = [], []
    if not q.include_archived:
        where.append("c.archived = 0")
    if q.stage:
        where.append("c.stage = ?")
        params.append(q.stage)
    if q.search.strip():
        where.append("(c.first_name LIKE ? ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\' "
                     "OR c.reference LIKE ? ESCAPE '\\' OR g.name LIKE ? ESCAPE '\\')")
        params += [_like(q.search)] * 4
    sql = f"SELECT c.id {_CHILD_FROM} {'WHERE ' + ' AND '.join(where) if where else ''} " \
          f"ORDER BY {_order(CHILD_SORTS, q.sort, q.descending, 'c')}"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def child_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    sql = f"""SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.sex, c.stage,
              c.stage_date, c.date_entered_care, c.archived, g.name AS sibling_group,
              w.name AS social_worker {_CHILD_FROM} WHERE c.id IN ({marks})"""
    return {r["id"]: r for r in db.query(sql, ids)}


def family_ids(db: sqlite_utils.Database, q: RegisterQuery) -> list[int]:
    where, params = [], []
    if not q.include_archived:
        where.append("f.archived = 0")
    if q.stage:
        where.append("f.stage = ?")
        params.append(q.stage)
    if q.agency_kind:
        where.append("a.kind = ?")
        params.append(q.agency_kind)
    if q.search.strip():
        where.append("(f.name LIKE ? ESCAPE '\\' OR f.adopter_one LIKE ? ESCAPE '\\' "
                     "OR f.adopter_two LIKE ? ESCAPE '\\' OR f.reference LIKE ? ESCAPE '\\' "
                     "OR f.area LIKE ? ESCAPE '\\')")
        params += [_like(q.search)] * 5
    sql = f"SELECT f.id {_FAMILY_FROM} {'WHERE ' + ' AND '.join(where) if where else ''} " \
          f"ORDER BY {_order(FAMILY_SORTS, q.sort, q.descending, 'f')}"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def family_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    sql = f"""SELECT f.id, f.reference, f.name, f.adopter_one, f.adopter_two, f.stage, f.stage_date,
              f.approval_date, f.area, f.household, f.archived, a.name AS agency, a.kind AS agency_kind,
              w.name AS social_worker {_FAMILY_FROM} WHERE f.id IN ({marks})"""
    return {r["id"]: r for r in db.query(sql, ids)}


def stage_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {r["stage"]: r["n"] for r in db.query(
        "SELECT stage, count(*) AS n FROM children WHERE archived = 0 GROUP BY stage")}


def family_counts(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("""SELECT a.kind, f.stage, count(*) AS n FROM families f
                            JOIN agencies a ON a.id = f.agency_id WHERE f.archived = 0
                            GROUP BY a.kind, f.stage"""))
