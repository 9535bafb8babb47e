"""File > Back up, then File > Restore from a backup, in the open program."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import backup, demo, records
from homefinder_desktop.services.session import open_session
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_session):
    win = MainWindow(AppContext(demo_session))
    qtbot.addWidget(win)
    win.show()
    yield win
    win._closing_confirmed = True
    win.close()


def _answers(monkeypatch, backup_file, passphrase, confirm=QMessageBox.StandardButton.Yes):
    said = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup_file), "")))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (passphrase, True)))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: confirm))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text, *a: said.append(text)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: said.append(text)))
    return said


def _add_child(session, name):
    records.add(session, Child(first_name=name, last_name="Varley", date_of_birth=date(2023, 1, 2), sex="M"))


def _names(session):
    return {c.first_name for c in records.all_of(session, Child)}


def test_restore_brings_back_the_backup_and_keeps_the_current_file(qtbot, window, demo_session, tmp_path,
                                                                  monkeypatch):
    target = backup.backup(demo_session, tmp_path / "backups")
    _add_child(demo_session, "Bartholomew")  # after the backup: gone once restored
    said = _answers(monkeypatch, target, demo.DEMO_PASSPHRASE)
    window.restore_backup()
    restored = window.ctx.session
    assert restored is not demo_session and not restored.locked
    assert "Bartholomew" not in _names(restored)
    assert demo_session.locked, "the old session's key is forgotten"
    assert "is restored" in said[-1] and "before-restore" in said[-1]
    aside = restored.before_restore
    window._closing_confirmed = True
    window.close()
    kept = open_session(aside, demo.DEMO_PASSPHRASE, "Test Worker")
    try:
        assert "Bartholomew" in _names(kept), "the database as it was is kept, not lost"
    finally:
        kept.close()


def test_a_wrong_backup_passphrase_changes_nothing(qtbot, window, demo_session, tmp_path, monkeypatch):
    target = backup.backup(demo_session, tmp_path / "backups")
    _add_child(demo_session, "Bartholomew")
    said = _answers(monkeypatch, target, "not the passphrase")
    window.restore_backup()
    assert window.ctx.session is demo_session and not demo_session.locked
    assert "Bartholomew" in _names(demo_session)
    assert "not right" in said[-1]


def test_cancelling_the_confirmation_changes_nothing(qtbot, window, demo_session, tmp_path, monkeypatch):
    target = backup.backup(demo_session, tmp_path / "backups")
    _add_child(demo_session, "Bartholomew")
    _answers(monkeypatch, target, demo.DEMO_PASSPHRASE, confirm=QMessageBox.StandardButton.Cancel)
    window.restore_backup()
    assert window.ctx.session is demo_session
    assert "Bartholomew" in _names(demo_session)


def test_a_failed_restore_leaves_the_database_open_as_it_was(qtbot, window, demo_session, tmp_path, monkeypatch):
    target = backup.backup(demo_session, tmp_path / "backups")
    _add_child(demo_session, "Bartholomew")
    with open(target, "r+b") as fh:  # the backup is damaged after its key was checked
        fh.seek(4096 * 3 + 100)
        fh.write(b"\x00" * 64)
    said = _answers(monkeypatch, target, demo.DEMO_PASSPHRASE)
    window.restore_backup()
    assert "damaged" in said[-1]
    assert window.ctx.session is demo_session and not demo_session.locked
    assert "Bartholomew" in _names(demo_session)
    assert window.current_page() is not None
