"""Print preview and printing of a PDF the program made (the profile booklet, say), through the
system's print dialog.

The PDF stays the one source of the layout: PDFium (pypdfium2) rasterises its pages, one at a
time as Qt asks for them, and they are painted on Qt's printer, so what is previewed and printed is
what "Save as PDF" gives. Qt's PDF module is not used: it is in PySide6-Addons, which the program
does not ship. The PDF and its page images stay in memory, never in a temporary file or a log.

A page is rendered at the printer's resolution, up to PRINT_DPI_CAP; the preview keeps every page
it shows, so it renders at a lower resolution, lower still for a long document (PREVIEW_BUDGET).
Printing starts in greyscale (the printouts are designed in black and white, and a greyscale page
costs a quarter of the memory); the worker can choose colour in the print dialog.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QAction, QGuiApplication, QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from .style import set_role
from .unlock_dialog import busy

PRINT_DPI_CAP = 600  # a laser printer's own resolution; more only costs memory and time per page
PREVIEW_DPI = 120  # sharp on a laptop screen up to about 125% zoom
PREVIEW_MIN_DPI = 60  # still readable at "fit width" for a very long document
PREVIEW_BUDGET = 384 * 2**20  # bytes of page images the preview may keep at once
POINTS_PER_INCH = 72
NO_PRINTER = ("No printer is set up on this computer, so it cannot be printed from here. Save it as a PDF "
              "and print it from a computer that has a printer, or ask for a printer to be set up.")

PdfSource = bytes | Callable[[], bytes | None]


class PdfPages:
    """A PDF held in memory, rasterised a page at a time."""

    def __init__(self, pdf: bytes):
        self.document = pdfium.PdfDocument(pdf)

    def __len__(self) -> int:
        return len(self.document)

    def size_in_points(self, index: int) -> tuple[float, float]:
        page = self.document[index]
        try:
            return tuple(page.get_size())
        finally:
            page.close()

    def image(self, index: int, pixels_per_point: float, greyscale: bool) -> QImage:
        """Page `index` (from 0) as an image with a white background."""
        page = self.document[index]
        try:
            if greyscale:
                bitmap = page.render(scale=pixels_per_point, grayscale=True)
                fmt = QImage.Format.Format_Grayscale8
            else:
                bitmap = page.render(scale=pixels_per_point, prefer_bgrx=True, rev_byteorder=True)
                fmt = QImage.Format.Format_RGBX8888
            try:
                # A copy: the bitmap's memory is PDFium's and is freed when it closes.
                return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        self.document.close()


def _is_preview(printer: QPrinter) -> bool:
    # Qt's preview records the pages as pictures (a "Picture" engine) on the same printer object
    # that later prints for real.
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def _preview_dpi(pages, color_mode: QPrinter.ColorMode) -> float:
    width, height = pages.size_in_points(0)
    square_inches = width * height / POINTS_PER_INCH**2
    bytes_per_pixel = 1 if color_mode == QPrinter.ColorMode.GrayScale else 4
    affordable = math.sqrt(PREVIEW_BUDGET / (max(len(pages), 1) * square_inches * bytes_per_pixel))
    return max(PREVIEW_MIN_DPI, min(PREVIEW_DPI, affordable))


def _dpi(pages: PdfPages, printer: QPrinter) -> float:
    if _is_preview(printer):
        return _preview_dpi(pages, printer.colorMode())
    return min(printer.resolution(), PRINT_DPI_CAP)


def _page_range(pages: PdfPages, printer: QPrinter) -> range:
    """The pages chosen in the print dialog (all of them unless a range was typed), from 0."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        return range(len(pages))
    return range(first - 1, min(last or len(pages), len(pages)))


def paint_pages(pages: PdfPages, printer: QPrinter) -> int:
    """Paint the PDF's pages on `printer` (the preview's or a real one), one rendered at a time,
    each scaled to fit the paper and centred on it. Returns how many pages were painted."""
    if not len(pages):
        return 0
    dpi = _dpi(pages, printer)
    greyscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
    device_dpi = printer.resolution()
    paper = printer.pageLayout().fullRectPixels(device_dpi)  # the whole sheet: the PDF has its margins
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index in _page_range(pages, printer):
            if painted:
                printer.newPage()
            width, height = pages.size_in_points(index)
            fit = min(paper.width() / (width / POINTS_PER_INCH * device_dpi),
                      paper.height() / (height / POINTS_PER_INCH * device_dpi))
            image = pages.image(index, dpi / POINTS_PER_INCH * fit, greyscale)
            target = QSizeF(image.width(), image.height()) * (device_dpi / dpi)
            painter.drawImage(QRectF(paper.x() + (paper.width() - target.width()) / 2,
                                     paper.y() + (paper.height() - target.height()) / 2,
                                     target.width(), target.height()), image)
            del image  # one page's pixels at a time
            painted += 1
    finally:
        painter.end()
    return painted


