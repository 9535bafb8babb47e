"""Children page > Save list as PDF…: exactly the children the list shows, in its order."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)


@pytest.fixture
def page(qtbot, demo_session):
    demo_session.today = lambda: date(2026, 11, 23)
    children = ChildrenPage(AppContext(demo_session))
    qtbot.addWidget(children)
    children.resize(1280, 800)
    return children


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """The save dialog answers with a file in tmp_path; the viewer is not really opened."""
    seen = {"asked": [], "offered": [], "opened": []}
    target = tmp_path / "printouts" / "family finding.pdf"
    target.parent.mkdir()

    def save_dialog(parent, caption, start, filters):
        seen["asked"].append((caption, start, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(ChildrenPage, "offer_to_open",
                        lambda self, saved, count: seen["offered"].append((saved, count)) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: seen["opened"].append(url) or True)
    seen["target"] = target
    return seen


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def full_name(child: Child) -> str:
    return f"{child.first_name} {child.last_name}".strip()


@needs_pdftotext
def test_save_list_as_pdf_holds_exactly_the_filtered_children_in_order(page, demo_session, dialogs):
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("family_finding"))
    shown_ids = page.model.ids
    everyone = {c.id: c for c in records.all_of(demo_session, Child, include_archived=True)}
    assert 0 < len(shown_ids) < len(everyone)
    assert all(everyone[i].stage == "family_finding" for i in shown_ids)

    assert page.print_action.shortcut().toString() == "Ctrl+P"
    page.print_action.trigger()

    target = dialogs["target"]
    caption, start, filters = dialogs["asked"][0]
    assert start.endswith("children-register-2026-11-23.pdf") and "*.pdf" in filters
    assert dialogs["offered"] == [(target, len(shown_ids))]
    assert dialogs["opened"] == [QUrl.fromLocalFile(str(target))]
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # nothing half-written left

    text = pdf_text(target)
    assert "CONFIDENTIAL" in text
    assert "Children with adoption plans \u2014 Family finding" in text
    assert f"{len(shown_ids)} children" in text
    # One line per child: its reference then its name (the demo has two different Ivy Ashworths,
    # so children are told apart by reference).
    printed = [line.split()[:3] for line in text.splitlines() if re.match(r"\s*C-\d{5}\s", line)]
    expected = [[everyone[i].reference, *full_name(everyone[i]).split()] for i in shown_ids]
    assert printed == expected, "exactly the children the list shows, in its order"
    shown_names = {full_name(everyone[i]) for i in shown_ids}
    excluded = [c for i, c in everyone.items() if i not in shown_ids]
    assert excluded
    for child in excluded:
        assert child.reference not in text
        if full_name(child) not in shown_names:
            assert full_name(child) not in text, f"{full_name(child)} is not in the filtered list"

def test_the_button_sits_in_the_title_row_and_is_off_while_locked(page, demo_session, passphrase):
    assert page.print_button.text() == "Save list as PDF…"
    assert page.print_button.isEnabled() and page.print_action.isEnabled()
    page.ctx.locked.emit()
    demo_session.lock_now()
    page.on_locked()
    assert not page.print_button.isEnabled() and not page.print_action.isEnabled()
    assert page.save_list_as_pdf() is None


def test_cancelling_the_save_dialog_writes_nothing(page, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(ChildrenPage, "offer_to_open", lambda *a: pytest.fail("nothing was saved"))
    assert page.save_list_as_pdf() is None
    assert not list(tmp_path.rglob("*.pdf"))


def test_rows_come_back_in_the_given_order_a_chunk_at_a_time(demo_session):
    ids = records.child_ids(demo_session, RegisterQuery(sort="name", descending=True))
    rows = records.child_register_rows(demo_session, ids, chunk=7)
    assert [r["id"] for r in rows] == ids
    assert records.child_register_rows(demo_session, [ids[3], 999_999, ids[0]], chunk=2) == [rows[3], rows[0]]


def test_the_title_says_what_is_filtered(demo_session):
    title = records.child_register_title
    assert title(demo_session, RegisterQuery()) == "Children with adoption plans"
    assert title(demo_session, RegisterQuery(stage="placed", search=" Ash ")) == \
        "Children with adoption plans \u2014 Placed, matching \u201cAsh\u201d"
    assert title(demo_session, RegisterQuery(include_archived=True)).endswith("archived records included")


def test_a_name_without_pdf_gets_the_suffix(demo_session, tmp_path):
    saved = records.save_child_register(demo_session, [], tmp_path / "register", "Children with adoption plans")
    assert saved == tmp_path / "register.pdf" and saved.read_bytes().startswith(b"%PDF")


def test_a_cloud_folder_is_questioned_and_no_means_nothing_saved(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from homefinder_desktop.ui.widgets import ask_where_to_save_pdf

    synced = tmp_path / "Dropbox"
    synced.mkdir()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(synced / "register"), "")))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.No))
    assert ask_where_to_save_pdf(None, "Save", tmp_path / "x.pdf") is None
    assert "cloud-synced folder (Dropbox)" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))
    assert ask_where_to_save_pdf(None, "Save", tmp_path / "x.pdf") == synced / "register.pdf"
