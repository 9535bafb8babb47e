"""Child profiles for a profile evening, an adopter event or the adoption panel: what one page says
about a child (or a sibling group placed together), in words written for adopters, at a privacy
level the worker chooses.

The privacy levels (LEVELS):
- "public" (a public event, such as an adoption-week stall anyone may walk up to): first names
  and ages only; no surname, date of birth, reference or photo (the issue's own example: first
  name only and no photo); no heritage, no history of abuse or neglect, no worker's notes on needs.
- "event" (a profile evening or adopter event for approved adopters): first names and ages; only
  the photos marked "May be shown at public events"; heritage; the history in general words only.
- "panel" (the adoption panel and the professionals deciding): full names, references, dates of
  birth, every photo (as many as the page holds, the rest counted), the kinds of history, and the
  worker's notes on the child's needs.
At "public" and "event" every surname the records know is reduced to its initial in any text a
worker wrote (privacy.withheld), so a personality written as "Ivy Ashworth loves..." prints "Ivy A.".

The words about the child come from the record's profile fields (personality, interests,
family_sought), written for adopters; the worker's Notes are never printed, at any level.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import privacy
from .errors import FieldProblem
from .formatting import age_in_years, age_text, and_list, format_date
from .needs import NONE_CODE, SCALES, level_index

# --- privacy levels -----------------------------------------------------------------------------

PHOTOS_NONE, PHOTOS_PUBLIC, PHOTOS_ALL = "none", "public", "all"


@dataclass(frozen=True)
class PrivacyLevel:
    code: str
    title: str            # "Public event"
    shows: str            # what the copy holds and leaves out, for the cover and every page
    handling: str         # what to do with the copies
    full_names: bool      # surnames, references and dates of birth
    photos: str           # PHOTOS_NONE, PHOTOS_PUBLIC or PHOTOS_ALL
    heritage: bool        # ethnicity, religion, language
    history: str          # "" (left out), "general" (a difficult start) or "kinds" (which kinds)
    needs_notes: bool     # the worker's own words on the child's needs

    def allows(self, photo) -> bool:
        """Whether this level may print `photo` (a domain.photos.ChildPhoto)."""
        return self.photos == PHOTOS_ALL or (self.photos == PHOTOS_PUBLIC and bool(photo.public_ok))


PUBLIC = PrivacyLevel(
    "public", "Public event",
    "First names and ages only: no surnames, dates of birth or photos.",
    "Do not let copies leave the room; collect and shred them after the event.",
    full_names=False, photos=PHOTOS_NONE, heritage=False, history="", needs_notes=False)
EVENT = PrivacyLevel(
    "event", "Profile evening",
    "First names and ages, and only the photos cleared for public events: no surnames or dates of birth.",
    "For approved adopters at this event only: collect every copy at the end and shred them.",
    full_names=False, photos=PHOTOS_PUBLIC, heritage=True, history="general", needs_notes=False)
PANEL = PrivacyLevel(
    "panel", "Adoption panel",
    "Full details: names, dates of birth, references and every photo.",
    "For the panel's members and advisers only: keep locked away and shred after the panel.",
    full_names=True, photos=PHOTOS_ALL, heritage=True, history="kinds", needs_notes=True)
LEVELS = {level.code: level for level in (PUBLIC, EVENT, PANEL)}
MAX_EVENT_TITLE = 80


def booklet_problems(level: str, event_title: str, event_date) -> list[FieldProblem]:
    """What is wrong with the worker's choices for a booklet, naming each field."""
    problems = []
    if level not in LEVELS:
        problems.append(FieldProblem("Privacy level", "must be one of: "
                                     + ", ".join(lv.title for lv in LEVELS.values())))
    if not (event_title or "").strip():
        problems.append(FieldProblem("Event", "is required: the booklet says which event it was printed for"))
    elif any(ch in event_title for ch in "\r\n\t"):
        problems.append(FieldProblem("Event", "must be one line"))
    elif len(event_title.strip()) > MAX_EVENT_TITLE:
        problems.append(FieldProblem("Event", f"is too long ({len(event_title.strip())} characters): "
                                              f"at most {MAX_EVENT_TITLE}"))
    if not isinstance(event_date, date):
        problems.append(FieldProblem("Date of the event", "is required"))
    return problems


# --- the worker's words for adopters, from the record's profile fields --------------------------

PROFILE_FIELDS = ("personality", "interests", "family_sought")
MAX_WORDS_CHARS = 700  # one page holds this much of each; longer text is cut at a word, with "…"


