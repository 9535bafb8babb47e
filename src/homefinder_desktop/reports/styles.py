"""What every Homefinder printout shares: fonts, paragraph styles, the page frame with its
header and footer, and rendering to bytes.

Every page carries the council and partner agency names, CONFIDENTIAL (top and bottom),
"Page x of y" and the printed date as dd/mm/yyyy. Everything is black on white with grey
fills light enough to photocopy, because most printouts go through an office printer in
black and white.

Only this package imports ReportLab. A document is a small class with a `story()`; it
renders to bytes with `render()` (the shape of pretix's invoice renderer).
"""
from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from typing import Iterator

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import format_date

# ASCII85 encoding of images is about 7x slower than plain binary streams with many photos.
rl_config.useA85 = 0

# The standard PDF fonts: nothing to embed, identical on Windows, macOS and Linux.
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
FONT_ITALIC = "Helvetica-Oblique"
MONO = "Courier"
MONO_BOLD = "Courier-Bold"

BLACK = colors.black
DARK_GREY = colors.Color(0.25, 0.25, 0.25)
RULE_GREY = colors.Color(0.45, 0.45, 0.45)
HEADER_FILL = colors.Color(0.82, 0.82, 0.82)  # table header: prints as a clear mid-light grey
ZEBRA_FILL = colors.Color(0.93, 0.93, 0.93)  # every other row: visible, text stays crisp

MARGIN = 18 * mm  # the body frame starts this far from the left, right and bottom edges
HEADER_SPACE = 8 * mm  # between the top margin and the body frame: room for the running header

CONFIDENTIAL = "CONFIDENTIAL"


@contextlib.contextmanager
def invariant_pdfs() -> Iterator[None]:
    """Byte-stable output (no creation time, a fixed document id) while inside: for tests."""
    before = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = before


