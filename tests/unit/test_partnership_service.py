"""The partnership report through its use case, on a real encrypted database with fictional children
placed, links that did not progress, links still in progress at the period's end (read from their
history, not their status today), referrals, and the upfront fund; a period ending before it
starts refused with nothing read; and a period with nothing in it saying so."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date

import pytest

from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.partnership import age_at_placement
from homefinder_desktop.domain.records import Agency, Child, Referral, SiblingGroup, StageChange
from homefinder_desktop.services import fund, links, partnership, records, timeliness
from use_case_checks import count, problems
from matrix_people import child as new_child
from matrix_people import family, link

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
TODAY = date(2026, 11, 20)
START, END = date(2025, 4, 1), date(2026, 3, 31)   # the financial year 2025/26
OWN, PARTNER = 1, 2


def child(s, name: str, **kw) -> int:
    """A child in family finding since before the period (so placing them may be dated in it)."""
    return new_child(s, name, **{"stage_date": date(2024, 6, 1), **kw})


def reason(s, name: str) -> int:
    return next(r["id"] for r in links.end_reasons(s) if r["name"] == name)


def status(s, link_id: int, stage: str, on: date) -> None:
    links.record_link_status(s, link_id, StageChange(stage, on))


@pytest.fixture
def year(s) -> dict:
    """2025/26 in a small partnership (all fictional)."""
    other = records.add(s, Agency(name="Westmoor Children's Trust", kind="other")).record_id
    oakley, ash = family(s, "Oakley family"), family(s, "Ash family")
    brook, reed = family(s, "Brook family", agency=PARTNER), family(s, "Reed family", agency=PARTNER)
    west = family(s, "Wells family", agency=other)
    # Ivy (3) placed in-house in June; her link with the Reeds ends "placed with another family".
    ivy = child(s, "Ivy", date_of_birth=date(2022, 3, 1))
    link(s, ivy, reed, on=date(2025, 5, 1))
    ivy_oakley = link(s, ivy, oakley, on=date(2025, 5, 2))
    links.place(s, ivy_oakley, date(2025, 6, 10))
    # The Hart brothers and sisters, to be placed together: the Ashes' link does not progress, the
    # Brooks' (the partner's) is placed in November: one placement of two children, aged 4 and 2.
    hart = records.add(s, SiblingGroup(name="Hart", decision="together")).record_id
    child(s, "Tom", last_name="Hart", sex="M", date_of_birth=date(2021, 7, 15), sibling_group_id=hart)
    child(s, "Ella", last_name="Hart", date_of_birth=date(2023, 2, 28), sibling_group_id=hart)

    def harts(fam: int, on: date) -> int:
        return links.add_link(s, Link(sibling_group_id=hart, family_id=fam, identified_on=on,
                                      found_at="profile_evening")).record_id

    hart_ash = harts(ash, date(2025, 8, 1))
    links.end_link(s, hart_ash, reason(s, "Child's needs could not be met"), "", date(2025, 10, 1))
    hart_brook = harts(brook, date(2025, 9, 1))
    links.place(s, hart_brook, date(2025, 11, 3))
    # Sam's link with the Brooks ends in September; Noah moves in with the Reeds on the last day.
    sam = child(s, "Sam", sex="M", date_of_birth=date(2020, 1, 1))
    links.end_link(s, link(s, sam, brook, on=date(2025, 7, 1)), reason(s, "Family withdrew interest"), "moved away",
                   date(2025, 9, 1))
    noah = child(s, "Noah", sex="M", date_of_birth=date(2024, 12, 1))
    links.place(s, link(s, noah, reed, on=date(2026, 2, 2)), END)
    records.archive(s, Child, noah)   # archived later: what happened then still counts
    # Outside the period: Mia placed the day before, Finn the day after; a link ended after it.
    links.place(s, link(s, child(s, "Mia"), ash, on=date(2025, 3, 3)), date(2025, 3, 31))
    links.place(s, link(s, child(s, "Finn", sex="M"), west, on=date(2026, 3, 2)), date(2026, 4, 1))
    # At the end of the period: Lily being explored (matching only in May), Rosa at panel (the link
    # ended in June), Zoe identified only in April. A link ended in the period and then archived.
    lily = link(s, child(s, "Lily"), oakley, on=date(2026, 2, 2))
    status(s, lily, "exploring", date(2026, 3, 1))
    status(s, lily, "matching", date(2026, 5, 1))
    rosa = link(s, child(s, "Rosa"), west, on=date(2026, 1, 5))
    status(s, rosa, "matching", date(2026, 2, 1))
    status(s, rosa, "panel", date(2026, 3, 15))
    links.end_link(s, rosa, reason(s, "Plan changed"), "", date(2026, 6, 1))
    link(s, child(s, "Zoe"), brook, on=date(2026, 4, 2))
    gone = link(s, child(s, "Ada"), ash, on=date(2025, 6, 2))
    links.end_link(s, gone, reason(s, "Other"), "entered twice", date(2025, 6, 20))
    records.archive(s, Link, gone)
    # Referrals: Sam's to the partner (accepted in the year), the Wells' (answered only after it),
    # and one made before the year.
    def refer(**kw) -> int:
        return records.add(s, Referral(from_agency_id=OWN, to_agency_id=PARTNER, **kw)).record_id

    sams = refer(kind="child", child_id=sam, referred_on=date(2025, 5, 1))
    records.record_referral_status(s, sams, StageChange("accepted", date(2025, 6, 1), "A family is being sought"))
    wells = refer(kind="adopter", family_id=west, referred_on=date(2026, 3, 1))
    records.record_referral_status(s, wells, StageChange("acknowledged", date(2026, 4, 10)))
    refer(kind="child", child_id=ivy, referred_on=date(2025, 3, 1))
    return {"hart_brook": hart_brook, "noah": noah}


@pytest.fixture
def deal(s, year) -> int:
    """The block of 20 placements, paid in three instalments; fees drawn for the Harts (two
    children) and Noah in the year, the Harts' order fee after it."""
    rates = FeeSchedule(date(2025, 5, 1), (FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
                                           FeeRate(2, "placement", 30_000_00), FeeRate(2, "order", 15_000_00)))
    agreement_id = fund.add_agreement(s, FundAgreement(
        name="Block of 20 placements", agency_id=PARTNER, grant=540_000_00, target_placements=20,
        starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31)), rates).record_id
    for n, on in enumerate((date(2025, 5, 6), date(2025, 9, 1), date(2026, 1, 5)), 1):
        fund.record_instalment(s, agreement_id, on, 180_000_00, n)
    fund.draw_fee(s, agreement_id, year["hart_brook"], "placement", date(2025, 11, 10))
    noah_link = next(r["id"] for r in links.link_rows(s, "all", include_archived=True) if r["unit"].startswith("Noah"))
    fund.draw_fee(s, agreement_id, noah_link, "placement", END)
    fund.roll_over(s, agreement_id, 2025)
    fund.draw_fee(s, agreement_id, year["hart_brook"], "order", date(2026, 11, 4))
    return agreement_id


