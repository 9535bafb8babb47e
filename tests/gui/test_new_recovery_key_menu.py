"""File > New recovery key...: the passphrase makes a new key, shown once; the old one stops working."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from homefinder_desktop.domain.errors import WrongRecoveryKey
from homefinder_desktop.services import session as sessions
from homefinder_desktop.storage.keyfile import KeyFile, key_path_for
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow
from homefinder_desktop.ui.recovery_key_dialog import RecoveryKeyDialog


@pytest.fixture
def window(qtbot, new_session, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"unexpected message: {a[1:3]}"))
    win = MainWindow(AppContext(new_session))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win._closing_confirmed = True
    win.close()


def menu_texts(window) -> list[str]:
    file_menu = window.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]


def test_the_menu_item_sits_after_change_passphrase_and_is_off_while_locked(window, passphrase):
    texts = menu_texts(window)
    assert texts[texts.index("Change passphrase...") + 1] == "New recovery key..."
    assert window.recovery_key_action in window.unlocked_only
    assert window.recovery_key_action.isEnabled()
    window.lock("Locked.")
    assert not window.recovery_key_action.isEnabled()
    assert window.unlock(passphrase)
    assert window.recovery_key_action.isEnabled()


def test_the_real_dialogs_make_a_key_that_recovers_and_the_old_one_stops(qtbot, window, new_session, passphrase):
    path, old_key = new_session.path, new_session.recovery_key
    db_before = path.read_bytes()
    seen = {}

    def answer_the_question():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            return False
        seen["question"] = dialog.labelText()
        field = dialog.findChild(QLineEdit)
        assert field.echoMode() == QLineEdit.EchoMode.Password
        field.setText(passphrase)
        dialog.accept()
        return True

    def keep_the_key():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecoveryKeyDialog) or not dialog.isVisible():
            return False
        seen["key"] = dialog.key_label.text()
        seen["pdf"] = dialog.pdf_bytes()
        dialog.confirm.setChecked(True)
        dialog.continue_button.click()
        return True

    from PySide6.QtCore import QTimer

    steps = [answer_the_question, keep_the_key]

    def drive():
        if steps and steps[0]():
            steps.pop(0)
        if steps:
            QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    window.recovery_key_action.trigger()
    assert not steps, "both dialogs were shown"
    question = seen["question"]
    assert "old recovery key no longer opens" in question and "passphrase stays the same" in question
    assert "Backups made before now" in question
    new_key = seen["key"]
    assert new_key != old_key and seen["pdf"].startswith(b"%PDF")
    assert "new recovery key" in window.statusBar().currentMessage()
    assert KeyFile.load(path).unlock_with_recovery_key(new_key) == new_session.data_key()
    with pytest.raises(WrongRecoveryKey):
        KeyFile.load(path).unlock_with_recovery_key(old_key)
    assert path.read_bytes() == db_before


def test_a_wrong_passphrase_is_asked_again_with_the_reason_and_changes_nothing(window, new_session, passphrase,
                                                                               monkeypatch):
    keys_before = key_path_for(new_session.path).read_bytes()
    asked, shown = [], []
    answers = iter(["", "not my passphrase", passphrase])
    monkeypatch.setattr(window, "ask_passphrase_for_recovery_key", lambda text: (asked.append(text), next(answers))[1])
    monkeypatch.setattr(window, "show_new_recovery_key", shown.append)
    window.recovery_key_action.trigger()
    assert len(shown) == 1
    new_key = shown[0]
    assert len(asked) == 3
    assert "Type your passphrase first." in asked[1]
    assert "That passphrase is not right" in asked[2]
    assert key_path_for(new_session.path).read_bytes() != keys_before
    new_session.close()
    sessions.recover(new_session.path, new_key, "cobalt lantern meadow 77", "Manager").close()


def test_cancelling_changes_nothing(window, new_session, monkeypatch):
    keys_before = key_path_for(new_session.path).read_bytes()
    monkeypatch.setattr(window, "ask_passphrase_for_recovery_key", lambda text: None)
    monkeypatch.setattr(window, "show_new_recovery_key", lambda key: pytest.fail("no key should be shown"))
    assert window.new_recovery_key() is None
    assert key_path_for(new_session.path).read_bytes() == keys_before