def profile_text(child) -> dict[str, str]:
    """{"personality": ..., "interests": ..., "family_sought": ...}: the child's profile fields,
    on one line each and cut to what a page holds; nothing else of the record."""
    return {field: shorten(getattr(child, field, "") or "") for field in PROFILE_FIELDS}


def shorten(text: str, limit: int = MAX_WORDS_CHARS) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"


# --- needs, in words for adopters ------------------------------------------------------------

STILL_ASSESSED = "Still being assessed"
AREAS = {"health": "Health", "disability": "Disability", "development": "Development",
         "drugs_alcohol": "Before birth", "education": "Learning", "abuse": "Early life",
         "contact": "Contact with birth family"}
ADOPTER_WORDS: dict[str, dict[str, str]] = {
    "health": {"none": "No health needs known", "minor": "Minor health needs",
               "ongoing": "Ongoing health needs, with regular check-ups or treatment",
               "complex": "Complex health needs, with specialist care"},
    "disability": {"none": "No disability", "mild": "A mild disability", "moderate": "A moderate disability",
                   "severe": "A severe disability, needing care and help every day"},
    "development": {"none": "Developing as expected, as far as is known",
                    "some": "Some uncertainty about how they will develop",
                    "significant": "Real uncertainty about how they will develop: too early to say"},
    "drugs_alcohol": {"none": "No known exposure to drugs or alcohol",
                      "suspected": "May have been exposed to drugs or alcohol before birth",
                      "confirmed": "Was exposed to drugs or alcohol before birth"},
    "education": {"none": "No extra help needed with learning", "support": "Has extra help with learning",
                  "ehcp": "Has a plan for extra help with learning (an education, health and care plan)"},
}
HISTORY_WORDS = {"neglect": "neglect", "physical": "physical harm", "emotional": "emotional harm",
                 "sexual": "sexual harm", "domestic": "domestic abuse at home"}
GENERAL_HISTORY = "A difficult start in life; more is shared with families who enquire"
CONTACT_WORDS = {"letterbox": "letterbox contact (letters) with the birth family",
                 "siblings": "meeting brothers or sisters who live elsewhere",
                 "birth_parents": "meeting birth parents", "relatives": "meeting other relatives"}


def _scale_words(scale: str, code: str) -> str:
    return ADOPTER_WORDS[scale].get(code, STILL_ASSESSED)


def _history_words(codes: tuple[str, ...], level: PrivacyLevel) -> str:
    if not codes:
        return STILL_ASSESSED
    if NONE_CODE in codes:
        return "No abuse or neglect known"
    if level.history == "general":
        return GENERAL_HISTORY
    return "Experienced " + and_list(words for code, words in HISTORY_WORDS.items() if code in codes)


def _contact_words(codes: tuple[str, ...]) -> str:
    if not codes:
        return "Still being planned"
    if NONE_CODE in codes:
        return "No contact planned"
    words = and_list(words for code, words in CONTACT_WORDS.items() if code in codes)
    return words[:1].upper() + words[1:]


def child_needs(child, level: PrivacyLevel) -> list[tuple[str, str]]:
    """(area, words) for one child: every scale (STILL_ASSESSED where nothing is recorded, never
    "none"), the history as the level allows, and the contact plan."""
    rows = [(AREAS[scale], _scale_words(scale, getattr(child, scale))) for scale in SCALES]
    if level.history:
        rows.append((AREAS["abuse"], _history_words(tuple(child.abuse), level)))
    rows.append((AREAS["contact"], _contact_words(tuple(child.contact))))
    return rows


def _lower_first(words: str) -> str:
    """"No disability" as it reads after "Ivy: "."""
    return words[:1].lower() + words[1:]


def _together(count: int) -> str:
    return "Both" if count == 2 else "All " + number_words(count)


def group_needs_words(children: list, level: PrivacyLevel, first_names: list[str]) -> list[tuple[str, str]]:
    """(area, words) for brothers and sisters on one page: "All three: ..." where they share the
    words, else each child's by first name."""
    each = [child_needs(child, level) for child in children]
    rows = []
    for n, (area, _words) in enumerate(each[0]):
        words = [rows_of[n][1] for rows_of in each]
        if len(set(words)) == 1:
            rows.append((area, f"{_together(len(children))}: {_lower_first(words[0])}"))
        else:  # a line each
            rows.append((area, "\n".join(f"{name}: {_lower_first(w)}" for name, w in zip(first_names, words))))
    return rows


# --- the family sought --------------------------------------------------------------------------

SCHOOL_AGE = 5


def highest(children: list, scale: str) -> str:
    """The greatest need any of the children has on `scale` ("" if none has it recorded)."""
    known = [getattr(c, scale) for c in children if level_index(scale, getattr(c, scale)) >= 0]
    return max(known, key=lambda code: level_index(scale, code)) if known else ""


