"""Any list, as filtered, to a spreadsheet (CSV or XLSX): children, families, referrals, sibling
groups, and agencies with their contacts.

Exactly the records the list's query finds (or, for a short list sorted on screen, the records in
the order shown), in words a worker reads: dates as 23/11/2026, stage labels rather than codes,
ages and days counted on the session's today, a needs profile as "Neglect; Emotional abuse" (a
blank cell is "not recorded"). The file is personal data in plain text, so it is written beside
the chosen name and renamed into place (never half a file), readable only by its owner, and each
export is written into the database's audit trail (the setting "last_list_export", as a full
export does). Every list goes through one writer (csv_bytes / xlsx_bytes via _write): a list is
only its columns and how its rows are read.

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
from ..domain.needs import OFFER_FIELD, SCALES, SET_SEPARATOR, words_for
from ..domain.records import (AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, PLACEMENT_DECISIONS, REFERRAL_KINDS,
                              REFERRAL_STATUSES, SEXES, Child, Family)
from ..storage import list_details as details
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
    """What was written: where, how many rows, the confidentiality note to show, and what the rows
    are in words ("12 referrals", "4 agencies and 17 contacts")."""
    path: Path
    rows: int
    fmt: str
    note: str
    counted: str = ""


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


def _counted(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n:,} {many}"


def _archived(row: dict, today: date) -> str:
    return "Yes" if row["archived"] else ""


# --- the needs profile and the offer, in words (domain.needs) ---------------------------------------

def _words(field: str) -> Callable[[dict, date], str]:
    """A needs or offer field in words, as the form shows it ("Ongoing"; "Neglect; Emotional
    abuse"; a family's "None"); "" when not recorded."""
    return lambda r, t: words_for(field, r[field] or "") or ""


NEEDS_COLUMNS = [
    *(Column(Child.LABELS[scale], _words(scale), 14) for scale in SCALES),
    Column(Child.LABELS["abuse"], _words("abuse"), 24),
    Column(Child.LABELS["contact"], _words("contact"), 24),
]

OFFER_COLUMNS = [
    Column(Family.LABELS["max_children"], lambda r, t: r["max_children"], 10),
    Column(Family.LABELS["age_min"], lambda r, t: r["age_min"], 10),
    Column(Family.LABELS["age_max"], lambda r, t: r["age_max"], 10),
    Column(Family.LABELS["sexes_wanted"], _words("sexes_wanted"), 10),
    Column("Would take a sibling group", _words("siblings_ok"), 10),
    *(Column(Family.LABELS[field], _words(field), 14) for field in OFFER_FIELD.values()),
    Column(Family.LABELS["abuse_ok"], _words("abuse_ok"), 24),
    Column(Family.LABELS["contact_ok"], _words("contact_ok"), 24),
    Column(Family.LABELS["ethnicity"], lambda r, t: r["ethnicity"], 14),
    Column(Family.LABELS["religion"], lambda r, t: r["religion"], 12),
    Column(Family.LABELS["language"], lambda r, t: r["language"], 14),
]


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
    *NEEDS_COLUMNS,
    Column("Archived", _archived, 9),
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
    *OFFER_COLUMNS,
    Column("Archived", _archived, 9),
]


def _history(row: dict, today: date) -> str:
    """"01/09/2026 Open; 08/09/2026 Acknowledged": the status history, oldest first."""
    return SET_SEPARATOR.join(
        f"{format_date(_date(step['date']))} {REFERRAL_STATUSES.get(step['status'], step['status'])}"
        for step in row["history"])


REFERRAL_COLUMNS = [
    Column("Reference", lambda r, t: r["reference"], 10),
    Column("Kind", lambda r, t: REFERRAL_KINDS.get(r["kind"], r["kind"]), 22),
    Column("Child or family", lambda r, t: r["referred"], 22),
    Column("Referred on", lambda r, t: _date(r["referred_on"]), 12),
    Column("From", lambda r, t: r["from_agency"], 22),
    Column("To", lambda r, t: r["to_agency"], 22),
    Column("Reason", lambda r, t: r["reason"], 40),
    Column("Status", lambda r, t: REFERRAL_STATUSES.get(r["status"], r["status"]), 13),
    Column("Status date", lambda r, t: _date(r["status_date"]), 12),
    Column("Response date", lambda r, t: _date(r["response_date"]), 13),
    Column("Days to a response", lambda r, t: r["days_to_response"], 11),
    Column("Open for (days)", lambda r, t: r["age_days"], 10),
    Column("Outcome", lambda r, t: r["outcome"], 36),
    Column("Status history", _history, 40),
    Column("Archived", _archived, 9),
]


def _member(child: dict) -> str:
    name = f"{child['first_name'] or ''} {child['last_name'] or ''}".strip()
    return f"{name} ({child['reference']})" if child["reference"] else name


