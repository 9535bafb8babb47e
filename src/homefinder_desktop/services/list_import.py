"""Children, families, referrals or links from a spreadsheet (CSV or XLSX): a preview, then all or nothing.

`preview` reads the sheet, guesses which column holds which field (the worker may change it),
and reads every row against the database without writing; `commit` reads the file again, and
either adds every record in one transaction, through services.records.add as the forms do
(references, the first stage step, an audit row for each), or raises ImportRefused naming every
problem and writes nothing. Links go through services.links (add_link, then record_link_status,
end_link or place), so each opens its window and has the same audit rows as on the Links page.
domain.importing holds the rules; this module reads files and names.

The file is read in memory only: nothing from it is written anywhere but the database.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain.errors import HomefinderError, ValidationError
from ..domain.import_cells import Known, Named, name_key, quoted, read_text
from ..domain.import_links import commit_order
from ..domain.importing import (NAMES_SHOWN, NOUN, ImportedRow, ImportField, ImportProblem, ImportRefused, Plan,
                                field_by_attr, find_heading_row, guess_mapping, plan, with_ids)
from ..domain.records import SiblingGroup
from ..storage import importing as store
from . import links, records
from .changes import Changes
from .list_export import FORMULA_STARTS
from .session import Session, reads

PREVIEW_ROWS = 50  # rows shown before importing; every row is checked
HEADING_SEARCH = 10  # rows looked at for the heading row (a title or a CONFIDENTIAL note may sit above)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")
SAVE_AS_UTF8 = ("In Excel choose File > Save As, pick “CSV UTF-8 (Comma delimited) (*.csv)”, and import "
                "that file.")


@dataclass
class Sheet:
    """A sheet's cells, as read: the heading row and each row after it, with its line number."""
    path: Path
    name: str  # the sheet's name in a workbook; "" for a CSV file
    sheet_names: list[str]
    headings: list[str]
    heading_line: int
    rows: list[tuple[int, tuple]]


@dataclass
class Preview:
    """What an import would do: the mapping used, the first rows as they would be added, and
    every problem (empty when it can go ahead)."""
    sheet: Sheet
    plan: Plan
    shown: list[ImportedRow] = field(default_factory=list)
    columns: list[ImportField] = field(default_factory=list)  # the preview's columns, in sheet order

    @property
    def kind(self) -> str:
        return self.plan.kind

    @property
    def mapping(self) -> dict[str, str | None]:
        return self.plan.mapping

    @property
    def problems(self) -> list[ImportProblem]:
        return self.plan.problems

    @property
    def notes(self) -> list[str]:
        return self.plan.notes

    @property
    def count(self) -> int:
        return len(self.plan.rows)

    @property
    def ok(self) -> bool:
        return not self.problems and self.count > 0


@dataclass(frozen=True)
class ImportDone(Changes):
    """The Changes of an import (so open lists refresh), with what was added."""
    kind: str = ""
    count: int = 0
    new_groups: tuple[str, ...] = ()

    def summary(self) -> str:
        """"Imported 240 children." and any sibling groups made."""
        one, many = NOUN[self.kind]
        return " ".join(filter(None, [f"Imported {self.count:,} {one if self.count == 1 else many}.",
                                      self.groups_sentence()]))

    def groups_sentence(self) -> str:
        n = len(self.new_groups)
        if not n:
            return ""
        return (f"{'A new sibling group was' if n == 1 else f'{n:,} new sibling groups were'} made: "
                + quoted(self.new_groups, most=NAMES_SHOWN) + ".")


# --- reading the file ---------------------------------------------------------------------------

