"""The database is encrypted from the first byte: nothing of a record is readable on disk."""
from __future__ import annotations

import os
import tempfile
from datetime import date

import pytest
import sqlcipher3

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.storage import db as storage_db
from homefinder_desktop.storage.keyfile import key_path_for

MARKER = "Zephyrine"  # a fictional name that appears nowhere else


def _all_bytes(folder) -> dict[str, bytes]:
    return {p: open(os.path.join(folder, p), "rb").read() for p in os.listdir(folder)
            if os.path.isfile(os.path.join(folder, p))}


def test_no_plaintext_in_database_wal_shm_or_temp(new_session, tmp_path):
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    records.add(new_session, Child(first_name=MARKER, last_name="Quillfeather", date_of_birth=date(2022, 5, 1),
                                   sex="F", notes="Marker notes " + MARKER))
    # While open, the WAL holds the change: it must be encrypted too.
    files = _all_bytes(tmp_path)
    assert any(name.endswith("-wal") for name in files), "WAL mode should leave a -wal file while open"
    for name, data in files.items():
        assert MARKER.encode() not in data, f"plaintext found in {name}"
        assert MARKER.encode("utf-16-le") not in data
    assert not files["test.hfdb"].startswith(storage_db.SQLITE_HEADER)
    new_session.close()
    for name, data in _all_bytes(tmp_path).items():
        assert MARKER.encode() not in data, f"plaintext found in {name} after closing"
    for name in set(os.listdir(tempfile.gettempdir())) - before_tmp:
        path = os.path.join(tempfile.gettempdir(), name)
        if os.path.isfile(path):
            assert MARKER.encode() not in open(path, "rb").read()


def test_every_connection_has_the_safety_pragmas(new_session):
    conn = new_session.database().conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    new_session.lock_now()
    new_session.unlock("plum orchard telescope 42")
    conn = new_session.database().conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_the_file_cannot_be_read_without_the_key(new_session):
    path = new_session.path
    new_session.close()
    plain = sqlcipher3.connect(str(path))
    with pytest.raises(sqlcipher3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with pytest.raises(Exception) as info:
        storage_db.connect(path, os.urandom(32))
    assert "damaged" in str(info.value) or "key file" in str(info.value)


def test_an_ordinary_sqlite_file_is_named_as_such(tmp_path):
    import sqlite3

    path = tmp_path / "plain.hfdb"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(Exception) as info:
        storage_db.connect(path, os.urandom(32))
    assert "unencrypted" in str(info.value)


def test_key_file_holds_no_key_in_clear(new_session):
    text = key_path_for(new_session.path).read_text()
    assert new_session.data_key().hex() not in text
    assert new_session.recovery_key.replace("-", "") not in text.replace("-", "")


def test_database_files_are_private_to_their_owner(new_session, tmp_path):
    import stat

    from homefinder_desktop.services import backup

    copy = backup.backup(new_session, tmp_path / "backups")
    for path in (new_session.path, key_path_for(new_session.path), copy, key_path_for(copy)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_no_sqlite_utils_plugin_touches_the_connection(new_session, monkeypatch):
    """Installed sqlite-utils plugins could hook every connection: ours load none."""
    import sqlite_utils.db

    def refuse(**_kwargs):
        raise AssertionError("a plugin hook ran on the encrypted connection")

    monkeypatch.setattr(sqlite_utils.db, "ensure_plugins_loaded", refuse)
    monkeypatch.setattr(sqlite_utils.db.pm.hook, "prepare_connection", refuse)
    new_session.lock_now()
    new_session.unlock("plum orchard telescope 42")  # a fresh connection through storage.db.connect
    assert new_session.database().execute("SELECT count(*) FROM agencies").fetchone()[0] == 2
