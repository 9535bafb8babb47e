"""One copy of the program per database; a crash never leaves it stuck; newer databases refused."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from homefinder_desktop.domain.errors import DatabaseInUse, DatabaseTooNew
from homefinder_desktop.services import session as sessions
from homefinder_desktop.storage.migrations import KNOWN

PASS = "plum orchard telescope 42"


def test_a_second_copy_is_refused_with_a_sentence(new_session):
    with pytest.raises(DatabaseInUse) as info:
        sessions.open_session(new_session.path, PASS, "Someone Else")
    assert "already open in another copy of Homefinder" in str(info.value)


def test_the_lock_is_kept_while_the_database_is_locked(new_session):
    new_session.lock_now()  # auto-lock: key gone, file lock kept
    with pytest.raises(DatabaseInUse):
        sessions.open_session(new_session.path, PASS, "Someone Else")


def test_a_crashed_copy_does_not_leave_the_database_stuck(new_session):
    path = new_session.path
    new_session.close()
    script = textwrap.dedent(f"""
        import sys, time
        from homefinder_desktop.services.session import open_session
        s = open_session({str(path)!r}, {PASS!r}, "Crashing Copy")
        print("open", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            env={**os.environ})
    try:
        assert proc.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseInUse):
            sessions.open_session(path, PASS, "Test Worker")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    sessions.open_session(path, PASS, "Test Worker").close()


def test_a_database_from_a_newer_version_is_refused(new_session):
    path = new_session.path
    db = new_session.database()
    with db.atomic():
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('homefinder', 'm999_from_the_future', '2030-01-01')")
    new_session.close()
    with pytest.raises(DatabaseTooNew) as info:
        sessions.open_session(path, PASS, "Test Worker")
    assert "newer version" in str(info.value)


def test_a_higher_schema_version_is_refused(new_session):
    path = new_session.path
    new_session.database().execute(f"PRAGMA user_version = {len(KNOWN) + 1}")
    new_session.close()
    with pytest.raises(DatabaseTooNew):
        sessions.open_session(path, PASS, "Test Worker")
    # and it is not "fixed" by the refusal
    with pytest.raises(DatabaseTooNew):
        sessions.open_session(path, PASS, "Test Worker")


def test_creating_over_an_existing_database_is_refused(new_session):
    with pytest.raises(Exception) as info:
        sessions.create_database(new_session.path, "a much better passphrase 9", "Sam",
                                 "Northshire County Council", "Brightpath Adoption")
    assert "already exists" in str(info.value)


def test_council_and_partner_names_are_required(tmp_path):
    from homefinder_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        sessions.create_database(tmp_path / "n.hfdb", "a much better passphrase 9", "Sam", "  ", "")
    assert info.value.for_field("Council") and info.value.for_field("Partner agency")
    assert list(tmp_path.iterdir()) == []


def test_the_first_records_include_both_partners(new_session):
    from homefinder_desktop.domain.records import Agency
    from homefinder_desktop.services import records

    kinds = {a.kind: a.name for a in records.all_of(new_session, Agency)}
    assert kinds == {"own": "Northshire County Council", "partner": "Brightpath Adoption"}
    assert new_session.council_name == "Northshire County Council"


def test_a_refused_open_leaves_nothing_behind(new_session):
    from homefinder_desktop.domain.errors import WrongPassphrase
    from homefinder_desktop.storage.lock import lock_path_for

    path = new_session.path
    new_session.close()
    assert not lock_path_for(path).exists(), "closing removes the lock file"
    beside = lambda: sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))  # noqa: E731
    before = beside()
    assert before == ["test.hfdb", "test.hfdb.keys"]
    with pytest.raises(WrongPassphrase):
        sessions.open_session(path, "not the passphrase", "Test Worker")
    assert beside() == before


def test_the_lock_holds_even_when_its_note_cannot_be_written(new_session, monkeypatch):
    """A full disk may refuse the lock file's note (host and process); the lock still holds."""
    import errno

    from homefinder_desktop.storage import lock as lock_module

    path = new_session.path
    new_session.close()

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_module.os, "write", full)
    held = lock_module.DatabaseLock(path).acquire()
    try:
        with pytest.raises(DatabaseInUse):
            lock_module.DatabaseLock(path).acquire()
    finally:
        held.release()


def test_a_lock_on_a_removed_file_is_not_trusted(new_session, monkeypatch):
    """If the file locked was removed by a closing copy, acquire locks the one at the path."""
    from homefinder_desktop.storage import lock as lock_module

    path = new_session.path
    new_session.close()
    calls = []
    real = lock_module._still_at_path

    def first_time_gone(fd, p):
        calls.append(fd)
        return False if len(calls) == 1 else real(fd, p)

    monkeypatch.setattr(lock_module, "_still_at_path", first_time_gone)
    held = lock_module.DatabaseLock(path).acquire()
    try:
        assert len(calls) == 2
        with pytest.raises(DatabaseInUse):
            lock_module.DatabaseLock(path).acquire()
    finally:
        held.release()
