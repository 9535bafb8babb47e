"""The printed record of a matching matrix on landscape A4: who it is for, the decision (or that
there is none yet), then the families side by side, area by area, with each rating, the hard
mismatches the records show, the strengths and weaknesses, and a summary per family.

Printed in black and white: a rating is a plain-text mark and a word, a hard mismatch is in bold
words, the chosen family is named in words; grey is only ever a background.

With `private` the record is fit for a room that does not need everything: first names only,
ages instead of dates of birth, and every surname the records know reduced to its initial in
every text a worker wrote.

`sheet` is what services.matrix.open_matrix returns (a MatrixSheet); it is read, never changed.
"""
from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain import privacy
from ..domain.formatting import format_date
from ..domain.matrix import RATING_MARKS, RATINGS
from . import styles
from .styles import esc

PRIVACY_NOTE = "Privacy: names and dates of birth withheld"
WHO_DECIDES = "The ratings explain; the child's social worker and manager decide."
AGENCY_KIND_WORDS = {"own": "In-house", "partner": "Partner", "other": "Other agency"}
# U+2212 (minus) is not in Helvetica's WinAnsi encoding: it would print as a blank box.
WEAKNESS_MARK = "-"
STRENGTH_MARK = "+"
CELL_PADDING = 4          # left and right
CELL_PADDING_TOP = 3      # and top and bottom
SLACK = 4                 # points kept spare when a row is measured, against rounding in the table


def _lower_first(words: str) -> str:
    """"Born 01/03/2022 (4 years old), girl" as it reads after a name and a comma."""
    return words[:1].lower() + words[1:]


def _lines(markup_safe: str) -> str:
    """A worker's line breaks kept in print."""
    return markup_safe.replace("\n", "<br/>")


def _flow(flowables: list, width: float, limit: float) -> list[list]:
    """A cell's paragraphs as pieces no taller than `limit`; a paragraph that does not fit is cut
    between its lines and goes on in the next piece."""
    pieces, current, used = [], [], 0.0
    queue = list(flowables)
    while queue:
        flowable = queue.pop(0)
        height = flowable.wrap(width, limit)[1] + flowable.getSpaceAfter()
        if used + height <= limit:
            current.append(flowable)
            used += height
            continue
        parts = flowable.split(width, limit - used)
        if len(parts) == 2:
            current.append(parts[0])
            queue.insert(0, parts[1])
        elif current:
            queue.insert(0, flowable)
        else:  # cannot be cut (one line taller than the limit): it stands alone
            current.append(flowable)
        pieces.append(current)
        current, used = [], 0.0
    return pieces + [current] if current or not pieces else pieces


def _cell_height(flowables: list, column_width: float) -> float:
    """How tall a table cell of these paragraphs is, padding included."""
    width = column_width - 2 * CELL_PADDING
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceAfter() for f in flowables) + 2 * CELL_PADDING_TOP


