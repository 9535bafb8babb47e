"""The fund statement and the year-end summary on paper, read back with poppler's pdftotext as an
auditor ticking them would read them: every figure equals the ledger's, the sums are worked out on
the page, the balance is carried from page to page, a failing check is printed, and no child is
named in full."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.formatting import format_money
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import SiblingGroup
from homefinder_desktop.services import fund, links, records
from homefinder_desktop.services.fund_print import (save_statement_pdf, save_year_end_pdf, statement_pdf,
                                                    year_end_pdf)
from matrix_people import child, family
from test_fund_service import TODAY, deal, placed  # noqa: F401 - fixtures (s is the conftest one, on TODAY)

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")

BORN = ("01/03/2022", "2022-03-01")   # every child of matrix_people is born then
FULL_NAMES = ("Ivy Ashworth", "Rose Ashworth", "Tom Ashworth", "Ashworth")
MONEY = r"-?£[\d,]+\.\d\d"


def pdf_pages(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "fund.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    return [" ".join(page.split()) for page in pages]


def pounds(text: str) -> int:
    return int(text.replace("£", "").replace(",", "").replace(".", ""))


def ledger_rows(text: str) -> list[tuple[int, int]]:
    """(entry number, running balance) of each row of the statement's table: the balance is the
    row's last amount (the words of a rollover name an amount, too)."""
    rows = []
    for row in re.split(r"(?=\d\d/\d\d/\d{4} E-\d{6} )", text)[1:]:
        row = re.split(r"Carried forward|Closing balance", row)[0]
        rows.append((int(row[13:19]), pounds(re.findall(MONEY, row)[-1])))
    return rows


def every_page_is_framed(pages: list[str]) -> None:
    for n, page in enumerate(pages, 1):
        assert page.count("CONFIDENTIAL") >= 2, n
        assert f"Page {n} of {len(pages)}" in page
        assert "Northshire County Council" in page and "Brightpath Adoption" in page


def no_child_named(pages: list[str]) -> None:
    for page in pages:
        for words in FULL_NAMES + BORN:
            assert words not in page


def group_placed(s, on=date(2025, 11, 3)) -> int:
    """Rose and Tom Ashworth, placed together with the Marsh family."""
    group = records.add(s, SiblingGroup(name="Rose and Tom Ashworth")).record_id
    for name in ("Rose", "Tom"):
        child(s, name, sibling_group_id=group, stage_date=date(2025, 6, 1))
    lk = links.add_link(s, Link(sibling_group_id=group, family_id=family(s, "Marsh family", agency=2),
                                identified_on=date(2025, 9, 1), found_at="homefinder_meeting")).record_id
    links.place(s, lk, on)
    return lk


@pytest.fixture
def year(s, deal):  # noqa: F811 - the fixture
    return every_kind_of_movement(s, deal)


def every_kind_of_movement(s, deal) -> dict:  # noqa: F811
    """2025/26 with every kind of movement: fees for Ivy and for Rose and Tom, one drawn in
    error and reversed, the link worker's half salary, advertising, money returned, two balance
    checks (the second wrong), and the rollover into 2026/27."""
    ivy = placed(s)
    fund.draw_fee(s, deal, ivy, "placement")
    group = group_placed(s)
    wrong = fund.draw_fee(s, deal, group, "placement", on=date(2025, 11, 10)).record_id
    fund.reverse(s, wrong, "Drawn before the Marsh family's invoice came: Ivy Ashworth's paperwork",
                 on=date(2025, 11, 12))
    fund.draw_fee(s, deal, group, "placement", on=date(2025, 12, 1), memo="Invoice 117: Rose and Tom Ashworth")
    fund.reallocate(s, deal, date(2026, 2, 1), "link_worker", salary=30_000_01, memo="Link worker, Feb to Mar")
    fund.reallocate(s, deal, date(2026, 2, 20), "advertising", 4_500_00, memo="Older children campaign")
    fund.return_money(s, deal, date(2026, 3, 20), 5_000_00, "Unspent advertising budget")
    fund.add_assertion(s, deal, date(2025, 9, 30), 360_000_00, "Agency statement, September")
    fund.add_assertion(s, deal, date(2026, 1, 31), 480_000_00, "Agency statement, January")
    fund.roll_over(s, deal, 2025)
    return {"ivy": ivy, "group": group, "wrong": wrong}


