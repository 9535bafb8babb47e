"""Movements of the upfront fund from a CSV file: each row's cells read as one movement, and every
problem a cell has, named by its line (the heading row is line 1, as Excel numbers it) and column.

Plain Python. The services read the file, look up the links the rows name, and apply the rows
through the fund's use cases; this module only reads cells.

Decisions, written down once:
- Amounts are always more than £0.00: the Movement says which way the money goes, and a mistake
  is put right by a reversal, never by a negative amount.
- A column a movement does not use must be empty on its row (a Stage on an instalment, a Link on a
  return): money read from the wrong column is worse than a refused row.
- A fee's amount comes from the fee schedule and a rollover's, left empty, is all that is left in
  the year; an amount written on those rows (or on a reversal) is checked against what is recorded.
- A reversal needs its reason in Memo, as the ledger keeps it for ever.
- Headings are matched ignoring case, spaces and punctuation, in any order; a heading Homefinder
  does not read is refused rather than passed over, so a misspelt Amount column is never ignored.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .formatting import financial_year, financial_year_label, format_date, parse_money
from .fund import FEE_STAGES, KINDS, PURPOSES
from .import_cells import CellProblem, is_blank, quoted, read_date, read_number, read_text
from .importing import ImportProblem

# attr -> (the column's heading, other headings a file may use)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "on": ("Date", ("dated", "date of movement", "on")),
    "kind": ("Movement", ("kind", "type", "movement type")),
    "amount": ("Amount", ("sum", "value")),
    "link": ("Link", ("link reference", "link ref", "placement")),
    "stage": ("Stage", ("fee stage",)),
    "purpose": ("Purpose", ("reallocated for", "reallocation purpose")),
    "salary": ("Salary", ("link worker salary", "whole salary")),
    "from_year": ("From year", ("from financial year", "roll over from", "rolled over from")),
    "instalment": ("Instalment", ("instalment number",)),
    "reverses": ("Reverses", ("reverses entry", "entry", "entry number")),
    "memo": ("Memo", ("note", "notes", "description", "reason")),
}
REQUIRED_COLUMNS = ("kind",)

# The columns each movement reads; any other column must be empty on its row.
USES: dict[str, frozenset[str]] = {
    "instalment": frozenset({"on", "amount", "instalment", "memo"}),
    "fee": frozenset({"on", "amount", "link", "stage", "memo"}),
    "rollover": frozenset({"on", "amount", "from_year", "memo"}),
    "reallocation": frozenset({"on", "amount", "purpose", "salary", "memo"}),
    "return": frozenset({"on", "amount", "memo"}),
    "reversal": frozenset({"on", "amount", "reverses", "memo"}),
}
# A movement's name in messages: "for an instalment".
NOUNS = {"instalment": "an instalment", "fee": "a fee", "rollover": "a rollover", "reallocation": "a reallocation",
         "return": "money returned", "reversal": "a reversal"}
_MORE_KIND_WORDS = {"roll over": "rollover", "rolled over": "rollover", "returned": "return", "refund": "return",
                    "instalment received": "instalment", "fee drawn": "fee", "reallocated": "reallocation"}
_MORE_STAGE_WORDS = {"at placement": "placement", "adoption order": "order", "at the adoption order": "order"}
_MORE_PURPOSE_WORDS = {"joint advertising": "advertising", "link worker salary": "link_worker"}

_LINK_REFERENCE = re.compile(r"^L-?\s*(\d+)$", re.IGNORECASE)
_ENTRY_NUMBER = re.compile(r"^(?:E-?\s*)?(\d+)$", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*(?:[/-]\s*(\d{2}|\d{4}))?$")


@dataclass(frozen=True)
class MovementRow:
    """One row of the file, read: what to record, in the words of services.fund's use cases."""

    line: int
    kind: str
    on: date | None = None
    amount: int | None = None        # pence
    link_id: int | None = None
    link_reference: str = ""
    stage: str = ""
    purpose: str = ""
    salary: int | None = None        # pence, the whole salary
    from_fy: int | None = None
    instalment: int | None = None
    reverses_id: int | None = None
    memo: str = ""


