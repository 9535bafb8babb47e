"""Children with an adoption plan: the register, the child's record, and the dated stages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from ..domain.needs import NOT_RECORDED, SCALES, SET_FIELDS
from ..domain.profiles import MAX_WORDS_CHARS
from ..domain.records import AGE_BANDS, CHILD_STAGES, SEXES, Child, SiblingGroup, Worker
from ..services import list_export, records
from .models import ChildrenModel
from .record_form import FieldSpec, heading
from .record_page import RecordPage
from .widgets import connect_debounced, export_list, list_button, offer_to_open_pdf, print_list

# The second row's filters and the RegisterQuery fields they set (the stage filter sits in the
# first row, beside the search box).
FILTER_FIELDS = ("stage", "age_band", "sex", "in_sibling_group", "social_worker_id", "waiting_longer_than",
                 "no_active_link")


class ChildrenPage(RecordPage):
    title = "Children"
    icon = "children"
    shortcut = "Ctrl+2"
    record_cls = Child
    noun = "child"
    new_label = "New child"
    lookups = {"sibling_group_id": SiblingGroup, "social_worker_id": Worker}
    stage_choices = CHILD_STAGES
    list_share = 0.62
    search_placeholder = "Search by name, reference or sibling group"
    column_widths = {ChildrenModel.COL_REFERENCE: "C-00000", ChildrenModel.COL_NAME: "Fairbairn, Charlie",
                     ChildrenModel.COL_AGE: "11 months", ChildrenModel.COL_SEX: "Female",
                     ChildrenModel.COL_STAGE: "Placement order", ChildrenModel.COL_SINCE: "00/00/0000",
                     ChildrenModel.COL_GROUP: "Dunmore siblings", ChildrenModel.COL_WAITING: "999 days"}

    def make_model(self) -> ChildrenModel:
        return ChildrenModel(self.ctx, parent=self)

    def build_head(self, row: QHBoxLayout) -> None:
        self.export_button = QPushButton("Export list…", self)
        self.export_button.setToolTip("The children the list shows, in its order, as an Excel workbook "
                                      "or a CSV file")
        self.export_button.clicked.connect(lambda: self.export_list())
        row.addWidget(self.export_button)
        self.print_button = QPushButton("Save list as PDF…", self)
        self.print_button.setToolTip("The children the list shows, in its order, as a PDF to print (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.save_list_as_pdf())
        row.addWidget(self.print_button)
        self.booklet_button = list_button(self, "Profile booklet…", "Profiles of the children for a profile "
                                          "evening, an adopter event or the panel: a page each, as a PDF to print",
                                          self.open_booklet)
        row.addWidget(self.booklet_button)
        self.print_action = QAction("Save list as PDF…", self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda _checked=False: self.save_list_as_pdf())
        self.addAction(self.print_action)

    # -- the filters ---------------------------------------------------------------------------
    def build_filters(self, row: QHBoxLayout) -> None:
        """Beside the stage: children with no active link (the second row has no room left on a
        laptop)."""
        super().build_filters(row)
        self.link_filter = QCheckBox("No active link", self)
        self.link_filter.setToolTip("Only children with no active link, of their own or through their "
                                    "sibling group: the ones to ask the partner about at the monthly meeting. "
                                    "Children already placed have none either: choose a stage too.")
        self.link_filter.toggled.connect(lambda on: self.apply_filter(no_active_link=True if on else None))
        row.addWidget(self.link_filter)

    def build_filter_row(self, root: QVBoxLayout) -> None:
        """Age band, sex, sibling group, social worker and how long waiting, in one compact row
        under the search box; each runs in SQL as it changes."""
        row = QHBoxLayout()
        row.setSpacing(6)
        label = QLabel("Filter:", self)
        label.setStyleSheet("color: palette(placeholder-text);")
        row.addWidget(label)

        def combo(name: str, any_label: str, choices: list[tuple[str, object]], field: str) -> QComboBox:
            box = QComboBox(self)
            box.setAccessibleName(name)
            box.setToolTip(name)
            box.addItem(any_label, None)
            for text, value in choices:
                box.addItem(text, value)
            box.currentIndexChanged.connect(lambda _i: self.apply_filter(**{field: box.currentData()}))
            row.addWidget(box)
            return box

        self.age_filter = combo("Age", "Any age", [(f"Aged {label[0].lower()}{label[1:]}", key)
                                                    for key, (label, _y, _s) in AGE_BANDS.items()],
                                "age_band")
        self.sex_filter = combo("Sex", "Either sex", [(label, code) for code, label in SEXES.items()], "sex")
        self.group_filter = combo("Sibling group", "With or without siblings",
                                  [("In a sibling group", True), ("Not in a sibling group", False)],
                                  "in_sibling_group")
        self.worker_filter = combo("Social worker", "Any social worker", [], "social_worker_id")
        self.worker_filter.setMinimumContentsLength(14)
        self.worker_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        waiting_label = QLabel("Waiting over", self)
        row.addWidget(waiting_label)
        self.waiting_filter = QSpinBox(self)
        self.waiting_filter.setAccessibleName("Waiting longer than, in days")
        self.waiting_filter.setToolTip("Children still waiting for a match whose agency decision was more "
                                       "than this many days ago (0: any)")
        self.waiting_filter.setRange(0, 9999)
        self.waiting_filter.setSingleStep(30)
        self.waiting_filter.setSuffix(" days")
        self.waiting_filter.setSpecialValueText("any time")
        waiting_label.setBuddy(self.waiting_filter)
        row.addWidget(self.waiting_filter)
        self.waiting_timer = connect_debounced(self, self.waiting_filter.valueChanged, self._waiting_changed, 300)

        self.clear_filters_button = QPushButton("Clear filters", self)
        self.clear_filters_button.setToolTip("Show every child again (the search is kept)")
        self.clear_filters_button.setEnabled(False)
        self.clear_filters_button.clicked.connect(lambda: self.clear_filters())
        row.addWidget(self.clear_filters_button)
        row.addStretch(1)
        root.addLayout(row)

    def _waiting_changed(self) -> None:
        self.apply_filter(waiting_longer_than=self.waiting_filter.value() or None)

    def filters_active(self) -> bool:
        query = self.model.query
        # False is a choice ("not in a sibling group"), though it equals 0.
        return any(isinstance(value, bool) or value not in (None, 0, "")
                   for value in (getattr(query, field) for field in FILTER_FIELDS))

    def apply_filter(self, **changes) -> None:
        super().apply_filter(**changes)
        self.clear_filters_button.setEnabled(self.filters_active())

    def clear_filters(self) -> None:
        """Every filter back to "any", and the list read once (the search stays as typed)."""
        self._reset_filter_boxes()
        self.apply_filter(**{field: None for field in FILTER_FIELDS})

    def _reset_filter_boxes(self, waiting_longer_than: int | None = None) -> None:
        """Every filter's box to "any" (the waiting days to `waiting_longer_than`), without reading
        the list."""
        self.waiting_timer.stop()
        for box in (self.stage_filter, self.age_filter, self.sex_filter, self.group_filter, self.worker_filter):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for widget in (self.waiting_filter, self.link_filter):
            widget.blockSignals(True)
        self.waiting_filter.setValue(waiting_longer_than or 0)
        self.link_filter.setChecked(False)
        for widget in (self.waiting_filter, self.link_filter):
            widget.blockSignals(False)

    def show_filtered(self, stage: str | None = None, waiting_longer_than: int | None = None) -> None:
        """The children a bar on the Start page counted: at one stage, or waiting more than so many
        days; every other filter off and the search cleared, each box showing what the list holds."""
        self._reset_filter_boxes(waiting_longer_than)
        for field in FILTER_FIELDS:
            setattr(self.model.query, field, None)
        self.model.query.waiting_longer_than = waiting_longer_than or None
        super().show_filtered(stage)

    def _fill_workers(self, names: dict[int, str]) -> None:
        """The social worker pick list, keeping the chosen worker (the query says who) if still there."""
        chosen = self.model.query.social_worker_id
        box = self.worker_filter
        box.blockSignals(True)
        try:
            box.clear()
            box.addItem("Any social worker", None)
            for worker_id, name in sorted(names.items(), key=lambda item: (item[1].casefold(), item[0])):
                box.addItem(name, worker_id)
            at = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(at, 0))
        finally:
            box.blockSignals(False)
        if chosen is not None and box.findData(chosen) < 0 and not self.ctx.session.locked:
            self.model.query.social_worker_id = None
            self.clear_filters_button.setEnabled(self.filters_active())

    def refresh_lookups(self) -> None:
        super().refresh_lookups()
        if self.ctx.session.locked:
            return
        names = self.ctx.run(self, records.names, self.ctx.session, Worker)
        if names is not None:
            self._fill_workers(names)

    def on_locked(self) -> None:
        self.waiting_timer.stop()
        super().on_locked()
        self._fill_workers({})  # no names on screen while locked; the query keeps the choice

    def on_changes(self, changes) -> None:
        super().on_changes(changes)
        # A link made or ended moves children in or out of "No active link".
        if (not self.ctx.session.locked and self.model.query.no_active_link is not None
                and changes.touches("links") and not changes.touches(*self.tables())):
            self.reload_list()

    # -- the list as a printout -----------------------------------------------------------------
    def save_list_as_pdf(self) -> Path | None:
        """Save exactly the children the list shows, in its order, as the register PDF; then offer
        to open it in the PDF viewer to print. Returns where it was saved (None: not saved)."""
        return print_list(self, "children", records.child_register_title, records.save_child_register,
                          self.offer_to_open)

    def open_booklet(self):
        """The profile booklet, of the children the list shows or chosen by hand."""
        from .booklet_dialog import open_booklet

        return open_booklet(self)

    def export_list(self) -> Path | None:
        """Export exactly the children the list finds, in its order, to XLSX or CSV."""
        return export_list(self, "children", list_export.export_children)

    def offer_to_open(self, saved: Path, count: int) -> bool:
        """True if the worker wants the PDF opened in the system's viewer (to print it)."""
        children = "1 child" if count == 1 else f"{count:,} children"
        return offer_to_open_pdf(self, "Children list saved", f"The list of {children}", saved)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        locked = self.ctx.session.locked
        self.print_button.setEnabled(not locked)
        self.print_action.setEnabled(not locked)
        self.booklet_button.setEnabled(not locked)
        self.export_button.setEnabled(not locked)

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("reference", "readonly"),
            FieldSpec("first_name", required=True),
            FieldSpec("last_name"),
            FieldSpec("date_of_birth", "date", required=True),
            FieldSpec("sex", "choice", SEXES, required=True, blank="Choose…"),
            FieldSpec("ethnicity"),
            FieldSpec("religion"),
            FieldSpec("language"),
            FieldSpec("date_entered_care", "date"),
            FieldSpec("placement_order_date", "date"),
            FieldSpec("foster_carers_adopt", "tick",
                      hint="Tick when the child's foster carers are adopting them: the scorecard's A10 then "
                           "counts their wait to the day they moved in with those carers"),
            FieldSpec("foster_placement_date", "date",
                      hint="The day the child moved in with the foster carers who are now adopting them "
                           "(required when the box above is ticked)"),
            FieldSpec("stage", "choice", CHILD_STAGES,
                      hint="For a new child: where the plan is now. Later steps: “Record a new stage…”"),
            FieldSpec("stage_date", "date"),
            FieldSpec("sibling_group_id", "lookup",
                      hint="Brothers and sisters to be considered together (see Sibling groups)"),
            FieldSpec("social_worker_id", "lookup"),
            FieldSpec("team"),
            FieldSpec("notes", "multiline"),
            *needs_specs(),
            *profile_specs(),
        ]

    # -- the child's photos (ui/photos_box.py) ---------------------------------------------------
    def build_extra(self, box: QVBoxLayout, parent) -> None:
        from .photos_box import PhotosBox

        self.photos_box = PhotosBox(self.ctx, parent)
        box.addWidget(self.photos_box)

    def show_extra(self, record) -> None:
        self.photos_box.show_child(record)

    def extra_tables(self) -> tuple[str, ...]:
        return ("child_photos",)

    def title_of(self, record: Child) -> str:
        name = record.display_name or "New child"
        return f"{name} · {record.reference}" if record.reference else name

    def blank_record(self) -> Child:
        return Child(stage="agency_decision", stage_date=self.ctx.session.today())



