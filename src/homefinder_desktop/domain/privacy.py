"""What a shared screen or a printout shows when the room does not need everything: first names
only, ages instead of dates of birth, no addresses, and surnames (which the birth family often
shares with the child) reduced to an initial wherever they appear in words."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .formatting import age_text, format_date

SEX_WORDS = {"F": "girl", "M": "boy"}


def first_name_of(full_name: str) -> str:
    """"Jane Example" -> "Jane"; a single word is kept as it is."""
    parts = (full_name or "").split()
    return parts[0] if parts else ""


def family_letter(position: int) -> str:
    """The 1st family in a matrix is "Family A", the 2nd "Family B"…: a neutral name for the room."""
    return f"Family {chr(ord('A') + position)}"


def family_label(family, position: int, private: bool) -> str:
    """A family's column heading: its name, or with privacy on the letter and the adopters' first
    names ("Family B: Sam and Alex")."""
    if not private:
        return family.name
    names = [first_name_of(n) for n in (family.adopter_one, family.adopter_two) if (n or "").strip()]
    return f"{family_letter(position)}: {' and '.join(names)}" if names else family_letter(position)


def child_label(child, private: bool) -> str:
    return child.first_name if private else f"{child.display_name} ({child.reference})" if child.reference \
        else child.display_name


def child_facts(child, on: date, private: bool) -> str:
    """"4 years old, girl"; with privacy off the date of birth too. Never a date of birth in private."""
    sex = SEX_WORDS.get(child.sex, "")
    if child.date_of_birth is None:
        words = "Age not recorded"
    elif private:
        words = f"{age_text(child.date_of_birth, on)} old"
    else:
        words = f"Born {format_date(child.date_of_birth)} ({age_text(child.date_of_birth, on)} old)"
    return f"{words}, {sex}" if sex else words


def surnames_of(children: Iterable, families: Iterable) -> list[str]:
    """The surnames to hide: each child's, and each adopter's (the last word of their name)."""
    found = [c.last_name for c in children]
    for family in families:
        found += [n.split()[-1] for n in (family.adopter_one, family.adopter_two) if len((n or "").split()) > 1]
    return sorted({s.strip() for s in found if len(s.strip()) > 1}, key=len, reverse=True)


def mask_surnames(text: str, surnames: Iterable[str]) -> str:
    """Each surname, as a whole word in any case, becomes its initial ("Example" -> "E."), and so
    does its plural: workers write "the Brooks" as often as "the Brook family"."""
    for surname in surnames:
        # A full stop after the surname is the initial's own: "Ms Brook." is "Ms B.", not "Ms B..".
        text = re.sub(rf"\b{re.escape(surname)}(?:e?s)?\b\.?", surname[0].upper() + ".", text, flags=re.IGNORECASE)
    return text


PLACE_WORDS = "their area"


def places_of(families: Iterable) -> list[str]:
    """Where each family lives, as the records say it (their area): an address the room does not need."""
    return sorted({(f.area or "").strip() for f in families if len((f.area or "").strip()) > 1}, key=len, reverse=True)


def mask_places(text: str, places: Iterable[str]) -> str:
    for place in places:
        text = re.sub(rf"\b{re.escape(place)}\b", PLACE_WORDS, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class Withheld:
    """What privacy takes out of free text for one matrix: the surnames the records know (as
    initials) and the families' areas ("their area")."""

    surnames: tuple[str, ...]
    places: tuple[str, ...]

    def __call__(self, text: str) -> str:
        return mask_places(mask_surnames(text or "", self.surnames), self.places)


def withheld(children: Iterable, families: Iterable) -> Withheld:
    families = list(families)
    return Withheld(tuple(surnames_of(children, families)), tuple(places_of(families)))
