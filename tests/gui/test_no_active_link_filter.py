"""The Children page's "No active link" check box, on the demo (which has links at many statuses)."""
from __future__ import annotations

import pytest

from homefinder_desktop.domain.links import ACTIVE_LINK_STATUSES
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext


@pytest.fixture
def page(qtbot, demo_session):
    children = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(children)
    children.resize(1280, 720)
    children.show()
    qtbot.waitExposed(children)
    return children


def linked_ids(session) -> set[int]:
    """Children with an active link of their own or their group's, worked out here in Python."""
    db = session.database()
    active = [dict(r) for r in db.query("SELECT child_id, sibling_group_id, status, archived FROM links")
              if r["status"] in ACTIVE_LINK_STATUSES and not r["archived"]]
    own = {r["child_id"] for r in active}
    groups = {r["sibling_group_id"] for r in active if r["sibling_group_id"] is not None}
    return {c.id for c in records.all_of(session, Child) if c.id in own or c.sibling_group_id in groups}


def test_ticking_shows_only_children_with_no_active_link(page, demo_session):
    every = {c.id for c in records.all_of(demo_session, Child)}
    linked = linked_ids(demo_session)
    assert 5 < len(linked) < len(every) / 2, "the demo shows a real split"
    assert page.link_filter.text() == "No active link" and not page.link_filter.isChecked()
    page.link_filter.setChecked(True)
    expected = [i for i in records.child_ids(demo_session, RegisterQuery()) if i not in linked]
    assert page.model.ids == expected
    assert page.count_label.text() == f"{len(expected)} shown"
    assert page.clear_filters_button.isEnabled()
    page.link_filter.setChecked(False)
    assert len(page.model.ids) == len(every)
    assert not page.clear_filters_button.isEnabled()


def test_clear_filters_unticks_it(page, demo_session):
    page.link_filter.setChecked(True)
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("family_finding"))
    assert records.child_register_title(demo_session, page.model.query).endswith(
        "Family finding, no active link")
    page.clear_filters()
    assert not page.link_filter.isChecked() and page.model.query.no_active_link is None
    assert page.model.rowCount() == len(records.all_of(demo_session, Child))


def test_a_child_in_a_linked_stage_is_never_listed_as_without_a_link(page, demo_session):
    page.link_filter.setChecked(True)
    shown = set(page.model.ids)
    for child in records.all_of(demo_session, Child):
        if child.stage in ("linked", "match_agreed"):
            assert child.id not in shown, child.display_name


def test_not_in_a_sibling_group_counts_as_a_filter(page):
    """False ("not in a sibling group") is a choice, though it equals 0."""
    page.group_filter.setCurrentIndex(page.group_filter.findData(False))
    assert page.clear_filters_button.isEnabled()
