"""Children, families, referrals and links from a spreadsheet: which columns can be read, how a heading
is recognised, how a cell is read, and what is wrong with each row, in the words of the form.

Plain Python. The services read the file and fetch the names the rows refer to (Known); this
module turns rows of cells into records and problems. Every problem names the line as Excel
numbers it (the heading row is line 1) and the field by its label, so the worker can find it.

Decisions, written down once:
- A date is 23/11/2026, 23.11.2026, 2026-11-23, "23 Nov 2026" or a real date cell. A two-digit
  year (23/11/26) is refused: 26 could be 1926 or 2026, and a child's records last 100 years.
- A sibling group named in the sheet but not in the database is made (one per name), and the
  preview says so; an agency, a social worker, a child or a family must already exist.
- The columns every row needs (REQUIRED) must be in the mapping before any row is read; a
  record's Stage counts among them, as a stage quietly defaulted for 240 children would mislead.
- A referral's status may be any: a later one than Open is recorded as a second, dated step, as
  "Record a status…" would; its date is the response date. Without From or To agency columns,
  referrals are from the council's own service to the partner, as a new referral's form starts.
- Links: see domain.import_links (a child by reference; one dated step to the status given).
"""
from __future__ import annotations

import functools
import re
import typing
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Iterable, Sequence

from . import import_links
from .errors import FieldProblem, HomefinderError, ValidationError
from .formatting import format_date
from .import_cells import (LOOKUPS, CellProblem, Known, is_blank, look_up, name_key, quoted, read_choice, read_codes,
                           read_date, read_number, read_text)
from .links import LINK_SOURCES, LINK_STATUSES, Link
from .needs import OFFER_FIELD, SCALES, SET_FIELDS, SEXES_WANTED, SIBLINGS_OK
from .records import (CHILD_STAGES, FAMILY_STAGES, REFERRAL_KINDS, REFERRAL_STATUSES, SEXES, Child, Family, Referral,
                      StageChange, check_referral_status_change, child_date_order_problems)

KINDS: dict[str, type] = {"children": Child, "families": Family, "referrals": Referral, "links": Link}
NOUN = {"children": ("child", "children"), "families": ("family", "families"),
        "referrals": ("referral", "referrals"), "links": ("link", "links")}
LEAVE_OUT = "Leave out"
NAMES_SHOWN = 10  # new sibling groups named in a note; the rest are counted

# Filled in by Homefinder, never read from a sheet (a referral's response date is the date of
# its first status after Open; a link's event is chosen on the Links page).
_NOT_IMPORTED = {"id", "archived", "reference", "response_date", "event_id"}

_STAGES = {Child: CHILD_STAGES, Family: FAMILY_STAGES}
_VOCABULARIES: dict[str, dict[str, str]] = {
    "sex": SEXES, "sexes_wanted": SEXES_WANTED, "siblings_ok": SIBLINGS_OK, "kind": REFERRAL_KINDS,
    "status": REFERRAL_STATUSES, **SET_FIELDS, **{scale: levels for scale, (_l, levels) in SCALES.items()},
    **{attr: SCALES[scale][1] for scale, attr in OFFER_FIELD.items()},
}
# Words a field of one kind is read in, where they differ from the other kinds' (a link's status).
_KIND_VOCABULARIES: dict[type, dict[str, dict[str, str]]] = {
    Link: {"status": LINK_STATUSES, "found_at": LINK_SOURCES}}
REQUIRED: dict[type, tuple[str, ...]] = {
    Child: ("first_name", "date_of_birth", "sex", "stage"),
    Family: ("name", "adopter_one", "agency_id", "stage"),
    Referral: ("referred_on",),
    Link: ("family_id", "identified_on"),
}

