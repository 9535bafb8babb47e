"""A record's history from the audit trail, in words: when, who, what, and each field's
old and new value ("Date of birth: 02/03/2019 → 12/03/2019")."""
from __future__ import annotations

import html
from datetime import date, datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ..domain.formatting import format_date
from ..domain.records import (AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, PLACEMENT_DECISIONS, SEXES, Agency,
                              Child, Family, SiblingGroup, Worker)
from ..services import records
from .context import AppContext

ACTIONS = {"insert": "Added", "update": "Changed", "archive": "Archived", "restore": "Restored",
           "delete": "Deleted — entered in error"}
STAGE_TABLES = {"child_stages": CHILD_STAGES, "family_stages": FAMILY_STAGES}
LOOKUPS = {"agency_id": Agency, "social_worker_id": Worker, "sibling_group_id": SiblingGroup}
HIDDEN = {"child_id", "family_id", "recorded_by"}


def when_text(at: str) -> str:
    """dd/mm/yyyy hh:mm in the laptop's local time (audit times are kept in UTC)."""
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return str(at)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


class HistoryText:
    """Turns audit rows into sentences. Kept apart from the dialog so it is easy to test."""

    def __init__(self, cls: type, names: dict[str, dict[int, str]] | None = None):
        self.cls = cls
        self.names = names or {}
        self.stages = CHILD_STAGES if cls is Child else FAMILY_STAGES if cls is Family else {}

    def label(self, name: str) -> str:
        if name == "archived":
            return "Archived"
        if name == "date":
            return "Date of stage"
        if name == "reason":
            return "Reason"
        if name == "reason for deletion":
            return "Reason for deletion"
        return self.cls.label(name)

    def value(self, name: str, value) -> str:
        if value is None or value == "":
            return "(empty)"
        if name == "archived":
            return "Yes" if value in (1, True, "1") else "No"
        if name == "stage":
            return self.stages.get(value, CHILD_STAGES.get(value, FAMILY_STAGES.get(value, str(value))))
        if name == "sex":
            return SEXES.get(value, str(value))
        if name == "kind":
            return AGENCY_KINDS.get(value, str(value))
        if name == "decision":
            return PLACEMENT_DECISIONS.get(value, str(value))
        if name in LOOKUPS:
            known = self.names.get(name, {})
            return known.get(value, f"record {value} (since deleted)") if isinstance(value, int) else str(value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                pass
        return str(value)

    def describe(self, row: dict) -> tuple[str, list[str]]:
        """(what happened, [one line per field])."""
        action = row["action"]
        changes: dict = row.get("changes") or {}
        table = row.get("table_name")
        if table in STAGE_TABLES:
            stages = STAGE_TABLES[table]
            if action == "insert":
                new = {k: v[1] for k, v in changes.items()}
                what = f"Stage recorded: {stages.get(new.get('stage'), new.get('stage'))}"
                lines = [f"Date of stage: {self.value('date', new.get('date'))}"]
                if new.get("reason"):
                    lines.append(f"Reason: {new['reason']}")
                return what, lines
            what = "Stage step " + ACTIONS.get(action, action).lower()
        else:
            what = ACTIONS.get(action, action.capitalize())
        lines = []
        for name, pair in changes.items():
            if name in HIDDEN or (action in ("archive", "restore") and name == "archived"):
                continue
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if action == "insert":
                lines.append(f"{self.label(name)}: {self.value(name, new)}")
            elif action == "delete":
                if name == "reason for deletion":
                    lines.insert(0, f"Reason for deletion: {new}")
                else:
                    lines.append(f"{self.label(name)} was: {self.value(name, old)}")
            else:
                lines.append(f"{self.label(name)}: {self.value(name, old)} → {self.value(name, new)}")
        return what, lines


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

        names = {}
        for attr, lookup in LOOKUPS.items():
            names[attr] = ctx.run(self, records.names, ctx.session, lookup) or {}
        self.text = HistoryText(cls, names)
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

