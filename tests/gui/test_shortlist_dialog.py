"""The shortlist dialog: every family in the service's order, the removed ones saying which rule
removed them; ticking two to five (never one that is not available, never a sixth) to start a
matrix; the filter and search saying what they leave out."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import SiblingGroup, StageChange
from homefinder_desktop.services import links, matrix, records
from homefinder_desktop.ui.context import AppContext
from matrix_people import TODAY, child, family
from homefinder_desktop.ui.shortlist_dialog import (COL_FAMILY, COL_RANK, COL_REMOVED, COL_TICK, TICK_TWO,
                                                    ShortlistDialog)

pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def ivy(s):
    """Ivy, and eight families: five fit, one cannot meet her disability, one is spoken for by
    another child, one is on hold."""
    c = child(s)
    ids = {name: family(s, name, agency=2 if name == "Brook family" else 1)
           for name in ("Oakley family", "Brook family", "Ashby family", "Cole family", "Dunn family")}
    ids["Reed family"] = family(s, "Reed family", disability_max="mild")
    ids["Fenwick family"] = family(s, "Fenwick family", stage="on_hold")
    ids["Marsh family"] = family(s, "Marsh family")
    rose = child(s, "Rose")
    taken = links.add_link(s, Link(child_id=rose, family_id=ids["Marsh family"], identified_on=date(2026, 11, 2),
                                   found_at="homefinder_meeting")).record_id
    links.record_link_status(s, taken, StageChange("matching", TODAY))
    return c, ids


def open_dialog(qtbot, s, **unit) -> ShortlistDialog:
    dialog = ShortlistDialog(AppContext(s), **unit)
    qtbot.addWidget(dialog)
    return dialog


def row_of(dialog, name) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.entry(r).family.name == name)


def cell(dialog, row, column, role=Qt.ItemDataRole.DisplayRole):
    return dialog.model.data(dialog.model.index(row, column), role)


def tick(dialog, name) -> bool:
    """As a click on the row's tick box does."""
    return dialog.model.setData(dialog.model.index(row_of(dialog, name), COL_TICK), Qt.CheckState.Checked.value,
                                Qt.ItemDataRole.CheckStateRole)


def test_every_family_is_listed_in_the_service_order_saying_what_removed_it(qtbot, s, ivy):
    c, ids = ivy
    dialog = open_dialog(qtbot, s, child_id=c)
    expected = matrix.shortlist_for(s, child_id=c)
    shown = [dialog.model.entry(r) for r in range(dialog.model.rowCount())]
    assert [e.family.id for e in shown] == [e.family.id for e in expected]
    assert len(shown) == len(ids)
    assert [cell(dialog, r, COL_RANK) for r in range(len(shown))] == ["1", "2", "3", "4", "5", "—", "—", "—"]
    assert [cell(dialog, r, COL_REMOVED) for r in range(len(shown))] == [e.removed_by or "" for e in expected]
    assert cell(dialog, row_of(dialog, "Fenwick family"), COL_REMOVED) == "On hold: not available for matching"
    assert cell(dialog, row_of(dialog, "Reed family"), COL_REMOVED) == "Outside the family's stated wishes (disability)"
    assert cell(dialog, row_of(dialog, "Marsh family"), COL_REMOVED).startswith(
        "Already committed to another child (link L-")
    assert dialog.counts.text() == ("5 fit; 1 outside their stated wishes; 1 spoken for; 1 not available "
                                    "— none hidden.")
    assert dialog.windowTitle().startswith("Shortlist for Ivy Ashworth (")


