"""Print preview and printing of the profile booklet: the booklet's own PDF, rasterised page by page
with PDFium and painted on Qt's printer (checked by printing to a PDF file and reading it back),
with nothing written to a temporary file, and nothing at all when the booklet is refused."""
from __future__ import annotations

import tempfile
from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from homefinder_desktop.domain.errors import FieldProblem, ValidationError
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import profiles, records
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.ui import print_preview
from homefinder_desktop.ui.booklet_dialog import BookletDialog
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.print_preview import PdfPages, make_printer, paint_pages

pytestmark = pytest.mark.usefixtures("warnings_fail")

TODAY = date(2026, 11, 20)
EVENT = {"level": "event", "event_title": "Winter profile evening", "event_date": date(2026, 12, 3)}
A4_POINTS = (595.3, 841.9)


@pytest.fixture
def session(new_session):
    """Ivy alone: a cover, a contents page and her page make a booklet of three pages."""
    new_session.today = lambda: TODAY
    records.add(new_session, Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2022, 3, 1),
                                   sex="F", stage="family_finding", stage_date=date(2026, 9, 1),
                                   personality="A cheerful, chatty girl.", interests="Puddles and dinosaurs."))
    return new_session


@pytest.fixture
def booklet(session) -> bytes:
    pdf = profiles.booklet_pdf(session, query=RegisterQuery(), **EVENT)
    assert len(pdfium.PdfDocument(pdf)) == 3
    return pdf


@pytest.fixture
def own_temp_folder(tmp_path, monkeypatch):
    """Python's and Qt's temporary folder is the test's own, so anything written there is seen."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def pdf_printer(pages: PdfPages, target) -> QPrinter:
    printer = make_printer(pages, "Profile booklet")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def greys(pdf, index: int, dpi: int = 40) -> list[list[int]]:
    """A page of a PDF (bytes or path) as rows of grey levels, small."""
    document = pdfium.PdfDocument(pdf)
    page = document[index]
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        return [[bitmap.buffer[row * bitmap.stride + col] for col in range(bitmap.width)]
                for row in range(bitmap.height)]
    finally:
        bitmap.close()
        page.close()
        document.close()


def blurred_difference(before: list[list[int]], after: list[list[int]], n: int = 4) -> tuple[float, float]:
    """The mean and the largest difference of the two pages' n x n blocks' grey: a raster copy and
    its vector original differ a little at the edges of letters, a page moved by a millimetre much more."""
    def blocks(rows):
        return [sum(rows[y][x] for y in range(by, by + n) for x in range(bx, bx + n)) / n / n
                for by in range(0, len(rows) - n + 1, n) for bx in range(0, len(rows[0]) - n + 1, n)]

    differences = [abs(a - b) for a, b in zip(blocks(before), blocks(after))]
    return sum(differences) / len(differences), max(differences)


def test_every_page_is_painted_on_the_printer_as_the_pdf_lays_it_out(qapp, booklet, tmp_path, own_temp_folder):
    target = tmp_path / "printed.pdf"
    pages = PdfPages(booklet)
    printer = pdf_printer(pages, target)
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
    assert printer.colorMode() == QPrinter.ColorMode.GrayScale  # the printouts are black and white
    assert paint_pages(pages, printer) == 3
    pages.close()

    printed = pdfium.PdfDocument(target)
    assert len(printed) == 3
    for index in range(3):
        width, height = printed[index].get_size()
        assert (round(width, 1), round(height, 1)) == pytest.approx(A4_POINTS, abs=1)
        # The same page, pixel for pixel at a small size: the PDF is the layout.
        before, after = greys(booklet, index), greys(target.read_bytes(), index)
        assert (len(before), len(before[0])) == (len(after), len(after[0]))
        mean, largest = blurred_difference(before, after)
        assert mean < 2.5 and largest < 80, (index, mean, largest)  # moved 1.3 mm down: 3.5 and 95
        assert sum(1 for row in after for g in row if g < 128) > 1000  # not a blank sheet: the words are there
    printed.close()
    assert list(own_temp_folder.iterdir()) == []


def test_only_the_pages_chosen_in_the_print_dialog_are_printed(qapp, booklet, tmp_path):
    pages = PdfPages(booklet)
    printer = pdf_printer(pages, tmp_path / "two.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert paint_pages(pages, printer) == 2
    pages.close()
    printed = pdfium.PdfDocument(tmp_path / "two.pdf")
    assert len(printed) == 2
    printed.close()
    first = greys(tmp_path / "two.pdf", 0)
    assert blurred_difference(greys(booklet, 1), first)[0] < 2.5  # page 2 first, not the cover
    assert blurred_difference(greys(booklet, 0), first)[0] > 5


class LongBooklet:
    """As many A4 pages as asked, for the preview's arithmetic."""

    def __init__(self, count: int):
        self.count = count

    def __len__(self) -> int:
        return self.count

    def size_in_points(self, index: int) -> tuple[float, float]:
        return A4_POINTS


