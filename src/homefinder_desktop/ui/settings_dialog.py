"""Per-laptop settings (QSettings, no personal data beyond the worker's own name) and their dialog."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QSpinBox, QVBoxLayout,
                               QWidget)

from .style import form_layout, set_property, set_role

ORGANISATION = APPLICATION = "Homefinder"
AUTOLOCK_KEY = "autolock_minutes"
AUTOLOCK_DEFAULT = 10
AUTOLOCK_MIN, AUTOLOCK_MAX = 1, 120
LAST_DATABASE_KEY = "last_database"
WORKER_NAME_KEY = "worker_name"


def app_settings() -> QSettings:
    """This laptop's settings. An ini file everywhere, so tests can move it with QSettings.setPath."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def autolock_minutes(settings: QSettings | None = None) -> int:
    settings = settings or app_settings()
    try:
        value = int(settings.value(AUTOLOCK_KEY, AUTOLOCK_DEFAULT))
    except (TypeError, ValueError):
        value = AUTOLOCK_DEFAULT
    return min(max(value, AUTOLOCK_MIN), AUTOLOCK_MAX)


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self.settings = app_settings()

        title = set_role(QLabel("Settings for this laptop"), "title")
        self.autolock = QSpinBox()
        self.autolock.setRange(AUTOLOCK_MIN, AUTOLOCK_MAX)
        self.autolock.setSuffix(" minutes")
        self.autolock.setValue(autolock_minutes(self.settings))
        self.autolock.setAccessibleName("Lock after minutes without use")
        explain = set_role(QLabel(
            "When nobody has touched the keyboard or mouse for this long, Homefinder hides every "
            "record and asks for the passphrase again. Anything you were typing is kept. "
            "Between 1 and 120 minutes; 10 is a good choice in an office."), "hint")
        explain.setWordWrap(True)

        self.autolock.setMaximumWidth(180)
        form = form_layout()
        form.addRow("Lock after:", self.autolock)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        set_property(buttons.button(QDialogButtonBox.StandardButton.Save), "primary", True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.setValue(AUTOLOCK_KEY, int(self.autolock.value()))
        self.settings.sync()
        super().accept()
