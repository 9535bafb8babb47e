"""Reading and writing the records (agencies, workers, sibling groups, children, families, referrals)."""
from __future__ import annotations

from datetime import date

import sqlite_utils

from ..domain.links import Link
from ..domain.records import Agency, Child, Family, Record, Referral, SiblingGroup, StageChange, Worker
from . import audit
from .rows import from_row, to_row

TABLES: dict[type, str] = {
    Agency: "agencies", Worker: "workers", SiblingGroup: "sibling_groups",
    Child: "children", Family: "families", Referral: "referrals", Link: "links",
}
REFERENCE_PREFIX = {Child: "C", Family: "F", Referral: "R", Link: "L"}
STAGE_TABLES = {Child: ("child_stages", "child_id"), Family: ("family_stages", "family_id"),
                Referral: ("referral_statuses", "referral_id"), Link: ("link_statuses", "link_id")}
# The column a record's steps move (its table has it and <column>_date): referrals and links have a status.
STAGE_COLUMN = {Referral: "status", Link: "status"}


def table_for(cls: type) -> str:
    return TABLES[cls]


def get(db: sqlite_utils.Database, cls: type, record_id: int):
    return from_row(cls, audit.get_row(db, TABLES[cls], record_id))


def all_of(db: sqlite_utils.Database, cls: type, include_archived: bool = False,
           order_by: str = "id") -> list:
    where = "" if include_archived else "WHERE archived = 0"
    return [from_row(cls, r) for r in db.query(f"SELECT * FROM [{TABLES[cls]}] {where} ORDER BY {order_by}")]


def count(db: sqlite_utils.Database, cls: type, include_archived: bool = False) -> int:
    where = "" if include_archived else "WHERE archived = 0"
    return db.execute(f"SELECT count(*) FROM [{TABLES[cls]}] {where}").fetchone()[0]


def next_reference(db: sqlite_utils.Database, cls: type) -> str:
    prefix = REFERENCE_PREFIX[cls]
    # The id the next row will get (AUTOINCREMENT's counter), so reference and id agree and a
    # deleted record's reference is never given out again.
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [TABLES[cls]]).fetchone()
    return f"{prefix}-{(row[0] if row else 0) + 1:05d}"


def add(db: sqlite_utils.Database, record: Record, who: str) -> int:
    row = to_row(record)
    row.pop("id", None)
    if type(record) in REFERENCE_PREFIX and not row.get("reference"):
        row["reference"] = next_reference(db, type(record))
    return audit.insert(db, TABLES[type(record)], row, who)


def save(db: sqlite_utils.Database, record: Record, who: str) -> dict:
    row = to_row(record)
    record_id = row.pop("id")
    row.pop("archived", None)  # archiving is its own, audited action
    return audit.update(db, TABLES[type(record)], record_id, row, who)


def set_archived(db: sqlite_utils.Database, cls: type, record_id: int, archived: bool, who: str) -> dict:
    return audit.set_archived(db, TABLES[cls], record_id, archived, who)


def children_named(db: sqlite_utils.Database, first_name: str, last_name: str, date_of_birth: str,
                   exclude_id: int | None = None) -> list[dict]:
    """Children (archived too) with this name and date of birth, ignoring case and spaces."""
    return list(db.query(
        "SELECT id, reference, first_name, last_name, archived FROM children "
        "WHERE date_of_birth = ? AND lower(trim(first_name)) = lower(trim(?)) "
        "AND lower(trim(last_name)) = lower(trim(?)) AND id IS NOT ? ORDER BY id",
        [date_of_birth, first_name, last_name, exclude_id]))


def exists(db: sqlite_utils.Database, cls: type, record_id: int) -> bool:
    return db.execute(f"SELECT 1 FROM [{TABLES[cls]}] WHERE id = ?", [record_id]).fetchone() is not None


def stage_step_ids(db: sqlite_utils.Database, cls: type, record_id: int) -> list[int]:
    table, fk = STAGE_TABLES[cls]
    return [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE {fk} = ? ORDER BY id", [record_id])]


def stage_history(db: sqlite_utils.Database, cls: type, record_id: int) -> list[StageChange]:
    table, fk = STAGE_TABLES[cls]
    column = STAGE_COLUMN.get(cls, "stage")
    return [StageChange(stage=r[column], date=date.fromisoformat(r["date"]), reason=r["reason"],
                        recorded_by=r["recorded_by"], id=r["id"])
            for r in db.query(f"SELECT * FROM {table} WHERE {fk} = ? ORDER BY date, id", [record_id])]


def add_stage(db: sqlite_utils.Database, cls: type, record_id: int, change: StageChange, who: str) -> int:
    """Append a dated step and move the record's current stage to it."""
    table, fk = STAGE_TABLES[cls]
    column = STAGE_COLUMN.get(cls, "stage")
    step_id = audit.insert(db, table, {fk: record_id, column: change.stage,
                                       "date": change.date.isoformat(), "reason": change.reason,
                                       "recorded_by": who}, who)
    audit.update(db, TABLES[cls], record_id,
                 {column: change.stage, f"{column}_date": change.date.isoformat()}, who)
    return step_id


def names(db: sqlite_utils.Database, cls: type, include_archived: bool = True) -> dict[int, str]:
    """id -> name, for pick lists (agencies, workers, sibling groups; children by name and
    reference)."""
    where = "" if include_archived else "WHERE archived = 0"
    name = NAME_SQL.get(cls, "name")
    return {r["id"]: r["name"] for r in db.query(
        f"SELECT id, {name} AS name FROM [{TABLES[cls]}] {where} ORDER BY 2")}


NAME_SQL = {Child: "trim(first_name || ' ' || last_name) || ' (' || reference || ')'"}


def info(db: sqlite_utils.Database) -> dict[str, str]:
    return {r["key"]: r["value"] for r in db.query("SELECT key, value FROM database_info")}


def set_info(db: sqlite_utils.Database, values: dict[str, str], who: str) -> None:
    """Database settings (council and partner names). Audited like any record."""
    for key, value in values.items():
        audit.set_setting(db, key, value, who)
