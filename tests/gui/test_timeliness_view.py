"""The Timeliness view on the demo: the three averages in words and as bars against the threshold,
who was left out and why, each child by first name and initial, a period that ends before it
starts (the message at To, nothing else changes), an empty period, another threshold set, the
threshold sets dialog, "what if" for a waiting child, and nothing on screen while locked."""
from __future__ import annotations

from datetime import timedelta

import pytest

from homefinder_desktop.domain.formatting import format_date
from homefinder_desktop.domain.records import Child
from homefinder_desktop.domain.timeliness import last_three_years
from homefinder_desktop.services import records, timeliness
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.timeliness_view import KEYS, TimelinessView

pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def view(qtbot, demo_session):
    ctx = AppContext(demo_session)
    shown = TimelinessView(ctx)
    ctx.changed.connect(shown.on_changes)  # as the Reports page passes them on
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def cells(view) -> list[list[str]]:
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_demo_opens_on_the_last_three_years_against_the_councils_own_set(view, demo_session):
    start, end = last_three_years(demo_session.today())
    assert (view.start.date(), view.end.date()) == (start, end)
    found = timeliness.cohort_for(demo_session, start, end)
    assert found.threshold.name.startswith("Northshire target")
    for key in KEYS:
        assert view.words[key].text() == found.results[key].describe()
    assert "over the threshold of 426 days" in view.words["a1"].text()
    over = round(found.results["a1"].average) - 426
    assert view.charts["a1"].describe() == [f"A1: {abs(over)} days {'over' if over > 0 else 'under'}"]
    assert view.summary.text().startswith(f"From {format_date(start)} to {format_date(end)}, judged against Northshire")
    rows = cells(view)
    assert len(rows) == len(found.per_child) >= 6
    surnames = {c.last_name for c in records.all_of(demo_session, Child)}
    assert not any(surname in " ".join(row) for row in rows for surname in surnames)  # first name and initial
    left_out = [row for row in rows if row[3] == "left out"]
    assert len(left_out) == 1 and left_out[0][5] == "A2: no placement order"
    assert any(row[3] == "0" for row in rows), "a child matched before the order"
    assert f"Left out (A2: no placement order): {left_out[0][1]} ({left_out[0][0]})." in view.notes.text()
    assert "A10 counts" in view.notes.text() and "foster carers who are adopting" in view.notes.text()
    adopted = next(row for row in rows if row[4] != row[2])

    def days(cell: str) -> int:
        return int(cell.split()[0].replace(",", ""))

    assert days(adopted[4]) < days(adopted[2])
    # a child over the threshold is said in words, not only in amber
    assert all(cell.endswith(" over") == (days(cell) > 426) for row in rows for cell in (row[2],)
               if cell[0].isdigit())  # "–": matched in the period, not yet moved in


def test_a_period_that_ends_before_it_starts_is_named_at_to_and_changes_nothing_else(view):
    before = (view.words["a1"].text(), cells(view), view.summary.text())
    view.end.setText(format_date(view.start.date() - timedelta(days=1)))
    view._period_typed()
    message = view.period_errors["To"]
    assert message.isVisibleTo(view) and message.text() == "To is before From: the period ends before it starts."
    assert not view.period_errors["From"].isVisibleTo(view)
    assert (view.words["a1"].text(), cells(view), view.summary.text()) == before
    view.end.setText("31/02/2026")
    view._period_typed()
    assert message.text() == "To is not a real date."


def test_an_empty_period_says_so_and_is_judged_against_its_own_set(view):
    view.start.setText("01/04/2011")
    view.end.setText("31/03/2014")
    view._period_typed()
    assert not view.period_errors["To"].isVisibleTo(view)
    assert view.table.rowCount() == 0
    assert view.words["a2"].text() == "A2: no child in the period to count."
    assert view.charts["a2"].describe() == []
    assert view.notes.text() == ("No child moved in or had their match decided from 01/04/2011 to 31/03/2014: "
                                 "there is nothing to count in this period.")
    assert "Adoption Scorecard 2011–14 (A1 639 days, A2 213 days)" in view.summary.text()
    view.refresh()  # something saved elsewhere: the period typed stays
    assert view.start.text() == "01/04/2011" and view.table.rowCount() == 0


