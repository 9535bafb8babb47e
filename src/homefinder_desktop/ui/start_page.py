"""Start: the dashboard, the first page shown and the one a manager reads across a room. Children
waiting for a match by stage and by how long, the windows to chase, the open referrals, each running
fund agreement against its target, and the families by agency and stage; a click on a bar or a
card opens the list behind it.

It reads counts only (records.overview, links.due_windows, services.dashboard): start-up waits for it."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from ..domain.errors import HomefinderError
from ..domain.formatting import format_date, format_money
from ..domain.records import (AGENCY_KINDS, CHILD_STAGE_ORDER, CHILD_STAGES, FAMILY_STAGE_ORDER, FAMILY_STAGES,
                              WAITING_STAGES, days_text)
from ..services import dashboard, links, records
from ..services.changes import Changes
from .charts import Bar, BarChart
from .page import Page
from .style import ACCENT, BASE_POINT_SIZE, set_property, set_role

KIND_COLUMNS = [("own", "Council"), ("partner", "Partner"), ("other", "Other agencies")]
# The open referrals card: each kind of referral, in the words of the weekly call.
REFERRAL_ROWS = [("child", "Children", "Children referred to the partner for family finding"),
                 ("adopter", "Adopters", "Prospective adopters referred to the partner for assessment")]
# Pages the quick buttons may open, in order, when they exist.
QUICK_PAGES = ["Children", "Families", "Referrals", "History"]  # the rest are a click away on the left
WATCHED_TABLES = ("children", "child_stages", "families", "family_stages", "sibling_groups", "agencies",
                  "workers", "referrals", "referral_statuses", "database_info", "links", "link_statuses",
                  "link_windows", "fund_agreements", "fund_entries", "fund_postings")
# The windows card: unanswered windows on current links, most pressing first (words, not colour).
DUE_ROWS = [("overdue", "Overdue"), ("due_today", "Due today"), ("this_week", "Due this week")]
DUE_LINES = 5  # windows named in all, the most pressing first; the rest are counted under their heading
# The totals across the top: the database at a glance.
TOTALS = [("children", "children with adoption plans"), ("families_total", "adoptive families"),
          ("sibling_groups", "sibling groups"), ("agencies", "agencies")]
# Type sizes of the stylesheet's roles (resources/styles/homefinder.qss), grown with the page's
# width so a projector shows big figures, not a small page in a sea of white.
ROLE_POINTS = {"bignumber": 26, "count": 13, "zero": 13, "countlabel": 11, "cardtitle": 12.5,
               "hint": 10.5}
TYPE_WIDTH = 1050  # content width (pixels) at which the type is its normal size: a laptop's
MAX_TYPE_SCALE = 1.2
LONG_WAIT_MONTHS = 6  # the waiting card's headline: children waiting at least this long
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)  # open a card's page, as a click does
# A card the keyboard is on is outlined, as a focused button is (the stylesheet's cards have no focus look).
FOCUS_RULE = f'QFrame[card="true"]:focus {{ border: 2px solid {ACCENT}; }}'


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    set_property(frame, "card", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 18)
    layout.setSpacing(10)
    if title:
        heading = set_role(QLabel(title), "cardtitle")
        heading.setWordWrap(True)  # a narrow window or large type wraps it, never widens the page
        layout.addWidget(heading)
    return frame, layout


def _words(text: str, role: str = "hint") -> QLabel:
    """A wrapping label of plain text (names are the worker's words, never markup)."""
    label = set_role(QLabel(text), role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def type_scale(width: int) -> float:
    """How much larger than normal the Start page's type is at this content width (tenths, so a
    window being dragged wider restyles the page a few times, not at every pixel)."""
    return round(min(MAX_TYPE_SCALE, max(1.0, width / TYPE_WIDTH)), 1)


class StartPage(Page):
    title = "Start"
    icon = "start"
    shortcut = "Ctrl+1"

    navigate = Signal(str)  # the title of a page to open
    navigate_filtered = Signal(str, object)  # a page to open and the filters its list is to show (a dict)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._scale = 1.0
        self._clickable: dict[QObject, str] = {}  # card -> the page a click on it opens
        self.facts = _words("")
        self.facts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.numbers: dict[str, QLabel] = {}
        totals = QHBoxLayout()
        totals.setSpacing(6)
        for key, words in TOTALS:
            self.numbers[key] = set_role(QLabel("–"), "count")
            totals.addWidget(self.numbers[key])
            totals.addWidget(set_role(QLabel(words), "countlabel"))
            totals.addSpacing(22)
        totals.addStretch(1)

        grid = QGridLayout()
        grid.setSpacing(14)
        grid.addWidget(self._waiting_card(), 0, 0)
        grid.addWidget(self._bands_card(), 0, 1)
        # The tall cards share a row, and so do the short ones: no card stands half empty.
        grid.addWidget(self._due_card(), 1, 0)
        grid.addWidget(self._families_card(), 1, 1)
        grid.addWidget(self._fund_card(), 2, 0)
        grid.addWidget(self._referrals_card(), 2, 1)
        for column in (0, 1):
            grid.setColumnStretch(column, 1)
        for row, stretch in ((0, 3), (1, 2), (2, 1)):  # room to spare goes to the charts first
            grid.setRowStretch(row, stretch)

        self.quick_row = QHBoxLayout()
        self.quick_row.setSpacing(10)
        self.quick_buttons: dict[str, QPushButton] = {}

        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(32, 22, 32, 22)
        layout.setSpacing(12)
        layout.addLayout(totals)
        layout.addLayout(grid, 1)
        foot = QHBoxLayout()
        foot.addLayout(self.quick_row)
        foot.addWidget(self.facts, 1)  # whose database, and whether it is the demo's fiction
        layout.addLayout(foot)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        self.content.setStyleSheet(FOCUS_RULE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    # --- the cards -----------------------------------------------------------------------
    def _chart(self, layout: QVBoxLayout, name: str, series=("",), empty_text: str = "Nothing to show.") -> BarChart:
        chart = BarChart("", series, empty_text=empty_text)
        chart.setAccessibleName(name)  # the card's heading says it to the eye; Tab stops here for a screen reader
        chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(chart, 1)
        return chart

    def _headline(self, layout: QVBoxLayout, key: str, words: str, tip: str) -> None:
        """A big number and what it counts, as a card's title."""
        row = QHBoxLayout()
        row.setSpacing(12)
        self.numbers[key] = set_role(QLabel("–"), "bignumber")
        row.addWidget(self.numbers[key])
        label = set_role(QLabel(words), "cardtitle")
        label.setWordWrap(True)
        label.setToolTip(tip)
        row.addWidget(label, 1)
        layout.addLayout(row)

    def _waiting_card(self) -> QFrame:
        frame, layout = card("")
        self._headline(layout, "waiting", "children waiting for a match, by stage",
                       "Waiting: from the agency decision until a match is agreed at panel")
        self.stage_chart = self._chart(layout, "Children waiting for a match, by stage",
                                       empty_text="No child is waiting.")
        self.stage_chart.setToolTip("Click a stage for its children on the Children page")
        self.stage_chart.activated.connect(lambda stage: self.navigate_filtered.emit("Children", {"stage": stage}))
        self.after_waiting = _words("")
        layout.addWidget(self.after_waiting)
        return frame

    def _bands_card(self) -> QFrame:
        frame, layout = card("")
        self._headline(layout, "waiting_long", f"of them waiting {LONG_WAIT_MONTHS} months or more",
                       "Waiting counted from the agency decision (or the first stage on record)")
        self.band_chart = self._chart(layout, "Children waiting, by how long they have waited",
                                      empty_text="No child is waiting.")
        self.band_chart.setToolTip("Click a bar from 3 months up for the children who have waited that long or "
                                   "longer")
        self.band_chart.activated.connect(self._open_band)
        self.band_days: dict[str, int] = {}
        return frame

    def _open_band(self, key: str) -> None:
        """The Children list's "Waiting over N days" filter: a band and the longer ones (so the
        first band, every waiting child, is not a click: that list has no such filter)."""
        self.navigate_filtered.emit("Children", {"waiting_longer_than": self.band_days[key] - 1})

    def _due_card(self) -> QFrame:
        frame, layout = card("Windows to say yes: families to chase")
        self.due_grid = QGridLayout()
        self.due_grid.setHorizontalSpacing(14)
        self.due_grid.setVerticalSpacing(3)
        self.due_grid.setColumnStretch(0, 1)
        self.due_labels: list[QLabel] = []
        layout.addLayout(self.due_grid)
        layout.addStretch(1)
        return self._opens(frame, "Links", "Click for the Links page")

    def _referrals_card(self) -> QFrame:
        """The open referrals' total with, beside it, how many of each kind, how many still have no
        answer after RESPONSE_OVERDUE_DAYS (chased on the weekly call), and how long the oldest has
        waited: figures a meeting reads off the shared screen."""
        frame, layout = card("Open referrals")
        row = QHBoxLayout()
        row.setSpacing(18)
        self.numbers["open_referrals"] = set_role(QLabel("–"), "bignumber")
        row.addWidget(self.numbers["open_referrals"], 0, Qt.AlignmentFlag.AlignTop)
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
        return self._opens(frame, "Referrals", "Click for the Referrals page")

    def _fund_card(self) -> QFrame:
        frame, layout = card("Upfront fund: placements against the target")
        self.fund_box = QVBoxLayout()
        self.fund_box.setSpacing(8)
        layout.addLayout(self.fund_box, 1)
        self.fund_charts: list[BarChart] = []
        self.fund_words: list[QLabel] = []
        return self._opens(frame, "Fund", "Click for the Fund page")

    def _families_card(self) -> QFrame:
        frame, layout = card("Adoptive families by agency and stage")
        self.family_chart = self._chart(layout, "Adoptive families by agency and stage",
                                        series=[heading for _kind, heading in KIND_COLUMNS],
                                        empty_text="No family yet.")
        self.family_chart.setToolTip("Council: " + AGENCY_KINDS["own"] + ". Partner: " + AGENCY_KINDS["partner"]
                                     + ". Click a stage for its families on the Families page.")
        self.family_chart.activated.connect(lambda stage: self.navigate_filtered.emit("Families", {"stage": stage}))
        return frame

    def _opens(self, frame: QFrame, title: str, tip: str) -> QFrame:
        """A click anywhere on the card opens `title` (the card's own figures are not buttons); so do
        Enter and Space when Tab has brought the keyboard to it."""
        frame.setToolTip(tip)
        frame.setAccessibleName(f"{title}: Enter opens the page")
        frame.setCursor(Qt.CursorShape.PointingHandCursor)
        frame.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        frame.installEventFilter(self)
        self._clickable[frame] = title
        return frame

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched in self._clickable and (
                (event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton)
                or (event.type() == QEvent.Type.KeyPress and event.key() in OPEN_KEYS)):
            self.navigate.emit(self._clickable[watched])
            return True
        return super().eventFilter(watched, event)

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

    # --- type that grows with the screen -------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        scale = type_scale(event.size().width())
        if scale != self._scale:
            self._scale = scale
            rules = [f'QLabel[role="{role}"] {{ font-size: {points * scale:.1f}pt; }}'
                     for role, points in ROLE_POINTS.items()]
            # The charts' type starts from the same size (each grows further when it has room).
            rules.append(f"BarChart {{ font-size: {BASE_POINT_SIZE * scale:.1f}pt; }}")
            self.content.setStyleSheet("".join([*rules, FOCUS_RULE]))

    # --- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.ctx.session
        if session.locked:
            self.clear()
            return
        try:
            data = records.overview(session)
            bands = dashboard.waiting_by_time(session)
            funds = dashboard.fund_progress(session)
            due = links.due_windows(session)
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
        self._show_stages(by_stage, waiting)
        self._show_bands(bands)
        families = {(r["kind"], r["stage"]): r["n"] for r in data["families"]}
        self.family_chart.set_bars([Bar(FAMILY_STAGES[stage], tuple(families.get((kind, stage), 0)
                                                                     for kind, _h in KIND_COLUMNS), key=stage)
                                    for stage in FAMILY_STAGE_ORDER] if data["families_total"] else [])
        self._show_referrals(data)
        self._show_due(due)
        self._show_fund(funds)
        facts = [f"{info.get('council_name', '')} with {info.get('partner_name', '')}"]
        created = self._created()
        if created:
            facts.append(f"database created {created}")
        if info.get("demo") == "yes":
            facts.append("fictional demo data")
        self.facts.setText(" · ".join(facts))

    def _show_stages(self, by_stage: dict[str, int], waiting: int) -> None:
        self.stage_chart.set_bars([Bar(CHILD_STAGES[s], (by_stage.get(s, 0),), key=s) for s in WAITING_STAGES]
                                  if waiting else [])
        after = [f"{CHILD_STAGES[s].lower()} {by_stage[s]:,}" for s in CHILD_STAGE_ORDER
                 if s not in WAITING_STAGES and by_stage.get(s)]
        self.after_waiting.setText("Not waiting: " + " · ".join(after) if after else "")

    def _show_bands(self, bands: list[dashboard.BandCount]) -> None:
        self.band_days = {b.band.key: b.waited_days for b in bands}
        waiting = sum(b.children for b in bands)
        long_wait = sum(b.children for b in bands if b.band.months >= LONG_WAIT_MONTHS)
        self.numbers["waiting_long"].setText(f"{long_wait:,}")
        self.band_chart.set_bars([Bar(b.band.label, (b.children,), key=b.band.key if b.waited_days else "")
                                  for b in bands] if waiting else [])

    def _show_due(self, due: dict) -> None:
        """Under each heading, a line per window: the child and the family, and the day it closes
        in a column of its own (a long name wraps; the dates stay in line)."""
        for label in self.due_labels:
            self.due_grid.removeWidget(label)
            label.deleteLater()
        self.due_labels = []
        line, named = 0, 0
        for key, heading in DUE_ROWS:
            rows = due[key]
            if not rows:
                continue
            self._due_label(f"{heading} ({len(rows)})", "count", line, 0)
            if not named:
                self._due_label("closes", "hint", line, 1).setAlignment(Qt.AlignmentFlag.AlignRight
                                                                       | Qt.AlignmentFlag.AlignBottom)
            line += 1
            shown = rows[:max(DUE_LINES - named, 0)]
            named += len(shown)
            for row in shown:
                self._due_label(f"{row['unit']} — {row['family']}", "countlabel", line, 0)
                closes = self._due_label(format_date(date.fromisoformat(row['closes'])), "countlabel", line, 1)
                closes.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                closes.setWordWrap(False)
                line += 1
            if len(rows) > len(shown):
                self._due_label(f"and {len(rows) - len(shown)} more on the Links page" if shown
                                else "Listed on the Links page", "hint", line, 0, 2)
                line += 1
        if not line:
            self._due_label("No window is overdue or due this week.", "countlabel", 0, 0, 2)

    def _due_label(self, text: str, role: str, row: int, column: int, span: int = 1) -> QLabel:
        label = _words(text, role)
        self.due_grid.addWidget(label, row, column, 1, span)
        self.due_labels.append(label)
        return label

    def due_lines(self) -> list[str]:
        """The windows card in words, line by line (the date after the names): tests, and what it says."""
        lines: dict[int, list[str]] = {}
        for label in self.due_labels:
            row = self.due_grid.getItemPosition(self.due_grid.indexOf(label))[0]
            lines.setdefault(row, []).append(label.text())
        return [" — ".join(parts) for _row, parts in sorted(lines.items())]

    def _show_fund(self, funds: list[dashboard.FundProgress]) -> None:
        """Each running agreement: its name, the balance today, and a bar of children placed
        against the target (drawn as an outline to the target's end)."""
        while self.fund_box.count():
            item = self.fund_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.fund_charts, self.fund_words = [], []
        if not funds:
            self.fund_box.addWidget(self._fund_label("No fund agreement is running: the Fund page records one, "
                                                     "with its grant, its target and every payment.", "countlabel"))
            self.fund_box.addStretch(1)
            return
        for progress in funds:
            a = progress.agreement
            block = QWidget()
            box = QVBoxLayout(block)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            box.addWidget(self._fund_label(a.name, "countlabel"))
            money = QHBoxLayout()
            money.setSpacing(8)
            money.addWidget(self._fund_label(format_money(progress.balance), "count"))
            money.addWidget(self._fund_label("in the fund today" + (f"; it may be used until {format_date(a.last_day)}"
                                                                    if a.last_day else ""), "hint"), 1)
            box.addLayout(money)
            chart = BarChart("", empty_text="", keyboard=False)  # Tab stops at the card, which opens the Fund page
            chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            target = a.target_placements
            words = f"{progress.placed} of {target}" if target else f"{progress.placed} (no target set)"
            # A key makes the bar look clickable; the click goes on to the card, which opens the Fund page.
            chart.set_bars([Bar("Children placed", (progress.placed,), text=words, key=str(a.id))], maximum=target)
            chart.setToolTip("Click for the Fund page")
            box.addWidget(chart, 1)
            self.fund_box.addWidget(block, 1)
            self.fund_charts.append(chart)

    def _fund_label(self, text: str, role: str) -> QLabel:
        label = _words(text, role)
        self.fund_words.append(label)
        return label

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
        """Locked: nothing of the database stays on the page."""
        for label in [*self.numbers.values(), *self.referral_counts.values(), self.unanswered, self.oldest]:
            label.setText("–")
        for chart in (self.stage_chart, self.band_chart, self.family_chart, *self.fund_charts):
            chart.set_bars([])
        for label in (self.facts, self.after_waiting, *self.fund_words, *self.due_labels):
            label.setText("")
        self.oldest_label.setToolTip("")

    # --- hooks ----------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh()

    def on_locked(self) -> None:
        self.clear()

    def on_unlocked(self) -> None:
        self.refresh()
