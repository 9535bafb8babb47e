"""One writer per database: an OS file lock beside it.

The operating system drops the lock when the process ends, so a crash never leaves
a stuck lock. The lock file holds the host and process id only to word the message, and is
removed on release, so a refused or finished run leaves nothing behind.
"""
from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from ..domain.errors import DatabaseInUse
from .files import os_error_for_worker

LOCK_SUFFIX = ".lock"

if os.name == "nt":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _in_use_message(holder: str) -> str:
    where = "on this computer" if holder.startswith(socket.gethostname() + " ") else (
        f"on {holder.split(' ')[0]}" if holder else "")
    return (f"This database is already open in another copy of Homefinder {where}".rstrip()
            + ". Only one copy may change it at a time: switch to that window, or close it and try again.")


def _still_at_path(fd: int, path: Path) -> bool:
    if os.name == "nt":
        return True
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.path = lock_path_for(Path(db_path))
        self._fd: int | None = None

    def acquire(self) -> "DatabaseLock":
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise os_error_for_worker(exc, "opening the database", self.path) from None
            if not _try_lock(fd):
                holder = ""
                with contextlib.suppress(OSError):
                    holder = os.read(fd, 200).decode("utf-8", "replace").strip()
                os.close(fd)
                raise DatabaseInUse(_in_use_message(holder))
            # A copy that was just closing removes its lock file while holding it: if we locked
            # that removed file, the lock is worthless. Lock the file now at the path instead.
            if _still_at_path(fd, self.path):
                break
            os.close(fd)
        else:  # pragma: no cover - needs five closing copies racing this one
            raise DatabaseInUse(_in_use_message(""))
        with contextlib.suppress(OSError):  # only words the message; a full disk must not stop us
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name != "nt":  # remove it while still holding it (see acquire)
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None
        if os.name == "nt":  # Windows cannot remove an open file; another copy may have it open
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "DatabaseLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