def stylesheet() -> StyleSheet1:
    """The named styles every report uses. A new sheet each call, so callers may tweak one."""
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=10.5, leading=14, textColor=BLACK,
                             spaceAfter=4))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=9, leading=11.5, spaceAfter=0))
    sheet.add(ParagraphStyle("Title", parent=sheet["Body"], fontName=FONT_BOLD, fontSize=20, leading=24,
                             spaceAfter=4))
    sheet.add(ParagraphStyle("Subtitle", parent=sheet["Body"], fontSize=11.5, leading=15,
                             textColor=DARK_GREY, spaceAfter=8))
    sheet.add(ParagraphStyle("Heading", parent=sheet["Body"], fontName=FONT_BOLD, fontSize=12.5,
                             leading=16, spaceBefore=10, spaceAfter=3))
    sheet.add(ParagraphStyle("Bullet", parent=sheet["Body"], leftIndent=12, bulletIndent=2,
                             spaceAfter=2))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Body"], fontSize=9.5, leading=11.5, spaceAfter=0))
    sheet.add(ParagraphStyle("CellHeader", parent=sheet["Cell"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("Label", parent=sheet["Body"], fontSize=9, leading=11, textColor=DARK_GREY,
                             spaceAfter=0))
    sheet.add(ParagraphStyle("Centred", parent=sheet["Body"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("Left", parent=sheet["Body"], alignment=TA_LEFT))
    return sheet


def esc(text: object) -> str:
    """Text safe inside a ReportLab Paragraph (which reads a little XML)."""
    return (str(text if text is not None else "")
            .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


class _NumberedCanvas(Canvas):
    """Holds each page until the end, so the footer can say "Page x of y"."""

    def __init__(self, *args, **kwargs):
        self._frame_text = kwargs.pop("frame_text")
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._draw_frame(number, total)
            super().showPage()
        super().save()

    def _draw_frame(self, number: int, total: int) -> None:
        council, partner, printed, title = self._frame_text
        width, height = self._pagesize
        top = height - MARGIN + 2 * mm
        self.saveState()
        self.setFillColor(BLACK)
        # Header: who the record belongs to on the left, CONFIDENTIAL on the right.
        self.setFont(FONT_BOLD, 10)
        self.drawString(MARGIN, top, council)
        self.setFont(FONT, 9)
        self.drawString(MARGIN, top - 11, f"with {partner}" if partner else "")
        if title:  # so a loose page still says what it is part of
            self.setFont(FONT, 9)
            self.drawCentredString(width / 2, top - 4, title)
        self.setFont(FONT_BOLD, 13)
        self.drawRightString(width - MARGIN, top - 4, CONFIDENTIAL)
        self.setStrokeColor(RULE_GREY)
        self.setLineWidth(0.6)
        self.line(MARGIN, top - 16, width - MARGIN, top - 16)
        # Footer: CONFIDENTIAL, the printed date, page x of y.
        bottom = MARGIN - 8 * mm
        self.line(MARGIN, bottom + 12, width - MARGIN, bottom + 12)
        self.setFont(FONT_BOLD, 9)
        self.drawString(MARGIN, bottom, CONFIDENTIAL + " \u2013 adoption records")
        self.setFont(FONT, 9)
        self.drawCentredString(width / 2, bottom, f"Printed {printed}")
        self.drawRightString(width - MARGIN, bottom, f"Page {number} of {total}")
        self.restoreState()


class Document:
    """A printable document: set `pagesize` and `title`, write `story()`, call `render()`."""

    pagesize = A4
    title = ""

    def __init__(self, council_name: str, partner_name: str, printed: date):
        self.council_name = (council_name or "").strip()
        self.partner_name = (partner_name or "").strip()
        self.printed = printed
        self.styles = stylesheet()

    def story(self) -> list:  # pragma: no cover - overridden
        raise NotImplementedError

    def frame_size(self) -> tuple[float, float]:
        width, height = self.pagesize
        return width - 2 * MARGIN, height - 2 * MARGIN - HEADER_SPACE

    def render(self) -> bytes:
        buffer = io.BytesIO()
        width, height = self.pagesize
        frame_width, frame_height = self.frame_size()
        frame = Frame(MARGIN, MARGIN, frame_width, frame_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc = BaseDocTemplate(buffer, pagesize=self.pagesize, title=self.title,
                              author=self.council_name, subject=CONFIDENTIAL, creator="Homefinder",
                              leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                              bottomMargin=MARGIN)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=self.pagesize)])
        frame_text = (self.council_name, self.partner_name, format_date(self.printed), self.title)

        def make_canvas(*args, **kwargs):
            return _NumberedCanvas(*args, frame_text=frame_text, **kwargs)

        doc.build(self.story(), canvasmaker=make_canvas)
        return buffer.getvalue()


LANDSCAPE_A4 = landscape(A4)


# --- registers: a list printed as a table (children, referrals) ------------------------------------

def as_date(value) -> date | None:
    """A date from a date, a datetime or ISO text ("" and None: no date)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def text(value) -> str:
    return "" if value is None else str(value).strip()


def register_table(sheet: StyleSheet1, columns: list[tuple[str, float]], rows: list[list[str]],
                   width: float, keep_lines: bool = False) -> Table:
    """A register's table: `columns` are (heading, share of `width`), `rows` the texts printed.
    The heading row repeats on every page, and every other row is shaded light grey so a line
    can be followed across the page on a black-and-white printout. With `keep_lines`, a line
    break in a cell stays one (minutes put a child's name and age on two lines)."""
    def cell(value: str) -> Paragraph:
        markup = esc(value).replace("\n", "<br/>") if keep_lines else esc(value)
        return Paragraph(markup, sheet["Cell"])

    head = [Paragraph(esc(heading), sheet["CellHeader"]) for heading, _share in columns]
    data = [head] + [[cell(value) for value in row] for row in rows]
    table = Table(data, colWidths=[width * share for _h, share in columns], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, BLACK),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, BLACK),
        ("LINEBELOW", (0, -1), (-1, -1), 1.2, BLACK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA_FILL]),
    ]))
    return table


class Register(Document):
    """A list printed on landscape A4: its title, a line saying how many and when, then the
    table, or `nothing` (a heading and a sentence) when no record matched.

    Subclasses set `columns` [(heading, share of the width)] and write `cells(row)`, `summary()`.
    """

    pagesize = LANDSCAPE_A4
    columns: list[tuple[str, float]] = []
    nothing = ("Nothing matches.", "Nothing in the list matched the search or filter that was in use "
                                   "when this was printed.")

    def __init__(self, council_name: str, partner_name: str, rows: list[dict], printed: date, title: str):
        super().__init__(council_name, partner_name, printed)
        self.rows = list(rows or [])
        self.title = title

    def cells(self, row: dict) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def story(self) -> list:
        s = self.styles
        width, _height = self.frame_size()
        story = [Paragraph(esc(self.title), s["Title"]), Paragraph(self.summary(), s["Subtitle"]), Spacer(1, 2 * mm)]
        if not self.rows:
            heading, sentence = self.nothing
            story += [Paragraph(esc(heading), s["Heading"]), Paragraph(esc(sentence), s["Body"])]
        else:
            story.append(register_table(s, self.columns, [self.cells(row) for row in self.rows], width))
        return story
