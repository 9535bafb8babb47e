"""The fund's dialogs and the questions other pages ask: a placement recorded on the Links page
offers its fee (Yes draws it, No leaves it due), an adoption order offers the second stage; a new
agreement with its fees and its refusals at the fields; the terms changed; a new version of the
fees; a rollover, money returned and a balance check; the statement and the year end as PDFs."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from fund_people import TODAY, agreement, child_of, page, placed, warnings  # noqa: F401 (fixtures)
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import fund
from homefinder_desktop.ui import fund_agreement_dialogs, fund_page
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.links_page import LinksPage
from homefinder_desktop.ui.stage_dialog import StageDialog
from matrix_people import child, family, link
from use_case_checks import count



@pytest.fixture
def asked(monkeypatch):
    """QMessageBox.question answers with `asked.answer` and keeps each question's text."""

    class Asked(list):
        answer = QMessageBox.StandardButton.Yes

    questions = Asked()

    def question(parent, title, text, *a, **k):
        questions.append(text)
        return questions.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions




def fee_entries(s) -> int:
    return s.database().execute("SELECT count(*) FROM fund_entries WHERE kind = 'fee'").fetchone()[0]


# --- the questions after a placement or an adoption order -------------------------------------------------

@pytest.fixture
def links_page(qtbot, s):
    links = LinksPage(AppContext(s))
    qtbot.addWidget(links)
    links.resize(1280, 720)
    links.show()
    return links


def place_on_the_links_page(links_page, s) -> int:
    kid = child(s, "Ivy", stage_date=date(2025, 6, 1))
    home = family(s, "Brook family", agency=2)
    lk = link(s, kid, home, on=date(2026, 1, 5))
    links_page.load_record(lk)
    dialog = links_page.open_end_dialog(True)
    dialog.date.setText("12/01/2026")
    assert dialog.record()
    return lk


def test_a_placement_with_the_partner_draws_the_fee_when_the_worker_says_yes(links_page, s, asked):
    deal = agreement(s)
    lk = place_on_the_links_page(links_page, s)
    assert asked == [("Draw £18,000.00 from Block of 20 placements for Ivy Ashworth with Brook family now?\n\n"
                      "It is the fee at placement (link L-00001), due 12/01/2026. If not now, it stays on the Fund "
                      "page under “Fees due”.")]
    assert fee_entries(s) == 1 and fund.balance(s, deal) == 522_000_00
    assert fund.fees_due(s, deal) == []
    assert fund.summary(s, deal).children_placed == 1 and lk


def test_no_draws_nothing_and_the_fee_stays_due(links_page, s, asked):
    deal = agreement(s)
    asked.answer = QMessageBox.StandardButton.No
    lk = place_on_the_links_page(links_page, s)
    assert len(asked) == 1 and fee_entries(s) == 0 and fund.balance(s, deal) == 540_000_00
    assert [(d.placement.link_id, d.stage) for d in fund.fees_due(s, deal)] == [(lk, "placement")]


def test_two_agreements_with_the_agency_draw_one_fee_once(links_page, s, asked):
    """Both agreements could pay for a placement with the agency's family: the worker is asked
    agreement by agreement, and once one pays a stage the other is not asked for it."""
    first, second = agreement(s), agreement(s, "Sibling groups block")
    place_on_the_links_page(links_page, s)
    assert len(asked) == 1 and "from Block of 20 placements for Ivy Ashworth" in asked[0]
    assert fee_entries(s) == 1
    assert fund.balance(s, first) == 522_000_00 and fund.balance(s, second) == 540_000_00


def test_no_to_one_agreement_asks_the_next(links_page, s, asked, monkeypatch):
    agreement(s)
    second = agreement(s, "Sibling groups block")
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or next(answers))
    place_on_the_links_page(links_page, s)
    assert len(asked) == 2 and "from Sibling groups block" in asked[1]
    assert fee_entries(s) == 1 and fund.balance(s, second) == 522_000_00