def test_children_placed_in_the_year(s, year):
    placed = partnership.partnership_report(s, START, END).placed
    # Ivy in-house; the Harts together (one placement, two children) and Noah with the partner's.
    assert (placed.placements, placed.children, placed.families) == (3, 4, 3)
    assert (placed.girls, placed.boys) == (2, 2)
    assert (placed.sibling_group_placements, placed.children_in_sibling_groups) == (1, 2)
    assert placed.ages == ((1, 1), (2, 1), (3, 1), (4, 1))
    assert [(a.kind, a.placements, a.children, a.families) for a in placed.by_agency] == [
        ("own", 1, 1, 1), ("partner", 2, 3, 2)]


def test_links_that_did_not_progress_and_the_children_potentially_linked(s, year):
    report = partnership.partnership_report(s, START, END)
    gone = report.not_progressed
    # Ivy and the Reeds, the Harts and the Ashes, Sam and the Brooks (the archived link is left out);
    # of their children only Sam is "in addition": Ivy and the Harts were placed in the period.
    assert (gone.links, gone.families, gone.children, gone.siblings) == (3, 3, 1, 0)
    # as the evaluation counts: potentially linked = placed + did not progress
    assert report.potentially_linked.children == report.placed.children + gone.children
    assert set(gone.by_reason) == {("Placed with another family", 1), ("Child's needs could not be met", 1),
                                   ("Family withdrew interest", 1)}
    # Ivy, Tom, Ella, Sam and Noah; the Oakleys, Brooks, Reeds and Ashes.
    assert (report.potentially_linked.children, report.potentially_linked.families) == (5, 4)