def test_a_reversal_names_what_it_reverses_when_that_is_before_the_period(s, deal, year, tmp_path):
    group_ref = records.get(s, Link, year["group"]).reference
    text = " ".join(pdf_pages(tmp_path, statement_pdf(s, deal, date(2025, 11, 11), date(2025, 11, 30))))
    assert (f"Reversal of E-{year['wrong']:06d} (fee drawn at placement for link {group_ref} (R.A., T.A.), "
            "2 children)") in text


def test_the_statement_prints_the_ledgers_figures_and_checks_its_sums(s, deal, year, tmp_path):
    start, end = date(2025, 9, 1), date(2026, 4, 30)
    st = fund.statement(s, deal, start, end)
    pages = pdf_pages(tmp_path, statement_pdf(s, deal, start, end))
    every_page_is_framed(pages)
    no_child_named(pages)
    text = " ".join(pages)
    assert "Fund statement: Block of 20 placements" in text and "01/09/2025 to 30/04/2026" in text
    assert "Held by: Brightpath Adoption" in text and "Grant: £540,000.00, target 20 placements" in text
    assert f"Opening balance brought forward (at the end of 31/08/2025) {format_money(st.opening)}" in text
    assert f"Closing balance carried forward (at the end of 30/04/2026) {format_money(st.closing)}" in text
    # Every entry's row: its number, and the running balance the service worked out, in order.
    assert ledger_rows(text) == [(line.entry.id, line.balance) for line in st.lines]
    assert f"Money in (3 entries) {format_money(st.money_in)}" in text
    assert f"Money out (6 entries) {format_money(st.money_out)}" in text
    assert (f"{format_money(st.opening)} + {format_money(st.money_in)} – {format_money(st.money_out)} = "
            f"{format_money(st.closing)}, which is the closing balance: it adds up.") in text
    # The placements by link reference and initials; the reversal names what it reverses; the
    # memo of a reversal keeps only the initials of the names it gives.
    ivy_ref, group_ref = (records.get(s, Link, i).reference for i in (year["ivy"], year["group"]))
    assert f"Fee drawn at placement for link {ivy_ref} (I.A.), one child" in text
    assert (f"Fee drawn at placement for link {group_ref} (R.A., T.A.), 2 children [Reversed by "
            f"E-{year['wrong'] + 1:06d}]") in text
    assert (f"Reversal of E-{year['wrong']:06d} (fee drawn at placement for link {group_ref} (R.A., T.A.), "
            "2 children). Why: Drawn before the M. family's invoice came: I. A.'s paperwork") in text
    assert f"for link {group_ref} (R.A., T.A.), 2 children: Invoice 117: R. and T. A." in text
    assert "Ivy" not in text and "Marsh" not in text and "Rose" not in text
    assert "Rolled over from 2025/26 into 2026/27: £" in text and "no change to the balance" in text
    assert "Link worker, Feb to Mar. The agency's own half, £15,000.01, is not from the fund." in text
    assert "DOES NOT AGREE, the ledger holds £12,000.00 more" in text
    assert "BALANCE CHECK FAILED: Holding balance on 31/01/2026" in pages[0]


def four_hundred_entries(s, deal) -> None:  # noqa: F811
    """With the three instalments, 400 entries: advertising bought in small amounts, now and then
    topped up."""
    day = date(2025, 6, 1)
    for n in range(397):
        if n % 40 == 0:
            fund.record_instalment(s, deal, day, 1_000_00, memo=f"Top-up {n // 40 + 1}")
        else:
            fund.reallocate(s, deal, day, "advertising", 123_45 + n, memo=f"Advert {n}")
        day += timedelta(days=1 if n % 2 else 0)


