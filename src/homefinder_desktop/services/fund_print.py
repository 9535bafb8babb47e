"""The upfront fund printed: the statement for a period and the year-end summary, for the agency's
finance people and the auditors. A placement is named by its link reference and the children's
initials only, and the names of the children and families a worker's memo may give are printed as
initials (the command line's statement too: see MemoMask)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..domain import privacy
from ..domain.errors import FieldProblem, NotFound, ValidationError
from ..domain.formatting import financial_year_label, format_date
from ..domain.fund import Entry, FundAgreement, StatementLine, period_of_year
from ..domain.links import Link
from ..domain.records import Agency, Child, Family
from ..storage.registers import RegisterQuery
from . import fund, records
from .session import Session


def _initials(child: Child) -> str:
    return "".join(f"{part[0].upper()}." for part in (child.first_name, child.last_name) if part.strip())


class MemoMask:
    """A worker's memo as it may go outside the adoption team: every surname the records know (each
    child's, archived too, and each adopter's) and the first names given, reduced to an initial.
    The records are read only when a memo first needs it, and each memo is tried only against the
    names whose words it has, so a long ledger with thousands of children stays quick."""

    def __init__(self, session: Session, first_names: Iterable[str] = ()):
        self.session = session
        self.first_names = [n for n in first_names if len(n) > 1]
        self.by_word: dict[str, list[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        children = records.all_of(self.session, Child, include_archived=True)
        families = records.all_of(self.session, Family, include_archived=True)
        index: dict[str, list[str]] = {}
        for name in {*privacy.surnames_of(children, families), *self.first_names}:
            words = _words(name)
            if words:   # a name of punctuation alone matches no word of a memo
                index.setdefault(words[0], []).append(name)
        return index

    def __call__(self, text: str) -> str:
        if not text or not text.strip():
            return text or ""
        if self.by_word is None:
            self.by_word = self._index()
        words = set(_words(text))
        # "the Brooks", "the Brookses": privacy.mask_surnames masks the plurals, so find them too.
        words |= {w[:-2] for w in words if w.endswith("es")} | {w[:-1] for w in words if w.endswith("s")}
        names = {name for word in words for name in self.by_word.get(word, ())}
        return privacy.mask_surnames(text, sorted(names, key=len, reverse=True)) if names else text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _placements(session: Session, link_ids: set[int]) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """Each placement's link reference and children's initials ("L-00003", "I.A."), and the first
    names of those children, to reduce to initials wherever a worker's memo has them."""
    labels, children = {}, []
    for link_id in sorted(link_ids):
        try:
            link = records.get(session, Link, link_id)
        except NotFound:   # deleted in error: the fee still prints, as "link not found"
            continue
        if link.child_id is not None:
            unit = [records.get(session, Child, link.child_id)]
        else:
            ids = records.child_ids(session, RegisterQuery(sibling_group_id=link.sibling_group_id,
                                                           include_archived=True))
            unit = [records.get(session, Child, child_id) for child_id in ids]
        children += unit
        labels[link_id] = (link.reference, ", ".join(_initials(c) for c in unit))
    return labels, sorted({c.first_name.strip() for c in children if len(c.first_name.strip()) > 1})


def _originals(session: Session, agreement_id: int, lines: list[StatementLine]) -> dict[int, Entry]:
    """What each reversal in the lines reverses (an original from outside the period is read by its
    number, not by reading the ledger)."""
    known = {line.entry.id: line.entry for line in lines}
    wanted = {line.entry.reverses_id for line in lines if line.entry.reverses_id is not None}
    missing = sorted(wanted - known.keys())
    if missing:
        known.update({e.id: e for e in fund.entries(session, agreement_id, entry_ids=missing)})
    return {entry_id: known[entry_id] for entry_id in wanted if entry_id in known}


def _context(session: Session, agreement: FundAgreement, lines: list[StatementLine], start: date, end: date) -> dict:
    originals = _originals(session, agreement.id, lines)
    link_ids = {e.link_id for e in [line.entry for line in lines] + list(originals.values()) if e.link_id}
    placements, first_names = _placements(session, link_ids)
    as_at = min(end, session.today())
    summary = fund.summary(session, agreement.id, as_at, fees_owed=False)  # the target and checks only
    return {"agency": records.get(session, Agency, agreement.agency_id).name if agreement.agency_id else "",
            "placements": placements, "mask": MemoMask(session, first_names), "originals": originals,
            "checks": [c for c in summary.checks if start <= c.assertion.on <= end],
            "progress": f"{summary.target_words} by {format_date(as_at)}"}


def statement_pdf(session: Session, agreement_id: int, start: date, end: date) -> bytes:
    """The holding account from `start` to `end` with a running balance, as PDF bytes."""
    from ..reports import fund_statement  # ReportLab only when printing

    statement = fund.statement(session, agreement_id, start, end)
    return fund_statement.statement_pdf(session.council_name, session.partner_name, statement,
                                        _context(session, statement.agreement, statement.lines, start, end),
                                        session.today())


def save_statement_pdf(session: Session, agreement_id: int, start: date, end: date, target: Path | str) -> Path:
    """Write the statement where the worker chose (".pdf" added if missing); returns where it went."""
    from . import printouts

    return printouts.save_pdf(target, statement_pdf(session, agreement_id, start, end))


def year_end_pdf(session: Session, agreement_id: int, fy: int) -> bytes:
    """One financial year (`fy` 2025 for 2025/26) summed up for the year end, as PDF bytes."""
    from ..reports import fund_statement

    agreement = fund.agreement(session, agreement_id)
    if fy not in agreement.financial_years:
        years = ", ".join(financial_year_label(y) for y in agreement.financial_years)
        raise ValidationError([FieldProblem("Financial year", f"{financial_year_label(fy)} is outside the "
                                                              f"agreement's financial years ({years})")])
    start, end = period_of_year(fy)
    statement = fund.statement(session, agreement_id, start, end)
    return fund_statement.year_end_pdf(session.council_name, session.partner_name, fund.year_end(session, agreement_id, fy),
                                       statement, _context(session, agreement, statement.lines, start, end),
                                       session.today())


def save_year_end_pdf(session: Session, agreement_id: int, fy: int, target: Path | str) -> Path:
    from . import printouts

    return printouts.save_pdf(target, year_end_pdf(session, agreement_id, fy))
