"""Start: a calm overview of what the database holds now, readable on a projector."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError
from ..domain.formatting import format_date
from ..domain.records import AGENCY_KINDS, CHILD_STAGE_ORDER, CHILD_STAGES, FAMILY_STAGE_ORDER, FAMILY_STAGES, \
    WAITING_STAGES, days_text
from ..services import links, records
from ..services.changes import Changes
from .page import Page
from .style import set_property, set_role

KIND_COLUMNS = [("own", "Council"), ("partner", "Partner"), ("other", "Other agencies")]
# The open referrals card: each kind of referral, in the words of the weekly call.
REFERRAL_ROWS = [("child", "Children", "Children referred to the partner for family finding"),
                 ("adopter", "Adopters", "Prospective adopters referred to the partner for assessment")]
# Pages the quick buttons may open, in order, when they exist.
QUICK_PAGES = ["Children", "Families", "Referrals", "History"]  # the rest are a click away on the left
WATCHED_TABLES = ("children", "child_stages", "families", "family_stages", "sibling_groups", "agencies",
                  "workers", "referrals", "referral_statuses", "database_info", "links", "link_statuses",
                  "link_windows")
# The windows card: unanswered windows on current links, most pressing first (words, not colour).
DUE_ROWS = [("overdue", "Overdue"), ("due_today", "Due today"), ("this_week", "Due this week")]


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    set_property(frame, "card", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 18)
    layout.setSpacing(10)
    if title:
        layout.addWidget(set_role(QLabel(title), "cardtitle"))
    return frame, layout


class StartPage(Page):
    title = "Start"
    icon = "start"
    shortcut = "Ctrl+1"

    navigate = Signal(str)  # the title of a page to open

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._destinations: list[str] = []
        self.heading = set_role(QLabel("Overview"), "title")
        self.facts = set_role(QLabel(""), "hint")
        self.facts.setWordWrap(True)

        # Big numbers.
        self.numbers: dict[str, QLabel] = {}
        numbers_row = QHBoxLayout()
        numbers_row.setSpacing(10)
        for key, label in (("children", "Children with adoption plans"), ("waiting", "Waiting for a match"),
                           ("families_total", "Adoptive families"), ("sibling_groups", "Sibling groups"),
                           ("open_referrals", "Open referrals"), ("agencies", "Agencies")):
            frame, layout = card("")
            number = set_role(QLabel("–"), "bignumber")
            caption = set_role(QLabel(label), "countlabel")
            caption.setWordWrap(True)
            layout.addWidget(number)
            layout.addWidget(caption)
            layout.addStretch(1)
            frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.numbers[key] = number
            if key == "open_referrals":  # the weekly call's figures beside the total
                frame = self._referrals_card(frame)
            numbers_row.addWidget(frame)

        # Children by stage.
        stages_frame, stages_layout = card("Children by stage of the adoption plan")
        self.stage_grid = QGridLayout()
        self.stage_grid.setHorizontalSpacing(24)
        self.stage_grid.setVerticalSpacing(6)
        self.stage_counts: dict[str, QLabel] = {}
        for row, stage in enumerate(CHILD_STAGE_ORDER):
            name = set_role(QLabel(CHILD_STAGES[stage]), "countlabel")
            count = set_role(QLabel("–"), "count")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.stage_grid.addWidget(name, row, 0)
            self.stage_grid.addWidget(count, row, 1)
            self.stage_counts[stage] = count
        self.stage_grid.setColumnStretch(0, 1)
        stages_layout.addLayout(self.stage_grid)
        note = set_role(QLabel("Waiting for a match: from the agency decision until a match is agreed."), "hint")
        note.setWordWrap(True)
        stages_layout.addWidget(note)
        stages_layout.addStretch(1)

        # Families by agency kind and stage.
        families_frame, families_layout = card("Adoptive families by agency and assessment stage")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        for col, (_kind, heading) in enumerate(KIND_COLUMNS, start=1):
            head = set_role(QLabel(heading), "countlabel")
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            head.setToolTip(AGENCY_KINDS[_kind])
            head.setStyleSheet("font-weight: 600;")
            grid.addWidget(head, 0, col)
        self.family_counts: dict[tuple[str, str], QLabel] = {}
        for row, stage in enumerate(FAMILY_STAGE_ORDER, start=1):
            grid.addWidget(set_role(QLabel(FAMILY_STAGES[stage]), "countlabel"), row, 0)
            for col, (kind, _heading) in enumerate(KIND_COLUMNS, start=1):
                count = set_role(QLabel("–"), "count")
                count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(count, row, col)
                self.family_counts[(kind, stage)] = count
        grid.setColumnStretch(0, 1)
        families_layout.addLayout(grid)
        families_layout.addStretch(1)

        tables = QHBoxLayout()
        tables.setSpacing(14)
        tables.addWidget(stages_frame, 1)
        tables.addWidget(families_frame, 1)

        self.quick_row = QHBoxLayout()
        self.quick_row.setSpacing(10)
        self.quick_buttons: dict[str, QPushButton] = {}

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 26, 32, 26)
        layout.setSpacing(16)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addLayout(numbers_row)
        layout.addWidget(self._due_card())
        layout.addLayout(tables)
        layout.addLayout(self.quick_row)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def _referrals_card(self, total: QFrame) -> QFrame:
        """The open referrals' total with, beside it, how many of each kind, how many still have no
        answer after RESPONSE_OVERDUE_DAYS (chased on the weekly call), and how long the oldest has
        waited: figures a meeting reads off the shared screen."""
        total.setProperty("card", False)
        total.layout().setContentsMargins(0, 0, 0, 0)
        frame, layout = card("")
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(total, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        days = records.RESPONSE_OVERDUE_DAYS

        def fact(line: int, words: str, tip: str = "") -> QLabel:
            label = set_role(QLabel(words), "countlabel")
            label.setToolTip(tip)
            count = set_role(QLabel("–"), "count")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, line, 0)
            grid.addWidget(count, line, 1)
            return count

        self.referral_counts = {kind: fact(line, words, tip) for line, (kind, words, tip) in enumerate(REFERRAL_ROWS)}
        self.unanswered = fact(2, f"No answer in {days} days",
                               f"Open referrals made more than {days} days (two weeks) ago that the partner "
                               "has not yet acknowledged or answered")
        self.oldest = fact(3, "Open longest", "How long the oldest open referral has waited, to today")
        self.oldest_label = grid.itemAtPosition(3, 0).widget()
        grid.setColumnStretch(0, 1)
        row.addLayout(grid, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        return frame

    # --- the main window tells the page which other pages exist -------------------
    def set_destinations(self, titles: list[str]) -> None:
        for button in self.quick_buttons.values():
            self.quick_row.removeWidget(button)
            button.deleteLater()
        self.quick_buttons.clear()
        while self.quick_row.count():
            self.quick_row.takeAt(0)
        wanted = [next((t for t in titles if t.startswith(key)), None) for key in QUICK_PAGES]
        for title in [t for t in wanted if t]:
            text = "Recent changes" if title == "History" else f"Open {title[0].lower()}{title[1:]}"
            button = QPushButton(text.replace("&", "&&"))  # "&" is not a mnemonic here
            button.clicked.connect(lambda _=False, t=title: self.navigate.emit(t))
            self.quick_row.addWidget(button)
            self.quick_buttons[title] = button
        self.quick_row.addStretch(1)

    def _due_card(self) -> QFrame:
        frame, layout = card("Windows to say yes: families to chase")
        self.due_text = QLabel("")
        self.due_text.setObjectName("dueWindows")
        self.due_text.setWordWrap(True)
        self.due_text.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.due_text, "countlabel")
        layout.addWidget(self.due_text)
        return frame

    def _show_due(self) -> None:
        """Each line names the child, the family and the deadline, under its heading."""
        due = links.due_windows(self.ctx.session)
        lines = []
        for key, heading in DUE_ROWS:
            rows = due[key]
            if not rows:
                continue
            lines.append(f"{heading} ({len(rows)})")
            for row in rows[:6]:
                lines.append(f"    {row['unit']} — {row['family']} — closes {format_date(date.fromisoformat(row['closes']))}")
            if len(rows) > 6:
                lines.append(f"    and {len(rows) - 6} more on the Links page")
        self.due_text.setText("\n".join(lines) if lines else "No window is overdue or due this week.")

    # --- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.ctx.session
        if session.locked:
            self.clear()
            return
        try:
            data = records.overview(session)
            info = session.info
        except HomefinderError:
            self.clear()
            return
        by_stage = data["children_by_stage"]
        waiting = sum(by_stage.get(s, 0) for s in WAITING_STAGES)
        for key, value in (("children", data["children"]), ("waiting", waiting),
                           ("families_total", data["families_total"]), ("sibling_groups", data["sibling_groups"]),
                           ("open_referrals", data["open_referrals"]), ("agencies", data["agencies"])):
            self.numbers[key].setText(f"{value:,}")
        for stage, label in self.stage_counts.items():
            self._count(label, by_stage.get(stage, 0))
        families = {(r["kind"], r["stage"]): r["n"] for r in data["families"]}
        for key, label in self.family_counts.items():
            self._count(label, families.get(key, 0))
        self._show_referrals(data)
        self._show_due()
        facts = [f"{info.get('council_name', '')} with {info.get('partner_name', '')}"]
        created = self._created()
        if created:
            facts.append(f"database created {created}")
        if info.get("demo") == "yes":
            facts.append("fictional demo data")
        self.facts.setText(" · ".join(facts))

    def _show_referrals(self, data: dict) -> None:
        for kind, label in self.referral_counts.items():
            self._count(label, data["open_by_kind"].get(kind, 0))
        self._count(self.unanswered, data["unanswered"])
        oldest = data["oldest_open"]
        if oldest is None:
            self.oldest.setText("–")
            self.oldest_label.setToolTip("No referral is open")
            set_role(self.oldest, "zero")
        else:
            self.oldest.setText(days_text(oldest["days"]))
            self.oldest_label.setToolTip(f"{oldest['reference']}, referred {format_date(oldest['referred_on'])}: "
                                         "the oldest open referral")
            set_role(self.oldest, "count")

    @staticmethod
    def _count(label: QLabel, n: int) -> None:
        """Zero in quiet grey, so the eye goes to where the children and families are."""
        label.setText(f"{n:,}")
        if label.property("role") != ("count" if n else "zero"):
            set_role(label, "count" if n else "zero")

    def _created(self) -> str:
        """The day the database was made: the first row of its settings history."""
        try:
            rows = records.history(self.ctx.session, "database_info", 1)
        except HomefinderError:
            return ""
        if not rows:
            return ""
        try:
            return format_date(datetime.fromisoformat(rows[0]["at"]).astimezone().date())
        except (TypeError, ValueError):
            return ""

    def clear(self) -> None:
        for label in [*self.numbers.values(), *self.stage_counts.values(), *self.family_counts.values(),
                      *self.referral_counts.values(), self.unanswered, self.oldest]:
            label.setText("–")
        self.facts.setText("")
        self.due_text.setText("")
        self.oldest_label.setToolTip("")

    # --- hooks ----------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh()

    def on_locked(self) -> None:
        self.clear()

    def on_unlocked(self) -> None:
        self.refresh()
