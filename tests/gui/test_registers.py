"""The record screens end to end, through their widgets, on the demo database."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.records import Agency, Child, Family, SiblingGroup, Worker
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.changes import Changes
from homefinder_desktop.ui.agencies_page import AgenciesPage
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.families_page import FamiliesPage
from homefinder_desktop.ui.history_dialog import HistoryDialog
from homefinder_desktop.ui.models import ChildrenModel
from homefinder_desktop.ui.sibling_groups_page import SiblingGroupsPage
from homefinder_desktop.ui.stage_dialog import StageDialog

# The offscreen platform cannot pass a dialog's minimum size to a window system, and says so
# each time a dialog is opened; real platforms do not. Every other Qt warning still fails.


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A message box would block the test: record it and fail instead."""
    shown = []

    def warning(parent, title, text, *a, **k):
        shown.append(text)
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def ctx(demo_session):
    return AppContext(demo_session)


@pytest.fixture
def children(qtbot, ctx):
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    return page


def count(session, cls, archived=True):
    return len(records.all_of(session, cls, include_archived=archived))


def fill_child(page, first="Tamsin", last="Quillfeather", born="14/06/2021", sex="F"):
    e = page.editor
    e.widgets["first_name"].setText(first)
    e.widgets["last_name"].setText(last)
    e.widgets["date_of_birth"].setText(born)
    e.widgets["sex"].setValue(sex)


def select_row(page, row):
    page.view.setCurrentIndex(page.model.index(row, 0))


# --- children ---------------------------------------------------------------------------------

def test_add_a_child_through_the_form(qtbot, children, ctx):
    before = count(ctx.session, Child)
    children.new_action.trigger()
    assert children.current_id is None
    fill_child(children)
    assert children.has_unsaved_changes()
    qtbot.mouseClick(children.save_button, Qt.MouseButton.LeftButton)
    assert count(ctx.session, Child) == before + 1
    saved = [c for c in records.all_of(ctx.session, Child) if c.last_name == "Quillfeather"]
    assert len(saved) == 1 and saved[0].date_of_birth == date(2021, 6, 14) and saved[0].sex == "F"
    assert children.current_id == saved[0].id and not children.has_unsaved_changes()
    assert saved[0].reference in children.record_title.text()
    # found in the list by the search box (debounced, filtered in SQL)
    qtbot.keyClicks(children.search, "Quillfe")
    qtbot.waitUntil(lambda: children.model.rowCount() == 1, timeout=2000)
    assert children.model.index(0, ChildrenModel.COL_NAME).data() == "Quillfeather, Tamsin"
    # and its first stage is on record
    assert [s.stage for s in records.stage_history(ctx.session, Child, saved[0].id)] == ["agency_decision"]


def test_a_future_date_of_birth_is_shown_at_the_field_and_nothing_is_saved(children, ctx):
    before = count(ctx.session, Child)
    children.new_record()
    fill_child(children, born=(ctx.session.today() + timedelta(days=3)).strftime("%d/%m/%Y"))
    assert children.save() is False
    assert count(ctx.session, Child) == before
    message = children.editor.errors.message_label("Date of birth")
    assert message.isVisibleTo(children) and "Date of birth is in the future" in message.text()
    assert children.editor.widgets["date_of_birth"].line.property("invalid") is True
    assert children.editor.summary.isVisibleTo(children)
    assert "Nothing was saved" in children.editor.summary.text()
    assert children.has_unsaved_changes()  # the worker's typing is kept
    # once corrected, the marks go
    children.editor.widgets["date_of_birth"].setText("01/02/2020")
    assert children.save() is True
    assert not message.isVisibleTo(children)
    assert count(ctx.session, Child) == before + 1


