"""`homefinder due`: the families to chase, from the stored windows."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_helpers import DEMO_PASSPHRASE, no_traceback, run

from homefinder_desktop.services import demo, links
from homefinder_desktop.services.session import open_session


@pytest.fixture
def demo_db(tmp_path) -> Path:
    session = demo.create_demo(tmp_path / "demo.hfdb")
    session.close()
    return tmp_path / "demo.hfdb"


def test_due_lists_every_window_to_chase(demo_db):
    session = open_session(demo_db, DEMO_PASSPHRASE, "Test")
    try:
        due = links.due_windows(session)
    finally:
        session.close()
    assert any(due.values()), "the demo has windows to chase"
    result = run("due", "--database", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert no_traceback(result)
    total = sum(len(rows) for rows in due.values())
    assert f"{total} to chase" in result.stdout
    for state, heading in (("overdue", "Overdue"), ("due_today", "Due today"), ("this_week", "Due this week")):
        if due[state]:
            assert f"{heading} ({len(due[state])})" in result.stdout
        for row in due[state]:
            closes = date.fromisoformat(row["closes"]).strftime("%d/%m/%Y")
            assert f"{row['reference']}  {row['unit']} and {row['family']} ({row['agency']})" in result.stdout
            assert closes in result.stdout


def test_due_with_a_wrong_passphrase_says_so(demo_db):
    result = run("due", "--database", str(demo_db), passphrase="not the passphrase at all")
    assert result.returncode == 1
    assert "passphrase" in result.stderr.lower() and no_traceback(result)
