"""Opening the encrypted database: every connection comes from here.

SQLCipher accepts any key without complaint (PRAGMA key always succeeds), so the key is
checked at once by reading sqlite_master. Errors a worker can act on (disk full, damaged
file, read-only folder) are told apart from bugs, as qutebrowser's sql.py does.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
import sqlite_utils

from ..domain.errors import (DatabaseDamaged, DatabaseInUse, DiskFull, HomefinderError,
                             NotADatabase, ReadOnlyLocation)
from .files import create_private_file, os_error_for_worker

SQLITE_HEADER = b"SQLite format 3\x00"

PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",  # SQLCipher would otherwise print to stderr
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",  # sorts and temp tables never touch the disk in plaintext
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 5000",
)

DAMAGED = ("The database file {name} is damaged, or its key file belongs to another database. "
           "Nothing was changed. Restore it from your latest backup (File > Restore from a backup), "
           "or run “homefinder check” for details.")


def translate(exc: Exception, name: str = "the database") -> HomefinderError | None:
    """A worker's sentence for an SQLite error they can act on, or None for a bug."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if code == "SQLITE_FULL" or "database or disk is full" in text:
        return DiskFull(f"The disk is full (the one that holds {name}), so the change was not saved. "
                        "Nothing was lost: free some space on it and save again.")
    if code.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnlyLocation(f"Homefinder may not write to {name}: the file or its folder is "
                                "read-only. Nothing was changed.")
    if code.startswith("SQLITE_BUSY") or code.startswith("SQLITE_LOCKED") or "database is locked" in text:
        return DatabaseInUse("The database is busy in another program. Nothing was changed; try again "
                             "in a moment.")
    if code in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or code.startswith("SQLITE_CORRUPT") \
            or "file is not a database" in text or "malformed" in text:
        return DatabaseDamaged(DAMAGED.format(name=name))
    if code.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return ReadOnlyLocation(f"Homefinder cannot open or create {name}: check that the folder "
                                "exists and that you may write to it.")
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return DiskFull(f"The disk reported an error while using {name}. Nothing was saved; check "
                        "the disk has space and is still connected, then try again.")
    return None


@contextlib.contextmanager
def worker_errors(name: str = "the database") -> Iterator[None]:
    """Re-raise SQLite errors a worker can act on as HomefinderError; leave bugs alone."""
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        mapped = translate(exc, name)
        if mapped is None:
            raise
        raise mapped from None


def connect(path: Path | str, data_key: bytes, *, must_exist: bool = True,
            verify_pages: bool = True) -> sqlite_utils.Database:
    """An open, keyed, checked connection with the project's pragmas.

    An existing file is checked page by page (SQLCipher's HMAC on every page, about 2 ms
    per MB) before it is used, so a file damaged anywhere is refused at once with a
    sentence instead of failing later in the middle of some screen. `homefinder check`
    passes verify_pages=False to report the damage itself."""
    path = Path(path)
    name = path.name
    if must_exist:
        if not path.exists():
            raise NotADatabase(f"There is no database at {path}.")
        if path.is_dir():
            raise NotADatabase(f"{path} is a folder, not a Homefinder database: choose the .hfdb file in it.")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head == SQLITE_HEADER:
            raise NotADatabase(f"{name} is an ordinary, unencrypted SQLite file, not a Homefinder "
                               "database. Nothing was changed.")
        if len(head) < 16:
            raise NotADatabase(f"{name} is empty or cut short: it is not a Homefinder database. "
                               "Restore it from your latest backup.")
    if not must_exist and not path.exists():
        try:
            create_private_file(path)
        except OSError as exc:
            raise os_error_for_worker(exc, f"creating {name}", path) from None
    with worker_errors(name):
        conn = sqlcipher3.connect(str(path), check_same_thread=False)
        try:
            conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
            conn.execute("PRAGMA cipher_log_level = NONE")
            # The key is right only if the first page decrypts and passes its HMAC.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if must_exist and verify_pages and conn.execute("PRAGMA cipher_integrity_check").fetchone():
                raise DatabaseDamaged(DAMAGED.format(name=name))
            for pragma in PRAGMAS:
                conn.execute(pragma).fetchall()
        except Exception:
            conn.close()
            raise
    # No sqlite-utils plugins: any installed package could otherwise hook into this connection
    # to the council's records (and finding them scans every installed package, 12 ms).
    return sqlite_utils.Database(conn, execute_plugins=False)


def set_query_only(db: sqlite_utils.Database) -> None:
    """SQLite itself refuses every write on this connection from now on."""
    db.execute("PRAGMA query_only = ON")


def close(db: sqlite_utils.Database | None) -> None:
    if db is not None:
        with contextlib.suppress(Exception):
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