def test_text_that_is_not_a_date_is_marked_and_nothing_is_saved(children, ctx):
    before = count(ctx.session, Child)
    children.new_record()
    fill_child(children, born="31/02/2020")
    children.editor.widgets["sex"].setValue("")
    assert children.save() is False
    assert count(ctx.session, Child) == before
    assert "is not a real date" in children.editor.errors.message_label("Date of birth").text()
    assert "Sex" in children.editor.errors.shown  # every problem at once, not one at a time
    children.editor.widgets["date_of_birth"].setText("3/2/2020")
    assert children.save() is False  # the sex is still missing, and it is named
    assert set(children.editor.errors.shown) == {"Sex"}


def test_edit_a_child_and_see_it_in_the_history(qtbot, children, ctx):
    select_row(children, 2)
    child_id = children.current_id
    old = records.get(ctx.session, Child, child_id)
    children.editor.widgets["last_name"].setText("Merriweather")
    children.editor.widgets["language"].setText("English and Welsh")
    children.save_action.trigger()
    assert records.get(ctx.session, Child, child_id).last_name == "Merriweather"
    dialog = children.open_history()
    qtbot.addWidget(dialog)
    text = dialog.plain_text()
    assert f"Last name: {old.last_name} → Merriweather" in text
    assert f"Language: {old.language} → English and Welsh" in text
    assert "Demo data generator" in text and "Changed" in text and "Added" in text
    assert "Stage recorded: Agency decision" in text
    import re
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", text)
    assert old.date_of_birth.strftime("%d/%m/%Y") in text  # dates in words, not ISO
    dialog.reject()


def test_record_a_new_stage(qtbot, children, ctx):
    waiting = [c for c in records.all_of(ctx.session, Child) if c.stage == "family_finding"][0]
    assert children.select_record(waiting.id)
    dialog = children.open_stage_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, StageDialog)
    assert dialog.stage.value() == "linked"  # the next step along the plan
    assert dialog.date.date() == ctx.session.today()
    assert dialog.record() is True
    assert records.get(ctx.session, Child, waiting.id).stage == "linked"
    top = children.stages_box.list.topLevelItem(0)
    assert (top.text(0), top.text(1)) == (ctx.session.today().strftime("%d/%m/%Y"), "Linked")
    assert "Now: Linked" in children.stages_box.current.text()
    assert children.editor.widgets["stage"].currentText() == "Linked"
    row = children.model.row_of(waiting.id)
    assert children.model.index(row, ChildrenModel.COL_STAGE).data() == "Linked"


def test_ending_a_plan_needs_a_reason_shown_at_the_field(qtbot, children, ctx):
    child = [c for c in records.all_of(ctx.session, Child) if c.stage == "family_finding"][0]
    children.select_record(child.id)
    steps = len(records.stage_history(ctx.session, Child, child.id))
    dialog = children.open_stage_dialog()
    qtbot.addWidget(dialog)
    dialog.stage.setValue("plan_changed")
    assert dialog.record() is False
    assert "Reason is required when the plan changes" in dialog.errors.message_label("Reason").text()
    assert len(records.stage_history(ctx.session, Child, child.id)) == steps
    dialog.reason.setPlainText("Special guardianship order to an aunt")
    assert dialog.record() is True
    assert len(records.stage_history(ctx.session, Child, child.id)) == steps + 1


def test_the_stage_is_not_edited_in_the_form(children):
    select_row(children, 0)
    assert not children.editor.widgets["stage"].isEnabled()
    children.new_record()
    assert children.editor.widgets["stage"].isEnabled()


def test_archive_hides_from_the_list_and_restore_brings_back(qtbot, children, ctx):
    select_row(children, 4)
    child_id = children.current_id
    qtbot.mouseClick(children.archive_button, Qt.MouseButton.LeftButton)
    assert records.get(ctx.session, Child, child_id).archived
    assert children.model.row_of(child_id) == -1 and children.model.rowCount() == 59
    assert children.archived_banner.isVisibleTo(children) and children.archive_button.text() == "Restore"
    assert not children.editor.isEnabled()
    children.show_archived.setChecked(True)
    assert children.model.row_of(child_id) >= 0
    qtbot.mouseClick(children.archive_button, Qt.MouseButton.LeftButton)
    assert not records.get(ctx.session, Child, child_id).archived