def test_no_question_without_an_agreement_or_for_the_councils_own_family(links_page, s, asked):
    place_on_the_links_page(links_page, s)
    agreement(s)
    kid = child(s, "Rose", stage_date=date(2025, 6, 1))
    lk = link(s, kid, family(s, "Oakley family", agency=1), on=date(2026, 1, 5))
    links_page.load_record(lk)
    dialog = links_page.open_end_dialog(True)
    dialog.date.setText("12/01/2026")
    assert dialog.record()
    assert asked == [] and fee_entries(s) == 0


def test_the_adoption_order_offers_the_second_stage(qtbot, s, asked, warnings):
    deal = agreement(s)
    lk = placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 1, 12))
    fund.draw_fee(s, deal, lk, "placement")
    fund.roll_over(s, deal, 2025)  # the order falls in 2026/27
    dialog = StageDialog(AppContext(s), Child, child_of(s, lk), "Ivy Ashworth")
    qtbot.addWidget(dialog)
    dialog.stage.setValue("adoption_order")
    dialog.date.setText("02/11/2026")
    assert dialog.record()
    assert len(asked) == 1 and asked[0].startswith(
        "Draw £9,000.00 from Block of 20 placements for Ivy Ashworth with Brook family now?")
    assert "the fee at the adoption order, or a year after placement" in asked[0]
    assert fee_entries(s) == 2 and fund.balance(s, deal) == 540_000_00 - 27_000_00 and warnings == []


def test_a_refused_draw_says_why(qtbot, s, asked, warnings):
    deal = agreement(s)
    lk = placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 4, 13))   # 2026/27, nothing rolled over yet
    from homefinder_desktop.ui.fund_dialogs import offer_fees_for_link

    assert offer_fees_for_link(AppContext(s), None, lk) == 0
    assert len(asked) == 1 and fee_entries(s) == 0 and fund.balance(s, deal) == 540_000_00
    assert warnings and "roll it over into 2026/27 first" in warnings[0]


# --- the agreement and its fees ------------------------------------------------------------------------------

def test_a_new_agreement_refused_at_its_fields_then_made_with_its_fees(page, s):
    dialog = page.new_agreement()
    assert dialog.agency.currentText() == "Brightpath Adoption"  # the partner, not the council itself
    dialog.grant.setText("five hundred")
    dialog.dates["Starts on"].setText("01/05/2025")
    dialog.dates["Spend by"].setText("31/03/2026")
    dialog.rates.edits[(1, "placement")].setText("18,000x")
    assert not dialog.save()
    errors = dialog.fields.errors
    assert errors.message_label("Grant").text() == "Grant “five hundred” is not an amount of money, e.g. £27,000.00."
    assert "“18,000x” is not an amount of money" in errors.message_label("One child, at placement").text()
    dialog.grant.setText("540000")
    dialog.rates.edits[(1, "placement")].setText("")
    dialog.rates.edits[(2, "placement")].setText("30000")
    assert not dialog.save()
    assert errors.message_label("Name").text() == "Name is required."
    dialog.name.setText("Block of 20 placements")
    assert not dialog.save()
    assert errors.message_label("Rates").text() == "Rates need a fee for one child."
    assert count(s, "fund_agreements") == 0
    dialog.rates.edits[(1, "placement")].setText("18000")
    dialog.rates.edits[(1, "order")].setText("9000")
    dialog.target.setValue(20)
    assert dialog.save()
    assert page.agreement is not None and page.agreement.name == "Block of 20 placements"
    assert page.figures["balance"].text() == "£0.00" and page.figures["placed"].text() == "0 of 20"
    assert "fee for one child now £27,000.00" in page.facts.text()


def test_the_terms_are_changed(page, s):
    deal = agreement(s)
    page.refresh()
    dialog = page.edit_agreement()
    assert dialog.grant.text() == "£540,000.00" and dialog.rates is None
    dialog.target.setValue(25)
    dialog.dates["Money may be used until"].setText("31/03/2026")
    fund.record_instalment(s, deal, date(2026, 5, 1), 100)
    assert not dialog.save()  # an entry would fall outside
    assert "would leave an entry outside the agreement" in \
        dialog.fields.errors.message_label("Money may be used until").text()
    dialog.dates["Money may be used until"].setText("31/03/2027")
    assert dialog.save()
    assert fund.agreement(s, deal).target_placements == 25
    assert page.figures["placed"].text() == "0 of 25"