def test_the_preview_renders_at_screen_resolution_and_lower_for_a_long_booklet(qapp, booklet):
    pages = PdfPages(booklet)
    printer = make_printer(pages, "Profile booklet")
    seen = []
    original = pages.image
    pages.image = lambda index, scale, grey: seen.append((scale * 72, grey)) or original(index, scale, grey)
    widget = QPrintPreviewWidget(printer)
    widget.paintRequested.connect(lambda target: paint_pages(pages, target))
    widget.updatePreview()
    assert widget.pageCount() == 3
    assert seen == [(pytest.approx(print_preview.PREVIEW_DPI, rel=0.01), True)] * 3  # not the printer's 1200
    widget.deleteLater()
    pages.close()

    long_dpi = {count: print_preview._preview_dpi(LongBooklet(count), QPrinter.ColorMode.GrayScale)
                for count in (3, 200, 2000)}
    assert long_dpi[3] == print_preview.PREVIEW_DPI
    assert print_preview.PREVIEW_MIN_DPI < long_dpi[200] <= print_preview.PREVIEW_DPI
    assert long_dpi[2000] == print_preview.PREVIEW_MIN_DPI
    colour = print_preview._preview_dpi(LongBooklet(200), QPrinter.ColorMode.Color)
    assert colour < long_dpi[200]
    for count, dpi in long_dpi.items():  # what the preview keeps stays within its budget (or at the floor)
        assert count * (dpi / 72) ** 2 * A4_POINTS[0] * A4_POINTS[1] <= print_preview.PREVIEW_BUDGET * 1.01 \
            or dpi == print_preview.PREVIEW_MIN_DPI


# -- from the booklet dialog ------------------------------------------------------------------------

@pytest.fixture
def dialog(qtbot, session):
    opened = BookletDialog(AppContext(session), RegisterQuery(), 1)
    qtbot.addWidget(opened)
    opened.event.setText(EVENT["event_title"])
    opened.on.setText("03/12/2026")
    return opened


@pytest.fixture
def previews(monkeypatch):
    """The previews opened, shown for a moment (not run: exec would wait for a worker), with the
    pages the preview drew."""
    seen = []

    def exec_(self):
        self.resize(1280, 720)
        self.show()
        QApplication.processEvents()
        widget = self.findChild(QPrintPreviewWidget)
        seen.append({"dialog": self, "pages": widget.pageCount(), "title": self.windowTitle(),
                     "note": self.findChild(print_preview.QLabel, "printPreviewNote").text(),
                     "print_enabled": print_preview._print_action(self).isEnabled()})
        assert not self.grab().isNull()  # paints the pages shown
        self.hide()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    return seen


def test_print_preview_shows_every_page_of_the_booklet_and_writes_no_file(dialog, previews, own_temp_folder,
                                                                          monkeypatch):
    monkeypatch.setattr(print_preview, "printers_available", lambda: False)
    assert [b.text() for b in (dialog.preview_button, dialog.print_button)] == ["Print preview…", "Print…"]
    assert dialog.print_printout(preview=True) is True
    assert len(previews) == 1
    shown = previews[0]
    assert shown["pages"] == 3
    assert shown["title"] == "Print preview — Profile booklet — Winter profile evening"
    # No printer here: said in words, and Qt's Print (which would export pictures as a PDF) is off.
    assert "No printer is set up on this computer" in shown["note"]
    assert shown["print_enabled"] is False
    assert list(own_temp_folder.iterdir()) == []


def test_with_a_printer_the_preview_says_how_many_pages_and_can_print(dialog, previews, monkeypatch):
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    cursors = []
    make = profiles.booklet_pdf
    monkeypatch.setattr(profiles, "booklet_pdf",
                        lambda session, **kw: cursors.append(QGuiApplication.overrideCursor()) or make(session, **kw))
    dialog.preview_button.click()
    assert cursors[0] is not None and cursors[0].shape() == Qt.CursorShape.WaitCursor  # made under "busy"
    assert QGuiApplication.overrideCursor() is None
    assert previews[0]["pages"] == 3 and previews[0]["print_enabled"] is True
    assert previews[0]["note"].startswith("3 pages, as saved in the PDF.")


def test_a_refused_booklet_opens_no_preview_and_prints_nothing(dialog, previews, monkeypatch):
    printed = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: printed.append(self) or 0)
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    dialog.event.setText("  ")
    assert dialog.print_printout(preview=True) is False
    assert dialog.print_printout(preview=False) is False
    assert set(dialog.fields.errors.shown) == {"Event"}
    assert "required" in dialog.fields.errors.message_label("Event").text()

    # Refused by the service itself: its problem is shown at its field, and nothing opens.
    dialog.event.setText(EVENT["event_title"])

    def refuse(session, **kwargs):
        raise ValidationError([FieldProblem("Date of the event", "is more than a year away")])

    monkeypatch.setattr(profiles, "booklet_pdf", refuse)
    assert dialog.print_printout(preview=True) is False
    assert dialog.print_printout(preview=False) is False
    assert set(dialog.fields.errors.shown) == {"Date of the event"}
    assert previews == [] and printed == []


def test_print_sends_every_page_to_the_printer_chosen(dialog, monkeypatch, tmp_path, own_temp_folder):
    target = tmp_path / "printer.pdf"
    chosen = []

    def choose(self):  # the worker picks a printer and presses Print: here, a PDF file
        chosen.append((self.minPage(), self.maxPage()))
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    statuses = []
    dialog.ctx.status.connect(statuses.append)
    monkeypatch.setattr(print_preview, "printers_available", lambda: True)
    monkeypatch.setattr(QPrintDialog, "exec", choose)
    dialog.print_button.click()
    assert chosen == [(1, 3)]
    printed = pdfium.PdfDocument(target)
    assert len(printed) == 3
    printed.close()
    assert statuses == ["Sent the profile booklet to the printer"]
    assert list(own_temp_folder.iterdir()) == []


def test_print_without_a_printer_says_so_in_words(dialog, monkeypatch):
    told, made = [], []
    monkeypatch.setattr(print_preview, "printers_available", lambda: False)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append((title, text)))
    monkeypatch.setattr(profiles, "booklet_pdf", lambda session, **kw: made.append(kw) or b"")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: pytest.fail("no print dialog without a printer"))
    assert dialog.print_printout(preview=False) is False
    assert told and told[0][0] == "No printer" and "cannot be printed from here" in told[0][1]
    assert made == []  # not even made