def test_a_long_statement_carries_its_balance_from_page_to_page(s, deal, tmp_path):
    four_hundred_entries(s, deal)
    st = fund.statement(s, deal, date(2025, 5, 1), date(2026, 3, 31))
    assert len(st.lines) == 400
    pages = pdf_pages(tmp_path, statement_pdf(s, deal, date(2025, 5, 1), date(2026, 3, 31)))
    assert len(pages) >= 5
    every_page_is_framed(pages)
    balances = {line.entry.id: line.balance for line in st.lines}
    continued = [(before, page) for before, page in zip(pages, pages[1:]) if re.search(r"\d{4} E-\d{6} ", page)]
    assert len(continued) >= 4
    for before, page in continued:
        carried = re.search(r"Carried forward (" + MONEY + ")", before)
        brought = re.search(r"Brought forward (" + MONEY + ")", page)
        assert carried and brought and carried.group(1) == brought.group(1)
        # ... and it is the running balance after the page's last entry.
        last = re.findall(r"E-(\d{6}) ", before)[-1]
        assert pounds(carried.group(1)) == balances[int(last)]
        assert page.index("Brought forward") < page.index("E-")
    assert "Brought forward" not in pages[0] and "Carried forward" not in continued[-1][1]
    text = " ".join(pages)
    assert ledger_rows(text) == [(line.entry.id, line.balance) for line in st.lines]
    assert f"Closing balance carried forward (at the end of 31/03/2026) {format_money(st.closing)}" in text
    assert "it adds up." in text


def test_an_empty_period_says_so_and_opening_equals_closing(s, deal, tmp_path):
    pages = pdf_pages(tmp_path, statement_pdf(s, deal, date(2026, 4, 1), date(2026, 6, 30)))
    every_page_is_framed(pages)
    text = " ".join(pages)
    assert "No entries in this period" in text
    assert "Opening balance brought forward (at the end of 31/03/2026) £540,000.00" in text
    assert "Closing balance carried forward (at the end of 30/06/2026) £540,000.00" in text
    assert "£540,000.00 + £0.00 – £0.00 = £540,000.00, which is the closing balance: it adds up." in text
    assert "No balance was agreed with the agency in this period." in text


def test_the_year_end_prints_the_services_figures(s, deal, year, tmp_path):
    end = fund.year_end(s, deal, 2025)
    pages = pdf_pages(tmp_path, year_end_pdf(s, deal, 2025))
    every_page_is_framed(pages)
    no_child_named(pages)
    text = " ".join(pages)
    assert "Year-end summary 2025/26: Block of 20 placements" in text
    assert f"Opening balance brought forward (at the end of 31/03/2025) {format_money(end.opening)}" in text
    assert f"add Instalments received {format_money(end.instalments)}" in text
    assert f"less Fees drawn (at placement for 3 children) {format_money(end.fees)}" in text
    assert "less Reallocated: link worker (the council's half of the salary) £15,000.00" in text
    assert "less Reallocated: joint advertising £4,500.00" in text
    assert end.reallocated == 19_500_00
    assert f"less Returned to the council {format_money(end.returned)}" in text
    assert f"Closing balance carried forward (at the end of 31/03/2026) {format_money(end.closing)}" in text
    assert (f"{format_money(end.opening)} + {format_money(end.instalments)} – {format_money(end.fees)} – "
            f"{format_money(end.reallocated)} – {format_money(end.returned)} = {format_money(end.closing)}, "
            "which is the closing balance: it adds up.") in text
    assert (f"Rolled over from this year's account into 2026/27 on 01/04/2026: {format_money(end.rolled_on)}."
            in text)
    # 2024/25 is no year of the agreement: nothing could be rolled over from it.
    assert "2025/26 is the agreement's first financial year: nothing was rolled over into it." in text
    assert "2024/25" not in text
    # The failing check: at the top, and in the list with the one that agrees.
    assert "BALANCE CHECK FAILED: Holding balance on 31/01/2026" in pages[0]
    assert "1 of 2 checks DOES NOT AGREE" in text
    assert ("Holding balance on 30/09/2025: the agency's statement says £360,000.00; the ledger agrees. "
            "(Agency statement, September)") in text
    # Entries by kind, each subtotal the year's figure (the reversal netted under fees).
    assert f"Subtotal: instalments received (3 entries) {format_money(end.instalments)}" in text
    assert f"Subtotal: fees drawn (4 entries) {format_money(end.fees)}" in text
    assert f"Subtotal: returned to the council (1 entry) {format_money(end.returned)}" in text


