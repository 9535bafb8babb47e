"""The partnership report on paper, for partnership meetings and the evaluators: portrait A4, the
period in the title, the report in the evaluation's sentences, then each section as a table of its
figures beside a bar chart of them. A section with nothing to count says so in a sentence.

Black and white: every bar has its label on the left and its number written at its end, bars are a
mid grey outlined in black, and a target is a dashed outline with its number, so nothing depends on
colour. Counts only: no child's name or date of birth is printed.
"""
from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import format_date, format_money
from ..domain.links import LINK_STATUSES
from ..domain.partnership import (EMPTY_SECTION, SECTIONS, InProgress, PartnershipReport, age_label)
from ..domain.records import REFERRAL_KINDS, REFERRAL_STATUSES
from . import styles
from .styles import esc

BAR_FILL = colors.Color(0.62, 0.62, 0.62)   # a mid grey: solid on a photocopy, the number stays black beside it
LABEL_SIZE = 8.5
ROW = 15          # points per bar
LABEL_LINE = 9.5  # points between the two lines of a long label
TABLE_SHARE = 0.46   # of the page's width: the figures; the chart has the rest


def _n(value: int) -> str:
    return f"{value:,}"


class BarDrawing(Drawing):
    """Horizontal bars, a label on the left of each and its number at its end. `target`: a whole a
    bar is measured against, drawn as a dashed outline with its number."""

    def __init__(self, width: float, title: str, bars: list[tuple[str, float, str]], target: float | None = None):
        label_room = min(max((stringWidth(b[0], styles.FONT, LABEL_SIZE) for b in bars), default=0),
                         width * 0.45 - 6)
        lines = [_label_lines(b[0], label_room + 0.01) for b in bars]
        rows = [ROW + LABEL_LINE * (len(label) - 1) for label in lines] or [ROW]
        height = 16 + sum(rows) + 4
        super().__init__(width, height)
        self.add(String(0, height - 11, title, fontName=styles.FONT_BOLD, fontSize=9))
        if not bars:
            return
        label_width = label_room + 6
        words_width = max(stringWidth(b[2], styles.FONT_BOLD, LABEL_SIZE) for b in bars) + 6
        room = max(width - label_width - words_width, 10)
        top = max([target or 0] + [b[1] for b in bars]) or 1
        y = height - 18
        for (_label, value, words), label, row in zip(bars, lines, rows):
            y -= row
            for n, line in enumerate(label):   # the first line highest
                self.add(String(label_room, y + 4 + LABEL_LINE * (len(label) - 1 - n), line, fontName=styles.FONT,
                                fontSize=LABEL_SIZE, textAnchor="end"))
            bar_y = y + (row - ROW) / 2   # the bar level with the middle of its label
            end = label_width
            if target:
                self.add(Rect(label_width, bar_y + 1.5, room * target / top, ROW - 4, fillColor=None,
                              strokeColor=styles.BLACK, strokeWidth=0.6, strokeDashArray=[2, 2]))
            if value > 0:
                length = room * value / top
                self.add(Rect(label_width, bar_y + 1.5, length, ROW - 4, fillColor=BAR_FILL,
                              strokeColor=styles.BLACK, strokeWidth=0.6))
                end += length
            else:   # a zero is a mark, not a gap that could be a figure missing
                self.add(Rect(label_width, bar_y + 1.5, 0.8, ROW - 4, fillColor=styles.BLACK, strokeColor=None))
            if target:
                end = max(end, label_width + room * target / top)
            self.add(String(end + 4, bar_y + 4, words, fontName=styles.FONT_BOLD, fontSize=LABEL_SIZE))


def _label_lines(text: str, width: float) -> list[str]:
    """A bar's label on one line, or on two broken at a space (a reason a link ended is often long,
    and cut short it no longer says what was counted); only what is left past two lines is cut."""
    if stringWidth(text, styles.FONT, LABEL_SIZE) <= width:
        return [text]
    words = text.split()
    first = ""
    for at, word in enumerate(words):
        trial = f"{first} {word}".strip()
        if first and stringWidth(trial, styles.FONT, LABEL_SIZE) > width:
            return [_fit(first, width), _fit(" ".join(words[at:]), width)]
        first = trial
    return [_fit(text, width)]