def family_sought(children: list, level: PrivacyLevel, on: date) -> list[str]:
    """What the family must offer, worked out from the children's needs (all of them for a
    group): each a phrase to follow "A family who:"."""
    wants = []
    if len(children) > 1:
        wants.append(f"can welcome {number_words(len(children))} children at once, and keep them together")
    ages = [age_in_years(c.date_of_birth, on) for c in children if c.date_of_birth]
    if ages and max(ages) >= SCHOOL_AGE:
        wants.append("would welcome a child of school age" if len(children) == 1
                     else "would welcome children of school age")
    health, disability = highest(children, "health"), highest(children, "disability")
    if health == "ongoing":
        wants.append("can manage regular health appointments and treatment")
    elif health == "complex":
        wants.append("can learn to give specialist health care, with training and support")
    if disability == "moderate":
        wants.append("is open to caring for a child with a disability")
    elif disability == "severe":
        wants.append("can care for a child with a severe disability, in a home that is or can be adapted")
    if highest(children, "development") in ("some", "significant"):
        wants.append("is comfortable not yet knowing how development will unfold")
    if highest(children, "drugs_alcohol") in ("suspected", "confirmed"):
        wants.append("understands how drugs or alcohol before birth can affect a child")
    if highest(children, "education") in ("support", "ehcp"):
        wants.append("will work closely with nursery or school")
    history = {code for c in children for code in c.abuse} - {NONE_CODE}
    if history and level.history:
        wants.append("can offer patient, nurturing parenting after a difficult start")
    contact = {code for c in children for code in c.contact} - {NONE_CODE}
    if contact:
        wants.append("will support " + and_list(w for code, w in CONTACT_WORDS.items() if code in contact))
    return wants


# --- the profile -------------------------------------------------------------------------------

