"""Print preview (and Print…) of the other printable records: the matching matrix record on the
Matching page, with the privacy switch as the screen has it, a draft and a decided matrix alike; the
fund statement and the year-end summary from their dialogs. The preview draws every page of the
PDF "Save" would write; a refused request shows its problem and opens nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QMessageBox

from fund_people import agreement, placed
from homefinder_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from homefinder_desktop.domain.matrix import MatrixDecision
from homefinder_desktop.services import fund, fund_print, matrix, matrix_record
from homefinder_desktop.ui import print_preview
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.fund_page import FundPage
from homefinder_desktop.ui.matching_page import MatchingPage
from matrix_people import child, family, link

TODAY = date(2026, 11, 20)


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@pytest.fixture(autouse=True)
def told(monkeypatch):
    """Message boxes are kept, not shown (a modal box would hang the test)."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: seen.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: seen.append(text))
    return seen


@pytest.fixture
def previews(monkeypatch):
    """Each preview opened, its pages drawn through its paint path as showing it would, with no
    window (exec would wait for a worker)."""
    seen = []

    def exec_(self):
        widget = self.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        seen.append({"pages": widget.pageCount(), "title": self.windowTitle()})
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    return seen


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """The system print dialog answered as a worker choosing a printer would: here, a PDF file."""
    sent = []

    def choose(self):
        target = tmp_path / f"printer-{len(sent)}.pdf"
        sent.append(target)
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose)
    return sent


# -- the matching matrix record ---------------------------------------------------------------------

@pytest.fixture
def matching(qtbot, s):
    """The Matching page showing a draft matrix for Ivy with three families."""
    ivy = child(s, stage_date=date(2026, 9, 1))
    families = [family(s, "Oakley family"), family(s, "Brook family", agency=2), family(s, "Reed family")]
    for home in families:
        link(s, ivy, home)
    s.families = families
    s.matrix_id = matrix.start_matrix(s, families, child_id=ivy).record_id
    page = MatchingPage(AppContext(s))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.refresh()
    page.show_matrix(s.matrix_id)
    return page


@pytest.fixture
def records_made(monkeypatch):
    """The privacy each matrix record was made with, and its pages."""
    made = []
    original = matrix_record.matrix_record_pdf

    def make(session, matrix_id, *, private):
        pdf = original(session, matrix_id, private=private)
        made.append({"private": private, "pages": page_count(pdf)})
        return pdf

    monkeypatch.setattr(matrix_record, "matrix_record_pdf", make)
    return made


@pytest.mark.parametrize("private", [False, True])
def test_the_preview_draws_every_page_of_the_record_with_the_screens_privacy(matching, s, previews, records_made,
                                                                             told, private):
    assert matching.preview_button.text() == "Print preview…"
    assert matching.print_button.text() == "Save record as PDF…"  # no longer a second "Print"
    matching.set_private(private)
    matching.preview_button.click()
    assert [r["private"] for r in records_made] == [private]
    assert len(previews) == 1 and previews[0]["pages"] == records_made[0]["pages"] >= 1
    # The print job's name (kept by the system's queue) gives the reference, not the child's name.
    assert previews[0]["title"] == "Print preview — Matrix record MX-0001, version 1"
    assert "Ivy" not in previews[0]["title"]
    assert told == []


def test_a_decided_matrix_is_previewed_as_well_as_a_draft(matching, s, previews, records_made):
    assert matching.preview_record() is True
    matrix.decide(s, s.matrix_id, MatrixDecision(s.families[1], TODAY, "Best placed for Ivy's needs",
                                                 "Dana Whitfield", "Morgan Hale"))
    matching.show_matrix(s.matrix_id)
    assert matching.model.sheet.decided
    assert matching.preview_button.isEnabled() and not matching.decide_button.isEnabled()
    assert matching.preview_record() is True
    assert [p["pages"] for p in previews] == [r["pages"] for r in records_made]
    assert len(previews) == 2 and all(p["pages"] >= 1 for p in previews)