# Headings a sheet may use for a field, besides its label and its name (compared as _key does).
_COMMON_SYNONYMS = {
    "stage_date": ("since", "stage date", "date stage began", "stage since"),
    "social_worker_id": ("sw", "worker", "allocated worker", "allocated social worker", "social worker name"),
    "notes": ("comments", "note"),
}
SYNONYMS: dict[type, dict[str, tuple[str, ...]]] = {
    Child: {
        "first_name": ("forename", "forenames", "first names", "given name", "given names", "christian name"),
        "last_name": ("surname", "family name", "last names"),
        "date_of_birth": ("dob", "birth date", "born", "birthday", "date born"),
        "sex": ("gender",),
        "date_entered_care": ("entered care", "became looked after", "date looked after", "looked after since",
                              "care start", "date into care"),
        "placement_order_date": ("placement order", "po date", "date of po", "placement order made"),
        "stage": ("stage of plan", "current stage", "plan stage"),
        "sibling_group_id": ("siblings", "group", "sibling group name"),
        "abuse": ("abuse history", "abuse or neglect", "abuse and neglect", "neglect"),
        "contact": ("contact", "contact plan"),
        "drugs_alcohol": ("drugs", "drugs and alcohol", "drug or alcohol exposure"),
        "development": ("developmental uncertainty", "development"),
    },
    Family: {
        "name": ("family", "family name", "household name", "adopters"),
        "adopter_one": ("adopter one", "adopter 1", "applicant 1", "applicant one", "first applicant"),
        "adopter_two": ("adopter two", "adopter 2", "applicant 2", "applicant two", "second applicant"),
        "agency_id": ("approving agency", "agency name"),
        "stage": ("stage", "assessment", "status"),
        "approval_date": ("approved", "approval date", "date of approval", "approved on"),
        "area": ("town", "locality", "location"),
        "max_children": ("number of children", "children wanted", "how many"),
        "age_min": ("youngest age", "min age", "age from", "youngest"),
        "age_max": ("oldest age", "max age", "age to", "oldest"),
        "sexes_wanted": ("sex wanted", "gender wanted", "boys or girls"),
        "siblings_ok": ("siblings", "sibling group", "siblings ok"),
        "language": ("language", "languages"),
    },
    Referral: {
        "kind": ("kind", "type", "referral type", "kind of referral"),
        "child_id": ("child reference", "child ref"),
        "family_id": ("family reference", "family ref", "adopters"),
        "referred_on": ("date referred", "referral date", "referred", "date of referral"),
        "from_agency_id": ("from", "referred by", "referring agency"),
        "to_agency_id": ("to", "referred to", "receiving agency"),
        "status_date": ("status date", "date of status", "status since"),
    },
    Link: {
        "child_id": ("child reference", "child ref"),
        "sibling_group_id": ("siblings", "group", "sibling group name"),
        "family_id": ("family reference", "family ref", "family name", "adopters"),
        "found_at": ("found", "source", "where found", "found through", "how found"),
        "identified_on": ("identified", "date identified", "date of link", "link date", "linked on"),
        "status": ("link status", "stage"),
        "status_date": ("status date", "date of status", "status since"),
        "end_reason_id": ("reason", "end reason", "reason ended", "why ended", "did not progress reason"),
        "ended_reason": ("end note", "ending note", "note on ending", "why"),
    },
}


class ImportRefused(HomefinderError):
    """The sheet has problems, so nothing was imported; `problems` lists every one."""

    def __init__(self, problems: list["ImportProblem"]):
        self.problems = list(problems)
        shown = "; ".join(str(p).rstrip(". ") for p in self.problems[:20])
        more = f"; and {len(self.problems) - 20:,} more" if len(self.problems) > 20 else ""
        count = f"{len(self.problems):,} problem{'' if len(self.problems) == 1 else 's'}"
        super().__init__(f"Nothing was imported ({count}): {shown}{more}.")


@dataclass(frozen=True)
class ImportProblem:
    line: int | None  # as Excel numbers the rows; None: the sheet as a whole
    field: str  # the label the form uses; "" for the sheet as a whole
    problem: str

    def __str__(self) -> str:
        if self.line is None:
            return self.problem
        return f"line {self.line}, {self.field}: {self.problem}" if self.field else f"line {self.line}: {self.problem}"


@dataclass(frozen=True)
class ImportField:
    attr: str  # the record's attribute, e.g. "date_of_birth", "social_worker_id"
    label: str  # the form's label, e.g. "Date of birth"
    kind: str  # "text", "date", "choice", "codes", "number" or "lookup"
    vocabulary: dict[str, str] | None = None
    required: bool = False

    @property
    def name(self) -> str:
        """What the command line calls it: the attribute, without "_id" for a record named."""
        return self.attr.removesuffix("_id") if self.kind == "lookup" else self.attr


