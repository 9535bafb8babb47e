"""The upfront fund on paper, for the agency's finance people and the auditors: the statement of
the holding account for a period (one row per entry in ledger order, with a running balance, the
balance brought and carried forward at every page break, and the sums checked) and the year-end
summary of one financial year (the year in figures, the rollover, the balances agreed with the
agency, and the year's entries by kind with subtotals).

A statement goes outside the adoption team, so a placement is named by its link reference and the
children's initials, never a child's name or date of birth; every other memo is printed with the
names of the children and families involved reduced to initials.

Portrait A4: six columns fit, and a ledger is read down the page. Black and white: a failing
check is in bold capitals inside a heavy box, never only in colour.

The documents read `context`, a dict the service builds:
  agency       the agency holding the money (its name)
  placements   link id -> (its reference, the children's initials): how a fee names its placement
  originals    entry id -> Entry: what each reversal in the lines reverses
  mask         a worker's memo -> the memo with the names in it reduced to initials (every surname
               the records know, and the first names of the children the fees are for)
  checks       the AssertionResults dated in the period or year
  progress     the target in words ("1 of 20 children placed (5%)")
"""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import financial_year_label, format_date, format_money
from ..domain.fund import FEE_STAGES, PURPOSES, Entry, Statement, StatementLine, YearEnd, base_kind, period_of_year
from ..domain.fund import entry_number
from . import styles
from .styles import esc

NO_ENTRIES = "No entries in this period"
ENTRY_COLUMN = "Entry no. (ledger)"
# Date, entry number, what, money in, money out, balance: the widths. A money column fits
# "£1,000,000.00" in bold; what is left goes to the words.
COLUMNS = [("Date", 19 * mm), (ENTRY_COLUMN, 17 * mm), ("What", None), ("Money in", 23 * mm),
           ("Money out", 23 * mm), ("Balance", 24 * mm)]
PADDING = 4
SLACK = 3   # points kept spare when a page's rows are measured, against rounding in the table
# A row of the ledger must fit on a page: a longer memo is cut (the program keeps it whole).
MEMO_LIMIT = 1000
# U+2212 (minus) is not in Helvetica's WinAnsi encoding: an en dash prints.
MINUS = "\u2013"


def _children_words(children: int) -> str:
    return "one child" if children == 1 else f"{children} children"


# --- words for an entry -------------------------------------------------------------------------------

class Words:
    """What a printout says of an entry: the kind in words, the placement by its link reference,
    a reversal by what it reverses, a memo with the names in it reduced to initials."""

    def __init__(self, context: dict, lines: list[StatementLine]):
        # An entry reversed within the lines says so, as well as its reversal.
        self.reversed_by = {line.entry.reverses_id: line.entry.id for line in lines
                            if line.entry.reverses_id is not None}
        self.placements: dict[int, tuple[str, str]] = context.get("placements", {})
        self.originals: dict[int, Entry] = context.get("originals", {})
        self.mask = context.get("mask") or (lambda memo: memo)

    def say(self, text: str) -> str:
        text = self.mask((text or "").strip())
        return text if len(text) <= MEMO_LIMIT else text[:MEMO_LIMIT].rstrip() + "… (cut short here: the program has the rest)"

    def placement(self, entry: Entry) -> str:
        reference, initials = self.placements.get(entry.link_id, ("", ""))
        if not reference:
            return "a placement (link not found)"
        return f"{reference} ({initials})" if initials else reference

    def kind(self, entry: Entry) -> str:
        """The entry's words without its memo; a fee names its placement."""
        bare = dataclasses.replace(entry, memo="").describe()
        if entry.kind == "fee":
            return f"{bare} for link {self.placement(entry)}, {_children_words(entry.children)}"
        return bare

    def of(self, entry: Entry) -> str:
        if entry.kind == "reversal":
            return self._reversal(entry)
        words = self.kind(entry)
        if entry.kind == "rollover":
            words = (f"Rolled over from {financial_year_label(entry.fy - 1)} into {financial_year_label(entry.fy)}"
                     f": {format_money(entry.amount)} moved between the years' holding accounts, "
                     "no change to the balance")
        memo = self.say(entry.memo)
        if entry.kind == "fee" and memo == f"link {self.placements.get(entry.link_id, ('',))[0]}":
            memo = ""   # the default memo: the link, already named
        words = f"{words}: {memo}" if memo else words
        if entry.kind == "reallocation" and entry.matched:
            words += f". The agency's own half, {format_money(entry.matched)}, is not from the fund."
        if entry.id in self.reversed_by:
            words += f" [Reversed by {entry_number(self.reversed_by[entry.id])}]"
        return words

    def _reversal(self, entry: Entry) -> str:
        original = self.originals.get(entry.reverses_id)
        what = self.kind(original) if original is not None else ""
        what = what[:1].lower() + what[1:]
        head = f"Reversal of {entry_number(entry.reverses_id)}" + (f" ({what})" if what else "")
        reason = self.say(entry.memo)
        return f"{head}. Why: {reason}" if reason else head


    def counted_as(self, entry: Entry) -> str:
        """A reversal counts as what it reverses (as the year's figures count it)."""
        original = self.originals.get(entry.reverses_id)
        return base_kind(entry, original.kind if original is not None else None) or "reversal"


