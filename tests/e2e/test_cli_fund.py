"""`homefinder fund` as a subprocess: the agreements, the balance, the statement as text and CSV,
and movements recorded from a CSV file, all or nothing."""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from homefinder_desktop import paths
from homefinder_desktop.domain.formatting import format_money
from homefinder_desktop.domain.fund import FundAgreement
from homefinder_desktop.domain.links import Link
from homefinder_desktop.services import fund, records
from homefinder_desktop.services.session import open_session

from cli_helpers import DEMO_PASSPHRASE, no_traceback, run
from demo_days import demo_made_on

EXAMPLE = paths.resources_dir() / "examples" / "fund_movements.csv"
# The demo's fund is dated from the day it is made; the example file's dates fit a demo made in
# 2026/27, so the demo is made as on this day (the command itself runs on the real today).
DEMO_DAY = date(2026, 11, 20)


@pytest.fixture
def demo_db(tmp_path) -> Path:
    demo_made_on(DEMO_DAY, tmp_path).close()
    return tmp_path / "demo.hfdb"


def ledger(path: Path) -> tuple[int, int, int]:
    with open_session(path, DEMO_PASSPHRASE, "Test") as s:
        db = s.database()
        return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("fund_entries", "fund_postings", "audit"))


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "movements.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_list_and_balance(demo_db):
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        summary = fund.summary(s, 1)
    listed = run("fund", "list", "--database", str(demo_db))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].split() == ["ID", "Agreement", "Agency", "Grant", "Balance", "now"]
    assert listed.stdout.splitlines()[1].split()[-2:] == ["£540,000.00", format_money(summary.balance)]
    balance = run("fund", "balance", "--database", str(demo_db))
    assert balance.returncode == 0 and no_traceback(balance)
    out = balance.stdout
    assert f"Holding balance             {format_money(summary.balance)}" in out
    assert f"Placements                  {summary.target_words}" in out
    assert f"The balance still pays for  {summary.placements_affordable} more children" in out
    assert summary.forecast in out
    # The demo's latest agency statement does not agree: a warning, not a failure.
    assert [line for line in balance.stderr.splitlines() if line.startswith("Warning:")] == [
        f"Warning: {c.describe()}" for c in summary.failing_checks] != []
    earlier = run("fund", "balance", "--database", str(demo_db), "--on", "30/09/2025")
    assert "as at 30/09/2025" in earlier.stdout and "Warning:" not in earlier.stderr


def test_statement_as_text_and_csv(demo_db):
    period = ["--from", "01/04/2025", "--to", "31/03/2026"]
    text = run("fund", "statement", "--database", str(demo_db), *period)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("CONFIDENTIAL")
    assert "Opening balance" in lines[4] and lines[4].endswith("£0.00")
    assert any("E-000001" in line and "Instalment 1 received" in line for line in lines)
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        statement = fund.statement(s, 1, date(2025, 4, 1), date(2026, 3, 31))
    closing = next(line for line in lines if "Closing balance" in line)
    assert closing.startswith("31/03/2026") and closing.endswith(format_money(statement.closing))
    table = run("fund", "statement", "--database", str(demo_db), *period, "--format", "csv")
    assert table.returncode == 0, table.stderr
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert rows[0][0].startswith("CONFIDENTIAL")
    assert rows[1] == ["Date", "Entry", "Movement", "Money in (£)", "Money out (£)", "Balance (£)"]
    assert rows[2][2] == "Opening balance" and rows[-1][2] == "Closing balance"
    assert len(rows) == 2 + len(statement.lines) + 2
    pence = [tuple(round(float(cell or 0) * 100) for cell in r[3:6]) for r in rows[2:]]
    running = pence[0][2]
    for money_in, money_out, balance in pence[1:-1]:   # the running balance adds up, line by line
        running += money_in - money_out
        assert balance == running
    assert pence[-1][2] == running == statement.closing


def test_record_the_example_after_a_dry_run(demo_db):
    before = ledger(demo_db)
    dry = run("fund", "record", str(EXAMPLE), "--database", str(demo_db), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0].startswith("fund_movements.csv: 4 movements to record on “Block of 20")
    assert "No problems. Nothing was written (--dry-run)" in dry.stdout
    assert ledger(demo_db) == before
    done = run("fund", "record", str(EXAMPLE), "--database", str(demo_db))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0].startswith("Recorded 4 movements from fund_movements.csv on “Block of 20")
    assert out[1].split()[:3] == ["line", "2", f"E-{before[0] + 1:06d}"]
    entries, postings, audit = ledger(demo_db)
    assert (entries - before[0], postings - before[1], audit - before[2]) == (4, 8, 12)
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        assert out[-1] == f"The holding balance is now {format_money(fund.balance(s, 1))}."
        assert {r["who"] for r in s.database().query(
            "SELECT who FROM audit WHERE table_name = 'fund_entries' ORDER BY id DESC LIMIT 4")} == {"E2E Worker"}
    again = run("fund", "record", str(EXAMPLE), "--database", str(demo_db))
    assert again.returncode == 1 and "line 2, Movement: is the same as E-" in again.stderr
    assert ledger(demo_db) == (entries, postings, audit)


