"""The register table models: Qt's model contract (qtmodeltester), British display, raw
values under UserRole, sorting and filtering in SQL, and lazy loading in blocks."""
from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from homefinder_desktop.domain.records import CHILD_STAGE_ORDER, Child
from homefinder_desktop.services import records
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.models import (ARCHIVED_ROLE, ID_ROLE, AgenciesModel, ChildrenModel, FamiliesModel,
                                          SiblingGroupsModel, WorkersModel)

DISPLAY = Qt.ItemDataRole.DisplayRole
RAW = Qt.ItemDataRole.UserRole


@pytest.fixture
def ctx(demo_session):
    return AppContext(demo_session)


def column(model, col, role=DISPLAY):
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def children_model(ctx, **query):
    model = ChildrenModel(ctx)
    model.set_query(**query)
    return model


# --- Qt's contract --------------------------------------------------------------------------

def test_children_model_passes_the_model_tester(qtmodeltester, ctx):
    model = children_model(ctx)
    assert model.rowCount() == 60
    qtmodeltester.check(model)
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_families_model_passes_the_model_tester(qtmodeltester, ctx):
    model = FamiliesModel(ctx)
    model.reload()
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_small_models_pass_the_model_tester(qtmodeltester, ctx):
    s = ctx.session
    groups = SiblingGroupsModel(ctx, lambda q: records.sibling_group_rows(s, q.include_archived))
    agencies = AgenciesModel(ctx, lambda q: records.agency_rows(s, q.include_archived))
    workers = WorkersModel(ctx, lambda q: records.worker_rows(s, None, q.include_archived))
    for model in (groups, agencies, workers):
        model.reload()
        assert model.rowCount() > 0
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


# --- what the worker reads ------------------------------------------------------------------------

def test_children_display_is_british_and_user_role_is_raw(ctx):
    model = children_model(ctx)
    since = column(model, ChildrenModel.COL_SINCE)
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", s) for s in since)
    raw_since = column(model, ChildrenModel.COL_SINCE, RAW)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in raw_since)
    assert since[0] == date.fromisoformat(raw_since[0]).strftime("%d/%m/%Y")
    assert all(re.fullmatch(r"\d+ (years|months|month)", a) for a in column(model, ChildrenModel.COL_AGE))
    assert set(column(model, ChildrenModel.COL_SEX)) <= {"Female", "Male"}
    assert set(column(model, ChildrenModel.COL_SEX, RAW)) <= {"F", "M"}
    stages = column(model, ChildrenModel.COL_STAGE)
    assert "Family finding" in stages and "family_finding" not in stages
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Reference", "Name", "Age", "Sex", "Stage", "Since", "Waiting", "Sibling group", "Social worker"]
    assert isinstance(model.index(0, 0).data(ID_ROLE), int)


def test_families_display(ctx):
    model = FamiliesModel(ctx)
    model.reload()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Reference", "Family", "Agency", "Stage", "Approved", "Area", "Social worker"]
    approved = [a for a in column(model, FamiliesModel.COL_APPROVED) if a]
    assert approved and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", a) for a in approved)
    assert "Approved at panel" in column(model, FamiliesModel.COL_STAGE)
    assert "Brightpath Adoption" in column(model, FamiliesModel.COL_AGENCY)


# --- sorting in SQL ---------------------------------------------------------------------------------

def test_sort_by_name_orders_by_surname_then_first_name(ctx):
    model = children_model(ctx)
    model.sort(ChildrenModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [(last.casefold(), first.casefold()) for last, first in column(model, ChildrenModel.COL_NAME, RAW)]
    assert names == sorted(names)
    model.sort(ChildrenModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    names_down = [(last.casefold(), first.casefold()) for last, first in column(model, ChildrenModel.COL_NAME, RAW)]
    assert names_down == sorted(names, reverse=True)
    assert names_down[0] != names[0]


def test_sort_by_age_puts_the_youngest_first(ctx):
    model = children_model(ctx)
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.AscendingOrder)
    born = [date.fromisoformat(d) for d in column(model, ChildrenModel.COL_AGE, RAW)]
    assert born == sorted(born, reverse=True)  # youngest = born last
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.DescendingOrder)
    born_down = [date.fromisoformat(d) for d in column(model, ChildrenModel.COL_AGE, RAW)]
    assert born_down == sorted(born)
    assert born_down[0] < born[0]


def test_sort_by_stage_follows_the_plan_not_the_alphabet(ctx):
    model = children_model(ctx)
    model.sort(ChildrenModel.COL_STAGE, Qt.SortOrder.AscendingOrder)
    order = [CHILD_STAGE_ORDER.index(s) for s in column(model, ChildrenModel.COL_STAGE, RAW)]
    assert order == sorted(order)


def test_sort_keeps_a_persistent_index_on_the_same_child(ctx):
    model = children_model(ctx)
    from PySide6.QtCore import QPersistentModelIndex
    target = model.index(5, 0)
    child_id = target.data(ID_ROLE)
    keep = QPersistentModelIndex(target)
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.DescendingOrder)
    assert keep.isValid() and keep.data(ID_ROLE) == child_id


# --- filters in SQL -----------------------------------------------------------------------------------