def test_delete_entered_in_error_asks_the_reason(children, ctx, monkeypatch):
    children.new_record()
    fill_child(children, first="Mistaken", last="Duplicate")
    assert children.save()
    child_id = children.current_id
    monkeypatch.setattr(children, "ask_delete_reason", lambda: None)  # the worker cancels
    children.delete_in_error()
    assert records.get(ctx.session, Child, child_id)
    monkeypatch.setattr(children, "ask_delete_reason", lambda: "Added twice by mistake")
    children.delete_in_error()
    assert child_id not in {c.id for c in records.all_of(ctx.session, Child, True)}
    assert children.current_id is None and children.model.row_of(child_id) == -1
    trail = records.history(ctx.session, Child, child_id)
    assert trail[-1]["action"] == "delete"


def test_unsaved_changes_guard_when_switching_records(children, ctx, monkeypatch):
    select_row(children, 0)
    first_id = children.current_id
    children.editor.widgets["religion"].setText("Quaker")
    assert children.has_unsaved_changes()
    answers = []
    monkeypatch.setattr(children, "ask_unsaved", lambda: answers.pop(0))

    answers.append("cancel")
    select_row(children, 1)
    assert children.current_id == first_id
    assert children.editor.widgets["religion"].text() == "Quaker"
    assert children.view.currentIndex().row() == 0

    answers.append("discard")
    children.next_action.trigger()
    assert children.current_id == children.model.id_at(1)
    assert records.get(ctx.session, Child, first_id).religion != "Quaker"

    children.editor.widgets["religion"].setText("Quaker")
    answers.append("save")
    children.previous_action.trigger()
    assert children.current_id == first_id
    assert records.get(ctx.session, Child, children.model.id_at(1)).religion == "Quaker"
    assert answers == []


def test_unsaved_changes_guard_on_new(children, monkeypatch):
    select_row(children, 0)
    children.editor.widgets["team"].setText("Edited")
    monkeypatch.setattr(children, "ask_unsaved", lambda: "cancel")
    children.new_action.trigger()
    assert children.current_id is not None and children.confirm_leave() is False


def test_sort_by_clicking_the_header(children):
    children.view.sortByColumn(ChildrenModel.COL_AGE, Qt.SortOrder.AscendingOrder)
    born = [children.model.index(r, ChildrenModel.COL_AGE).data(Qt.ItemDataRole.UserRole)
            for r in range(children.model.rowCount())]
    assert born == sorted(born, reverse=True)


def test_stage_filter_combo(children):
    combo = children.stage_filter
    combo.setCurrentIndex(combo.findData("linked"))
    stages = {children.model.index(r, ChildrenModel.COL_STAGE).data() for r in range(children.model.rowCount())}
    assert stages == {"Linked"}


def test_locking_clears_the_models_and_keeps_unsaved_edits(children, ctx):
    select_row(children, 0)
    children.editor.widgets["team"].setText("Unsaved team")
    ctx.session.lock_now()
    ctx.locked.emit()
    assert children.model.rowCount() == 0 and children.model.cached_row_count() == 0
    assert children.stages_box.list.topLevelItemCount() == 0
    assert children.editor.widgets["team"].text() == "Unsaved team"
    ctx.session.unlock(demo.DEMO_PASSPHRASE)
    ctx.unlocked.emit()
    assert children.model.rowCount() == 60
    assert children.editor.widgets["team"].text() == "Unsaved team"
    assert children.stages_box.list.topLevelItemCount() > 0


