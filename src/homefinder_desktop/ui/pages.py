"""The pages of the main window, in navigation order. Add a line here and the page gets a place in
the navigation, the View menu and a Ctrl+<number> shortcut (its own `shortcut`, or its position
for the first nine).

Each line names the page's module instead of importing it: the main window imports a page's
module the first time the page is shown, so start-up loads only the Start page and not every
register, dialog and chart behind the others. Title, icon and shortcut are written here too (the
navigation needs them before any page is loaded) and must be the page class's own: a test
checks they agree."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class PageEntry:
    module: str      # a module of this package (homefinder_desktop.ui)
    class_name: str  # the Page subclass in it
    title: str
    icon: str
    shortcut: str = ""  # empty: the main window numbers it by its position

    def load(self) -> type:
        return getattr(import_module(f"{__package__}.{self.module}"), self.class_name)


PAGES: list[PageEntry] = [
    PageEntry("start_page", "StartPage", "Start", "start", "Ctrl+1"),
    PageEntry("children_page", "ChildrenPage", "Children", "children", "Ctrl+2"),
    PageEntry("families_page", "FamiliesPage", "Families", "families", "Ctrl+3"),
    PageEntry("referrals_page", "ReferralsPage", "Referrals", "referrals", "Ctrl+6"),
    PageEntry("links_page", "LinksPage", "Links", "referrals"),
    PageEntry("matching_page", "MatchingPage", "Matching", "matching", "Ctrl+0"),
    PageEntry("meetings_page", "MeetingsPage", "Meetings", "meetings"),
    PageEntry("fund_page", "FundPage", "Fund", "fund", "Ctrl+Shift+F"),
    PageEntry("reports_page", "ReportsPage", "Reports", "reports", "Ctrl+Shift+R"),
    PageEntry("sibling_groups_page", "SiblingGroupsPage", "Sibling groups", "sibling-groups", "Ctrl+4"),
    PageEntry("agencies_page", "AgenciesPage", "Agencies & contacts", "agencies", "Ctrl+5"),
    PageEntry("history_page", "HistoryPage", "History", "history"),
]


def page_class(page) -> type:
    """The Page subclass behind a navigation entry, imported now if it was not yet; a Page subclass
    given instead of an entry (tests build windows of their own pages) is itself."""
    return page.load() if isinstance(page, PageEntry) else page