def test_a_bad_file_names_the_line_and_records_nothing(demo_db, tmp_path):
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        drawn = next(e for e in fund.entries(s, 1) if e.kind == "fee" and e.fee_stage == "placement")
        link = records.get(s, Link, drawn.link_id).reference
    before = ledger(demo_db)
    refused = run("fund", "record", str(write(tmp_path, "Date,Movement,Amount,Purpose,Link,Stage,Memo",
                                              "02/10/2026,reallocation,£300.00,advertising,,,Leaflets",
                                              f"03/10/2026,fee,,,{link},placement,")),
                  "--database", str(demo_db))
    assert refused.returncode == 1 and no_traceback(refused)
    assert refused.stderr.splitlines() == [
        f"line 3, Stage: the fee at placement for link {link} was already drawn on {drawn.on:%d/%m/%Y}",
        "Nothing was recorded: 1 problem. Correct the file and run it again."]
    unreadable = run("fund", "record", str(write(tmp_path, "Date,Movement,Amount,Link,Stage,Reverses,Memo",
                                                 "02/10/2026,return,-£300.00,,,,",
                                                 "03/10/2026,fee,,,placement,,",
                                                 "04/10/2026,reversal,,,,,Wrong")),
                     "--database", str(demo_db), "--dry-run")
    assert unreadable.returncode == 1
    assert [line.split(":")[0] for line in unreadable.stderr.splitlines()] == [
        "line 2, Amount", "line 3, Link", "line 4, Reverses", "Nothing would be recorded"]
    assert ledger(demo_db) == before


def test_usage_mistakes_exit_2_and_several_agreements_need_one_named(demo_db, tmp_path):
    for args in (["statement", "--from", "01/04/2025"], ["balance", str(EXAMPLE)], ["balance", "--dry-run"],
                 ["list", "--agreement", "1"], ["statement", "--from", "31/02/2026", "--to", "01/03/2026"],
                 ["statement", "--from", "01/04/2026", "--to", "01/03/2026"], ["record"],
                 ["statement", "--from", "01/04/2025", "--to", "01/03/2026", "--format", "csv", "--pdf", "x.pdf"]):
        result = run("fund", *args, "--database", str(demo_db))
        assert result.returncode == 2 and no_traceback(result), (args, result.stderr)
    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        fund.add_agreement(s, FundAgreement(name="Advertising pot", agency_id=2, grant=10_000_00,
                                            starts_on=date(2026, 4, 1), spend_by=date(2027, 3, 31)))
    which = run("fund", "balance", "--database", str(demo_db))
    assert which.returncode == 1
    assert "demo.hfdb has 2 agreements: choose one with --agreement ID" in which.stderr
    second = run("fund", "balance", "--database", str(demo_db), "--agreement", "2")
    assert second.returncode == 0 and second.stdout.startswith("Advertising pot, held by Brightpath Adoption")
    missing = run("fund", "balance", "--database", str(demo_db), "--agreement", "9")
    assert missing.returncode == 1 and "demo.hfdb has no agreement 9" in missing.stderr


def test_statement_as_pdf(demo_db, tmp_path):
    result = run("fund", "statement", "--database", str(demo_db), "--from", "01/04/2025", "--to", "31/03/2026",
                 "--pdf", str(tmp_path / "statement"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "statement.pdf").read_bytes().startswith(b"%PDF")
    assert f"The statement is in {tmp_path / 'statement.pdf'}" in result.stdout


def test_the_statement_and_the_balance_as_the_agency_reads_them(demo_db):
    """What goes to the agency's finance people names no child in full, even in a worker's memo; a
    reversal names the entry it corrects where a terminal's column does not cut it off; and the
    balance's figures add up to it, money returned counted once."""
    from homefinder_desktop.domain.records import Child

    with open_session(demo_db, DEMO_PASSPHRASE, "Test") as s:
        kid = next(c for c in records.all_of(s, Child) if len(c.last_name) > 3)
        fund.return_money(s, 1, date(2026, 11, 2), 1_000_00, f"Overpaid: see {kid.first_name} {kid.last_name}'s file")
        summary = fund.summary(s, 1, date(2026, 11, 20))
    period = ["--from", "01/04/2025", "--to", "20/11/2026"]
    for fmt in ("text", "csv"):
        out = run("fund", "statement", "--database", str(demo_db), *period, "--format", fmt)
        assert out.returncode == 0, out.stderr
        assert kid.last_name not in out.stdout and f"{kid.first_name} {kid.last_name[0]}." in out.stdout
        reversal = next(line for line in out.stdout.splitlines() if "E-000004" in line)
        assert "Reversal of E-000003: Entered twice" in reversal
    balance = run("fund", "balance", "--database", str(demo_db), "--on", "20/11/2026")
    figures = {line[:28].strip(): line[28:].strip() for line in balance.stdout.splitlines() if line.startswith("  ")}
    assert figures["Paid in"] == "£540,000.00" and figures["Returned to the council"] == "£1,000.00"
    pence = {k: int(v.replace("£", "").replace(",", "").replace(".", "")) for k, v in figures.items()
             if v.startswith("£") and k not in ("Grant",)}
    assert (pence["Paid in"] - pence["Fees drawn"] - pence["Reallocated: link worker"]
            - pence["Reallocated: advertising"] - pence["Returned to the council"]) == pence["Holding balance"] \
        == summary.balance
