"""A message under a field is never cut off by the next row, and a short one leaves no gap."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from homefinder_desktop.domain.errors import FieldProblem
from homefinder_desktop.ui import style
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext


@pytest.fixture
def styled(qapp):
    """The program's own stylesheet and type size, as the worker sees them (then put back)."""
    sheet, font = qapp.styleSheet(), qapp.font()
    style.apply(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def _page(qtbot, demo_session):
    page = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.new_record(ask=False)
    return page


def test_a_wrapped_message_pushes_the_next_row_down(qtbot, demo_session, styled):
    page = _page(qtbot, demo_session)
    page.resize(1020, 680)
    page.editor.widgets["date_of_birth"].setText("31/02/2020")
    assert page.save() is False
    page.editor.errors.show([FieldProblem(
        "Date of birth", "is after the date the child entered care and after the placement order, "
                         "so one of the three dates is wrong")])
    qtbot.wait(20)
    message = page.editor.errors.message_label("Date of birth")
    lines = message.heightForWidth(message.width()) // message.fontMetrics().lineSpacing()
    assert lines >= 3, "the message wraps onto several lines"
    assert message.height() >= message.heightForWidth(message.width())
    bottom = message.mapTo(page, QPoint(0, message.height())).y()
    sex = page.editor.widgets["sex"]
    assert bottom <= sex.mapTo(page, QPoint(0, 0)).y(), "the next field starts below the message"


def test_a_one_line_message_leaves_no_gap(qtbot, demo_session, styled):
    page = _page(qtbot, demo_session)
    assert page.save() is False
    qtbot.wait(20)
    message = page.editor.errors.message_label("Sex")
    assert message.isVisible() and message.height() <= message.fontMetrics().height() * 1.5
