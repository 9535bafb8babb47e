"""Checking a database file from the outside: is it whole, does the key open it, can this
version use it? Used by `homefinder check` and before a restore.

The check only reads: it never migrates or repairs, and it works on a database that is
open in another copy of Homefinder (SQLite lets readers in beside the writer).
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..domain.errors import (DatabaseDamaged, DatabaseInUse, DatabaseTooNew, HomefinderError, TooSoon,
                             WrongPassphrase, WrongRecoveryKey)
from ..storage import db as storage_db
from ..storage import maintenance
from ..storage.db import SQLITE_HEADER
from ..storage.keyfile import KeyFile, key_path_for
from ..storage.lock import DatabaseLock
from ..storage.migrations import check_not_newer
from . import session as sessions

FILE = "Database file"
KEY_FILE = "Key file"
UNLOCK = "Passphrase"
UNLOCK_RECOVERY = "Recovery key"
OPENS = "Opens with the key"
PAGES = "Encryption (every page)"
STRUCTURE = "Structure"
LINKS = "Links between records"
VERSION = "Version"
AUDIT = "Audit trail protected"
LEDGER = "Fund ledger"
IN_USE = "Open elsewhere"


class CheckResult(NamedTuple):
    name: str
    ok: bool
    detail: str


RESTORE_ADVICE = ("Keep the file as it is, and restore from your latest backup "
                  "(homefinder restore) or ask your IT service for help.")
NEWER_ADVICE = ("Install the newer version of Homefinder to open it. Do not restore an older backup "
                "over it: that would lose the work done in the newer version.")
READ_ONLY_ADVICE = ("Nothing suggests it is damaged. Copy the database and its key file to a folder "
                    "you may write to (this laptop's own disk) and check the copy there.")


class CheckReport(list):
    """The results in the order they were checked: a list of CheckResult (name, ok, detail)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = Path(path)
        self.in_use = False  # another copy of Homefinder had it open while it was checked
        self.advice: dict[str, str] = {}  # what to do after a failure, where not "restore a backup"

    def add(self, name: str, ok: bool, detail: str, advice: str = "") -> bool:
        self.append(CheckResult(name, ok, detail))
        if advice:
            self.advice[name] = advice
        return ok

    @property
    def ok(self) -> bool:
        return bool(self) and all(r.ok for r in self)

    def failures(self) -> list[CheckResult]:
        return [r for r in self if not r.ok]

    def summary(self) -> str:
        if self.ok:
            return f"{self.path.name} passed every check."
        first = self.failures()[0]
        advice = self.advice.get(first.name, RESTORE_ADVICE)
        if self.in_use and first.name not in self.advice:
            advice = ("It was open in Homefinder while it was checked: close Homefinder and check "
                      "again to be sure. " + advice)
        return f"{self.path.name} failed the check “{first.name}”: {first.detail} {advice}"


def _damaged_detail(what: str) -> str:
    return (f"{what} The file has been changed outside Homefinder or damaged on the disk; "
            "it is not safe to keep working in it.")


