"""The register of children with adoption plans: a landscape A4 table for meetings and files.

Rows are plain dicts (the register screen passes what it shows, in its order). The header
row repeats on every page, and every other row is shaded light grey so a line can be
followed across the page on a black-and-white printout.
"""
from __future__ import annotations

from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import age_text, format_date
from ..domain.records import CHILD_STAGES, SEXES
from . import styles
from .styles import esc

# (heading, share of the page width)
COLUMNS = [
    ("Reference", 0.085),
    ("Name", 0.17),
    ("Age", 0.075),
    ("Sex", 0.06),
    ("Stage", 0.15),
    ("Since", 0.08),
    ("Sibling group", 0.18),
    ("Social worker", 0.20),
]


def _as_date(value) -> date | None:
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


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def row_cells(row: dict, printed: date) -> list[str]:
    """One child's row as the texts printed, in COLUMNS order."""
    name = " ".join(p for p in (_text(row.get("first_name")), _text(row.get("last_name"))) if p)
    stage = _text(row.get("stage"))
    sex = _text(row.get("sex"))
    return [
        _text(row.get("reference")),
        name,
        age_text(_as_date(row.get("date_of_birth")), printed),
        SEXES.get(sex, sex),
        CHILD_STAGES.get(stage, stage.replace("_", " ").capitalize()),
        format_date(_as_date(row.get("stage_date"))),
        _text(row.get("sibling_group")),
        _text(row.get("social_worker")),
    ]


class ChildrenRegister(styles.Document):
    pagesize = styles.LANDSCAPE_A4

    def __init__(self, council_name: str, partner_name: str, rows: list[dict], printed: date,
                 title: str = "Children with adoption plans"):
        super().__init__(council_name, partner_name, printed)
        self.rows = list(rows or [])
        self.title = title or "Children with adoption plans"

    def _table(self, width: float) -> Table:
        s = self.styles
        head = [Paragraph(esc(heading), s["CellHeader"]) for heading, _share in COLUMNS]
        data = [head] + [[Paragraph(esc(text), s["Cell"]) for text in row_cells(row, self.printed)]
                         for row in self.rows]
        table = Table(data, colWidths=[width * share for _h, share in COLUMNS], repeatRows=1,
                      hAlign="LEFT")
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, styles.BLACK),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.BLACK),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, styles.BLACK),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.ZEBRA_FILL]),
        ]
        table.setStyle(TableStyle(style))
        return table

    def story(self) -> list:
        s = self.styles
        width, _height = self.frame_size()
        count = len(self.rows)
        summary = ("No children" if count == 0 else "1 child" if count == 1 else f"{count} children")
        story = [
            Paragraph(esc(self.title), s["Title"]),
            Paragraph(f"{summary} \u2013 printed {format_date(self.printed)}. "
                      "Ages are as on the printed date; \u201csince\u201d is the date the child reached "
                      "the stage shown.", s["Subtitle"]),
            Spacer(1, 2 * mm),
        ]
        if not self.rows:
            story.append(Paragraph("No children match.", s["Heading"]))
            story.append(Paragraph("Nothing in the register matched the search or filter that was "
                                   "in use when this was printed.", s["Body"]))
        else:
            story.append(self._table(width))
        return story


def build_pdf(council_name: str, partner_name: str, rows: list[dict], printed: date,
              title: str = "Children with adoption plans") -> bytes:
    """The register as PDF bytes. `rows` are dicts with reference, first_name, last_name,
    date_of_birth (date or ISO text), sex, stage (a CHILD_STAGES key), stage_date,
    sibling_group and social_worker. An empty list prints "No children match."."""
    return ChildrenRegister(council_name, partner_name, rows, printed, title).render()
