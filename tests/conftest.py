"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import, or pytest aborts

from pathlib import Path

import pytest

from homefinder_desktop.services import demo
from homefinder_desktop.services.session import create_database
from homefinder_desktop.storage.keyfile import TEST_COST

PASSPHRASE = "plum orchard telescope 42"
WHO = "Test Worker"


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    """Each test has its own Homefinder data folder (wrong-passphrase counts, settings)."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOMEFINDER_HOME", str(home))
    return home


@pytest.fixture
def passphrase() -> str:
    """The passphrase of `new_session`."""
    return PASSPHRASE


@pytest.fixture
def new_session(tmp_path):
    """An empty encrypted database with the council and partner agency, open."""
    session, recovery = create_database(tmp_path / "test.hfdb", PASSPHRASE, WHO,
                                        "Northshire County Council", "Brightpath Adoption",
                                        kdf_cost=TEST_COST)
    session.recovery_key = recovery  # for tests that need it
    yield session
    session.close()


@pytest.fixture
def s(new_session, monkeypatch, request):
    """new_session on the test module's own TODAY: the use cases' dates (not in the future, windows
    due, fees due) are judged against a fixed day, so a test reads the same whatever day it runs."""
    monkeypatch.setattr(new_session, "today", lambda: request.module.TODAY)
    return new_session


@pytest.fixture
def demo_session(tmp_path):
    session = demo.create_demo(tmp_path / "demo.hfdb")
    yield session
    session.close()
