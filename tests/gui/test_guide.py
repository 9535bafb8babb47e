"""Help > Guide shows the README's guide for workers, with its pictures."""
from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow


def test_the_guide_is_the_readmes_guide_for_workers(qtbot, demo_session):
    window = MainWindow(AppContext(demo_session))
    qtbot.addWidget(window)
    text = window.guide_text()
    assert text.startswith("# Homefinder guide")
    assert "### Locking" in text and "Restore from a backup" in text
    assert "## For developers" not in text and "## The command line" not in text
    window.show_guide()
    browser = next(w for w in window.findChildren(QTextBrowser))
    assert "Archive, or delete entered in error?" in browser.toPlainText()
    # The screenshots it names resolve from the search path (source checkout or bundle).
    assert browser.loadResource(2, "docs/screenshots/shell-start.png") is not None  # 2 = ImageResource
    window._closing_confirmed = True
    window.close()