def needs_specs() -> list[FieldSpec]:
    """The child's needs profile, in the words a family's offer uses (domain.needs)."""
    return [
        heading("Needs"),
        *(FieldSpec(scale, "choice", levels, blank=NOT_RECORDED) for scale, (_label, levels) in SCALES.items()),
        FieldSpec("abuse", "codes", SET_FIELDS["abuse"],
                  hint="Tick every kind in the child's history, or “None known”. Nothing ticked means "
                       "not recorded yet."),
        FieldSpec("contact", "codes", SET_FIELDS["contact"],
                  hint="Tick every kind of contact planned, or “No contact planned”. Nothing ticked means "
                       "not recorded yet."),
        FieldSpec("needs_notes", "multiline"),
    ]


def profile_specs() -> list[FieldSpec]:
    """The words a profile evening's page prints about the child (domain.profiles), written for
    adopters; the notes above are never printed."""
    printed = (f"Written for adopters and printed on the child's profile (about {MAX_WORDS_CHARS} "
               "characters fit). At public events and profile evenings a surname is cut to its initial.")
    return [
        heading("Profile (for profile evenings)"),
        FieldSpec("personality", "multiline", hint=printed),
        FieldSpec("interests", "multiline", hint=printed),
        FieldSpec("family_sought", "multiline",
                  hint=printed + " Left empty, the profile asks for a loving, permanent family."),
    ]
