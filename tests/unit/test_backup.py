"""Backup and restore: a copy that opens, nothing half-written, nothing lost."""
from __future__ import annotations

import dataclasses
import errno
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from homefinder_desktop.domain.errors import (BackupFailed, DatabaseDamaged, DatabaseInUse,
                                              DatabaseTooNew, DiskFull, KeyFileMissing,
                                              ReadOnlyLocation, WrongPassphrase)
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import backup as backups
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.session import open_session
from homefinder_desktop.storage import maintenance
from homefinder_desktop.storage.keyfile import key_path_for

WHO = "Test Worker"


def a_child(first="Testchild") -> Child:
    return Child(first_name=first, last_name="Backupson", date_of_birth=date(2022, 3, 4), sex="F",
                 stage="family_finding", stage_date=date(2026, 1, 5))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder and its bytes (lock files aside: they hold only a process id)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith(".lock")}


def no_partials(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if ".partial" in p.name]


def child_count(path: Path, passphrase: str = demo.DEMO_PASSPHRASE) -> int:
    with open_session(path, passphrase, WHO) as s:
        return len(records.all_of(s, Child, include_archived=True))


# --- names --------------------------------------------------------------------------------

def test_default_name_is_dated(tmp_path):
    now = datetime(2026, 11, 23, 10, 15)
    assert backups.default_backup_name(tmp_path / "homefinder.hfdb", now) == \
        "homefinder-backup-2026-11-23-1015.hfdb"
    assert backups.backup_target(tmp_path / "db.hfdb", tmp_path, now) == tmp_path / "db-backup-2026-11-23-1015.hfdb"
    assert backups.backup_target(tmp_path / "db.hfdb", str(tmp_path / "new") + "/", now).parent == tmp_path / "new"
    assert backups.backup_target(tmp_path / "db.hfdb", tmp_path / "x.hfdb", now) == tmp_path / "x.hfdb"
    assert backups.backup_target(tmp_path / "db.hfdb", None, now).parent.name == "Backups"


# --- backup -------------------------------------------------------------------------------

def test_backup_opens_with_the_same_passphrase_and_holds_the_same_records(demo_session, tmp_path):
    target = backups.backup(demo_session, tmp_path / "bk" / "copy.hfdb")
    assert target == tmp_path / "bk" / "copy.hfdb"
    assert key_path_for(target).read_text() == demo_session.keyfile.to_json()
    assert no_partials(target.parent)
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.hfdb", "copy.hfdb.keys"]
    live = len(records.all_of(demo_session, Child, include_archived=True))
    assert child_count(target) == live == 60
    # The live session carries on as before.
    records.add(demo_session, a_child())


def test_backup_into_a_folder_uses_a_dated_name(demo_session, tmp_path):
    target = backups.backup(demo_session, tmp_path, now=datetime(2026, 11, 23, 9, 5))
    assert target.name == "demo-backup-2026-11-23-0905.hfdb"
    assert key_path_for(target).exists()


def test_backup_over_an_older_backup_replaces_it(demo_session, tmp_path):
    target = backups.backup(demo_session, tmp_path / "b.hfdb")
    records.add(demo_session, a_child())
    backups.backup(demo_session, target)
    assert child_count(target) == 61


def test_backup_refuses_to_overwrite_the_database_itself(demo_session):
    with pytest.raises(BackupFailed, match="over the database itself"):
        backups.backup(demo_session, demo_session.path)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_interrupted_backup_leaves_nothing_and_keeps_the_older_backup(demo_session, tmp_path, interruption):
    target = backups.backup(demo_session, tmp_path / "bk" / "b.hfdb")
    before = snapshot(target.parent)
    live_before = len(records.all_of(demo_session, Child, include_archived=True))
    records.add(demo_session, a_child())
    calls = []

    def stop_half_way(status, remaining, total):
        calls.append(remaining)
        assert remaining > 0, "the copy must still be under way when it is stopped"
        raise interruption("stopped")

    with pytest.raises(interruption):
        backups.backup(demo_session, target, progress=stop_half_way)
    assert calls
    assert snapshot(target.parent) == before  # older backup untouched, no partial files
    assert child_count(target) == live_before
    # The live database is untouched and still open.
    assert len(records.all_of(demo_session, Child, include_archived=True)) == live_before + 1