def test_links_in_progress_are_read_as_they_stood_at_the_end(s, year):
    report = partnership.partnership_report(s, START, END)
    # Lily being explored (matching only in May), and Finn's link, identified then, placed in April.
    assert (report.exploring.links, report.exploring.children, report.exploring.families) == (2, 2, 2)
    assert report.exploring.by_status == (("identified", 1), ("interest", 0), ("exploring", 1))
    assert report.matches.by_status == (("matching", 0), ("panel", 1))
    today = partnership.partnership_report(s, START, TODAY)
    assert today.matches.by_status == (("matching", 1), ("panel", 0))          # Lily now; Rosa ended
    assert today.exploring.by_status == (("identified", 1), ("interest", 0), ("exploring", 0))   # Zoe


def test_referrals_with_their_status_at_the_end(s, year):
    report = partnership.partnership_report(s, START, END)
    assert [(k.kind, k.outcomes) for k in report.referrals] == [("child", (("accepted", 1),)),
                                                                ("adopter", (("open", 1),))]
    assert report.referrals_made == 2


def test_the_fund_from_its_own_summaries(s, deal):
    report = partnership.partnership_report(s, START, END)
    (part,) = report.fund
    assert (part.agreement, part.agency, part.target) == ("Block of 20 placements", "Brightpath Adoption", 20)
    assert (part.placed_by_end, part.placed_in_period) == (3, 3)
    assert (part.balance_at_start, part.paid_in, part.fees, part.balance_at_end) == (
        0, 540_000_00, 48_000_00, 492_000_00)
    assert part.balance_at_end == fund.summary(s, deal, END).balance
    later = partnership.partnership_report(s, date(2026, 4, 1), TODAY).fund[0]
    assert (later.balance_at_start, later.fees, later.paid_in, later.placed_in_period) == (
        492_000_00, 15_000_00, 0, 0)


def test_timeliness_is_the_periods_cohort(s, year):
    report = partnership.partnership_report(s, START, END)
    cohort = timeliness.cohort_for(s, START, END)
    assert (report.timeliness.a1, report.timeliness.a2) == (cohort.results["a1"], cohort.results["a2"])


def test_a_period_ending_before_it_starts_is_refused(s, year):
    assert problems(partnership.partnership_report, s, END, START) == [
        "To: is before From: the period ends before it starts"]


def test_a_period_with_nothing_in_it_says_so(s, deal):
    before = count(s, "audit")
    report = partnership.partnership_report(s, date(2010, 4, 1), date(2011, 3, 31))
    assert report.empty and report.summary()[0].startswith("Nothing happened in this period")
    assert report.fund == ()          # the agreement starts later
    assert json.loads(partnership.json_text(s, report))["empty"] is True
    assert count(s, "audit") == before   # a report only reads


def test_csv_and_json_out(s, deal, tmp_path):
    report = partnership.partnership_report(s, START, END)
    rows = list(csv.reader(io.StringIO(partnership.csv_text(s, report))))
    assert rows[0] == ["section", "measure", "value"]
    assert rows[1][2].startswith("CONFIDENTIAL")
    assert ["Children placed", "Children", "4"] in rows
    assert ["The upfront fund: Block of 20 placements", "Fees drawn (£)", "48000.00"] in rows
    shape = json.loads(partnership.json_text(s, report))
    assert shape["fund"][0]["balance_at_end"] == {"pence": 492_000_00, "pounds": "492000.00"}
    assert shape["placed"]["by_agency"][1]["label"] == "Brightpath Adoption's families"
    saved = partnership.save_csv(s, report, tmp_path / "report")
    assert saved.name == "report.csv" and saved.read_text("utf-8-sig") == partnership.csv_text(s, report)


