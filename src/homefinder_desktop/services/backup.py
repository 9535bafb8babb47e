"""Backing up the open database, and restoring it from a backup, so that nothing is ever lost.

A backup is a second encrypted file made with SQLite's online backup from the live
connection, keyed with the same data key, and a copy of the key file beside it: the pair
opens with the same passphrase (or recovery key) as the database had when it was made.

Both directions write a ".partial" file first, check it by opening it again, flush it to
disk and only then rename it into place. Whatever stops them half-way (a full disk, a
read-only folder, Ctrl+C) leaves the partial files removed, the live database untouched
and any earlier backup of the same name as it was.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..domain.errors import (BackupFailed, DatabaseDamaged, DiskFull, HomefinderError, WrongPassphrase,
                             NotADatabase, ReadOnlyLocation)
from ..storage import db as storage_db
from ..storage import maintenance
from ..storage import records as store
from ..storage.files import (atomic_write, check_writable_folder, create_private_file, fsync_dir,
                             os_error_for_worker)
from ..storage.keyfile import KeyFile, key_path_for
from ..storage.lock import DatabaseLock
from ..storage.migrations import check_not_newer
from . import session as sessions
from .session import Session

BACKUP_SUFFIX = ".hfdb"
PARTIAL = ".partial"
BEFORE_RESTORE = ".before-restore-"
BACKUP_FOLDER = "Backups"


def default_backup_name(db_path: Path, now: datetime | None = None) -> str:
    now = now or datetime.now()
    return f"{Path(db_path).stem}-backup-{now:%Y-%m-%d-%H%M}{BACKUP_SUFFIX}"


def default_backup_folder(db_path: Path) -> Path:
    """Where a backup goes when the worker names no place: a Backups folder beside the database.
    (A copy on the same disk protects against mistakes, not a lost laptop: say so.)"""
    return Path(db_path).resolve().parent / BACKUP_FOLDER


def backup_target(db_path: Path, to: Path | str | None = None, now: datetime | None = None) -> Path:
    """The file a backup will be written to: `to` itself, or a dated name inside the folder `to`
    (an existing folder, a name ending in a slash, or a name without an extension)."""
    if to is None:
        return default_backup_folder(db_path) / default_backup_name(db_path, now)
    raw = str(to)
    to = Path(raw).expanduser()
    if to.is_dir() or raw.endswith(("/", os.sep)) or not to.suffix:
        return to / default_backup_name(db_path, now)
    return to


def _family(path: Path) -> list[Path]:
    """A database file with everything SQLite and Homefinder keep beside it."""
    return [path, key_path_for(path), Path(f"{path}-wal"), Path(f"{path}-shm"),
            Path(f"{path}-journal")]


def _put_back(live_path: Path, aside: Path) -> None:
    """Move the files set aside for a restore back where they were."""
    for old, new in zip(_family(live_path), _family(aside)):
        if new.exists() and not old.exists():
            with contextlib.suppress(OSError):
                os.replace(new, old)


def _remove(paths: list[Path]) -> None:
    for leftover in paths:
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def _remove_stale_partials(folder: Path, stem: str) -> None:
    """Half-written backups of this database from runs that were killed outright (power cut,
    kill -9): encrypted, but useless and confusing beside the real backups."""
    for leftover in folder.glob(f"{stem}-backup-*{PARTIAL}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _as_backup_error(exc: BaseException, what: str, target: Path) -> HomefinderError | None:
    """A sentence for a backup or restore that could not be written at `target`."""
    if isinstance(exc, OSError):
        mapped = os_error_for_worker(exc, what, target)
    elif isinstance(exc, HomefinderError):
        mapped = exc
    else:
        mapped = storage_db.translate(exc, target.name)
    if isinstance(mapped, DiskFull):
        return DiskFull(f"The disk is full while {what}, so it was not finished. Your database is "
                        f"unchanged. Free some space on {target.parent}, or choose another place, "
                        "and try again.")
    if isinstance(mapped, ReadOnlyLocation):
        return ReadOnlyLocation(f"Homefinder may not write in the folder {target.parent} while {what}. "
                                "Your database is unchanged: choose a folder you can write to "
                                "(for example an encrypted USB drive) and try again.")
    return mapped


def _verify(path: Path, data_key: bytes) -> None:
    """Open the copy again and check every page: a backup nobody can open is worse than none."""
    try:
        db = storage_db.connect(path, data_key)
        try:
            with storage_db.worker_errors(path.name):
                problems = maintenance.cipher_problems(db) + maintenance.structure_problems(db, quick=True)
        finally:
            storage_db.close(db)
    except (DatabaseDamaged, NotADatabase):
        problems = ["unreadable"]
    if problems:
        raise BackupFailed(f"The copy written to {path.parent} did not read back correctly, so it was "
                           "removed. Your database is unchanged. Try another drive, and run "
                           "“homefinder check” on your database.")


def backup(session: Session, target: Path | str | None = None, *,
           progress: Callable[[int, int, int], object] | None = None,
           now: datetime | None = None) -> Path:
    """Copy the open database and its key file to `target` (a file, or a folder for a dated name).
    Returns the backup's path. The live database is only read."""
    db = session.database()
    data_key = session.data_key()
    target = backup_target(session.path, target, now)
    if target.resolve() == session.path.resolve() or target.resolve() in [p.resolve() for p in _family(session.path)]:
        raise BackupFailed("A backup cannot be written over the database itself: choose another "
                           "file name or folder.")
    what = f"writing the backup {target.name}"
    partial = target.with_name(target.name + PARTIAL)
    partial_files = _family(partial)
    try:
        check_writable_folder(target.parent, what)
    except HomefinderError as exc:
        raise _as_backup_error(exc, what, target) from None
    _remove(partial_files)  # left by an earlier backup that the computer stopped outright
    _remove_stale_partials(target.parent, session.path.stem)
    try:
        with storage_db.worker_errors(target.name):
            maintenance.copy_database(db, partial, data_key, progress=progress)
        _verify(partial, data_key)
        maintenance.fsync_file(partial)
        atomic_write(key_path_for(partial), session.keyfile.to_json().encode("utf-8"))
        # Into place: database first, then its key file. Both hold the same data key, so an
        # older key file beside a newer copy (a stop between the two renames) still opens it.
        os.replace(partial, target)
        os.replace(key_path_for(partial), key_path_for(target))
        fsync_dir(target.parent)
    except BaseException as exc:
        _remove(partial_files)
        mapped = _as_backup_error(exc, what, target) if isinstance(exc, Exception) else None
        if mapped is None or mapped is exc:
            raise
        raise mapped from None
    return target


