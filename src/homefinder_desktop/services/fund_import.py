"""Movements of the upfront fund from a CSV file (or a workbook), all or nothing.

Every cell is read first and every problem named by line and column (domain.fund_import), before
anything is applied. Then the rows go, in file order, through services.fund's own use cases (the
same checks as the Fund page) inside ONE transaction: each use case's `with session.writing()`
nests in it as a savepoint, and each sees the rows before it (an instalment, then a fee drawn
from it). The first refusal names its line and rolls the whole file back, audit rows included.
A dry run applies every row the same way, then rolls back.

The file is read in memory only: nothing from it is written anywhere but the ledger.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import FieldProblem, HomefinderError, NotFound, ValidationError
from ..domain.formatting import format_money
from ..domain.fund import Entry
from ..domain.fund import entry_number
from ..domain.fund_import import MovementRow, MovementsPlan, read_movements
from ..domain.importing import ImportProblem, ImportRefused
from ..domain.links import Link
from ..storage import fund as store
from . import fund, records
from .changes import Changes
from .list_import import read_sheet
from .session import Session, reads


@dataclass(frozen=True)
class Recorded:
    line: int
    entry: Entry   # as recorded, with its number


@dataclass(frozen=True)
class MovementsRecorded(Changes):
    """The Changes of recording a file (so open pages refresh), with each entry recorded and the
    holding balance after them. After a dry run nothing is written: the entries are what would be."""

    recorded: tuple[Recorded, ...] = ()
    balance: int = 0
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back, carrying what it would have done."""

    def __init__(self, result: MovementsRecorded):
        super().__init__("dry run")
        self.result = result


@reads
def read_file(session: Session, path: Path | str, sheet: str | None = None) -> MovementsPlan:
    """Every row of the file as a movement, with every cell's problem; nothing is applied."""
    data = read_sheet(path, sheet)
    links = {link.reference: link.id for link in records.all_of(session, Link, include_archived=True)}
    return read_movements(data.headings, data.rows, links)


def record_file(session: Session, agreement_id: int, path: Path | str, *, dry_run: bool = False,
                sheet: str | None = None) -> MovementsRecorded:
    """Record every movement of the file on the agreement's ledger, or none: ImportRefused names
    every unreadable cell, or else the first row a use case refuses."""
    if session.write_refusal:
        raise HomefinderError(session.write_refusal)
    fund.agreement(session, agreement_id)   # a wrong number: said before the file is read
    plan = read_file(session, path, sheet)
    if plan.problems:
        raise ImportRefused(plan.problems)
    try:
        with session.writing():
            ids = [(row.line, _apply(session, agreement_id, row)) for row in plan.rows]
            entries = {e.id: e for e in store.entries(session.database(), agreement_id,
                                                      entry_ids=[i for _line, i in ids])}
            result = MovementsRecorded(frozenset(fund.FUND_TABLES), None,
                                       tuple(Recorded(line, entries[i]) for line, i in ids),
                                       fund.balance(session, agreement_id), dry_run)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        return done.result
    return result


# The use cases name some fields as the Fund page's dialogs do; a file's problem names its column.
COLUMN_OF_FIELD = {"Kind": "Movement", "Placement": "Link", "Entry": "Reverses", "Roll over into": "From year",
                   "Reason": "Memo"}


def _apply(session: Session, agreement_id: int, row: MovementRow) -> int:
    """One row through its use case; the new entry's id. A refusal names the row's line and column."""
    try:
        entry_id = _use_case(session, agreement_id, row).record_id
        if row.amount is not None and row.kind in ("fee", "reversal"):
            _check_amount(session, row, entry_id)
        _check_not_twice(session, agreement_id, entry_id)
    except ValidationError as exc:
        raise ImportRefused([ImportProblem(row.line, COLUMN_OF_FIELD.get(p.field, p.field), p.problem)
                             for p in exc.problems]) from None
    except ImportRefused:
        raise
    except HomefinderError as exc:
        raise ImportRefused([ImportProblem(row.line, "", str(exc))]) from None
    return entry_id


def _use_case(session: Session, agreement_id: int, row: MovementRow) -> Changes:
    if row.kind == "instalment":
        return fund.record_instalment(session, agreement_id, row.on, row.amount, row.instalment, row.memo)
    if row.kind == "fee":
        return fund.draw_fee(session, agreement_id, row.link_id, row.stage, row.on, row.memo)
    if row.kind == "rollover":
        return fund.roll_over(session, agreement_id, row.from_fy, row.amount, row.memo)
    if row.kind == "reallocation":
        return fund.reallocate(session, agreement_id, row.on, row.purpose, row.amount, salary=row.salary,
                               memo=row.memo)
    if row.kind == "return":
        return fund.return_money(session, agreement_id, row.on, row.amount, row.memo)
    _check_on_ledger(session, agreement_id, row.reverses_id)
    return fund.reverse(session, row.reverses_id, row.memo, row.on)


def _check_on_ledger(session: Session, agreement_id: int, entry_id: int) -> None:
    """A reversal corrects an entry of the agreement the file is recorded on, never another's."""
    try:
        original = store.entry(session.database(), entry_id)
    except NotFound:
        original = None
    if original is None or original.agreement_id != agreement_id:
        agreement = fund.agreement(session, agreement_id)
        raise ValidationError([FieldProblem("Reverses", f"{entry_number(entry_id)} is not an entry on the ledger of "
                                                        f"“{agreement.name}”")])


def _check_amount(session: Session, row: MovementRow, entry_id: int) -> None:
    """A fee's amount comes from the schedule and a reversal's from the entry: one written in the
    file must agree, or the file and the ledger would tell two stories."""
    recorded = store.entry(session.database(), entry_id).amount
    if recorded != row.amount:
        source = "the fee schedule in force sets" if row.kind == "fee" else \
            f"{entry_number(row.reverses_id)} moved"
        raise ValidationError([FieldProblem("Amount", f"is {format_money(row.amount)} in the file, but {source} "
                                                      f"{format_money(recorded)}: correct it, or leave it empty")])


def _check_not_twice(session: Session, agreement_id: int, entry_id: int) -> None:
    """A file recorded twice (or a row written twice) would pay everything twice, and the ledger
    is never changed: refuse an entry the same as one already there that day and not reversed."""
    db = session.database()
    new = store.entry(db, entry_id)
    for entry, _change in store.statement_lines(db, agreement_id, new.on, new.on):
        if entry.id != entry_id and _same(entry, new) and store.reversal_of(db, entry.id) is None:
            raise ValidationError([FieldProblem("Movement", f"is the same as {entry_number(entry.id)}, already on the "
                                                            "ledger (the same date, movement, amount and memo): if "
                                                            "this file was recorded before, nothing more is needed; "
                                                            "if it really is another, say so in its Memo")])


def _same(a: Entry, b: Entry) -> bool:
    def key(e: Entry) -> tuple:
        return e.kind, e.amount, e.memo, e.instalment, e.purpose, e.link_id, e.fee_stage, e.reverses_id
    return key(a) == key(b)
