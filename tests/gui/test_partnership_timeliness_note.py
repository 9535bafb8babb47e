"""The timeliness part of the partnership report, on screen and on paper, says once how many children
were left out of A2 for want of a placement order (A2's own sentence says it), not twice over."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QFrame, QLabel

from homefinder_desktop.domain.partnership import (SECTIONS, AgencyPlacements, PartnershipReport, Placed,
                                                   Timeliness)
from homefinder_desktop.domain.timeliness import MeasureResult
from homefinder_desktop.reports.partnership import report_pdf
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.partnership_view import PartnershipView

pytestmark = pytest.mark.usefixtures("warnings_fail")
REPORT = PartnershipReport(
    date(2025, 4, 1), date(2026, 3, 31), "Northshire County Council", "Brightpath Adoption", date(2026, 11, 24),
    placed=Placed(placements=2, children=2, families=2, girls=1, boys=1, ages=((3, 2),),
                  by_agency=(AgencyPlacements("own", 2, 2, 2),)),
    timeliness=Timeliness(MeasureResult("a1", 2, 450.0, 0, 426), MeasureResult("a2", 3, 150.0, 1, 121),
                          "Adoption Scorecard 2014–17"))


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def test_the_printed_note_says_it_once():
    text = pdf_text(report_pdf(REPORT, date(2026, 11, 24)))
    assert "(1 left out: no placement order)" in text
    assert "without a placement order left out" not in text


def test_the_card_on_screen_says_it_once(qtbot, new_session):
    view = PartnershipView(AppContext(new_session))
    qtbot.addWidget(view)
    view._show(replace(REPORT))
    card = view.content.findChild(QFrame, f"section_{SECTIONS['timeliness']}")
    words = " ".join(label.text() for label in card.findChildren(QLabel))
    assert words.count("no placement order") == 1 and "without a placement order left out" not in words
