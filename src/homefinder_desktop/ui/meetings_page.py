"""Meetings: the list (newest first, with when each kind is next due), and one meeting on one
screen for a shared screen or projector — attendance, the agenda or call sheet with a note per
line, the actions, the minutes — and its minutes saved as a PDF."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.formatting import format_date
from ..domain.meetings import (
    ASK_PARTNER,
    EVENT_KINDS,
    FREE_ITEM_KINDS,
    MEETING_KINDS,
    Action,
    Meeting,
)
from ..domain.records import Child, Family, SiblingGroup
from ..services import meetings, records
from ..services.changes import Changes
from .page import Page
from .style import set_role
from .widgets import (
    DateEdit,
    LookupCombo,
    ask_reason,
    ask_where_to_save_pdf,
    default_save_folder,
    offer_to_open_pdf,
)

# On a shared screen the decision is what the room reads and types: the facts of each line are
# folded into a few narrow columns (set widths, wrapped) and the last column takes the rest.
AGENDA_COLUMNS = ["Child or sibling group", "Waiting", "Links", "Decision or note"]
AGENDA_WIDTHS = {0: 240, 1: 90, 2: 170}
CALL_COLUMNS = ["Done", "Link", "Status, window and news", "Partner's answer"]
CALL_WIDTHS = {0: 60, 1: 250, 2: 260}
OTHER_COLUMNS = ["What", "Detail"]
OTHER_WIDTHS = {0: 170}
ACTION_COLUMNS = ["Action", "Who", "Due", "Done or state", "Carried from"]
ACTION_WIDTHS = {1: 150, 2: 110, 3: 120, 4: 190}  # the action's words take the rest


def _table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    # Rows grow to their wrapped text whatever the width, so nothing is cut on a projector.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setMinimumHeight(220)
    return table


def _set_columns(table: QTableWidget, columns: list[str], widths: dict[int, int]) -> None:
    """Headings and set widths; the last column stretches over what is left."""
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels(columns)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    for col in range(len(columns) - 1):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, widths.get(col, 160))


def _cell(text: object, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text if text is not None else ""))
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
    return item


class NewMeetingDialog(QDialog):
    def __init__(self, parent: QWidget, today, kind: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("New meeting")
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        for code, label in MEETING_KINDS.items():
            self.kind.addItem(label, code)
        if kind:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.held_on = DateEdit(self)
        self.held_on.setDate(today)
        self.title = QLineEdit(self)
        self.place = QLineEdit(self)
        form.addRow("Kind of meeting", self.kind)
        form.addRow("Date", self.held_on)
        form.addRow("Title", self.title)
        form.addRow("Where", self.place)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make the meeting")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def meeting(self) -> Meeting:
        return Meeting(kind=self.kind.currentData(), held_on=self.held_on.date(), title=self.title.text(),
                       place=self.place.text())


class ActionDialog(QDialog):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle("Add an action")
        form = QFormLayout(self)
        self.text = QLineEdit(self)
        self.owner = QLineEdit(self)
        self.due = DateEdit(self)
        form.addRow("Action", self.text)
        form.addRow("Who", self.owner)
        form.addRow("Due", self.due)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MeetingsPage(Page):
    title = "Meetings"
    icon = "meetings"
    shortcut = ""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.meeting: Meeting | None = None
        self._filling = False
        root = QHBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        root.addWidget(splitter)
        splitter.addWidget(self._build_list())
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._build_screen())
        splitter.addWidget(scroll)
        splitter.setSizes([210, 1070])  # the meeting, not the list, fills the screen
        self.refresh()

    # -- the list ---------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(set_role(QLabel("Meetings"), "title"))
        for text, kind in (("New Homefinder meeting", "homefinder"), ("New partner call", "partner_call"),
                           ("New meeting…", None)):
            button = QPushButton(text, box)
            button.clicked.connect(lambda _c=False, k=kind: self.new_meeting(k))
            layout.addWidget(button)
        self.kind_filter = QComboBox(box)
        self.kind_filter.setAccessibleName("Kind of meeting")
        self.kind_filter.addItem("Every kind", None)
        for code, label in MEETING_KINDS.items():
            self.kind_filter.addItem(label, code)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        layout.addWidget(self.kind_filter)
        self.list = QListWidget(box)
        self.list.setAccessibleName("Meetings, newest first")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._picked)
        layout.addWidget(self.list, 1)
        self.due_hint = set_role(QLabel(""), "hint")
        self.due_hint.setWordWrap(True)
        layout.addWidget(self.due_hint)
        return box

    def refresh(self) -> None:
        if self.ctx.session.locked:
            return
        kind = self.kind_filter.currentData()
        rows = self.ctx.run(self, meetings.meeting_rows, self.ctx.session, (kind,) if kind else None) or []
        keep = self.meeting.id if self.meeting else None
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            held = format_date(meetings._date(r["held_on"]))
            state = "closed" if r["closed"] else f"{r['open_actions']} actions open"
            item = QListWidgetItem(f"{held}  {r['title'] or MEETING_KINDS[r['kind']]}\n{r['reference']} · {state}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.list.addItem(item)
            if r["id"] == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        due = self.ctx.run(self, meetings.next_due_dates, self.ctx.session) or {}
        self.due_hint.setText("Next due: " + "; ".join(
            f"{MEETING_KINDS[k]} {format_date(d)}" for k, d in due.items()))
        if keep is not None:
            self.show_meeting(keep)
        elif self.list.count():
            self.list.setCurrentRow(0)

    def _picked(self, current, _previous) -> None:
        if current is not None:
            self.show_meeting(current.data(Qt.ItemDataRole.UserRole))

    def new_meeting(self, kind: str | None) -> int | None:
        dialog = NewMeetingDialog(self, self.ctx.session.today(), kind)
        if kind is not None:
            dialog.kind.setEnabled(False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        changes = self.ctx.run(self, meetings.create_meeting, self.ctx.session, dialog.meeting())
        if changes is None:
            return None
        self.meeting = meetings.get_meeting(self.ctx.session, changes.record_id)
        self.refresh()
        return changes.record_id

    # -- one meeting on one screen --------------------------------------------------------------
    def _build_screen(self) -> QWidget:
        screen = QWidget(self)
        font = screen.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)  # read across a room on a projector
        screen.setFont(font)
        layout = QVBoxLayout(screen)
        self.heading = set_role(QLabel("No meeting yet: make one with the buttons on the left."), "title")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        # Date and apologies share a row, so the agenda starts higher on a 720-line screen.
        form = QGridLayout()
        self.held_on = DateEdit(screen)
        self.attendees = QLineEdit(screen)
        self.apologies = QLineEdit(screen)
        for row, col, text, widget, span in ((0, 0, "Date", self.held_on, 1), (0, 2, "Apologies", self.apologies, 1),
                                             (1, 0, "Attended", self.attendees, 3)):
            label = QLabel(text, screen)
            label.setBuddy(widget)
            form.addWidget(label, row, col)
            form.addWidget(widget, row, col + 1, 1, span)
        form.setColumnStretch(3, 1)
        layout.addLayout(form)
        self.lines_label = set_role(QLabel(""), "cardtitle")
        self.lines_label.setWordWrap(True)
        layout.addWidget(self.lines_label)
        self.lines = _table(AGENDA_COLUMNS)
        self.lines.setMinimumHeight(330)
        self.lines.itemChanged.connect(self._line_edited)
        layout.addWidget(self.lines, 3)
        self.event_row = self._build_event_row(screen)
        layout.addWidget(self.event_row)
        free_row = QHBoxLayout()
        self.free_kind = QComboBox(screen)
        for code, label in FREE_ITEM_KINDS.items():
            self.free_kind.addItem(label, code)
        self.free_text = QLineEdit(screen)
        self.free_text.setPlaceholderText("A decision, milestone or note of the meeting")
        add_free = QPushButton("Add", screen)
        add_free.clicked.connect(self.add_free_item)
        free_row.addWidget(self.free_kind)
        free_row.addWidget(self.free_text, 1)
        free_row.addWidget(add_free)
        layout.addLayout(free_row)
        self.free_list = QLabel("")
        self.free_list.setWordWrap(True)
        layout.addWidget(self.free_list)
        layout.addWidget(set_role(QLabel("Actions"), "cardtitle"))
        self.actions = _table(ACTION_COLUMNS)
        _set_columns(self.actions, ACTION_COLUMNS, ACTION_WIDTHS)
        self.actions.horizontalHeader().setStretchLastSection(False)  # the action's words take the room
        for col in (0, 4):
            self.actions.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.actions.setMinimumHeight(150)
        self.actions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.actions, 2)
        action_row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for text, slot in (("Add an action…", self.add_action), ("Mark done today", self.mark_done)):
            button = QPushButton(text, screen)
            button.clicked.connect(slot)
            action_row.addWidget(button)
            self.buttons.append(button)
        action_row.addStretch(1)
        layout.addLayout(action_row)
        layout.addWidget(QLabel("Minutes"))
        self.minutes = QPlainTextEdit(screen)
        self.minutes.setMinimumHeight(90)
        layout.addWidget(self.minutes, 1)
        bottom = QHBoxLayout()
        self.save_button = QPushButton("Save details and minutes", screen)
        self.save_button.clicked.connect(self.save_details)
        self.close_button = QPushButton("Close the minutes", screen)
        self.close_button.clicked.connect(self.close_or_reopen)
        self.pdf_button = QPushButton("Save minutes as PDF…", screen)
        self.pdf_button.clicked.connect(lambda: self.save_pdf(blank=False))
        self.sheet_button = QPushButton("Save call sheet to fill in…", screen)
        self.sheet_button.clicked.connect(lambda: self.save_pdf(blank=True))
        for button in (self.save_button, self.close_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        # The printouts on their own row: four buttons in one would push the screen past a laptop's width.
        printouts = QHBoxLayout()
        for button in (self.pdf_button, self.sheet_button):
            printouts.addWidget(button)
        printouts.addStretch(1)
        layout.addLayout(printouts)
        return screen

    def _build_event_row(self, screen: QWidget) -> QWidget:
        """At an event: pick a child (or group) and a family, then say the child was shown, the
        family came, or the family expressed interest in the child (which opens a link)."""
        row = QWidget(screen)
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        self.event_unit = QComboBox(row)
        self.event_unit.setAccessibleName("Child or sibling group")
        self.event_family = LookupCombo(row, "(choose a family)")
        self.event_family.setAccessibleName("Family")
        self.shown_button = QPushButton("Shown", row)
        self.shown_button.clicked.connect(self.add_shown)
        self.came_button = QPushButton("Came", row)
        self.came_button.clicked.connect(self.add_came)
        self.interest_button = QPushButton("Interest: open a link", row)
        self.interest_button.setToolTip("The family expressed interest in the child: a link is opened, dated the "
                                        "day of the event, with its window")
        self.interest_button.clicked.connect(self.record_interest)
        for col, (text, widget) in enumerate((("Child or group", self.event_unit), ("Family", self.event_family))):
            grid.addWidget(QLabel(text, row), col, 0)
            grid.addWidget(widget, col, 1)
        grid.addWidget(self.shown_button, 0, 2)
        grid.addWidget(self.came_button, 1, 2)
        grid.addWidget(self.interest_button, 1, 3)
        grid.setColumnStretch(1, 1)
        return row

    def _fill_event_choices(self) -> None:
        session = self.ctx.session
        keep = self.event_unit.currentData()
        self.event_unit.clear()
        self.event_unit.addItem("(choose a child or sibling group)", None)
        for key, cls in (("child", Child), ("group", SiblingGroup)):
            for record_id, name in (records.names(session, cls, False) or {}).items():
                self.event_unit.addItem(name if key == "child" else f"{name} (sibling group)", f"{key}:{record_id}")
        index = self.event_unit.findData(keep)
        self.event_unit.setCurrentIndex(max(index, 0))
        self.event_family.set_names(records.names(session, Family, False))

    def _event_unit(self) -> dict:
        key, _, record_id = (self.event_unit.currentData() or "").partition(":")
        return {"child_id": int(record_id) if key == "child" else None,
                "sibling_group_id": int(record_id) if key == "group" else None}

    def add_shown(self) -> None:
        if self.meeting is not None:
            self.ctx.run(self, meetings.add_shown, self.ctx.session, self.meeting.id, **self._event_unit())

    def add_came(self) -> None:
        if self.meeting is None:
            return
        if self.event_family.value() is None:
            QMessageBox.warning(self, "Please check", "Family: choose the family who came.")
            return
        self.ctx.run(self, meetings.add_came, self.ctx.session, self.meeting.id, self.event_family.value())

    def record_interest(self) -> None:
        if self.meeting is None:
            return
        if self.event_family.value() is None:
            QMessageBox.warning(self, "Please check", "Family: choose the family who expressed interest.")
            return
        self.ctx.run(self, meetings.record_interest, self.ctx.session, self.meeting.id, self.event_family.value(),
                     **self._event_unit())

    def show_meeting(self, meeting_id: int) -> None:
        session = self.ctx.session
        self.meeting = m = meetings.get_meeting(session, meeting_id)
        state = "minutes closed" if m.closed else "open"
        self.heading.setText(f"{m.display_title()}, {format_date(m.held_on)} ({m.reference}, {state})")
        self.held_on.setDate(m.held_on)
        self.attendees.setText(m.attendees)
        self.apologies.setText(m.apologies)
        self.minutes.setPlainText(m.minutes)
        self._fill_lines(m)
        items = meetings.free_items(session, meeting_id)
        self.free_list.setText("\n".join(f"{i['label']}: {i['text']}" for i in items))
        self._fill_actions(meetings.action_rows(session, meeting_id))
        for widget in (self.held_on, self.attendees, self.apologies, self.minutes):
            widget.setEnabled(not m.closed)
        for button in self.buttons + [self.save_button]:
            button.setEnabled(not m.closed)
        self.close_button.setText("Reopen the minutes…" if m.closed else "Close the minutes")
        self.sheet_button.setVisible(m.kind == "partner_call")
        self.event_row.setVisible(m.is_event)
        if m.is_event:
            self._fill_event_choices()

    def _fill_lines(self, m: Meeting) -> None:
        self._filling = True
        self.lines.setRowCount(0)
        if m.kind == "homefinder":
            self._fill_agenda(m)
        elif m.kind == "partner_call":
            self._fill_call_sheet(m)
        else:
            self._fill_other(m)
        self._filling = False

    def _add_row(self, values: list, note: dict | None = None) -> int:
        """A row of facts; `note` ({id, text, editable}) makes its last cell the one typed in."""
        table = self.lines
        row = table.rowCount()
        table.insertRow(row)
        for col, value in enumerate(values):
            table.setItem(row, col, _cell(value))
        if note is not None:
            cell = _cell(note["text"], editable=note["editable"])
            cell.setData(Qt.ItemDataRole.UserRole, note["id"])
            cell.setToolTip("Type here; it is saved when you press Enter or move on")
            table.setItem(row, len(values), cell)
        return row

    def _fill_agenda(self, m: Meeting) -> None:
        lines = meetings.agenda(self.ctx.session, m.id)
        asked = sum(1 for line in lines if line["ask_partner"])
        self.lines_label.setText(f"Children waiting, agency decision to agreed match: {len(lines)} "
                                 f"({asked} with no active link: ask the partner for families)")
        _set_columns(self.lines, AGENDA_COLUMNS, AGENDA_WIDTHS)
        for line in lines:
            windows = "1 window open" if line["open_windows"] == 1 else f"{line['open_windows']} windows open"
            links = (f"No active link\n{ASK_PARTNER.upper()}" if line["ask_partner"]
                     else f"{line['active_links']} active\n{windows}")
            row = self._add_row([f"{line['who']}\n{line['detail']} · {line['stage']}", line["waiting"], links],
                                {"id": line["id"], "text": line["text"], "editable": not m.closed})
            if line["ask_partner"]:
                flag = self.lines.item(row, 2)
                font = flag.font()
                font.setBold(True)
                flag.setFont(font)
                flag.setToolTip("No active link when the meeting was made: the partner agency is asked for "
                                "families")

    def _fill_call_sheet(self, m: Meeting) -> None:
        sheet = meetings.call_sheet(self.ctx.session, m.id)
        since = format_date(sheet["since"]) if sheet["since"] else "the start"
        self.lines_label.setText(f"Call sheet: {len(sheet['lines'])} links with the partner; due and changed "
                                 f"since the last call ({since})")
        _set_columns(self.lines, CALL_COLUMNS, CALL_WIDTHS)
        for line in sheet["lines"]:
            news = "\n".join(x for x in (f"Due: {line['due']}" if line["due"] else "",
                                         f"Changed: {line['changed']}" if line["changed"] else "") if x)
            link = f"{line['reference']}: {line['unit']}\nwith {line['family']} ({line['agency']})"
            state = "\n".join(x for x in (line["status"], line["window"], news or "Nothing new since the last call")
                              if x)
            row = self._add_row(["", link, state], {"id": line["id"], "text": line["text"], "editable": not m.closed})
            tick = self.lines.item(row, 0)
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.NoItemFlags if m.closed
                                                       else Qt.ItemFlag.ItemIsUserCheckable))
            tick.setCheckState(Qt.CheckState.Checked if line["checked"] else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, line["id"])
            tick.setToolTip("Tick when the link has been talked through on the call")

    def _fill_other(self, m: Meeting) -> None:
        """Partnership meetings show the rule's versions; events who was shown and who came."""
        if m.kind in EVENT_KINDS:
            event = meetings.event_rows(self.ctx.session, m.id)
            self.lines_label.setText("Children shown, families who came, and expressions of interest (links)")
            rows = ([("Child shown", f"{r['unit']}, {r['age']}") for r in event["shown"]]
                    + [("Family came", f"{r['family']} ({r['agency']})") for r in event["came"]]
                    + [("Interest", f"{r['reference']}: {r['family']} in {r['unit']} ({r['status']})")
                       for r in event["links"]])
        else:
            self.lines_label.setText("The in-house-first rule: its versions (new since the last meeting marked)")
            rows = [(f"In force from {format_date(p['effective_from'])}", ("New. " if p["new"] else "") + p["rule"])
                    for p in meetings.policy_log(self.ctx.session, m.id)]
        _set_columns(self.lines, OTHER_COLUMNS, OTHER_WIDTHS)
        for what, detail in rows:
            self._add_row([what, detail])

    def _fill_actions(self, rows: list[dict]) -> None:
        self.actions.setRowCount(0)
        for a in rows:
            row = self.actions.rowCount()
            self.actions.insertRow(row)
            done = format_date(a["done_on"]) if a["done_on"] else a["state"]
            for col, value in enumerate([a["text"], a["owner"], format_date(a["due_on"]), done, a["carried"]]):
                item = _cell(value)
                item.setData(Qt.ItemDataRole.UserRole, a["id"])
                self.actions.setItem(row, col, item)

    # -- edits -----------------------------------------------------------------------------------
    def _line_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.meeting is None:
            return
        item_id = item.data(Qt.ItemDataRole.UserRole)
        if item_id is None:
            return
        if self.meeting.kind == "partner_call" and item.column() == 0:
            self.ctx.run(self, meetings.tick_item, self.ctx.session, item_id,
                         item.checkState() == Qt.CheckState.Checked)
        else:
            self.ctx.run(self, meetings.note_item, self.ctx.session, item_id, item.text())

    def add_free_item(self) -> None:
        if self.meeting and self.ctx.run(self, meetings.add_free_item, self.ctx.session, self.meeting.id,
                                         self.free_kind.currentData(), self.free_text.text()):
            self.free_text.clear()

    def add_action(self) -> None:
        if self.meeting is None:
            return
        dialog = ActionDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.run(self, meetings.add_action, self.ctx.session, Action(
                meeting_id=self.meeting.id, text=dialog.text.text(), owner=dialog.owner.text(),
                due_on=dialog.due.date()))

    def mark_done(self) -> None:
        item = self.actions.currentItem()
        if item is not None:
            self.ctx.run(self, meetings.mark_done, self.ctx.session, item.data(Qt.ItemDataRole.UserRole),
                         self.ctx.session.today())

    def save_details(self) -> None:
        if self.meeting is None:
            return
        from dataclasses import replace

        self.ctx.run(self, meetings.save_details, self.ctx.session, replace(
            self.meeting, held_on=self.held_on.date(), attendees=self.attendees.text(),
            apologies=self.apologies.text(), minutes=self.minutes.toPlainText()))

    def close_or_reopen(self) -> None:
        if self.meeting is None:
            return
        if self.meeting.closed:
            reason = ask_reason(self, "Reopen the minutes", "Why are the closed minutes being reopened? The "
                                "reason is added to them.", "Reopen")
            if reason:
                self.ctx.run(self, meetings.reopen_meeting, self.ctx.session, self.meeting.id, reason)
        else:
            self.save_details()
            self.ctx.run(self, meetings.close_meeting, self.ctx.session, self.meeting.id)

    def save_pdf(self, blank: bool = False) -> Path | None:
        if self.meeting is None:
            return None
        name = meetings.minutes_file_name(self.meeting)
        chosen = ask_where_to_save_pdf(self, "Save the minutes as a PDF", default_save_folder() / name)
        if chosen is None:
            return None
        saved = self.ctx.run(self, meetings.save_minutes_pdf, self.ctx.session, self.meeting.id, chosen, blank)
        if saved is not None and offer_to_open_pdf(self, "Minutes saved", "The minutes", saved):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))
        return saved

    # -- hooks ------------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches("meetings", "meeting_items", "actions", "links", "children", "link_windows"):
            self.refresh()

    def on_unlocked(self) -> None:
        self.refresh()
