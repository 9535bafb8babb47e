"""GUI tests: this laptop's settings are the test's own."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """QSettings go to the test's own folder: no remembered database, geometry or auto-lock
    setting leaks between tests or from the developer's own."""
    folder = tmp_path / "qsettings"
    folder.mkdir(exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
