"""The Start page as a dashboard on a small database: the counts in its charts, the fund in words when
there is no agreement, a bar or a card opening the list behind it; and the pages loaded only when
first shown, with their shortcuts unchanged."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from dashboard_people import TODAY, waiting_children
from homefinder_desktop.domain.fund import FundAgreement
from homefinder_desktop.services import demo, fund
from homefinder_desktop.ui import pages
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow, page_shortcuts
from homefinder_desktop.ui.page import Page
from homefinder_desktop.ui.start_page import StartPage
from matrix_people import family

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("warnings_fail")  # a warning box would hang the test: it fails it


@pytest.fixture
def session(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    waiting_children(new_session)
    family(new_session, "Oakley family", agency=1)
    family(new_session, "Brook family", agency=2)
    family(new_session, "Hale family", agency=1, stage="stage_two")
    return new_session


@pytest.fixture
def start(qtbot, session):
    page = StartPage(AppContext(session))
    qtbot.addWidget(page)
    return page


def test_the_charts_count_the_children_and_families(start):
    assert start.numbers["waiting"].text() == "7"          # not Hal (placed) nor Ivy (archived)
    assert start.numbers["children"].text() == "8"
    assert start.stage_chart.describe() == ["Agency decision: 3", "Placement order: 1", "Family finding: 2",
                                            "Linked: 1"]
    assert start.band_chart.describe() == ["Under 3 months: 2", "3–6 months: 1", "6–12 months: 2",
                                           "12–18 months: 1", "Over 18 months: 1"]
    assert start.numbers["waiting_long"].text() == "4"     # 6 months or more
    assert start.after_waiting.text() == "Not waiting: placed 1"
    families = dict(line.split(": ") for line in start.family_chart.describe())
    assert families["Approved at panel"] == "1 + 1 + 0" and families["Stage two"] == "1 + 0 + 0"
    assert families["Enquiry"] == "0 + 0 + 0"
    assert start.due_lines() == ["No window is overdue or due this week."]


def test_no_agreement_is_said_in_words_then_the_agreement_against_its_target(start, session):
    assert start.fund_charts == []
    assert [w.text() for w in start.fund_words] == [
        "No fund agreement is running: the Fund page records one, with its grant, its target and every payment."]
    terms = FundAgreement(name="Block of 20 placements", agency_id=2, grant=540_000_00, target_placements=20,
                          starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31))
    agreement_id = fund.add_agreement(session, terms).record_id
    start.ctx.run(start, fund.record_instalment, session, agreement_id, date(2025, 5, 6), 180_000_00, 1)
    [chart] = start.fund_charts
    assert chart.describe() == ["Children placed: 0 of 20"]
    assert chart.maximum == 20
    words = [w.text() for w in start.fund_words]
    assert words[:2] == ["Block of 20 placements", "£180,000.00"]
    assert "31/03/2027" in words[2]


def test_locked_the_page_keeps_nothing(start, session):
    session.lock_now()
    start.on_locked()
    assert start.numbers["waiting"].text() == "–"
    assert start.stage_chart.describe() == start.band_chart.describe() == start.family_chart.describe() == []
    assert all(not w.text() for w in start.fund_words + start.due_labels)
    assert "Quennell" not in start.stage_chart.accessibleDescription()


@pytest.fixture
def window(qtbot, session):
    win = MainWindow(AppContext(session))
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    yield win
    win._closing_confirmed = True
    win.close()


def test_a_bar_opens_the_list_it_counted(window):
    start = window.page(0)
    children = window.page(1)
    children.search.setText("Ada")  # typed earlier: the figure counted every child, so it goes
    start.stage_chart.activated.emit("family_finding")
    assert window.current_page() is children
    assert children.search.text() == "" and children.stage_filter.currentData() == "family_finding"
    assert children.model.rowCount() == 2
    window.show_page(0)
    start.band_chart.activated.emit("6_to_12")  # 6 months or more: 6–12, 12–18 and over 18
    assert window.current_page() is children
    assert children.stage_filter.currentData() is None and children.waiting_filter.value() == 183
    assert children.model.rowCount() == 4 and children.clear_filters_button.isEnabled()
    window.show_page(0)
    start.family_chart.activated.emit("approved")
    assert window.current_page().title == "Families"
    assert window.current_page().model.rowCount() == 2


def test_a_card_opens_its_page_and_the_first_band_is_not_a_click(window, qtbot):
    start = window.page(0)
    referrals = next(frame for frame, title in start._clickable.items() if title == "Referrals")
    qtbot.mouseClick(referrals, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert window.current_page().title == "Referrals"
    assert [bar.key for bar in start.band_chart.bars][0] == ""  # every waiting child: no such filter


# --- the pages load when first shown -------------------------------------------------------------

def test_each_navigation_line_names_its_page_class_and_its_own_title_icon_and_key():
    for entry in pages.PAGES:
        cls = entry.load()
        assert issubclass(cls, Page), entry
        assert (cls.title, cls.icon, cls.shortcut) == (entry.title, entry.icon, entry.shortcut)


def test_the_shortcuts_are_unchanged():
    keys = dict(zip([e.title for e in pages.PAGES], page_shortcuts(pages.PAGES)))
    expected = {"Start": "Ctrl+1", "Children": "Ctrl+2", "Families": "Ctrl+3", "Referrals": "Ctrl+6",
                "Links": "Ctrl+7", "Matching": "Ctrl+0", "Meetings": "Ctrl+8", "Fund": "Ctrl+Shift+F",
                "Sibling groups": "Ctrl+4", "Agencies & contacts": "Ctrl+5", "History": "Ctrl+9"}
    assert {title: keys.get(title) for title in expected} == expected  # pages added later bring their own
    assert len(set(keys.values())) == len(keys)


LAZY_SCRIPT = """
import sys
from homefinder_desktop.services.session import open_session
from homefinder_desktop.ui import pages, startup
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow

app = startup.make_application([])
window = MainWindow(AppContext(open_session(sys.argv[1], sys.argv[2], "Lazy", verify_pages=False)))
window.show()
app.processEvents()
loaded = lambda: [e.module for e in pages.PAGES if "homefinder_desktop.ui." + e.module in sys.modules]
print(loaded())
window.show_page_titled("Children")
print(loaded(), window.current_page().title)
window._closing_confirmed = True
window.close()
"""


def test_a_page_module_is_imported_only_when_the_page_is_first_shown(tmp_path):
    """In a fresh process (this one has imported every page already)."""
    demo.create_demo(tmp_path / "lazy.hfdb", children=5, families=3).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOMEFINDER_HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", LAZY_SCRIPT, str(tmp_path / "lazy.hfdb"), demo.DEMO_PASSPHRASE],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=90)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['start_page']", "['start_page', 'children_page'] Children"]
