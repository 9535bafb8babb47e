"""The printed documents: valid PDFs, the right pages, the words a reader relies on.

Text is read back with poppler's pdftotext and pdfinfo (poppler-utils); where they are
missing these tests are skipped rather than passing on weaker checks.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from homefinder_desktop.reports import children_register, recovery_sheet, styles

COUNCIL = "Northshire County Council"
PARTNER = "Brightpath Adoption"
KEY = "PEJS-N87T-C9QX-M8W4-R42K-2X6M-RW2C-XTGD"
TODAY = date(2026, 11, 23)

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                   reason="poppler-utils (pdftotext, pdfinfo) is not installed")


def _write(tmp_path, data: bytes, name: str = "out.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def page_count(tmp_path, data: bytes) -> int:
    info = subprocess.run(["pdfinfo", str(_write(tmp_path, data, "count.pdf"))],
                          capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pages_text(tmp_path, data: bytes) -> list[str]:
    """The text of each page, in reading order (-layout keeps table rows on one line)."""
    text = subprocess.run(["pdftotext", "-layout", str(_write(tmp_path, data, "text.pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def child(n: int, **extra) -> dict:
    row = {"reference": f"C-{n:05d}", "first_name": "Ava", "last_name": f"Ashworth{n}",
           "date_of_birth": date(2020, 5, 1), "sex": "F", "stage": "family_finding",
           "stage_date": "2026-02-18", "sibling_group": "", "social_worker": "Mark Yardley"}
    row.update(extra)
    return row


# --- the recovery key sheet ------------------------------------------------------

def recovery_pdf(**changes) -> bytes:
    args = dict(council_name=COUNCIL, partner_name=PARTNER, database_name="homefinder.hfdb",
                recovery_key=KEY, created=TODAY)
    args.update(changes)
    return recovery_sheet.build_pdf(**args)


def test_recovery_sheet_is_a_pdf_of_one_page(tmp_path):
    data = recovery_pdf()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b(?!s)", data)) == 1  # page objects, not the /Pages tree
    if shutil.which("pdfinfo"):
        assert page_count(tmp_path, data) == 1


@needs_poppler
def test_recovery_sheet_says_what_matters(tmp_path):
    (text,) = pages_text(tmp_path, recovery_pdf())
    flat = " ".join(text.split())
    for words in ("CONFIDENTIAL", "Homefinder recovery key", COUNCIL, PARTNER, "homefinder.hfdb",
                  "23/11/2026", "Page 1 of 1", "Printed 23/11/2026", "100 years", "locked cabinet",
                  "Never with the laptop", "Never emailed", "Kept by", "Signature"):
        assert words in flat, words
    # The key in its groups, in order, each group unbroken.
    groups = KEY.split("-")
    positions = [flat.find(g) for g in groups]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)


def test_key_groups_are_split_from_any_way_of_writing_the_key():
    assert recovery_sheet.key_groups(KEY) == KEY.split("-")
    assert recovery_sheet.key_groups(KEY.replace("-", "").lower()) == KEY.split("-")
    assert recovery_sheet.key_groups(" pejs n87t ") == ["PEJS", "N87T"]


@needs_poppler
def test_names_are_escaped_not_read_as_markup(tmp_path):
    (text,) = pages_text(tmp_path, recovery_pdf(council_name="Smith & Jones <Council>"))
    assert "Smith & Jones <Council>" in text


# --- the children register ---------------------------------------------------------

def test_register_is_landscape(tmp_path):
    data = children_register.build_pdf(COUNCIL, PARTNER, [child(1)], TODAY)
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(_write(tmp_path, data))], capture_output=True,
                              text=True, check=True).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert width > height


@needs_poppler
def test_register_rows_show_labels_not_keys(tmp_path):
    rows = [child(1, stage="match_agreed", stage_date=date(2026, 3, 29), sex="M",
                  date_of_birth="2025-01-30", sibling_group="Walsh siblings", first_name="Kian",
                  last_name="Walsh")]
    (text,) = pages_text(tmp_path, children_register.build_pdf(COUNCIL, PARTNER, rows, TODAY))
    line = next(line for line in text.splitlines() if "C-00001" in line)
    for words in ("Kian Walsh", "21 months", "Male", "Match agreed at panel", "29/03/2026",
                  "Walsh siblings", "Mark Yardley"):
        assert words in line, words
    assert "match_agreed" not in text
    assert "1 child " in text


@needs_poppler
def test_register_of_120_children_repeats_its_header_on_every_page(tmp_path):
    rows = [child(n) for n in range(1, 121)]
    data = children_register.build_pdf(COUNCIL, PARTNER, rows, TODAY)
    pages = pages_text(tmp_path, data)
    total = page_count(tmp_path, data)
    assert total >= 3
    assert len(pages) == total
    seen = []
    for number, page in enumerate(pages, start=1):
        assert "CONFIDENTIAL" in page
        assert COUNCIL in page
        assert f"Page {number} of {total}" in page
        assert "Printed 23/11/2026" in page
        header = next((line for line in page.splitlines() if "Reference" in line), "")
        for heading in ("Name", "Age", "Sex", "Stage", "Since", "Sibling group", "Social worker"):
            assert heading in header, (number, heading)
        seen += re.findall(r"C-\d{5}", page)
    assert seen == [f"C-{n:05d}" for n in range(1, 121)]  # every child once, in the order given


@needs_poppler
def test_empty_register_says_so(tmp_path):
    data = children_register.build_pdf(COUNCIL, PARTNER, [], TODAY)
    assert page_count(tmp_path, data) == 1
    (text,) = pages_text(tmp_path, data)
    assert "No children match." in text
    assert "CONFIDENTIAL" in text


def test_register_takes_missing_and_odd_values():
    rows = [{"reference": None, "first_name": "Only", "last_name": None, "date_of_birth": None,
             "sex": None, "stage": "unknown_stage", "stage_date": "not a date",
             "sibling_group": None, "social_worker": None}]
    assert children_register.row_cells(rows[0], TODAY) == ["", "Only", "", "", "Unknown stage", "", "", ""]
    assert children_register.build_pdf(COUNCIL, PARTNER, rows, TODAY, title="Search: Only").startswith(b"%PDF")


# --- byte-stable output --------------------------------------------------------------

def test_same_input_gives_the_same_bytes_when_invariant():
    rows = [child(n) for n in range(1, 40)]
    with styles.invariant_pdfs():
        first = (recovery_pdf(), children_register.build_pdf(COUNCIL, PARTNER, rows, TODAY))
        second = (recovery_pdf(), children_register.build_pdf(COUNCIL, PARTNER, rows, TODAY))
    assert first == second


def test_reports_import_no_qt_and_no_storage():
    import ast
    from pathlib import Path

    folder = Path(recovery_sheet.__file__).parent
    for source in folder.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            for name in names:
                assert not name.startswith(("PySide6", "..storage", "..services", "..ui",
                                            "homefinder_desktop.storage", "homefinder_desktop.ui",
                                            "homefinder_desktop.services")), (source.name, name)