def test_search_finds_a_demo_child_by_surname(ctx):
    every = records.all_of(ctx.session, Child)
    surname = every[7].last_name
    expected = {c.id for c in every if surname.casefold() in f"{c.first_name} {c.last_name}".casefold()}
    model = children_model(ctx, search=surname)
    assert 0 < model.rowCount() < 60
    assert set(model.ids) >= {c.id for c in every if c.last_name == surname}
    assert set(model.ids) == expected | {i for i in model.ids if surname.casefold() in
                                         (model.index(model.row_of(i), ChildrenModel.COL_GROUP).data() or "").casefold()}
    assert all(surname in name for name in column(model, ChildrenModel.COL_NAME)
               if surname in name) and any(surname in n for n in column(model, ChildrenModel.COL_NAME))


def test_stage_filter(ctx):
    model = children_model(ctx, stage="family_finding")
    expected = [c for c in records.all_of(ctx.session, Child) if c.stage == "family_finding"]
    assert model.rowCount() == len(expected) > 0
    assert set(column(model, ChildrenModel.COL_STAGE)) == {"Family finding"}
    model.set_query(stage=None)
    assert model.rowCount() == 60


def test_family_agency_filter(ctx):
    model = FamiliesModel(ctx)
    model.set_query(agency_kind="partner")
    assert model.rowCount() > 0
    assert set(column(model, FamiliesModel.COL_AGENCY)) == {"Brightpath Adoption"}


def test_archived_rows_are_hidden_unless_asked_for_and_then_greyed(ctx):
    model = children_model(ctx)
    child_id = model.id_at(3)
    records.archive(ctx.session, Child, child_id)
    model.reload()
    assert child_id not in model.ids and model.rowCount() == 59
    model.set_query(include_archived=True)
    row = model.row_of(child_id)
    assert row >= 0
    assert model.index(row, 0).data(ARCHIVED_ROLE) is True
    assert model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    other = 0 if row != 0 else 1
    assert model.index(other, 0).data(Qt.ItemDataRole.ForegroundRole) is None


# --- lazy loading ---------------------------------------------------------------------------------------

def _add_many_children(session, n: int) -> None:
    """Bulk rows straight into the table (a test shortcut: real adds go through services)."""
    db = session.database()
    today = date(2026, 11, 23)
    rows = [(f"Z-{i:06d}", f"Child{i % 97}", f"Surname{i % 1009:04d}", (today - timedelta(days=200 + i % 3000)).isoformat(),
             "FM"[i % 2], CHILD_STAGE_ORDER[i % 7], (today - timedelta(days=i % 400)).isoformat())
            for i in range(n)]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO children (reference, first_name, last_name, date_of_birth, sex, stage, stage_date) "
            "VALUES (?,?,?,?,?,?,?)", rows)


def test_model_fetches_only_the_blocks_it_shows(ctx, monkeypatch):
    _add_many_children(ctx.session, 1000)
    calls = []
    real = records.child_rows

    def counting(session, ids):
        calls.append(len(ids))
        return real(session, ids)

    monkeypatch.setattr(records, "child_rows", counting)
    model = children_model(ctx)
    assert model.rowCount() == 1060
    assert calls == [] and model.cached_row_count() == 0  # ids only
    model.index(0, ChildrenModel.COL_NAME).data()
    model.index(150, ChildrenModel.COL_AGE).data()
    assert calls == [200] and model.cached_row_count() == 200
    model.index(650, ChildrenModel.COL_NAME).data()
    assert len(calls) == 2 and model.cached_row_count() == 400
    model.index(10, ChildrenModel.COL_STAGE).data()
    assert len(calls) == 2 and model.row_fetches == 2
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.AscendingOrder)
    assert model.cached_row_count() == 0


def test_twenty_thousand_children_open_at_once(ctx):
    _add_many_children(ctx.session, 20_000)
    model = ChildrenModel(ctx)
    start = time.perf_counter()
    model.reload()
    for row in range(40):  # the first screenful
        for col in range(model.columnCount()):
            model.index(row, col).data()
    opened = time.perf_counter() - start
    start = time.perf_counter()
    model.sort(ChildrenModel.COL_AGE, Qt.SortOrder.DescendingOrder)
    model.index(0, 0).data()
    sorted_in = time.perf_counter() - start
    start = time.perf_counter()
    model.set_query(search="Surname0042")
    searched = time.perf_counter() - start
    assert model.rowCount() > 0
    assert model.row_fetches <= 2 and model.cached_row_count() <= 200
    assert opened < 0.5 and sorted_in < 0.5 and searched < 0.5, (opened, sorted_in, searched)


def test_clear_holds_nothing(ctx):
    model = children_model(ctx)
    model.index(0, 0).data()
    assert model.cached_row_count() > 0
    model.clear()
    assert model.rowCount() == 0 and model.cached_row_count() == 0 and model.ids == []
    assert model.index(0, 0).data() is None


def test_locked_session_reloads_to_nothing(ctx, demo_session):
    model = children_model(ctx)
    demo_session.lock_now()
    model.reload()
    assert model.rowCount() == 0 and model.cached_row_count() == 0


def test_families_raw_values_under_the_user_role(qtbot, demo_session):
    """Each column gives its stored value under UserRole (sorting and tests read these)."""
    from PySide6.QtCore import Qt

    from homefinder_desktop.ui.context import AppContext
    from homefinder_desktop.ui.models import FamiliesModel

    model = FamiliesModel(AppContext(demo_session))
    model.reload()
    row = {model.headerData(c, Qt.Orientation.Horizontal): model.index(0, c).data(Qt.ItemDataRole.UserRole)
           for c in range(model.columnCount())}
    assert row["Reference"].startswith("F-")
    assert row["Stage"] in ("enquiry", "stage_one", "stage_two", "approved", "on_hold", "withdrawn")
