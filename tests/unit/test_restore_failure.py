"""A restore that fails after the files were swapped puts the database as it was back."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import DatabaseDamaged
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import backup, demo, records
from homefinder_desktop.services import session as sessions


def test_a_failure_after_the_swap_puts_everything_back(tmp_path, monkeypatch):
    live = tmp_path / "demo.hfdb"
    session = demo.create_demo(live)
    copy = backup.backup(session, tmp_path / "backups")
    records.add(session, Child(first_name="Bartholomew", last_name="Varley", date_of_birth=date(2023, 1, 2), sex="M"))
    session.close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p.name.startswith("demo.hfdb")}

    def fails(*_args, **_kwargs):
        raise DatabaseDamaged("could not open")

    monkeypatch.setattr(sessions, "_connect", fails)
    with pytest.raises(DatabaseDamaged):
        backup.restore(copy, live, "Test Worker", demo.DEMO_PASSPHRASE)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p.name.startswith("demo.hfdb")}
    assert after == before, "the live database, its key file and nothing else, as they were"
    with sessions.open_session(live, demo.DEMO_PASSPHRASE, "Test Worker") as reopened:
        assert "Bartholomew" in {c.first_name for c in records.all_of(reopened, Child)}
