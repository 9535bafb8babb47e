"""The recovery key sheet: one A4 page printed once, when a database (or a new key) is made.

The recovery key opens the database when the passphrase is forgotten, so the sheet says
plainly what the key is for and where it must be kept, and has a line for whoever keeps it
to sign. The key itself is printed very large in a monospace font, in numbered groups, so it
can be read aloud and typed back without mistakes.
"""
from __future__ import annotations

import re
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import format_date
from . import styles
from .styles import esc

KEY_FONT_SIZE = 36
GROUPS_PER_ROW = 4


def key_groups(recovery_key: str) -> list[str]:
    """'ABCD-EFGH-...' -> ['ABCD', 'EFGH', ...]. A key without separators is cut into fours."""
    parts = [p for p in re.split(r"[\s\-]+", (recovery_key or "").strip().upper()) if p]
    if len(parts) == 1 and len(parts[0]) > 6:
        text = parts[0]
        parts = [text[i:i + 4] for i in range(0, len(text), 4)]
    return parts


class RecoverySheet(styles.Document):
    title = "Homefinder recovery key"

    def __init__(self, council_name: str, partner_name: str, database_name: str, recovery_key: str,
                 created: date):
        # The sheet is printed the day the key is made: the key is never shown again.
        super().__init__(council_name, partner_name, printed=created)
        self.database_name = database_name
        self.recovery_key = recovery_key
        self.created = created

    def _details(self) -> Table:
        s = self.styles
        rows = [
            ("Council", self.council_name),
            ("Partner agency", self.partner_name),
            ("Database file", self.database_name),
            ("Key created", format_date(self.created)),
        ]
        data = [[Paragraph(esc(label), s["Label"]), Paragraph(f"<b>{esc(value)}</b>", s["Body"])]
                for label, value in rows]
        table = Table(data, colWidths=[32 * mm, None], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]))
        return table

    def _key_table(self, width: float) -> Table:
        groups = key_groups(self.recovery_key)
        gap = 4 * mm
        cell = (width - gap * (GROUPS_PER_ROW - 1)) / GROUPS_PER_ROW
        number_style = self.styles["Label"].clone("KeyNumber", alignment=1, fontSize=8, leading=9)
        key_style = self.styles["Body"].clone("Key", fontName=styles.MONO_BOLD, fontSize=KEY_FONT_SIZE,
                                              leading=KEY_FONT_SIZE + 4, alignment=1)
        data: list[list] = []
        style = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
        col_widths = []
        for i in range(GROUPS_PER_ROW):
            col_widths += [cell] + ([gap] if i < GROUPS_PER_ROW - 1 else [])
        for start in range(0, max(len(groups), 1), GROUPS_PER_ROW):
            chunk = groups[start:start + GROUPS_PER_ROW]
            numbers, keys = [], []
            for i in range(GROUPS_PER_ROW):
                if i < len(chunk):
                    numbers.append(Paragraph(str(start + i + 1), number_style))
                    keys.append(Paragraph(esc(chunk[i]), key_style))
                else:
                    numbers.append("")
                    keys.append("")
                if i < GROUPS_PER_ROW - 1:
                    numbers.append("")
                    keys.append("")
            row = len(data) + 1
            data += [numbers, keys]
            for i in range(len(chunk)):
                col = 2 * i
                style += [("BOX", (col, row), (col, row), 1.4, styles.BLACK),
                          ("TOPPADDING", (col, row), (col, row), 7),
                          ("BOTTOMPADDING", (col, row), (col, row), 9)]
            style += [("TOPPADDING", (0, row - 1), (-1, row - 1), 6 if start else 0),
                      ("BOTTOMPADDING", (0, row - 1), (-1, row - 1), 1)]
        table = Table(data, colWidths=col_widths, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def _kept_by(self, width: float) -> Table:
        s = self.styles
        head = [Paragraph(f"<b>{label}</b>", s["Small"]) for label in ("Name", "Role", "Signature", "Date")]
        blank = ["", "", "", ""]
        table = Table([head, blank, blank, blank],
                      colWidths=[width * 0.3, width * 0.22, width * 0.3, width * 0.18],
                      rowHeights=[None, 11 * mm, 11 * mm, 11 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.8, styles.BLACK),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return table

    def story(self) -> list:
        s = self.styles
        width, _height = self.frame_size()
        bullet = s["Bullet"]
        story = [
            Paragraph("Homefinder recovery key", s["Title"]),
            Paragraph(f"The spare key to the adoption records of {esc(self.council_name)} "
                      f"with {esc(self.partner_name)}.", s["Subtitle"]),
            self._details(),
            Spacer(1, 5 * mm),
            Paragraph("Recovery key", s["Heading"]),
            self._key_table(width),
            Spacer(1, 2 * mm),
            Paragraph("Type the groups in order, 1 to 8. Capital or small letters, with or without "
                      "dashes or spaces, all work. The key has no letter O or I and no figure 0 or 1.",
                      s["Small"]),
            Paragraph("What it is for", s["Heading"]),
            Paragraph("This key opens the database <b>if the passphrase is forgotten</b>, or if the worker "
                      "who knows it leaves. With it, a new passphrase can be set and nothing is lost. "
                      "Adoption records are kept for <b>100 years</b>: without the passphrase or this key, "
                      "nobody can open them again, not even the council's IT service.", s["Body"]),
            Paragraph("Anyone who has this key and a copy of the database can read every record in it. "
                      "Look after it as you would the records themselves.", s["Body"]),
            Paragraph("Where to keep it", s["Heading"]),
            Paragraph("In a <b>locked cabinet</b>, held by the <b>team manager</b> (or the person "
                      "the service names).", bullet, bulletText="\u2022"),
            Paragraph("<b>Never with the laptop</b>, in its bag, or with a note of the passphrase.",
                      bullet, bulletText="\u2022"),
            Paragraph("<b>Never emailed</b>, photographed, scanned or copied into another document.",
                      bullet, bulletText="\u2022"),
            Paragraph("If this sheet is lost, tell your manager at once so that a new recovery key "
                      "is made (the old one then stops working). Shred any copy that turns up.",
                      bullet, bulletText="\u2022"),
            KeepTogether([
                Paragraph("Kept by", s["Heading"]),
                Paragraph("Whoever keeps this sheet writes their name, role, signature and the date. "
                          "If it passes to someone else, they sign the next line.", s["Small"]),
                Spacer(1, 2 * mm),
                self._kept_by(width),
            ]),
        ]
        return story


def build_pdf(council_name: str, partner_name: str, database_name: str, recovery_key: str,
              created: date) -> bytes:
    """The one-page recovery key sheet as PDF bytes."""
    return RecoverySheet(council_name, partner_name, database_name, recovery_key, created).render()
