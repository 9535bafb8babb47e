"""`check`: a whole database passes; a damaged, foreign, keyless or too-new one is reported
in words, and opening such a file raises the worker's error, never a crash."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from homefinder_desktop.domain.errors import (DatabaseDamaged, DatabaseTooNew, KeyFileMissing,
                                              NotADatabase, WrongPassphrase, WrongRecoveryKey)
from homefinder_desktop.services import check as checks
from homefinder_desktop.services import demo
from homefinder_desktop.services.check import check
from homefinder_desktop.services.session import open_session
from homefinder_desktop.storage.keyfile import key_path_for

PAGE = 4096
WHO = "Test Worker"


@pytest.fixture
def closed_demo(tmp_path) -> Path:
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    return path


def flip(path: Path, offset: int, length: int = 16) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        data = fh.read(length)
        fh.seek(offset)
        fh.write(bytes(b ^ 0xA5 for b in data))


def failed(report) -> dict[str, str]:
    return {r.name: r.detail for r in report if not r.ok}


def test_a_whole_database_passes_every_check(closed_demo):
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert report.ok, report
    names = [r.name for r in report]
    for expected in (checks.FILE, checks.KEY_FILE, checks.UNLOCK, checks.OPENS, checks.PAGES,
                     checks.STRUCTURE, checks.LINKS, checks.VERSION, checks.AUDIT, checks.LEDGER):
        assert expected in names
    assert all(isinstance(r, tuple) and len(r) == 3 for r in report)  # (name, ok, detail)
    assert report.summary() == "demo.hfdb passed every check."


def test_check_changes_nothing(closed_demo):
    before = closed_demo.read_bytes(), key_path_for(closed_demo).read_bytes()
    check(closed_demo, demo.DEMO_PASSPHRASE)
    assert (closed_demo.read_bytes(), key_path_for(closed_demo).read_bytes()) == before
    assert not Path(f"{closed_demo}-wal").exists()


def test_check_with_the_recovery_key(new_session):
    path = new_session.path
    new_session.close()
    assert check(path, recovery_key=new_session.recovery_key).ok
    with pytest.raises(WrongRecoveryKey):
        check(path, recovery_key="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")


def test_wrong_passphrase_is_raised_not_reported(closed_demo):
    with pytest.raises(WrongPassphrase, match="not right"):
        check(closed_demo, "a wrong passphrase")


@pytest.mark.parametrize("page", [3, 5, 17, 40, 70])
def test_bytes_changed_in_the_middle_are_found(closed_demo, page):
    assert closed_demo.stat().st_size >= page * PAGE, "the demo database must have this page"
    flip(closed_demo, (page - 1) * PAGE + 1234)
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert not report.ok
    assert checks.PAGES in failed(report)
    assert f"page {page}" in failed(report)[checks.PAGES]
    assert "restore from your latest backup" in report.summary()
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO)


def test_bytes_changed_on_the_first_page(closed_demo):
    flip(closed_demo, 100)
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert not report.ok
    assert "first page does not decrypt" in failed(report)[checks.PAGES]
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO)


def test_a_text_file_with_a_key_file_is_not_a_database(closed_demo, tmp_path):
    fake = tmp_path / "x.hfdb"
    fake.write_text("Minutes of the adoption panel, 3 March.\n" * 200)
    shutil.copy(key_path_for(closed_demo), key_path_for(fake))
    report = check(fake, demo.DEMO_PASSPHRASE)
    assert not report.ok
    detail = " ".join(failed(report).values())
    assert "This is not a Homefinder database" in detail or "does not decrypt" in detail
    with pytest.raises((DatabaseDamaged, NotADatabase)):
        open_session(fake, demo.DEMO_PASSPHRASE, WHO)


def test_a_file_cut_short(closed_demo):
    with open(closed_demo, "r+b") as fh:
        fh.truncate(PAGE * 3 + 100)
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert failed(report)[checks.FILE].startswith("This is not a Homefinder database, or one cut off part-way")


def test_an_unencrypted_sqlite_file(tmp_path, closed_demo):
    import sqlite3

    plain = tmp_path / "plain.hfdb"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    shutil.copy(key_path_for(closed_demo), key_path_for(plain))
    report = check(plain, demo.DEMO_PASSPHRASE)
    assert "unencrypted" in failed(report)[checks.FILE]
    with pytest.raises(NotADatabase, match="unencrypted"):
        open_session(plain, demo.DEMO_PASSPHRASE, WHO)


def test_missing_file(tmp_path):
    report = check(tmp_path / "nothing.hfdb", "whatever")
    assert not report.ok and "There is no file" in failed(report)[checks.FILE]


def test_key_file_missing(closed_demo):
    key_path_for(closed_demo).unlink()
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert "demo.hfdb.keys is missing" in failed(report)[checks.KEY_FILE]
    with pytest.raises(KeyFileMissing):
        open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO)


def test_key_file_damaged(closed_demo):
    key_path_for(closed_demo).write_text("{not json")
    assert "damaged" in failed(check(closed_demo, demo.DEMO_PASSPHRASE))[checks.KEY_FILE]


def test_key_file_of_another_database(closed_demo, tmp_path):
    other = tmp_path / "other.hfdb"
    demo.create_demo(other, children=1, families=1).close()
    shutil.copy(key_path_for(other), key_path_for(closed_demo))
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert "another database" in failed(report)[checks.PAGES]


@pytest.mark.parametrize("how", ["user_version", "migration"])
def test_a_database_from_a_newer_version(closed_demo, how):
    with open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO) as s:
        db = s.database()
        if how == "user_version":
            db.execute("PRAGMA user_version = 99")
        else:
            with db.atomic():
                db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                           "VALUES ('homefinder', 'm999_from_the_future', '2027-01-01')")
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert "newer version" in failed(report)[checks.VERSION]
    with pytest.raises(DatabaseTooNew, match="newer version of Homefinder"):
        open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO)


def test_records_pointing_at_nothing(closed_demo):
    with open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO) as s:
        db = s.database()
        db.execute("PRAGMA foreign_keys = OFF")
        with db.atomic():
            db.execute("UPDATE children SET social_worker_id = 9999 WHERE id = 1")
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert "1 record(s) in children refer to records that are not there" in failed(report)[checks.LINKS]


def test_a_fund_ledger_changed_behind_the_programs_back_is_found(closed_demo):
    """Only by dropping the guard (which the check also names) can an entry be made to unbalance."""
    with open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO) as s:
        db = s.database()
        with db.atomic():
            db.execute("INSERT INTO fund_agreements (name, agency_id, grant, starts_on, spend_by) "
                       "VALUES ('Block', 2, 100, '2025-04-01', '2026-03-31')")
            agreement = db.execute("SELECT max(id) FROM fund_agreements").fetchone()[0]
            db.execute("INSERT INTO fund_entries (agreement_id, on_date, fy, kind, recorded_by, recorded_at) "
                       "VALUES (?, '2025-05-01', 2025, 'instalment', 'x', 'x')", [agreement])
            entry = db.execute("SELECT max(id) FROM fund_entries").fetchone()[0]
            db.execute("INSERT INTO fund_postings (entry_id, account, amount) VALUES (?, 'council', -100)", [entry])
            db.execute("INSERT INTO fund_postings (entry_id, account, amount) VALUES (?, 'holding:2025', 99)", [entry])
            db.execute("DROP TRIGGER fund_postings_no_update")
    detail = failed(check(closed_demo, demo.DEMO_PASSPHRASE))[checks.LEDGER]
    assert "the protection that stops entries being changed is missing" in detail
    assert f"1 entry does not balance (the first: E-{entry:06d})" in detail


def test_an_older_database_is_fine_and_says_it_will_be_updated(closed_demo, monkeypatch):
    from homefinder_desktop.storage import maintenance

    monkeypatch.setattr(maintenance, "pending_migrations", lambda db: ["m002_next"])
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert report.ok
    assert "1 update(s) will be applied" in dict((r.name, r.detail) for r in report)[checks.VERSION]


def test_check_while_open_in_another_copy(closed_demo):
    with open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO):
        report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert report.ok
    assert "open in another copy" in dict((r.name, r.detail) for r in report)[checks.IN_USE]


def test_a_folder_is_named_as_a_folder(tmp_path):
    folder = tmp_path / "folder.hfdb"
    folder.mkdir()
    report = check(folder, demo.DEMO_PASSPHRASE)
    assert "is a folder, not a Homefinder database" in failed(report)[checks.FILE]
    assert "restore" not in report.summary()


def test_a_newer_database_is_not_to_be_restored_over(closed_demo):
    session = open_session(closed_demo, demo.DEMO_PASSPHRASE, WHO)
    session.database().execute("PRAGMA user_version = 99")
    session.close()
    report = check(closed_demo, demo.DEMO_PASSPHRASE)
    assert checks.VERSION in failed(report)
    assert "Install the newer version" in report.summary()
    assert "restore from your latest backup" not in report.summary()
