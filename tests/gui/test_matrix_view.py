"""The matrix grid on its own: a rating in words with its mark (never colour alone), what the
records say, rows and headings as tall as their wrapped text at any width and type size (nothing
cut off on a projector), and the cell's lines for each kind of prefill."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QStyleOptionViewItem

from homefinder_desktop.domain.matrix import MatrixCell, Prefill
from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import matrix, records
from homefinder_desktop.ui.matrix_view import (
    MatrixModel,
    MatrixView,
    cell_lines,
    rating_words,
)

TODAY = date(2026, 11, 20)


def test_ratings_read_in_words_with_a_plain_mark():
    assert [rating_words(r) for r in ("strength", "meets", "partly", "concern", "")] == [
        "++ Strength", "+ Meets the need", "+/- Partly meets", "! Concern", "Not rated yet"]


@pytest.mark.parametrize("found, expected", [
    (None, None),
    (Prefill("concern", True, ("Age: fits", "Sex: does not"), 0, ("Sex: does not",)),
     ("mismatch", "Records: hard mismatch — Sex: does not")),
    (Prefill("meets", False, ("Age: fits",)), ("records", "Records suggest: Meets the need")),
    (Prefill(None, False, ("Age: ask",), 1), ("records", "Records: 1 thing not recorded — ask")),
    (Prefill(None, False, ("Ethnicity — child: x; family: y",), 0), ("records", "Records: shown side by side, "
                                                                                 "for the room to judge")),
])
def test_what_the_records_say_in_one_line(found, expected):
    lines = cell_lines(MatrixCell("wishes", 1, "partly", "Warm", "Far away", found))
    assert lines[0] == ("rating", "+/- Partly meets")
    assert lines[1:] == ([expected] if expected else []) + [("note", "Strengths: Warm"), ("note", "Weaknesses: Far away")]


@pytest.fixture
def view(qtbot, new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    s = new_session
    child = records.add(s, Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                 stage="family_finding", stage_date=date(2026, 9, 1))).record_id
    fams = [records.add(s, Family(name=f"{n} family", adopter_one=f"Sam {n}", agency_id=1 + i % 2,
                                  stage="approved", stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))
                        ).record_id for i, n in enumerate(("Oakley", "Brook", "Reed", "Marsh", "Fenwick"))]
    mx = matrix.start_matrix(s, fams, child_id=child).record_id
    matrix.rate(s, mx, "emotional", fams[0], "concern", "A long note. " * 30, "Another long note. " * 20)
    model = MatrixModel()
    model.set_sheet(matrix.open_matrix(s, mx))
    view = MatrixView(model)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view


def _needed(view, row):
    delegate = view.itemDelegate()
    heights = []
    for column in range(view.model().columnCount()):
        option = QStyleOptionViewItem()
        option.font = view.font()
        option.rect.setWidth(view.columnWidth(column))
        heights.append(delegate.sizeHint(option, view.model().index(row, column)).height())
    return max(heights)


@pytest.mark.parametrize("width, points", [(900, 10.5), (1280, 20.0), (700, 24.0)])
def test_rows_and_headings_grow_to_their_wrapped_text(view, qtbot, width, points):
    view.resize(width, 600)
    view.set_point_size(points)
    qtbot.wait(10)
    model = view.model()
    assert model.columnCount() == 6   # five families and the areas
    for row in range(model.rowCount()):
        assert view.rowHeight(row) >= _needed(view, row), row
    long_row = model.row_of("emotional")
    assert view.rowHeight(long_row) > view.rowHeight(model.row_of("appearance"))
    header = view.horizontalHeader()
    assert header.height() >= max(header._needed(c) for c in range(model.columnCount()))
    # The columns share the width; when five families cannot fit, the grid scrolls sideways, never cuts one off.
    total = sum(view.columnWidth(c) for c in range(model.columnCount()))
    assert total <= view.viewport().width() + 1 or view.horizontalScrollBar().maximum() >= total - view.viewport().width()


def test_a_larger_type_makes_taller_rows(view):
    row = view.model().row_of("emotional")
    small = view.rowHeight(row)
    view.set_point_size(view.point_size() * 2)
    assert view.rowHeight(row) > small * 1.5
