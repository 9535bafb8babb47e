"""Links: children (or sibling groups) and the families who might adopt them. The list (current
links, the ones gone quiet, or by child or family), the link's form and status history, its
family's window under the rule's version, and a banner when several families are interested."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import date_problem, format_date
from ..domain.link_windows import PHASE_WORDS, WINDOW_STATES
from ..domain.links import LINK_SOURCES, LINK_STATUSES, Link
from ..domain.records import AGENCY_KINDS, Child, Family, SiblingGroup
from ..services import links, records
from .models import SmallListModel, _date
from .record_form import FieldSpec, FormErrors
from .record_page import RecordPage
from .stage_dialog import StepDialog
from .widgets import DateEdit, LookupCombo, list_button

AGENCY_SHORT = {"own": "Council", "partner": "Partner", "other": "Other"}
VIEWS = {"current": "All current links", "quiet": f"Gone quiet ({links.QUIET_DAYS} days)",
         "all": "All, with ended and placed"}
BANNER = "background: #fff4d6; color: #4a3b00; border: 1px solid #e0c060; border-radius: 4px; padding: 6px;"


class LinksModel(SmallListModel):
    COL_REFERENCE, COL_UNIT, COL_FAMILY, COL_AGENCY, COL_STATUS, COL_SINCE, COL_WINDOW, COL_QUIET = range(8)
    COLUMNS = [("Reference", "reference"), ("Child or group", "unit"), ("Family", "family"),
               ("Agency", "agency_kind"), ("Status", "status"), ("Since", "status_date"),
               ("Window", "closes"), ("No change for", "days_quiet")]

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_AGENCY:
            return AGENCY_SHORT.get(row["agency_kind"], "")
        if column == self.COL_STATUS:
            return LINK_STATUSES.get(row["status"], row["status"])
        if column == self.COL_SINCE:
            return format_date(_date(row["status_date"]))
        if column == self.COL_WINDOW:
            state = row.get("window_state")
            if not state:
                return ""
            # Words, never colour alone: "Overdue (closed 09/11/2026)".
            return f"{WINDOW_STATES[state]} ({format_date(_date(row['closes']))})"
        if column == self.COL_QUIET:
            days = row.get("days_quiet")
            return "" if days is None else ("1 day" if days == 1 else f"{days:,} days")
        key = self.COLUMNS[column][1]
        return str(row.get(key) or "")


class LinkStatusDialog(StepDialog):
    """The next status of a link; going back needs a reason. Placing and ending have their own buttons."""

    def __init__(self, ctx, link_id: int, title: str = "", parent: QWidget | None = None):
        order = ["interest", "exploring", "matching", "panel"]
        super().__init__(
            ctx, Link, link_id, window_title="Record a new status", heading=title or "Record a new status",
            object_name="linkStatusDialog", all_steps=LINK_STATUSES,
            choices={k: v for k, v in LINK_STATUSES.items() if k not in ("placed", "ended")},
            choice_label="Status", date_label="Date of status", text_label="Reason",
            placeholder="Needed to move a link back to an earlier status",
            note="“Placed…” and “Did not progress…” are on the link's form. Earlier steps are never changed.",
            button="Record status",
            suggest=lambda last: order[min(order.index(last) + 1, 3)] if last in order else "interest",
            submit=links.record_link_status, parent=parent)


class EndLinkDialog(QDialog):
    """Did not progress (a reason from the list, a note) or Placed (a date): one small dialog."""

    def __init__(self, ctx, link_id: int, placing: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.link_id, self.placing = ctx, link_id, placing
        self.setWindowTitle("Placed" if placing else "Did not progress")
        self.setObjectName("placeDialog" if placing else "endLinkDialog")
        layout = QVBoxLayout(self)
        summary = QLabel(self)
        self.errors = FormErrors(summary)
        layout.addWidget(summary)
        form = QFormLayout()
        self.reason = LookupCombo(self, "(choose a reason)")
        self.reason.set_names({r["id"]: r["name"] for r in ctx.run(self, links.end_reasons, ctx.session) or []})
        self.date = DateEdit(self)
        self.date.setDate(ctx.session.today())
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(80)
        fields = [("Date placed" if placing else "Date of status", self.date)]
        if not placing:
            fields = [("Why it did not progress", self.reason)] + fields + [("Note", self.note)]
        for label, widget in fields:
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            message = QLabel(cell)
            box.addWidget(message)
            form.addRow(label, cell)
            self.errors.register(label, widget, message)
        layout.addLayout(form)
        if placing:
            words = QLabel("The child's other links in progress end as “Placed with another family”.", self)
            words.setWordWrap(True)
            layout.addWidget(words)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.addButton("Record placement" if placing else "Record did not progress",
                               QDialogButtonBox.ButtonRole.AcceptRole)
        ok.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 300)

    def record(self) -> bool:
        label = "Date placed" if self.placing else "Date of status"
        try:
            when = self.date.date()
        except ValueError:
            self.errors.show([FieldProblem(label, date_problem(self.date.line.text()))])
            return False
        if when is None:
            self.errors.show([FieldProblem(label, "is required")])
            return False
        try:
            if self.placing:
                changes = self.ctx.run(self, links.place, self.ctx.session, self.link_id, when, show_validation=False)
            else:
                changes = self.ctx.run(self, links.end_link, self.ctx.session, self.link_id, self.reason.value(),
                                       self.note.toPlainText(), when, show_validation=False)
        except ValidationError as exc:
            problems = [FieldProblem(label if p.field == "Date of status" else p.field, p.problem)
                        for p in exc.problems]
            self.errors.show(problems)
            return False
        if changes is None:
            return False
        self.accept()
        if self.placing:  # a partner family's placement: its fee is drawn from the upfront fund, if the worker says so
            from .fund_dialogs import offer_fees_for_link

            offer_fees_for_link(self.ctx, self.parentWidget(), self.link_id)
        return True


class LinksPage(RecordPage):
    title = "Links"
    icon = "referrals"
    shortcut = ""
    record_cls = Link
    noun = "link"
    new_label = "New link"
    lookups = {"child_id": Child, "sibling_group_id": SiblingGroup, "family_id": Family}
    stage_choices = LINK_STATUSES
    search_placeholder = "Search by reference, child, group or family"
    column_widths = {LinksModel.COL_REFERENCE: "L-00000", LinksModel.COL_UNIT: "Florence Kettering (C-00000)",
                     LinksModel.COL_FAMILY: "Kettering family", LinksModel.COL_AGENCY: "Partner",
                     LinksModel.COL_STATUS: "Interest registered", LinksModel.COL_SINCE: "00/00/0000",
                     LinksModel.COL_WINDOW: "Due this week (00/00/0000)", LinksModel.COL_QUIET: "000 days"}

    def __init__(self, ctx, parent: QWidget | None = None):
        self.view_name, self.child_filter_id, self.family_filter_id = "current", None, None
        self.competing = None  # the competing interest on the link shown, if any
        super().__init__(ctx, parent)
        assert self.stages_box is not None
        self.stages_box.setTitle("Status history")
        self.stages_box.list.setHeaderLabels(["Date", "Status", "Reason or note", "Recorded by"])
        self.stages_box.record_button.setText("Record a new status…")
        self.stage_action.setText("Record a new status")

    def make_model(self) -> LinksModel:
        return LinksModel(self.ctx, lambda query: self.ctx.run(
            self, links.link_rows, self.ctx.session, self.view_name, child_id=self.child_filter_id,
            family_id=self.family_filter_id, include_archived=query.include_archived), parent=self)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("reference", "readonly"),
            FieldSpec("child_id", "lookup", hint="A child alone; a sibling group to be placed together is linked "
                                                 "as the group"),
            FieldSpec("sibling_group_id", "lookup"),
            FieldSpec("family_id", "lookup", required=True, hint="An approved family"),
            FieldSpec("found_at", "choice", LINK_SOURCES, blank="Not recorded"),
            FieldSpec("identified_on", "date", required=True),
            FieldSpec("status", "readonly", LINK_STATUSES),
            FieldSpec("notes", "multiline"),
        ]

    # -- the title row and filters ------------------------------------------------------------------
    def build_head(self, row: QHBoxLayout) -> None:
        row.addWidget(list_button(self, "Rule versions…", "The versions of the in-house-first rule (5/5 and "
                                  "before), and adding a new one", self.open_policies))
        row.addWidget(list_button(self, "End reasons…", "The reasons offered when a link does not progress",
                                  self.open_end_reasons))

    def build_filters(self, row: QHBoxLayout) -> None:
        self.view_filter = QComboBox(self)
        self.view_filter.setAccessibleName("Which links")
        for code, words in VIEWS.items():
            self.view_filter.addItem(words, code)
        self.view_filter.currentIndexChanged.connect(self._filters_changed)
        row.addWidget(self.view_filter)
        self.child_filter = LookupCombo(self, "Any child")
        self.child_filter.setAccessibleName("Child")
        self.family_filter = LookupCombo(self, "Any family")
        self.family_filter.setAccessibleName("Family")
        for combo in (self.child_filter, self.family_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
            row.addWidget(combo)

    def _filters_changed(self) -> None:
        self.view_name = self.view_filter.currentData()
        self.child_filter_id = self.child_filter.value()
        self.family_filter_id = self.family_filter.value()
        self.reload_list()

    def refresh_lookups(self) -> None:
        super().refresh_lookups()
        if self.ctx.session.locked:
            return
        for combo, cls in ((self.child_filter, Child), (self.family_filter, Family)):
            names = self.ctx.run(self, records.names, self.ctx.session, cls, False)
            if names is not None:
                combo.blockSignals(True)
                combo.set_names(names)
                combo.blockSignals(False)

    # -- the window, the competition and the endings ---------------------------------------------------
    def build_extra(self, box: QVBoxLayout, parent: QWidget) -> None:
        self.competition = QLabel(parent)
        self.competition.setObjectName("competingInterest")
        self.competition.setWordWrap(True)
        self.competition.setStyleSheet(BANNER)
        self.competition.hide()
        box.addWidget(self.competition)
        self.matrix_button = QPushButton("Start a matching matrix…", parent)
        self.matrix_button.setToolTip("Set the competing families side by side against the child's needs "
                                      "(the shortlist opens with them ticked)")
        self.matrix_button.clicked.connect(self.start_matrix)
        self.matrix_button.hide()
        box.addWidget(self.matrix_button)
        self.window_box = QGroupBox("Window to say yes", parent)
        inner = QVBoxLayout(self.window_box)
        self.window_text = QLabel(self.window_box)
        self.window_text.setWordWrap(True)
        self.window_text.setObjectName("windowText")
        inner.addWidget(self.window_text)
        answers = QHBoxLayout()
        self.pursue_button = QPushButton("Pursue", self.window_box)
        self.pursue_button.setToolTip("The family will pursue the link (dated today)")
        self.pursue_button.clicked.connect(lambda: self.answer("pursue"))
        self.decline_button = QPushButton("Decline", self.window_box)
        self.decline_button.setToolTip("The family will not pursue the link (dated today)")
        self.decline_button.clicked.connect(lambda: self.answer("decline"))
        answers.addWidget(self.pursue_button)
        answers.addWidget(self.decline_button)
        answers.addStretch(1)
        inner.addLayout(answers)
        box.addWidget(self.window_box)
        endings = QHBoxLayout()
        self.end_button = QPushButton("Did not progress…", parent)
        self.end_button.clicked.connect(lambda: self.open_end_dialog(False))
        self.place_button = QPushButton("Placed…", parent)
        self.place_button.clicked.connect(lambda: self.open_end_dialog(True))
        endings.addWidget(self.end_button)
        endings.addWidget(self.place_button)
        endings.addStretch(1)
        box.addLayout(endings)

    def show_extra(self, record) -> None:
        active = record is not None and record.is_active and not record.archived and not self.ctx.session.locked
        for button in (self.end_button, self.place_button):
            button.setVisible(record is not None)
            button.setEnabled(active)
        shown = self.ctx.run(self, links.window, self.ctx.session, record.id) if record is not None else None
        self.window_box.setVisible(shown is not None)
        if shown is not None:
            window = shown["window"]
            lines = [f"For {PHASE_WORDS[window.who]}: opens {format_date(window.opens)}, "
                     f"closes {format_date(window.closes)}.",
                     f"Under {shown['rule_words']}.",
                     f"State: {shown['state_text']}"
                     + (f" — {'pursue' if shown['answer'] == 'pursue' else 'declined'} on "
                        f"{format_date(_date(shown['answered_on']))}" if shown["answer"] else "")]
            self.window_text.setText("\n".join(lines))
            for button in (self.pursue_button, self.decline_button):
                button.setEnabled(active and not shown["answer"])
        found = self.ctx.run(self, links.competition, self.ctx.session, record.id) if record is not None else None
        self.competition.setVisible(found is not None)
        self.matrix_button.setVisible(found is not None)
        self.competing = found
        if found is not None:
            told = "\n".join(f"• {name}" for name in found.who_must_be_told())
            self.competition.setText(f"{found.describe()}\nWho must be told:\n{told}")

    def start_matrix(self) -> int | None:
        """The competing families, ticked on the shortlist, into a new matrix on the Matching page."""
        from ..services import matrix
        from .shortlist_dialog import ShortlistDialog

        record = self.editor.loaded()
        if record.id is None or self.competing is None:
            return None
        family_ids = tuple(self.ctx.run(self, records.get, self.ctx.session, Link, party.link_id).family_id
                           for party in self.competing.parties)
        dialog = ShortlistDialog(self.ctx, self, child_id=record.child_id, group_id=record.sibling_group_id,
                                 ticked=family_ids)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        started = self.ctx.run(self, matrix.start_matrix, self.ctx.session, dialog.chosen_family_ids(),
                               child_id=record.child_id, group_id=record.sibling_group_id)
        if started is None:
            return None
        self.ctx.show_record.emit("Matching", started.record_id)
        return started.record_id

    def extra_tables(self) -> tuple[str, ...]:
        return ("link_windows", "link_policies", "end_reasons", "workers")

    def tables(self) -> tuple[str, ...]:
        return ("links", "link_statuses", "link_windows")

    def answer(self, answer: str) -> None:
        record = self.editor.loaded()
        if record.id is not None:
            self.ctx.run(self, links.answer_window, self.ctx.session, record.id, answer, self.ctx.session.today())

    def open_end_dialog(self, placing: bool):
        record = self.editor.loaded()
        if record.id is None or not self.confirm_leave():
            return None
        dialog = EndLinkDialog(self.ctx, record.id, placing, self)
        dialog.open()
        return dialog

    def open_end_reasons(self):
        from .end_reasons_dialog import EndReasonsDialog

        dialog = EndReasonsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_policies(self):
        from .link_policy_dialog import LinkPolicyDialog

        dialog = LinkPolicyDialog(self.ctx, self)
        dialog.open()
        return dialog

    # -- the form ---------------------------------------------------------------------------------------
    def title_of(self, record: Link) -> str:
        return f"Link {record.reference}" if record.reference else "New link"

    def blank_record(self) -> Link:
        return Link(identified_on=self.ctx.session.today() if not self.ctx.session.locked else None)

    def after_load(self, record) -> None:
        """Who and when a link joins are fixed once it is saved: a different pairing is a new link."""
        is_new = record.id is None
        for attr in ("child_id", "sibling_group_id", "family_id", "identified_on"):
            self.editor.set_editable(attr, is_new)

    def save(self) -> bool:
        """A new link goes through links.add_link (the checks and the window); later, only its
        notes and where it was found change."""
        if self.ctx.session.locked:
            return False
        try:
            record = self.editor.record(self.ctx.session.today())
            fn = links.add_link if record.id is None else records.save
            changes = self.ctx.run(self, fn, self.ctx.session, record, show_validation=False)
        except ValidationError as exc:
            self.editor.errors.show(exc)
            return False
        if changes is None:
            return False
        self.load_record(changes.record_id)
        self._select_row_of(changes.record_id)
        self.ctx.status.emit(f"Saved link {self.editor.loaded().reference}")
        return True

    def open_stage_dialog(self):
        record = self.editor.loaded()
        if record.id is None or record.archived or self.ctx.session.locked or not self.confirm_leave():
            return None
        dialog = LinkStatusDialog(self.ctx, record.id, self.title_of(record), self)
        dialog.open()
        return dialog


__all__ = ["LinksPage", "LinksModel", "AGENCY_KINDS"]
