"""`homefinder import` and `homefinder export-list`'s filters, as a subprocess."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from homefinder_desktop import paths
from homefinder_desktop.domain.records import Child, Family, Worker
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.records import ReferralQuery, RegisterQuery
from homefinder_desktop.services.session import open_session

from cli_helpers import DEMO_PASSPHRASE, no_traceback, run, state

EXAMPLES = paths.resources_dir() / "examples"


@pytest.fixture
def demo_db(tmp_path) -> Path:
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    return path


def count(path: Path, cls) -> int:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        return len(records.all_of(s, cls, include_archived=True))


def test_import_the_example_children(demo_db):
    before = count(demo_db, Child)
    result = run("import", "children", str(EXAMPLES / "children.xlsx"), "--database", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Imported 8 children from children.xlsx into demo.hfdb.",
        "2 new sibling groups were made: “Examplewood siblings”, “Testbrook siblings”."]
    assert count(demo_db, Child) == before + 8
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        poppy = next(c for c in records.all_of(s, Child) if c.last_name == "Examplewood")
        assert records.history(s, Child, poppy.id)[0]["who"] == "E2E Worker"


def test_dry_run_shows_the_columns_and_writes_nothing(demo_db):
    files = [demo_db, Path(f"{demo_db}.keys")]
    before = state(*files)
    result = run("import", "families", str(EXAMPLES / "families.csv"), "--database", str(demo_db), "--dry-run",
                 "--map", "Notes=")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "families.csv: 4 families to import, read as:" in out
    assert "Adopter 1  " in out and "->  First adopter (adopter_one)" in out
    assert "->  left out" in out and "Other fields (--map \"Heading=field\"): " in out and "notes" in out
    assert "No problems. Nothing was written (--dry-run)" in out
    assert state(*files) == before


def test_problems_are_each_printed_and_nothing_is_imported(demo_db, tmp_path):
    sheet = tmp_path / "kids.csv"
    sheet.write_text("Forename,Surname,DOB,Gender,Stage,Placement order,Since\n"
                     "Ada,Sampleton,03/04/2031,F,Agency decision,,\n"
                     "Bo,Sampleton,05/06/2022,M,Agency decision,01/01/2025,01/02/2025\n"
                     "Ada,Sampleton,03/04/2031,F,Agency decision,,\n", encoding="utf-8")
    before = count(demo_db, Child)
    result = run("import", "children", str(sheet), "--database", str(demo_db))
    assert result.returncode == 1 and no_traceback(result)
    assert result.stderr.splitlines() == [
        "line 2, Date of birth: is in the future",
        "line 3, Date of placement order: is before the agency decision (01/02/2025)",
        "line 4, Date of birth: is in the future",
        "line 4, Name and date of birth: Ada Sampleton, born 03/04/2031, is also on line 2",
        "Nothing was imported: 4 problems. Correct the sheet (or the --map options) and run it again."]
    assert count(demo_db, Child) == before


def test_map_reads_an_unknown_heading_and_missing_columns_are_named(demo_db, tmp_path):
    sheet = tmp_path / "kids.csv"
    sheet.write_text("Child's given name,Born on,Boy or girl,Where in the plan\nAda,03/04/2021,F,Linked\n",
                     encoding="utf-8")
    missing = run("import", "children", str(sheet), "--database", str(demo_db), "--dry-run")
    assert missing.returncode == 1
    assert ("Required columns are missing: First name, Date of birth, Sex, Stage. Add them to the sheet, or "
            "choose the column that holds each.") in missing.stderr
    mapped = run("import", "children", str(sheet), "--database", str(demo_db),
                 "--map", "Child's given name=first_name", "--map", "Born on=Date of birth",
                 "--map", "Boy or girl=sex", "--map", "Where in the plan=stage")
    assert mapped.returncode == 0, mapped.stderr
    assert "Imported 1 child from kids.csv" in mapped.stdout
    wrong = run("import", "children", str(sheet), "--database", str(demo_db), "--map", "Born on=birthday party")
    assert wrong.returncode == 2 and "There is no field “birthday party” for children" in wrong.stderr


def test_a_file_in_another_encoding_is_refused_before_the_passphrase(demo_db, tmp_path):
    sheet = tmp_path / "old.csv"
    sheet.write_bytes("First name,Last name\nZoë,Renée\n".encode("cp1252"))
    result = run("import", "children", str(sheet), "--database", str(demo_db), passphrase=None)
    assert result.returncode == 1 and no_traceback(result)
    assert "old.csv is not saved as UTF-8: line 2" in result.stderr and "CSV UTF-8" in result.stderr


def references(path: Path, kind: str, query) -> list[str]:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        if kind == "children":
            ids, rows = records.child_ids(s, query), records.child_rows
        elif kind == "families":
            ids, rows = records.family_ids(s, query), records.family_rows
        else:
            ids, rows = records.referral_ids(s, query), records.referral_rows
        found = rows(s, ids)
        return [found[i]["reference"] for i in ids]


def exported(path: Path) -> list[str]:
    body = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    return [r[0] for r in body[1:]]


def _worker(path: Path) -> tuple[int, str]:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        child = next(c for c in records.all_of(s, Child) if c.social_worker_id)
        return child.social_worker_id, records.names(s, Worker)[child.social_worker_id]


@pytest.mark.parametrize("options,query", [
    (["--age-band", "2 to 4", "--sex", "girl"], RegisterQuery(age_band="2_to_4", sex="F")),
    (["--in-sibling-group"], RegisterQuery(in_sibling_group=True)),
    (["--not-in-sibling-group", "--waiting-over", "60"], RegisterQuery(in_sibling_group=False,
                                                                      waiting_longer_than=60)),
    (["--no-active-link"], RegisterQuery(no_active_link=True)),
])
def test_export_list_children_filters(demo_db, tmp_path, options, query):
    out = tmp_path / "list.csv"
    result = run("export-list", "children", "--database", str(demo_db), "--to", str(out), *options)
    assert result.returncode == 0, result.stderr
    want = references(demo_db, "children", query)
    assert exported(out) == want
    assert len(want) < count(demo_db, Child)  # the filter did filter


def test_export_list_by_social_worker_and_agency_kind(demo_db, tmp_path):
    worker_id, name = _worker(demo_db)
    out = tmp_path / "mine.csv"
    result = run("export-list", "children", "--database", str(demo_db), "--to", str(out),
                 "--social-worker", name.upper())
    assert result.returncode == 0, result.stderr
    assert exported(out) == references(demo_db, "children", RegisterQuery(social_worker_id=worker_id))
    partner = tmp_path / "partner.csv"
    result = run("export-list", "families", "--database", str(demo_db), "--to", str(partner),
                 "--agency-kind", "partner")
    assert result.returncode == 0, result.stderr
    want = references(demo_db, "families", RegisterQuery(agency_kind="partner"))
    assert exported(partner) == want and 0 < len(want) < count(demo_db, Family)
    nobody = run("export-list", "children", "--database", str(demo_db), "--to", str(out),
                 "--social-worker", "Nobody Known")
    assert nobody.returncode == 1 and "There is no social worker called “Nobody Known”" in nobody.stderr


def test_export_list_referrals(demo_db, tmp_path):
    out = tmp_path / "referrals.csv"
    result = run("export-list", "referrals", "--database", str(demo_db), "--to", str(out), "--all")
    assert result.returncode == 0, result.stderr
    want = references(demo_db, "referrals", ReferralQuery(open_only=False))
    assert exported(out) == want and f"Exported {len(want)} referrals" in result.stdout
    assert len(want) > len(references(demo_db, "referrals", ReferralQuery()))


def test_export_list_options_of_another_list_are_refused(demo_db, tmp_path):
    for args in (["families", "--sex", "F"], ["children", "--agency-kind", "own"], ["children", "--all"],
                 ["children", "--age-band", "teenagers"], ["referrals", "--stage", "open"],
                 ["children", "--waiting-over", "0"]):
        result = run("export-list", *args, "--database", str(demo_db), "--to", str(tmp_path / "x.csv"))
        assert result.returncode == 2 and no_traceback(result), args
    assert not (tmp_path / "x.csv").exists()


def links_and_audit(path: Path) -> tuple[int, int]:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        db = s.database()
        return (db.execute("SELECT count(*) FROM links").fetchone()[0],
                db.execute("SELECT count(*) FROM audit").fetchone()[0])


def test_import_the_example_links_into_the_demo(demo_db):
    links_before, _audit = links_and_audit(demo_db)
    result = run("import", "links", str(EXAMPLES / "links.csv"), "--database", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Imported 6 links from links.csv into demo.hfdb."]
    assert links_and_audit(demo_db)[0] == links_before + 6
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        who = {r["who"] for r in s.database().query(
            "SELECT who FROM audit WHERE table_name = 'links' AND action = 'insert' ORDER BY id DESC LIMIT 6")}
    assert who == {"E2E Worker"}


def test_links_with_problems_exit_1_and_write_nothing(demo_db, tmp_path):
    sheet = tmp_path / "team links.csv"
    sheet.write_text("Child,Family,Identified on,Status,Status date,Reason\n"
                     "C-00039,F-00009,05/01/2026,Did not progress,20/01/2026,Family withdrew interest\n"
                     "C-00039,F-00003,01/11/2026,,,\n"
                     "C-00057,F-00029,10/03/2026,Did not progress,20/03/2026,Lost touch\n", encoding="utf-8")
    before = links_and_audit(demo_db)
    result = run("import", "links", str(sheet), "--database", str(demo_db))
    assert result.returncode == 1 and no_traceback(result)
    errors = result.stderr.splitlines()
    assert errors[0].startswith("line 3, Family: Imran Ashworth (F-00003) is not approved at panel")
    assert errors[1].startswith("line 4, Reason it did not progress: “Lost touch” is not on the list of reasons")
    assert errors[-1].startswith("Nothing was imported: 2 problems.")
    assert links_and_audit(demo_db) == before
