"""The referrals register printout, and the Start page's open-referral figures."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from homefinder_desktop.domain.records import Agency, Child, Family, Referral, StageChange
from homefinder_desktop.reports import referrals_register, styles
from homefinder_desktop.services import records
from homefinder_desktop.services.records import ReferralQuery

TODAY = date(2026, 11, 23)
COUNCIL, PARTNER = "Northshire County Council", "Brightpath Adoption"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="needs poppler's pdftotext and pdfinfo")


def referral(n: int, **changes) -> dict:
    row = {"reference": f"R-{n:05d}", "referred": f"Child {n}", "kind": "child",
           "referred_on": (TODAY - timedelta(days=n)).isoformat(), "age_days": n, "status": "open",
           "response_date": None, "days_to_response": None, "to_agency": PARTNER,
           "reason": f"Reason number {n}", "outcome": ""}
    row.update(changes)
    return row


def pdf_pages(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "register.pdf"
    path.write_bytes(data)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for p in range(1, pages + 1)]


@needs_poppler
def test_every_page_is_confidential_numbered_and_lists_each_referral_once_in_order(tmp_path):
    rows = [referral(n) for n in range(1, 91)]
    pages = pdf_pages(tmp_path, referrals_register.build_pdf(COUNCIL, PARTNER, rows, TODAY, "Open referrals"))
    assert len(pages) >= 2
    seen = []
    for number, page in enumerate(pages, start=1):
        assert page.count("CONFIDENTIAL") >= 2, "top and bottom of every page"
        assert f"Page {number} of {len(pages)}" in page and "Printed 23/11/2026" in page
        assert COUNCIL in page and "Open referrals" in page
        header = next(line for line in page.splitlines() if "Reference" in line)
        for heading in ("Child or family", "Kind", "Referred", "Open for", "Status", "Response"):
            assert heading in header, (number, heading)
        seen += re.findall(r"R-\d{5}", page)
    assert seen == [f"R-{n:05d}" for n in range(1, 91)]
    assert "90 referrals; the oldest open referral has waited 90 days" in " ".join(pages[0].split())


@needs_poppler
def test_a_row_in_words_and_a_closed_one_shows_its_outcome(tmp_path):
    rows = [referral(40, kind="adopter", referred="Mensah family", status="acknowledged",
                     response_date=(TODAY - timedelta(days=33)).isoformat(), days_to_response=7),
            referral(12, status="declined", age_days=None, outcome="No family fits",
                     response_date=(TODAY - timedelta(days=2)).isoformat(), days_to_response=10)]
    (page,) = pdf_pages(tmp_path, referrals_register.build_pdf(COUNCIL, PARTNER, rows, TODAY))
    first = next(line for line in page.splitlines() if "R-00040" in line)
    for words in ("Mensah family", "Adopter", "14/10/2026", "40 days", "Acknowledged", "21/10/2026", "7 days"):
        assert words in first, words
    closed = next(line for line in page.splitlines() if "R-00012" in line)
    assert "Declined" in closed and "Outcome: No family fits" in closed and "12 days" not in closed
    assert "acknowledged" not in page and "adopter " not in page, "labels, not codes"


@needs_poppler
def test_an_empty_register_says_so_on_one_page(tmp_path):
    (page,) = pdf_pages(tmp_path, referrals_register.build_pdf(COUNCIL, PARTNER, [], TODAY))
    assert "No referrals match." in page and "CONFIDENTIAL" in page and "Page 1 of 1" in page


def test_landscape_and_byte_stable():
    with styles.invariant_pdfs():
        first = referrals_register.build_pdf(COUNCIL, PARTNER, [referral(3)], TODAY)
        second = referrals_register.build_pdf(COUNCIL, PARTNER, [referral(3)], TODAY)
    assert first == second and first.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", first)
    assert float(box.group(1)) > float(box.group(2)), "landscape A4"


@needs_poppler
def test_the_service_prints_the_list_as_shown(demo_session, tmp_path):
    demo_session.today = lambda: TODAY
    query = ReferralQuery(sort="referred_on", descending=False)
    ids = records.referral_ids(demo_session, query)
    saved = records.save_referral_register(demo_session, ids, tmp_path / "open referrals",
                                           records.referral_register_title(demo_session, query))
    assert saved.name == "open referrals.pdf"
    text = " ".join(pdf_pages(tmp_path, saved.read_bytes()))
    refs = {r.id: r.reference for r in records.all_of(demo_session, Referral)}
    assert re.findall(r"R-\d{5}", text) == [refs[i] for i in ids]
    reasons = {r.id: r.reason for r in records.all_of(demo_session, Referral)}
    assert reasons[ids[0]].split()[0] in text


# --- the Start page's figures -------------------------------------------------------------------------

@pytest.fixture
def session(new_session):
    new_session.today = lambda: TODAY
    return new_session


def add_referral(session, kind: str, days_ago: int, steps: tuple[str, ...] = ()) -> int:
    own = records.add(session, Agency(name=f"Council {kind} {days_ago}", kind="own")).record_id
    partner = records.add(session, Agency(name=f"Partner {kind} {days_ago}", kind="partner")).record_id
    if kind == "child":
        who = {"child_id": records.add(session, Child(first_name="Ada", last_name=f"Test{days_ago}", sex="F",
                                                      date_of_birth=date(2022, 1, 1))).record_id}
    else:
        who = {"family_id": records.add(session, Family(name=f"Test family {days_ago}", adopter_one="Kim Test",
                                                        agency_id=own)).record_id}
    made = TODAY - timedelta(days=days_ago)
    referral_id = records.add(session, Referral(kind=kind, referred_on=made, from_agency_id=own,
                                                to_agency_id=partner, **who)).record_id
    for step in steps:
        records.record_referral_status(session, referral_id, StageChange(step, made + timedelta(days=1),
                                                                         "Done" if step == "accepted" else ""))
    return referral_id


def test_the_overview_counts_open_referrals_by_kind_the_oldest_and_the_unanswered(session):
    empty = records.overview(session)
    assert empty["open_referrals"] == 0 and empty["open_by_kind"] == {"child": 0, "adopter": 0}
    assert empty["oldest_open"] is None and empty["unanswered"] == 0

    add_referral(session, "child", 3)                       # open, recent: not yet overdue
    add_referral(session, "child", 15)                      # open, no answer for 15 days: overdue
    add_referral(session, "adopter", 14)                    # exactly 14 days: not more than 14
    add_referral(session, "adopter", 40, ("acknowledged",))  # answered, still open: the oldest
    add_referral(session, "child", 300, ("acknowledged", "accepted"))  # closed: not counted
    archived = add_referral(session, "child", 200)
    records.archive(session, Referral, archived)             # archived: left out of counts

    data = records.overview(session)
    assert data["open_referrals"] == 4
    assert data["open_by_kind"] == {"child": 2, "adopter": 2}
    assert data["unanswered"] == 1 and data["overdue_days"] == records.RESPONSE_OVERDUE_DAYS == 14
    oldest = data["oldest_open"]
    assert oldest["days"] == 40 and oldest["referred_on"] == TODAY - timedelta(days=40)
    assert oldest["reference"] == records.get(session, Referral, 4).reference