def test_the_preview_button_is_off_like_saving_when_nothing_is_shown_or_locked(matching, s, previews, told):
    assert matching.preview_button.isEnabled() == matching.print_button.isEnabled() is True
    s.lock_now()
    matching.ctx.locked.emit()
    assert not matching.preview_button.isEnabled() and not matching.print_button.isEnabled()
    assert matching.preview_record() is False
    assert previews == [] and told == []


def test_a_refused_record_says_why_and_opens_no_preview(matching, previews, monkeypatch, told):
    def refuse(session, matrix_id, *, private):
        raise NotFound("That record (matrices 1) no longer exists.")

    monkeypatch.setattr(matrix_record, "matrix_record_pdf", refuse)
    assert matching.preview_record() is False
    assert told == ["That record (matrices 1) no longer exists."]
    assert previews == []


# -- the fund statement and the year-end summary -----------------------------------------------------

@pytest.fixture
def fund_page(qtbot, s):
    """The Fund page for an agreement with a placement fee and, so its statement runs to more than
    one page, a year of weekly advertising."""
    deal = agreement(s)
    fund.draw_fee(s, deal, placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 1, 12)), "placement")
    for week in range(45):
        fund.reallocate(s, deal, date(2025, 5, 12) + timedelta(weeks=week), "advertising", 250_00,
                        memo=f"Advertising, week {week + 1}")
    page = FundPage(AppContext(s))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.refresh()
    s.deal = deal
    return page


def test_the_statement_is_previewed_and_printed_page_for_page(fund_page, s, previews, printed):
    dialog = fund_page.save_statement()
    assert [b.text() for b in (dialog.ok, dialog.preview_button, dialog.print_button)] == \
        ["Save as PDF…", "Print preview…", "Print…"]
    dialog.end.setText("31/03/2026")
    pages = page_count(fund_print.statement_pdf(s, s.deal, date(2025, 4, 1), date(2026, 3, 31)))
    assert pages > 1
    dialog.preview_button.click()
    assert previews[0] == {"pages": pages, "title": "Print preview — Fund statement 01/04/2025 to 31/03/2026"}

    statuses = []
    fund_page.ctx.status.connect(statuses.append)
    dialog.print_button.click()
    assert [page_count(target.read_bytes()) for target in printed] == [pages]
    assert statuses == ["Sent the statement to the printer"]
    assert dialog.isVisible()  # printing is not saving: the dialog stays for a PDF too


def test_the_year_end_summary_is_previewed_page_for_page(fund_page, s, previews):
    dialog = fund_page.save_year_end()
    assert dialog.year.currentText() == "2025/26"
    assert dialog.print_printout(preview=True) is True
    assert previews == [{"pages": page_count(fund_print.year_end_pdf(s, s.deal, 2025)),
                         "title": "Print preview — Fund year-end summary 2025/26"}]


def test_a_refused_statement_is_shown_at_its_field_and_opens_nothing(fund_page, previews, printed):
    dialog = fund_page.save_statement()
    dialog.end.setText("31/03/2025")  # before From: the use case refuses it
    assert dialog.print_printout(preview=True) is False
    assert dialog.print_printout(preview=False) is False
    assert dialog.fields.errors.message_label("To").text().startswith("To is before From")
    dialog.end.setText("31/13/2025")  # does not read as a date: refused before the use case
    assert dialog.print_printout(preview=True) is False
    assert set(dialog.fields.errors.shown) == {"To"}
    assert previews == [] and printed == []


def test_a_refused_year_end_is_shown_at_its_field_and_opens_nothing(fund_page, previews, printed, monkeypatch):
    def refuse(session, agreement_id, fy):
        raise ValidationError([FieldProblem("Financial year", "is outside the agreement's financial years")])

    monkeypatch.setattr(fund_print, "year_end_pdf", refuse)
    dialog = fund_page.save_year_end()
    assert dialog.print_printout(preview=True) is False
    assert dialog.print_printout(preview=False) is False
    assert set(dialog.fields.errors.shown) == {"Financial year"}
    assert previews == [] and printed == []
