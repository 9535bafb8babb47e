"""One cell of a spreadsheet read as one field of a record: a date, a whole number, a word from a
vocabulary, a set of them, or the name or reference of another record (Known holds the names).

Each reader returns the value as the record holds it, or raises CellProblem with the problem in
words that follow the field's label ("is not a real date"). `f` is a domain.importing.ImportField:
its `attr` and `vocabulary` are what these readers use.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Iterable

from .formatting import format_date, parse_date

if TYPE_CHECKING:
    from .importing import ImportField

# Record fields that name another record: what it is, in words.
LOOKUPS = {"sibling_group_id": "sibling group", "social_worker_id": "social worker", "agency_id": "agency",
           "from_agency_id": "agency", "to_agency_id": "agency", "child_id": "child", "family_id": "family",
           "end_reason_id": "reason"}


# Other words a sheet uses for a vocabulary's codes (matched ignoring case).
_MORE_WORDS: dict[str, dict[str, str]] = {
    "sex": {"f": "F", "girl": "F", "m": "M", "boy": "M"},
    "sexes_wanted": {"f": "F", "girl": "F", "female": "F", "m": "M", "boy": "M", "male": "M",
                     "any": "either", "both": "either"},
    "siblings_ok": {"y": "yes", "n": "no"},
    "kind": {"adopter": "adopter", "adopters": "adopter", "family": "adopter"},
}


def is_blank(value: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def quoted(items: Iterable[str], sep: str = ", ", most: int | None = None) -> str:
    """“A”, “B”; with `most`, at most that many, then "and 3,289 more"."""
    items = list(items)
    shown = sep.join(f"“{i}”" for i in items[:most])
    return shown + (f" and {len(items) - most:,} more" if most is not None and len(items) > most else "")


# --- cells ------------------------------------------------------------------------------------

class CellProblem(ValueError):
    """A cell that cannot be read as its field; str() follows the field's label."""


_TWO_DIGIT_YEAR = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\s*$")
_ISO_WITH_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*$")
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for m in names}
_WORDY_DATE = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\s*$", re.IGNORECASE)