# --- the ledger table: split by page with the balance brought and carried forward ---------------------

@dataclasses.dataclass
class _Row:
    cells: list
    balance: int        # the running balance after this row
    emphasis: bool = False


class _Ledger(Flowable):
    """The statement's table. It cuts itself between rows where the page ends: the page ends with
    "Carried forward" and the running balance, the next begins with the header and "Brought
    forward" and the same balance. Row heights are measured once and do not depend on the page."""

    def __init__(self, doc: FundStatement, rows: list[_Row], heights: list[float], brought: int | None = None):
        super().__init__()
        self.doc, self.rows, self.heights, self.brought = doc, rows, heights, brought

    def _make(self, rows: list[_Row], carried: int | None) -> Table:
        return self.doc.ledger_table(rows, self.brought, carried)

    def wrap(self, avail_width, avail_height):
        # From the measured heights: making the table of every remaining row at each page would
        # take time in the square of the rows.
        self.width = avail_width
        self.height = (self.doc.head_height + sum(self.heights)
                       + (self.doc.forward_height if self.brought is not None else 0))
        return self.width, self.height

    def split(self, avail_width, avail_height):
        forward = self.doc.forward_height
        room = avail_height - self.doc.head_height - forward - SLACK
        if self.brought is not None:
            room -= forward
        used, fits = 0.0, 0
        for height in self.heights:
            if used + height > room:
                break
            used += height
            fits += 1
        fits = min(fits, len(self.rows) - 1)
        if fits <= 0:
            return []   # not even one row here: the frame moves on to a new page
        carried = self.rows[fits - 1].balance
        return [self._make(self.rows[:fits], carried),
                _Ledger(self.doc, self.rows[fits:], self.heights[fits:], brought=carried)]

    def draw(self):
        table = self._make(self.rows, None)
        table.wrap(self.width, self.height)
        table.drawOn(self.canv, 0, 0)


# --- the documents ---------------------------------------------------------------------------------------