@functools.cache
def fields_for(kind: str) -> tuple[ImportField, ...]:
    """The importable fields of children, families or referrals, in the form's order."""
    cls = KINDS[kind]
    hints = typing.get_type_hints(cls)
    result = []
    for f in fields(cls):
        if f.name in _NOT_IMPORTED:
            continue
        hint = hints[f.name]
        vocabulary = (_STAGES[cls] if f.name == "stage" else
                      _KIND_VOCABULARIES.get(cls, {}).get(f.name) or _VOCABULARIES.get(f.name))
        if hint is date or date in typing.get_args(hint):
            ftype = "date"
        elif f.name in LOOKUPS:
            ftype = "lookup"
        elif typing.get_origin(hint) is tuple:
            ftype = "codes"
        elif int in typing.get_args(hint):
            ftype = "number"
        else:
            ftype = "choice" if vocabulary else "text"
        result.append(ImportField(f.name, cls.label(f.name), ftype, vocabulary, f.name in REQUIRED[cls]))
    return tuple(result)


def field_by_attr(kind: str) -> dict[str, ImportField]:
    return {f.attr: f for f in fields_for(kind)}


# --- headings ---------------------------------------------------------------------------------

def _key(text: object) -> str:
    """A heading as compared: no case, spaces or punctuation ("D.O.B." is "dob")."""
    return re.sub(r"[^0-9a-z]+", "", str(text or "").casefold())


@functools.cache
def _heading_keys(kind: str) -> dict[str, str]:
    cls = KINDS[kind]
    keys: dict[str, str] = {}
    for f in fields_for(kind):
        names = (f.attr, f.name, f.label, *_COMMON_SYNONYMS.get(f.attr, ()), *SYNONYMS[cls].get(f.attr, ()))
        for name in names:
            keys.setdefault(_key(name), f.attr)
    return keys


def field_named(kind: str, text: str) -> str | None:
    """The field a worker means by a heading or a name ("DOB", "date_of_birth", "Social worker");
    None for "Leave out" or nothing; ValueError naming the fields when there is no such field."""
    if _key(text) in ("", _key(LEAVE_OUT), "none"):
        return None
    attr = _heading_keys(kind).get(_key(text))
    if attr is None:
        names = ", ".join(f.name for f in fields_for(kind))
        raise ValueError(f"There is no field “{text}” for {kind}. The fields are: {names}.")
    return attr


def guess_mapping(kind: str, headings: Sequence[str]) -> dict[str, str | None]:
    """heading -> the field it holds (None: left out). Each field is read from one column only:
    the first whose heading names it."""
    keys = _heading_keys(kind)
    taken: set[str] = set()
    mapping: dict[str, str | None] = {}
    for heading in headings:
        attr = keys.get(_key(heading))
        if heading in mapping:
            continue
        mapping[heading] = attr if attr and attr not in taken else None
        if attr:
            taken.add(attr)
    return mapping


def remap(mapping: dict[str, str | None], heading: str, attr: str | None) -> dict[str, str | None]:
    """`mapping` with `heading` read as `attr` (None: left out); a field is read from one column
    only, so any other heading read as `attr` is left out."""
    result = {h: (None if a == attr and attr is not None else a) for h, a in mapping.items()}
    result[heading] = attr
    return result


