"""The SQL behind backup, restore, check and export: copying a live encrypted database,
checking one page by page, and reading every table as it is.

Nothing here writes records. Errors are left as SQLite raises them; the services turn
them into sentences with `storage.db.worker_errors`.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlcipher3
import sqlite_utils

from ..domain.fund import entry_number
from .files import create_private_file

from .migrations import KNOWN, migrations

# The tables a worker's data lives in, in the order an export lists them.
EXPORT_ORDER = ["agencies", "workers", "sibling_groups", "children", "child_stages", "child_photos",
                "families", "family_stages", "referrals", "referral_statuses", "links", "link_statuses",
                "link_policies", "link_windows", "end_reasons", "meetings", "meeting_items", "actions",
                "event_children", "event_families", "matrix_catalogues", "matrices", "matrix_families",
                "matrix_needs", "matrix_cells", "fund_agreements", "fund_fee_schedules", "fund_entries",
                "fund_postings", "fund_assertions", "scorecard_thresholds", "audit",
                "database_info"]
INTERNAL_TABLES = {"_sqlite_migrations"}
AUDIT_TRIGGERS = {"audit_no_update", "audit_no_delete"}

Progress = Callable[[int, int, int], object]  # (status, remaining pages, total pages)


def copy_database(source: sqlite_utils.Database, target: Path, data_key: bytes, *,
                  pages: int = 64, progress: Progress | None = None) -> None:
    """Copy the open `source` database, page by page (SQLite's online backup), into a new
    file at `target`, encrypted with the same data key. `target` must not exist."""
    create_private_file(target)
    conn = sqlcipher3.connect(str(target))
    try:
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        conn.execute("PRAGMA cipher_log_level = NONE")
        source.conn.backup(conn, pages=pages, progress=progress)
    finally:
        conn.close()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_page_problems(path: Path, data_key: bytes) -> list[str]:
    """SQLCipher's page check on a file that has not been opened: it reads no table, so it
    works even when the pages holding the list of tables are damaged."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        conn.execute("PRAGMA cipher_log_level = NONE")
        return [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    finally:
        conn.close()


class PageCheck:
    """file_page_problems on a connection of its own, for a worker thread.

    SQLCipher's page check is one C loop: neither sqlite3_interrupt nor a progress handler
    stops it (measured), so `cancel()` can only stop it starting and have its answer ignored.
    It takes about 2 ms per MB, so whoever cancels simply waits for the thread."""

    def __init__(self, path: Path, data_key: bytes):
        self._path = path
        self._key_hex = data_key.hex()
        self._cancelled = threading.Event()

    def problems(self) -> list[str] | None:
        """The damaged pages ([] if none), or None if cancelled."""
        if self._cancelled.is_set():
            return None
        conn = sqlcipher3.connect(str(self._path))
        try:
            conn.execute(f"PRAGMA key = \"x'{self._key_hex}'\"")
            conn.execute("PRAGMA cipher_log_level = NONE")
            found = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        finally:
            conn.close()
            self._key_hex = ""
        return None if self._cancelled.is_set() else found

    def cancel(self) -> None:
        self._cancelled.set()


def cipher_problems(db: sqlite_utils.Database) -> list[str]:
    """SQLCipher's check of every page's HMAC: empty when every page is as it was written."""
    return [row[0] for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]


def structure_problems(db: sqlite_utils.Database, quick: bool = False) -> list[str]:
    """SQLite's own check of the b-trees and indexes: empty when it says 'ok'."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [row[0] for row in db.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(db: sqlite_utils.Database) -> list[tuple[str, int, str]]:
    """(table, rowid, referred-to table) for each row that points at a record that is not there."""
    return [(row[0], row[1], row[2]) for row in db.execute("PRAGMA foreign_key_check").fetchall()]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    applied = set(applied_migrations(db))
    return [name for name in KNOWN if name not in applied]


def audit_guard_present(db: sqlite_utils.Database) -> bool:
    names = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'").fetchall()}
    return AUDIT_TRIGGERS <= names


LEDGER_TRIGGERS = {"fund_entries_no_update", "fund_entries_no_delete", "fund_postings_no_update",
                   "fund_postings_no_delete"}


def ledger_problems(db: sqlite_utils.Database) -> list[str]:
    """What is wrong with the fund ledger, in words: its guard missing, or entries that do not
    balance (neither can happen through the program; a file changed by other means could)."""
    if not db["fund_entries"].exists():
        return []
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    problems = [] if LEDGER_TRIGGERS <= names else ["the protection that stops entries being changed is missing"]
    unbalanced = [r[0] for r in db.execute(
        "SELECT entry_id FROM fund_postings GROUP BY entry_id HAVING SUM(amount) <> 0 ORDER BY entry_id")]
    if unbalanced:
        problems.append(f"{len(unbalanced)} entr{'y does' if len(unbalanced) == 1 else 'ies do'} not balance "
                        f"(the first: {entry_number(unbalanced[0])})")
    return problems


def data_tables(db: sqlite_utils.Database) -> list[str]:
    """Every table holding the worker's data: the known ones first, then any newer ones."""
    present = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall() if row[0] not in INTERNAL_TABLES]
    return [t for t in EXPORT_ORDER if t in present] + [t for t in present if t not in EXPORT_ORDER]


def table_columns(db: sqlite_utils.Database, table: str) -> list[dict]:
    """Each column's name, declared type, whether it must have a value, and its default."""
    cols = []
    for cid, name, type_, notnull, default, pk in db.execute(f"PRAGMA table_info([{table}])").fetchall():
        cols.append({"name": name, "type": type_ or "ANY", "required": bool(notnull),
                     "default": default, "primary_key": bool(pk)})
    return cols


def foreign_keys(db: sqlite_utils.Database, table: str) -> list[dict]:
    return [{"column": row[3], "refers_to": f"{row[2]}.{row[4] or 'id'}"}
            for row in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()]


def table_rows(db: sqlite_utils.Database, table: str) -> Iterator[tuple]:
    """Every row of `table` in id order, values as stored."""
    yield from db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")


def row_count(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
