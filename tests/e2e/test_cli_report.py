"""`homefinder report partnership` as a subprocess on the demo: the same report as the use case gives,
as JSON, CSV, text and PDF; a bad date naming its option, a period ending before it starts refused
with exit status 2 and nothing written; a period with nothing in it saying so and succeeding."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from homefinder_desktop.domain.formatting import financial_year
from homefinder_desktop.domain.fund import period_of_year
from homefinder_desktop.services import demo, partnership
from homefinder_desktop.services.session import open_session

from cli_helpers import DEMO_PASSPHRASE, no_traceback, run, state


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """One demo for the module (only read): made with a data folder of its own, as each test's is."""
    folder = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOMEFINDER_HOME", str(folder / "home"))
        demo.create_demo(folder / "demo.hfdb").close()
    return folder / "demo.hfdb"


def last_year() -> list[str]:
    start, end = period_of_year(financial_year(date.today()) - 1)
    return ["--from", start.isoformat(), "--to", end.strftime("%d/%m/%Y")]


def in_process(path: Path, kind: str):
    start, end = period_of_year(financial_year(date.today()) - 1)
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        report = partnership.partnership_report(s, start, end)
        return report, (partnership.json_text(s, report) if kind == "json" else partnership.csv_text(s, report))


def test_json_and_csv_are_the_use_cases_report(demo_db):
    result = run("report", "partnership", "--database", str(demo_db), *last_year(), "--format", "json")
    assert result.returncode == 0 and no_traceback(result), result.stderr
    report, expected = in_process(demo_db, "json")
    shape = json.loads(result.stdout)
    assert shape == json.loads(expected)
    assert shape["report"] == "partnership" and shape["confidential"].startswith("CONFIDENTIAL")
    assert shape["period"] == {"from": report.start.isoformat(), "to": report.end.isoformat()}
    assert shape["placed"]["children"] == report.placed.children > 0
    assert shape["fund"][0]["balance_at_end"]["pence"] == report.fund[0].balance_at_end
    result = run("report", "partnership", "--database", str(demo_db), *last_year(), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["section", "measure", "value"] and all(len(r) == 3 for r in rows)
    assert result.stdout == in_process(demo_db, "csv")[1]


def test_text_and_pdf(demo_db, tmp_path):
    result = run("report", "partnership", "--database", str(demo_db), *last_year())
    assert result.returncode == 0, result.stderr
    report, _ = in_process(demo_db, "json")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("CONFIDENTIAL") and lines[1] == report.title
    assert "Children placed" in lines and "Referrals made in the period" in lines
    target = tmp_path / "partnership"
    saved = run("report", "partnership", "--database", str(demo_db), *last_year(), "--pdf", str(target))
    assert saved.returncode == 0, saved.stderr
    pdf = tmp_path / "partnership.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and "CONFIDENTIAL" in saved.stdout


def test_bad_periods_are_refused_and_nothing_is_written(demo_db, tmp_path):
    before = state(demo_db)
    target = tmp_path / "report.pdf"
    backwards = run("report", "partnership", "--database", str(demo_db), "--from", "2014-06-30",
                    "--to", "2012-03-01", "--pdf", str(target))
    assert backwards.returncode == 2 and no_traceback(backwards)
    assert "--to is before --from: the period ends before it starts" in backwards.stderr
    not_a_date = run("report", "partnership", "--database", str(demo_db), "--from", "2014-13-01", "--to", "2014-12-31")
    assert not_a_date.returncode == 2 and "--from: “2014-13-01” is not a real date" in not_a_date.stderr
    missing = run("report", "partnership", "--database", str(demo_db), "--from", "2014-01-01")
    assert missing.returncode == 2 and "--to" in missing.stderr
    assert not target.exists() and backwards.stdout == not_a_date.stdout == ""
    assert state(demo_db) == before


def test_a_period_with_nothing_in_it_says_so(demo_db):
    result = run("report", "partnership", "--database", str(demo_db), "--from", "2012-03-01", "--to", "2014-06-30",
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    shape = json.loads(result.stdout)
    assert shape["empty"] is True and shape["summary"][0].startswith("Nothing happened in this period")
    text = run("report", "partnership", "--database", str(demo_db), "--from", "2012-03-01", "--to", "2014-06-30")
    assert text.returncode == 0 and "No child was placed in this period." in text.stdout
