"""Passphrase, recovery key and the key file."""
from __future__ import annotations

import hashlib

import pytest

from homefinder_desktop.domain.errors import (KeyFileMissing, TooSoon, ValidationError, WrongPassphrase,
                                              WrongRecoveryKey)
from homefinder_desktop.services import session as sessions
from homefinder_desktop.storage.keyfile import KeyFile, key_path_for, normalise_recovery_key

PASS = "plum orchard telescope 42"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrong_passphrase_is_refused_and_nothing_changes(new_session):
    path = new_session.path
    new_session.close()
    before = (_digest(path), _digest(key_path_for(path)))
    with pytest.raises(WrongPassphrase) as info:
        sessions.open_session(path, "not the passphrase", "Test Worker")
    assert "not right" in str(info.value)
    assert (_digest(path), _digest(key_path_for(path))) == before
    sessions.open_session(path, PASS, "Test Worker").close()


def test_repeated_failures_make_the_next_try_wait(new_session):
    path = new_session.path
    new_session.close()
    waits = []
    for _ in range(3):
        with pytest.raises(WrongPassphrase) as info:
            sessions.open_session(path, "wrong horse", "Test Worker")
        waits.append(info.value.wait_seconds)
    assert waits[0] == 0 and waits[-1] > 0
    with pytest.raises(TooSoon) as info:  # even the right passphrase must wait now
        sessions.open_session(path, PASS, "Test Worker")
    assert "wait" in str(info.value)


def test_recovery_key_sets_a_new_passphrase(new_session):
    path, recovery = new_session.path, new_session.recovery_key
    db_bytes_before = _digest(path)
    new_session.close()
    db_bytes_before = _digest(path)
    with pytest.raises(WrongRecoveryKey):
        sessions.recover(path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "cobalt lantern meadow 77", "Manager")
    # Typed from paper: lower case, spaces instead of dashes.
    session = sessions.recover(path, recovery.lower().replace("-", " "), "cobalt lantern meadow 77", "Manager")
    session.close()
    assert _digest(path) == db_bytes_before, "a new passphrase must not re-encrypt the database"
    with pytest.raises(WrongPassphrase):
        sessions.open_session(path, PASS, "Test Worker")
    sessions.open_session(path, "cobalt lantern meadow 77", "Test Worker").close()


def test_changing_the_passphrase_only_reseals_the_key(new_session):
    path = new_session.path
    new_session.close()
    before = _digest(path)
    session = sessions.open_session(path, PASS, "Test Worker")
    session.lock_now()  # nothing written to the database between digests
    session.change_passphrase(PASS, "saffron glacier window 19")
    session.close()
    assert _digest(path) == before
    sessions.open_session(path, "saffron glacier window 19", "Test Worker").close()


def test_a_weak_new_passphrase_is_refused(new_session):
    with pytest.raises(ValidationError) as info:
        new_session.change_passphrase(PASS, "password1")
    assert info.value.for_field("Passphrase")


def test_weak_passphrase_refused_at_creation(tmp_path):
    with pytest.raises(ValidationError) as info:
        sessions.create_database(tmp_path / "a.hfdb", "northshire", "Sam", "Northshire County Council", "Brightpath")
    assert info.value.for_field("Passphrase")
    assert not (tmp_path / "a.hfdb").exists()


def test_missing_key_file_is_explained(new_session):
    path = new_session.path
    new_session.close()
    key_path_for(path).unlink()
    with pytest.raises(KeyFileMissing) as info:
        sessions.open_session(path, PASS, "Test Worker")
    assert ".keys" in str(info.value)


def test_recovery_key_is_forgiving_of_typing():
    assert normalise_recovery_key("abcd-efgh 2345") == "ABCDEFGH2345"


def test_damaged_key_file_is_explained(new_session):
    path = new_session.path
    new_session.close()
    key_path_for(path).write_text("{not json")
    with pytest.raises(Exception) as info:
        KeyFile.load(path)
    assert "damaged" in str(info.value)


def test_a_failed_unlock_keeps_no_key(new_session, monkeypatch):
    from homefinder_desktop.domain.errors import DatabaseDamaged

    new_session.lock_now()

    def damaged(*_args, **_kwargs):
        raise DatabaseDamaged("damaged")

    monkeypatch.setattr(sessions, "_connect", damaged)
    with pytest.raises(DatabaseDamaged):
        new_session.unlock(PASS)
    assert new_session.locked and new_session._data_key is None


@pytest.mark.parametrize("spoil", [
    lambda d: d["slots"]["passphrase"].pop("salt"),
    lambda d: d["slots"]["recovery"].update(nonce="AAAA"),
    lambda d: d["slots"]["passphrase"].update(memory_kib=64 * 1024 * 1024),  # 64 GiB: a hang, not a key
    lambda d: d["slots"].pop("recovery"),
    lambda d: d.update(database_id=7),
])
def test_a_key_file_with_bad_fields_is_called_damaged(new_session, spoil):
    import json

    path = new_session.path
    new_session.close()
    data = json.loads(key_path_for(path).read_text())
    spoil(data)
    key_path_for(path).write_text(json.dumps(data))
    with pytest.raises(Exception) as info:
        sessions.open_session(path, PASS, "Test Worker")
    assert "damaged" in str(info.value) and type(info.value).__name__ != "KeyError"