def test_the_next_year_shows_what_was_rolled_in(s, deal, year, tmp_path):
    end = fund.year_end(s, deal, 2026)
    text = " ".join(pdf_pages(tmp_path, year_end_pdf(s, deal, 2026)))
    assert (f"Rolled over from 2025/26 into this year's holding account on 01/04/2026: "
            f"{format_money(end.rolled_in)}.") in text
    # The agreement's last year: there is no year after it to roll over into.
    assert (f"2026/27 is the agreement's last financial year (money may be used until 31/03/2027): the balance so "
            f"far, {format_money(end.closing)}, is to be spent by then or returned to the council, unless the "
            "agreement is extended.") in text
    assert "2027/28" not in text
    assert "No balance was agreed with the agency in 2026/27." in text
    assert "Subtotal: rolled over (1 entry) " + format_money(end.rolled_in) in text
    assert "BALANCE CHECK FAILED" not in text


def test_a_year_outside_the_agreement_is_refused_and_a_year_without_entries_says_so(s, deal, tmp_path):
    with pytest.raises(ValidationError, match="Financial year: 2024/25 is outside the agreement's financial years"):
        year_end_pdf(s, deal, 2024)
    text = " ".join(pdf_pages(tmp_path, year_end_pdf(s, deal, 2026)))
    assert "No entries in 2026/27." in text
    assert "2026/27 is the agreement's last financial year" in text


def test_saved_where_the_worker_chose(s, deal, tmp_path):
    path = save_statement_pdf(s, deal, date(2025, 4, 1), date(2026, 3, 31), tmp_path / "statement")
    assert path == tmp_path / "statement.pdf" and path.read_bytes().startswith(b"%PDF")
    path = save_year_end_pdf(s, deal, 2025, tmp_path / "year end.pdf")
    assert path == tmp_path / "year end.pdf" and "Year-end summary" in " ".join(pdf_pages(tmp_path, path.read_bytes()))


def test_the_document_works_the_sums_out_itself(s, deal, tmp_path):
    """Given figures that do not add up (the ledger never gives them), the page says so in words
    rather than echoing a total."""
    from homefinder_desktop.reports import fund_statement

    wrong = dataclasses.replace(fund.statement(s, deal, date(2025, 4, 1), date(2026, 3, 31)), closing=1_00)
    pages = pdf_pages(tmp_path, fund_statement.statement_pdf("Northshire County Council", "Brightpath Adoption",
                                                             wrong, {}, TODAY))
    text = " ".join(pages)
    assert ("£0.00 + £540,000.00 – £0.00 = £540,000.00, but the closing balance is £1.00: DOES NOT ADD UP, out by "
            "£539,999.00.") in text


def test_a_memo_too_long_for_a_page_is_cut_short_and_the_rest_prints(s, deal, tmp_path):
    fund.return_money(s, deal, date(2026, 3, 20), 1_00, "Returned because " + "the budget was not used " * 300)
    text = " ".join(pdf_pages(tmp_path, statement_pdf(s, deal, date(2025, 4, 1), date(2026, 3, 31))))
    assert "(cut short here: the program has the rest)" in text
    assert "Closing balance carried forward (at the end of 31/03/2026) £539,999.00" in text


def test_a_memo_naming_a_child_with_no_fee_in_the_period_keeps_only_initials(s, deal, tmp_path):
    """A worker's memo may name any child or family the records hold, not only those the period's
    fees are for: every surname the database knows is printed as its initial."""
    child(s, "Poppy", last_name="Lindqvist")
    family(s, "Harcourt family", agency=2)
    fund.reallocate(s, deal, date(2026, 2, 20), "advertising", 4_500_00,
                    memo="Feature on Poppy Lindqvist and the Harcourt family's story")
    fund.return_money(s, deal, date(2026, 3, 20), 100_00, "Overpaid: see Ms Harcourt.")
    pages = pdf_pages(tmp_path, statement_pdf(s, deal, date(2026, 2, 1), date(2026, 3, 31)))
    text = " ".join(pages)
    assert "Lindqvist" not in text and "Harcourt" not in text
    assert "Feature on Poppy L. and the H. family's story" in text and "Overpaid: see Ms H." in text
    year_end = " ".join(pdf_pages(tmp_path, year_end_pdf(s, deal, 2025)))
    assert "Lindqvist" not in year_end and "Feature on Poppy L." in year_end