def mapping_problems(kind: str, headings: Sequence[str], mapping: dict[str, str | None]) -> list[ImportProblem]:
    """What is wrong with the columns, before any row is read: each is a whole sentence."""
    by_attr = field_by_attr(kind)
    problems = []
    unknown = [h for h in mapping if h not in headings]
    if unknown:
        problems.append(f"The sheet has no column {quoted(unknown)}. Its headings are: {quoted(headings)}.")
    twice = sorted({h for h in headings if headings.count(h) > 1 and mapping.get(h)})
    if twice:
        problems.append(f"The heading {quoted(twice)} is on more than one column: rename one of them.")
    columns: dict[str, list[str]] = {}
    for heading, attr in mapping.items():
        if attr:
            columns.setdefault(attr, []).append(heading)
    for attr, hs in columns.items():
        if len(hs) > 1:
            problems.append(f"{quoted(hs, ' and ')} are both read as {by_attr[attr].label}: leave one out.")
    missing = [by_attr[a].label for a in REQUIRED[KINDS[kind]] if a not in columns]
    if missing:
        problems.append(f"Required columns are missing: {', '.join(missing)}. Add them to the sheet, or choose "
                        "the column that holds each.")
    if kind == "referrals" and "child_id" not in columns and "family_id" not in columns:
        problems.append("A referral names a child or a family: the sheet needs a Child column (the child's "
                        "reference, e.g. C-00012) or a Family column (e.g. F-00004).")
    if kind == "links" and "child_id" not in columns and "sibling_group_id" not in columns:
        problems.append("A link names a child or a sibling group: the sheet needs a Child column (the child's "
                        "reference, e.g. C-00012) or a Sibling group column (the group's name).")
    return [ImportProblem(None, "", p) for p in problems]


def find_heading_row(rows: Sequence[Sequence[object]]) -> int:
    """Index of the heading row among the first rows: a note above the table (as an exported
    list's CONFIDENTIAL line) has one cell filled; the headings have several."""
    filled = [sum(1 for c in row if is_blank(c) is False) for row in rows]
    for i, n in enumerate(filled):
        if n >= 2:
            return i
    return next((i for i, n in enumerate(filled) if n), 0)


# --- rows -------------------------------------------------------------------------------------

@dataclass
class ImportedRow:
    line: int
    record: object  # a Child, Family or Referral, as it will be added (ids filled in)
    shown: dict[str, str]  # attr -> the value as the form would show it
    new_group: str = ""  # a sibling group to make first, by this name
    status_step: StageChange | None = None  # a referral's status after Open, a link's after Identified
    problems: list[ImportProblem] = field(default_factory=list)


def read_row(kind: str, line: int, cells: dict[str, object], known: Known, today: date,
             mapped: frozenset[str] | set[str] = frozenset()) -> ImportedRow:
    """One row (attr -> cell) as a record, with every problem the form would name."""
    cls = KINDS[kind]
    by_attr = field_by_attr(kind)
    values: dict[str, object] = {}
    shown: dict[str, str] = {}
    bad: list[FieldProblem] = []
    new_group = ""
    for attr, cell in cells.items():
        f = by_attr[attr]
        try:
            if f.kind == "date":
                value = read_date(cell)
                shown[attr] = format_date(value)
            elif f.kind == "number":
                value = read_number(cell)
                shown[attr] = "" if value is None else str(value)
            elif f.kind == "choice":
                value = read_choice(f, cell)
                shown[attr] = f.vocabulary.get(value, "")
            elif f.kind == "codes":
                value = read_codes(f, cell)
                shown[attr] = "; ".join(f.vocabulary[code] for code in value)  # some words hold a comma
            elif f.kind == "lookup":
                found, new_group_name = look_up(f, cell, known)
                value = found.id if found else None
                shown[attr] = found.name if found else (f"{new_group_name} (new)" if new_group_name else "")
                if attr == "sibling_group_id":
                    new_group = new_group_name
            else:
                value = read_text(cell)
                shown[attr] = value
        except CellProblem as exc:
            bad.append(FieldProblem(f.label, str(exc)))
            shown[attr] = read_text(cell)
            continue
        values[attr] = value
    status_step = None
    link_bad: list[FieldProblem] = []
    if cls is Link:
        values, status_step, link_bad = import_links.link_values(values, new_group)
        new_group = ""
    if cls is Referral:
        values, status_step = _referral_values(values, known, mapped)
        for attr in ("from_agency_id", "to_agency_id", "kind"):
            if attr not in mapped and values.get(attr) is not None:
                shown[attr] = {"from_agency_id": getattr(known.own_agency, "name", ""),
                               "to_agency_id": getattr(known.partner_agency, "name", ""),
                               "kind": REFERRAL_KINDS.get(values["kind"], "")}[attr]
    record = cls(**values)
    if cls is Link:
        problems = link_bad + import_links.link_problems(record, status_step, known, today)
    else:
        problems = _record_problems(record, today, status_step)
    labels_unreadable = {p.field for p in bad}
    if cls is Link and "Sibling group" in {p.field for p in bad + link_bad}:
        labels_unreadable.add("Child")  # not "a child or a group is required": the group named is unknown
    problems = bad + [p for p in problems if p.field not in labels_unreadable]
    if isinstance(record, Child) and record.date_of_birth is not None:
        identity = (name_key(record.first_name), name_key(record.last_name), record.date_of_birth.isoformat())
        for existing in known.child_identities.get(identity, []):
            problems.append(FieldProblem("Name and date of birth", f"{record.display_name}, born "
                                         f"{format_date(record.date_of_birth)}, is already recorded as {existing}"))
    return ImportedRow(line, record, shown, new_group, status_step,
                       [ImportProblem(line, p.field, p.problem) for p in problems])