MAX_PHOTOS_ALONE = 5      # a child's page: one large photo and up to four small ones
MAX_PHOTOS_IN_GROUP = 1   # a group's page: one photo of each child
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def number_words(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def photos_to_print(in_group: bool) -> int:
    return MAX_PHOTOS_IN_GROUP if in_group else MAX_PHOTOS_ALONE


@dataclass(frozen=True)
class ProfilePhoto:
    image: bytes        # as stored; the report checks it is an image before printing it
    caption: str


@dataclass(frozen=True)
class ChildProfile:
    """One child as the level allows."""
    first_name: str
    name: str             # "Ivy", or at the panel "Ivy Ashworth (C-00001)"
    facts: str            # "4 years old, girl", or at the panel "Born 01/03/2022 (4 years old), girl"
    personality: str
    interests: str
    heritage: str
    photos: tuple[ProfilePhoto, ...]
    more_photos: int      # photos this level allows that the page has no room for


@dataclass(frozen=True)
class Profile:
    """One page of the booklet: a child, or brothers and sisters to be placed together."""
    title: str
    subtitle: str
    children: tuple[ChildProfile, ...]
    needs: tuple[tuple[str, str], ...]
    needs_notes: str
    family_intro: str
    family_wants: tuple[str, ...]
    contents_name: str
    contents_facts: str
    gaps: tuple[str, ...]  # what is missing, for the worker to put right before the event

    @property
    def is_group(self) -> bool:
        return len(self.children) > 1


def siblings_words(children: list) -> str:
    """"two sisters", "a brother and sister", "three brothers and sisters"."""
    sexes = {c.sex for c in children}
    n = len(children)
    if sexes == {"F"}:
        return f"{number_words(n)} sisters"
    if sexes == {"M"}:
        return f"{number_words(n)} brothers"
    return "a brother and sister" if n == 2 else f"{number_words(n)} brothers and sisters"


def _heritage(child) -> str:
    """"Heritage: White British. Religion: Christian. Language: English." ("Not known" left out)."""
    parts = [f"{label}: {value.strip()}." for label, value in
             (("Heritage", child.ethnicity), ("Religion", child.religion), ("Language", child.language))
             if (value or "").strip() and value.strip().lower() not in ("not known", "not recorded")]
    return " ".join(parts)


def child_profile(child, level: PrivacyLevel, on: date, photos: list, allowed_count: int,
                  say) -> ChildProfile:
    """`photos` are (ChildPhoto, bytes) already chosen for the level, in order; `allowed_count`
    how many the level allows in all; `say` masks free text as the level requires."""
    words = profile_text(child)
    private = not level.full_names
    return ChildProfile(
        first_name=child.first_name,
        name=privacy.child_label(child, private),
        facts=privacy.child_facts(child, on, private),
        personality=say(words["personality"]), interests=say(words["interests"]),
        heritage=_heritage(child) if level.heritage else "",
        photos=tuple(ProfilePhoto(image, say(photo.caption)) for photo, image in photos),
        more_photos=max(0, allowed_count - len(photos)))


def _ages_text(children: list, on: date) -> str:
    """"aged 2 to 5 years", "aged 11 months to 3 years" (youngest to eldest), "aged 2 years" when alike."""
    born = sorted(c.date_of_birth for c in children if c.date_of_birth)
    if not born:
        return ""
    eldest, youngest = age_text(born[0], on), age_text(born[-1], on)
    if eldest == youngest:
        return f"aged {eldest}"
    if youngest.endswith(" years"):  # "aged 2 to 5 years"
        youngest = youngest.removesuffix(" years")
    return f"aged {youngest} to {eldest}"


def profile(children: list, level: PrivacyLevel, on: date, photos: dict, photo_counts: dict,
            group=None) -> Profile:
    """The page for `children` (one child, or a sibling group's children, eldest first) at
    `level`, with ages on `on` (the day of the event). `photos` maps a child's id to the
    (ChildPhoto, bytes) to print, `photo_counts` to how many photos the level allows in all."""
    children = sorted(children, key=lambda c: (c.date_of_birth or on, c.id or 0))
    say = privacy.withheld(children, []) if not level.full_names else (lambda text: (text or "").strip())
    kids = tuple(child_profile(c, level, on, photos.get(c.id, []), photo_counts.get(c.id, 0), say)
                 for c in children)
    first_names = [c.first_name for c in children]
    worker_words = [say(profile_text(c)["family_sought"]) for c in children]
    written = " ".join(w for w in dict.fromkeys(worker_words) if w)
    if len(children) == 1:
        (kid,) = kids
        title, subtitle = kid.name, kid.facts
        needs = child_needs(children[0], level)
        contents_name, contents_facts = kid.name, kid.facts
    else:
        names = and_list(first_names)
        title = f"{group.name}: {names}" if level.full_names and group is not None else names
        together = siblings_words(children)
        subtitle = f"{together[0].upper()}{together[1:]} to be placed together"
        needs = group_needs_words(children, level, first_names)
        contents_name = title
        contents_facts = f"{together}, {_ages_text(children, on)}".rstrip(", ")
    intro = written or f"A loving, permanent family for {and_list(first_names)}" \
        + (", together." if len(children) > 1 else ".")
    notes = " ".join(c.needs_notes.strip() for c in children if c.needs_notes.strip()) if level.needs_notes else ""
    return Profile(
        title=title, subtitle=subtitle, children=kids, needs=tuple(needs),
        needs_notes=shorten(say(notes)), family_intro=intro,
        family_wants=tuple(family_sought(children, level, on)),
        contents_name=contents_name, contents_facts=contents_facts,
        gaps=tuple(_gaps(kids, level)))


def _gaps(kids: tuple[ChildProfile, ...], level: PrivacyLevel) -> list[str]:
    """"Ivy: no words on personality or interests; no photo cleared for public events"."""
    gaps = []
    for kid in kids:
        parts = []
        unwritten = [what for what, value in (("personality", kid.personality), ("interests", kid.interests))
                     if not value]
        if unwritten:
            parts.append("no words on " + " or ".join(unwritten))
        if level.photos != PHOTOS_NONE and not kid.photos:
            parts.append("no photo cleared for public events" if level.photos == PHOTOS_PUBLIC else "no photo")
        if parts:
            gaps.append(f"{kid.first_name}: {'; '.join(parts)}")
    return gaps


@dataclass(frozen=True)
class Booklet:
    """Everything a booklet prints, in its order."""
    event_title: str
    event_date: date
    level: PrivacyLevel
    profiles: tuple[Profile, ...]

    @property
    def children_count(self) -> int:
        return sum(len(p.children) for p in self.profiles)

    @property
    def heading(self) -> str:
        """"Autumn profile evening, 27/11/2026": what every page says it was printed for."""
        return f"{self.event_title.strip()}, {format_date(self.event_date)}"

    def summary(self) -> str:
        """"12 profiles: 15 children, 3 of them in sibling groups"."""
        groups = [p for p in self.profiles if p.is_group]
        n, kids = len(self.profiles), self.children_count
        words = f"{n} profile{'' if n == 1 else 's'}: {kids} child{'' if kids == 1 else 'ren'}"
        if groups:
            grouped = sum(len(p.children) for p in groups)
            words += (f", {grouped} of them in {len(groups)} sibling group{'' if len(groups) == 1 else 's'}"
                      " placed together")
        return words
