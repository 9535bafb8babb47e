"""The Reports page: the partnership report and timeliness as tabs, each built when first opened,
and every saved change passed on to the tabs already built."""
from __future__ import annotations

import pytest

from homefinder_desktop.services.changes import Changes
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.pages import PAGES
from homefinder_desktop.ui.partnership_view import PartnershipView
from homefinder_desktop.ui.reports_page import ReportsPage
from homefinder_desktop.ui.timeliness_view import TimelinessView

pytestmark = pytest.mark.usefixtures("warnings_fail")


@pytest.fixture
def page(qtbot, demo_session):
    shown = ReportsPage(AppContext(demo_session))
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_first_tab_is_built_and_the_second_only_when_opened(page):
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Partnership report", "Timeliness"]
    assert isinstance(page.tabs.widget(0), PartnershipView) and list(page.views) == [0]
    page.tabs.setCurrentIndex(1)
    assert isinstance(page.tabs.widget(1), TimelinessView)
    assert page.tabs.currentIndex() == 1 and page.tabs.tabText(1) == "Timeliness"  # still where the worker clicked
    assert page.view("Timeliness") is page.tabs.widget(1)  # built once


def test_saved_changes_reach_every_tab_built(page, monkeypatch):
    timeliness = page.view("Timeliness")
    heard: list[str] = []
    monkeypatch.setattr(page.views[0], "on_changes", lambda changes: heard.append("partnership"))
    monkeypatch.setattr(timeliness, "on_changes", lambda changes: heard.append("timeliness"))
    page.ctx.changed.emit(Changes.of("links"))
    assert sorted(heard) == ["partnership", "timeliness"]


def test_the_page_has_its_place_and_shortcut_in_the_navigation():
    entry = next(e for e in PAGES if e.title == "Reports")
    assert entry.load() is ReportsPage and entry.shortcut == ReportsPage.shortcut == "Ctrl+Shift+R"