def _referral_values(values: dict, known: Known, mapped) -> tuple[dict, StageChange | None]:
    """A referral is added open (as its form adds one); a later status becomes its next step."""
    values = dict(values)
    if not values.get("kind"):
        values["kind"] = "adopter" if values.get("family_id") is not None and values.get("child_id") is None \
            else "child"
    if "from_agency_id" not in mapped and known.own_agency:
        values["from_agency_id"] = known.own_agency.id
    if "to_agency_id" not in mapped and known.partner_agency:
        values["to_agency_id"] = known.partner_agency.id
    status = values.pop("status", "") or "open"
    when = values.pop("status_date", None)
    step = None
    if status != "open":
        step = StageChange(status, when, reason=values.get("outcome", ""))
    return values, step


def _record_problems(record, today: date, status_step: StageChange | None) -> list[FieldProblem]:
    problems = list(record.problems(today))
    if isinstance(record, Child):
        problems += child_date_order_problems(record, [])
    if status_step is not None and record.referred_on is not None:
        try:
            # The Open step the referral starts with is the referral date itself (so no history).
            check_referral_status_change([], status_step, today, record.referred_on)
        except ValidationError as exc:
            problems += exc.problems
    return problems


def duplicate_problems(kind: str, rows: list[ImportedRow], group_of: dict[int, str]) -> list[ImportProblem]:
    """The same record twice in the sheet: the later line names the earlier one. A child on two
    lines in two sibling groups is told as that. `group_of`: line -> the sibling group named."""
    if kind == "links":
        return [ImportProblem(*p) for p in import_links.sheet_problems(rows)]
    seen: dict[tuple, ImportedRow] = {}
    problems = []
    for row in rows:
        key, what = _identity(row.record)
        if key is None:
            continue
        first = seen.setdefault(key, row)
        if first is row:
            continue
        g1, g2 = group_of.get(first.line, ""), group_of.get(row.line, "")
        if kind == "children" and g1 and g2 and name_key(g1) != name_key(g2):
            problems.append(ImportProblem(row.line, "Sibling group", f"{what} is in {_group_words(g1)} on line "
                                          f"{first.line} and in {_group_words(g2)} here: a sibling in two groups"))
        else:
            problems.append(ImportProblem(row.line, _IDENTITY_LABEL[kind], f"{what} is also on line {first.line}"))
    return problems


_IDENTITY_LABEL = {"children": "Name and date of birth", "families": "Family name",
                   "referrals": "Referred on"}


def _group_words(name: str) -> str:
    return f"“{name}”" if name else "no sibling group"


def _identity(record) -> tuple[tuple | None, str]:
    if isinstance(record, Child):
        if not record.first_name or record.date_of_birth is None:
            return None, ""
        return ((name_key(record.first_name), name_key(record.last_name), record.date_of_birth),
                f"{record.display_name}, born {format_date(record.date_of_birth)},")
    if isinstance(record, Family):
        if not record.name:
            return None, ""
        return (name_key(record.name), name_key(record.adopter_one)), f"{record.name} ({record.adopter_one})"
    if record.referred_on is None or (record.child_id is None and record.family_id is None):
        return None, ""
    return ((record.kind, record.child_id, record.family_id, record.referred_on),
            f"The same referral, made {format_date(record.referred_on)},")


