"""The children or families list, as filtered, to a spreadsheet (CSV or XLSX).

Exactly the records the list's RegisterQuery finds, in its order, in words a worker reads: dates
as 23/11/2026, stage labels rather than codes, ages and days waiting counted on the session's
today. The file is personal data in plain text, so it is written beside the chosen name and
renamed into place (never half a file), readable only by its owner, and each export is written
into the database's audit trail (the setting "last_list_export", as a full export does).

CSV holds nothing but the data: one heading row, then one row per record (UTF-8 with a byte-order
mark, so Excel reads accents and dashes). The confidentiality note goes to the worker instead:
into the message on screen, or the command line's output. An XLSX file carries the note in its
first row, above a bold, frozen heading row, and in its properties and printed page header.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from ..domain.errors import HomefinderError
from ..domain.formatting import age_text, format_date
from ..domain.records import CHILD_STAGES, FAMILY_STAGES, SEXES
from ..storage import records as store
from ..storage.files import atomic_write
from . import records
from .records import RegisterQuery
from .session import Session, reads

FORMATS = ("xlsx", "csv")
SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv"}
CHUNK = 500  # ids per query: well under SQLite's limit on bound parameters
# A text cell beginning with one of these is read as a formula by spreadsheet programs
# (CSV injection, OWASP); in CSV it gets a leading apostrophe, in XLSX it is stored as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRIVACY = ("It holds personal details: keep it on an encrypted drive, do not email it, and delete it "
           "when done.")


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[dict, date], object]  # row, today -> str, int, date or None
    width: int  # characters, for the XLSX column


@dataclass(frozen=True)
class ListExport:
    """What was written: where, how many records, and the confidentiality note to show."""
    path: Path
    rows: int
    fmt: str
    note: str


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _name(row: dict) -> str:
    last, first = row["last_name"] or "", row["first_name"] or ""
    return f"{last}, {first}" if last else first


def _waiting_days(row: dict, today: date) -> int | None:
    since = _date(row["waiting_since"])
    return (today - since).days if since else None


CHILD_COLUMNS = [
    Column("Reference", lambda r, t: r["reference"], 10),
    Column("Name", lambda r, t: _name(r), 24),
    Column("Date of birth", lambda r, t: _date(r["date_of_birth"]), 13),
    Column("Age", lambda r, t: age_text(_date(r["date_of_birth"]), t), 10),
    Column("Sex", lambda r, t: SEXES.get(r["sex"], r["sex"]), 8),
    Column("Stage", lambda r, t: CHILD_STAGES.get(r["stage"], r["stage"]), 22),
    Column("Since", lambda r, t: _date(r["stage_date"]), 12),
    Column("Waiting (days)", _waiting_days, 14),
    Column("Sibling group", lambda r, t: r["sibling_group"], 20),
    Column("Social worker", lambda r, t: r["social_worker"], 20),
    Column("Entered care", lambda r, t: _date(r["date_entered_care"]), 13),
    Column("Archived", lambda r, t: "Yes" if r["archived"] else "", 9),
]

FAMILY_COLUMNS = [
    Column("Reference", lambda r, t: r["reference"], 10),
    Column("Family", lambda r, t: r["name"], 22),
    Column("Adopter one", lambda r, t: r["adopter_one"], 20),
    Column("Adopter two", lambda r, t: r["adopter_two"], 20),
    Column("Agency", lambda r, t: r["agency"], 24),
    Column("Stage", lambda r, t: FAMILY_STAGES.get(r["stage"], r["stage"]), 18),
    Column("Since", lambda r, t: _date(r["stage_date"]), 12),
    Column("Approved", lambda r, t: _date(r["approval_date"]), 12),
    Column("Area", lambda r, t: r["area"], 16),
    Column("Social worker", lambda r, t: r["social_worker"], 20),
    Column("Archived", lambda r, t: "Yes" if r["archived"] else "", 9),
]


# --- names and notes -------------------------------------------------------------------------

def fmt_for(target: Path | str, fmt: str | None = None) -> str:
    """The format asked for, or else the one the file name says (.csv, .xlsx), else XLSX."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise HomefinderError(f"Homefinder exports a list as XLSX or CSV, not “{fmt}”. Nothing was written.")
        return fmt
    suffix = Path(target).suffix.lower()
    return "csv" if suffix == ".csv" else "xlsx"


def export_path(target: Path | str, fmt: str) -> Path:
    """The file name as chosen, with ".csv" or ".xlsx" added if missing (never replacing a
    dotted name, as services.printouts.pdf_path)."""
    target = Path(target).expanduser()
    suffix = SUFFIXES[fmt]
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def confidential_note(session: Session) -> str:
    """"CONFIDENTIAL — Northshire County Council with Brightpath Adoption, exported 23/11/2026"."""
    council, partner = session.council_name, session.partner_name
    who = f"{council} with {partner}" if council and partner else (council or partner or "Homefinder")
    return f"CONFIDENTIAL \u2014 {who}, exported {format_date(session.today())}"


