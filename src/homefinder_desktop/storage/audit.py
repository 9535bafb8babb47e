"""Writes that leave a trail: every insert, update, archive and delete writes an audit row
in the same transaction, naming who, when, which record, and each field's old and new value.

Callers hold the transaction (`with db.atomic():`); these functions refuse to run outside one,
so a change can never land without its audit row.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlite_utils

from ..domain.errors import NotFound
from ..domain.photos import describe_image


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def now() -> str:
    """The time an audited write is stamped with (UTC, ISO 8601), for records that keep it too."""
    return _now()


def _require_transaction(db: sqlite_utils.Database) -> None:
    if not db.conn.in_transaction:
        raise RuntimeError("audited writes must run inside db.atomic()")


def _without_bytes(changes: dict) -> dict:
    """A photo's bytes never go into the audit trail: its rows can never be changed or deleted,
    so a removed photo would live on there for ever. A description stands in for them."""
    def safe(value):
        return describe_image(bytes(value)) if isinstance(value, (bytes, bytearray, memoryview)) else value
    return {k: [safe(v) for v in pair] if isinstance(pair, list) else safe(pair) for k, pair in changes.items()}


def _write_audit(db, who: str, table: str, record_id: int, action: str, changes: dict) -> None:
    changes = _without_bytes(changes)
    db.execute(
        "INSERT INTO audit (at, who, table_name, record_id, action, changes) VALUES (?,?,?,?,?,?)",
        [_now(), who, table, record_id, action, json.dumps(changes, ensure_ascii=False, default=str)],
    )


def insert(db: sqlite_utils.Database, table: str, values: dict, who: str) -> int:
    _require_transaction(db)
    cols = [k for k in values if k != "id"]
    cur = db.execute(
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [values[c] for c in cols],
    )
    record_id = cur.lastrowid
    _write_audit(db, who, table, record_id, "insert",
                 {c: [None, values[c]] for c in cols if values[c] not in (None, "")})
    return record_id


def get_row(db: sqlite_utils.Database, table: str, record_id: int) -> dict:
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]))
    if not rows:
        raise NotFound(f"That record ({table} {record_id}) no longer exists.")
    return rows[0]


def update(db: sqlite_utils.Database, table: str, record_id: int, values: dict, who: str,
           action: str = "update") -> dict:
    """Change only the fields that differ; return {field: [old, new]} (empty if nothing changed)."""
    _require_transaction(db)
    old = get_row(db, table, record_id)
    changes = {k: [old[k], v] for k, v in values.items() if k != "id" and old.get(k) != v}
    if changes:
        db.execute(
            f"UPDATE [{table}] SET {', '.join(f'[{k}] = ?' for k in changes)} WHERE id = ?",
            [v[1] for v in changes.values()] + [record_id],
        )
        _write_audit(db, who, table, record_id, action, changes)
    return changes


def set_archived(db: sqlite_utils.Database, table: str, record_id: int, archived: bool, who: str) -> dict:
    return update(db, table, record_id, {"archived": int(archived)}, who,
                  action="archive" if archived else "restore")


def delete(db: sqlite_utils.Database, table: str, record_id: int, who: str, reason: str) -> None:
    """Only for a record entered in error: the audit keeps every value it had, and why it went."""
    _require_transaction(db)
    old = get_row(db, table, record_id)
    db.execute(f"DELETE FROM [{table}] WHERE id = ?", [record_id])
    changes = {k: [v, None] for k, v in old.items() if k != "id" and v not in (None, "")}
    changes["reason for deletion"] = [None, reason]
    _write_audit(db, who, table, record_id, "delete", changes)


def set_setting(db: sqlite_utils.Database, key: str, value: str, who: str) -> None:
    """A database setting (database_info is keyed by name, so its audit rows use the rowid)."""
    _require_transaction(db)
    existing = list(db.query("SELECT rowid AS id, value FROM database_info WHERE key = ?", [key]))
    if existing:
        if existing[0]["value"] != value:
            db.execute("UPDATE database_info SET value = ? WHERE key = ?", [value, key])
            _write_audit(db, who, "database_info", existing[0]["id"], "update", {key: [existing[0]["value"], value]})
    else:
        cur = db.execute("INSERT INTO database_info (key, value) VALUES (?, ?)", [key, value])
        _write_audit(db, who, "database_info", cur.lastrowid, "insert", {key: [None, value]})


def history(db: sqlite_utils.Database, table: str, record_id: int) -> list[dict]:
    """Every change to one record, oldest first, with changes decoded."""
    rows = db.query(
        "SELECT id, at, who, action, changes FROM audit WHERE table_name = ? AND record_id = ? ORDER BY id",
        [table, record_id])
    return [{**r, "changes": json.loads(r["changes"])} for r in rows]


def recent(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    rows = db.query("SELECT id, at, who, table_name, record_id, action, changes FROM audit "
                    "ORDER BY id DESC LIMIT ?", [limit])
    return [{**r, "changes": json.loads(r["changes"])} for r in rows]