def test_locking_blanks_a_form_with_nothing_unsaved(children, ctx):
    select_row(children, 0)
    child_id = children.current_id
    ctx.session.lock_now()
    ctx.locked.emit()
    assert children.editor.widgets["first_name"].text() == ""
    ctx.session.unlock(demo.DEMO_PASSPHRASE)
    ctx.unlocked.emit()
    assert children.current_id == child_id and children.editor.widgets["first_name"].text()


def test_pages_reload_only_for_changes_that_touch_them(qtbot, ctx, children):
    families = FamiliesPage(ctx)
    qtbot.addWidget(families)
    reloads = []
    families.model.modelReset.connect(lambda: reloads.append(1))
    ctx.changed.emit(Changes.of("children"))
    assert reloads == []
    ctx.changed.emit(Changes.of("families"))
    assert reloads == [1]


# --- families -------------------------------------------------------------------------------------

def test_add_a_family_and_record_its_approval(qtbot, ctx):
    page = FamiliesPage(ctx)
    qtbot.addWidget(page)
    before = count(ctx.session, Family)
    page.new_record()
    e = page.editor
    e.widgets["name"].setText("Penhallow family")
    e.widgets["adopter_one"].setText("Morwenna Penhallow")
    assert page.save() is False  # no agency
    assert "Agency" in e.errors.shown and count(ctx.session, Family) == before
    partner = next(a for a in records.all_of(ctx.session, Agency) if a.kind == "partner")
    e.widgets["agency_id"].setValue(partner.id)
    e.widgets["approval_date"].setText((ctx.session.today() + timedelta(days=1)).strftime("%d/%m/%Y"))
    assert page.save() is False
    assert "Date approved is in the future" in e.errors.message_label("Date approved").text()
    e.widgets["approval_date"].setText("")
    assert page.save() is True
    family_id = page.current_id
    assert count(ctx.session, Family) == before + 1
    assert records.get(ctx.session, Family, family_id).agency_id == partner.id
    for stage in ("stage_one", "stage_two", "approved"):
        dialog = page.open_stage_dialog()
        qtbot.addWidget(dialog)
        assert dialog.stage.value() == stage
        assert dialog.record()
    family = records.get(ctx.session, Family, family_id)
    assert family.stage == "approved" and family.approval_date == ctx.session.today()
    assert page.editor.widgets["approval_date"].text() == ctx.session.today().strftime("%d/%m/%Y")
    assert page.stages_box.list.topLevelItemCount() == 4


# --- sibling groups ----------------------------------------------------------------------------

def test_sibling_group_lists_its_children_and_needs_a_reason_to_separate(qtbot, ctx):
    page = SiblingGroupsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == count(ctx.session, SiblingGroup, archived=False)
    page.view.setCurrentIndex(page.model.index(0, 0))
    group_id = page.current_id
    members = {c.id for c in records.all_of(ctx.session, Child) if c.sibling_group_id == group_id}
    assert len(members) >= 2 and set(page.members.ids) == members
    page.editor.widgets["decision"].setValue("apart")
    page.editor.widgets["decision_date"].setText("")
    page.editor.widgets["decision_reason"].setPlainText("")
    assert page.save() is False
    assert {"Date of decision", "Reason for the decision"} <= set(page.editor.errors.shown)
    page.editor.widgets["decision_date"].setText("01/09/2026")
    page.editor.widgets["decision_reason"].setPlainText("Assessment of each child's needs")
    assert page.save() is True
    assert records.get(ctx.session, SiblingGroup, group_id).decision == "apart"


def test_a_sibling_group_shows_its_needs_as_one_unit(qtbot, ctx):
    from homefinder_desktop.domain.needs import SCALES, level_index

    page = SiblingGroupsPage(ctx)
    qtbot.addWidget(page)
    page.view.setCurrentIndex(page.model.index(0, 0))
    members = [c for c in records.all_of(ctx.session, Child) if c.sibling_group_id == page.current_id]
    assert not page.needs_box.isHidden()
    for scale, (_label, levels) in SCALES.items():
        known = [c.__dict__[scale] for c in members if c.__dict__[scale] in levels]
        if known and len(known) == len(members):
            most = max(known, key=lambda code: level_index(scale, code))
            assert page.needs_labels[scale].text() == levels[most], scale
    page.new_record(ask=False)
    assert page.needs_box.isHidden() and page.needs_labels["disability"].text() == ""


