"""Reports: the partnership's account of itself and the Adoption Scorecard's timeliness, a tab each.

A tab's view is built the first time it is opened: the partnership report reads the whole
period's links and ledger, which the worker should not wait for when they only want timeliness.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..services.changes import Changes
from .page import Page


def _partnership(ctx, parent: QWidget) -> QWidget:
    from .partnership_view import PartnershipView
    return PartnershipView(ctx, parent)


def _timeliness(ctx, parent: QWidget) -> QWidget:
    from .timeliness_view import TimelinessView
    return TimelinessView(ctx, parent)


TABS: list[tuple[str, Callable[..., QWidget]]] = [("Partnership report", _partnership), ("Timeliness", _timeliness)]


class ReportsPage(Page):
    title = "Reports"
    icon = "reports"
    shortcut = "Ctrl+Shift+R"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.views: dict[int, QWidget] = {}
        for title, _make in TABS:
            self.tabs.addTab(QWidget(), title)  # stands in until the tab is first opened
        self.tabs.currentChanged.connect(self._build)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)
        self._build(0)

    def _build(self, index: int) -> None:
        if index < 0 or index in self.views:
            return
        title, make = TABS[index]
        view = make(self.ctx, self)
        self.views[index] = view
        # Swapping the stand-in moves the current tab: keep the worker where they clicked.
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, view, title)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)

    def view(self, title: str) -> QWidget:
        """The tab called `title`, built if it was not yet (for tests and the guide's screenshots)."""
        index = [t for t, _ in TABS].index(title)
        self.tabs.setCurrentIndex(index)
        self._build(index)
        return self.views[index]

    def on_changes(self, changes: Changes) -> None:
        for view in self.views.values():
            view.on_changes(changes)

    def on_unlocked(self) -> None:
        for view in self.views.values():
            view.refresh()