class FundDocument(styles.Document):
    def __init__(self, council_name: str, partner_name: str, statement: Statement, context: dict, printed: date):
        super().__init__(council_name, partner_name, printed)
        self.agreement = statement.agreement
        self.context = context
        self.words = Words(context, statement.lines)
        s = self.styles
        # A size smaller than the registers': a ledger's rows are many and short.
        s.add(ParagraphStyle("Ledger", parent=s["Cell"], fontSize=9, leading=10.8))
        s.add(ParagraphStyle("LedgerBold", parent=s["Ledger"], fontName=styles.FONT_BOLD))
        s.add(ParagraphStyle("Amount", parent=s["Ledger"], alignment=TA_RIGHT))
        s.add(ParagraphStyle("AmountBold", parent=s["Amount"], fontName=styles.FONT_BOLD))
        s.add(ParagraphStyle("Alarm", parent=s["Body"], fontName=styles.FONT_BOLD, fontSize=11.5, leading=15,
                             spaceAfter=0))

    def _para(self, markup: str, style: str = "Body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    def running_title(self, full: str, short: str) -> str:
        """The title at the head of every page: with the agreement's name when it fits between the
        council's name and CONFIDENTIAL (the house frame centres it), else without."""
        beside = max(stringWidth(self.council_name, styles.FONT_BOLD, 10),
                     stringWidth(f"with {self.partner_name}", styles.FONT, 9),
                     stringWidth(styles.CONFIDENTIAL, styles.FONT_BOLD, 13))
        room = self.pagesize[0] - 2 * styles.MARGIN - 2 * beside - 8 * mm
        return full if stringWidth(full, styles.FONT, 9) <= room else short

    def _alarm(self) -> list:
        """Every balance check that fails, said at the top too: it is never missed."""
        failing = [c for c in self.context.get("checks", []) if not c.holds]
        if not failing:
            return []
        return [self._boxed([self._para(esc(f"BALANCE CHECK FAILED: {c.describe()}"), "Alarm") for c in failing],
                            heavy=True), Spacer(1, 2 * mm)]

    def _money(self, pence: int | None, bold: bool = False) -> Paragraph | str:
        if pence is None:
            return ""
        return self._para(esc(format_money(pence)), "AmountBold" if bold else "Amount")

    def _not_over(self, end: date, what: str) -> str:
        return f" (the {what} is not over: entries to {format_date(self.printed)})" if self.printed < end else ""

    def _facts(self) -> list:
        a = self.agreement
        target = f"target {a.target_placements} placements" if a.target_placements else "no target set"
        agency = esc(self.context.get("agency") or "not recorded")
        lines = [f"<b>Held by:</b> {agency}, in a separate holding account. <b>Grant:</b> "
                 + f"{esc(format_money(a.grant))}, {esc(target)}.",
                 f"<b>Agreement:</b> from {format_date(a.starts_on)}; spend by {format_date(a.spend_by)}"
                 + (f"; money may be used until {format_date(a.ends_on)}" if a.ends_on else "") + "."]
        if self.context.get("progress"):
            lines.append(f"<b>Placements paid for:</b> {esc(self.context['progress'])}.")
        return [self._para(line, "Small") for line in lines] + [Spacer(1, 2 * mm)]

    def _boxed(self, paragraphs: list, heavy: bool) -> Table:
        box = Table([[p] for p in paragraphs], colWidths=[self.frame_size()[0]], hAlign="LEFT")
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 2 if heavy else 0.8, styles.BLACK),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                 ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, -1), (-1, -1), 5)]))
        return box

    def _sum_line(self, terms: list[tuple[str, str, int]], closing: int,
                  closing_name: str = "closing balance") -> Table:
        """The line an auditor ticks: the terms worked out here, and whether they come to the closing
        balance. `terms`: (sign, name, pence), the first sign ignored."""
        result = sum(-p if sign == MINUS else p for sign, _n, p in terms)
        names = " ".join(f"{sign} {name}" if n else name for n, (sign, name, _p) in enumerate(terms))
        figures = " ".join(f"{sign} {format_money(p)}" if n else format_money(p)
                           for n, (sign, _n, p) in enumerate(terms))
        agrees = result == closing
        verdict = (f"which is the {closing_name}: it adds up." if agrees else
                   f"but the {closing_name} is {format_money(closing)}: DOES NOT ADD UP, out by "
                   f"{format_money(result - closing)}.")
        equals = closing_name.replace(" balance", "")   # "= closing", "= balance so far"
        paragraphs = [self._para(f"<b>Check: {esc(names)} = {esc(equals)}</b>", "Body"),
                      self._para(esc(f"{figures} = {format_money(result)}, {verdict}"),
                                 "Body" if agrees else "Alarm")]
        return self._boxed(paragraphs, heavy=not agrees)

    def _checks(self, where: str) -> list:
        checks = self.context.get("checks", [])
        heading = self._para(esc(f"Balances agreed with the agency {where}"), "Heading")
        if not checks:
            return [KeepTogether([heading, self._para(esc(f"No balance was agreed with the agency {where}."))])]
        story = [CondPageBreak(30 * mm), heading]
        failing = [c for c in checks if not c.holds]
        if failing:
            story.append(self._boxed([self._para(esc(
                f"{len(failing)} of {len(checks)} {'check' if len(checks) == 1 else 'checks'} "
                f"{'DOES' if len(failing) == 1 else 'DO'} NOT AGREE with the ledger: the difference must be found "
                "before the account is signed off."), "Alarm")],
                heavy=True))
            story.append(Spacer(1, 2 * mm))
        for check in checks:
            note = f" ({check.assertion.note})" if check.assertion.note else ""
            text = esc(check.describe() + note)
            if check.holds:
                story.append(Paragraph(text, self.styles["Bullet"], bulletText="\u2022"))
            else:
                story.append(Paragraph(f"<b>{text}</b>", self.styles["Bullet"], bulletText="\u2022"))
        return story