def printers_available() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def make_printer(pages: PdfPages, title: str) -> QPrinter:
    """A printer on the system's default (or a PDF stand-in when there is none), A4 in the
    orientation of the document's first page, in greyscale, the whole sheet painted."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    width, height = pages.size_in_points(0) if len(pages) else (0, 1)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def _pdf_from(source: PdfSource) -> bytes | None:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    with busy():
        return source()


def _print_action(dialog: QPrintPreviewDialog) -> QAction | None:
    return next((a for a in dialog.findChildren(QAction) if a.text().replace("&", "") == "Print"), None)


def preview_dialog(parent: QWidget | None, title: str, pages: PdfPages) -> QPrintPreviewDialog:
    """Qt's print preview of `pages`: zoom, one or two pages side by side, page setup, and its
    Print button (off, with a sentence saying why, when there is no printer)."""
    printer = make_printer(pages, title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer = printer  # the dialog does not own it
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda target: paint_pages(pages, target))
    note = set_role(QLabel(dialog), "hint")
    note.setObjectName("printPreviewNote")
    note.setWordWrap(True)
    note.setContentsMargins(10, 4, 10, 6)  # Qt's preview has no margins of its own
    if printers_available():
        note.setText(f"{len(pages)} page{'s' if len(pages) != 1 else ''}, as saved in the PDF. Print shows "
                     "the system's print dialog: choose the printer, the pages and colour there.")
    else:
        note.setText(NO_PRINTER)
        action = _print_action(dialog)
        if action is not None:  # Qt's Print would offer to export a picture of each page as a PDF instead
            action.setEnabled(False)
            action.setToolTip("No printer is set up on this computer")
    dialog.layout().addWidget(note)
    screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen()).availableGeometry()
    dialog.resize(min(1100, screen.width() - 40), min(800, screen.height() - 40))
    return dialog


def show_preview(parent: QWidget | None, title: str, source: PdfSource) -> bool:
    """Make the PDF (a callable runs under the busy cursor; None: it was refused and said so) and
    show its print preview. True when a preview was shown."""
    pdf = _pdf_from(source)
    if not pdf:
        return False
    pages = PdfPages(pdf)
    dialog = preview_dialog(parent, title, pages)
    try:
        dialog.exec()
        return True
    finally:
        dialog.paintRequested.disconnect()  # the pages are closed: nothing may ask for them again
        dialog.deleteLater()  # and the pictures of the pages go with it
        pages.close()


def print_directly(parent: QWidget | None, title: str, source: PdfSource) -> bool:
    """The system print dialog, then the pages printed. Says in words when there is no printer.
    True when something was sent to the printer."""
    if not printers_available():
        QMessageBox.information(parent, "No printer", NO_PRINTER)
        return False
    pdf = _pdf_from(source)
    if not pdf:
        return False
    pages = PdfPages(pdf)
    try:
        printer = make_printer(pages, title)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Print — {title}")
        dialog.setMinMax(1, len(pages))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        with busy():
            return paint_pages(pages, printer) > 0
    finally:
        pages.close()


def check_printing(pdf: bytes, target) -> int:
    """The packaged program's smoke test: PDFium and Qt's print support load, the preview draws
    every page, and the pages print to `target` (a PDF file). Returns the pages printed."""
    pages = PdfPages(pdf)
    try:
        dialog = preview_dialog(None, "Smoke test", pages)
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()  # draws the pages as showing the dialog would, with no window
        previewed = preview.pageCount()
        dialog.paintRequested.disconnect()
        dialog.deleteLater()
        printer = make_printer(pages, "Smoke test")
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printed = paint_pages(pages, printer)
        if not previewed == printed == len(pages):
            raise RuntimeError(f"{len(pages)} pages: {previewed} previewed, {printed} printed")
        return printed
    finally:
        pages.close()


__all__ = ["PdfPages", "check_printing", "make_printer", "paint_pages", "preview_dialog", "print_directly",
           "printers_available", "show_preview"]
