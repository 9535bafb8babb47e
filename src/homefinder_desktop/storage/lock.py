"""One writer per database: an OS file lock beside it.

The operating system drops the lock when the process ends, so a crash never leaves
a stuck lock. The lock file holds the host and process id only to word the message.
"""
from __future__ import annotations

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


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.path = lock_path_for(Path(db_path))
        self._fd: int | None = None

    def acquire(self) -> "DatabaseLock":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise os_error_for_worker(exc, "opening the database", self.path) from None
        if not _try_lock(fd):
            holder = ""
            try:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            where = "on this computer" if holder.startswith(socket.gethostname() + " ") else (
                f"on {holder.split(' ')[0]}" if holder else "")
            raise DatabaseInUse(
                f"This database is already open in another copy of Homefinder {where}".rstrip()
                + ". Only one copy may change it at a time: switch to that window, or close it "
                "and try again.")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "DatabaseLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
