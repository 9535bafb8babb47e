"""Foster carers adopting, on the Children form: a tick and the day the child moved in with those
carers, beside the other dates; the date required when ticked and checked against the date entered
care, named at its field; saved with the record, and read in words in the History."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.ui.audit_text import AuditWords
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.widgets import DateEdit


def test_the_foster_carers_fields_are_checked_saved_and_in_the_history(qtbot, demo_session):
    page = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    editor = page.editor
    tick, moved = editor.widgets["foster_carers_adopt"], editor.widgets["foster_placement_date"]
    assert isinstance(tick, QCheckBox) and isinstance(moved, DateEdit)
    assert editor.labels["foster_carers_adopt"].text() == "Foster carers are adopting"
    assert editor.labels["foster_placement_date"].text() == "Moved in with those foster carers"
    order = list(editor.widgets)
    assert order.index("placement_order_date") < order.index("foster_carers_adopt") < order.index("foster_placement_date")
    child = next(c for c in records.all_of(demo_session, Child)
                 if c.stage == "family_finding" and c.date_entered_care and not c.foster_carers_adopt)
    page.select_record(child.id)
    tick.setChecked(True)
    assert editor.is_dirty() and not page.save()
    label = "Moved in with those foster carers"
    assert editor.errors.shown == {label: ["is required when the foster carers are adopting"]}
    assert editor.errors.message_label(label).text() == f"{label} is required when the foster carers are adopting."
    moved.setDate(date(child.date_entered_care.year - 1, 1, 1))
    assert not page.save()
    assert editor.errors.shown[label][0].startswith("is before the date entered care")
    assert records.get(demo_session, Child, child.id).foster_carers_adopt is False  # nothing saved half-way
    moved.setDate(child.date_entered_care)
    assert page.save()
    saved = records.get(demo_session, Child, child.id)
    assert saved.foster_carers_adopt is True and saved.foster_placement_date == child.date_entered_care
    _what, lines = AuditWords(demo_session).describe(records.history(demo_session, Child, child.id)[-1])
    assert lines == ["Foster carers are adopting: No → Yes",
                     f"Moved in with those foster carers: (empty) → {child.date_entered_care.strftime('%d/%m/%Y')}"]