def read_date(value: object) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        raise CellProblem(f"is a number ({_number_text(value)}), not a date: write it as 23/11/2026, or "
                          "format the column as dates in Excel")
    text = str(value).strip()
    if _TWO_DIGIT_YEAR.match(text):
        raise CellProblem(f"“{text}” has a two-digit year: write the year in full, e.g. 23/11/2026")
    m = _ISO_WITH_TIME.match(text) or None
    if m:
        text = m.group(1)
    m = _WORDY_DATE.match(text)
    if m and m.group(2).casefold() in _MONTHS:
        try:
            return date(int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
        except ValueError:
            raise CellProblem(f"“{text}” is not a real date") from None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CellProblem(str(exc)) from None


def _number_text(value: float | int) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def read_number(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellProblem(f"is {'a date' if not isinstance(value, bool) else 'yes or no'}, not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellProblem(f"“{value}” is not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    raise CellProblem(f"“{text}” is not a whole number")


def read_text(value: object) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return _number_text(value)
    return str(value).strip()


def _words(text: str) -> str:
    """A value as compared with a vocabulary: no case, punctuation or extra spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", text.replace("’", "").replace("'", "").casefold()).split())


@functools.cache
def _choice_words(attr: str, vocabulary_items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    words = {}
    for code, label in vocabulary_items:
        words[_words(code)] = code
        words[_words(label)] = code
    for word, code in _MORE_WORDS.get(attr, {}).items():
        words.setdefault(word, code)
    return words


def read_choice(f: ImportField, value: object) -> str:
    text = read_text(value)
    if not text:
        return ""
    code = _choice_words(f.attr, tuple(f.vocabulary.items())).get(_words(text))
    if code is None:
        raise CellProblem(f"“{text}” is not one of: {', '.join(f.vocabulary.values())}")
    return code


def read_codes(f: ImportField, value: object) -> tuple[str, ...]:
    """A set of codes or words, separated by ; or , (words with a comma in them, such as
    "Direct, with birth parents", are read whole). In the vocabulary's order."""
    text = read_text(value)
    if not text:
        return ()
    words = _choice_words(f.attr, tuple(f.vocabulary.items()))
    found, unknown = set(), []
    for part in text.split(";"):
        pieces = [p.strip() for p in part.split(",")]
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):  # the longest run of pieces that is one word
                code = words.get(_words(", ".join(pieces[i:j])))
                if code:
                    found.add(code)
                    i = j
                    break
            else:
                if pieces[i]:
                    unknown.append(pieces[i])
                i += 1
    if unknown:
        which = "is" if len(unknown) == 1 else "are"
        raise CellProblem(f"includes {quoted(unknown)}, which {which} not among: {', '.join(f.vocabulary.values())}")
    return tuple(code for code in f.vocabulary if code in found)


# --- the records named in a sheet ---------------------------------------------------------------

def name_key(text: object) -> str:
    """A name as looked up: no case, single spaces, straight apostrophes."""
    return " ".join(str(text or "").replace("’", "'").casefold().split())


@dataclass(frozen=True)
class Named:
    id: int
    name: str
    archived: bool = False


@dataclass
class Known:
    """What the rows may name, as it stands in the database (built by the services)."""
    agencies: dict[str, list[Named]] = field(default_factory=dict)  # name_key -> agencies of that name
    workers: dict[str, list[Named]] = field(default_factory=dict)
    groups: dict[str, list[Named]] = field(default_factory=dict)
    children: dict[str, Named] = field(default_factory=dict)  # "C-00012" -> the child
    families: dict[str, Named] = field(default_factory=dict)  # "F-00004" -> the family
    # (first name, last name, date of birth) as name_key and ISO -> "C-00012 Ada Example (archived)"
    child_identities: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    own_agency: Named | None = None
    partner_agency: Named | None = None
    # For links (filled in only when links are imported): families by name (a family may be named
    # rather than referenced when its name is unique), the reasons a link did not progress, and
    # what add_link would refuse, so the preview can say it by line.
    family_names: dict[str, list[Named]] = field(default_factory=dict)
    end_reasons: dict[str, list[Named]] = field(default_factory=dict)
    family_stage: dict[int, str] = field(default_factory=dict)  # family id -> stage code
    together_group: dict[int, str] = field(default_factory=dict)  # child id -> its group placed together
    placed_units: dict[tuple[str, int], str] = field(default_factory=dict)  # ("child"|"group", id) -> why
    active_links: dict[tuple[str, int, int], str] = field(default_factory=dict)  # (unit, id, family) -> L-ref

    @staticmethod
    def index(rows: Iterable[Named]) -> dict[str, list[Named]]:
        result: dict[str, list[Named]] = {}
        for row in rows:
            result.setdefault(name_key(row.name), []).append(row)
        return result


_REFERENCE = {"child_id": re.compile(r"\bC-?\s*(\d+)\b", re.IGNORECASE),
              "family_id": re.compile(r"\bF-?\s*(\d+)\b", re.IGNORECASE)}


def look_up(f: ImportField, value: object, known: Known) -> tuple[Named | None, str]:
    """(the record named, or None) and the name of a sibling group to make (else "")."""
    text = read_text(value)
    if not text:
        return None, ""
    if f.attr in _REFERENCE:
        m = _REFERENCE[f.attr].search(text)
        if not m and f.attr == "family_id" and known.family_names:
            return _family_by_name(text, known), ""
        prefix, table, noun = (("C", known.children, "child") if f.attr == "child_id"
                               else ("F", known.families, "family"))
        if not m:
            raise CellProblem(f"“{text}” is not a {noun}'s reference (such as {prefix}-00012)")
        found = table.get(f"{prefix}-{int(m.group(1)):05d}")
        if found is None:
            raise CellProblem(f"{prefix}-{int(m.group(1)):05d} is not the reference of a known {noun}")
        return _usable(found, noun), ""
    noun = LOOKUPS[f.attr]
    table = {"agency": known.agencies, "social worker": known.workers, "sibling group": known.groups,
             "reason": known.end_reasons}[noun]
    matches = table.get(name_key(text), [])
    live = [m for m in matches if not m.archived]
    if len(live) == 1 or (len(matches) == 1 and not live):
        return _usable((live or matches)[0], noun), ""
    if len(live) > 1:
        raise CellProblem(f"“{text}” is the name of {len(live)} {noun}s: make the names different first")
    if noun == "sibling group":
        return None, text
    if noun == "reason":
        names = ", ".join(f"“{n.name}”" for ns in table.values() for n in ns if not n.archived)
        raise CellProblem(f"“{text}” is not on the list of reasons (Links > End reasons…): "
                          f"{names}")
    hint = " (add them under Agencies & contacts first)" if noun == "social worker" else \
        f" (known agencies: {', '.join(sorted(n.name for ns in table.values() for n in ns if not n.archived))})"
    raise CellProblem(f"“{text}” is not a known {noun}{hint}")


def _family_by_name(text: str, known: Known) -> Named:
    """A family named rather than referenced (links only): found when one live family has the name."""
    matches = known.family_names.get(name_key(text), [])
    live = [m for m in matches if not m.archived]
    if len(live) > 1:
        raise CellProblem(f"“{text}” is the name of {len(live)} families: use the reference (such as F-00004)")
    if not matches:
        raise CellProblem(f"“{text}” is not a known family's name or reference (such as F-00004)")
    return _usable((live or matches)[0], "family")


def _usable(found: Named, noun: str) -> Named:
    if found.archived:
        raise CellProblem(f"{found.name} is an archived {noun}: restore it first")
    return found


