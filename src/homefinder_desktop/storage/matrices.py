"""Reading and writing matching matrices: the catalogue's versions, the matrices, their families,
the child's needs per area and each family's cells; and what a shortlist reads."""
from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.matrix import Catalogue, Criterion, MatrixCell, MatrixDecision, Prefill
from ..domain.records import Family
from . import audit
from .links import UNIT_NAME_SQL
from .rows import from_row

# --- the catalogue ----------------------------------------------------------------------------

_CRITERION_FIELDS = ("code", "title", "question_for_child", "question_for_family", "prefill_rule")


def _catalogue(row: dict) -> Catalogue:
    criteria = tuple(Criterion(**{k: c.get(k) for k in _CRITERION_FIELDS}) for c in json.loads(row["criteria"]))
    return Catalogue(row["version"], date.fromisoformat(row["effective_from"]), criteria)


def catalogues(db: sqlite_utils.Database) -> list[tuple[int, Catalogue]]:
    """(row id, version), oldest first."""
    return [(r["id"], _catalogue(r)) for r in db.query("SELECT * FROM matrix_catalogues ORDER BY version")]


def catalogue(db: sqlite_utils.Database, catalogue_id: int) -> Catalogue:
    return _catalogue(audit.get_row(db, "matrix_catalogues", catalogue_id))


def add_catalogue(db: sqlite_utils.Database, new: Catalogue, who: str, note: str = "") -> int:
    criteria = [{k: getattr(c, k) for k in _CRITERION_FIELDS} for c in new.criteria]
    return audit.insert(db, "matrix_catalogues", {"version": new.version, "effective_from": new.effective_from.isoformat(),
                                                  "criteria": json.dumps(criteria), "note": note}, who)


# --- matrices ---------------------------------------------------------------------------------

def next_reference(db: sqlite_utils.Database) -> str:
    # The id the next row gets (AUTOINCREMENT's counter): a reference is never given out twice.
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'matrices'").fetchone()
    return f"MX-{(row[0] if row else 0) + 1:04d}"


def add_matrix(db: sqlite_utils.Database, values: dict, who: str) -> int:
    return audit.insert(db, "matrices", {"reference": next_reference(db), **values}, who)


def matrix_row(db: sqlite_utils.Database, matrix_id: int) -> dict:
    return audit.get_row(db, "matrices", matrix_id)


def update_matrix(db: sqlite_utils.Database, matrix_id: int, values: dict, who: str) -> dict:
    return audit.update(db, "matrices", matrix_id, values, who)


def decision_of(row: dict) -> MatrixDecision | None:
    if not row["decided_on"]:
        return None
    return MatrixDecision(row["family_id"], date.fromisoformat(row["decided_on"]), row["reason"],
                          row["social_worker"], row["manager"])


def next_version_of(db: sqlite_utils.Database, matrix_id: int) -> dict | None:
    rows = list(db.query("SELECT id, reference, version FROM matrices WHERE previous_id = ?", [matrix_id]))
    return rows[0] if rows else None


def family_ids(db: sqlite_utils.Database, matrix_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT family_id FROM matrix_families WHERE matrix_id = ? ORDER BY position, id",
                                     [matrix_id])]


def families(db: sqlite_utils.Database, matrix_id: int) -> list[Family]:
    return [from_row(Family, r) for r in db.query(
        "SELECT f.* FROM matrix_families m JOIN families f ON f.id = m.family_id WHERE m.matrix_id = ? "
        "ORDER BY m.position, m.id", [matrix_id])]


def add_family(db: sqlite_utils.Database, matrix_id: int, family_id: int, position: int, who: str) -> int:
    return audit.insert(db, "matrix_families", {"matrix_id": matrix_id, "family_id": family_id,
                                                "position": position}, who)


def remove_family(db: sqlite_utils.Database, matrix_id: int, family_id: int, who: str, reason: str) -> None:
    for table in ("matrix_cells", "matrix_families"):
        for (row_id,) in db.execute(f"SELECT id FROM {table} WHERE matrix_id = ? AND family_id = ?",
                                    [matrix_id, family_id]).fetchall():
            audit.delete(db, table, row_id, who, reason)


# --- needs and cells ----------------------------------------------------------------------------

def needs(db: sqlite_utils.Database, matrix_id: int) -> dict[str, str]:
    return {r["criterion"]: r["text"] for r in db.query(
        "SELECT criterion, text FROM matrix_needs WHERE matrix_id = ?", [matrix_id])}


def set_need(db: sqlite_utils.Database, matrix_id: int, criterion: str, text: str, who: str) -> None:
    row = db.execute("SELECT id FROM matrix_needs WHERE matrix_id = ? AND criterion = ?",
                     [matrix_id, criterion]).fetchone()
    if row is None:
        audit.insert(db, "matrix_needs", {"matrix_id": matrix_id, "criterion": criterion, "text": text}, who)
    else:
        audit.update(db, "matrix_needs", row[0], {"text": text}, who)


def prefill_json(found: Prefill | None) -> str:
    if found is None:
        return ""
    return json.dumps({"suggested": found.suggested, "hard_mismatch": found.hard_mismatch, "why": list(found.why),
                       "unknowns": found.unknowns, "mismatches": list(found.mismatches)})


