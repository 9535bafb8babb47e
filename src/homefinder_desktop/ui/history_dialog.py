"""A record's history from the audit trail, in words: when, who, what, and each field's
old and new value ("Date of birth: 02/03/2019 → 12/03/2019")."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ..services import records
from .audit_text import AuditWords, when_text
from .context import AppContext

class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, cls: type, record_id: int, title: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("History of changes")
        self.setObjectName("historyDialog")
        layout = QVBoxLayout(self)
        heading = QLabel(f"History: {title}" if title else "History", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        note = QLabel("Every change, newest first: when (this laptop's time), who made it, and each "
                      "field's old → new value. The history cannot be edited.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("History of changes")
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)

        self.text = AuditWords(ctx.session)
        self.rows = ctx.run(self, records.history, ctx.session, cls, record_id) or []
        self.browser.setHtml(self.render())

    def render(self) -> str:
        parts = ["<table width='100%' cellspacing='0' cellpadding='6' style='border-collapse: collapse;'>",
                 "<tr style='background:#e8ecf2;'><th align='left'>When</th><th align='left'>Who</th>"
                 "<th align='left'>What</th></tr>"]
        for i, row in enumerate(reversed(self.rows)):
            what, lines = self.text.describe(row)
            shade = "#ffffff" if i % 2 == 0 else "#f5f7fa"
            details = "<br>".join(html.escape(line) for line in lines)
            parts.append(
                f"<tr style='background:{shade};'>"
                f"<td valign='top' style='white-space:nowrap;'>{html.escape(when_text(row['at']))}</td>"
                f"<td valign='top'>{html.escape(row['who'] or '')}</td>"
                f"<td valign='top'><b>{html.escape(what)}</b>"
                f"{'<br>' + details if details else ''}</td></tr>")
        if not self.rows:
            parts.append("<tr><td colspan='3'>No changes are recorded.</td></tr>")
        parts.append("</table>")
        return "".join(parts)

    def plain_text(self) -> str:
        return self.browser.toPlainText()

