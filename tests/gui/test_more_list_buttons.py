"""Export list… on Referrals, Sibling groups and Agencies & contacts; Save list as PDF… (Ctrl+P)
on Referrals; the open-referral figures on the Start page."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from homefinder_desktop.domain.records import Referral
from homefinder_desktop.services import records
from homefinder_desktop.ui.agencies_page import AgenciesPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.models import SiblingGroupsModel
from homefinder_desktop.ui.referrals_page import ReferralsPage
from homefinder_desktop.ui.sibling_groups_page import SiblingGroupsPage
from homefinder_desktop.ui.start_page import StartPage
from list_pages import make, messages, save_as  # noqa: F401  (fixtures used by name)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_referrals_export_is_the_list_as_filtered(qtbot, demo_session, save_as, messages):
    page = make(ReferralsPage, qtbot, demo_session)
    page.open_only.setChecked(False)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("child"))
    shown = page.model.ids
    refs = {r.id: r for r in records.all_of(demo_session, Referral, include_archived=True)}
    assert 0 < len(shown) < len(refs)

    assert page.export_button.text() == "Export list…" and page.export_button.isEnabled()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert Path(save_as["asked"][0][1]).name == "referrals-2026-11-23.xlsx"
    saved = save_as["folder"] / "list.xlsx"
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("CONFIDENTIAL")
    assert [r[0] for r in rows[2:]] == [refs[i].reference for i in shown]
    assert {r[1] for r in rows[2:]} == {"Child for family finding"}
    title, text = messages[0]
    assert title == "Referrals list exported" and f"{len(shown)} referrals" in text and "personal details" in text


def test_referrals_save_list_as_pdf_with_ctrl_p(qtbot, demo_session, monkeypatch, tmp_path):
    page = make(ReferralsPage, qtbot, demo_session)
    shown = page.model.ids  # open referrals, newest first: the page as it opens
    assert shown
    target = tmp_path / "weekly call"
    asked, offered, opened = [], [], []

    def save_dialog(parent, caption, start, filters):
        asked.append((caption, start))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(ReferralsPage, "offer_to_open",
                        lambda self, saved, count: offered.append((saved, count)) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    assert page.print_action.shortcut().toString() == "Ctrl+P"
    page.print_action.trigger()

    saved = tmp_path / "weekly call.pdf"
    assert Path(asked[0][1]).name == "referrals-register-2026-11-23.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert offered == [(saved, len(shown))] and opened == [QUrl.fromLocalFile(str(saved))]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(saved), "-"], capture_output=True, text=True,
                              check=True).stdout
        refs = {r.id: r.reference for r in records.all_of(demo_session, Referral)}
        assert re.findall(r"R-\d{5}", text) == [refs[i] for i in shown]
        assert "Open referrals" in text and "CONFIDENTIAL" in text


def test_sibling_groups_export_follows_the_order_on_screen(qtbot, demo_session, save_as, messages):
    page = make(SiblingGroupsPage, qtbot, demo_session)
    page.view.sortByColumn(SiblingGroupsModel.COL_CHILDREN, Qt.SortOrder.DescendingOrder)
    shown = page.model.ids
    names = {g["id"]: g["name"] for g in records.sibling_group_rows(demo_session)}
    save_as["filter"] = "CSV (*.csv)"
    saved = page.export_list()
    assert saved == save_as["folder"] / "list.csv"
    assert Path(save_as["asked"][0][1]).name == "sibling-groups-2026-11-23.xlsx"
    rows = csv_rows(saved)
    assert rows[0][:3] == ["Group", "Placement decision", "Date of decision"]
    assert [r[0] for r in rows[1:]] == [names[i] for i in shown]
    assert messages[0][0] == "Sibling groups list exported" and f"{len(shown)} sibling groups" in messages[0][1]


def test_agencies_export_holds_the_searched_agencies_and_their_contacts(qtbot, demo_session, save_as, messages):
    page = make(AgenciesPage, qtbot, demo_session)
    partner = next(a for a in records.agency_rows(demo_session) if a["kind"] == "partner")
    page.search.setText(partner["name"])
    page.apply_filter(search=partner["name"])
    assert page.model.ids == [partner["id"]]
    saved = page.export_list()
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    contacts = [w["name"] for w in records.worker_rows(demo_session, partner["id"])]
    assert {r[0] for r in rows[2:]} == {partner["name"]}
    assert [r[5] for r in rows[2:]] == contacts
    assert Path(save_as["asked"][0][1]).name == "agencies-and-contacts-2026-11-23.xlsx"
    assert messages[0][0] == "Agencies and contacts list exported"
    assert f"1 agency and {len(contacts)} contacts" in messages[0][1]


def test_the_buttons_are_off_while_locked(qtbot, demo_session):
    pages = [make(cls, qtbot, demo_session) for cls in (ReferralsPage, SiblingGroupsPage, AgenciesPage)]
    assert all(p.export_button.isEnabled() for p in pages)
    demo_session.lock_now()
    for page in pages:
        page.on_locked()
        assert not page.export_button.isEnabled()
        assert page.export_list() is None
    assert not pages[0].print_button.isEnabled() and not pages[0].print_action.isEnabled()
    assert pages[0].save_list_as_pdf() is None


def test_the_start_page_shows_open_referrals_by_kind_the_unanswered_and_the_oldest(qtbot, demo_session):
    start = StartPage(AppContext(demo_session))
    qtbot.addWidget(start)
    data = records.overview(demo_session)
    assert start.referral_counts["child"].text() == str(data["open_by_kind"]["child"])
    assert start.referral_counts["adopter"].text() == str(data["open_by_kind"]["adopter"])
    assert start.unanswered.text() == str(data["unanswered"])
    assert start.oldest.text() == f"{data['oldest_open']['days']} days"
    assert data["oldest_open"]["reference"] in start.oldest_label.toolTip()
    labels = " ".join(w.text() for w in start.findChildren(type(start.oldest)))
    assert "No answer in 14 days" in labels and "Open longest" in labels
    demo_session.lock_now()
    start.on_locked()
    assert start.unanswered.text() == start.oldest.text() == "–"
    assert data["oldest_open"]["reference"] not in start.oldest_label.toolTip()