class FundStatement(FundDocument):
    def __init__(self, council_name: str, partner_name: str, statement: Statement, context: dict, printed: date):
        super().__init__(council_name, partner_name, statement, context, printed)
        self.statement = statement
        self.heading = f"Fund statement: {statement.agreement.name}"
        self.title = self.running_title(self.heading, "Fund statement")
        width = self.frame_size()[0]
        fixed = sum(w for _h, w in COLUMNS if w)
        self.widths = [w or width - fixed for _h, w in COLUMNS]
        self.head_height = self.forward_height = 0.0

    def _cell(self, markup: str, bold: bool = False) -> Paragraph:
        return self._para(markup, "LedgerBold" if bold else "Ledger")

    def _forward_row(self, words: str, balance: int) -> list:
        return ["", "", self._cell(esc(words), True), "", "", self._money(balance, True)]

    def _line_row(self, line: StatementLine) -> _Row:
        e = line.entry
        change = line.change
        what = esc(self.words.of(e))
        return _Row([format_date(e.on), entry_number(e.id), self._cell(what),
                     self._money(change) if change > 0 else "", self._money(-change) if change < 0 else "",
                     self._money(line.balance)], line.balance)

    def _rows(self) -> list[_Row]:
        st = self.statement
        the_day_before = format_date(st.start - timedelta(days=1))
        rows = [_Row([format_date(st.start), "", self._cell(esc(f"Opening balance brought forward (at the end of "
                                                                f"{the_day_before})"), True),
                      "", "", self._money(st.opening, True)], st.opening, emphasis=True)]
        if not st.lines:
            rows.append(_Row(["", "", self._cell(f"<i>{NO_ENTRIES}.</i>"), "", "", ""], st.opening))
        rows += [self._line_row(line) for line in st.lines]
        rows.append(_Row([format_date(st.end), "", self._cell(esc(f"Closing balance carried forward (at the end of "
                                                                  f"{format_date(st.end)})"), True),
                          "", "", self._money(st.closing, True)], st.closing, emphasis=True))
        return rows

    def ledger_table(self, rows: list[_Row], brought: int | None, carried: int | None) -> Table:
        head = [self._cell(esc(h), True) if n < 3 else self._para(esc(h), "AmountBold")
                for n, (h, _w) in enumerate(COLUMNS)]
        data = [head]
        emphasis = []
        if brought is not None:
            data.append(self._forward_row("Brought forward", brought))
            emphasis.append(1)
        for row in rows:
            if row.emphasis:
                emphasis.append(len(data))
            data.append(row.cells)
        if carried is not None:
            data.append(self._forward_row("Carried forward", carried))
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("FONT", (0, 0), (-1, -1), styles.FONT, 9, 10.8),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                 ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                 ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
                 ("LINEABOVE", (0, 0), (-1, 0), 1.2, styles.BLACK), ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.BLACK),
                 ("LINEBELOW", (0, -1), (-1, -1), 1.2, styles.BLACK),
                 # The balance column stands apart, so a running total is followed down the page.
                 ("LINEBEFORE", (5, 0), (5, -1), 0.6, styles.RULE_GREY),
                 ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.ZEBRA_FILL])]
        for n in emphasis:
            style.append(("BACKGROUND", (0, n), (-1, n), None))
            style.append(("LINEBELOW", (0, n), (-1, n), 0.6, styles.BLACK))
        if carried is not None:
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, styles.BLACK))
            style.append(("BACKGROUND", (0, -1), (-1, -1), None))
        if rows and rows[-1].emphasis and carried is None:   # the closing row
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, styles.BLACK))
        table = Table(data, colWidths=self.widths, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def _ledger(self) -> _Ledger:
        rows = self._rows()
        # Measured once, with a forward row in second place: the header's, a forward row's and
        # each row's height, the same on every page.
        probe = self.ledger_table(rows, 0, None)
        probe.wrap(self.frame_size()[0], 10 ** 7)
        heights = list(probe._rowHeights)   # ReportLab's own measure, set by wrap()
        self.head_height, self.forward_height = heights[0], heights[1]
        return _Ledger(self, rows, heights[2:])

    def _totals(self) -> list:
        st = self.statement
        ins = sum(1 for line in st.lines if line.change > 0)
        outs = sum(1 for line in st.lines if line.change < 0)
        rows = [("Opening balance brought forward", st.opening),
                (f"Money in ({ins} {'entry' if ins == 1 else 'entries'})", st.money_in),
                (f"Money out ({outs} {'entry' if outs == 1 else 'entries'})", st.money_out),
                ("Closing balance carried forward", st.closing)]
        table = Table([[self._para(esc(label), "Cell"), self._money(amount, bold=n in (0, 3))]
                       for n, (label, amount) in enumerate(rows)], colWidths=[70 * mm, 30 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("LINEABOVE", (0, 3), (-1, 3), 0.6, styles.BLACK),
                                   ("LINEBELOW", (0, 3), (-1, 3), 1.2, styles.BLACK),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        check = self._sum_line([("", "Opening", st.opening), ("+", "money in", st.money_in),
                                (MINUS, "money out", st.money_out)], st.closing)
        return [KeepTogether([self._para("Totals for the period", "Heading"), table, Spacer(1, 3 * mm), check])]

    def story(self) -> list:
        st = self.statement
        count = len(st.lines)
        period = (f"{format_date(st.start)} to {format_date(st.end)}: "
                  + (f"{count} {'entry' if count == 1 else 'entries'} in ledger order" if count else NO_ENTRIES)
                  + self._not_over(st.end, "period"))
        story = [self._para(esc(self.heading), "Title"), self._para(esc(period), "Subtitle")]
        story += self._facts()
        story += self._alarm()
        story.append(self._para(esc(f"The holding account (every financial year's together): money in and out, and "
                                    f"the balance after each entry. “{ENTRY_COLUMN}” is the entry's number in "
                                    f"the program's ledger. A reversal corrects a mistaken entry; it names the "
                                    f"entry it reverses. A rollover moves money between the years' accounts and "
                                    f"does not change the balance. Placements are named by link reference and "
                                    f"the children's initials."), "Small"))
        story += [Spacer(1, 2 * mm), self._ledger()]
        story += self._totals()
        story += self._checks("in this period")
        return story


# --- the year end ---------------------------------------------------------------------------------------

# The year's entries are listed in this order, a reversal under the kind it reverses.
KIND_HEADINGS = [("instalment", "", "Instalments received"), ("fee", "", "Fees drawn"),
                 ("reallocation", "link_worker", f"Reallocated: {PURPOSES['link_worker']}"),
                 ("reallocation", "advertising", f"Reallocated: {PURPOSES['advertising']}"),
                 ("return", "", "Returned to the council"),
                 ("rollover", "", "Rolled over (moved between the years' accounts: no change to the balance)"),
                 ("reversal", "", "Reversals of entries not found")]


class YearEndSummary(FundDocument):
    def __init__(self, council_name: str, partner_name: str, year: YearEnd, statement: Statement, context: dict,
                 printed: date):
        super().__init__(council_name, partner_name, statement, context, printed)
        self.year, self.statement = year, statement
        self.heading = f"Year-end summary {year.label}: {statement.agreement.name}"
        self.title = self.running_title(self.heading, f"Fund year-end summary {year.label}")
        self.groups = self._group()

    def _group(self) -> dict[tuple[str, str], list[StatementLine]]:
        out: dict[tuple[str, str], list[StatementLine]] = {(k, p): [] for k, p, _h in KIND_HEADINGS}
        for line in self.statement.lines:
            kind = self.words.counted_as(line.entry)
            purpose = line.entry.purpose if kind == "reallocation" else ""
            out.setdefault((kind, purpose), []).append(line)
        return out

    def _subtotal(self, kind: str, purpose: str = "") -> int:
        """What the kind took out of the holding account (put in, for instalments), reversals netted."""
        change = sum(line.change for line in self.groups.get((kind, purpose), []))
        return change if kind == "instalment" else -change

    def _children(self) -> tuple[int, int]:
        """Children with a fee at placement this year, and adoption-order fees (reversals netted)."""
        placed = orders = 0
        for line in self.groups.get(("fee", ""), []):
            sign = -1 if line.entry.kind == "reversal" else 1
            if line.entry.fee_stage == "placement":
                placed += sign * line.entry.children
            else:
                orders += sign
        return placed, orders

    @staticmethod
    def _moved(line: StatementLine) -> int:
        """What a rollover moved (its reversal moved it back)."""
        return -line.entry.amount if line.entry.kind == "reversal" else line.entry.amount

    def _closing_words(self, end: date) -> str:
        if self.printed < end:
            return f"Balance so far, at the end of {format_date(self.printed)} (the year ends {format_date(end)})"
        return f"Closing balance carried forward (at the end of {format_date(end)})"

    def _figures(self) -> list:
        y = self.year
        start, end = period_of_year(y.fy)
        placed, orders = self._children()
        fee_words = f"at placement for {placed} {'child' if placed == 1 else 'children'}"
        if orders:
            fee_words += f"; {orders} {'fee' if orders == 1 else 'fees'} {FEE_STAGES['order'].lower()}"
        link_worker, advertising = self._subtotal("reallocation", "link_worker"), self._subtotal("reallocation",
                                                                                                  "advertising")
        rows = [("", f"Opening balance brought forward (at the end of {format_date(start - timedelta(days=1))})",
                 y.opening, True),
                ("add", "Instalments received", y.instalments, False),
                ("less", f"Fees drawn ({fee_words})", y.fees, False),
                ("less", f"Reallocated: {PURPOSES['link_worker'].lower()}", link_worker, False),
                ("less", f"Reallocated: {PURPOSES['advertising'].lower()}", advertising, False),
                ("less", "Returned to the council", y.returned, False),
                ("", self._closing_words(end), y.closing, True)]
        data = [[self._para(esc(sign), "Cell"), self._para(esc(label), "CellHeader" if bold else "Cell"),
                 self._money(amount, bold)] for sign, label, amount, bold in rows]
        table = Table(data, colWidths=[12 * mm, 110 * mm, 30 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, 0), 0.6, styles.BLACK),
                                   ("LINEABOVE", (0, -1), (-1, -1), 0.6, styles.BLACK),
                                   ("LINEBELOW", (0, -1), (-1, -1), 1.2, styles.BLACK),
                                   ("LEFTPADDING", (0, 0), (0, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
        story = [self._para("The year in figures", "Heading"), table, Spacer(1, 3 * mm),
                 self._sum_line([("", "Opening", y.opening), ("+", "instalments", y.instalments),
                                 (MINUS, "fees", y.fees), (MINUS, "reallocated", y.reallocated),
                                 (MINUS, "returned", y.returned)], y.closing,
                                "balance so far" if self.printed < end else "closing balance")]
        if link_worker + advertising != y.reallocated:
            story += [Spacer(1, 2 * mm), self._boxed([self._para(esc(
                f"The reallocations listed below come to {format_money(link_worker + advertising)}, but the ledger's "
                f"figure for the year is {format_money(y.reallocated)}: DOES NOT AGREE."), "Alarm")], heavy=True)]
        return story

    def _rollover(self) -> list:
        y = self.year
        years = self.agreement.financial_years
        previous, following = financial_year_label(y.fy - 1), financial_year_label(y.fy + 1)
        start, end = period_of_year(y.fy)
        if y.rolled_in:
            first = (f"Rolled over from {previous} into this year's holding account on {format_date(start)}: "
                     f"{format_money(y.rolled_in)}.")
        elif y.fy - 1 not in years:   # no year of the agreement before it: nothing could be
            first = f"{y.label} is the agreement's first financial year: nothing was rolled over into it."
        else:
            first = f"Nothing was rolled over from {previous} into this year's holding account."
        if y.opening > y.rolled_in:
            first += (f" {format_money(y.opening - y.rolled_in)} of the opening balance stayed in earlier years' "
                      "holding accounts.")
        if y.rolled_on:
            second = (f"Rolled over from this year's account into {following} on {format_date(end + timedelta(days=1))}:"
                      f" {format_money(y.rolled_on)}.")
            left = y.closing - y.rolled_on
            if left:
                second += f" {format_money(left)} of the closing balance was not rolled over into {following}."
        elif y.fy + 1 not in years:   # the agreement ends with this year: nothing can be rolled into the next
            second = (f"{y.label} is the agreement's last financial year (money may be used until "
                      f"{format_date(self.agreement.last_day)}): ")
            balance = "the balance so far" if self.printed < end else "the closing balance"
            second += (f"{balance}, {format_money(y.closing)}, is to be spent by then or returned to the council, "
                       "unless the agreement is extended." if y.closing else "nothing is left in it.")
        elif y.closing:
            second = (f"Nothing has been rolled over into {following}: the closing balance of {format_money(y.closing)}"
                      " stays where it is until it is rolled over or returned.")
        else:
            second = f"Nothing was left to roll over into {following}."
        return [CondPageBreak(25 * mm), self._para("Rollover", "Heading"),
                self._para(esc(first) + " " + esc(second)),
                self._para("A rollover moves money from one year's holding account to the next: it changes no "
                           "total, so it is not in the figures above.", "Small")]

    def _entries(self) -> list:
        story = [CondPageBreak(60 * mm), self._para(esc(f"The year's entries by kind ({len(self.statement.lines)})"),
                                                    "Heading")]
        if not self.statement.lines:
            return story + [self._para(esc(f"No entries in {self.year.label}."))]
        head = [self._para(esc(h), "LedgerBold") for h in ("Date", ENTRY_COLUMN, "What")] + [
            self._para("Amount", "AmountBold")]
        data, style = [head], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                               ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
                               ("LINEABOVE", (0, 0), (-1, 0), 1.2, styles.BLACK),
                               ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.BLACK)]
        for kind, purpose, heading in KIND_HEADINGS:
            lines = self.groups.get((kind, purpose), [])
            if not lines:
                continue
            # A kind's heading never ends a page alone, nor its subtotal starts one.
            style += [("SPAN", (0, len(data)), (-1, len(data))), ("NOSPLIT", (0, len(data)), (-1, len(data) + 1)),
                      ("NOSPLIT", (0, len(data) + len(lines)), (-1, len(data) + len(lines) + 1))]
            data.append([self._para(esc(heading), "LedgerBold"), "", "", ""])
            for line in lines:
                amount = self._moved(line) if kind == "rollover" else \
                    line.change if kind == "instalment" else -line.change
                data.append([self._para(format_date(line.entry.on), "Ledger"),
                             self._para(entry_number(line.entry.id), "Ledger"),
                             self._para(esc(self.words.of(line.entry)), "Ledger"),
                             self._money(amount)])
            subtotal = sum(map(self._moved, lines)) if kind == "rollover" else self._subtotal(kind, purpose)
            count = len(lines)
            style += [("LINEABOVE", (0, len(data)), (-1, len(data)), 0.6, styles.BLACK),
                      ("LINEBELOW", (0, len(data)), (-1, len(data)), 1.2, styles.BLACK)]
            data.append(["", "", self._para(esc(f"Subtotal: {heading.split(' (')[0].lower()} "
                                                f"({count} {'entry' if count == 1 else 'entries'})"), "LedgerBold"),
                         self._money(subtotal, True)])
        width = self.frame_size()[0]
        table = Table(data, colWidths=[20 * mm, 19 * mm, width - 69 * mm, 30 * mm], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        note = self._para("A reversal is listed under the kind of entry it reverses, with the opposite sign, as the "
                          "year's figures count it. Amounts are what each entry put into the holding account "
                          "(instalments) or took out of it (the rest); a rollover, what it moved.", "Small")
        return story + [note, Spacer(1, 2 * mm), table]

    def story(self) -> list:
        y = self.year
        start, end = period_of_year(y.fy)
        count = len(self.statement.lines)
        story = [self._para(esc(self.heading), "Title"),
                 self._para(esc(f"The financial year {y.label}, {format_date(start)} to {format_date(end)}: "
                                + (f"{count} {'entry' if count == 1 else 'entries'}" if count else
                                   f"no entries in {y.label}") + self._not_over(end, "year")), "Subtitle")]
        story += self._facts()
        story += self._alarm()
        story += self._figures()
        story += self._rollover()
        story += self._checks(f"in {y.label}")
        story += self._entries()
        return story


def statement_pdf(council_name: str, partner_name: str, statement: Statement, context: dict, printed: date) -> bytes:
    """The statement for a period as PDF bytes (see the module's note for `context`)."""
    return FundStatement(council_name, partner_name, statement, context, printed).render()


def year_end_pdf(council_name: str, partner_name: str, year: YearEnd, statement: Statement, context: dict,
                 printed: date) -> bytes:
    """The year-end summary as PDF bytes: `year` from services.fund.year_end, `statement` the
    year's statement (1 April to 31 March)."""
    return YearEndSummary(council_name, partner_name, year, statement, context, printed).render()