def test_a_child_joins_a_group_from_the_child_form(qtbot, ctx, children):
    groups = SiblingGroupsPage(ctx)
    qtbot.addWidget(groups)
    groups.new_record()
    groups.editor.widgets["name"].setText("Quillfeather siblings")
    assert groups.save()
    group_id = groups.current_id
    assert groups.members.rowCount() == 0
    children.refresh_lookups()
    children.new_record()
    fill_child(children)
    children.editor.widgets["sibling_group_id"].setValue(group_id)
    assert children.editor.widgets["sibling_group_id"].currentText() == "Quillfeather siblings"
    assert children.save()
    assert groups.members.rowCount() == 1  # refreshed by the broadcast change
    row = groups.model.row_of(group_id)
    assert groups.model.index(row, 1).data() == "1"


# --- agencies and contacts -----------------------------------------------------------------------

def test_agencies_and_their_contacts(qtbot, ctx):
    page = AgenciesPage(ctx)
    qtbot.addWidget(page)
    kinds = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert kinds[:2] == ["Council's own", "Partner"] and "Other" in kinds
    page.view.setCurrentIndex(page.model.index(1, 0))
    partner_id = page.current_id
    before = page.workers.rowCount()
    assert before == len([w for w in records.all_of(ctx.session, Worker) if w.agency_id == partner_id])
    dialog = page.add_worker()
    qtbot.addWidget(dialog)
    assert dialog.editor.widgets["agency_id"].value() == partner_id
    dialog.editor.widgets["email"].setText("not an address")
    assert dialog.save() is False
    assert {"Name", "Email"} <= set(dialog.editor.errors.shown)
    dialog.editor.widgets["name"].setText("Wren Castellane")
    dialog.editor.widgets["role"].setText("Family finder")
    dialog.editor.widgets["email"].setText("wren@example.org.uk")
    assert dialog.save() is True
    assert page.workers.rowCount() == before + 1
    row = page.workers.row_of(dialog.saved_id)
    page.workers_view.setCurrentIndex(page.workers.index(row, 0))
    edit = page.edit_worker()
    qtbot.addWidget(edit)
    edit.editor.widgets["phone"].setText("01632 960 999")
    assert edit.save()
    assert records.get(ctx.session, Worker, dialog.saved_id).phone == "01632 960 999"
    page.workers_view.setCurrentIndex(page.workers.index(page.workers.row_of(dialog.saved_id), 0))
    page.archive_worker()
    assert page.workers.row_of(dialog.saved_id) == -1


def test_add_an_agency_with_a_bad_email(qtbot, ctx):
    page = AgenciesPage(ctx)
    qtbot.addWidget(page)
    page.new_record()
    page.editor.widgets["name"].setText("Moorside Adoption Partnership")
    page.editor.widgets["email"].setText("moorside")
    before = count(ctx.session, Agency)
    assert page.save() is False and count(ctx.session, Agency) == before
    assert "Email is not an email address" in page.editor.errors.message_label("Email").text()
    page.editor.widgets["email"].setText("hello@example.org.uk")
    assert page.save() and count(ctx.session, Agency) == before + 1


def test_history_dialog_for_an_archived_family(qtbot, ctx):
    family = records.all_of(ctx.session, Family)[0]
    records.archive(ctx.session, Family, family.id)
    dialog = HistoryDialog(ctx, Family, family.id, family.name)
    qtbot.addWidget(dialog)
    text = dialog.plain_text()
    assert "Archived" in text and "Stage recorded:" in text
    assert "Agency: " in text and "agency_id" not in text