def test_ticking_two_enables_start_and_gives_them_in_list_order(qtbot, s, ivy):
    c, ids = ivy
    dialog = open_dialog(qtbot, s, child_id=c)
    assert not dialog.start_button.isEnabled() and dialog.tick_hint.text() == TICK_TWO
    assert tick(dialog, "Reed family")   # outside its wishes, but approved and free: may be weighed
    assert not dialog.start_button.isEnabled()
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.model.index(row_of(dialog, "Brook family"), COL_FAMILY))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    assert dialog.start_button.isEnabled()
    assert dialog.start_button.text() == "Start matrix with 2 families"
    assert dialog.chosen_family_ids() == [ids["Brook family"], ids["Reed family"]]   # the list's order
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)   # space again unticks
    assert dialog.chosen_family_ids() == [ids["Reed family"]] and not dialog.start_button.isEnabled()
    dialog.resize(1280, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.view.visualRect(dialog.model.index(row_of(dialog, "Oakley family"), COL_TICK))
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert dialog.chosen_family_ids() == [ids["Oakley family"], ids["Reed family"]]
    dialog.start_button.click()
    assert dialog.result() == ShortlistDialog.DialogCode.Accepted


def test_a_family_on_hold_or_spoken_for_cannot_be_ticked(qtbot, s, ivy):
    c, _ids = ivy
    dialog = open_dialog(qtbot, s, child_id=c)
    for name, why in (("Fenwick family", "On hold: not available for matching"),
                      ("Marsh family", "Already committed to another child")):
        row = row_of(dialog, name)
        index = dialog.model.index(row, COL_TICK)
        assert not dialog.model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        assert cell(dialog, row, COL_TICK, Qt.ItemDataRole.CheckStateRole) is None   # no tick box drawn
        assert why in cell(dialog, row, COL_TICK, Qt.ItemDataRole.ToolTipRole)
        assert not tick(dialog, name)
        assert dialog.tick_hint.text().startswith(f"{name} cannot be ticked: {why}")
    assert dialog.chosen_family_ids() == []


def test_a_sixth_tick_is_refused_with_the_reason(qtbot, s, ivy):
    c, ids = ivy
    dialog = open_dialog(qtbot, s, child_id=c)
    five = ["Oakley family", "Brook family", "Ashby family", "Cole family", "Dunn family"]
    for name in five:
        assert tick(dialog, name)
    assert not tick(dialog, "Reed family")
    assert dialog.tick_hint.text().startswith("At most five")
    assert sorted(dialog.chosen_family_ids()) == sorted(ids[n] for n in five)
    assert dialog.start_button.isEnabled() and dialog.start_button.text() == "Start matrix with 5 families"


def test_filter_and_search_say_what_they_leave_out(qtbot, s, ivy):
    c, _ids = ivy
    dialog = open_dialog(qtbot, s, child_id=c)
    dialog.which.setCurrentIndex(dialog.which.findText("Families that fit"))
    assert dialog.model.rowCount() == 5
    assert dialog.counts.text().startswith("Showing 5 of 8 (only families that fit). In all: 5 fit; "
                                           "1 outside their stated wishes;")
    assert tick(dialog, "Oakley family")
    dialog.which.setCurrentIndex(dialog.which.findText("All families"))
    dialog.search.setText("reed")
    dialog.refilter()   # the search box waits for typing to pause
    assert [dialog.model.entry(r).family.name for r in range(dialog.model.rowCount())] == ["Reed family"]
    assert "matching “reed”" in dialog.counts.text()
    assert dialog.tick_hint.text() == TICK_TWO + " 1 of them is not shown by the filter or search."
    reasons = dialog.details.toPlainText()
    for heading in ("Reasons it fits", "Hard mismatches (reasons against)", "To ask",
                    "Side by side, for people to judge"):
        assert heading in reasons
    assert "Disability — child: moderate; the family can meet up to mild" in reasons
    assert "Not ranked (Outside the family's stated wishes (disability))" in reasons


def test_a_sibling_group_is_shortlisted_by_its_name(qtbot, s):
    g = records.add(s, SiblingGroup(name="Ashworth siblings", decision="together")).record_id
    child(s, "Ivy", sibling_group_id=g)
    child(s, "Theo", sex="M", date_of_birth=date(2020, 5, 1), sibling_group_id=g)
    family(s, "Oakley family", max_children=2, siblings_ok="yes")
    family(s, "Brook family", max_children=1)
    dialog = open_dialog(qtbot, s, group_id=g)
    assert dialog.windowTitle() == "Shortlist for Ashworth siblings"
    assert cell(dialog, row_of(dialog, "Brook family"), COL_REMOVED) == (
        "Outside the family's stated wishes (siblings)")


# --- found in review ---------------------------------------------------------------------------

def test_competing_families_that_cannot_be_ticked_are_named(qtbot, s, ivy):
    """From the Links page the competing families come ticked; one spoken for by another child
    cannot be, and the worker is told which and why rather than finding one tick missing."""
    c, ids = ivy
    dialog = ShortlistDialog(AppContext(s), child_id=c, ticked=(ids["Oakley family"], ids["Marsh family"]))
    qtbot.addWidget(dialog)
    assert dialog.chosen_family_ids() == [ids["Oakley family"]]
    hint = dialog.tick_hint.text()
    assert hint.startswith(TICK_TWO) and "Marsh family cannot be ticked: Already committed to another child" in hint
    assert tick(dialog, "Brook family")
    assert "Marsh family cannot be ticked" in dialog.tick_hint.text()   # still said, until the worker starts


def test_with_privacy_on_the_shortlist_shows_first_names_only(qtbot, s, ivy):
    c, ids = ivy
    dialog = ShortlistDialog(AppContext(s), child_id=c, private=True)
    qtbot.addWidget(dialog)
    dialog.view.selectRow(row_of_id(dialog, ids["Marsh family"]))
    dialog.show_reasons()
    assert not tick_id(dialog, ids["Marsh family"])
    shown = [dialog.windowTitle(), dialog.tick_hint.text(), dialog.details.toPlainText()]
    shown += [str(cell(dialog, r, col, role)) for r in range(dialog.model.rowCount()) for col in (COL_FAMILY,)
              for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]
    shown += [label.text() for label in dialog.findChildren(type(dialog.tick_hint))]
    text = "\n".join(shown)
    for word in ("Ashworth", "Oakley", "Marsh", "Brook"):
        assert word not in text, word
    assert dialog.windowTitle() == "Shortlist for Ivy"
    assert cell(dialog, row_of_id(dialog, ids["Oakley family"]), COL_FAMILY).startswith("Sam and Alex (F-")
    dialog.search.setText("oakley")   # the worker may still search by the name they know
    dialog.refilter()
    assert [dialog.model.entry(r).family.id for r in range(dialog.model.rowCount())] == [ids["Oakley family"]]


def row_of_id(dialog, family_id) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.entry(r).family.id == family_id)


def tick_id(dialog, family_id) -> bool:
    return dialog.model.setData(dialog.model.index(row_of_id(dialog, family_id), COL_TICK),
                                Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
