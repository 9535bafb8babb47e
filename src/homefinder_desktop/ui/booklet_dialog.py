"""The profile booklet for an event, from the Children page: which event and when, the privacy
level, and which children (the list as filtered, or ticked by hand), saved as a PDF, previewed or
printed."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import FieldProblem
from ..domain.formatting import and_list
from ..domain.profiles import EVENT, LEVELS, MAX_EVENT_TITLE, booklet_problems
from ..domain.records import SiblingGroup
from ..services import profiles, records
from ..services.records import RegisterQuery
from .context import AppContext
from .fund_dialogs import FundDialog
from .style import set_role
from .unlock_dialog import busy
from .widgets import (
    DateEdit,
    ask_where_to_save_pdf,
    connect_debounced,
    default_save_folder,
    offer_to_open_pdf,
)

# The fields as the service's checks name them, so its problems are shown at them.
EVENT_FIELD, DATE_FIELD, LEVEL_FIELD, CHILDREN_FIELD = "Event", "Date of the event", "Privacy level", "Children"
GAPS_SHOWN = 4  # the rest are counted: the dialog must fit a laptop's screen


def _radio_column(parent: QWidget, group: QButtonGroup, choices: list[tuple[str, str, str]]) -> QWidget:
    """A radio button per (key, text, hint), the hint in small type under it."""
    column = QWidget(parent)
    box = QVBoxLayout(column)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    for key, text, hint in choices:
        button = QRadioButton(text, column)
        button.setObjectName(key)
        group.addButton(button)
        box.addWidget(button)
        if hint:
            note = set_role(QLabel(hint, column), "hint")
            note.setWordWrap(True)
            note.setContentsMargins(22, 0, 0, 4)
            box.addWidget(note)
    return column


class BookletDialog(FundDialog):
    """One page per child (brothers and sisters placed together on one page), with a cover and
    contents, marked CONFIDENTIAL with the event and its date."""

    def __init__(self, ctx: AppContext, query: RegisterQuery, shown: int, parent: QWidget | None = None):
        super().__init__(ctx, parent, "Profile booklet",
                         "A cover, a contents page and a page per child, or per brothers and sisters to be "
                         "placed together, for one event. Every page says CONFIDENTIAL with the event and "
                         "its date; it prints in black and white. The Notes are never printed.")
        self.query = replace(query)  # the list as it is now, whatever the page does meanwhile
        self.event = self.fields.add(EVENT_FIELD, QLineEdit(self))
        self.event.setPlaceholderText("e.g. Autumn profile evening")
        self.event.setMaxLength(MAX_EVENT_TITLE + 20)  # too long is said in words, not cut silently
        self.on = self.fields.add(DATE_FIELD, DateEdit(self), "ages are given as on this day", beside=True)

        self.levels = QButtonGroup(self)
        levels = _radio_column(self, self.levels, [(lv.code, lv.title, lv.shows) for lv in LEVELS.values()])
        self._add_tall(LEVEL_FIELD, levels)
        self.level_buttons = {b.objectName(): b for b in self.levels.buttons()}
        self.level_buttons[EVENT.code].setChecked(True)

        self.which = QButtonGroup(self)
        column = _radio_column(self, self.which, [("list", f"The children the list shows now ({shown:,})", ""),
                                                  ("hand", "Choose by hand", "")])
        self.from_list, self.by_hand = column.findChild(QRadioButton, "list"), column.findChild(QRadioButton, "hand")
        self.from_list.setChecked(True)
        self.chosen = QListWidget(column)
        self.chosen.setAccessibleName("Children and sibling groups to print")
        self.chosen.setFixedHeight(130)
        self.chosen.setEnabled(False)
        column.layout().addWidget(self.chosen)
        self._add_tall(CHILDREN_FIELD, column)
        self.shown = shown
        self._fill_choices()

        self.gaps = set_role(QLabel(self), "hint")
        self.gaps.setWordWrap(True)
        self.gaps.setObjectName("bookletGaps")
        self.layout_.addWidget(self.gaps)
        self.gaps_timer = connect_debounced(self, self.levels.buttonToggled, self.show_gaps, 250)
        for signal in (self.which.buttonToggled, self.chosen.itemChanged):
            signal.connect(lambda *_: self.gaps_timer.start())
        self.by_hand.toggled.connect(self.chosen.setEnabled)

        self.finish("Save booklet as PDF…", 700, cancel=QDialogButtonBox.StandardButton.Close)
        self.add_print_buttons("the profile booklet")
        self.show_gaps()

    def _add_tall(self, label: str, widget: QWidget) -> None:
        """A field of several lines: its label level with the first line, not the middle."""
        self.fields.add(label, widget)
        first = widget.findChild(QRadioButton)
        self.fields.form.labelForField(self.fields.cells[label]).setFixedHeight(first.sizeHint().height())

    def _fill_choices(self) -> None:
        """A line per page the list's children make: a child, or a sibling group placed together
        (ticking it prints the group's page)."""
        session = self.ctx.session
        units = self.ctx.run(self, profiles.chosen_units, session, query=self.query) or []
        groups = [record_id for kind, record_id in units if kind == "group"]
        members = {g: self.ctx.run(self, records.child_ids, session, RegisterQuery(sibling_group_id=g)) or []
                   for g in groups}
        ids = [record_id for kind, record_id in units if kind == "child"] + [i for m in members.values() for i in m]
        rows = self.ctx.run(self, records.child_rows, session, ids) or {}
        group_names = (self.ctx.run(self, records.names, session, SiblingGroup) or {}) if groups else {}

        def first_name(child_id: int) -> str:
            return rows.get(child_id, {}).get("first_name") or ""

        def name(child_id: int) -> str:
            return f"{first_name(child_id)} {rows.get(child_id, {}).get('last_name') or ''}".strip()

        def eldest_first(ids: list[int]) -> list[int]:  # as the group's page names them
            return sorted(ids, key=lambda i: (rows.get(i, {}).get("date_of_birth") or "9999", i))

        for kind, record_id in units:
            if kind == "group":
                text = (f"{group_names.get(record_id, 'Sibling group')}, placed together: "
                        f"{and_list(first_name(i) for i in eldest_first(members[record_id]))}")
            else:
                text = name(record_id) + (f" ({rows[record_id]['reference']})" if rows.get(record_id, {}).get(
                    "reference") else "")
            item = QListWidgetItem(text, self.chosen)
            item.setData(Qt.ItemDataRole.UserRole, (kind, record_id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    # -- what the worker chose ----------------------------------------------------------------
    def level(self) -> str:
        button = self.levels.checkedButton()
        return button.objectName() if button is not None else ""

    def choice(self) -> dict:
        """The service's keywords for the children chosen."""
        if self.from_list.isChecked():
            return {"query": replace(self.query)}
        ticked = [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())
                  if self.chosen.item(i).checkState() == Qt.CheckState.Checked]
        return {"child_ids": [i for kind, i in ticked if kind == "child"],
                "group_ids": [i for kind, i in ticked if kind == "group"]}

    def _nothing_chosen(self) -> str:
        if self.from_list.isChecked():
            return "" if self.shown else "the list shows no children: change its search or filters, or choose by hand"
        choice = self.choice()
        return "" if choice["child_ids"] or choice["group_ids"] else "tick at least one child or sibling group"

    def show_gaps(self) -> None:
        """What the pages will lack (words, a photo the level allows), for the worker to put right
        before the event. The event is not yet needed for this, so a stand-in is passed."""
        if self.ctx.session.locked:
            return
        if self._nothing_chosen():
            self.gaps.setText("Tick the children and sibling groups to print." if self.by_hand.isChecked() else "")
            return
        try:
            on = self.on.date() or self.ctx.session.today()
        except ValueError:
            on = self.ctx.session.today()
        data = self.ctx.run(self, profiles.booklet, self.ctx.session, level=self.level(),
                            event_title="(checking)", event_date=on, **self.choice())
        if data is None:
            return
        gaps = [gap for page in data.profiles for gap in page.gaps]
        if not gaps:
            self.gaps.setText(f"{data.summary()}. Every page has its words and photos.")
            return
        more = len(gaps) - GAPS_SHOWN
        listed = " · ".join(gaps[:GAPS_SHOWN]) + (f" · and {more} more" if more > 0 else "")
        self.gaps.setText(f"{data.summary()}. Missing before the event: {listed}.")

    # -- saving and printing ----------------------------------------------------------------------
    def _booklet_choice(self) -> dict | None:
        """The booklet the worker chose, as the service's keywords; None after marking the fields
        that do not read (the same checks whether it is saved or printed)."""
        title, on, level = self.event.text(), self.fields.day(DATE_FIELD, required=False), self.level()
        marked = {p.field for p in self.fields.problems}
        self.fields.problems += [p for p in booklet_problems(level, title, on) if p.field not in marked]
        nothing = self._nothing_chosen()
        if nothing:
            self.fields.problems.append(FieldProblem(CHILDREN_FIELD, nothing))
        if not self.fields.read():
            return None
        return dict(level=level, event_title=title, event_date=on, **self.choice())

    def call(self):
        chosen = self._booklet_choice()
        if chosen is None:
            return None
        suggested = default_save_folder() / f"Profile booklet {chosen['event_date'].isoformat()}.pdf"
        target = ask_where_to_save_pdf(self, "Save the profile booklet as a PDF", suggested)
        if target is None:
            return None
        return _save_booklet, (), dict(chosen, target=target)

    def printout(self):
        """The booklet "Save" would write, made in memory for the print preview or the printer."""
        chosen = self._booklet_choice()
        if chosen is None:
            return None
        return (f"Profile booklet — {chosen['event_title'].strip()}",
                lambda session: profiles.booklet_pdf(session, **chosen))

    def done_saving(self) -> None:
        saved: Path = self.result_value
        self.ctx.status.emit(f"Saved the profile booklet as {saved.name}")
        self.accept()
        what = f"The profile booklet for {self.event.text().strip()}"
        if offer_to_open_pdf(self.parentWidget() or self, "Profile booklet saved", what, saved):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))


def _save_booklet(session, **kwargs) -> Path:
    with busy():
        return profiles.save_booklet(session, **kwargs)


def open_booklet(page) -> BookletDialog | None:
    """The dialog for the Children page's list as it is now."""
    if page.ctx.session.locked:
        return None
    dialog = BookletDialog(page.ctx, page.model.query, len(page.model.ids), page)
    dialog.exec()
    return dialog


__all__ = ["BookletDialog", "open_booklet"]
