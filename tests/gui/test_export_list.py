"""Children and Families pages > Export list…: the list as shown, to XLSX or CSV."""
from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import records
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.families_page import FamiliesPage
from homefinder_desktop.ui.widgets import ask_where_to_save, ask_where_to_save_pdf
from list_pages import make, messages, save_as  # noqa: F401  (fixtures used by name)


def test_children_export_holds_the_filtered_list_in_order(qtbot, demo_session, save_as, messages):
    page = make(ChildrenPage, qtbot, demo_session)
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("family_finding"))
    shown = page.model.ids
    everyone = {c.id: c for c in records.all_of(demo_session, Child, include_archived=True)}
    assert 0 < len(shown) < len(everyone)

    assert page.export_button.text() == "Export list…" and page.export_button.isEnabled()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)

    caption, start, filters = save_as["asked"][0]
    assert Path(start).name == "children-2026-11-23.xlsx"
    assert filters == "Excel workbook (*.xlsx);;CSV (*.csv)"
    saved = save_as["folder"] / "list.xlsx"
    assert [p.name for p in save_as["folder"].iterdir()] == ["list.xlsx"]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("CONFIDENTIAL")
    assert [r[0] for r in rows[2:]] == [everyone[i].reference for i in shown]

    title, text = messages[0]
    assert title == "Children list exported"
    assert f"{len(shown)} children" in text and "list.xlsx" in text and str(save_as["folder"]) in text
    assert "personal details" in text and "CONFIDENTIAL" in text


def test_families_export_as_csv_by_the_chosen_filter(qtbot, demo_session, save_as, messages):
    page = make(FamiliesPage, qtbot, demo_session)
    page.search.setText("Brennan")
    page.apply_filter(search="Brennan")
    shown = page.model.ids
    families = {f.id: f for f in records.all_of(demo_session, Family, include_archived=True)}
    assert 0 < len(shown) < len(families)

    save_as["filter"] = "CSV (*.csv)"
    saved = page.export_list()
    assert saved == save_as["folder"] / "list.csv"
    assert Path(save_as["asked"][0][1]).name == "families-2026-11-23.xlsx"
    text = saved.read_bytes().decode("utf-8-sig")
    body = list(csv.reader(io.StringIO(text, newline="")))
    assert body[0][:2] == ["Reference", "Family"]
    assert [r[0] for r in body[1:]] == [families[i].reference for i in shown]
    assert "CONFIDENTIAL" not in text
    count = "1 family" if len(shown) == 1 else f"{len(shown)} families"
    assert messages[0][0] == "Families list exported" and count in messages[0][1]


def test_a_typed_suffix_wins_over_the_filter(qtbot, demo_session, save_as):
    page = make(FamiliesPage, qtbot, demo_session)
    save_as["name"], save_as["filter"] = "everyone.csv", "Excel workbook (*.xlsx)"
    assert page.export_list() == save_as["folder"] / "everyone.csv"


def test_cancelling_writes_nothing_and_the_button_is_off_while_locked(qtbot, demo_session, monkeypatch, tmp_path):
    page = make(ChildrenPage, qtbot, demo_session)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert page.export_list() is None
    assert not list(tmp_path.rglob("*.xlsx")) and "last_list_export" not in demo_session.info

    page.ctx.locked.emit()
    demo_session.lock_now()
    page.on_locked()
    assert not page.export_button.isEnabled()
    assert page.export_list() is None


def test_ask_where_to_save_pdf_still_adds_pdf(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, filters: (str(tmp_path / "register"), filters))
    assert ask_where_to_save_pdf(None, "Save", tmp_path / "x.pdf") == tmp_path / "register.pdf"
    assert ask_where_to_save(None, "Save", tmp_path / "x.xlsx", ["CSV (*.csv)"]) == tmp_path / "register.csv"
