"""Wrong-passphrase counting per database, kept on this laptop so restarting does not reset it."""
from __future__ import annotations

import json
import time

from .. import paths
from ..domain.safety import wait_after_failures
from ..storage.files import atomic_write


def _load() -> dict:
    try:
        return json.loads(paths.state_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _save(state: dict) -> None:
    try:
        atomic_write(paths.state_file(), json.dumps(state).encode())
    except Exception:  # counting must never stop a worker opening their database
        pass


def seconds_to_wait(database_id: str, now: float | None = None) -> float:
    entry = _load().get("failures", {}).get(database_id)
    if not entry:
        return 0.0
    now = time.time() if now is None else now
    ready_at = entry["last"] + wait_after_failures(entry["count"])
    return max(0.0, ready_at - now)


def record_failure(database_id: str, now: float | None = None) -> float:
    """Count one more wrong try; return how long the next one must wait."""
    state = _load()
    failures = state.setdefault("failures", {})
    entry = failures.get(database_id, {"count": 0})
    entry = {"count": entry["count"] + 1, "last": time.time() if now is None else now}
    failures[database_id] = entry
    _save(state)
    return wait_after_failures(entry["count"])


def record_success(database_id: str) -> None:
    state = _load()
    if state.get("failures", {}).pop(database_id, None) is not None:
        _save(state)