def check(path: Path | str, passphrase: str | None = None, recovery_key: str | None = None) -> CheckReport:
    """Check the database at `path` with its passphrase (or recovery key).

    A wrong passphrase or recovery key raises WrongPassphrase / WrongRecoveryKey (or TooSoon),
    as opening would: everything else found wrong is reported, not raised.
    """
    path = Path(path)
    report = CheckReport(path)

    # 1. The file itself.
    if not path.exists():
        report.add(FILE, False, f"There is no file at {path}.")
        return report
    if path.is_dir():
        report.add(FILE, False, f"{path} is a folder, not a Homefinder database: name the .hfdb file in it.",
                   advice="Check the name and try again.")
        return report
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head == SQLITE_HEADER:
        report.add(FILE, False, "This is an ordinary, unencrypted SQLite file, not a Homefinder database.")
        return report
    if size < 1024 or size % 512:
        # Every Homefinder database is made of whole 4 KB pages.
        report.add(FILE, False, f"This is not a Homefinder database, or one cut off part-way: it is "
                                f"{size:,} bytes, and a database is made of whole pages.")
        return report
    report.add(FILE, True, f"{size:,} bytes.")

    # 2. The key file beside it.
    try:
        keyfile = KeyFile.load(path)
    except HomefinderError as exc:
        report.add(KEY_FILE, False, str(exc))
        return report
    report.add(KEY_FILE, True, f"{key_path_for(path).name} is readable.")

    # 3. The passphrase or recovery key opens the key file: errors here are raised.
    if recovery_key is not None:
        data_key = keyfile.unlock_with_recovery_key(recovery_key)
        report.add(UNLOCK_RECOVERY, True, "The recovery key is right.")
    else:
        data_key = sessions._unlock_key(keyfile, passphrase or "")
        report.add(UNLOCK, True, "The passphrase is right.")

    # 4. Another copy may hold it open: say so, and read beside it.
    read_only = False
    lock = DatabaseLock(path)
    try:
        lock.acquire()
        lock.release()
        report.add(IN_USE, True, "No other copy of Homefinder has it open.")
    except DatabaseInUse:
        report.in_use = True
        report.add(IN_USE, True, "It is open in another copy of Homefinder; checked read-only beside it.")
    except HomefinderError:
        read_only = True
        report.add(IN_USE, True, "The folder is read-only; checked read-only.")

    # 5. SQLCipher's HMAC on every page finds a single changed byte anywhere in the file.
    try:
        with storage_db.worker_errors(path.name):
            bad_pages = maintenance.file_page_problems(path, data_key)
    except HomefinderError:
        bad_pages = ["the file could not be read"]
    if bad_pages and bad_pages[0].endswith(" page 1"):
        report.add(PAGES, False, _damaged_detail(
            "The first page does not decrypt with this key: the file is damaged, or the key file "
            "belongs to another database."))
        return report
    if bad_pages:
        report.add(PAGES, False, _damaged_detail(
            f"{len(bad_pages)} part(s) of the file fail their check ({_pages(bad_pages)})."))
    else:
        report.add(PAGES, True, "Every page is as Homefinder wrote it.")

    # 6. The database opens with the data key.
    try:
        db = storage_db.connect(path, data_key, verify_pages=False)
    except DatabaseDamaged:
        report.add(OPENS, False, _damaged_detail("The list of tables cannot be read."))
        return report
    except HomefinderError as exc:
        # A database in WAL mode needs its folder writable even to be read.
        report.add(OPENS, False, str(exc), advice=READ_ONLY_ADVICE if read_only and not bad_pages else "")
        return report
    try:
        report.add(OPENS, True, "The key opens the database.")
        _check_open(db, report)
    finally:
        db.conn.close()  # not storage_db.close: a check does not even checkpoint
    return report


def _pages(problems: list[str]) -> str:
    shown = "; ".join(problems[:3])
    return shown + ("; …" if len(problems) > 3 else "")


def _check_open(db, report: CheckReport) -> None:
    name = report.path.name

    try:
        with storage_db.worker_errors(name):
            problems = maintenance.structure_problems(db)
    except DatabaseDamaged:
        problems = ["the database structure cannot be read"]
    if problems:
        report.add(STRUCTURE, False, _damaged_detail(f"SQLite found {len(problems)} problem(s) "
                                                     f"(first: {problems[0]})."))
        return  # the rest would read damaged pages
    report.add(STRUCTURE, True, "Tables and indexes are consistent.")

    try:
        with storage_db.worker_errors(name):
            dangling = maintenance.foreign_key_problems(db)
    except DatabaseDamaged:
        dangling = [("?", 0, "?")]
    if dangling:
        tables = sorted({t for t, _, _ in dangling})
        report.add(LINKS, False, f"{len(dangling)} record(s) in {', '.join(tables)} refer to records "
                                 "that are not there.")
    else:
        report.add(LINKS, True, "Every record's links point to records that exist.")

    try:
        with storage_db.worker_errors(name):
            check_not_newer(db)
            pending = maintenance.pending_migrations(db)
            version = maintenance.schema_version(db)
            guarded = maintenance.audit_guard_present(db)
    except DatabaseTooNew as exc:
        report.add(VERSION, False, str(exc), advice=NEWER_ADVICE)
        return
    except DatabaseDamaged:
        report.add(VERSION, False, "The record of the database's version cannot be read.")
        return
    if pending:
        report.add(VERSION, True, f"Made by an older version (schema {version}): {len(pending)} "
                                  "update(s) will be applied when it is next opened.")
    else:
        report.add(VERSION, True, f"Up to date (schema {version}).")
    report.add(AUDIT, guarded, "Audit rows cannot be changed or deleted." if guarded else
               "The protection that stops audit rows being changed or deleted is missing.")
    if pending:
        return  # an older schema may not have the ledger yet
    try:
        with storage_db.worker_errors(name):
            ledger = maintenance.ledger_problems(db)
    except DatabaseDamaged:
        ledger = ["the ledger cannot be read"]
    report.add(LEDGER, not ledger, "Every entry balances, and entries cannot be changed or deleted." if not ledger
               else "Fund ledger: " + "; ".join(ledger) + ".")


__all__ = ["CheckReport", "CheckResult", "check", "TooSoon", "WrongPassphrase", "WrongRecoveryKey"]
