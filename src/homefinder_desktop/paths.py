"""Where things live: resources (from source or a frozen bundle) and the worker's data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "Homefinder"
DEFAULT_DB_NAME = "homefinder.hfdb"
DEMO_DB_NAME = "demo.hfdb"


def resources_dir() -> Path:
    if getattr(sys, "frozen", False):  # PyInstaller puts data beside the executable
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def data_dir() -> Path:
    """The worker's data folder. HOMEFINDER_HOME moves it (tests, a second set-up)."""
    override = os.environ.get("HOMEFINDER_HOME")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def demo_database() -> Path:
    return data_dir() / DEMO_DB_NAME


def state_file() -> Path:
    """Small per-laptop state (wrong-passphrase counts). Holds no personal data."""
    return data_dir() / "state.json"