def test_the_report_names_no_child(s, year):
    report = partnership.partnership_report(s, START, END)
    text = partnership.csv_text(s, report) + partnership.json_text(s, report)
    for name in ("Ivy", "Hart", "Noah", "Sam", "Ashworth", "2022-03-01"):
        assert name not in text


def test_ages_at_placement_in_sql_agree_with_the_domain(s):
    """Born on 29 February: 4 on 28 February 2025, 5 on 1 March (domain.partnership.age_at_placement)."""
    leap = date(2020, 2, 29)
    for name, on in (("Ava", date(2025, 2, 28)), ("Bea", date(2025, 3, 1))):
        kid = child(s, name, date_of_birth=leap, stage_date=date(2024, 1, 2))
        links.place(s, link(s, kid, family(s, f"{name}s family"), on=date(2025, 2, 3)), on)
    report = partnership.partnership_report(s, date(2025, 2, 1), date(2025, 3, 31))
    assert report.placed.ages == ((age_at_placement(leap, date(2025, 2, 28)), 1),
                                  (age_at_placement(leap, date(2025, 3, 1)), 1)) == ((4, 1), (5, 1))


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_pdftotext
def test_the_pdf_has_every_section_confidential_on_each_page(s, deal, tmp_path):
    report = partnership.partnership_report(s, START, END)
    saved = partnership.save_pdf(s, report, tmp_path / "partnership")
    assert saved.name == "partnership.pdf"
    text = pdf_text(saved)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert page.count("CONFIDENTIAL") >= 2 and f"Page {number} of {len(pages)}" in page
    assert "Partnership report, 01/04/2025 to 31/03/2026" in text
    assert "4 children were placed for adoption with 3 adoptive families" in text
    for heading in ("Children placed", "Links explored that did not progress", "potentially linked",
                    "Matches still active at the end of the period", "Referrals made in the period",
                    "The upfront fund: Block of 20 placements", "Timeliness (Adoption Scorecard)"):
        assert heading in text
    assert "3 of 20 children placed (15%)" in text and "£492,000.00" in text
    for name in ("Ivy", "Hart", "Noah", "Ashworth"):
        assert name not in text


@needs_pdftotext
def test_an_empty_periods_pdf_says_so_in_each_section(s, tmp_path):
    report = partnership.partnership_report(s, date(2010, 4, 1), date(2011, 3, 31))
    text = pdf_text(partnership.save_pdf(s, report, tmp_path / "empty.pdf"))
    assert "Nothing happened in this period" in text
    assert "No child was placed in this period." in text and "No referral was made in this period." in text


def test_words_typed_for_a_reason_never_leave_the_program(s, year):
    """A link ended before the list of reasons existed (or imported) has only the worker's words,
    which may name someone: the report, bound for the evaluators, says only that it was not listed."""
    ended = link(s, child(s, "Pip"), family(s, "Moss family"), on=date(2025, 6, 2))
    links.end_link(s, ended, reason(s, "Family withdrew interest"), "", date(2025, 6, 20))
    db = s.database()
    with s.writing():  # as a link ended before m007 was recorded: the words and no reason from the list
        db.execute("UPDATE links SET end_reason_id = NULL, ended_reason = 'Aunt Edna Pike came forward' "
                   "WHERE id = ?", [ended])
    report = partnership.partnership_report(s, START, END)
    assert ("Other (not from the list)", 1) in report.not_progressed.by_reason
    out = partnership.csv_text(s, report) + partnership.json_text(s, report)
    assert "Edna" not in out and "Pike" not in out
