"""Running the real `homefinder` command as a subprocess, as a worker or a script would."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from homefinder_desktop.services import demo

DEMO_PASSPHRASE = demo.DEMO_PASSPHRASE


def run(*args: str, passphrase: str | None = DEMO_PASSPHRASE, input: str | None = None,
        env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m homefinder_desktop ARGS` with this test's HOMEFINDER_HOME (set by conftest).
    start_new_session detaches it from any terminal, so a prompt reads stdin instead."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HOMEFINDER_") or k == "HOMEFINDER_HOME"}
    full_env["HOMEFINDER_WORKER"] = "E2E Worker"
    if passphrase is not None:
        full_env["HOMEFINDER_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "homefinder_desktop", *args], input=input or "",
                          capture_output=True, text=True, env=full_env, timeout=timeout,
                          start_new_session=True)


def state(*paths: Path) -> list[tuple[str, bytes, int]]:
    """Bytes and modification time of each file: to prove nothing was changed."""
    return [(p.name, p.read_bytes(), p.stat().st_mtime_ns) for p in paths]


def no_traceback(result: subprocess.CompletedProcess) -> bool:
    return "Traceback" not in result.stderr and "Traceback" not in result.stdout
