"""The desktop shell: first run, unlocking, the recovery key, locking, menus, geometry."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog, QLabel, QLineEdit, QMessageBox)

from homefinder_desktop import paths
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.session import open_session
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow
from homefinder_desktop.ui.recovery_key_dialog import RecoveryKeyDialog
from homefinder_desktop.ui.settings_dialog import AUTOLOCK_KEY, SettingsDialog, app_settings, autolock_minutes
from homefinder_desktop.ui.unlock_dialog import UnlockDialog
from homefinder_desktop.ui.welcome import WelcomeDialog

PASSPHRASE = "plum orchard telescope 42"  # tests/conftest.py

STRONG = "harbour lantern quietly velvet 1987"
# The offscreen platform (tests only) warns whenever a window's minimum size changes, which a
# dialog does when a wrapped message appears in it. Real platforms do not.


ROOT = Path(__file__).resolve().parents[2]


def when_modal(qtbot, action):
    """Run `action(dialog)` on the next modal dialog, once it is showing (exec() blocks the test)."""
    def check():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, check)
            return
        action(dialog)
    QTimer.singleShot(0, check)


def visible_texts() -> list[str]:
    """Every text a person could read on screen now: labels, fields, buttons, tables, window titles."""
    texts = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # list models keep it private: one column
                columns = 1
            texts += [str(model.index(r, c).data() or "") for r in range(min(model.rowCount(QModelIndex()), 500))
                      for c in range(columns)]
    return texts


@pytest.fixture
def window(qtbot, demo_session):
    win = MainWindow(AppContext(demo_session))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win._closing_confirmed = True
    win.close()


# --- first run ---------------------------------------------------------------------------------

def test_welcome_create_makes_an_encrypted_database_and_shows_the_recovery_key_once(qtbot, tmp_path):
    dialog = WelcomeDialog("Sam Taylor")
    qtbot.addWidget(dialog)
    dialog.show_page(dialog.CREATE)
    dialog.council.setText("Northshire County Council")
    dialog.partner.setText("Brightpath Adoption")
    dialog.location = tmp_path / "office.hfdb"
    dialog.passphrase.first.setText(STRONG)
    dialog.passphrase.second.setText(STRONG)
    assert dialog.passphrase.meter.value() >= 3 and "Strong" in dialog.passphrase.verdict.text()
    seen = {}

    def on_key(key_dialog):
        assert isinstance(key_dialog, RecoveryKeyDialog)
        seen["key"] = key_dialog.key_label.text()
        seen["continue_enabled_before"] = key_dialog.continue_button.isEnabled()
        key_dialog.confirm.setChecked(True)
        key_dialog.continue_button.click()

    when_modal(qtbot, on_key)
    dialog.create()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.created
    session = dialog.session
    try:
        assert seen["continue_enabled_before"] is False
        assert len(seen["key"].replace("-", "")) == 32
        assert (tmp_path / "office.hfdb").exists()
        assert not (tmp_path / "office.hfdb").read_bytes().startswith(b"SQLite format 3")  # encrypted
        assert session.council_name == "Northshire County Council" and session.who == "Sam Taylor"
    finally:
        session.close()
    # The recovery key opens it (and a wrong passphrase does not).
    reopened = open_session(tmp_path / "office.hfdb", "", "Sam Taylor", recovery_key=seen["key"])
    reopened.close()


def test_weak_or_different_passphrases_are_refused_in_words(qtbot, tmp_path):
    dialog = WelcomeDialog("Sam Taylor", start_with_create=True)
    qtbot.addWidget(dialog)
    dialog.council.setText("Northshire County Council")
    dialog.partner.setText("Brightpath Adoption")
    dialog.location = tmp_path / "weak.hfdb"
    dialog.passphrase.first.setText("password1")
    dialog.create()
    assert "stronger" in dialog.create_message.text()
    dialog.passphrase.first.setText(STRONG)
    dialog.passphrase.second.setText(STRONG + "x")
    assert "not the same" in dialog.passphrase.match.text()
    dialog.create()
    assert "same passphrase twice" in dialog.create_message.text()
    assert dialog.session is None and not (tmp_path / "weak.hfdb").exists()


def test_open_the_demo_creates_it_then_opens_it_without_asking(qtbot):
    dialog = WelcomeDialog("Sam Taylor")
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    session = dialog.session
    assert session.is_demo and session.path == paths.demo_database() and session.who == "Sam Taylor"
    session.close()
    again = WelcomeDialog("Alex Morgan")
    qtbot.addWidget(again)
    again.demo_button.click()
    assert again.session.is_demo and again.session.who == "Alex Morgan"
    again.session.close()


def test_demo_needs_a_name_first(qtbot):
    dialog = WelcomeDialog("")
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.session is None and "your name" in dialog.choice_message.text()
    assert not paths.demo_database().exists()


# --- unlocking -----------------------------------------------------------------------------------

def test_unlock_wrong_passphrase_says_so_and_keeps_the_dialog(qtbot, new_session):
    path = new_session.path
    new_session.close()
    dialog = UnlockDialog(path, "Test Worker")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("not the passphrase")
    dialog.open_button.click()
    assert "not right" in dialog.message.text()
    assert dialog.isVisible() and dialog.session is None
    dialog.passphrase.setText(PASSPHRASE)
    dialog.open_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.session is not None and not dialog.session.locked
    dialog.session.close()


def test_too_many_wrong_passphrases_show_a_countdown_and_disable_the_button(qtbot, new_session):
    path = new_session.path
    new_session.close()
    dialog = UnlockDialog(path, "Test Worker")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(6):
        if not dialog.open_button.isEnabled():
            break
        dialog.passphrase.setText("wrong again")
        dialog.open_button.click()
    assert not dialog.open_button.isEnabled()
    assert "try again in" in dialog.message.text()


def test_database_in_use_is_shown_in_the_dialog(qtbot, new_session):
    dialog = UnlockDialog(new_session.path, "Someone Else")
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.open_button.click()
    assert dialog.session is None and dialog.message.text()  # the lock's own sentence
    assert "in use" in dialog.message.text().lower() or "open" in dialog.message.text().lower()


def test_forgotten_passphrase_uses_the_recovery_key_and_sets_a_new_one(qtbot, new_session):
    path, key = new_session.path, new_session.recovery_key
    new_session.close()
    dialog = UnlockDialog(path, "Test Worker")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.forgotten.click()
    assert dialog.pages.currentIndex() == 1
    dialog.recovery_key.setText(key)
    dialog.new_passphrase.first.setText(STRONG)
    dialog.new_passphrase.second.setText(STRONG)
    dialog.open_button.click()
    assert dialog.session is not None, dialog.recovery_message.text()
    dialog.session.close()
    open_session(path, STRONG, "Test Worker").close()


def test_demo_unlock_shows_its_passphrase_hint(qtbot, new_session):
    new_session.close()
    other = UnlockDialog(new_session.path, "x")
    qtbot.addWidget(other)
    assert not any("fictional demo data only" in w.text() for w in other.findChildren(QLabel))
    demo.create_demo(paths.demo_database()).close()
    dialog = UnlockDialog(paths.demo_database(), "x")
    qtbot.addWidget(dialog)
    assert any("fictional demo data only" in w.text() for w in dialog.findChildren(QLabel))


# --- the recovery key ---------------------------------------------------------------------------

def test_recovery_key_dialog_needs_the_box_ticked_and_saves_a_pdf(qtbot, tmp_path):
    from datetime import date
    dialog = RecoveryKeyDialog("Northshire County Council", "Brightpath Adoption", "office.hfdb",
                               "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", date(2026, 11, 23))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # Escape: refused until the key is kept
    assert dialog.isVisible() and "tick the box" in dialog.message.text()
    assert dialog.write_pdf(tmp_path / "sheet.pdf")
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    dialog.confirm.setChecked(True)
    assert dialog.continue_button.isEnabled()
    dialog.continue_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


# --- the main window -------------------------------------------------------------------------------

def test_main_window_title_status_and_pages(window, demo_session):
    assert window.windowTitle().startswith("Homefinder — Northshire County Council")
    status = " ".join(label.text() for label in (window.status_file, window.status_agencies,
                                                  window.status_encrypted, window.status_worker,
                                                  window.status_counts))
    for expected in ("demo.hfdb", "Brightpath Adoption", "Encrypted", demo_session.who, "60 children"):
        assert expected in status
    assert [window.nav.item(i).text() for i in range(window.nav.count())][:1] == ["Start"]
    start = window.pages[0]
    assert start.numbers["children"].text() == "60"
    assert start.numbers["families_total"].text() == "40"
    start.quick_buttons["History"].click()
    assert window.current_page().title == "History"
    assert window.current_page().table.rowCount() > 0


def test_menus_have_shortcuts(window):
    actions = {a.text().replace("&", ""): a for a in window.findChildren(type(window.lock_action))}
    expected = {"Lock now": "Ctrl+L", "Quit": "Ctrl+Q", "Start": "Ctrl+1",
                "Open...": "Ctrl+O", "New database...": "Ctrl+Shift+N", "Settings...": "Ctrl+,"}
    for text, keys in expected.items():
        assert actions[text].shortcut().toString() == keys, text
    assert [a.text().replace("&&", "&") for a in window.page_actions] == [p.title for p in window.pages]
    page_keys = [a.shortcut().toString() for a in window.page_actions]
    assert len(set(page_keys)) == len(page_keys)  # every page its own Ctrl+<n>
    assert all(k.startswith("Ctrl+") for k in page_keys[:9])
    window.page_actions[-1].trigger()
    assert window.current_page() is window.pages[-1]
    actions["Start"].trigger()
    assert window.current_page().title == "Start"


def test_history_page_reads_as_sentences(window, demo_session):
    child = records.all_of(demo_session, Child)[0]
    old_team = child.team
    child.team = "Permanence Team" if old_team != "Permanence Team" else "Children in Care North"
    window.ctx.run(window, records.save, demo_session, child)
    window.show_page_titled("History")
    page = window.current_page()
    row = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    import re
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[0])
    assert row[1] == demo_session.who and row[2] == "Changed"
    assert row[3] == f"Child: {child.display_name}"
    assert row[4] == f"Team: {old_team or '(empty)'} → {child.team}"
    page.filter.setText("no such words anywhere")
    assert all(page.table.isRowHidden(r) for r in range(page.table.rowCount()))


def test_location_warning_is_shown_as_a_banner(qtbot, demo_session, monkeypatch):
    monkeypatch.setattr(type(demo_session), "location_warning",
                        lambda self: "This database is in a cloud-synced folder (OneDrive).")
    win = MainWindow(AppContext(demo_session))
    qtbot.addWidget(win)
    win.show()
    assert win.banner.isVisible() and "OneDrive" in win.banner_text.text()
    win._closing_confirmed = True
    win.close()


# --- locking ---------------------------------------------------------------------------------------

def test_auto_lock_hides_records_drops_the_key_and_unlock_brings_back_the_dialog(qtbot, window, demo_session):
    names = [c.display_name for c in records.all_of(demo_session, Child)]
    window.show_page_titled("History")
    assert any(n in t for t in visible_texts() for n in names)  # records are on screen now
    form = QDialog(window)
    form.setWindowTitle("A form")
    field = QLineEdit(form)
    form.show()
    qtbot.keyClicks(field, "half-typed note")

    window.idle.set_interval_ms(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)

    assert demo_session.locked and demo_session._data_key is None
    assert not form.isVisible()
    texts = visible_texts()
    assert not any(n in t for t in texts for n in names)
    assert "Homefinder — locked" in texts and not window.nav.isEnabled()
    assert not window.lock_action.isEnabled()

    qtbot.keyClicks(window.lock_screen.passphrase, "wrong passphrase")
    window.lock_screen.button.click()
    assert window.is_locked and "not right" in window.lock_screen.message.text()

    window.lock_screen.passphrase.setText(demo.DEMO_PASSPHRASE)
    window.lock_screen.button.click()
    assert not window.is_locked and not demo_session.locked
    assert form.isVisible() and field.text() == "half-typed note"
    assert window.current_page().title == "History" and window.current_page().table.rowCount() > 0
    assert window.nav.isEnabled() and window.windowTitle().startswith("Homefinder — Northshire")
    assert window.idle.active  # watching again
    form.close()


def test_input_keeps_the_window_unlocked(qtbot, window):
    window.idle.set_interval_ms(300)
    window.idle.start()
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert not window.is_locked


def test_lock_now_keeps_a_dialog_running_exec(qtbot, window):
    """A form shown with exec() survives a lock: its caller does not see Cancel."""
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    steps = []

    def during():
        field.setText("typed before the lock")
        window.lock_action.trigger()
        steps.append(("locked", window.is_locked, dialog.isVisible()))
        window.unlock(demo.DEMO_PASSPHRASE)
        steps.append(("unlocked", window.is_locked, dialog.isVisible()))
        dialog.accept()

    QTimer.singleShot(50, during)
    result = dialog.exec()
    assert steps == [("locked", True, False), ("unlocked", False, True)]
    assert result == QDialog.DialogCode.Accepted and field.text() == "typed before the lock"


def test_settings_dialog_saves_the_auto_lock_minutes(qtbot, window):
    assert autolock_minutes() == 10
    dialog = SettingsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.autolock.minimum() == 1 and dialog.autolock.maximum() == 120
    dialog.autolock.setValue(0)
    assert dialog.autolock.value() == 1  # 0 is not allowed
    dialog.autolock.setValue(25)
    dialog.accept()
    assert int(app_settings().value(AUTOLOCK_KEY)) == 25 and autolock_minutes() == 25


# --- geometry and closing ---------------------------------------------------------------------------

def test_geometry_and_page_are_remembered(qtbot, demo_session):
    first = MainWindow(AppContext(demo_session))
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 560)  # within the offscreen screen (800 x 600)
    first.show_page_titled("History")
    path = demo_session.path
    first.close()
    assert demo_session.locked  # closing closes the session
    session = open_session(path, demo.DEMO_PASSPHRASE, "Test Worker")
    second = MainWindow(AppContext(session))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 560)
    assert second.current_page().title == "History"
    second.close()


def test_closing_with_unsaved_work_asks_first(qtbot, window, demo_session, monkeypatch):
    page = window.pages[0]
    monkeypatch.setattr(page, "has_unsaved_changes", lambda: True)

    def go_back(box):
        assert isinstance(box, QMessageBox) and "not saved" in box.text()
        next(b for b in box.buttons() if b.text() == "Go back").click()

    when_modal(qtbot, go_back)
    window.close()
    assert window.isVisible() and not demo_session.locked

    def discard(box):
        next(b for b in box.buttons() if b.text() == "Discard changes").click()

    when_modal(qtbot, discard)
    window.close()
    assert not window.isVisible() and demo_session.locked


# --- the program's flags ---------------------------------------------------------------------------

def _env(tmp_path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOMEFINDER_HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    return env


def test_smoke_test_flag_writes_a_recovery_sheet_pdf(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "homefinder_desktop", "--smoke-test", str(out)],
                            capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT, timeout=90)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "smoke ok"
    assert result.stderr == ""
    assert (out / "recovery-sheet.pdf").read_bytes().startswith(b"%PDF")


def test_database_and_quit_after_shown_flags(tmp_path):
    session = demo.create_demo(tmp_path / "bench.hfdb", children=5, families=3)
    session.close()
    env = _env(tmp_path) | {"HOMEFINDER_PASSPHRASE": demo.DEMO_PASSPHRASE, "HOMEFINDER_WORKER": "Bench"}
    result = subprocess.run([sys.executable, "-m", "homefinder_desktop", "--database", str(tmp_path / "bench.hfdb"),
                             "--quit-after-shown"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=90)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shown ")
    assert 0 < float(lines[0].split()[1]) < 60
    assert result.stderr == ""


def test_ctrl_n_starts_a_new_record_on_a_page_not_a_new_database(qtbot, window, monkeypatch):
    """File > New database is Ctrl+Shift+N, so Ctrl+N is the page's own "New" wherever focus is."""
    opened = []
    monkeypatch.setattr(window, "new_database", lambda: opened.append("new database"))
    window.show_page_titled("Children")
    children = window.current_page()
    window.nav.setFocus()  # focus on the navigation, as after Ctrl+2
    qtbot.keyClick(window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == []
    assert children.current_id is None and children.record_title.text() == children.new_label
    children.editor.widgets["first_name"].setFocus()  # and with focus in the form
    children.load_record(records.all_of(window.ctx.session, Child)[0].id)
    qtbot.keyClick(children.editor.widgets["first_name"], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert children.current_id is None


def test_the_printed_recovery_sheet_has_what_the_pdf_has(qtbot):
    from datetime import date

    from homefinder_desktop.ui.recovery_key_dialog import RecoveryKeyDialog

    key = "K7QP-M2XD-9FTR-4HWN-B8ZC-3JVE-6LYA-QN5R"
    dialog = RecoveryKeyDialog("Northshire County Council", "Brightpath Adoption", "homefinder.hfdb",
                               key, date(2026, 11, 23))
    qtbot.addWidget(dialog)
    sheet = dialog.sheet_html()
    assert all(group in sheet for group in key.split("-"))
    for words in ("CONFIDENTIAL", "Northshire County Council", "Brightpath Adoption", "23/11/2026",
                  "Kept by", "Signature", "100 years", "New recovery key"):
        assert words in sheet, words


def test_the_start_page_counts_open_referrals(window, demo_session):
    from homefinder_desktop.services.records import ReferralQuery

    start = window.pages[0]
    start.refresh()
    open_now = len(records.referral_ids(demo_session, ReferralQuery(open_only=True)))
    assert open_now > 0
    assert start.numbers["open_referrals"].text() == str(open_now)
    assert "Referrals" in start.quick_buttons