# --- restore -------------------------------------------------------------------------------

def check_backup_key(backup_path: Path | str, passphrase: str | None = None,
                     recovery_key: str | None = None) -> None:
    """Raise WrongPassphrase (or another sentence) now, before anything is closed or moved."""
    _open_backup_key(Path(backup_path), passphrase, recovery_key)


def _open_backup_key(backup_path: Path, passphrase: str | None, recovery_key: str | None) -> tuple[KeyFile, bytes]:
    if not backup_path.exists():
        raise NotADatabase(f"There is no backup at {backup_path}.")
    keyfile = KeyFile.load(backup_path)
    if recovery_key is not None:
        return keyfile, keyfile.unlock_with_recovery_key(recovery_key)
    try:
        return keyfile, sessions._unlock_key(keyfile, passphrase or "")
    except WrongPassphrase as exc:
        raise WrongPassphrase(exc.wait_seconds, what=f"the backup {backup_path.name}: use the passphrase "
                                                      "that was in use on the day it was made") from None


def _check_backup(path: Path, data_key: bytes, shown_name: str) -> None:
    """The copy about to go into place opens, reads back page by page, and is not too new."""
    try:
        db = storage_db.connect(path, data_key)
    except NotADatabase:
        raise NotADatabase(f"The backup {shown_name} is not a Homefinder database (an ordinary or "
                           "empty file). Nothing was changed: choose the backup's .hfdb file.") from None
    except DatabaseDamaged:
        raise DatabaseDamaged(f"The backup {shown_name} is damaged, or its key file belongs to another "
                              "database. Nothing was changed: try an older backup.") from None
    try:
        with storage_db.worker_errors(shown_name):
            problems = maintenance.cipher_problems(db) + maintenance.structure_problems(db)
            check_not_newer(db)
    except DatabaseDamaged:
        problems = ["unreadable"]
    finally:
        storage_db.close(db)
    if problems:
        raise DatabaseDamaged(f"The backup {shown_name} is damaged, so it was not restored. Nothing was "
                              "changed: try an older backup.")


