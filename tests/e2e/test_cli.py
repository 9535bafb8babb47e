"""The real `homefinder` command line, run as a subprocess."""
from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import DEMO_PASSPHRASE, no_traceback, run, state

from homefinder_desktop.cli import COMMANDS
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.session import open_session
from homefinder_desktop.storage.keyfile import key_path_for

WHO = "Test Worker"
STRONG = "violet harbour lantern 1987"
WRONG = "this is not the passphrase"


@pytest.fixture
def demo_db(tmp_path) -> Path:
    """A closed demo database made in this process (cheap key derivation)."""
    path = tmp_path / "db" / "demo.hfdb"
    path.parent.mkdir()
    demo.create_demo(path).close()
    return path


def children(path: Path, passphrase: str = DEMO_PASSPHRASE) -> list[Child]:
    with open_session(path, passphrase, WHO) as s:
        return records.all_of(s, Child, include_archived=True)


# --- help --------------------------------------------------------------------------------------

def test_every_command_has_readable_help():
    result = run("--help")
    assert result.returncode == 0
    assert "usage: homefinder" in result.stdout
    for command in sorted(COMMANDS - {"help", "--help", "-h", "--version"}):
        assert command in result.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert f"usage: homefinder {command}" in sub.stdout
        assert "--database" in sub.stdout
    assert run("--version").stdout.startswith("Homefinder ")


def test_a_usage_mistake_exits_2():
    result = run("backup", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr and no_traceback(result)


# --- init and demo ------------------------------------------------------------------------------

def test_init_then_check(tmp_path):
    db = tmp_path / "team" / "homefinder.hfdb"
    db.parent.mkdir()
    result = run("init", "--database", str(db), "--council", "Northshire County Council",
                 "--partner", "Brightpath Adoption", passphrase=STRONG)
    assert result.returncode == 0, result.stderr
    keys = re.findall(r"\b[A-Z2-9]{4}(?:-[A-Z2-9]{4}){7}\b", result.stdout)
    assert len(keys) == 1  # the recovery key, printed once
    assert "only this once" in result.stdout and "manager" in result.stdout
    assert db.exists() and key_path_for(db).exists()

    check = run("check", "--database", str(db), passphrase=STRONG)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "homefinder.hfdb passed every check." in check.stdout
    assert "FAIL" not in check.stdout

    # The recovery key opens it too, and was not stored anywhere in clear.
    assert keys[0] not in key_path_for(db).read_text()
    by_key = run("check", "--database", str(db), "--recovery-key", passphrase=None,
                 env={"HOMEFINDER_RECOVERY_KEY": keys[0]})
    assert by_key.returncode == 0, by_key.stderr


def test_init_asks_for_the_passphrase_twice(tmp_path):
    db = tmp_path / "asked.hfdb"
    typed = run("init", "--database", str(db), "--council", "Northshire", "--partner", "Brightpath",
                passphrase=None, input=f"{STRONG}\n{STRONG}\n")
    assert typed.returncode == 0, typed.stderr
    assert db.exists()


def test_init_refuses_two_different_passphrases_and_weak_ones(tmp_path):
    db = tmp_path / "x.hfdb"
    typed = run("init", "--database", str(db), "--council", "N", "--partner", "B",
                passphrase=None, input=f"{STRONG}\n{STRONG}x\n")
    assert typed.returncode == 1 and "not the same" in typed.stderr
    weak = run("init", "--database", str(db), "--council", "N", "--partner", "B", passphrase="password1")
    assert weak.returncode == 1 and "Passphrase:" in weak.stderr and no_traceback(weak)
    assert list(tmp_path.glob("x.hfdb*")) == []


def test_demo(tmp_path):
    result = run("demo", "--children", "12", "--families", "5", passphrase=None)
    assert result.returncode == 0, result.stderr
    assert f"Its passphrase is: {DEMO_PASSPHRASE}" in result.stdout
    assert "12 children, 5 families" in result.stdout
    path = Path(tmp_path / "home" / "demo.hfdb")  # the default place, in HOMEFINDER_HOME
    assert len(children(path)) == 12
    again = run("demo", passphrase=None)
    assert again.returncode == 1 and "--replace" in again.stderr
    replaced = run("demo", "--replace", "--children", "3", "--families", "1", passphrase=None)
    assert replaced.returncode == 0, replaced.stderr
    assert len(children(path)) == 3


# --- backup and restore ---------------------------------------------------------------------

def test_backup_then_restore_round_trip(demo_db, tmp_path):
    backup_dir = tmp_path / "usb"
    made = run("backup", "--database", str(demo_db), "--to", str(backup_dir / "monday.hfdb"))
    assert made.returncode == 0, made.stderr
    backup = backup_dir / "monday.hfdb"
    assert backup.exists() and key_path_for(backup).exists()
    assert "Keep the two together" in made.stdout

    with open_session(demo_db, DEMO_PASSPHRASE, WHO) as s:  # a change after the backup
        records.add(s, Child(first_name="Afterwards", last_name="Tester", date_of_birth=date(2023, 1, 2),
                             sex="M", stage="family_finding", stage_date=date(2026, 2, 1)))
    assert "Afterwards" in [c.first_name for c in children(demo_db)]

    restored = run("restore", "--from", str(backup), "--database", str(demo_db))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    assert "Afterwards" not in [c.first_name for c in children(demo_db)]
    asides = list(demo_db.parent.glob("demo.hfdb.before-restore-*[0-9]"))
    assert len(asides) == 1 and key_path_for(asides[0]).exists()
    assert asides[0].name in restored.stdout
    assert "Afterwards" in [c.first_name for c in children(asides[0])]  # nothing was lost
    assert not list(demo_db.parent.glob("*.partial*"))


def test_backup_default_place_is_a_dated_file_in_backups(demo_db):
    made = run("backup", "--database", str(demo_db))
    assert made.returncode == 0, made.stderr
    files = [p.name for p in (demo_db.parent / "Backups").iterdir()]
    assert len(files) == 2 and any(re.fullmatch(r"demo-backup-\d{4}-\d\d-\d\d-\d{4}\.hfdb", f) for f in files)
    assert "same disk" in made.stdout


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a folder nobody may write to")
def test_backup_to_a_folder_that_cannot_be_written(demo_db):
    result = run("backup", "--database", str(demo_db), "--to", "/sys/homefinder-usb/b.hfdb")
    assert result.returncode == 1
    assert "may not write in the folder /sys/homefinder-usb" in result.stderr and no_traceback(result)
    assert not Path("/sys/homefinder-usb").exists()


# --- export --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_with_plaintext(demo_db, tmp_path, fmt):
    child = children(demo_db)[0]
    out = tmp_path / "export"
    result = run("export", "--database", str(demo_db), "--format", fmt, "--to", str(out), "--plaintext")
    assert result.returncode == 0, result.stderr
    assert "CONFIDENTIAL" in result.stdout
    schema = json.loads((out / "schema.json").read_text("utf-8"))
    assert "children" in [t["name"] for t in schema["tables"]]
    if fmt == "csv":
        with open(out / "children.csv", encoding="utf-8-sig", newline="") as fh:
            names = {(r["first_name"], r["last_name"]) for r in csv.DictReader(fh)}
        assert len(list(out.glob("*.csv"))) == 33  # the data tables, with photos, links, meetings, matrices, the fund and the scorecard
    else:
        data = json.loads((out / "homefinder-export.json").read_text("utf-8"))
        names = {(r["first_name"], r["last_name"]) for r in data["tables"]["children"]}
    assert (child.first_name, child.last_name) in names


def test_export_without_plaintext_writes_nothing(demo_db, tmp_path):
    out = tmp_path / "export"
    before = state(demo_db, key_path_for(demo_db))
    result = run("export", "--database", str(demo_db), "--to", str(out))
    assert result.returncode == 2
    assert "--plaintext" in result.stderr and "Nothing was written" in result.stderr
    assert not out.exists()
    assert state(demo_db, key_path_for(demo_db)) == before


# --- a wrong passphrase, a second copy ----------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["backup"], ["export", "--plaintext", "--to", "OUT"],
                                     ["change-passphrase"]])
