"""Fund movements from a CSV file: every unreadable cell named by line and column before anything is
applied; then every row through the fund's use cases in one transaction, the first refusal naming
its line and leaving the ledger and the audit trail exactly as they were."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.fund import FundAgreement
from homefinder_desktop.domain.fund_import import read_movements
from homefinder_desktop.domain.importing import ImportRefused
from homefinder_desktop.domain.links import Link
from homefinder_desktop.services import fund, records
from homefinder_desktop.services.fund_import import read_file, record_file
from homefinder_desktop.services import links
from matrix_people import child, family, link
from test_fund_service import PARTNER, TODAY, count, deal, placed  # noqa: F401, F811 - fixtures (s: conftest, on TODAY)

LINKS = {"L-00012": 12}
HEADINGS = ["Date", "Movement", "Amount", "Link", "Stage", "Purpose", "Salary", "From year", "Instalment",
            "Reverses", "Memo"]


def read(*rows: list, headings=HEADINGS) -> list[str]:
    plan = read_movements(headings, list(enumerate(rows, start=2)), LINKS)
    return [str(p) for p in plan.problems]


def row(on="", kind="", amount="", link="", stage="", purpose="", salary="", from_year="", number="", reverses="",
        memo="") -> list[str]:
    return [on, kind, amount, link, stage, purpose, salary, from_year, number, reverses, memo]


def test_good_rows_are_read_as_movements():
    plan = read_movements(HEADINGS, list(enumerate([
        row("06/05/2025", "Instalment", "£180,000.00", number="1"),
        row("2025-10-20", "fee", link="L12", stage="At placement"),
        row(kind="Rolled over", from_year="2025/26"),
        row("01/04/2026", "rollover"),
        row("01/02/2026", "reallocation", purpose="Link worker", salary="30000.01"),
        row("10/02/2026", "REALLOCATION", "18000.5", purpose="advertising"),
        row("20/03/2026", "Returned to the council", "5,000"),
        row("21/03/2026", "reversal", reverses="E-000004", memo="Entered twice"),
        row("", "", "", "", "", "", "", "", "", "", ""),   # an empty row is passed over
    ], start=2)), LINKS)
    assert plan.problems == []
    got = [(r.line, r.kind, r.on, r.amount, r.link_id, r.stage, r.purpose, r.salary, r.from_fy, r.instalment,
            r.reverses_id) for r in plan.rows]
    assert got == [
        (2, "instalment", date(2025, 5, 6), 180_000_00, None, "", "", None, None, 1, None),
        (3, "fee", date(2025, 10, 20), None, 12, "placement", "", None, None, None, None),
        (4, "rollover", None, None, None, "", "", None, 2025, None, None),
        (5, "rollover", date(2026, 4, 1), None, None, "", "", None, 2025, None, None),
        (6, "reallocation", date(2026, 2, 1), None, None, "", "link_worker", 30_000_01, None, None, None),
        (7, "reallocation", date(2026, 2, 10), 18_000_50, None, "", "advertising", None, None, None, None),
        (8, "return", date(2026, 3, 20), 5_000_00, None, "", "", None, None, None, None),
        (9, "reversal", date(2026, 3, 21), None, None, "", "", None, None, None, 4)]


def test_every_cell_problem_is_named_by_line_and_column():
    assert read(
        row("31/02/2026", "instalment", "180000"),
        row("06/05/2025", "instalment", "-£500.00"),
        row("06/05/2025", "instalment", "lots"),
        row("06/05/2025", "gift", "100"),
        row("20/10/2025", "fee", stage="placement"),
        row("20/10/2025", "fee", link="L-00099", stage="placement"),
        row("21/03/2026", "reversal", memo="Entered twice"),
        row("21/03/2026", "reversal", reverses="E-000004"),
        row("1/5/25", "return", "0"),
        row("06/05/2025", "instalment", "100", stage="order"),
        row(kind="rollover", from_year="2025/27"),
        row("31/03/2026", "rollover"),
        row("01/02/2026", "reallocation", "100", purpose="advertising", salary="200"),
        row("", "", "12"),
    ) == [
        "line 2, Date: “31/02/2026” is not a real date",
        ("line 3, Amount: “-£500.00” is less than £0.00: write every amount as more than £0.00 (the Movement "
         "says which way the money goes; a mistake is put right by a reversal)"),
        "line 4, Amount: “lots” is not an amount of money, e.g. £27,000.00",
        "line 5, Movement: “gift” is not one of: instalment, fee, rollover, reallocation, return, reversal",
        "line 6, Link: is required for a fee: the placement's link reference, e.g. L-00012",
        "line 7, Link: L-00099 is not the reference of a known link",
        "line 8, Reverses: is required for a reversal: the number of the entry it corrects, e.g. E-000123",
        "line 9, Memo: is required for a reversal: say what was wrong with the entry",
        "line 10, Date: “1/5/25” has a two-digit year: write the year in full, e.g. 23/11/2026",
        "line 10, Amount: is £0.00, which moves nothing: write an amount more than £0.00",
        "line 11, Stage: is not read for an instalment: leave it empty on this row",
        ("line 12, From year: “2025/27” is not a financial year: one runs from 1 April to 31 March the next year, "
         "e.g. 2025/26"),
        ("line 13, Date: a rollover out of 2024/25 is dated 01/04/2025, the first day of 2025/26: leave the date "
         "empty, or write that day"),
        "line 14, Salary: is only for the link worker: the fund pays the council's half",
        "line 15, Movement: is required: one of instalment, fee, rollover, reallocation, return, reversal"]


def test_headings_in_any_order_and_case_and_the_columns_problems():
    plan = read_movements(["memo", "AMOUNT (£)", "movement", "DATE"],
                          [(2, ("First", "180000", "instalment", "06/05/2025"))], LINKS)
    assert plan.problems == [] and plan.rows[0].amount == 180_000_00 and plan.rows[0].memo == "First"
    assert read(["06/05/2025", "100"], headings=["Date", "Amount"]) == ["Required columns are missing: Movement."]
    assert read(["06/05/2025", "instalment", "100"], headings=["Date", "Movement", "Amout"]) == [
        "Homefinder does not read the column “Amout”. The columns are: Date, Movement, Amount, Link, Stage, "
        "Purpose, Salary, From year, Instalment, Reverses, Memo."]
    assert read(headings=["Date", "Movement"]) == ["The file has no movements under its headings."]


# --- through the use cases, on a real database ------------------------------------------------------

def write(tmp_path, *lines: str):
    path = tmp_path / "movements.csv"
    path.write_text("\n".join(["Date,Movement,Amount,Link,Stage,Purpose,Salary,From year,Reverses,Memo", *lines])
                    + "\n", encoding="utf-8")
    return path


def ledger_and_audit(s) -> tuple[int, int, int]:
    return count(s, "fund_entries"), count(s, "fund_postings"), count(s, "audit")


def placed_with(s, child_name: str, family_name: str, agency: int = PARTNER) -> int:
    """Another child placed on 06/10/2025 (placed() makes the same child each time)."""
    lk = link(s, child(s, child_name, stage_date=date(2025, 6, 1)), family(s, family_name, agency=agency),
              on=date(2025, 9, 1))
    links.place(s, lk, date(2025, 10, 6))
    return lk


def reference(s, link_id) -> str:
    return records.get(s, Link, link_id).reference


def refusal(s, deal, path, **kw) -> list[str]:
    with pytest.raises(ImportRefused) as exc:
        record_file(s, deal, path, **kw)
    return [str(p) for p in exc.value.problems]


def test_a_good_file_records_every_movement_with_its_audit_rows(s, deal, tmp_path):
    lk = placed(s)
    path = write(tmp_path,
                 f"06/10/2025,fee,,{reference(s, lk)},placement,,,,,",
                 "01/02/2026,reallocation,,,,link worker,30000.00,,,Link worker Feb-Mar",
                 "10/02/2026,reallocation,£2500,,,advertising,,,,Adopter event adverts",
                 "20/03/2026,return,£500.00,,,,,,,Unspent advertising",
                 ",rollover,,,,,,2025/26,,Year end")
    before = ledger_and_audit(s)
    done = record_file(s, deal, path)
    assert [(r.line, r.entry.kind, r.entry.amount) for r in done.recorded] == [
        (2, "fee", 18_000_00), (3, "reallocation", 15_000_00), (4, "reallocation", 2_500_00),
        (5, "return", 500_00), (6, "rollover", 540_000_00 - 18_000_00 - 15_000_00 - 2_500_00 - 500_00)]
    assert done.balance == fund.balance(s, deal) == 540_000_00 - 36_000_00
    entries, postings, audit = ledger_and_audit(s)
    # Each entry and each of its two postings has its audit row, with the worker's name.
    assert (entries - before[0], postings - before[1], audit - before[2]) == (5, 10, 15)
    who = {r[0] for r in s.database().execute(
        "SELECT DISTINCT who FROM audit WHERE table_name IN ('fund_entries', 'fund_postings') AND id > ?",
        [before[2]])}
    assert who == {s.who}


def test_a_refusal_on_the_fourth_row_leaves_the_first_three_unwritten(s, deal, tmp_path):
    lk = placed(s)
    path = write(tmp_path,
                 "10/01/2026,reallocation,1000,,,advertising,,,,Adverts",
                 f"06/10/2025,fee,,{reference(s, lk)},placement,,,,,",
                 "20/03/2026,return,500,,,,,,,Unspent",
                 f"07/10/2025,fee,,{reference(s, lk)},placement,,,,,")
    before = ledger_and_audit(s)
    assert refusal(s, deal, path) == [f"line 5, Stage: the fee at placement for link {reference(s, lk)} was already "
                                      "drawn on 06/10/2025"]
    assert ledger_and_audit(s) == before
    assert fund.balance(s, deal) == 540_000_00


def test_cell_problems_are_all_listed_before_anything_is_applied(s, deal, tmp_path):
    path = write(tmp_path,
                 "06/05/2025,instalment,-5,,,,,,,",
                 "06/05/2025,fee,,,placement,,,,,",
                 "06/05/2025,reversal,,,,,,,,Wrong")
    before = ledger_and_audit(s)
    assert refusal(s, deal, path) == [
        ("line 2, Amount: “-5” is less than £0.00: write every amount as more than £0.00 (the Movement says which "
         "way the money goes; a mistake is put right by a reversal)"),
        "line 3, Link: is required for a fee: the placement's link reference, e.g. L-00012",
        "line 4, Reverses: is required for a reversal: the number of the entry it corrects, e.g. E-000123"]
    assert ledger_and_audit(s) == before


def test_each_rule_refusal_names_its_line_and_writes_nothing(s, deal, tmp_path):
    in_house = placed(s, agency=1, name="Oakley family")
    draw = fund.draw_fee(s, deal, placed_with(s, "Rose", "Reed family"), "placement").record_id
    undo = fund.reverse(s, draw, "Drawn twice").record_id
    other = fund.add_agreement(s, FundAgreement(name="Advertising fund", agency_id=PARTNER, grant=1_000_00,
                                                starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31))).record_id
    foreign = fund.record_instalment(s, other, date(2025, 6, 1), 1_000_00).record_id
    before = ledger_and_audit(s)
    # Each problem is named by the file's column (the use cases' own words for a field, such as
    # "Placement" or "Entry", are not headings of the file).
    cases = {
        f"06/10/2025,fee,,{reference(s, in_house)},placement,,,,,":
            "line 3, Link: the family of link L-00001 is not one of the agency holding this fund",
        ",rollover,,,,,,2026/27,,":
            "line 3, From year: 2027/28 is after the agreement ends (31/03/2027)",
        "01/06/2024,instalment,100,,,,,,,":
            "line 3, Date: 01/06/2024 is outside the agreement's financial years (2025/26, 2026/27)",
        f"20/03/2026,reversal,,,,,,,E-{undo:06d},Undo the undo":
            "line 3, Reverses: is itself a reversal: a reversal is not reversed",
        f"20/03/2026,reversal,,,,,,,{foreign},Wrong agreement":
            f"line 3, Reverses: E-{foreign:06d} is not an entry on the ledger of “Block of 20 placements”",
        "20/03/2026,reversal,,,,,,,E-009999,Wrong number":
            "line 3, Reverses: E-009999 is not an entry on the ledger of “Block of 20 placements”",
        "20/03/2026,return,600000,,,,,,,":
            "line 3, Amount: would take the holding account 2025/26 below £0.00",
        f"06/10/2025,fee,£1.00,{reference(s, placed_with(s, 'Lily', 'Lane family'))},placement,,,,,":
            "line 3, Amount: is £1.00 in the file, but the fee schedule in force sets £18,000.00",
    }
    before = ledger_and_audit(s)
    for line, expected in cases.items():
        path = write(tmp_path, "06/05/2025,instalment,100,,,,,,,First", line)
        found = refusal(s, deal, path)
        assert len(found) == 1 and found[0].startswith(expected), (line, found)
        assert ledger_and_audit(s) == before


def test_a_dry_run_applies_every_row_and_writes_nothing(s, deal, tmp_path):
    path = write(tmp_path, "10/01/2026,reallocation,1000,,,advertising,,,,Adverts",
                 "20/03/2026,return,500,,,,,,,Unspent")
    before = ledger_and_audit(s)
    done = record_file(s, deal, path, dry_run=True)
    assert done.dry_run and [r.entry.kind for r in done.recorded] == ["reallocation", "return"]
    assert done.balance == 540_000_00 - 1_500_00
    assert ledger_and_audit(s) == before
    # The same file really recorded gives the entries the dry run showed.
    real = record_file(s, deal, path)
    assert [(r.entry.id, r.entry.amount) for r in real.recorded] == [(r.entry.id, r.entry.amount)
                                                                       for r in done.recorded]


def test_read_file_needs_no_agreement(s, tmp_path):
    path = write(tmp_path, "06/05/2025,instalment,180000,,,,,,,")
    assert [r.amount for r in read_file(s, path).rows] == [180_000_00]