def test_backup_stopped_after_the_copy_leaves_nothing(demo_session, tmp_path, monkeypatch):
    def fail(path):
        raise KeyboardInterrupt
    monkeypatch.setattr(maintenance, "fsync_file", fail)
    with pytest.raises(KeyboardInterrupt):
        backups.backup(demo_session, tmp_path / "b.hfdb")
    assert list(tmp_path.glob("b.hfdb*")) == []


def test_disk_full_while_copying_is_a_sentence_and_leaves_nothing(demo_session, tmp_path, monkeypatch):
    import sqlcipher3

    real = maintenance.copy_database

    def full(source, target, data_key, **kw):
        real(source, target, data_key, **kw)  # the partial file exists when the disk fills
        raise sqlcipher3.OperationalError("database or disk is full")
    monkeypatch.setattr(maintenance, "copy_database", full)
    with pytest.raises(DiskFull) as err:
        backups.backup(demo_session, tmp_path / "bk" / "b.hfdb")
    assert "disk is full" in str(err.value) and "unchanged" in str(err.value)
    assert list((tmp_path / "bk").iterdir()) == []


def test_disk_full_writing_the_key_file(demo_session, tmp_path, monkeypatch):
    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(maintenance, "fsync_file", full)
    with pytest.raises(DiskFull, match="disk is full"):
        backups.backup(demo_session, tmp_path / "b.hfdb")
    assert list(tmp_path.glob("b.hfdb*")) == []


def test_read_only_target_folder_is_a_sentence(demo_session, tmp_path, monkeypatch):
    import tempfile

    def read_only(*a, **kw):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(ReadOnlyLocation) as err:
        backups.backup(demo_session, tmp_path / "usb" / "b.hfdb")
    assert "may not write in the folder" in str(err.value)
    assert not list((tmp_path / "usb").glob("*"))


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a folder nobody may write to")
def test_backup_into_a_folder_that_cannot_be_written(demo_session):
    target = Path("/sys/homefinder-test/b.hfdb")
    with pytest.raises(ReadOnlyLocation, match="choose a folder you can write to"):
        backups.backup(demo_session, target)
    assert not target.parent.exists()


def test_a_copy_that_does_not_read_back_is_not_kept(demo_session, tmp_path, monkeypatch):
    monkeypatch.setattr(maintenance, "cipher_problems", lambda db: ["HMAC verification failed for page 3"])
    with pytest.raises(BackupFailed, match="did not read back"):
        backups.backup(demo_session, tmp_path / "b.hfdb")
    assert list(tmp_path.glob("b.hfdb*")) == []


# --- restore ------------------------------------------------------------------------------

@pytest.fixture
def demo_with_backup(tmp_path):
    """A closed demo database with a backup made before one more child was added."""
    live = tmp_path / "live" / "demo.hfdb"
    live.parent.mkdir()
    with demo.create_demo(live) as s:
        target = backups.backup(s, tmp_path / "bk" / "b.hfdb")
        records.add(s, a_child("Addedafter"))
    return live, target


def test_restore_round_trip_keeps_the_database_as_it_was(demo_with_backup):
    live, target = demo_with_backup
    assert child_count(live) == 61
    restored = backups.restore(target, live, WHO, passphrase=demo.DEMO_PASSPHRASE,
                               now=datetime(2026, 11, 23, 14, 30, 5))
    try:
        names = [c.first_name for c in records.all_of(restored, Child, include_archived=True)]
        assert len(names) == 60 and "Addedafter" not in names
        assert "from b.hfdb" in restored.info["last_restored"]
        with pytest.raises(DatabaseInUse):  # the returned session holds the lock
            open_session(live, demo.DEMO_PASSPHRASE, WHO)
    finally:
        restored.close()
    aside = live.with_name("demo.hfdb.before-restore-20261123-143005")
    assert restored.before_restore == aside
    assert aside.exists() and key_path_for(aside).exists()
    assert child_count(aside) == 61  # nothing lost: the change after the backup is kept aside
    assert no_partials(live.parent)
    assert child_count(target) == 60  # the backup itself is untouched