def test_a_pause_in_typing_shows_the_report_once_both_dates_read(view, qtbot):
    view.end.setText("31/03/20")  # half typed: no message yet, the report stays
    qtbot.wait(700)
    assert not view.period_errors["To"].isVisibleTo(view) and view.table.rowCount() > 0
    view.end.setText("31/03/2014")
    view.start.setText("01/04/2011")
    qtbot.waitUntil(lambda: view.table.rowCount() == 0, timeout=2000)
    assert view.words["a1"].text() == "A1: no child in the period to count."


def test_another_threshold_set_is_chosen_by_name(view):
    view.threshold.setCurrentIndex(view.threshold.findText("Adoption Scorecard 2011–14"))
    chosen = view.threshold.currentData()
    found = timeliness.cohort_for(view.ctx.session, view.start.date(), view.end.date(), chosen)
    assert found.threshold.a1_days == 639 and view.words["a1"].text() == found.results["a1"].describe()
    assert "the threshold of 639 days" in view.words["a1"].text()
    assert "judged against Adoption Scorecard 2011–14" in view.summary.text()


def test_threshold_sets_added_with_named_problems_then_offered(view, qtbot):
    dialog = view.open_threshold_sets()
    qtbot.addWidget(dialog)
    offered = view.threshold.count()
    dialog.name.setText("adoption scorecard 2014–17")
    assert dialog.add() is None
    assert dialog.fields.errors.shown == {"Name": ["“adoption scorecard 2014–17” is already a threshold set"]}
    dialog.name.setText("Northshire stretch target")
    dialog.first_year.setValue(2024)
    dialog.a1.setValue(400)
    dialog.a2.setValue(100)
    added = dialog.add()
    assert added is not None and dialog.fields.errors.shown == {}
    assert view.threshold.count() == offered + 1  # the view heard of it
    view.threshold.setCurrentIndex(view.threshold.findData(added))
    assert "the threshold of 400 days" in view.words["a1"].text()
    dialog.toggle_archived()
    assert view.threshold.findData(added) < 0
    assert dialog.table.item(dialog.table.currentRow(), 4).text() == "No: taken off the list"


def test_what_if_for_a_waiting_child(view, demo_session):
    today = demo_session.today()
    waiting = timeliness.waiting_children(demo_session)
    assert view.child.count() == len(waiting) > 0
    child = next(d for d in waiting if d.placement_order and d.entered_care)
    view.child.setCurrentIndex(view.child.findData(child.child_id))
    matched, moves = today + timedelta(days=60), today + timedelta(days=90)
    view.matched_on.setDate(matched)
    view.moves_in_on.setDate(moves)
    assert view.work_out() == {"a2": (matched - child.placement_order).days, "a1": (moves - child.entered_care).days}
    words = view.what_if_answer.text().splitlines()
    assert words[0].startswith(f"Matched on {format_date(matched)}: A2 would be ") and "threshold of 121 days" in words[0]
    assert words[1].startswith(f"Moving in on {format_date(moves)}: A1 would be ")
    view.matched_on.setDate(today - timedelta(days=1))
    view.moves_in_on.setDate(None)
    assert view.work_out() is None and view.what_if_answer.text() == ""
    errors = view.what_if_fields.errors
    assert list(errors.shown) == ["Match date"] and errors.shown["Match date"][0].startswith("is in the past")
    assert not errors.summary.isVisibleTo(view)  # nothing was going to be saved
    view.matched_on.setDate(today + timedelta(days=30))
    view.moves_in_on.setDate(today + timedelta(days=20))
    assert view.work_out() is None and list(errors.shown) == ["Move-in date"]
    view.matched_on.setText("14/13/2027")
    assert view.work_out() is None and "Match date" in errors.shown


def test_nothing_about_a_child_stays_on_screen_while_locked(view):
    assert view.table.rowCount() > 0
    view.ctx.locked.emit()
    assert view.table.rowCount() == 0 and view.child.count() == 0 and view.notes.text() == ""
    view.refresh()  # as the Reports page does on unlocking
    assert view.table.rowCount() > 0 and view.child.count() > 0
