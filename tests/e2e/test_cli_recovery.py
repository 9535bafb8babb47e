"""`homefinder new-recovery-key`, run as a subprocess: a new key, printed once; the old one stops."""
from __future__ import annotations

import re

from cli_helpers import no_traceback, run, state

from homefinder_desktop.storage.keyfile import key_path_for

KEY = re.compile(r"^    ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){7})$", re.MULTILINE)
NEW_PASSPHRASE = "copper meadow kettle 2001"


def test_new_recovery_key_replaces_the_old_one(tmp_path, new_session, passphrase):
    db, old_key = new_session.path, new_session.recovery_key
    new_session.close()
    db_before = db.read_bytes()
    pf = tmp_path / "pass.txt"
    pf.write_text(passphrase + "\n")
    sheet = tmp_path / "sheet.pdf"

    made = run("new-recovery-key", "--database", str(db), "--passphrase-file", str(pf),
               "--recovery-key-pdf", str(sheet), passphrase=None)
    assert made.returncode == 0, made.stderr
    keys = KEY.findall(made.stdout)
    assert len(keys) == 1, made.stdout  # printed once
    new_key = keys[0]
    assert new_key != old_key
    assert "old recovery key no longer opens" in made.stdout
    assert "Backups made before now" in made.stdout
    assert sheet.read_bytes().startswith(b"%PDF")
    assert db.read_bytes() == db_before, "only the key file changes"

    # The passphrase still opens it; the old key no longer recovers it; the new key does.
    assert run("check", "--database", str(db), passphrase=passphrase).returncode == 0
    old = run("check", "--database", str(db), "--recovery-key", passphrase=None,
              env={"HOMEFINDER_RECOVERY_KEY": old_key})
    assert old.returncode == 1 and "recovery key is not right" in old.stderr and no_traceback(old)
    recovered = run("recover", "--database", str(db), passphrase=None,
                    env={"HOMEFINDER_RECOVERY_KEY": new_key, "HOMEFINDER_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert recovered.returncode == 0, recovered.stderr
    assert run("check", "--database", str(db), passphrase=NEW_PASSPHRASE).returncode == 0


def test_a_wrong_passphrase_changes_nothing(new_session):
    db, old_key = new_session.path, new_session.recovery_key
    new_session.close()
    before = state(db, key_path_for(db))
    result = run("new-recovery-key", "--database", str(db), passphrase="this is not the passphrase")
    assert result.returncode == 1 and "passphrase is not right" in result.stderr and no_traceback(result)
    assert not KEY.search(result.stdout)
    assert state(db, key_path_for(db)) == before
    check = run("check", "--database", str(db), "--recovery-key", passphrase=None,
                env={"HOMEFINDER_RECOVERY_KEY": old_key})
    assert check.returncode == 0, check.stderr


def test_the_passphrase_can_be_typed_at_the_prompt(new_session, passphrase):
    db = new_session.path
    new_session.close()
    typed = run("new-recovery-key", "--database", str(db), passphrase=None, input=passphrase + "\n")
    assert typed.returncode == 0, typed.stderr
    assert len(KEY.findall(typed.stdout)) == 1
    nothing = run("new-recovery-key", "--database", str(db), passphrase=None, input="")
    assert nothing.returncode == 2 and no_traceback(nothing)


def test_refused_while_the_database_is_open_elsewhere(tmp_path, new_session, passphrase):
    db = new_session.path
    before = key_path_for(db).read_bytes()
    result = run("new-recovery-key", "--database", str(db), passphrase=passphrase)
    assert result.returncode == 1 and "File > New recovery key" in result.stderr and no_traceback(result)
    assert key_path_for(db).read_bytes() == before


def test_an_export_into_a_cloud_synced_folder_is_warned_about(tmp_path):
    from cli_helpers import run

    db = tmp_path / "demo.hfdb"
    assert run("demo", "--database", str(db)).returncode == 0
    synced = tmp_path / "OneDrive - Northshire County Council"
    result = run("export", "--database", str(db), "--format", "csv", "--to", str(synced / "out"), "--plaintext")
    assert result.returncode == 0, result.stderr
    assert "cloud-synced folder (OneDrive - Northshire County Council)" in result.stderr
    assert "an export saved there is copied, unencrypted" in result.stderr