def guard(text: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- reading the list ------------------------------------------------------------------------

@reads
def _rows(session: Session, ids: list[int], fetch) -> list[dict]:
    """The rows of these ids, in the order given, a chunk at a time (a record deleted since the
    ids were read is left out)."""
    rows: list[dict] = []
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        found = fetch(session, part)
        rows += [found[i] for i in part if i in found]
    return rows


def _table(columns: list[Column], rows: list[dict], today: date) -> list[list]:
    return [[c.value(r, today) for c in columns] for r in rows]


# --- writing -----------------------------------------------------------------------------------

def csv_bytes(columns: list[Column], table: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.heading for c in columns])
    for values in table:
        cells = []
        for v in values:
            if v is None:
                cells.append("")
            elif isinstance(v, date):
                cells.append(format_date(v))
            elif isinstance(v, str):
                cells.append(guard(v))
            else:
                cells.append(str(v))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(columns: list[Column], table: list[list], *, sheet: str, title: str, note: str) -> bytes:
    from openpyxl import Workbook  # only when a workbook is asked for (start-up time)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    wb.properties.title = title
    wb.properties.subject = note
    wb.properties.description = f"{note}. {PRIVACY}"
    wb.properties.creator = "Homefinder"
    wb.properties.keywords = "CONFIDENTIAL"
    ws.oddHeader.center.text = note.replace("&", "&&")  # printed at the top of every page
    ws.oddFooter.right.text = "Page &P of &N"

    first = ws.cell(row=1, column=1, value=note)
    first.data_type = "s"
    first.font = Font(bold=True, color="B00020")
    first.alignment = Alignment(horizontal="left")
    bold = Font(bold=True)
    for col, column in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=col, value=column.heading)
        cell.font = bold
        ws.column_dimensions[get_column_letter(col)].width = column.width
    for r, values in enumerate(table, start=3):
        for col, v in enumerate(values, start=1):
            if v is None or v == "":
                continue
            cell = ws.cell(row=r, column=col)
            if isinstance(v, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", v)
                cell.data_type = "s"  # text, never a formula, whatever it begins with
            else:
                cell.value = v
                if isinstance(v, date):
                    cell.number_format = "dd/mm/yyyy"
    # Widen a column whose values are longer than its usual width (capped: long names wrap).
    for col, column in enumerate(columns, start=1):
        longest = max([len(column.heading)] + [len(v) for values in table
                                                for v in [values[col - 1]] if isinstance(v, str)])
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(column.width, min(longest + 2, 50))
    ws.freeze_panes = "A3"  # the note and the headings stay in view
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A2:{last}{max(2, len(table) + 2)}"
    ws.print_title_rows = "2:2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write(session: Session, what: str, columns: list[Column], ids: list[int], fetch, target, fmt,
           title: str, sheet: str, now: datetime | None) -> ListExport:
    fmt = fmt_for(target, fmt)
    path = export_path(target, fmt)
    if path.is_dir():
        raise HomefinderError(f"{path} is a folder. Choose a file name for the {what} list. Nothing was written.")
    if not path.parent.is_dir():
        raise HomefinderError(f"There is no folder {path.parent}. Choose a folder that exists. Nothing was written.")
    today = session.today()
    rows = _rows(session, ids, fetch)
    table = _table(columns, rows, today)
    note = confidential_note(session)
    data = (csv_bytes(columns, table) if fmt == "csv"
            else xlsx_bytes(columns, table, sheet=sheet, title=title, note=note))
    if session.write_refusal:  # the export is audited, and this database takes no writes
        raise HomefinderError(session.write_refusal)
    atomic_write(path, data)  # a temporary file beside it (mode 0600), then renamed over
    try:
        os.chmod(path, 0o600)  # owner only, even where the temporary file's mode was wider
        now = now or datetime.now(timezone.utc)
        with session.writing():
            store.set_info(session.database(), {"last_list_export":
                           f"{now:%Y-%m-%d %H:%M:%S} UTC, {what} list, {len(rows)} rows, {fmt}, to {path.resolve()}"},
                           session.who)
    except BaseException:
        # Not recorded in the audit trail, so not kept.
        try:
            os.unlink(path)
        except OSError:
            pass
        raise
    return ListExport(path, len(rows), fmt, note)


def export_children(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                    *, now: datetime | None = None) -> ListExport:
    """The children `query` finds, in its order, to `target` as XLSX or CSV (`fmt`, or the file
    name's suffix, else XLSX; the suffix is added if missing). Returns what was written."""
    query = replace(query)
    ids = records.child_ids(session, query)
    title = records.child_register_title(session, query)
    return _write(session, "children", CHILD_COLUMNS, ids, records.child_rows, target, fmt,
                  title, "Children", now)


def family_list_title(query: RegisterQuery) -> str:
    parts = []
    if query.stage:
        parts.append(FAMILY_STAGES.get(query.stage, query.stage))
    if query.agency_kind:
        parts.append({"own": "with the council's own service", "partner": "with the partner agency",
                      "other": "with other agencies"}.get(query.agency_kind, query.agency_kind))
    if query.search.strip():
        parts.append(f"matching \u201c{query.search.strip()}\u201d")
    if query.include_archived:
        parts.append("archived records included")
    return "Adoptive families" + (" \u2014 " + ", ".join(parts) if parts else "")


def export_families(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                    *, now: datetime | None = None) -> ListExport:
    """The families `query` finds, in its order, to `target` as XLSX or CSV (as export_children)."""
    query = replace(query)
    ids = records.family_ids(session, query)
    return _write(session, "families", FAMILY_COLUMNS, ids, records.family_rows, target, fmt,
                  family_list_title(query), "Families", now)