def _prefill(text: str) -> Prefill | None:
    if not text:
        return None
    d = json.loads(text)
    return Prefill(d["suggested"], d["hard_mismatch"], tuple(d["why"]), d["unknowns"], tuple(d["mismatches"]))


def cells(db: sqlite_utils.Database, matrix_id: int) -> list[MatrixCell]:
    return [MatrixCell(r["criterion"], r["family_id"], r["rating"], r["strengths"], r["weaknesses"],
                       _prefill(r["prefill"]))
            for r in db.query("SELECT * FROM matrix_cells WHERE matrix_id = ? ORDER BY id", [matrix_id])]


def add_cell(db: sqlite_utils.Database, matrix_id: int, cell: MatrixCell, who: str) -> int:
    return audit.insert(db, "matrix_cells", {
        "matrix_id": matrix_id, "criterion": cell.criterion_code, "family_id": cell.family_id,
        "rating": cell.rating, "strengths": cell.strengths, "weaknesses": cell.weaknesses,
        "prefill": prefill_json(cell.prefill)}, who)


def cell_id(db: sqlite_utils.Database, matrix_id: int, criterion: str, family_id: int) -> int | None:
    row = db.execute("SELECT id FROM matrix_cells WHERE matrix_id = ? AND criterion = ? AND family_id = ?",
                     [matrix_id, criterion, family_id]).fetchone()
    return row[0] if row else None


def update_cell(db: sqlite_utils.Database, cell_row_id: int, values: dict, who: str) -> dict:
    return audit.update(db, "matrix_cells", cell_row_id, values, who)


# --- lists --------------------------------------------------------------------------------------

def matrix_rows(db: sqlite_utils.Database, *, child_id: int | None = None, group_id: int | None = None,
                include_superseded: bool = True) -> list[dict]:
    """Matrices, newest first, with the unit's name, how many families, and the family chosen."""
    where, args = ["m.archived = 0"], []
    if child_id is not None:
        where.append("m.child_id = ?")
        args.append(child_id)
    if group_id is not None:
        where.append("m.sibling_group_id = ?")
        args.append(group_id)
    if not include_superseded:
        where.append("NOT EXISTS (SELECT 1 FROM matrices n WHERE n.previous_id = m.id)")
    return list(db.query(
        f"""SELECT m.id, m.reference, m.child_id, m.sibling_group_id, m.held_on, m.version, m.decided_on,
                   m.family_id, {UNIT_NAME_SQL} AS unit, f.name AS chosen,
                   (SELECT count(*) FROM matrix_families mf WHERE mf.matrix_id = m.id) AS families,
                   (SELECT n.reference FROM matrices n WHERE n.previous_id = m.id) AS superseded_by
            FROM matrices m
            LEFT JOIN children c ON c.id = m.child_id
            LEFT JOIN sibling_groups g ON g.id = m.sibling_group_id
            LEFT JOIN families f ON f.id = m.family_id
            WHERE {' AND '.join(where)} ORDER BY m.held_on DESC, m.id DESC""", args))


def current_matrices(db: sqlite_utils.Database, child_ids: tuple[int, ...], group_id: int | None) -> list[dict]:
    """The matrices not superseded by a newer version for these children or this group."""
    out, seen = [], set()
    own = [("child_id", i) for i in child_ids] + ([("sibling_group_id", group_id)] if group_id is not None else [])
    for column, value in own:
        for r in db.query(f"SELECT id, reference, decided_on FROM matrices m WHERE m.{column} = ? AND m.archived = 0 "
                          "AND NOT EXISTS (SELECT 1 FROM matrices n WHERE n.previous_id = m.id) ORDER BY id", [value]):
            if r["id"] not in seen:
                seen.add(r["id"])
                out.append(r)
    return out


def shortlist_families(db: sqlite_utils.Database) -> list[Family]:
    """Every family, archived too: the shortlist says why a family is out rather than hide it."""
    return [from_row(Family, r) for r in db.query("SELECT * FROM families ORDER BY id")]


_LINK_COLUMNS = "id, reference, child_id, sibling_group_id, family_id, status, status_date"


def committing_links(db: sqlite_utils.Database, *, family_ids: list[int] | None = None,
                     child_ids: tuple[int, ...] = (), group_id: int | None = None) -> list[dict]:
    """What tells a shortlist or a matrix whether a family is free: the links at matching, panel or
    placed (of the families given, or of all), and this child's or group's own links in progress
    (a reason for a family, not against). Each part seeks its own index."""
    committing = "archived = 0 AND status IN ('matching', 'panel', 'placed')"
    if family_ids is not None:
        marks = ",".join("?" for _ in family_ids)
        rows = list(db.query(f"SELECT {_LINK_COLUMNS} FROM links WHERE family_id IN ({marks}) AND {committing}",
                             family_ids))
    else:
        rows = list(db.query(f"SELECT {_LINK_COLUMNS} FROM links WHERE {committing}"))
    seen = {r["id"] for r in rows}
    own = [("child_id", i) for i in child_ids] + ([("sibling_group_id", group_id)] if group_id is not None else [])
    for column, value in own:
        rows += [r for r in db.query(f"SELECT {_LINK_COLUMNS} FROM links WHERE {column} = ? AND archived = 0 "
                                     "AND status <> 'ended'", [value]) if r["id"] not in seen]
        seen.update(r["id"] for r in rows)
    return rows


def agency_kinds(db: sqlite_utils.Database) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute("SELECT id, kind FROM agencies")}