def test_restore_with_the_recovery_key(tmp_path, new_session):
    target = backups.backup(new_session, tmp_path / "bk" / "b.hfdb")
    path = new_session.path
    new_session.close()
    restored = backups.restore(target, path, WHO, recovery_key=new_session.recovery_key.lower())
    restored.close()


def test_restore_onto_a_new_laptop(demo_with_backup, tmp_path):
    _, target = demo_with_backup
    fresh = tmp_path / "new-laptop" / "homefinder.hfdb"
    restored = backups.restore(target, fresh, WHO, passphrase=demo.DEMO_PASSPHRASE)
    restored.close()
    assert restored.before_restore is None
    assert child_count(fresh) == 60


def test_restore_with_a_wrong_passphrase_changes_nothing(demo_with_backup):
    live, target = demo_with_backup
    before_live, before_bk = snapshot(live.parent), snapshot(target.parent)
    with pytest.raises(WrongPassphrase, match="not right"):
        backups.restore(target, live, WHO, passphrase="not the passphrase at all")
    assert snapshot(live.parent) == before_live
    assert snapshot(target.parent) == before_bk


def test_restore_while_the_database_is_open_elsewhere_changes_nothing(demo_with_backup):
    live, target = demo_with_backup
    with open_session(live, demo.DEMO_PASSPHRASE, WHO):
        before = snapshot(live.parent)
        with pytest.raises(DatabaseInUse, match="already open"):
            backups.restore(target, live, WHO, passphrase=demo.DEMO_PASSPHRASE)
        assert snapshot(live.parent) == before


def test_restore_of_a_damaged_backup_changes_nothing(demo_with_backup):
    live, target = demo_with_backup
    with open(target, "r+b") as fh:
        fh.seek(4096 * 5 + 100)
        fh.write(b"\x00" * 32)
    before = snapshot(live.parent)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        backups.restore(target, live, WHO, passphrase=demo.DEMO_PASSPHRASE)
    assert snapshot(live.parent) == before
    assert child_count(live) == 61


def test_restore_without_the_backups_key_file(demo_with_backup):
    live, target = demo_with_backup
    key_path_for(target).unlink()
    with pytest.raises(KeyFileMissing, match="b.hfdb.keys is missing"):
        backups.restore(target, live, WHO, passphrase=demo.DEMO_PASSPHRASE)


def test_restore_of_a_backup_from_a_newer_version_changes_nothing(demo_with_backup, tmp_path):
    live, target = demo_with_backup
    with open_session(target, demo.DEMO_PASSPHRASE, WHO) as s:
        s.database().execute("PRAGMA user_version = 99")
    before = snapshot(live.parent)
    with pytest.raises(DatabaseTooNew, match="newer version"):
        backups.restore(target, live, WHO, passphrase=demo.DEMO_PASSPHRASE)
    assert snapshot(live.parent) == before


def test_restore_refuses_the_database_itself(demo_with_backup):
    live, _ = demo_with_backup
    with pytest.raises(Exception, match="not a backup"):
        backups.restore(live, live, WHO, passphrase=demo.DEMO_PASSPHRASE)


def test_backup_name_pattern_in_the_default_folder(demo_session):
    target = backups.backup(demo_session)
    assert target.parent == demo_session.path.parent / "Backups"
    assert re.fullmatch(r"demo-backup-\d{4}-\d\d-\d\d-\d{4}\.hfdb", target.name)
    shutil.rmtree(target.parent)


# --- a save when the disk is full (the sentence every service gives) -------------------------

def test_disk_full_during_a_save_is_a_sentence_and_saves_nothing(demo_session):
    db = demo_session.database()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    big = dataclasses.replace(a_child("Filler"), notes="x" * 3000)
    with pytest.raises(DiskFull) as err:
        for _ in range(50):  # the first save that needs a new page fails
            before = len(records.all_of(demo_session, Child, include_archived=True))
            audit_before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
            records.add(demo_session, big)
    assert "disk is full" in str(err.value) and "not saved" in str(err.value)
    db.execute("PRAGMA max_page_count = 1073741823")
    assert len(records.all_of(demo_session, Child, include_archived=True)) == before
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    records.add(demo_session, big)  # with space again, saving works
