"""The child's profile words on the Children form: a section of their own after the needs, saved
with the record, and their changes read in words in the History."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.ui.audit_text import AuditWords
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext

FIELDS = {"personality": "What the child is like", "interests": "What they enjoy",
          "family_sought": "The family sought"}


def test_the_profile_section_follows_the_needs_and_its_words_are_saved(qtbot, demo_session):
    page = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    editor = page.editor
    order = list(editor.widgets)
    title = editor.widgets["heading_profile_(for_profile_evenings)"]
    assert isinstance(title, QLabel) and title.text() == "Profile (for profile evenings)"
    assert order.index("needs_notes") < order.index(title.objectName()) < order.index("personality")
    for attr, label in FIELDS.items():
        assert isinstance(editor.widgets[attr], QPlainTextEdit), attr
        assert editor.labels[attr].text() == label and "profile" in editor.widgets[attr].toolTip()
    child = next(c for c in records.all_of(demo_session, Child) if not c.interests)
    page.select_record(child.id)
    editor.widgets["interests"].setPlainText("Trains, dens and\nfeeding the ducks.")
    assert editor.is_dirty() and page.save()
    assert records.get(demo_session, Child, child.id).interests == "Trains, dens and\nfeeding the ducks."
    _what, lines = AuditWords(demo_session).describe(records.history(demo_session, Child, child.id)[-1])
    assert lines == ["What they enjoy: (empty) → Trains, dens and\nfeeding the ducks."]
