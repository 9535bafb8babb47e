"""GUI tests: this laptop's settings are the test's own."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """QSettings go to the test's own folder: no remembered database, geometry or auto-lock
    setting leaks between tests or from the developer's own."""
    folder = tmp_path / "qsettings"
    folder.mkdir(exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def warnings_fail(monkeypatch):
    """A warning box would hang an offscreen test: here it fails it, naming the warning. Use with
    `pytestmark = pytest.mark.usefixtures("warnings_fail")`."""
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)
