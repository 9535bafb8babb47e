"""The register of children with adoption plans: a landscape A4 table for meetings and files.

Rows are plain dicts (the register screen passes what it shows, in its order). The header
row repeats on every page, and every other row is shaded light grey so a line can be
followed across the page on a black-and-white printout.
"""
from __future__ import annotations

from datetime import date

from ..domain.formatting import age_text, format_date
from ..domain.records import CHILD_STAGES, SEXES
from . import styles
from .styles import as_date as _as_date
from .styles import text as _text

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


class ChildrenRegister(styles.Register):
    columns = COLUMNS
    nothing = ("No children match.", "Nothing in the register matched the search or filter that was "
                                     "in use when this was printed.")

    def __init__(self, council_name: str, partner_name: str, rows: list[dict], printed: date,
                 title: str = "Children with adoption plans"):
        super().__init__(council_name, partner_name, rows, printed, title or "Children with adoption plans")

    def cells(self, row: dict) -> list[str]:
        return row_cells(row, self.printed)

    def summary(self) -> str:
        count = len(self.rows)
        counted = ("No children" if count == 0 else "1 child" if count == 1 else f"{count} children")
        return (f"{counted} \u2013 printed {format_date(self.printed)}. Ages are as on the printed date; "
                "\u201csince\u201d is the date the child reached the stage shown.")


def build_pdf(council_name: str, partner_name: str, rows: list[dict], printed: date,
              title: str = "Children with adoption plans") -> bytes:
    """The register as PDF bytes. `rows` are dicts with reference, first_name, last_name,
    date_of_birth (date or ISO text), sex, stage (a CHILD_STAGES key), stage_date,
    sibling_group and social_worker. An empty list prints "No children match."."""
    return ChildrenRegister(council_name, partner_name, rows, printed, title).render()