# --- the whole sheet --------------------------------------------------------------------------

@dataclass
class Plan:
    """A sheet read against the database: each row's record, and every problem."""
    kind: str
    mapping: dict[str, str | None]
    rows: list[ImportedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def new_groups(self) -> list[str]:
        """Sibling groups to make, by name (each once, as first written)."""
        names: dict[str, str] = {}
        for row in self.rows:
            if row.new_group:
                names.setdefault(name_key(row.new_group), row.new_group)
        return list(names.values())


def plan(kind: str, headings: Sequence[str], rows: Iterable[tuple[int, Sequence[object]]],
         mapping: dict[str, str | None], known: Known, today: date) -> Plan:
    """Read every row (line, cells in heading order) as `mapping` says, or stop at the columns'
    problems before reading any."""
    result = Plan(kind, dict(mapping), problems=mapping_problems(kind, headings, mapping))
    if result.problems:
        return result
    columns = [(i, mapping[h]) for i, h in enumerate(headings) if mapping.get(h)]
    mapped = {attr for _i, attr in columns}
    group_of: dict[int, str] = {}
    undated = 0
    for line, cells in rows:
        values = {attr: (cells[i] if i < len(cells) else None) for i, attr in columns}
        if all(is_blank(v) for v in values.values()):
            continue  # an empty row (or one with only columns left out)
        row = read_row(kind, line, values, known, today, mapped)
        result.rows.append(row)
        result.problems += row.problems
        if "sibling_group_id" in values:
            group_of[line] = read_text(values["sibling_group_id"])
        undated += getattr(row.record, "stage_date", True) is None
    result.problems += duplicate_problems(kind, result.rows, group_of)
    result.problems.sort(key=lambda p: (p.line or 0))
    if not result.rows:
        result.problems.append(ImportProblem(None, "", "The sheet has no rows to import under its headings."))
    result.notes = _notes(result, known, mapped, undated, today)
    return result


def _notes(result: Plan, known: Known, mapped: set[str], undated: int, today: date) -> list[str]:
    one, many = NOUN[result.kind]
    notes = []
    groups = result.new_groups
    if groups:
        notes.append(f"{'A new sibling group' if len(groups) == 1 else f'{len(groups):,} new sibling groups'} will "
                     f"be made: {quoted(groups, most=NAMES_SHOWN)}.")
    if undated and result.kind != "referrals":
        notes.append(f"{undated:,} {one if undated == 1 else many} with no Date of stage: the stage is dated "
                     f"today ({format_date(today)}).")
    if result.kind == "links":
        stepped = sum(1 for row in result.rows if row.status_step is not None)
        if stepped:
            notes.append(f"{stepped:,} {one if stepped == 1 else many} with a status after Identified: each is "
                         "added Identified on its date (its family's window opened under the rule then in force), "
                         "then its status on the Date of status, as one step; the steps between are not recorded.")
        # Being explored or further on counts as the family's yes (services.links); before that, the
        # window stays open for an answer.
        waiting = sum(1 for row in result.rows if row.record.family_id is not None and (
            row.status_step is None or row.status_step.stage == "interest"))
        if waiting:
            notes.append(f"{waiting:,} {one if waiting == 1 else many} identified or with interest registered: each "
                         "family's window is opened without an answer, so one that has already closed shows as "
                         "overdue on the Start page until its answer is recorded on the Links page. (A link being "
                         "explored or further on counts as the family's yes.)")
    if result.kind == "referrals":
        for attr, agency, which in (("from_agency_id", known.own_agency, "from"),
                                    ("to_agency_id", known.partner_agency, "to")):
            if attr not in mapped and agency:
                notes.append(f"No {which.capitalize()} agency column: every referral is {which} {agency.name}.")
    return notes


def with_ids(row: ImportedRow, group_ids: dict[str, int]):
    """The row's record with the id of its newly made sibling group."""
    if row.new_group:
        return replace(row.record, sibling_group_id=group_ids[name_key(row.new_group)])
    return row.record
