"""The partnership report on screen: it opens on the last full financial year with its big numbers
and charts, a quick choice fills in the period, a period ending before it starts is said at "To"
with nothing read, an empty period says so, the report saves as a PDF and copies as CSV, it follows
a placement made elsewhere, and nothing stays on screen once locked. All fictional."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel

from homefinder_desktop.domain.formatting import format_date
from homefinder_desktop.services import links, partnership
from homefinder_desktop.ui import partnership_view
from homefinder_desktop.ui.charts import BarChart
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.partnership_view import PartnershipView
from matrix_people import child, family, link

pytestmark = pytest.mark.usefixtures("warnings_fail")
TODAY = date(2026, 11, 20)
PARTNER = 2


def placed(s, name: str, on: date, agency: int = 1, born: date = date(2022, 3, 1)) -> int:
    kid = child(s, name, date_of_birth=born, stage_date=date(2024, 6, 1))
    lk = link(s, kid, family(s, f"{name}son family", agency=agency), on=date(on.year, on.month, 1))
    links.place(s, lk, on)
    return lk


@pytest.fixture
def view(qtbot, s):
    placed(s, "Ivy", date(2025, 6, 10))
    placed(s, "Noah", date(2026, 3, 2), agency=PARTNER, born=date(2024, 12, 1))
    ended = link(s, child(s, "Sam", stage_date=date(2024, 6, 1)), family(s, "Brook family", agency=PARTNER),
                 on=date(2025, 7, 1))
    reason = next(r["id"] for r in links.end_reasons(s) if r["name"] == "Family withdrew interest")
    links.end_link(s, ended, reason, "", date(2025, 9, 1))
    view = PartnershipView(AppContext(s))
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    return view


def shown(view, cls, name: str):
    """The widget of this name the report shows now (None: not shown)."""
    return view.content.findChild(cls, name)


def headline(view) -> list[str]:
    return [label.text() for label in shown(view, QFrame, "headline").findChildren(QLabel, "figure")]


def chart(view, title: str) -> BarChart:
    return next(c for c in view.content.findChildren(BarChart) if c.title == title)


def test_it_opens_on_the_last_financial_year(view):
    assert (view.period_bar.start.date(), view.period_bar.end.date()) == (date(2025, 4, 1), date(2026, 3, 31))
    assert shown(view, QLabel, "reportTitle").text() == "Partnership report, 01/04/2025 to 31/03/2026"
    # children placed, families they joined, in links that did not progress, potentially linked, matches, referrals
    assert headline(view) == ["2", "2", "1", "3", "0", "0"]
    assert chart(view, "Age at placement").describe() == ["Aged 1: 1", "Aged 3: 1"]
    assert chart(view, "Children by the family's agency").describe() == [
        "In-house families: 1", "Brightpath Adoption's families: 1"]
    assert chart(view, "Links by reason").describe() == ["Family withdrew interest: 1"]
    assert "2 children were placed for adoption with 2 adoptive families" in shown(view, QLabel, "reportSummary").text()
    assert view.pdf_button.isEnabled() and view.copy_button.isEnabled()


def test_a_quick_choice_fills_in_the_period(view):
    view.period_bar.quick.setCurrentText("Last three years")
    assert (view.report.start, view.report.end) == (date(2023, 4, 1), date(2026, 3, 31))
    assert view.period_bar.start.date() == date(2023, 4, 1)
    assert view.period_bar.quick.currentText() == "Last three years"  # while the dates are its own
    view.period_bar.quick.setCurrentText("This financial year")
    today = view.ctx.session.today()
    assert (view.report.start, view.report.end) == (date(2026, 4, 1), today)


def test_a_period_ending_before_it_starts_is_said_at_to(view):
    view.period_bar.end.setText("31/03/2025")
    view.period_bar.start.setText("01/04/2026")
    view.refresh()
    assert view.report is None and not view.pdf_button.isEnabled()
    assert view.period_bar.problem.isVisible()
    assert view.period_bar.problem.text() == "To is before From: the period ends before it starts."
    assert shown(view, QLabel, "reportTitle") is None
    view.period_bar.end.setText("31/13/2025")
    view.refresh()
    assert view.period_bar.problem.text().startswith("To is ")


def test_an_empty_period_says_nothing_happened(view):
    view.period_bar.set_period(date(2010, 4, 1), date(2011, 3, 31))
    view.refresh()
    assert view.report.empty
    assert shown(view, QLabel, "nothing").text() == "Nothing happened in this period."
    assert shown(view, QFrame, "headline") is None


def test_save_as_pdf_and_copy_as_csv(view, tmp_path, monkeypatch):
    target = tmp_path / "partnership.pdf"
    monkeypatch.setattr(partnership_view, "ask_where_to_save_pdf", lambda *a: target)
    offered = []
    monkeypatch.setattr(partnership_view, "offer_to_open_pdf", lambda *a: offered.append(a[-1]) or False)
    assert view.save_pdf() == target
    assert target.read_bytes().startswith(b"%PDF") and offered == [target]
    view.copy_csv()
    assert QGuiApplication.clipboard().text() == partnership.csv_text(view.ctx.session, view.report)
    csv_target = tmp_path / "figures"
    monkeypatch.setattr(partnership_view, "ask_where_to_save", lambda *a: csv_target)
    assert view.save_csv() == tmp_path / "figures.csv"


def test_it_follows_a_placement_made_elsewhere(view, s):
    changes = links.place(s, link(s, child(s, "Ada", stage_date=date(2024, 6, 1)), family(s, "Ash family"),
                                  on=date(2025, 11, 3)), date(2025, 11, 10))
    view.on_changes(changes)
    assert headline(view)[0] == "3"


def test_nothing_stays_on_screen_once_locked(view, s):
    s.lock_now()
    view.ctx.locked.emit()
    assert view.report is None and not view.copy_button.isEnabled()
    assert shown(view, QFrame, "headline") is None and shown(view, QLabel, "reportTitle") is None


def test_print_preview_shows_the_pages_the_pdf_has(view, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    from homefinder_desktop.ui import print_preview

    seen = []

    def exec_(dialog):  # draw the pages through the preview's paint path, without a window
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        seen.append((widget.pageCount(), dialog.windowTitle()))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    assert view.preview_button.isEnabled() and view.print_preview() is True
    pdf = partnership.report_pdf(view.ctx.session, view.report)
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        assert seen == [(len(document), f"Print preview — Partnership report {format_date(view.report.start)} "
                                        f"to {format_date(view.report.end)}")]
    finally:
        document.close()
    view.period_bar.set_period(date(2026, 3, 31), date(2025, 4, 1))  # ends before it starts: nothing to print
    view.refresh()
    assert not view.preview_button.isEnabled() and view.print_preview() is False and len(seen) == 1


def test_leaving_a_date_reads_the_report_once_and_a_new_day_moves_the_quick_periods(view, monkeypatch):
    read = []
    real = partnership.partnership_report
    monkeypatch.setattr(partnership, "partnership_report", lambda *a, **k: read.append(a[1:]) or real(*a, **k))
    view.period_bar.start.setText("01/04/2024")
    view.settle_timer.timeout.emit()          # the pause after typing reads it ...
    view.period_bar.start.line.editingFinished.emit()  # ... and leaving the field does not read it again
    assert read == [(date(2024, 4, 1), date(2026, 3, 31))]
    view.period_bar.start.setText("01/04/2023")
    view.period_bar.start.line.editingFinished.emit()  # left before the pause: read at once, and only once
    assert read[1:] == [(date(2023, 4, 1), date(2026, 3, 31))] and not view.settle_timer.isActive()
    # Left open until the next financial year, "this financial year" is the new one when shown again.
    view.hide()
    monkeypatch.setattr(view.ctx.session, "today", lambda: date(2027, 4, 2))
    view.show()
    assert view.period_bar.periods["This financial year"] == (date(2027, 4, 1), date(2027, 4, 2))
