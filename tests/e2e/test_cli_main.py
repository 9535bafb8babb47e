"""The command line run in this process, where a test can stop time or pull the plug."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from cli_helpers import DEMO_PASSPHRASE, run

from homefinder_desktop import cli
from homefinder_desktop.domain.errors import TooSoon
from homefinder_desktop.services import attempts, demo
from homefinder_desktop.storage import maintenance


@pytest.fixture
def demo_db(tmp_path) -> Path:
    path = tmp_path / "db" / "demo.hfdb"
    path.parent.mkdir()
    demo.create_demo(path).close()
    return path


@pytest.fixture
def env(monkeypatch):
    for name in ("HOMEFINDER_PASSPHRASE", "HOMEFINDER_NEW_PASSPHRASE", "HOMEFINDER_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOMEFINDER_WORKER", "In-process Worker")
    return monkeypatch


def test_too_many_wrong_passphrases_waits_then_tries_once(demo_db, env, capsys):
    from homefinder_desktop.storage.keyfile import KeyFile

    database_id = KeyFile.load(demo_db).database_id
    for _ in range(4):
        attempts.record_failure(database_id)
    assert attempts.seconds_to_wait(database_id) > 0
    slept = []

    def fake_sleep(seconds):
        slept.append(seconds)
        attempts.record_success(database_id)  # as if the time had passed
    env.setattr(cli.time, "sleep", fake_sleep)
    env.setenv("HOMEFINDER_PASSPHRASE", DEMO_PASSPHRASE)
    assert cli.main(["check", "--database", str(demo_db)]) == 0
    assert len(slept) == 1 and slept[0] > 0
    assert "Waiting" in capsys.readouterr().err


def test_still_too_soon_after_waiting_is_a_sentence(demo_db, env, capsys):
    env.setattr(cli.time, "sleep", lambda s: None)

    def always_too_soon(*a, **k):
        raise TooSoon(30)
    env.setattr("homefinder_desktop.services.check.check", always_too_soon)
    env.setenv("HOMEFINDER_PASSPHRASE", DEMO_PASSPHRASE)
    assert cli.main(["check", "--database", str(demo_db)]) == 1
    assert "Please wait 30 seconds" in capsys.readouterr().err


def test_ctrl_c_during_a_backup_leaves_nothing(demo_db, env, tmp_path, capsys):
    real = maintenance.copy_database

    def interrupted(source, target, key, **kw):
        real(source, target, key, pages=8, progress=lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    env.setattr(maintenance, "copy_database", interrupted)
    env.setenv("HOMEFINDER_PASSPHRASE", DEMO_PASSPHRASE)
    before = demo_db.read_bytes()
    assert cli.main(["backup", "--database", str(demo_db), "--to", str(tmp_path / "usb" / "b.hfdb")]) == 130
    assert "nothing half-written" in capsys.readouterr().err
    assert list((tmp_path / "usb").iterdir()) == []
    assert demo_db.read_bytes() == before


def test_a_bug_says_so_and_exits_3(demo_db, env, capsys):
    def broken(*a, **k):
        raise ZeroDivisionError("a bug")
    env.setattr("homefinder_desktop.services.check.check", broken)
    env.setenv("HOMEFINDER_PASSPHRASE", DEMO_PASSPHRASE)
    assert cli.main(["check", "--database", str(demo_db)]) == 3
    err = capsys.readouterr().err
    assert "bug in Homefinder, not something you did" in err and "ZeroDivisionError" in err


def test_worker_name_sources(env):
    import argparse

    assert cli.worker_name(argparse.Namespace(who="Asha Patel")) == "Asha Patel"
    assert cli.worker_name(argparse.Namespace(who=None)) == "In-process Worker"
    env.delenv("HOMEFINDER_WORKER")
    assert cli.worker_name(argparse.Namespace(who=None))


def test_help_topic(capsys):
    assert cli.main(["help", "restore"]) == 0
    assert "usage: homefinder restore" in capsys.readouterr().out
    assert cli.main([]) == 0


@pytest.mark.skipif(importlib.util.find_spec("homefinder_desktop.reports.recovery_sheet") is None,
                    reason="the recovery sheet report is not in this build")
def test_init_can_save_the_recovery_sheet(tmp_path):
    pdf = tmp_path / "sheet.pdf"
    result = run("init", "--database", str(tmp_path / "h.hfdb"), "--council", "Northshire County Council",
                 "--partner", "Brightpath Adoption", "--recovery-key-pdf", str(pdf),
                 passphrase="violet harbour lantern 1987")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
