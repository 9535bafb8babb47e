"""services.list_import: reading CSV and XLSX, preview, and all-or-nothing commit."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from homefinder_desktop import paths
from homefinder_desktop.domain.errors import HomefinderError
from homefinder_desktop.domain.importing import ImportRefused
from homefinder_desktop.domain.records import Child, Family, Referral, SiblingGroup
from homefinder_desktop.services import list_import, records

EXAMPLES = paths.resources_dir() / "examples"
HEADINGS = "First name,Last name,Date of birth,Sex,Stage,Since,Sibling group,Social worker\r\n"


def write_csv(folder: Path, body: str, name: str = "children.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(body.encode(encoding))
    return path


def audit_rows(session) -> int:
    return session.database().execute("SELECT count(*) FROM audit").fetchone()[0]


def children(session) -> list[Child]:
    return records.all_of(session, Child, include_archived=True)


def test_commit_adds_every_row_through_the_forms_path(new_session, tmp_path):
    new_session.today = lambda: date(2026, 11, 23)
    path = write_csv(tmp_path, HEADINGS
                     + "Ada,Sampleton,03/04/2021,F,Family finding,01/06/2025,Sampleton siblings,\r\n"
                     + "Bo,Sampleton,05/06/2022,M,Family finding,01/06/2025,Sampleton siblings,\r\n"
                     + "Cy,Testwood,2020-01-02,Boy,Agency decision,,,\r\n")
    done = list_import.commit(new_session, "children", path)
    assert done.summary() == "Imported 3 children. A new sibling group was made: “Sampleton siblings”."
    assert done.touches("children", "child_stages", "sibling_groups")
    kids = children(new_session)
    assert [(c.reference, c.first_name, c.stage) for c in kids] == \
        [("C-00001", "Ada", "family_finding"), ("C-00002", "Bo", "family_finding"),
         ("C-00003", "Cy", "agency_decision")]
    group = records.all_of(new_session, SiblingGroup)[0]
    assert group.name == "Sampleton siblings" and {kids[0].sibling_group_id, kids[1].sibling_group_id} == {group.id}
    history = records.stage_history(new_session, Child, kids[0].id)
    assert [(s.stage, s.date, s.recorded_by) for s in history] == [("family_finding", date(2025, 6, 1), "Test Worker")]
    assert records.stage_history(new_session, Child, kids[2].id)[0].date == date(2026, 11, 23)  # undated: today
    trail = records.history(new_session, Child, kids[0].id)
    assert trail[0]["action"] == "insert" and trail[0]["who"] == "Test Worker"


def test_one_bad_row_writes_nothing_and_every_problem_is_named(new_session, tmp_path):
    path = write_csv(tmp_path, HEADINGS
                     + "Ada,Sampleton,03/04/2021,F,Family finding,,New group,\r\n"
                     + "Bo,Sampleton,05/06/2099,M,Family finding,,,Nobody\r\n")
    before = audit_rows(new_session)
    with pytest.raises(ImportRefused) as refused:
        list_import.commit(new_session, "children", path)
    assert [str(p) for p in refused.value.problems] == [
        "line 3, Social worker: “Nobody” is not a known social worker (add them under Agencies & contacts first)",
        "line 3, Date of birth: is in the future"]
    assert str(refused.value).startswith("Nothing was imported (2 problems): line 3, Social worker:")
    assert children(new_session) == [] and records.all_of(new_session, SiblingGroup) == []
    assert audit_rows(new_session) == before


def test_a_failure_part_way_rolls_back_every_row(new_session, tmp_path, monkeypatch):
    path = write_csv(tmp_path, HEADINGS + "".join(f"Ada{i},Sampleton,03/04/2021,F,Linked,,,\r\n" for i in range(5)))
    before = audit_rows(new_session)
    real_add, calls = records.add, []

    def add_then_fail(session, record, **kw):
        calls.append(record)
        if len(calls) == 4:
            raise HomefinderError("The disk is full.")
        return real_add(session, record, **kw)

    monkeypatch.setattr(records, "add", add_then_fail)
    with pytest.raises(HomefinderError, match="disk is full"):
        list_import.commit(new_session, "children", path)
    assert children(new_session) == [] and audit_rows(new_session) == before


def test_a_child_already_recorded_is_a_duplicate(new_session, tmp_path):
    records.add(new_session, Child(first_name="Ada", last_name="Sampleton", date_of_birth=date(2021, 4, 3), sex="F"))
    path = write_csv(tmp_path, HEADINGS + "ADA, sampleton ,3/4/2021,F,Linked,,,\r\n")
    preview = list_import.preview(new_session, "children", path)
    assert [str(p) for p in preview.problems] == [
        "line 2, Name and date of birth: ADA sampleton, born 03/04/2021, is already recorded as C-00001 Ada Sampleton"]
    assert not preview.ok


def test_csv_with_a_byte_order_mark_and_semicolons(new_session, tmp_path):
    path = write_csv(tmp_path, "\ufeff" + HEADINGS.replace(",", ";") + "Zoë;Ñúñez;03/04/2021;F;Linked;;;\r\n")
    preview = list_import.preview(new_session, "children", path)
    assert preview.ok and preview.sheet.headings[0] == "First name"
    assert preview.shown[0].record.first_name == "Zoë" and preview.shown[0].record.last_name == "Ñúñez"


def test_a_file_not_in_utf8_names_its_first_bad_line_and_how_to_save_it(new_session, tmp_path):
    path = write_csv(tmp_path, HEADINGS + "Ada,Sampleton,03/04/2021,F,Linked,,,\r\n"
                     "Zoë,Renée,03/04/2021,F,Linked,,,\r\n", encoding="cp1252")
    with pytest.raises(HomefinderError) as error:
        list_import.preview(new_session, "children", path)
    message = str(error.value)
    assert "children.csv is not saved as UTF-8: line 3 has a character" in message
    assert "“CSV UTF-8 (Comma delimited) (*.csv)”" in message and "Nothing was imported" in message


def test_an_exported_workbook_reads_below_its_note_with_excels_line_numbers(demo_session, tmp_path):
    from homefinder_desktop.services import list_export

    done = list_export.export_children(demo_session, records.RegisterQuery(stage="family_finding"),
                                       tmp_path / "finding.xlsx")
    sheet = list_import.read_sheet(done.path)
    assert sheet.heading_line == 2 and sheet.headings[:3] == ["Reference", "Name", "Date of birth"]
    assert sheet.rows[0][0] == 3
    preview = list_import.preview(demo_session, "children", sheet)
    # "Name" holds "Last, First": not a field of its own, so the worker is told what is missing.
    assert [str(p) for p in preview.problems] == ["Required columns are missing: First name. Add them to the "
                                                  "sheet, or choose the column that holds each."]


def test_workbook_sheets_dates_and_wrong_types(new_session, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["Nothing to import here"])
    ws = wb.create_sheet("Children")
    ws.append(["First name", "DOB", "Sex", "Stage", "Date entered care", "Health needs"])
    ws.append(["Ada", date(2021, 4, 3), "Girl", "Linked", 45200, 3])
    ws.append(["Bo", "05/06/2022", "Boy", "Linked", None, "Minor"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    with pytest.raises(HomefinderError, match="has no sheet “Kids”. Its sheets are: “Notes”, “Children”"):
        list_import.read_sheet(path, "Kids")
    preview = list_import.preview(new_session, "children", path, sheet="Children")
    assert preview.sheet.name == "Children" and preview.sheet.sheet_names == ["Notes", "Children"]
    assert [str(p) for p in preview.problems] == [
        "line 2, Date entered care: is a number (45200), not a date: write it as 23/11/2026, or format the "
        "column as dates in Excel",
        "line 2, Health needs: “3” is not one of: None known, Minor, Ongoing, Complex"]
    assert preview.shown[1].record.date_of_birth == date(2022, 6, 5)


@pytest.mark.parametrize("name,message", [
    ("old.xls", r"save it as an Excel workbook \(.xlsx\)"), ("notes.docx", "not “.docx” files"),
    ("fake.xlsx", "not an Excel workbook Homefinder can read"), ("missing.csv", "There is no file"),
])
def test_files_that_cannot_be_read(new_session, tmp_path, name, message):
    if name != "missing.csv":
        (tmp_path / name).write_bytes(b"not a spreadsheet")
    with pytest.raises(HomefinderError, match=message):
        list_import.preview(new_session, "children", tmp_path / name)


def test_a_read_only_database_imports_nothing(new_session, tmp_path):
    path = write_csv(tmp_path, HEADINGS + "Ada,Sampleton,03/04/2021,F,Linked,,,\r\n")
    new_session.refuse_writes("The database is damaged: nothing was saved.")
    assert list_import.preview(new_session, "children", path).ok  # looking is fine
    with pytest.raises(HomefinderError, match="damaged"):
        list_import.commit(new_session, "children", path)


def test_referral_statuses_become_dated_steps(demo_session, tmp_path):
    path = write_csv(tmp_path, "Child,Referred on,Status,Status date,Outcome,Reason\r\n"
                               "C-00002,01/09/2026,Accepted,08/09/2026,Partner found a family,Imported\r\n"
                               "C-00005,02/09/2026,,,,Imported\r\n", name="referrals.csv")
    done = list_import.commit(demo_session, "referrals", path)
    assert done.count == 2 and done.touches("referrals", "referral_statuses")
    added = [r for r in records.all_of(demo_session, Referral) if r.reason == "Imported"]
    accepted, still_open = sorted(added, key=lambda r: r.referred_on)
    assert (accepted.status, accepted.response_date, accepted.outcome) == \
        ("accepted", date(2026, 9, 8), "Partner found a family")
    assert [s.stage for s in records.stage_history(demo_session, Referral, accepted.id)] == ["open", "accepted"]
    assert still_open.status == "open" and still_open.from_agency_id != still_open.to_agency_id


@pytest.mark.parametrize("kind,name,count", [("children", "children.xlsx", 8), ("families", "families.csv", 4),
                                             ("referrals", "referrals.csv", 3)])
def test_the_example_spreadsheets_import_cleanly_into_the_demo(demo_session, kind, name, count):
    preview = list_import.preview(demo_session, kind, EXAMPLES / name)
    assert [str(p) for p in preview.problems] == [] and preview.count == count
    assert all(a is not None for a in preview.mapping.values()), preview.mapping  # every column recognised
    done = list_import.commit(demo_session, kind, EXAMPLES / name)
    assert done.count == count
    if kind == "families":
        families = records.all_of(demo_session, Family)
        assert any(f.name == "Exampleton family" and f.stage == "approved" for f in families)