def read_sheet(path: Path | str, sheet: str | None = None) -> Sheet:
    """The cells of a CSV file or of one sheet of a workbook (the first, unless named)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise HomefinderError(f"There is no file {path}." if not path.exists() else
                              f"{path} is a folder: choose the spreadsheet file in it.")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        name, names, rows = _workbook_rows(path, sheet)
    elif suffix in TEXT_SUFFIXES:
        if sheet:
            raise HomefinderError(f"{path.name} is a CSV file, which has no sheets: leave out the sheet's name.")
        name, names, rows = "", [], _csv_rows(path)
    elif suffix in (".xls", ".ods", ".numbers"):
        raise HomefinderError(f"{path.name} is a kind of spreadsheet Homefinder cannot read. Open it and save it "
                              "as an Excel workbook (.xlsx) or as “CSV UTF-8”, then import that file.")
    else:
        raise HomefinderError(f"Homefinder imports Excel workbooks (.xlsx) and CSV files (.csv), not "
                              f"“{path.suffix or path.name}” files.")
    top = find_heading_row([cells for _line, cells in rows[:HEADING_SEARCH]])
    heading_cells = list(rows[top][1]) if rows else []
    while heading_cells and not read_text(heading_cells[-1]):
        heading_cells.pop()  # formatting to the right of the table, not columns
    headings = [read_text(c) or f"Column {_letters(i)}" for i, c in enumerate(heading_cells)]
    return Sheet(path, name, names, headings, rows[top][0] if rows else 1, rows[top + 1:])


def _letters(index: int) -> str:
    """Excel's column letters: 0 -> A, 26 -> AA (for a column with no heading)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _csv_rows(path: Path) -> list[tuple[int, tuple]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # strict; Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise HomefinderError(
            f"{path.name} is not saved as UTF-8: line {line} has a character Homefinder cannot read, so the "
            f"file was probably saved as plain “CSV” in an older encoding. Nothing was imported. "
            f"{SAVE_AS_UTF8}") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # a tie (none at all) keeps the comma
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise HomefinderError(f"{path.name} cannot be read as CSV ({exc}). Nothing was imported. "
                              f"{SAVE_AS_UTF8}") from None
    return [(line, tuple(_unguard(c) for c in cells)) for line, cells in enumerate(rows, start=1)]


def _unguard(cell: str) -> str:
    """An exported list's CSV puts ' before text a spreadsheet would run as a formula: undo it."""
    return cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS else cell


def _workbook_rows(path: Path, sheet: str | None) -> tuple[str, list[str], list[tuple[int, tuple]]]:
    import zipfile

    from openpyxl import load_workbook  # only when a workbook is read (start-up time)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise HomefinderError(f"{path.name} is not an Excel workbook Homefinder can read, or it is damaged. "
                              "Open it in Excel and save it again as .xlsx, or as “CSV UTF-8”.") from None
    try:
        names = list(wb.sheetnames)
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise HomefinderError(f"{path.name} has no sheet “{sheet}”. Its sheets are: "
                                  + ", ".join(f"“{n}”" for n in names) + ".")
        ws.reset_dimensions()  # some programs write the sheet's size wrongly: read to the last row
        rows = [(line, cells) for line, cells in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)]
        return ws.title, names, rows
    finally:
        wb.close()


# --- what the rows may name -----------------------------------------------------------------------

@reads
def known(session: Session, importing: str = "") -> Known:
    db = session.database()
    agencies = records.agency_rows(session, include_archived=True)
    k = Known(
        agencies=Known.index(Named(r["id"], r["name"], bool(r["archived"])) for r in agencies),
        workers=Known.index(Named(r["id"], r["name"], bool(r["archived"]))
                            for r in records.worker_rows(session, include_archived=True)),
        groups=Known.index(Named(r["id"], r["name"], bool(r["archived"]))
                           for r in records.sibling_group_rows(session, include_archived=True)))
    for r in store.children_by_identity(db):
        name = f"{r['first_name']} {r['last_name']}".strip()
        k.children[r["reference"]] = Named(r["id"], f"{name} ({r['reference']})", bool(r["archived"]))
        identity = (name_key(r["first_name"]), name_key(r["last_name"]), r["date_of_birth"] or "")
        k.child_identities.setdefault(identity, []).append(
            f"{r['reference']} {name}" + (" (archived)" if r["archived"] else ""))
    for r in store.families_by_reference(db):
        k.families[r["reference"]] = Named(r["id"], f"{r['name']} ({r['reference']})", bool(r["archived"]))
        k.family_stage[r["id"]] = r["stage"]
    if importing == "links":
        _link_facts(session, k)
    live = [r for r in agencies if not r["archived"]]
    for attr, kind in (("own_agency", "own"), ("partner_agency", "partner")):
        first = next((r for r in live if r["kind"] == kind), None)
        setattr(k, attr, Named(first["id"], first["name"]) if first else None)
    return k


