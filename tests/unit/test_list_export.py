"""The children and families lists, as filtered, to CSV and XLSX: exactly the list, in its order."""
from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime

import openpyxl
import pytest

from homefinder_desktop.domain.errors import HomefinderError
from homefinder_desktop.domain.formatting import age_text, format_date
from homefinder_desktop.domain.records import CHILD_STAGES, FAMILY_STAGES, Child, Family
from homefinder_desktop.services import list_export, records
from homefinder_desktop.services.records import RegisterQuery

TODAY = date(2026, 11, 23)
NOTE = "CONFIDENTIAL \u2014 Northshire County Council with Brightpath Adoption, exported 23/11/2026"
NEEDS_HEADINGS = ["Health needs", "Disability", "Developmental uncertainty", "Exposure to drugs or alcohol",
                  "Education needs", "Abuse or neglect in the history", "Contact plan with birth family"]
CHILD_HEADINGS = ["Reference", "Name", "Date of birth", "Age", "Sex", "Stage", "Since", "Waiting (days)",
                  "Sibling group", "Social worker", "Entered care", *NEEDS_HEADINGS, "Archived"]
OFFER_HEADINGS = ["How many children", "Youngest age (years)", "Oldest age (years)", "Boys or girls",
                  "Would take a sibling group", "Health needs they can meet", "Disability they can meet",
                  "Developmental uncertainty they can accept", "Exposure to drugs or alcohol they can accept",
                  "Education needs they can meet", "Abuse or neglect histories they could manage",
                  "Contact they can support", "Ethnicity", "Religion", "Languages at home"]
FAMILY_HEADINGS = ["Reference", "Family", "Adopter one", "Adopter two", "Agency", "Stage", "Since",
                   "Approved", "Area", "Social worker", *OFFER_HEADINGS, "Archived"]