SIBLING_GROUP_COLUMNS = [
    Column("Group", lambda r, t: r["name"], 22),
    Column("Placement decision", lambda r, t: PLACEMENT_DECISIONS.get(r["decision"], r["decision"]), 20),
    Column("Date of decision", lambda r, t: _date(r["decision_date"]), 12),
    Column("Reason for the decision", lambda r, t: r["decision_reason"], 36),
    Column("Children", lambda r, t: r["children"], 9),
    Column("Children in the group", lambda r, t: SET_SEPARATOR.join(_member(c) for c in r["members"]), 50),
    Column("Archived", _archived, 9),
]


def _one_line(text: str | None) -> str:
    """An address on one line: "1 High Street, Castlereach"."""
    return ", ".join(part.strip() for part in (text or "").splitlines() if part.strip())


CONTACT_COLUMNS = [
    Column("Agency", lambda r, t: r["agency"], 26),
    Column("Kind of agency", lambda r, t: AGENCY_KINDS.get(r["kind"], r["kind"]), 24),
    Column("Agency phone", lambda r, t: r["agency_phone"], 14),
    Column("Agency email", lambda r, t: r["agency_email"], 24),
    Column("Agency address", lambda r, t: _one_line(r["address"]), 30),
    Column("Contact", lambda r, t: r["name"], 22),
    Column("Role", lambda r, t: r["role"], 18),
    Column("Team", lambda r, t: r["team"], 18),
    Column("Phone", lambda r, t: r["phone"], 14),
    Column("Email", lambda r, t: r["email"], 26),
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


# --- reading the lists -------------------------------------------------------------------------

def _table(columns: list[Column], rows: list[dict], today: date) -> list[list]:
    return [[c.value(r, today) for c in columns] for r in rows]


def _in_chunks(ids: list[int], read: Callable[[list[int]], dict]) -> dict:
    found: dict = {}
    for start in range(0, len(ids), CHUNK):
        found.update(read(ids[start:start + CHUNK]))
    return found


def _with_columns(fetch, table: str, columns: tuple[str, ...]):
    """`fetch(session, ids)`, each row with these columns of its record added (the lists on screen
    do not read them)."""
    def fetch_more(session: Session, ids: list[int]) -> dict[int, dict]:
        rows = fetch(session, ids)
        extra = details.columns_of(session.database(), table, columns, list(rows))
        return {i: {**row, **extra[i]} for i, row in rows.items()}
    return fetch_more


def _as_listed(rows: list[dict], ids: list[int] | None, search: str, words: Callable[[dict], tuple]) -> list[dict]:
    """A short list's rows as the page lists them: those of `ids` in that order when given (the
    page sorts and searches a short list itself), else those whose words hold the search text."""
    if ids is not None:
        by_id = {r["id"]: r for r in rows}
        return [by_id[i] for i in ids if i in by_id]
    text = search.strip().casefold()
    return [r for r in rows if text in " ".join(str(w or "") for w in words(r)).casefold()]


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


def _write(session: Session, what: str, columns: list[Column], read: Callable[[], tuple[list[dict], str]],
           target, fmt, title: str, sheet: str, now: datetime | None) -> ListExport:
    """The one writer every list goes through: `read()` gives the rows, in order, and what they
    are in words; nothing is read before the file name is known to be usable."""
    fmt = fmt_for(target, fmt)
    path = export_path(target, fmt)
    if path.is_dir():
        raise HomefinderError(f"{path} is a folder. Choose a file name for the {what} list. Nothing was written.")
    if not path.parent.is_dir():
        raise HomefinderError(f"There is no folder {path.parent}. Choose a folder that exists. Nothing was written.")
    today = session.today()
    rows, counted = read()
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
    return ListExport(path, len(rows), fmt, note, counted)


def _register(session: Session, ids: list[int], fetch, one: str, many: str) -> Callable[[], tuple[list[dict], str]]:
    def read() -> tuple[list[dict], str]:
        rows = records.rows_in_order(session, ids, fetch, CHUNK)
        return rows, _counted(len(rows), one, many)
    return read


# --- the lists ---------------------------------------------------------------------------------

def export_children(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                    *, now: datetime | None = None) -> ListExport:
    """The children `query` finds, in its order, to `target` as XLSX or CSV (`fmt`, or the file
    name's suffix, else XLSX; the suffix is added if missing). Returns what was written."""
    query = replace(query)
    ids = records.child_ids(session, query)
    title = records.child_register_title(session, query)
    fetch = _with_columns(records.child_rows, "children", details.CHILD_NEEDS)
    return _write(session, "children", CHILD_COLUMNS, _register(session, ids, fetch, "child", "children"),
                  target, fmt, title, "Children", now)


def family_list_title(query: RegisterQuery) -> str:
    parts = []
    if query.stage:
        parts.append(FAMILY_STAGES.get(query.stage, query.stage))
    if query.agency_kind:
        parts.append({"own": "with the council's own service", "partner": "with the partner agency",
                      "other": "with other agencies"}.get(query.agency_kind, query.agency_kind))
    return _title("Adoptive families", parts + records.list_filter_words(query))


def _title(base: str, parts: list[str]) -> str:
    return base + (" \u2014 " + ", ".join(parts) if parts else "")


def export_families(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                    *, now: datetime | None = None) -> ListExport:
    """The families `query` finds, in its order, to `target` as XLSX or CSV (as export_children)."""
    query = replace(query)
    ids = records.family_ids(session, query)
    fetch = _with_columns(records.family_rows, "families", details.FAMILY_OFFER)
    return _write(session, "families", FAMILY_COLUMNS, _register(session, ids, fetch, "family", "families"),
                  target, fmt, family_list_title(query), "Families", now)


def export_referrals(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                     *, now: datetime | None = None) -> ListExport:
    """The referrals `query` (a ReferralQuery: kind, open only, open for more than N days) finds,
    in its order, with each one's reason, status history, days to a response and days open, to
    `target` as XLSX or CSV (as export_children)."""
    query = replace(query)
    ids = records.referral_ids(session, query)
    return _write(session, "referrals", REFERRAL_COLUMNS,
                  _register(session, ids, records.referral_details, "referral", "referrals"),
                  target, fmt, records.referral_register_title(session, query), "Referrals", now)


@reads
def _sibling_groups(session: Session, query: RegisterQuery, ids: list[int] | None) -> tuple[list[dict], str]:
    groups = _as_listed(records.sibling_group_rows(session, query.include_archived), ids, query.search,
                        lambda r: (r["name"], PLACEMENT_DECISIONS.get(r["decision"], r["decision"])))
    db = session.database()
    found = [g["id"] for g in groups]
    reasons = _in_chunks(found, lambda part: details.columns_of(db, "sibling_groups", ("decision_reason",), part))
    members = _in_chunks(found, lambda part: details.sibling_group_members(db, part))
    rows = [{**g, "decision_reason": reasons[g["id"]]["decision_reason"], "members": members[g["id"]]}
            for g in groups]
    return rows, _counted(len(rows), "sibling group", "sibling groups")


def export_sibling_groups(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                          *, ids: list[int] | None = None, now: datetime | None = None) -> ListExport:
    """The sibling groups (archived too if `query.include_archived`), each with its placement
    decision, the reason, and the children in it (not archived, eldest first), to `target` as
    XLSX or CSV. `ids`: the groups in the order the page shows them; else those whose name or
    decision holds `query.search`, by name."""
    query = replace(query)
    title = _title("Sibling groups", records.list_filter_words(query))
    return _write(session, "sibling groups", SIBLING_GROUP_COLUMNS, lambda: _sibling_groups(session, query, ids),
                  target, fmt, title, "Sibling groups", now)


@reads
def _contacts(session: Session, query: RegisterQuery, ids: list[int] | None) -> tuple[list[dict], str]:
    """One row per contact, under their agency; an agency with no contacts still has its row."""
    agencies = _as_listed(records.agency_rows(session, query.include_archived), ids, query.search,
                          lambda r: (r["name"], AGENCY_KINDS.get(r["kind"], r["kind"]), r["phone"]))
    db = session.database()
    addresses = _in_chunks([a["id"] for a in agencies],
                           lambda part: details.columns_of(db, "agencies", ("address",), part))
    by_agency: dict[int, list[dict]] = {}
    for worker in records.worker_rows(session, None, query.include_archived):
        by_agency.setdefault(worker["agency_id"], []).append(worker)
    rows, contacts = [], 0
    nobody = {"name": "", "role": "", "team": "", "phone": "", "email": "", "archived": 0}
    for agency in agencies:
        base = {"agency": agency["name"], "kind": agency["kind"], "agency_phone": agency["phone"],
                "agency_email": agency["email"], "address": addresses[agency["id"]]["address"]}
        workers = by_agency.get(agency["id"], [])
        contacts += len(workers)
        for worker in workers or [nobody]:
            rows.append({**base, **{k: worker[k] for k in nobody},
                         "archived": worker["archived"] or agency["archived"]})
    counted = (f"{_counted(len(agencies), 'agency', 'agencies')} and "
               f"{_counted(contacts, 'contact', 'contacts')}")
    return rows, counted


def export_agencies(session: Session, query: RegisterQuery, target: Path | str, fmt: str | None = None,
                    *, ids: list[int] | None = None, now: datetime | None = None) -> ListExport:
    """Agencies and their workers and contacts, one row per contact (an agency without any has a
    row of its own), to `target` as XLSX or CSV: a phone list to filter by agency. Archived
    agencies and contacts only if `query.include_archived`. `ids`: the agencies in the order the
    page shows them; else those whose name, kind or phone holds `query.search`, council's own
    first, then the partner, then others by name."""
    query = replace(query)
    title = _title("Agencies and contacts", records.list_filter_words(query))
    return _write(session, "agencies and contacts", CONTACT_COLUMNS, lambda: _contacts(session, query, ids),
                  target, fmt, title, "Contacts", now)
