"""The pages of the main window, in navigation order. Add a Page subclass here and it gets a
place in the navigation, the View menu and a Ctrl+<number> shortcut (its own `shortcut`, or its
position for the first nine)."""
from __future__ import annotations

from .agencies_page import AgenciesPage
from .children_page import ChildrenPage
from .families_page import FamiliesPage
from .fund_page import FundPage
from .history_page import HistoryPage
from .links_page import LinksPage
from .matching_page import MatchingPage
from .meetings_page import MeetingsPage
from .referrals_page import ReferralsPage
from .sibling_groups_page import SiblingGroupsPage
from .start_page import StartPage

PAGES: list[type] = [StartPage, ChildrenPage, FamiliesPage, ReferralsPage, LinksPage, MatchingPage, MeetingsPage,
                     FundPage, SiblingGroupsPage, AgenciesPage, HistoryPage]
