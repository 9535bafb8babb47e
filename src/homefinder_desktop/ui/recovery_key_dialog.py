"""The recovery key, shown once after a database is created: print it or save it as a PDF."""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError
from ..domain.formatting import format_date
from ..services import printouts
from .style import set_property, set_role
from .widgets import ask_where_to_save_pdf


def build_recovery_pdf(council_name: str, partner_name: str, database_name: str, recovery_key: str,
                       created: date) -> bytes:
    """The printable recovery sheet (reports.recovery_sheet), imported only when needed."""
    from ..reports import recovery_sheet  # ReportLab is slow to import: only when asked

    return recovery_sheet.build_pdf(council_name, partner_name, database_name, recovery_key, created)


class RecoveryKeyDialog(QDialog):
    def __init__(self, council_name: str, partner_name: str, database_name: str, recovery_key: str,
                 created: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.council_name, self.partner_name = council_name, partner_name
        self.database_name, self.recovery_key, self.created = database_name, recovery_key, created
        self.setWindowTitle("Your recovery key")
        self.setMinimumWidth(760)

        title = set_role(QLabel("Keep this recovery key safe"), "title")
        intro = QLabel(
            f"This is the recovery key for <b>{html.escape(database_name)}</b>, "
            f"{html.escape(council_name)} with {html.escape(partner_name)}. "
            "It is shown <b>only now</b>.")
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")
        why = QLabel(
            "If the passphrase is ever forgotten, this key is the <b>only way</b> into the database: "
            "nobody, not even the makers of Homefinder, can open it without one or the other. "
            "Adoption records are kept for 100 years, so give the printed sheet to your manager "
            "to keep in a locked place, away from this laptop. Do not keep it in the laptop bag, "
            "and do not email it.")
        why.setWordWrap(True)

        self.print_button = QPushButton("Print...")
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = QPushButton("Save as PDF...")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.message = set_role(QLabel(""), "hint")
        self.message.setWordWrap(True)
        self.confirm = QCheckBox("I have printed or saved the recovery key")
        self.continue_button = QPushButton("Continue")
        set_property(self.continue_button, "primary", True)
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.accept)

        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.confirm)
        bottom.addStretch(1)
        bottom.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addWidget(why)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addLayout(bottom)
        # Tall enough for every wrapped line at this width (set before the window exists).
        self.setMinimumHeight(layout.totalHeightForWidth(self.minimumWidth()) + 24)

    def reject(self) -> None:
        """Escape or the close button: only once the key is kept safe."""
        if self.confirm.isChecked():
            super().reject()
        else:
            self.message.setText("Please print or save the recovery key, then tick the box to continue.")
            set_role(self.message, "error")

    def pdf_bytes(self) -> bytes:
        return build_recovery_pdf(self.council_name, self.partner_name, self.database_name,
                                  self.recovery_key, self.created)

    def save_pdf(self) -> None:
        default = Path.home() / f"Recovery key - {Path(self.database_name).stem}.pdf"
        target = ask_where_to_save_pdf(self, "Save the recovery sheet", default)
        if target is not None:
            self.write_pdf(target)

    def write_pdf(self, target: Path) -> bool:
        try:
            target = printouts.save_pdf(target, self.pdf_bytes())
        except HomefinderError as exc:
            self._say(f"{exc} Or choose another folder, such as a USB stick.", "error")
            return False
        self._say(f"Saved as {target.name} in {target.parent}. Print it, give it to your manager, "
                  "then delete the file.", "ok")
        return True

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def sheet_html(self) -> str:
        """The sheet as printed from here: the same parts as the saved PDF (reports.recovery_sheet),
        set as HTML because Qt can print HTML without a temporary file holding the key."""
        e = html.escape
        groups = "".join(
            f"<td align='center' style='border: 1px solid #000; padding: 8px;'>"
            f"<span style='font-size: 8pt;'>{n}</span><br>"
            f"<span style='font-family: monospace; font-size: 22pt; font-weight: bold;'>{e(g)}</span></td>"
            + ("</tr><tr>" if n == 4 else "")
            for n, g in enumerate(self.recovery_key.split("-"), start=1))
        cell = "<td style='border: 1px solid #000; height: 28px;'>&nbsp;</td>"
        kept = f"<tr>{cell * 4}</tr>" * 3  # name, role, signature, date: three keepers in turn
        return (
            "<p align='right'><b>CONFIDENTIAL</b></p>"
            "<h1>Homefinder recovery key</h1>"
            f"<p><b>Council:</b> {e(self.council_name)}<br><b>Partner agency:</b> {e(self.partner_name)}<br>"
            f"<b>Database:</b> {e(self.database_name)}<br><b>Key made:</b> {format_date(self.created)}</p>"
            f"<table cellspacing='6'><tr>{groups}</tr></table>"
            "<p><b>What it is for.</b> If the passphrase is forgotten, or the worker who knows it leaves, "
            "this key opens the database and a new passphrase can be set. Adoption records are kept for "
            "100 years: without the passphrase or this key nobody can open the database again.</p>"
            "<p><b>Where to keep it.</b> With the team manager, in a locked cabinet. Never with the "
            "laptop or in its bag, never with a note of the passphrase; never emailed, photographed "
            "or scanned. If it is lost, make a new recovery key at once (File &gt; New recovery key).</p>"
            "<p><b>Kept by</b></p>"
            "<table width='100%' cellspacing='0' cellpadding='4'>"
            "<tr><th align='left'>Name</th><th align='left'>Role</th><th align='left'>Signature</th>"
            f"<th align='left'>Date</th></tr>{kept}</table>"
            "<p align='right'><b>CONFIDENTIAL</b></p>")

    def print_sheet(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the recovery key")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setHtml(self.sheet_html())
        document.print_(printer)
        self._say("Sent to the printer. Check the page printed clearly before you tick the box.", "ok")
