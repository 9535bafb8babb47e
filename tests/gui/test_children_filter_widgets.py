"""The children list's filters, through the widgets on the Children page (demo data)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.formatting import age_in_years
from homefinder_desktop.domain.records import WAITING_STAGES, Child, Worker, waiting_since
from homefinder_desktop.services import records
from homefinder_desktop.services.demo import DEMO_PASSPHRASE
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.models import ID_ROLE, ChildrenModel


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)


@pytest.fixture
def page(qtbot, demo_session):
    children = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(children)
    children.resize(1280, 800)
    children.show()
    qtbot.waitExposed(children)
    return children


@pytest.fixture
def every(demo_session) -> list[Child]:
    return records.all_of(demo_session, Child)


def choose(box, data) -> None:
    at = box.findData(data)
    assert at >= 0, data
    box.setCurrentIndex(at)


def listed(page) -> list[int]:
    return page.model.ids


def in_order(session, expected: set[int]) -> list[int]:
    """The expected children in the list's order (by name, as the page opens)."""
    return [i for i in records.child_ids(session, RegisterQuery()) if i in expected]


def test_the_filters_are_there_and_start_at_any(page):
    assert page.age_filter.currentText() == "Any age" and page.age_filter.count() == 5
    assert page.sex_filter.currentText() == "Either sex"
    assert page.group_filter.currentText() == "With or without siblings"
    assert page.worker_filter.currentText() == "Any social worker" and page.worker_filter.count() > 5
    assert page.waiting_filter.value() == 0 and page.waiting_filter.text() == "any time"
    assert not page.clear_filters_button.isEnabled()
    assert page.count_label.text() == "60 shown"


def test_age_filter(page, demo_session, every):
    today = demo_session.today()
    choose(page.age_filter, "2_to_4")
    expected = {c.id for c in every if 2 <= age_in_years(c.date_of_birth, today) <= 4}
    assert listed(page) == in_order(demo_session, expected)
    assert page.count_label.text() == f"{len(expected)} shown"
    assert page.clear_filters_button.isEnabled()


def test_sex_filter(page, demo_session, every):
    choose(page.sex_filter, "M")
    assert listed(page) == in_order(demo_session, {c.id for c in every if c.sex == "M"})
    assert set(page.model.index(r, ChildrenModel.COL_SEX).data() for r in range(page.model.rowCount())) == {"Male"}


def test_sibling_group_filter(page, demo_session, every):
    choose(page.group_filter, False)
    assert listed(page) == in_order(demo_session, {c.id for c in every if c.sibling_group_id is None})
    choose(page.group_filter, True)
    assert listed(page) == in_order(demo_session, {c.id for c in every if c.sibling_group_id is not None})


def test_social_worker_filter(page, demo_session, every):
    names = records.names(demo_session, Worker)
    shown = [page.worker_filter.itemText(i) for i in range(1, page.worker_filter.count())]
    assert shown == sorted(names.values(), key=str.casefold)
    worker_id = every[0].social_worker_id
    choose(page.worker_filter, worker_id)
    assert listed(page) == in_order(demo_session, {c.id for c in every if c.social_worker_id == worker_id})
    assert set(page.model.index(r, ChildrenModel.COL_WORKER).data()
               for r in range(page.model.rowCount())) == {names[worker_id]}


def test_waiting_filter_through_the_spin_box(qtbot, page, demo_session, every):
    today = demo_session.today()
    began = {c.id: waiting_since(c.stage, records.stage_history(demo_session, Child, c.id)) for c in every}
    page.waiting_filter.setValue(90)
    expected = in_order(demo_session, {i for i, d in began.items() if d and (today - d).days > 90})
    assert expected
    qtbot.waitUntil(lambda: listed(page) == expected, timeout=2000)
    days = [page.model.index(r, ChildrenModel.COL_WAITING).data(Qt.ItemDataRole.UserRole)
            for r in range(page.model.rowCount())]
    assert all(d > 90 for d in days)
    assert all(page.model.index(r, ChildrenModel.COL_WAITING).data() == f"{d} days"
               for r, d in enumerate(days))
    page.waiting_filter.setValue(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=2000)