@dataclass
class MovementsPlan:
    rows: list[MovementRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


# --- cells --------------------------------------------------------------------------------------

def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _heading_key(text: object) -> str:
    return re.sub(r"[^0-9a-z]+", "", str(text or "").casefold())


def _choice(value: object, choices: Mapping[str, str], more: Mapping[str, str], listed: Iterable[str]) -> str:
    """A code from its code, its words in the program, or a usual other word, any case."""
    text = read_text(value)
    if not text:
        return ""
    words = {**{_words(code): code for code in choices}, **{_words(label): code for code, label in choices.items()},
             **more}
    code = words.get(_words(text))
    if code is None:
        raise CellProblem(f"“{text}” is not one of: {', '.join(listed)}")
    return code


def read_amount(value: object) -> int | None:
    """Pence from £18,000.00, 18000, 18000.5 or a number cell; always more than £0.00."""
    if is_blank(value):
        return None
    if isinstance(value, (bool, date, datetime)):
        raise CellProblem("is not an amount of money, e.g. £18,000.00")
    if isinstance(value, (int, float)):
        pence = round(value * 100)
        if abs(value * 100 - pence) > 1e-6:
            raise CellProblem(f"“{value}” has a part of a penny")
        text = str(value)
    else:
        text = str(value).strip()
        try:
            pence = parse_money(text)
        except ValueError as exc:
            raise CellProblem(str(exc)) from None
    if pence < 0:
        raise CellProblem(f"“{text}” is less than £0.00: write every amount as more than £0.00 (the Movement "
                          "says which way the money goes; a mistake is put right by a reversal)")
    if pence == 0:
        raise CellProblem("is £0.00, which moves nothing: write an amount more than £0.00")
    return pence


def read_financial_year(value: object) -> int | None:
    """The year a financial year starts in, from 2025/26, 2025-26, 2025/2026 or 2025."""
    text = read_text(value)
    if not text:
        return None
    m = _FINANCIAL_YEAR.match(text)
    if not m:
        raise CellProblem(f"“{text}” is not a financial year, e.g. 2025/26")
    start, end = int(m.group(1)), m.group(2)
    if end and (int(end) != start + 1 if len(end) == 4 else int(end) != (start + 1) % 100):
        raise CellProblem(f"“{text}” is not a financial year: one runs from 1 April to 31 March the next year, "
                          f"e.g. {financial_year_label(start)}")
    return start


def read_link(value: object, links: Mapping[str, int]) -> tuple[int | None, str]:
    """(the link's id, its reference) from L-00012 or L12."""
    text = read_text(value)
    if not text:
        return None, ""
    m = _LINK_REFERENCE.match(text)
    if not m:
        raise CellProblem(f"“{text}” is not a link's reference (such as L-00012)")
    reference = f"L-{int(m.group(1)):05d}"
    if reference not in links:
        raise CellProblem(f"{reference} is not the reference of a known link")
    return links[reference], reference


def read_entry_number(value: object) -> int | None:
    text = read_text(value)
    if not text:
        return None
    m = _ENTRY_NUMBER.match(text)
    if not m or int(m.group(1)) == 0:
        raise CellProblem(f"“{text}” is not an entry's number (such as E-000123, as the statement shows it)")
    return int(m.group(1))


# --- the file -------------------------------------------------------------------------------------

def column_of(heading: str) -> str | None:
    key = _heading_key(heading)
    for attr, (label, others) in COLUMNS.items():
        if key in {_heading_key(label), _heading_key(attr), *map(_heading_key, others)}:
            return attr
    return None


def heading_problems(headings: Sequence[str]) -> tuple[dict[int, str], list[ImportProblem]]:
    """(column index -> attr, the headings' problems: each a whole sentence)."""
    columns: dict[int, str] = {}
    problems: list[str] = []
    unknown, seen = [], {}
    for i, heading in enumerate(headings):
        attr = column_of(heading)
        if attr is None:
            unknown.append(heading)
        elif attr in seen:
            problems.append(f"{quoted([seen[attr], heading], ' and ')} are both read as {COLUMNS[attr][0]}: "
                            "leave one out.")
        else:
            seen[attr] = heading
            columns[i] = attr
    if unknown:
        problems.append(f"Homefinder does not read the column {quoted(unknown)}. The columns are: "
                        f"{', '.join(label for label, _others in COLUMNS.values())}.")
    missing = [COLUMNS[a][0] for a in REQUIRED_COLUMNS if a not in seen]
    if missing:
        problems.append(f"Required columns are missing: {', '.join(missing)}.")
    return columns, [ImportProblem(None, "", p) for p in problems]


def read_movements(headings: Sequence[str], rows: Iterable[tuple[int, Sequence[object]]],
                   links: Mapping[str, int]) -> MovementsPlan:
    """Every row (line, cells in heading order) as a movement, with every cell's problem; `links`:
    the database's link references -> ids. Empty rows are passed over."""
    columns, problems = heading_problems(headings)
    result = MovementsPlan(problems=problems)
    if problems:
        return result
    for line, cells in rows:
        values = {attr: (cells[i] if i < len(cells) else None) for i, attr in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        row, row_problems = read_row(line, values, links)
        result.problems += row_problems
        if row is not None:
            result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(ImportProblem(None, "", "The file has no movements under its headings."))
    return result


def read_row(line: int, cells: Mapping[str, object], links: Mapping[str, int]) -> tuple[MovementRow | None,
                                                                                         list[ImportProblem]]:
    problems: list[ImportProblem] = []

    def problem(attr: str, text: str) -> None:
        problems.append(ImportProblem(line, COLUMNS[attr][0], text))

    def cell(attr: str, reader):
        try:
            return reader(cells.get(attr))
        except CellProblem as exc:
            problem(attr, str(exc))
            return None

    kinds = list(KINDS)
    kind = cell("kind", lambda v: _choice(v, KINDS, _MORE_KIND_WORDS, kinds))
    if kind == "":
        problem("kind", f"is required: one of {', '.join(kinds)}")
    values = dict(
        on=cell("on", read_date), amount=cell("amount", read_amount),
        stage=cell("stage", lambda v: _choice(v, FEE_STAGES, _MORE_STAGE_WORDS, FEE_STAGES)) or "",
        purpose=cell("purpose", lambda v: _choice(
            v, PURPOSES, _MORE_PURPOSE_WORDS, [p.replace("_", " ") for p in PURPOSES])) or "",
        salary=cell("salary", read_amount), from_fy=cell("from_year", read_financial_year),
        instalment=cell("instalment", read_number), reverses_id=cell("reverses", read_entry_number),
        memo=read_text(cells.get("memo")))
    link_id, reference = cell("link", lambda v: read_link(v, links)) or (None, "")
    if not kind:
        return None, problems
    unreadable = {p.field for p in problems}
    for attr, value in cells.items():
        label = COLUMNS[attr][0]
        if attr != "kind" and attr not in USES[kind] and not is_blank(value) and label not in unreadable:
            problem(attr, f"is not read for {NOUNS[kind]}: leave it empty on this row")
    row = MovementRow(line, kind, link_id=link_id, link_reference=reference, **values)
    problems += [ImportProblem(line, COLUMNS[attr][0], text) for attr, text in _row_needs(row, cells)
                 if COLUMNS[attr][0] not in unreadable]
    order = [label for label, _others in COLUMNS.values()]
    problems.sort(key=lambda p: order.index(p.field))
    if problems:
        return None, problems
    if kind == "rollover" and row.from_fy is None:  # given by its date, 1 April: out of the year before
        row = replace(row, from_fy=financial_year(row.on) - 1)
    return row, []


def _row_needs(row: MovementRow, cells: Mapping[str, object]) -> list[tuple[str, str]]:
    """What a movement needs that its row leaves out or contradicts: (attr, problem)."""
    out: list[tuple[str, str]] = []
    given = {attr for attr, value in cells.items() if not is_blank(value)}
    kind, noun = row.kind, NOUNS[row.kind]
    if kind in ("instalment", "reallocation", "return", "reversal") and "on" not in given:
        out.append(("on", f"is required for {noun}"))
    if kind in ("instalment", "return") and "amount" not in given:
        out.append(("amount", f"is required for {noun}"))
    if kind == "instalment" and row.instalment is not None and row.instalment < 1:
        out.append(("instalment", "must be 1 or more"))
    if kind == "fee":
        if "link" not in given:
            out.append(("link", "is required for a fee: the placement's link reference, e.g. L-00012"))
        if "stage" not in given:
            out.append(("stage", f"is required for a fee: one of {', '.join(FEE_STAGES)}"))
    if kind == "reallocation":
        if "purpose" not in given:
            purposes = " or ".join(p.replace("_", " ") for p in PURPOSES)
            out.append(("purpose", f"is required for a reallocation: {purposes}"))
        if "salary" in given and row.purpose and row.purpose != "link_worker":
            out.append(("salary", "is only for the link worker: the fund pays the council's half"))
        elif "salary" in given and "amount" in given:
            out.append(("amount", "give the link worker's whole Salary or the Amount from the fund, not both"))
        elif "salary" not in given and "amount" not in given:
            out.append(("amount", "is required for a reallocation (for the link worker, the whole Salary will do)"))
    if kind == "rollover":
        out += _rollover_needs(row, given)
    if kind == "reversal":
        if "reverses" not in given:
            out.append(("reverses", "is required for a reversal: the number of the entry it corrects, e.g. E-000123"))
        if not row.memo:
            out.append(("memo", "is required for a reversal: say what was wrong with the entry"))
    return out


def _rollover_needs(row: MovementRow, given: set[str]) -> list[tuple[str, str]]:
    if row.from_fy is None and row.on is None:
        if "from_year" in given or "on" in given:
            return []   # unreadable: said already
        return [("from_year", "is required for a rollover: the financial year the money is rolled out of, "
                              "e.g. 2025/26")]
    fy = row.from_fy if row.from_fy is not None else financial_year(row.on) - 1
    first_day = date(fy + 1, 4, 1)
    if row.on is not None and row.on != first_day:
        return [("on", f"a rollover out of {financial_year_label(fy)} is dated {format_date(first_day)}, the first "
                       f"day of {financial_year_label(fy + 1)}: leave the date empty, or write that day")]
    return []

