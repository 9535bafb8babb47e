"""Opening, creating, locking and unlocking a database: the only place keys are handled.

A Session holds the open connection, the lock that keeps a second copy out, and the
name of the worker (written into every audit row). Locking a session closes the
connection and forgets the data key, but keeps the file lock, so nobody else can
open the database while the worker is away from the laptop.
"""
from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from .. import __version__
from ..domain.errors import (HomefinderError, NotADatabase, TooSoon, ValidationError,
                             FieldProblem, WrongPassphrase)
from ..domain.records import Agency
from ..domain.safety import location_warning
from ..storage import db as storage_db
from ..storage import maintenance
from ..storage import links as link_store
from ..storage import records as store
from ..storage.files import check_writable_folder
from ..storage.keyfile import KeyFile, key_path_for
from ..storage.lock import DatabaseLock, lock_path_for
from ..storage.migrations import migrate
from . import attempts
from .passphrase import strength


@dataclass
class Session:
    path: Path
    who: str
    lock: DatabaseLock
    keyfile: KeyFile
    db: sqlite_utils.Database | None = None
    today: Callable[[], date] = date.today
    _data_key: bytes | None = field(default=None, repr=False)
    write_refusal: str = ""  # set when the file is found damaged: the sentence every save gets
    before_restore: Path | None = None  # after a restore: where the database as it was was kept

    # --- state ----------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.db is None

    def database(self) -> sqlite_utils.Database:
        if self.db is None:
            raise HomefinderError("The database is locked. Unlock it with your passphrase.")
        return self.db

    @property
    def info(self) -> dict[str, str]:
        return store.info(self.database())

    @property
    def council_name(self) -> str:
        return self.info.get("council_name", "")

    @property
    def partner_name(self) -> str:
        return self.info.get("partner_name", "")

    @property
    def is_demo(self) -> bool:
        return self.info.get("demo") == "yes"

    def location_warning(self) -> str | None:
        return location_warning(str(self.path.resolve()), filesystem_type(self.path))

    # --- lifecycle --------------------------------------------------------------
    def lock_now(self) -> None:
        """Close the connection and forget the key; keep the file lock."""
        try:
            storage_db.close(self.db)
        finally:
            self.db = None
            self._data_key = None

    def unlock(self, passphrase: str) -> None:
        key = _unlock_key(self.keyfile, passphrase)
        db = _connect(self.path, key)  # if this fails, the key is not kept
        if self.write_refusal:
            storage_db.set_query_only(db)
        self._data_key, self.db = key, db

    def close(self) -> None:
        self.lock_now()
        self.lock.release()

    def disconnect(self) -> None:
        """Close the connection but keep the key and the file lock (to restore over the file)."""
        storage_db.close(self.db)
        self.db = None

    def reconnect(self) -> None:
        self.db = _connect(self.path, self.data_key())

    def page_check(self) -> "PageCheck":
        """A check of every page of the file, to run in a worker thread (see PageCheck)."""
        return PageCheck(self.path, self.data_key())

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """One use case's transaction: a worker's sentence for what SQLite refuses (disk full,
        read-only), and no writing at all to a database found damaged."""
        if self.write_refusal:
            raise HomefinderError(self.write_refusal)
        db = self.database()
        with storage_db.worker_errors(self.path.name), db.atomic():
            yield db

    def refuse_writes(self, reason: str) -> None:
        """From now on this session only reads."""
        self.write_refusal = reason
        if self.db is not None:
            storage_db.set_query_only(self.db)

    def mark_damaged(self) -> None:
        """The page check found damage: writing more could make it worse, so reading only."""
        self.refuse_writes(f"{self.path.name} is damaged, so Homefinder will not change it: nothing was "
                           "saved. Restore your latest backup (File > Restore from a backup).")

    def data_key(self) -> bytes:
        if self._data_key is None:
            raise HomefinderError("The database is locked. Unlock it with your passphrase.")
        return self._data_key

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-seal the data key under a new passphrase. The database file is not re-encrypted."""
        data_key = _unlock_key(self.keyfile, old)
        context = [self.who] if self.locked else [self.who, self.council_name, self.partner_name]
        require_strong(new, context)
        self.keyfile = self.keyfile.with_new_passphrase(data_key, new)
        self.keyfile.save()

    def new_recovery_key(self, passphrase: str) -> str:
        """Re-seal the data key under a new recovery key and return it (shown once, never stored
        in clear). The old recovery key stops opening this database; the passphrase and the
        database file are unchanged. Backups made earlier keep their own key files, so the old
        key still opens those. A wrong passphrase counts as a wrong try and changes nothing."""
        data_key = _unlock_key(self.keyfile, passphrase)
        keyfile, recovery = self.keyfile.with_new_recovery_key(data_key)
        keyfile.save()  # atomic: the old key file stays whole until the new one is in place
        self.keyfile = keyfile
        return recovery

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PageCheck:
    """SQLCipher's HMAC check of every page, on its own connection. `run()` (in a worker thread)
    returns a sentence for the worker if the file is damaged, else None; after `cancel()` (from
    any thread) it returns None. Cancelling cannot stop a check already running: join the thread."""

    def __init__(self, path: Path, data_key: bytes):
        self._name = path.name
        self._check = maintenance.PageCheck(path, data_key)

    def run(self) -> str | None:
        try:
            problems = self._check.problems()
        except Exception:  # the file went away or cannot be read now: the next open checks again
            return None
        return storage_db.DAMAGED.format(name=self._name) if problems else None

    def cancel(self) -> None:
        self._check.cancel()


def reads(fn):
    """For a use case that only reads: SQLite's errors a worker can act on (a damaged page, a
    disk gone) come out as sentences, never as a traceback in a screen."""
    @functools.wraps(fn)
    def wrapper(session: Session, *args, **kwargs):
        with storage_db.worker_errors(session.path.name):
            return fn(session, *args, **kwargs)
    return wrapper


def filesystem_type(path: Path) -> str | None:
    """The filesystem type holding `path` (Linux /proc/mounts), or None where unknown."""
    try:
        target = str(Path(path).resolve().parent)
        best, best_type = "", None
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    mount = parts[1].replace("\\040", " ")
                    if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
                        best, best_type = mount, parts[2]
        return best_type
    except OSError:
        return None


def require_strong(passphrase: str, context: list[str]) -> None:
    verdict = strength(passphrase, context)
    if not verdict.acceptable:
        raise ValidationError([FieldProblem("Passphrase", verdict.message)])


def _unlock_key(keyfile: KeyFile, passphrase: str) -> bytes:
    wait = attempts.seconds_to_wait(keyfile.database_id)
    if wait > 0:
        raise TooSoon(wait)
    try:
        key = keyfile.unlock(passphrase)
    except WrongPassphrase:
        raise WrongPassphrase(attempts.record_failure(keyfile.database_id)) from None
    attempts.record_success(keyfile.database_id)
    return key


def _connect(path: Path, data_key: bytes, verify_pages: bool = False) -> sqlite_utils.Database:
    db = storage_db.connect(path, data_key, verify_pages=verify_pages)
    try:
        with storage_db.worker_errors(path.name):
            migrate(db)
    except Exception:
        storage_db.close(db)
        raise
    return db


def _check_who(who: str) -> str:
    who = (who or "").strip()
    if not who:
        raise ValidationError([FieldProblem("Your name", "is required: it is written beside every change you make")])
    return who


def open_session(path: Path | str, passphrase: str, who: str, *, recovery_key: str | None = None,
                 verify_pages: bool = True) -> Session:
    """Open an existing database. Raises a HomefinderError with a sentence on every failure.

    With verify_pages every page's HMAC is checked first (about 2 ms per MB), so a file damaged
    anywhere is refused at once. The desktop program passes False and runs
    Session.page_problems() in the background once its window is up, so start-up stays quick."""
    path = Path(path)
    who = _check_who(who)
    if not path.exists():
        raise NotADatabase(f"There is no database at {path}.")
    keyfile = KeyFile.load(path)
    lock = DatabaseLock(path).acquire()
    try:
        if recovery_key is not None:
            data_key = keyfile.unlock_with_recovery_key(recovery_key)
        else:
            data_key = _unlock_key(keyfile, passphrase)
        db = _connect(path, data_key, verify_pages)
    except BaseException:
        lock.release()
        raise
    return Session(path=path, who=who, lock=lock, keyfile=keyfile, db=db, _data_key=data_key)


def recover(path: Path | str, recovery_key: str, new_passphrase: str, who: str, *,
            verify_pages: bool = True) -> Session:
    """Forgotten passphrase: the recovery key opens the database and a new passphrase is set."""
    session = open_session(path, "", who, recovery_key=recovery_key, verify_pages=verify_pages)
    try:
        require_strong(new_passphrase, [who, session.council_name, session.partner_name])
        session.keyfile = session.keyfile.with_new_passphrase(session.data_key(), new_passphrase)
        session.keyfile.save()
        attempts.record_success(session.keyfile.database_id)
    except BaseException:
        session.close()
        raise
    return session


def create_database(path: Path | str, passphrase: str, who: str, council_name: str, partner_name: str,
                    *, kdf_cost: dict | None = None, check_strength: bool = True,
                    extra_info: dict | None = None) -> tuple[Session, str]:
    """A new, empty, encrypted database and its key file. Returns the session and the recovery key,
    which is shown once and never stored in clear."""
    path = Path(path)
    who = _check_who(who)
    problems = []
    if not council_name.strip():
        problems.append(FieldProblem("Council", "is required: it is printed on every report"))
    if not partner_name.strip():
        problems.append(FieldProblem("Partner agency", "is required: it is printed on every report"))
    if problems:
        raise ValidationError(problems)
    if check_strength:
        require_strong(passphrase, [who, council_name, partner_name])
    if path.exists() or key_path_for(path).exists():
        raise HomefinderError(f"{path.name} already exists in {path.parent}. Choose another name, or open it.")
    check_writable_folder(path.parent, "creating the database")
    keyfile, data_key, recovery = KeyFile.create(path, passphrase, kdf_cost)
    lock = DatabaseLock(path).acquire()
    created = False
    try:
        keyfile.save()
        created = True
        db = storage_db.connect(path, data_key, must_exist=False)
        with storage_db.worker_errors(path.name):
            migrate(db)
            with db.atomic():
                store.set_info(db, {"council_name": council_name.strip(),
                                    "partner_name": partner_name.strip(),
                                    "database_id": keyfile.database_id,
                                    "created_with": __version__, **(extra_info or {})}, who)
                store.add(db, Agency(name=council_name.strip(), kind="own"), who)
                store.add(db, Agency(name=partner_name.strip(), kind="partner"), who)
                link_store.seed(db, who)  # the rule's versions so far, and reasons a link ends
    except BaseException:
        with contextlib.suppress(Exception):
            storage_db.close(locals().get("db"))
        if created:
            for leftover in (path, key_path_for(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        lock.release()
        with contextlib.suppress(OSError):
            os.unlink(lock_path_for(path))
        raise
    return Session(path=path, who=who, lock=lock, keyfile=keyfile, db=db, _data_key=data_key), recovery