def before_restore_path(live_path: Path, now: datetime | None = None) -> Path:
    now = now or datetime.now()
    return live_path.with_name(f"{live_path.name}{BEFORE_RESTORE}{now:%Y%m%d-%H%M%S}")


def restore(backup_path: Path | str, live_path: Path | str, who: str, passphrase: str | None = None,
            recovery_key: str | None = None, *, now: datetime | None = None,
            held_lock: DatabaseLock | None = None) -> Session:
    """Put a backup in place of the live database and open it.

    The live database (with its key file and journal) is first moved aside as
    "<live>.before-restore-<date-time>", so nothing is lost. Returns an open Session on the
    restored database; its `before_restore` attribute names the copy moved aside, or None.
    The restored database opens with the passphrase the backup was made with.
    `held_lock` is the live database's lock when the caller (the desktop program, restoring the
    database it has open) already holds it; the restored session then keeps that lock.
    """
    backup_path, live_path = Path(backup_path), Path(live_path)
    who = sessions._check_who(who)
    if backup_path.resolve() == live_path.resolve():
        raise HomefinderError("That is the database itself, not a backup of it: choose the backup file.")
    keyfile, data_key = _open_backup_key(backup_path, passphrase, recovery_key)  # nothing written yet
    what = f"restoring {live_path.name}"
    try:
        live_path.parent.mkdir(parents=True, exist_ok=True)
        lock = held_lock if held_lock is not None else DatabaseLock(live_path).acquire()
    except OSError as exc:
        raise _as_backup_error(exc, what, live_path) from None
    incoming = live_path.with_name(live_path.name + ".restoring" + PARTIAL)
    incoming_files = _family(incoming)
    try:
        _remove(incoming_files)
        try:
            create_private_file(incoming)
            shutil.copyfile(backup_path, incoming)
            maintenance.fsync_file(incoming)
            atomic_write(key_path_for(incoming), keyfile.to_json().encode("utf-8"))
        except OSError as exc:
            raise _as_backup_error(exc, what, live_path) from None
        except HomefinderError as exc:
            raise _as_backup_error(exc, what, live_path) from None
        _check_backup(incoming, data_key, backup_path.name)

        aside = None
        present = [p for p in _family(live_path) if p.exists()]
        if present:
            aside = before_restore_path(live_path, now)
            try:
                for old, new in zip(_family(live_path), _family(aside)):
                    if old.exists():
                        os.replace(old, new)
            except OSError as exc:
                _put_back(live_path, aside)
                raise _as_backup_error(exc, what, live_path) from None
        restored = None
        try:
            os.replace(incoming, live_path)
            os.replace(key_path_for(incoming), key_path_for(live_path))
            fsync_dir(live_path.parent)
            restored = Session(path=live_path, who=who, lock=lock, keyfile=KeyFile.load(live_path),
                               db=sessions._connect(live_path, data_key), _data_key=data_key)
            with restored.writing() as db:
                store.set_info(db, {"last_restored": f"{(now or datetime.now()):%Y-%m-%d %H:%M} "
                                                     f"from {backup_path.name}"}, who)
        except BaseException as exc:
            # The backup was checked, so this hardly happens; if it does, the database as it was
            # goes back in place, so "nothing was changed" stays true.
            if restored is not None:
                restored.lock_now()
            _remove(_family(live_path))
            if aside is not None:
                _put_back(live_path, aside)
            if isinstance(exc, OSError):
                raise _as_backup_error(exc, what, live_path) from None
            raise
    except BaseException:
        _remove(incoming_files)
        if held_lock is None:
            lock.release()
        raise
    restored.before_restore = aside
    return restored
