"""Writing files so that a crash, a full disk or a read-only folder never leaves half a file."""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from ..domain.errors import DiskFull, HomefinderError, ReadOnlyLocation


def os_error_for_worker(exc: OSError, what: str, path: Path) -> HomefinderError:
    """Turn an OSError into a sentence; `what` says what was being done ('saving the key file')."""
    path = Path(os.path.abspath(path))  # "the folder ." helps nobody
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"The disk is full while {what}. Nothing was changed: free some space on "
                        f"{path.parent} and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyLocation(f"Homefinder may not write in the folder {path.parent} while {what}. "
                                "Choose a folder you can write to; nothing was changed.")
    return HomefinderError(f"Could not finish {what} ({os.strerror(exc.errno or 0) or exc}). "
                           "Nothing was changed.")


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; rename is durable there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`."""
    path = Path(path)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error_for_worker(exc, f"saving {path.name}", path) from None
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def check_writable_folder(folder: Path, what: str) -> None:
    """Fail early, with a sentence, if `folder` cannot take a new file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".homefinder-write-check.", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise os_error_for_worker(exc, what, folder / "x") from None


def create_private_file(path: Path) -> None:
    """An empty file only its owner may read, for SQLite to fill: the database is encrypted, but
    nobody else on the laptop needs even that. (SQLite gives -wal and -shm the same mode.)"""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