def test_wrong_passphrase_changes_nothing(demo_db, tmp_path, command):
    command = [str(tmp_path / "out") if c == "OUT" else c for c in command]
    before = state(demo_db, key_path_for(demo_db))
    result = run(*command, "--database", str(demo_db), passphrase=WRONG,
                 env={"HOMEFINDER_NEW_PASSPHRASE": STRONG})
    assert result.returncode == 1
    assert result.stderr.strip() == "That passphrase is not right for this database."
    assert state(demo_db, key_path_for(demo_db)) == before
    assert not (tmp_path / "out").exists() and not (demo_db.parent / "Backups").exists()


def test_restore_with_a_wrong_passphrase_changes_nothing(demo_db, tmp_path):
    made = run("backup", "--database", str(demo_db), "--to", str(tmp_path / "b.hfdb"))
    assert made.returncode == 0
    before = state(demo_db, key_path_for(demo_db))
    result = run("restore", "--from", str(tmp_path / "b.hfdb"), "--database", str(demo_db), passphrase=WRONG)
    assert result.returncode == 1 and "not right" in result.stderr
    assert state(demo_db, key_path_for(demo_db)) == before
    assert not list(demo_db.parent.glob("*before-restore*"))


def test_a_second_copy_is_refused_but_check_reads_beside_it(demo_db, tmp_path):
    with open_session(demo_db, DEMO_PASSPHRASE, WHO):
        before = state(demo_db, key_path_for(demo_db))
        backup = run("backup", "--database", str(demo_db), "--to", str(tmp_path / "b.hfdb"))
        assert backup.returncode == 1
        assert "open in Homefinder" in backup.stderr and "File > Back up" in backup.stderr
        assert not list(tmp_path.glob("b.hfdb*"))

        export = run("export", "--database", str(demo_db), "--to", str(tmp_path / "o"), "--plaintext")
        assert export.returncode == 1 and "open in Homefinder" in export.stderr

        check = run("check", "--database", str(demo_db))
        assert check.returncode == 0, check.stdout
        assert "open in another copy of Homefinder" in check.stdout
        assert state(demo_db, key_path_for(demo_db)) == before