class MatrixRecord(styles.Document):
    pagesize = styles.LANDSCAPE_A4

    def __init__(self, council_name: str, partner_name: str, sheet, printed: date, private: bool):
        super().__init__(council_name, partner_name, printed)
        self.sheet = sheet
        self.private = private
        self.heading = f"Matching matrix {sheet.reference} (version {sheet.version})"
        # The running header says on every page whether this is a draft and what privacy leaves out,
        # so a loose page is never mistaken for the decided record or the full one.
        running = self.heading if sheet.decided else f"{self.heading}, draft"
        self.title = f"{running} \u2013 {PRIVACY_NOTE.lower()}" if private else running
        self._withheld = privacy.withheld(sheet.unit.children, sheet.families)
        s = self.styles
        # Five families need narrower cells: a size smaller keeps a row to a readable height.
        small = len(sheet.families) > 3
        s.add(ParagraphStyle("MatrixCell", parent=s["Cell"], fontSize=8.5 if small else 9.5,
                             leading=10.5 if small else 11.5, spaceAfter=2))
        s.add(ParagraphStyle("MatrixCellBold", parent=s["MatrixCell"], fontName=styles.FONT_BOLD))
        s.add(ParagraphStyle("MatrixCellItalic", parent=s["MatrixCell"], fontName=styles.FONT_ITALIC))
        s.add(ParagraphStyle("Draft", parent=s["Body"], fontName=styles.FONT_BOLD, fontSize=15, leading=19))

    # -- words ----------------------------------------------------------------------------------
    def say(self, text: str) -> str:
        """Free text as printed: with privacy on, no surname the records know, nor a family's area,
        survives."""
        text = (text or "").strip()
        return self._withheld(text) if self.private else text

    def markup(self, text: str) -> str:
        return _lines(esc(self.say(text)))

    def _para(self, markup: str, style: str = "Body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    def _family_label(self, family) -> str:
        position = self.sheet.families.index(family)
        return privacy.family_label(family, position, self.private)

    def _family_named(self, ended: dict) -> str:
        """A family as a link names it, under the same label as its column where it is in the matrix."""
        found = next((f for f in self.sheet.families if f.id == ended["family_id"]), None)
        return self._family_label(found) if found is not None else self.say(ended["family"])

    def _agency_words(self, family) -> str:
        name, kind = self.sheet.agencies.get(family.id, ("", "other"))
        kind_words = AGENCY_KIND_WORDS.get(kind, AGENCY_KIND_WORDS["other"])
        return f"{name} ({kind_words})" if name else kind_words

    # -- page 1: who, when, the decision ---------------------------------------------------------
    def _who(self) -> list:
        sheet, unit = self.sheet, self.sheet.unit
        on = sheet.as_at
        facts = [(privacy.child_label(c, self.private), _lower_first(privacy.child_facts(c, on, self.private)))
                 for c in unit.children]
        if unit.group_id is None:
            (name, words), = facts
            lines = [f"<b>For:</b> {esc(name)}, {esc(words)}"]
        else:
            group = f"{unit.first_names} (a sibling group)" if self.private else unit.name
            lines = [f"<b>For:</b> {esc(self.say(group))}"]
            lines += [f"\u2022 {esc(name)}, {esc(words)}" for name, words in facts]
        catalogue = sheet.catalogue
        lines.append(f"<b>Held on:</b> {format_date(sheet.held_on)}. Ages as at {format_date(on)}. "
                     f"<b>Areas:</b> catalogue version {catalogue.version} "
                     f"(in force from {format_date(catalogue.effective_from)}).")
        if sheet.previous_reference:
            lines.append(f"<b>Reopened from {esc(sheet.previous_reference)}:</b> {self.markup(sheet.reopened_reason)}")
        if sheet.next_reference:
            lines.append(f"<b>Superseded:</b> this decision was reopened as {esc(sheet.next_reference)}; "
                         "that version is the current one.")
        if self.private:
            lines.append(f"<i>{PRIVACY_NOTE}: first names and ages only; surnames shown as an initial.</i>")
        return [self._para(line) for line in lines]

    def _decision(self) -> list:
        sheet = self.sheet
        d = sheet.decision
        width = self.frame_size()[0]
        if d is None:
            box = Table([[self._para("DRAFT \u2013 No decision recorded yet", "Draft")],
                         [self._para("The child's social worker and their manager decide which family to proceed "
                                     "with; until the decision is recorded this is a working draft.")]],
                        colWidths=[width], hAlign="LEFT")
            box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 2, styles.BLACK),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, 0), 6),
                                     ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
            return [box]
        chosen = sheet.family(d.family_id)
        ended = "; ".join(f"{e['reference']} ({self._family_named(e)})" for e in sheet.ended_links)
        rows = [("Family chosen", f"<b>{esc(self._family_label(chosen))}</b>, {esc(self._agency_words(chosen))}"),
                ("Date of decision", format_date(d.decided_on)),
                ("Reason", self.markup(d.reason)),
                ("Decided by", (f"{self.markup(d.social_worker)} (the child's social worker) with "
                                f"{self.markup(d.manager)} (manager)")),
                ("Links ended", esc(ended) + " \u2013 \u201cAnother family chosen\u201d" if ended
                 else "None: no other family in the matrix had an active link with this child.")]
        data = [[self._para("Decision", "CellHeader"), ""]]
        data += [[self._para(esc(label), "Label"), self._para(value, "Cell")] for label, value in rows]
        box = Table(data, colWidths=[38 * mm, width - 38 * mm], hAlign="LEFT")
        box.setStyle(TableStyle([("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
                                 ("BOX", (0, 0), (-1, -1), 1.2, styles.BLACK),
                                 ("LINEBELOW", (0, 0), (-1, 0), 0.6, styles.BLACK),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return [box]

    # -- the matrix --------------------------------------------------------------------------------
    def _head_cell(self, family) -> list:
        words = [self._para(esc(self._family_label(family)), "MatrixCellBold"),
                 self._para(esc(self._agency_words(family)), "MatrixCell")]
        if not self.private and family.reference:
            words.append(self._para(esc(family.reference), "MatrixCell"))
        if self.sheet.decision is not None and self.sheet.decision.family_id == family.id:
            words.append(self._para("CHOSEN", "MatrixCellBold"))
        return words

    def _area_cell(self, criterion) -> list:
        need = self.sheet.needs.get(criterion.code, "").strip()
        words = self._para(self.markup(need), "MatrixCell") if need else \
            self._para(esc(criterion.question_for_child), "MatrixCellItalic")
        return [self._para(esc(criterion.title), "MatrixCellBold"), words]

    def _rating_cell(self, cell) -> list:
        if cell is None:  # cells are made with the matrix: a safeguard, not expected
            return [self._para("Not in this matrix", "MatrixCellItalic")]
        rated = cell.rating in RATINGS
        out = [self._para(f"{esc(RATING_MARKS[cell.rating])} {esc(RATINGS[cell.rating])}", "MatrixCellBold")
               if rated else self._para("Not rated", "MatrixCellItalic")]
        if cell.prefill is not None and cell.prefill.hard_mismatch:
            why = "; ".join(cell.prefill.mismatches)
            out.append(self._para(f"Hard mismatch (records): {esc(self.say(why))}", "MatrixCellBold"))
        if cell.strengths.strip():
            out.append(self._para(f"{STRENGTH_MARK} {self.markup(cell.strengths)}", "MatrixCell"))
        if cell.weaknesses.strip():
            out.append(self._para(f"{WEAKNESS_MARK} {self.markup(cell.weaknesses)}", "MatrixCell"))
        return out

    def _summary_words(self, family) -> str:
        # Said once below the table rather than in every column.
        sentence = self.sheet.summaries[family.id].sentence.replace(WHO_DECIDES, "").strip()
        return self.markup(sentence)

    def _rows(self, title: str, cells: list[list], widths: list[float], tallest: float) -> list[list]:
        """One area's row, cut into rows no taller than `tallest`: long notes flow on into the next
        row, labelled "(continued)", so nothing overflows a page."""
        label = self._para(f"{esc(title)} (continued)", "MatrixCellBold")
        limit = tallest - _cell_height([label], widths[0])
        pieces = [_flow(cell, width - 2 * CELL_PADDING, limit) for cell, width in zip(cells, widths)]
        rows = []
        for n in range(max(len(p) for p in pieces)):
            row = [p[n] if n < len(p) else [] for p in pieces]
            if n:
                row[0] = [label] + row[0]
            rows.append(row)
        return rows

    def _matrix(self) -> Table:
        sheet = self.sheet
        width = self.frame_size()[0]
        first = 0.24 if len(sheet.families) > 3 else 0.28
        widths = [width * first] + [width * (1 - first) / len(sheet.families)] * len(sheet.families)
        head = [[self._para("Area", "MatrixCellBold"),
                 self._para("The child's need (the area's question in italic where none is written)",
                            "MatrixCell")]]
        head += [self._head_cell(f) for f in sheet.families]
        # Two rows this tall fit on a page below the header row: a long area runs on over
        # half-pages, and no page is left more than half empty waiting for the next part.
        tallest = (self.frame_size()[1] - max(_cell_height(c, w) for c, w in zip(head, widths))) / 2 - SLACK
        areas = [self._rows(c.title, [self._area_cell(c)] + [self._rating_cell(sheet.cells.get((c.code, f.id)))
                                                            for f in sheet.families], widths, tallest)
                 for c in sheet.catalogue.criteria]
        areas.append(self._rows("Summary", [[self._para("Summary", "MatrixCellBold")]] +
                                [[self._para(self._summary_words(f), "MatrixCell")] for f in sheet.families],
                                widths, tallest))
        data, style = [head], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_TOP),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
            ("LINEAFTER", (0, 0), (-2, -1), 0.4, styles.RULE_GREY),
            ("BOX", (0, 0), (-1, -1), 1.2, styles.BLACK),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.BLACK)]
        for n, rows in enumerate(areas):
            top, bottom = len(data), len(data) + len(rows) - 1
            data += rows
            if n % 2:  # shaded by area, so an area's continued rows read as one
                style.append(("BACKGROUND", (0, top), (-1, bottom), styles.ZEBRA_FILL))
            if bottom > top:  # a dotted line where an area runs on
                style.append(("LINEBELOW", (0, top), (-1, bottom - 1), 0.3, styles.RULE_GREY, None, (1, 2)))
            style.append(("LINEBELOW", (0, bottom), (-1, bottom), 0.4, styles.RULE_GREY))
        style.append(("LINEABOVE", (0, len(data) - len(areas[-1])), (-1, len(data) - len(areas[-1])), 1.2,
                      styles.BLACK))
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def story(self) -> list:
        s = self.styles
        key = ", ".join(f"{RATING_MARKS[k]} {words}" for k, words in RATINGS.items())
        story = [self._para(esc(self.heading), "Title")]
        story += self._who()
        story += [Spacer(1, 3 * mm)] + self._decision() + [Spacer(1, 4 * mm), CondPageBreak(40 * mm)]
        story.append(self._para(f"<b>Ratings:</b> {esc(key)}. {STRENGTH_MARK} a strength noted, "
                                f"{WEAKNESS_MARK} a weakness noted. <b>Hard mismatch (records)</b>: what the "
                                "records show the family cannot meet.", "Small"))
        story += [Spacer(1, 2 * mm), self._matrix(), Spacer(1, 4 * mm)]
        story.append(KeepTogether([Paragraph(f"<b>{esc(WHO_DECIDES)}</b>", s["Body"])] +
                                  ([Paragraph(esc(PRIVACY_NOTE) + ".", s["Small"])] if self.private else [])))
        return story


def build_pdf(council_name: str, partner_name: str, sheet, printed: date, private: bool) -> bytes:
    """The matrix's record as PDF bytes; `private` withholds surnames and dates of birth."""
    return MatrixRecord(council_name, partner_name, sheet, printed, private).render()
