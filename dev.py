#!/usr/bin/env python3
"""The two developer commands: `python3 dev.py run` and `python3 dev.py test`.

Needs only python3 (3.11+). Creates `.venv` on first use and installs the
project into it again whenever pyproject.toml changes, so a fresh checkout
and an old one behave the same.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _requirements_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Homefinder needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # Debian ships venv without ensurepip
            sys.exit(
                f"Could not create .venv ({exc}).\n"
                "On Debian or Ubuntu install it first:  sudo apt install python3-venv"
            )
    wanted = _requirements_hash()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing Homefinder and its dependencies into .venv ...", flush=True)
        pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        subprocess.run(pip + ["-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "setup"}:
        print(__doc__)
        print("usage: python3 dev.py run [program arguments]\n"
              "       python3 dev.py test [pytest arguments]\n"
              "       python3 dev.py bench\n"
              "       python3 dev.py setup")
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return 0
    if command == "run":
        args = [str(PYTHON), "-m", "homefinder_desktop", *rest]
    elif command == "test":
        args = [str(PYTHON), "-m", "pytest", *rest]
    else:
        args = [str(PYTHON), str(ROOT / "benchmarks" / "run.py"), *rest]
    return subprocess.call(args, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
