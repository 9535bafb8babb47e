"""`homefinder export-list`: the children or families list to XLSX or CSV, as a subprocess."""
from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import openpyxl
import pytest

from homefinder_desktop.domain.records import Family
from homefinder_desktop.services import demo, records
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.services.session import open_session

from cli_helpers import DEMO_PASSPHRASE, no_traceback, run


@pytest.fixture
def demo_db(tmp_path) -> Path:
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    return path


def expected(path: Path, list_: str, query: RegisterQuery) -> list[str]:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        ids = records.child_ids(s, query) if list_ == "children" else records.family_ids(s, query)
        rows = records.child_rows(s, ids) if list_ == "children" else records.family_rows(s, ids)
        return [rows[i]["reference"] for i in ids]


def test_children_by_stage_to_xlsx(demo_db, tmp_path):
    out = tmp_path / "waiting"
    result = run("export-list", "children", "--database", str(demo_db), "--to", str(out),
                 "--stage", "Family finding")
    assert result.returncode == 0, result.stderr
    saved = tmp_path / "waiting.xlsx"
    want = expected(demo_db, "children", RegisterQuery(stage="family_finding"))
    assert f"Exported {len(want)} children from demo.hfdb to {saved}" in result.stdout
    assert "CONFIDENTIAL \u2014 " in result.stdout and "personal details" in result.stdout
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("CONFIDENTIAL")
    assert rows[1][0] == "Reference"
    assert [r[0] for r in rows[2:]] == want
    assert all(r[5] == "Family finding" for r in rows[2:])


def test_families_by_search_to_csv(demo_db, tmp_path):
    out = tmp_path / "brennan.csv"
    result = run("export-list", "families", "--database", str(demo_db), "--to", str(out),
                 "--search", "Brennan", "--stage", "approved")
    assert result.returncode == 0, result.stderr
    want = expected(demo_db, "families", RegisterQuery(search="Brennan", stage="approved"))
    assert want
    body = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert body[0][0] == "Reference" and [r[0] for r in body[1:]] == want
    assert "CONFIDENTIAL" not in out.read_text("utf-8-sig")
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        assert "families list" in s.info["last_list_export"]
        assert len(want) < len(records.all_of(s, Family))


def test_format_option_adds_the_suffix(demo_db, tmp_path):
    result = run("export-list", "families", "--database", str(demo_db), "--to", str(tmp_path / "all"),
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "all.csv").read_bytes().startswith(b"\xef\xbb\xbfReference,Family")


def test_mistakes(demo_db, tmp_path):
    unknown = run("export-list", "children", "--database", str(demo_db), "--to", str(tmp_path / "x"),
                  "--stage", "nonsense")
    assert unknown.returncode == 2 and "There is no child stage" in unknown.stderr and no_traceback(unknown)
    no_list = run("export-list", "--database", str(demo_db), "--to", str(tmp_path / "x"))
    assert no_list.returncode == 2 and no_traceback(no_list)
    wrong = run("export-list", "children", "--database", str(demo_db), "--to", str(tmp_path / "x"),
                passphrase="not the passphrase at all")
    assert wrong.returncode == 1 and no_traceback(wrong)
    missing = run("export-list", "children", "--database", str(demo_db),
                  "--to", str(tmp_path / "no-folder" / "x.csv"))
    assert missing.returncode == 1 and "no folder" in missing.stderr and no_traceback(missing)
    assert not list(tmp_path.glob("x*"))