def _fit(text: str, width: float) -> str:
    if stringWidth(text, styles.FONT, LABEL_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", styles.FONT, LABEL_SIZE) > width:
        text = text[:-1]
    return text + "…"


def _bars(rows: list[tuple[str, int]]) -> list[tuple[str, float, str]]:
    return [(label, value, _n(value)) for label, value in rows]


class PartnershipDocument(styles.Document):
    def __init__(self, report: PartnershipReport, printed: date):
        super().__init__(report.council, report.partner, printed)
        self.report = report
        self.title = f"Partnership report {format_date(report.start)} to {format_date(report.end)}"
        self.styles.add(ParagraphStyle("Number", parent=self.styles["Cell"], alignment=TA_RIGHT))
        self.styles.add(ParagraphStyle("NumberBold", parent=self.styles["Number"], fontName=styles.FONT_BOLD))

    # --- pieces ---------------------------------------------------------------------------------
    def _para(self, text: str, style: str = "Body") -> Paragraph:
        return Paragraph(esc(text), self.styles[style])

    def _table(self, rows: list[tuple[str, str]], width: float, heading: tuple[str, str] = ("", "Number")) -> Table:
        s = self.styles
        data = [[Paragraph(esc(heading[0]), s["CellHeader"]), Paragraph(esc(heading[1]), s["NumberBold"])]]
        data += [[Paragraph(esc(label), s["Cell"]), Paragraph(esc(value), s["Number"])] for label, value in rows]
        table = Table(data, colWidths=[width * 0.68, width * 0.32], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, styles.BLACK), ("LINEBELOW", (0, 0), (-1, 0), 1.0, styles.BLACK),
            ("LINEBELOW", (0, -1), (-1, -1), 1.0, styles.BLACK),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.ZEBRA_FILL]),
        ]))
        return table

    def _section(self, key: str, rows: list[tuple[str, str]], charts: list[Drawing], heading: str = "",
                 note: str = "", column: str = "Number") -> list:
        """A heading, then the figures' table beside the charts; or the heading and a sentence."""
        title = heading or SECTIONS[key]
        if self.report.section_empty(key) and key != "fund":
            return [KeepTogether([self._para(title, "Heading"), self._para(EMPTY_SECTION[key])])]
        width, _height = self.frame_size()
        left = width * TABLE_SHARE
        right = width - left - 6 * mm
        chart_cell = charts or [Spacer(1, 1)]
        grid = Table([[self._table(rows, left, ("", column)), chart_cell]], colWidths=[left + 6 * mm, right], hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        parts = [self._para(title, "Heading"), grid]
        if note:
            parts += [Spacer(1, 1.5 * mm), self._para(note, "Small")]
        return [KeepTogether(parts), Spacer(1, 3 * mm)]

    def _chart_width(self) -> float:
        width, _height = self.frame_size()
        return width - width * TABLE_SHARE - 6 * mm

    def _chart(self, title: str, rows: list[tuple[str, int]]) -> Drawing:
        return BarDrawing(self._chart_width(), title, _bars(rows))

    # --- the sections ---------------------------------------------------------------------------
    def _placed(self) -> list:
        r = self.report
        p = r.placed
        rows = [("Placements (a sibling group together is one)", _n(p.placements)), ("Children", _n(p.children)),
                ("Adoptive families", _n(p.families)), ("Girls", _n(p.girls)), ("Boys", _n(p.boys)),
                ("Sibling group placements", _n(p.sibling_group_placements)),
                ("Children placed in sibling groups", _n(p.children_in_sibling_groups))]
        rows += [(f"{r.agency_families(a.kind)}: children (placements, families)",
                  f"{_n(a.children)} ({_n(a.placements)}, {_n(a.families)})") for a in p.by_agency]
        charts = [self._chart("Children by age at placement", [(age_label(age), n) for age, n in p.ages]),
                  Spacer(1, 2 * mm),
                  self._chart("Children by the family's agency", [(r.agency_families(a.kind), a.children)
                                                                 for a in p.by_agency])]
        return self._section("placed", rows, charts)

    def _not_progressed(self) -> list:
        n = self.report.not_progressed
        rows = [("Links", _n(n.links)), ("Families", _n(n.families)), ("Children", _n(n.children)),
                ("Of them siblings", _n(n.siblings))]
        rows += [(f"Reason: {reason}", _n(links)) for reason, links in n.by_reason]
        return self._section("not_progressed", rows, [self._chart("Links by reason", list(n.by_reason))])

    def _linked(self) -> list:
        r = self.report
        rows = [("Children", _n(r.potentially_linked.children)), ("Families", _n(r.potentially_linked.families))]
        chart = self._chart("Children", [("Placed", r.placed.children),
                                         ("Links did not progress", r.not_progressed.children),
                                         ("In all (each once)", r.potentially_linked.children)])
        return self._section("potentially_linked", rows, [chart],
                             note="Children placed and children whose links did not progress, each child and "
                                  "family counted once, as the evaluation counted them.")

    def _in_progress(self, key: str, part: InProgress) -> list:
        rows = [("Links", _n(part.links)), ("Children", _n(part.children)), ("Families", _n(part.families))]
        rows += [(f"\u2013 at {LINK_STATUSES[s].lower()}", _n(links)) for s, links in part.by_status]
        return self._section(key, rows, [self._chart("Links by status at the end",
                                                     [(LINK_STATUSES[s], k) for s, k in part.by_status])])

    def _referrals(self) -> list:
        r = self.report
        rows = [("Referrals made", _n(r.referrals_made))]
        bars = []
        for kind in r.referrals:
            rows.append((f"{REFERRAL_KINDS[kind.kind]}", _n(kind.made)))
            for status, count in kind.outcomes:
                rows.append((f"\u2013 {REFERRAL_STATUSES[status]} at the end", _n(count)))
                bars.append((f"{'Child' if kind.kind == 'child' else 'Adopter'}: {REFERRAL_STATUSES[status]}", count))
        return self._section("referrals", rows, [self._chart("Referrals by status at the end", bars)])

    def _fund(self) -> list:
        r = self.report
        if not r.fund:
            return [KeepTogether([self._para(SECTIONS["fund"], "Heading"), self._para(EMPTY_SECTION["fund"])])]
        out = []
        for f in r.fund:
            rows = [("Target placements", _n(f.target) if f.target else "none set"),
                    ("Children placed by the end (fees drawn)", _n(f.placed_by_end)),
                    ("Of them in this period", _n(f.placed_in_period)),
                    ("Balance at the start", format_money(f.balance_at_start)), ("Paid in", format_money(f.paid_in)),
                    ("Fees drawn", format_money(f.fees)), ("Reallocated: link worker", format_money(f.link_worker)),
                    ("Reallocated: joint advertising", format_money(f.advertising)),
                    ("Returned to the council", format_money(f.returned)),
                    ("Balance at the end", format_money(f.balance_at_end))]
            target = BarDrawing(self._chart_width(), "Children placed against the target",
                                [("Placed by the end", f.placed_by_end, f.target_words)], target=f.target or None)
            money = BarDrawing(self._chart_width(), "Money in the period", [
                (label, pence, format_money(pence)) for label, pence in
                (("Paid in", f.paid_in), ("Fees drawn", f.fees), ("Reallocated", f.reallocated),
                 ("Returned", f.returned))])
            out += self._section("fund", rows, [target, Spacer(1, 2 * mm), money],
                                 heading=f"{SECTIONS['fund']}: {f.agreement}", column="Figure",
                                 note=f"Held by {f.agency}. From the fund's ledger: the children counted are those "
                                      "with a placement fee drawn.")
        return out

    def _timeliness(self) -> list:
        t = self.report.timeliness
        if t is None:
            return []
        rows, bars = [], []
        for name, result in (("A1", t.a1), ("A2", t.a2)):
            average = f"{result.average:,.0f} days" if result.average is not None else "none"
            rows += [(f"{name}: average", average), (f"{name}: children counted", _n(result.counted)),
                     (f"{name}: children left out", _n(result.left_out))]
            if result.threshold is not None:
                rows.append((f"{name}: threshold", f"{result.threshold:,} days"))
            if result.average is not None:
                bars.append((f"{name} average", result.average, f"{result.average:,.0f} days"))
            if result.threshold is not None:
                bars.append((f"{name} threshold", result.threshold, f"{result.threshold:,} days"))
        chart = BarDrawing(self._chart_width(), "Days on average, against the threshold", bars)
        against = f"Against the thresholds of {t.threshold}." if t.threshold else "No threshold set applies."
        note = " ".join([t.a1.describe(), t.a2.describe(), against])  # A2's sentence says who was left out
        return self._section("timeliness", rows, [chart], note=note, column="Figure")

    def story(self) -> list:
        r = self.report
        s = self.styles
        period = f"{format_date(r.start)} to {format_date(r.end)}"
        who = f"{r.council} with {r.partner}" if r.council and r.partner else (r.council or r.partner)
        story = [Paragraph(esc(f"Partnership report, {period}"), s["Title"]),
                 Paragraph(esc(f"{who}. Made on {format_date(self.printed)}: counts only, no child is named."),
                           s["Subtitle"])]
        story += [self._para(sentence) for sentence in r.summary()]
        story.append(Spacer(1, 2 * mm))
        story += self._placed() + self._not_progressed() + self._linked()
        story += self._in_progress("exploring", r.exploring) + self._in_progress("matches", r.matches)
        story += self._referrals() + self._fund() + self._timeliness()
        return story


def report_pdf(report: PartnershipReport, printed: date) -> bytes:
    return PartnershipDocument(report, printed).render()