def test_a_new_version_of_the_fees(page, s):
    deal = agreement(s)
    page.refresh()
    dialog = page.open_fees()
    assert dialog.versions.rowCount() == 1
    assert dialog.versions.item(0, 0).text() == "01/05/2025 (in force)"
    assert dialog.versions.item(0, 1).text() == "£18,000.00 + £9,000.00"
    assert dialog.grid.edits[(3, "order")].text() == "£20,000.00"  # starts from the latest version
    dialog.effective.setText("01/05/2025")
    assert not dialog.save()
    assert "already has a fee schedule" in dialog.fields.errors.message_label("Takes effect from").text()
    dialog.effective.setText("01/04/2026")
    dialog.grid.edits[(1, "placement")].setText("19,500")
    assert dialog.save()
    assert dialog.versions.rowCount() == 2 and dialog.versions.item(1, 1).text() == "£19,500.00 + £9,000.00"
    assert page.figures["affordable"].text() == str(540_000_00 // 28_500_00)
    assert fund.schedules(s, deal)[-1].fee(1, "placement") == 19_500_00


def test_rollover_return_and_balance_check(page, s):
    deal = agreement(s)
    page.refresh()
    dialog = page.roll_over()
    assert dialog.into.currentText().startswith("2026/27, from 2025/26 (on 01/04/2026)")
    assert dialog.save()  # all that is left
    assert fund.year_end(s, deal, 2025).rolled_on == 540_000_00
    dialog = page.return_money()
    dialog.amount.setText("")
    dialog.on.setText("02/11/2026")
    assert not dialog.save()
    assert dialog.fields.errors.message_label("Amount").text() == "Amount is required."
    dialog.amount.setText("2,500.50")
    assert dialog.save()
    assert page.figures["returned"].text() == "£2,500.50"
    dialog = page.add_check()
    dialog.balance.setText("£1,000,000.00")
    dialog.on.setText("01/12/2026")
    assert not dialog.save()
    assert dialog.fields.errors.message_label("Date").text() == "Date is in the future."
    dialog.on.setText("03/11/2026")
    assert dialog.save()
    assert page.failing.isVisible() and "the ledger holds £462,500.50 less" in page.failing_lines.text()


# --- printouts ------------------------------------------------------------------------------------------------

def test_the_statement_and_the_year_end_as_pdfs(page, s, monkeypatch, tmp_path):
    deal = agreement(s)
    fund.draw_fee(s, deal, placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 1, 12)), "placement")
    page.refresh()
    monkeypatch.setattr(fund_agreement_dialogs, "ask_where_to_save_pdf", lambda parent, title, suggested:
                        tmp_path / suggested.name)
    offered = []
    monkeypatch.setattr(fund_page, "offer_to_open_pdf", lambda parent, title, what, saved: offered.append(saved))
    dialog = page.save_statement()
    # What it says of the printout is what the printout does: no child named in full.
    assert "CONFIDENTIAL" in dialog.intro.text() and "names children" not in dialog.intro.text()
    assert "link's reference and initials" in dialog.intro.text()
    assert dialog.start.text() == "01/04/2025" and dialog.end.text() == "20/11/2026"
    dialog.end.setText("31/03/2025")
    assert not dialog.save()
    assert dialog.fields.errors.message_label("To").text().startswith("To is before From")
    dialog.end.setText("31/03/2026")
    assert dialog.save()
    assert offered == [tmp_path / "fund-statement-2025-04-01-to-2026-03-31.pdf"]
    assert offered[0].read_bytes().startswith(b"%PDF")
    dialog = page.save_year_end()
    assert dialog.year.currentText() == "2025/26"  # the latest year ended
    assert dialog.save()
    assert offered[-1] == tmp_path / "fund-year-end-2025-26.pdf" and offered[-1].read_bytes().startswith(b"%PDF")