# --- files that are not what they should be -------------------------------------------------------

def test_damaged_file(demo_db):
    with open(demo_db, "r+b") as fh:
        fh.seek(4096 * 6 + 500)
        fh.write(b"\xff" * 24)
    result = run("check", "--database", str(demo_db))
    assert result.returncode == 1
    assert "FAIL  Encryption (every page)" in result.stdout
    assert "restore from your latest backup" in result.stderr and no_traceback(result)
    backup = run("backup", "--database", str(demo_db))
    assert backup.returncode == 1 and "is damaged" in backup.stderr and no_traceback(backup)


def test_damaged_first_page(demo_db):
    with open(demo_db, "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00" * 24)
    result = run("check", "--database", str(demo_db))
    assert result.returncode == 1 and "first page does not decrypt" in result.stdout
    assert no_traceback(result)


def test_not_a_database(demo_db, tmp_path):
    fake = tmp_path / "x.hfdb"
    fake.write_text("Shopping list: milk, bread, stamps.\n" * 300)
    shutil.copy(key_path_for(demo_db), key_path_for(fake))
    for command in ("check", "backup"):
        result = run(command, "--database", str(fake))
        assert result.returncode == 1, result.stdout
        assert "x.hfdb" in result.stdout + result.stderr and no_traceback(result)


def test_key_file_missing(demo_db):
    key_path_for(demo_db).unlink()
    result = run("backup", "--database", str(demo_db))
    assert result.returncode == 1
    assert "The key file demo.hfdb.keys is missing" in result.stderr and no_traceback(result)
    check = run("check", "--database", str(demo_db))
    assert check.returncode == 1 and "FAIL  Key file" in check.stdout


def test_database_from_a_newer_version(demo_db):
    with open_session(demo_db, DEMO_PASSPHRASE, WHO) as s:
        s.database().execute("PRAGMA user_version = 42")
    for command in ("backup", "check"):
        result = run(command, "--database", str(demo_db))
        assert result.returncode == 1
        assert "newer version of Homefinder" in result.stdout + result.stderr and no_traceback(result)


def test_no_database_there(tmp_path):
    result = run("check", "--database", str(tmp_path / "nowhere.hfdb"))
    assert result.returncode == 1 and "homefinder init" in result.stderr


# --- passphrases ------------------------------------------------------------------------------------

def test_change_passphrase_then_recover(tmp_path, new_session, passphrase):
    db, recovery = new_session.path, new_session.recovery_key
    new_session.close()
    pf = tmp_path / "old.txt"
    pf.write_text(passphrase + "\n")
    changed = run("change-passphrase", "--database", str(db), "--passphrase-file", str(pf), passphrase=None,
                  env={"HOMEFINDER_NEW_PASSPHRASE": STRONG})
    assert changed.returncode == 0, changed.stderr
    assert run("check", "--database", str(db), passphrase=STRONG).returncode == 0
    assert run("check", "--database", str(db), passphrase=passphrase).returncode == 1

    third = "copper meadow kettle 2001"
    recovered = run("recover", "--database", str(db), passphrase=None,
                    env={"HOMEFINDER_RECOVERY_KEY": recovery, "HOMEFINDER_NEW_PASSPHRASE": third})
    assert recovered.returncode == 0, recovered.stderr
    assert run("check", "--database", str(db), passphrase=third).returncode == 0
    wrong_key = run("recover", "--database", str(db), passphrase=None,
                    env={"HOMEFINDER_RECOVERY_KEY": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH",
                         "HOMEFINDER_NEW_PASSPHRASE": third})
    assert wrong_key.returncode == 1 and "recovery key is not right" in wrong_key.stderr


def test_passphrase_from_a_file_and_from_a_prompt(demo_db, tmp_path):
    pf = tmp_path / "pass.txt"
    pf.write_text(DEMO_PASSPHRASE + "\nsecond line ignored\n")
    assert run("check", "--database", str(demo_db), "--passphrase-file", str(pf), passphrase=None).returncode == 0
    typed = run("check", "--database", str(demo_db), passphrase=None, input=DEMO_PASSPHRASE + "\n")
    assert typed.returncode == 0, typed.stderr
    nothing = run("check", "--database", str(demo_db), passphrase=None, input="")
    assert nothing.returncode == 2 and no_traceback(nothing)


def test_the_guide_documents_every_command():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "guide-cli.md").read_text("utf-8")
    for command in sorted(COMMANDS - {"help", "--help", "-h", "--version"}):
        assert f"### `homefinder {command}`" in guide, command
