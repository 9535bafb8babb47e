"""History: the latest changes across the whole database, in words (who, when, what, old -> new)."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError
from ..domain.formatting import format_date
from ..domain.records import (AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, PLACEMENT_DECISIONS, SEXES, Agency,
                              Child, Family, SiblingGroup, Worker)
from ..services import records
from ..services.changes import Changes
from .page import Page
from .style import set_role

LIMIT = 200
MAX_LINES = 5
TABLES = {"children": ("Child", Child), "families": ("Family", Family), "agencies": ("Agency", Agency),
          "workers": ("Worker", Worker), "sibling_groups": ("Sibling group", SiblingGroup),
          "child_stages": ("Stage of child", None), "family_stages": ("Stage of family", None),
          "database_info": ("Database settings", None)}
ACTIONS = {"insert": "Added", "update": "Changed", "archive": "Archived", "restore": "Restored",
           "delete": "Deleted (entered in error)"}
STAGE_LABELS = {"date": "Date", "stage": "Stage", "reason": "Reason", "recorded_by": "Recorded by"}
INFO_LABELS = {"council_name": "Council", "partner_name": "Partner agency", "demo": "Demo data",
               "database_id": "Database number", "created_with": "Made with Homefinder version"}
HIDDEN = {"child_id", "family_id", "recorded_by"}  # recorded_by: the Who column says it
COLUMNS = ["When", "Who", "What", "Record", "Change"]


def when_text(at: str) -> str:
    """'2026-11-23T18:26:51+00:00' (UTC) -> '23/11/2026 18:26' in this laptop's time."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return at or ""


class Describer:
    """Turns audit rows into words, looking names up once per refresh."""

    def __init__(self, session):
        self.session = session
        self._names: dict[type, dict[int, str]] = {}
        self._people: dict[tuple[type, int], str] = {}

    def names(self, cls: type) -> dict[int, str]:
        if cls not in self._names:
            self._names[cls] = records.names(self.session, cls)
        return self._names[cls]

    def record_name(self, cls: type, record_id) -> str:
        if record_id is None:
            return ""
        if cls in (Agency, Worker, SiblingGroup):
            return self.names(cls).get(record_id, f"number {record_id} (deleted)")
        key = (cls, record_id)
        if key not in self._people:
            try:
                record = records.get(self.session, cls, record_id)
                self._people[key] = record.display_name if cls is Child else record.name
            except HomefinderError:
                self._people[key] = f"number {record_id} (deleted)"
        return self._people[key]

    def record(self, row: dict) -> str:
        table, changes = row["table_name"], row["changes"]
        label, cls = TABLES.get(table, (table.replace("_", " ").capitalize(), None))
        if cls is not None:
            return f"{label}: {self.record_name(cls, row['record_id'])}"
        if table in ("child_stages", "family_stages"):
            fk, owner = ("child_id", Child) if table == "child_stages" else ("family_id", Family)
            owner_id = (changes.get(fk) or [None, None])[1] or (changes.get(fk) or [None, None])[0]
            return f"{label}: {self.record_name(owner, owner_id)}" if owner_id else label
        return label

    def value(self, table: str, field: str, value) -> str:
        if value is None or value == "":
            return "(empty)"
        if field == "stage":
            stages = FAMILY_STAGES if table.startswith("famil") else CHILD_STAGES
            return stages.get(value, str(value))
        if field == "archived":
            return "yes" if value else "no"
        if field == "sex":
            return SEXES.get(value, str(value))
        if field == "kind":
            return AGENCY_KINDS.get(value, str(value))
        if field == "decision":
            return PLACEMENT_DECISIONS.get(value, str(value))
        if field == "agency_id":
            return self.record_name(Agency, value)
        if field == "social_worker_id":
            return self.record_name(Worker, value)
        if field == "sibling_group_id":
            return self.record_name(SiblingGroup, value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)

    def field_label(self, table: str, field: str) -> str:
        _label, cls = TABLES.get(table, ("", None))
        if cls is not None:
            return cls.label(field)
        if table == "database_info":
            return INFO_LABELS.get(field, field.replace("_", " ").capitalize())
        return STAGE_LABELS.get(field, field.replace("_", " ").capitalize())

    def change_lines(self, row: dict) -> list[str]:
        table, lines = row["table_name"], []
        for field, pair in row["changes"].items():
            if field in HIDDEN:
                continue
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            label = self.field_label(table, field)
            if row["action"] == "insert":
                lines.append(f"{label}: {self.value(table, field, new)}")
            elif row["action"] == "delete":
                lines.append(f"{label}: was {self.value(table, field, old)}" if field != "reason for deletion"
                             else f"Reason: {new}")
            else:
                lines.append(f"{label}: {self.value(table, field, old)} → {self.value(table, field, new)}")
        return lines


class HistoryPage(Page):
    title = "History"
    icon = "history"
    shortcut = ""  # the main window numbers pages it does not know: Ctrl+<position>

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._dirty = True
        heading = set_role(QLabel("Recent changes"), "title")
        self.summary = set_role(QLabel(""), "hint")
        self.summary.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Show only changes mentioning... (a name, a worker, a field)")
        self.filter.setAccessibleName("Filter the changes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 26, 32, 26)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._dirty = False
        self.table.setRowCount(0)
        if self.ctx.session.locked:
            self.summary.setText("")
            return
        try:
            rows = records.recent_changes(self.ctx.session, LIMIT)
            describe = Describer(self.ctx.session)
            content = [(when_text(r["at"]), r["who"], ACTIONS.get(r["action"], r["action"].capitalize()),
                        describe.record(r), describe.change_lines(r)) for r in rows]
        except HomefinderError as exc:
            self.summary.setText(str(exc))
            return
        self.table.setRowCount(len(content))
        for i, (when, who, what, record, lines) in enumerate(content):
            shown = lines[:MAX_LINES] + ([f"… and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else [])
            for col, text in enumerate((when, who, what, record, "\n".join(shown))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if col == 4 and len(lines) > MAX_LINES:
                    item.setToolTip("\n".join(lines))
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        self.summary.setText("The latest change is at the top." if len(content) < LIMIT else
                             f"The latest {LIMIT} changes, newest at the top. Each record's own history "
                             "shows all of its changes.")
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.table.rowCount()):
            hay = " ".join(self.table.item(row, c).text().lower() for c in range(len(COLUMNS)))
            self.table.setRowHidden(row, bool(needle) and needle not in hay)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def on_changes(self, changes: Changes) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def on_locked(self) -> None:
        self.table.setRowCount(0)
        self.summary.setText("")
        self._dirty = True

    def on_unlocked(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()
