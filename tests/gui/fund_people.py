"""A realistic upfront fund for the Fund page's tests and screenshots, all fictional, on 20/11/2026:
the £540,000.00 block of 20 placements with Brightpath Adoption, paid in three instalments; children
placed with its families and their fees drawn; the year end rolled over; a link worker's salary and
joint advertising reallocated; one balance check that agrees and one that does not; and two fees
still due (a placement not yet drawn for, and an adoption order)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import StageChange
from homefinder_desktop.services import fund, links, records
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.fund_page import FundPage
from matrix_people import child, family, link

TODAY = date(2026, 11, 20)
PARTNER = 2
SCHEDULE = FeeSchedule(date(2025, 5, 1), (
    FeeRate(1, "placement", 18_000_00), FeeRate(1, "order", 9_000_00),
    FeeRate(2, "placement", 30_000_00), FeeRate(2, "order", 15_000_00),
    FeeRate(3, "placement", 40_000_00), FeeRate(3, "order", 20_000_00)), "Agreed with the agency")


def agreement(s, name="Block of 20 placements") -> int:
    """The agreement and its fees, with the grant paid in three instalments in 2025/26."""
    terms = FundAgreement(name=name, agency_id=PARTNER, grant=540_000_00, target_placements=20,
                          starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31))
    agreement_id = fund.add_agreement(s, terms, SCHEDULE).record_id
    for n, on in enumerate((date(2025, 5, 6), date(2025, 9, 1), date(2026, 1, 5)), 1):
        fund.record_instalment(s, agreement_id, on, 180_000_00, n, "Paid by the council's finance team")
    return agreement_id


def placed(s, first: str, last: str, family_name: str, on: date, agency: int = PARTNER) -> int:
    """A child linked with a family of the agency and placed on `on`: the link's id."""
    kid = child(s, first, last_name=last, stage_date=date(2025, 4, 1))
    home = family(s, family_name, agency=agency)
    lk = link(s, kid, home, on=date(on.year, on.month, 1) if on.day > 1 else on)
    links.place(s, lk, on)
    return lk


def child_of(s, link_id: int) -> int:
    return records.get(s, Link, link_id).child_id


def realistic(s) -> dict:
    """The whole story; returns the agreement's id and the links still due a fee."""
    deal = agreement(s)
    first = placed(s, "Maisie", "Thornbury", "Larkfield family", date(2025, 7, 14))
    fund.draw_fee(s, deal, first, "placement")
    fund.add_assertion(s, deal, date(2025, 9, 30), 342_000_00, "Agency statement, September 2025")
    for first_name, last, home, on in (("Alfie", "Pennington", "Marlow family", date(2025, 10, 6)),
                                       ("Rosa", "Whitcombe", "Aldridge family", date(2025, 12, 1)),
                                       ("Theo", "Ashdown", "Caldwell family", date(2026, 2, 9))):
        fund.draw_fee(s, deal, placed(s, first_name, last, home, on), "placement")
    fund.roll_over(s, deal, 2025, memo="Unspent at the year end, as agreed")
    fund.reallocate(s, deal, date(2026, 4, 30), "link_worker", salary=30_000_00, memo="Link worker, April to September")
    fund.reallocate(s, deal, date(2026, 5, 20), "advertising", 6_500_00, memo="Older children and sibling groups")
    fund.draw_fee(s, deal, first, "order")          # a year after placement, before the order
    later = placed(s, "Poppy", "Fairbrother", "Kingsley family", date(2026, 6, 15))
    fund.draw_fee(s, deal, later, "placement")
    waiting = placed(s, "Oscar", "Lindqvist", "Harcourt family", date(2026, 9, 7))   # not drawn yet: due
    rosa_link = next(r["id"] for r in links.link_rows(s, "all") if r["unit"].startswith("Rosa"))
    records.record_child_stage(s, child_of(s, rosa_link), StageChange("adoption_order", date(2026, 10, 19)))
    fund.add_assertion(s, deal, date(2026, 9, 30), 409_000_00, "Agency statement, September 2026")
    return {"agreement": deal, "due_placement": waiting, "due_order": rosa_link}


# Fixtures the Fund page's test modules share (imported there by name, so pytest finds them).

@pytest.fixture(autouse=True)
def warnings(monkeypatch):
    """Warnings are kept, not shown (a modal box would hang the test): a test says which it expects."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: seen.append(text))
    return seen


@pytest.fixture
def page(qtbot, s):
    page = FundPage(AppContext(s))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page