def test_filters_combine_and_clear(qtbot, page, demo_session, every):
    choose(page.sex_filter, "F")
    choose(page.group_filter, True)
    choose(page.stage_filter, "family_finding")
    expected = {c.id for c in every if c.sex == "F" and c.sibling_group_id is not None
                and c.stage == "family_finding"}
    assert listed(page) == in_order(demo_session, expected)
    page.search.setText("siblings")  # the search is not a filter the button clears
    qtbot.waitUntil(lambda: page.model.query.search == "siblings", timeout=2000)
    fetched = []
    page.model.modelReset.connect(lambda: fetched.append(1))
    qtbot.mouseClick(page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert len(fetched) == 1  # read once, not once per widget
    assert page.stage_filter.currentIndex() == page.sex_filter.currentIndex() == page.group_filter.currentIndex() == 0
    assert page.search.text() == "siblings"
    assert listed(page) == records.child_ids(demo_session, RegisterQuery(search="siblings"))
    assert not page.clear_filters_button.isEnabled()
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=2000)


def test_the_filtered_model_passes_the_model_tester(qtmodeltester, page):
    choose(page.age_filter, "under_2")
    choose(page.sex_filter, "F")
    assert 0 < page.model.rowCount() < 60
    qtmodeltester.check(page.model)
    page.model.sort(ChildrenModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(page.model)


def test_sorting_the_waiting_column(page, demo_session):
    model = page.model
    model.sort(ChildrenModel.COL_WAITING, Qt.SortOrder.AscendingOrder)
    days = [model.index(r, ChildrenModel.COL_WAITING).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    waiting = [d for d in days if d is not None]
    assert waiting and waiting == sorted(waiting) and days[:len(waiting)] == waiting  # blanks last
    model.sort(ChildrenModel.COL_WAITING, Qt.SortOrder.DescendingOrder)
    days = [model.index(r, ChildrenModel.COL_WAITING).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert days[:len(waiting)] == sorted(waiting, reverse=True) and all(d is None for d in days[len(waiting):])
    stages = {model.index(r, 0).data(ID_ROLE): model.index(r, ChildrenModel.COL_STAGE).data(Qt.ItemDataRole.UserRole)
              for r in range(model.rowCount())}
    assert all((stages[model.index(r, 0).data(ID_ROLE)] in WAITING_STAGES) == (d is not None)
               for r, d in enumerate(days))


def test_lock_clears_the_list_and_the_names_and_unlock_brings_the_filters_back(page, demo_session, every):
    worker_id = every[0].social_worker_id
    choose(page.worker_filter, worker_id)
    choose(page.sex_filter, every[0].sex)
    before = listed(page)
    assert before
    demo_session.lock_now()
    page.on_locked()
    assert page.model.rowCount() == 0 and page.model.cached_row_count() == 0
    assert page.worker_filter.count() == 1 and page.worker_filter.currentText() == "Any social worker"
    assert page.count_label.text() == "0 shown"
    demo_session.unlock(DEMO_PASSPHRASE)
    page.on_unlocked()
    assert page.worker_filter.currentData() == worker_id
    assert listed(page) == before


def test_the_printout_title_follows_the_widgets(qtbot, page, demo_session):
    choose(page.age_filter, "5_to_7")
    choose(page.group_filter, False)
    title = records.child_register_title(demo_session, page.model.query)
    assert title == "Children with adoption plans \u2014 aged 5 to 7, not in a sibling group"


def test_fits_at_1280_by_800(page):
    row = [page.age_filter, page.sex_filter, page.group_filter, page.worker_filter, page.waiting_filter,
           page.clear_filters_button]
    for widget in row:
        assert widget.isVisible()
        right = widget.mapTo(page, widget.rect().topRight()).x()
        assert right < page.width() - 10, widget
        assert widget.width() >= widget.minimumSizeHint().width()
    assert not page.view.isColumnHidden(ChildrenModel.COL_WAITING)