@pytest.fixture
def session(demo_session):
    demo_session.today = lambda: TODAY
    return demo_session


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def sheet_rows(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def children_by_id(session) -> dict[int, Child]:
    return {c.id: c for c in records.all_of(session, Child, include_archived=True)}


def test_csv_holds_exactly_the_filtered_children_in_order(session, tmp_path):
    query = RegisterQuery(stage="family_finding", sort="date_of_birth")
    expected_ids = records.child_ids(session, query)
    everyone = children_by_id(session)
    assert 0 < len(expected_ids) < len(everyone)

    done = list_export.export_children(session, query, tmp_path / "waiting.csv", "csv")
    assert done.path == tmp_path / "waiting.csv" and done.rows == len(expected_ids) and done.fmt == "csv"
    assert done.note == NOTE

    rows = read_csv(done.path)
    assert rows[0] == CHILD_HEADINGS, "one heading row, and nothing but data (no note) in a CSV"
    body = rows[1:]
    assert [r[0] for r in body] == [everyone[i].reference for i in expected_ids]
    for row, child_id in zip(body, expected_ids):
        child = everyone[child_id]
        assert row[1] == f"{child.last_name}, {child.first_name}"
        assert row[2] == format_date(child.date_of_birth)  # 23/11/2026, as text
        assert row[3] == age_text(child.date_of_birth, TODAY)
        assert row[5] == CHILD_STAGES["family_finding"] == "Family finding"
        assert row[6] == format_date(child.stage_date)
        assert row[7].isdigit(), "days waiting, as a number, for a child still waiting"
        assert row[-1] == "", "not archived"


def test_waiting_days_are_as_on_today(session, tmp_path):
    query = RegisterQuery(sort="waiting")
    rows = records.child_rows(session, records.child_ids(session, query))
    done = list_export.export_children(session, query, tmp_path / "all", "csv")
    body = read_csv(done.path)[1:]
    by_ref = {r[0]: r for r in body}
    for row in rows.values():
        since = row["waiting_since"]
        want = str((TODAY - date.fromisoformat(since)).days) if since else ""
        assert by_ref[row["reference"]][7] == want


def test_xlsx_holds_the_note_bold_frozen_headings_and_real_dates(session, tmp_path):
    query = RegisterQuery(search="Brennan")
    expected_ids = records.child_ids(session, query)
    everyone = children_by_id(session)
    assert expected_ids

    done = list_export.export_children(session, query, tmp_path / "brennan", "xlsx")
    assert done.path == tmp_path / "brennan.xlsx", "the suffix is added"
    wb = openpyxl.load_workbook(done.path)
    ws = wb.active
    assert ws.title == "Children"
    assert ws["A1"].value == NOTE
    assert [c.value for c in ws[2]] == CHILD_HEADINGS
    assert all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["B"].width >= 20
    assert "CONFIDENTIAL" in wb.properties.subject
    assert "matching \u201cBrennan\u201d" in wb.properties.title

    body = [r for r in ws.iter_rows(min_row=3, values_only=True)]
    assert [r[0] for r in body] == [everyone[i].reference for i in expected_ids]
    first = everyone[expected_ids[0]]
    assert isinstance(body[0][2], datetime) and body[0][2].date() == first.date_of_birth
    assert ws["C3"].number_format == "dd/mm/yyyy"
    assert ws["C3"].is_date
    assert body[0][5] == CHILD_STAGES[first.stage]


def test_families_csv_and_xlsx_equal_the_filtered_list(session, tmp_path):
    query = RegisterQuery(stage="approved", sort="name", descending=True)
    expected_ids = records.family_ids(session, query)
    families = {f.id: f for f in records.all_of(session, Family, include_archived=True)}
    assert 0 < len(expected_ids) < len(families)
    expected_refs = [families[i].reference for i in expected_ids]

    as_csv = list_export.export_families(session, query, tmp_path / "approved.csv")
    rows = read_csv(as_csv.path)
    assert as_csv.fmt == "csv" and rows[0] == FAMILY_HEADINGS
    assert [r[0] for r in rows[1:]] == expected_refs
    assert all(r[5] == FAMILY_STAGES["approved"] for r in rows[1:])
    for row, family_id in zip(rows[1:], expected_ids):
        assert row[7] == format_date(families[family_id].approval_date)

    as_xlsx = list_export.export_families(session, query, tmp_path / "approved")
    assert as_xlsx.path.name == "approved.xlsx" and as_xlsx.fmt == "xlsx"
    sheet = sheet_rows(as_xlsx.path)
    assert sheet[0][0] == NOTE and list(sheet[1]) == FAMILY_HEADINGS
    assert [r[0] for r in sheet[2:]] == expected_refs


def test_an_empty_list_is_just_the_headings(session, tmp_path):
    done = list_export.export_children(session, RegisterQuery(search="no such child zzz"), tmp_path / "none.csv")
    assert done.rows == 0 and read_csv(done.path) == [CHILD_HEADINGS]


def test_formula_guard(session, tmp_path):
    child_id = records.child_ids(session, RegisterQuery())[0]
    child = records.get(session, Child, child_id)
    child.first_name, child.last_name = "+Ada", "=HYPERLINK(\"http://example.invalid\")"
    records.save(session, child, allow_duplicate=True)
    query = RegisterQuery(search="HYPERLINK")

    body = read_csv(list_export.export_children(session, query, tmp_path / "x.csv").path)[1:]
    assert body[0][1] == "'=HYPERLINK(\"http://example.invalid\"), +Ada"

    ws = openpyxl.load_workbook(list_export.export_children(session, query, tmp_path / "x.xlsx").path).active
    cell = ws["B3"]
    assert cell.value == "=HYPERLINK(\"http://example.invalid\"), +Ada" and cell.data_type == "s"


def test_guard_itself():
    for text in ("=1+1", "+44 1632", "-2", "@SUM(A1)", "\tx"):
        assert list_export.guard(text) == "'" + text
    for text in ("Ashworth", "O'Neill", "", "1=1"):
        assert list_export.guard(text) == text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_owner_only_and_nothing_half_written(session, tmp_path, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    done = list_export.export_children(session, RegisterQuery(), folder / "children", fmt)
    assert done.path.name == f"children.{fmt}"
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [f"children.{fmt}"]


def test_suffix_handling():
    assert list_export.export_path("list", "csv").name == "list.csv"
    assert list_export.export_path("list.CSV", "csv").name == "list.CSV"
    assert list_export.export_path("list.xlsx", "xlsx").name == "list.xlsx"
    assert list_export.export_path("team.v2", "xlsx").name == "team.v2.xlsx", "a dotted name is kept"
    assert list_export.fmt_for("a.csv") == "csv" and list_export.fmt_for("a") == "xlsx"
    assert list_export.fmt_for("a.csv", "XLSX") == "xlsx"
    with pytest.raises(HomefinderError):
        list_export.fmt_for("a", "ods")


def test_each_export_is_in_the_audit_trail(session, tmp_path):
    done = list_export.export_families(session, RegisterQuery(), tmp_path / "f.csv",
                                       now=datetime(2026, 11, 23, 10, 15, 0))
    value = session.info["last_list_export"]
    assert value.startswith("2026-11-23 10:15:00 UTC, families list")
    assert f"{done.rows} rows" in value and str(done.path) in value
    latest = records.recent_changes(session, 1)[0]
    assert latest["table_name"] == "database_info" and "last_list_export" in latest["changes"]


def test_a_missing_folder_writes_nothing(session, tmp_path):
    with pytest.raises(HomefinderError, match="no folder"):
        list_export.export_children(session, RegisterQuery(), tmp_path / "nope" / "c.csv")
    assert "last_list_export" not in session.info


def test_a_database_that_takes_no_writes_exports_nothing(session, tmp_path):
    session.refuse_writes("The database is damaged: nothing was saved.")
    with pytest.raises(HomefinderError, match="damaged"):
        list_export.export_children(session, RegisterQuery(), tmp_path / "c.csv")
    assert not (tmp_path / "c.csv").exists()