def _link_facts(session: Session, k: Known) -> None:
    db = session.database()
    for n in k.families.values():  # "Lockwood family (F-00001)" is found as "Lockwood family"
        k.family_names.setdefault(name_key(n.name.rsplit(" (", 1)[0]), []).append(n)
    k.end_reasons = Known.index(Named(r["id"], r["name"], bool(r["archived"]))
                                for r in links.end_reasons(session, include_archived=True))
    k.together_group = {r["id"]: r["name"] for r in store.children_in_groups_together(db)}
    for r in store.placed_units(db):
        k.placed_units.setdefault((r["kind"], r["id"]), r["why"])
    for r in store.active_links(db):
        unit = ("child", r["child_id"]) if r["child_id"] is not None else ("group", r["sibling_group_id"])
        k.active_links[(*unit, r["family_id"])] = r["reference"]


# --- preview and commit -----------------------------------------------------------------------------

def _plan(session: Session, kind: str, sheet: Sheet, mapping: dict[str, str | None] | None) -> Plan:
    if kind not in NOUN:
        raise HomefinderError(f"Homefinder imports children, families, referrals or links, not “{kind}”.")
    mapping = guess_mapping(kind, sheet.headings) if mapping is None else mapping
    return plan(kind, sheet.headings, sheet.rows, mapping, known(session, kind), session.today())


def preview(session: Session, kind: str, source: Path | str | Sheet, mapping: dict[str, str | None] | None = None,
            sheet: str | None = None, rows_shown: int = PREVIEW_ROWS) -> Preview:
    """What importing `source` (a file, or a Sheet already read) as `kind` would do, writing
    nothing. Without a mapping, the one guessed from the headings."""
    data = source if isinstance(source, Sheet) else read_sheet(source, sheet)
    result = _plan(session, kind, data, mapping)
    by_attr = field_by_attr(kind)
    attrs = [a for h in data.headings for a in [result.mapping.get(h)] if a]
    shown = result.rows[:rows_shown]
    attrs += [a for row in shown for a in row.shown if a not in attrs]  # filled in: a referral's agencies
    columns = [by_attr[a] for a in dict.fromkeys(attrs)]
    return Preview(data, result, shown, columns)


def commit(session: Session, kind: str, path: Path | str, mapping: dict[str, str | None] | None = None,
           sheet: str | None = None) -> ImportDone:
    """Read `path` again and add every row in one transaction, or raise ImportRefused (every
    problem, nothing written)."""
    if session.write_refusal:
        raise HomefinderError(session.write_refusal)
    result = _plan(session, kind, read_sheet(path, sheet), mapping)
    if result.problems:
        raise ImportRefused(result.problems)
    new_groups = result.new_groups
    if kind == "links":
        return _commit_links(session, result)
    tables = {"children": ("children", "child_stages"), "families": ("families", "family_stages"),
              "referrals": ("referrals", "referral_statuses")}[kind]
    with session.writing():
        group_ids = {name_key(name): records.add(session, SiblingGroup(name=name)).record_id for name in new_groups}
        for row in result.rows:
            try:
                record_id = records.add(session, with_ids(row, group_ids), allow_duplicate=True).record_id
                if row.status_step is not None:
                    records.record_referral_status(session, record_id, row.status_step)
            except ValidationError as exc:  # checked above, so only if the database changed meanwhile
                raise ImportRefused([ImportProblem(row.line, p.field, p.problem) for p in exc.problems]) from None
    return ImportDone(frozenset(tables + (("sibling_groups",) if new_groups else ())), None,
                      kind, len(result.rows), tuple(new_groups))


def _commit_links(session: Session, result: Plan) -> ImportDone:
    """Each link through the Links page's use cases, all in one transaction (theirs nest in it as
    savepoints): placements last, as placing a child ends the other links it has by then."""
    with session.writing():
        for row in commit_order(result.rows):
            try:
                _add_link_row(session, row)
            except ValidationError as exc:  # checked above, so only if the database changed meanwhile
                raise ImportRefused([ImportProblem(row.line, p.field, p.problem) for p in exc.problems]) from None
    return ImportDone(frozenset(links.LINK_TABLES), None, "links", len(result.rows))


def _add_link_row(session: Session, row: ImportedRow) -> None:
    link = row.record
    link_id = links.add_link(session, replace(link, end_reason_id=None, ended_reason="")).record_id
    step = row.status_step
    if step is None:
        return
    if step.stage == "ended":
        links.end_link(session, link_id, link.end_reason_id, link.ended_reason, step.date)
    elif step.stage == "placed":
        links.place(session, link_id, step.date)
    else:
        links.record_link_status(session, link_id, step)
