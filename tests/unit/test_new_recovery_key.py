"""Session.new_recovery_key: a lost recovery sheet is replaced; the old key stops working."""
from __future__ import annotations

import pytest

from homefinder_desktop.domain.errors import TooSoon, WrongPassphrase, WrongRecoveryKey
from homefinder_desktop.services import session as sessions
from homefinder_desktop.storage.keyfile import KeyFile, key_path_for

NEW_PASSPHRASE = "cobalt lantern meadow 77"


def test_new_key_opens_the_database_and_the_old_one_no_longer_does(new_session, passphrase):
    path, old_key = new_session.path, new_session.recovery_key
    new_session.close()  # the database file as it is on disk, all written
    db_before = path.read_bytes()
    keys_before = key_path_for(path).read_bytes()

    session = sessions.open_session(path, passphrase, "Test Worker")
    new_key = session.new_recovery_key(passphrase)
    assert new_key != old_key
    assert len(new_key) == 39 and new_key.count("-") == 7
    assert session.keyfile.unlock_with_recovery_key(new_key) == session.data_key()
    session.close()

    assert path.read_bytes() == db_before, "a new recovery key must not touch the database file"
    assert key_path_for(path).read_bytes() != keys_before
    with pytest.raises(WrongRecoveryKey):
        sessions.recover(path, old_key, NEW_PASSPHRASE, "Manager")
    assert key_path_for(path).read_bytes() != keys_before  # the refused key changed nothing back
    # The passphrase is unchanged, and the new key (typed from paper) recovers the database.
    sessions.open_session(path, passphrase, "Test Worker").close()
    recovered = sessions.recover(path, new_key.lower().replace("-", " "), NEW_PASSPHRASE, "Manager")
    recovered.close()
    assert path.read_bytes() == db_before
    sessions.open_session(path, NEW_PASSPHRASE, "Test Worker").close()


def test_the_key_file_on_disk_is_the_one_the_session_holds(new_session, passphrase):
    new_key = new_session.new_recovery_key(passphrase)
    on_disk = KeyFile.load(new_session.path)
    assert on_disk.slots == new_session.keyfile.slots
    assert on_disk.unlock_with_recovery_key(new_key) == new_session.data_key()
    # The passphrase slot is the same sealed copy as before: only the recovery slot changed.
    assert on_disk.unlock(passphrase) == new_session.data_key()


def test_a_wrong_passphrase_changes_nothing_and_counts_as_a_wrong_try(new_session, passphrase):
    path, old_key = new_session.path, new_session.recovery_key
    keys_before = key_path_for(path).read_bytes()
    db_before = path.read_bytes()
    waits = []
    for _ in range(3):
        with pytest.raises(WrongPassphrase) as info:
            new_session.new_recovery_key("not the passphrase at all")
        waits.append(info.value.wait_seconds)
        assert key_path_for(path).read_bytes() == keys_before
    assert waits[0] == 0 and waits[-1] > 0  # wrong tries count, as at the unlock screen
    with pytest.raises(TooSoon):  # even the right passphrase must wait now
        new_session.new_recovery_key(passphrase)
    assert key_path_for(path).read_bytes() == keys_before
    assert path.read_bytes() == db_before
    assert new_session.keyfile.unlock_with_recovery_key(old_key) == new_session.data_key()
    new_session.close()
    sessions.recover(path, old_key, NEW_PASSPHRASE, "Manager").close()  # the old key still works


def test_works_while_locked_and_keeps_the_lock(new_session, passphrase):
    """Only the key file is needed; locking does not lose the new key file."""
    new_session.lock_now()
    new_key = new_session.new_recovery_key(passphrase)
    assert new_session.locked
    assert KeyFile.load(new_session.path).unlock_with_recovery_key(new_key)
