"""The matching matrix: families side by side against a child's (or sibling group's) needs.

The program prefills what the records already say and names each hard mismatch in words; the
worker rates each cell; a summary per family explains. Nothing here chooses a family: the child's
social worker and their manager decide, and the decision is recorded with who, which, why and when.

"Not recorded" ("" / None / ()) is never a fit and never a mismatch: it is "not known — ask".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from datetime import date
from typing import ClassVar

from .errors import FieldProblem, HomefinderError, ValidationError
from .formatting import age_in_years, and_list, format_date
from .links import DEFAULT_END_REASONS, Link
from .needs import (ABUSE_KINDS, CONTACT_KINDS, NONE_CODE, NOT_RECORDED, OFFER_FIELD, SCALES, level_index,
                    offer_levels)
from .records import CHILD_STAGES, FAMILY_STAGES, Child

# --- the criteria catalogue --------------------------------------------------------------------

# What the records can say about an area. Each rule is a group of checks (see `checks`); a
# catalogue attaches each rule to exactly one criterion, so no mismatch the records show can
# go without a row.
PREFILL_RULES = {
    "wishes": "Age, sex and a sibling group against the family's stated range",
    "identity": "Ethnicity, religion and language, side by side",
    "health": "Health needs, disability and developmental uncertainty against what the family can meet",
    "education": "Education needs against what the family can meet",
    "history": "Exposure to drugs or alcohol and abuse or neglect against what the family can accept",
    "contact": "The contact plan against the contact the family can support",
}


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    question_for_child: str
    question_for_family: str
    prefill_rule: str | None = None  # a key of PREFILL_RULES, or None when only people can judge


@dataclass(frozen=True)
class Catalogue:
    """One version of the areas a matrix asks about. A matrix keeps the version it was held under,
    so an old matrix still reads as it did when the catalogue changes."""

    version: int
    effective_from: date
    criteria: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.criteria]


def _c(code, title, child, family, rule=None) -> Criterion:
    return Criterion(code, title, child, family, rule)


DEFAULT_CATALOGUE = Catalogue(1, date(2013, 5, 1), (
    # Not one of the council's named areas, but the family's stated range is where most hard
    # mismatches are: it gets its own row at the top.
    _c("wishes", "Age, sex and brothers or sisters",
       "How old is the child, and are they placed with brothers or sisters?",
       "What ages, sex and number of children do the family hope for?", "wishes"),
    _c("appearance", "Physical appearance",
       "What does the child look like, and who do they resemble?",
       "How would the child fit in with the family's looks, and does it matter to them?"),
    _c("identity_culture", "Ethnicity, culture, religion and language",
       "What are the child's ethnicity, culture, religion and language?",
       "How would the family reflect and promote the child's heritage?", "identity"),
    _c("health", "Health, disability and genetic factors",
       "What are the child's health needs, disability, and any inherited risks?",
       "What health needs and disability can the family meet, and what support do they have?", "health"),
    _c("education", "Education",
       "What does the child need at nursery or school?",
       "How would the family support the child's learning, and work with schools?", "education"),
    _c("emotional", "Emotional, behavioural and therapeutic needs",
       "What emotional or behavioural needs does the child have, and what therapy?",
       "What experience do the family have, and will they take part in therapy?"),
    _c("preparation", "Preparation (life-story work)",
       "How far has the child's life-story work gone?",
       "How would the family continue the child's life story?"),
    _c("identity", "Identity",
       "What does the child need to build a sense of who they are?",
       "How would the family help the child understand their identity and adoption?"),
    _c("family_history", "Family history (drugs, alcohol, mental illness, abuse)",
       "What is known of the birth family's history and the child's experiences?",
       "What histories can the family accept and manage, now and as the child grows?", "history"),
    _c("attachment", "Attachment history and capacity for new attachments",
       "What attachments has the child had, and how do they make new ones?",
       "How would the family help the child form a secure attachment?"),
    _c("current_carers", "Help from current carers",
       "What help can the child's current carers give with the move?",
       "How would the family work with the current carers?"),
    _c("contact", "Contact with birth family",
       "What contact with the birth family is planned?",
       "What contact can the family support, and how?", "contact"),
    _c("personality", "Personality, talents and interests",
       "What is the child like, and what do they enjoy?",
       "How would the family nurture the child's personality, talents and interests?"),
    _c("accommodation", "Accommodation and locality",
       "What does the child need of a home and where it is (space, schools, distance from birth family)?",
       "What are the family's home and area like?"),
    _c("childs_views", "The child's own views",
       "What has the child said about a new family?",
       "How would the family take the child's wishes into account?"),
))


def catalogue_problems(new: Catalogue, previous: Catalogue | None, today: date) -> list[FieldProblem]:
    """What is wrong with a proposed new version of the catalogue.

    Editing never rewrites history: a change is a new version (the next number), taking effect
    today or later, and the old version stays for the matrices held under it. Areas may be
    retired or added; each prefill rule still has exactly one row, so no mismatch goes unseen.
    """
    p: list[FieldProblem] = []
    if not new.criteria:
        p.append(FieldProblem("Areas", "must include at least one area"))
    expected = 1 if previous is None else previous.version + 1
    if new.version != expected:
        p.append(FieldProblem("Version", f"must be {expected}: a change is always the next version"))
    if new.effective_from is None:
        p.append(FieldProblem("Takes effect from", "is required"))
    elif new.effective_from < today:
        p.append(FieldProblem("Takes effect from", "is in the past: a new version cannot change matrices "
                                                   "already held"))
    elif previous is not None and new.effective_from < previous.effective_from:
        p.append(FieldProblem("Takes effect from",
                              f"is before version {previous.version} took effect ({format_date(previous.effective_from)})"))
    seen: set[str] = set()
    for n, criterion in enumerate(new.criteria, 1):
        code = (criterion.code or "").strip()
        if not code:
            p.append(FieldProblem(f"Area {n}", "needs a code"))
        elif code in seen:
            p.append(FieldProblem(f"Area {n}", f"uses the code “{code}” twice: each area needs its own"))
        seen.add(code)
        for label, text in (("a title", criterion.title), ("a question about the child", criterion.question_for_child),
                            ("a question for the family", criterion.question_for_family)):
            if not (text or "").strip():
                p.append(FieldProblem(f"Area {n}", f"needs {label}"))
        if criterion.prefill_rule is not None and criterion.prefill_rule not in PREFILL_RULES:
            p.append(FieldProblem(f"Area {n}", f"has an unknown prefill rule “{criterion.prefill_rule}”"))
    rules = [c.prefill_rule for c in new.criteria if c.prefill_rule]
    for rule, words in PREFILL_RULES.items():
        if rules.count(rule) != 1:
            now = "none has it" if rule not in rules else "more than one has it"
            p.append(FieldProblem("Areas", f"need exactly one area for what the records say about: {words} "
                                           f"({now})"))
    return p


def check_catalogue(new: Catalogue, previous: Catalogue | None, today: date) -> None:
    problems = catalogue_problems(new, previous, today)
    if problems:
        raise ValidationError(problems)


def catalogue_in_force(versions: Iterable[Catalogue], on: date) -> Catalogue:
    """The version a matrix held on `on` uses: the latest to have taken effect by then."""
    in_force = [c for c in versions if c.effective_from <= on]
    if not in_force:
        raise KeyError(f"no catalogue in force on {format_date(on)}")
    return max(in_force, key=lambda c: (c.effective_from, c.version))


def catalogue_changes(old: Catalogue, new: Catalogue) -> list[str]:
    """A new version's changes in words, for its history."""
    old_by, new_by = {c.code: c for c in old.criteria}, {c.code: c for c in new.criteria}
    out = [f"Added: {c.title}" for code, c in new_by.items() if code not in old_by]
    out += [f"Retired: {c.title}" for code, c in old_by.items() if code not in new_by]
    out += [f"Changed: {old_by[code].title}" + (f" (now “{c.title}”)" if c.title != old_by[code].title else "")
            for code, c in new_by.items() if code in old_by and c != old_by[code]]
    if [c for c in old.codes if c in new_by] != [c for c in new.codes if c in old_by]:
        out.append("Areas put in a new order")
    return out


def catalogue_note(old: Catalogue, new: Catalogue) -> str:
    """A new version's note: its changes in one line."""
    return "; ".join(catalogue_changes(old, new)) or "No change to the areas"


# --- the child's side: one child, or a sibling group as one unit -------------------------------

@dataclass(frozen=True)
class NeedsProfile:
    """What a family must meet: for a sibling group, every child's age and sex, the most need on
    each scale, and every kind of history and contact any child has."""

    dates_of_birth: tuple[date | None, ...]
    sexes: tuple[str, ...]
    levels: Mapping[str, str]          # scale -> the highest recorded level ("" if none recorded)
    unrecorded: Mapping[str, int]      # scale, "abuse", "contact" -> how many children lack it
    abuse: frozenset[str]              # kinds, without "none"
    contact: frozenset[str]
    ethnicity: tuple[str, ...]
    religion: tuple[str, ...]
    language: tuple[str, ...]
    child_ids: tuple[int, ...] = ()
    sibling_group_id: int | None = None

    @property
    def size(self) -> int:
        return len(self.sexes)


def needs_profile(children: Sequence[Child], sibling_group_id: int | None = None) -> NeedsProfile:
    """The profile of one child or of a sibling group to be placed together."""
    if not children:
        raise ValueError("a profile needs at least one child")
    levels, unrecorded = {}, {}
    for scale, (_label, codes) in SCALES.items():
        known = [getattr(c, scale) for c in children if getattr(c, scale) in codes]
        levels[scale] = max(known, key=lambda code: level_index(scale, code)) if known else ""
        unrecorded[scale] = len(children) - len(known)
    kinds = {}
    for attr in ("abuse", "contact"):
        unrecorded[attr] = sum(1 for c in children if not getattr(c, attr))
        kinds[attr] = frozenset(code for c in children for code in getattr(c, attr) if code != NONE_CODE)

    def distinct(attr):
        return tuple(dict.fromkeys(getattr(c, attr).strip() for c in children if getattr(c, attr).strip()))

    return NeedsProfile(
        dates_of_birth=tuple(c.date_of_birth for c in children), sexes=tuple(c.sex for c in children),
        levels=levels, unrecorded=unrecorded, abuse=kinds["abuse"], contact=kinds["contact"],
        ethnicity=distinct("ethnicity"), religion=distinct("religion"), language=distinct("language"),
        child_ids=tuple(c.id for c in children if c.id is not None),
        sibling_group_id=sibling_group_id if sibling_group_id is not None else (
            children[0].sibling_group_id if len(children) > 1 else None))


def as_profile(child_or_profile) -> NeedsProfile:
    if isinstance(child_or_profile, NeedsProfile):
        return child_or_profile
    if isinstance(child_or_profile, Child):
        return needs_profile([child_or_profile])
    return needs_profile(list(child_or_profile))


# --- what the records say: checks ---------------------------------------------------------------

FIT, MISMATCH, UNKNOWN, SHOWN = "fit", "mismatch", "unknown", "shown"
ASK_FAMILY = "not recorded for the family: ask them"
ASK_CHILD = "not recorded for the child: ask the child's social worker"


@dataclass(frozen=True)
class Check:
    rule: str      # a key of PREFILL_RULES
    topic: str     # "Age", "Disability", ... (what a shortlist names when it removes a family)
    outcome: str   # FIT, MISMATCH, UNKNOWN, or SHOWN (side by side, for people to judge)
    why: str


def _lower(words: str) -> str:
    """Lower-case the first letter, but keep initialisms ("EHC plan")."""
    return words if words[1:2].isupper() else words[:1].lower() + words[1:]


def _ages_check(p: NeedsProfile, family, today: date) -> Check:
    low, high = family.age_min, family.age_max
    ages = [age_in_years(born, today) if born else None for born in p.dates_of_birth]
    known = [a for a in ages if a is not None]
    who = "Child is" if p.size == 1 else "The children are"
    child_words = f"{who} {and_list(known)}" if known else ""
    wanted = (f"the family want children aged {low} to {high}" if low is not None and high is not None
              else f"the family want children aged {low} or older" if low is not None
              else f"the family want children up to {high}" if high is not None else "")
    outside = [a for a in known if (low is not None and a < low) or (high is not None and a > high)]
    if outside:
        return Check("wishes", "Age", MISMATCH, f"{child_words}; {wanted}")
    if len(known) < len(ages):
        return Check("wishes", "Age", UNKNOWN, f"Age: date of birth {ASK_CHILD}")
    if low is None or high is None:
        missing = "age range" if low is None and high is None else "youngest age" if low is None else "oldest age"
        return Check("wishes", "Age", UNKNOWN, f"{child_words}; the family's {missing} is {ASK_FAMILY}")
    return Check("wishes", "Age", FIT, f"{child_words}; {wanted}")


_SEX_WORDS = {"F": ("a girl", "girls"), "M": ("a boy", "boys")}


def _sex_check(p: NeedsProfile, family) -> Check:
    wanted = family.sexes_wanted
    if not wanted:
        return Check("wishes", "Sex", UNKNOWN, f"Boys or girls: {ASK_FAMILY}")
    if wanted == "either":
        return Check("wishes", "Sex", FIT, "Boys or girls: the family would welcome either")
    others = [s for s in p.sexes if s in _SEX_WORDS and s != wanted]
    if others:
        child = "the child is" if p.size == 1 else "the group includes"
        return Check("wishes", "Sex", MISMATCH,
                     f"Sex: {child} {_SEX_WORDS[others[0]][0]}; the family hope for {_SEX_WORDS[wanted][1]}")
    if any(s not in _SEX_WORDS for s in p.sexes):
        return Check("wishes", "Sex", UNKNOWN, f"Sex: {ASK_CHILD}")
    return Check("wishes", "Sex", FIT, f"Sex: the family hope for {_SEX_WORDS[wanted][1]}")


def _siblings_check(p: NeedsProfile, family) -> Check:
    most = family.max_children
    if p.size == 1:
        # Every family offers a home to one child: "how many" only matters for a group.
        return Check("wishes", "Siblings", FIT, "A single child, not a sibling group")
    group = f"A sibling group of {p.size}, to be placed together"
    if family.siblings_ok == "no":
        return Check("wishes", "Siblings", MISMATCH, f"{group}; the family have said they would not take a sibling group")
    if most is not None and most < p.size:
        return Check("wishes", "Siblings", MISMATCH, f"{group}; the family can take up to {most} children")
    if family.siblings_ok != "yes":
        return Check("wishes", "Siblings", UNKNOWN, f"{group}; whether the family would take a sibling group is {ASK_FAMILY}")
    if most is None:
        return Check("wishes", "Siblings", UNKNOWN, f"{group}; how many children the family could take is {ASK_FAMILY}")
    return Check("wishes", "Siblings", FIT, f"{group}; the family would take a sibling group of up to {most}")


_SCALE_RULE = {"health": "health", "disability": "health", "development": "health",
               "education": "education", "drugs_alcohol": "history"}
_SCALE_VERB = {"development": "accept", "drugs_alcohol": "accept"}


def _scale_check(p: NeedsProfile, family, scale: str) -> Check:
    label, levels = SCALES[scale]
    rule, verb = _SCALE_RULE[scale], _SCALE_VERB.get(scale, "meet")
    child_code, offer_code = p.levels[scale], getattr(family, OFFER_FIELD[scale])
    missing = p.unrecorded[scale]
    if not child_code:
        return Check(rule, label, UNKNOWN, f"{label}: {ASK_CHILD}")
    child_words = _lower(levels[child_code])
    if p.size > 1:
        child_words = f"{child_words} at most" if not missing else f"{child_words} at most ({missing} of {p.size} not recorded)"
    head = f"{label} — child: {child_words}" if p.size == 1 else f"{label} — children: {child_words}"
    if offer_code not in levels:
        return Check(rule, label, UNKNOWN, f"{head}; {ASK_FAMILY}")
    offer_words = _lower(offer_levels(scale)[offer_code])
    family_words = f"the family can {verb} up to {offer_words}"
    if level_index(scale, child_code) > level_index(scale, offer_code):
        return Check(rule, label, MISMATCH, f"{head}; {family_words}")
    if missing:
        return Check(rule, label, UNKNOWN, f"{head}; {family_words}; ask about the rest")
    return Check(rule, label, FIT, f"{head}; {family_words}")


def _set_check(p: NeedsProfile, family, attr: str) -> Check:
    if attr == "abuse":
        rule, topic, kinds, offered, vocab = "history", "Abuse or neglect", p.abuse, family.abuse_ok, ABUSE_KINDS
        cannot = "which the family have not said they could manage"
        nothing = "Abuse or neglect: none known in the child's history"
    else:
        rule, topic, kinds, offered, vocab = "contact", "Contact", p.contact, family.contact_ok, CONTACT_KINDS
        cannot = "which the family have not said they can support"
        nothing = "Contact: no contact with the birth family is planned"
    missing = p.unrecorded[attr]
    if not kinds:
        if missing:
            return Check(rule, topic, UNKNOWN, f"{topic}: {ASK_CHILD}")
        return Check(rule, topic, FIT, nothing)
    plan = "the child's plan includes" if attr == "contact" else "the child's history includes"
    if p.size > 1:
        plan = plan.replace("the child's", "the children's")
    if not offered:
        return Check(rule, topic, UNKNOWN, f"{topic}: {plan} {_kinds_words(kinds, vocab)}; {ASK_FAMILY}")
    beyond = kinds - set(offered)
    if beyond:
        return Check(rule, topic, MISMATCH, f"{topic}: {plan} {_kinds_words(beyond, vocab)}, {cannot}")
    tail = "; ask about the rest" if missing else ""
    outcome = UNKNOWN if missing else FIT
    can = "could manage" if attr == "abuse" else "can support"
    return Check(rule, topic, outcome, f"{topic}: {plan} {_kinds_words(kinds, vocab)}, which the family {can}{tail}")


# The contact kinds as they read inside a sentence (the form's words are for a list of ticks).
_CONTACT_PHRASES = {"letterbox": "letterbox (indirect) contact",
                    "siblings": "direct contact with brothers or sisters",
                    "birth_parents": "direct contact with birth parents",
                    "relatives": "direct contact with other relatives"}


def _kinds_words(kinds, vocab: dict[str, str]) -> str:
    phrases = _CONTACT_PHRASES if vocab is CONTACT_KINDS else {}
    return and_list([phrases.get(code) or _lower(words) for code, words in vocab.items() if code in kinds])


def _side_by_side(p: NeedsProfile, family) -> list[Check]:
    # Never a hard mismatch: a family of another heritage may meet a child's identity needs well,
    # and one of the same may not. The records are shown side by side; the people judge.
    out = []
    for attr, label in (("ethnicity", "Ethnicity"), ("religion", "Religion"), ("language", "Language")):
        child = "; ".join(getattr(p, attr)) or NOT_RECORDED
        fam = (getattr(family, attr) or "").strip() or NOT_RECORDED
        out.append(Check("identity", label, SHOWN, f"{label} — child: {child}; family: {fam}"))
    return out


_SCALES_CHECKED = ("health", "disability", "development", "education", "drugs_alcohol")

# Each check of fit with the family fields it reads. A check's answer depends on nothing else (the
# child's side is fixed for one shortlist), so a shortlist of 30,000 families works out each
# distinct answer once (see `fit_checks`' memo) rather than once per family.
FIT_CHECKS: tuple = (
    (("age_min", "age_max"), _ages_check),
    (("sexes_wanted",), lambda p, family, _today: _sex_check(p, family)),
    (("siblings_ok", "max_children"), lambda p, family, _today: _siblings_check(p, family)),
    *(((OFFER_FIELD[scale],), lambda p, family, _today, scale=scale: _scale_check(p, family, scale))
      for scale in _SCALES_CHECKED),
    (("abuse_ok",), lambda p, family, _today: _set_check(p, family, "abuse")),
    (("contact_ok",), lambda p, family, _today: _set_check(p, family, "contact")),
)


def fit_checks(p: NeedsProfile, family, today: date, memo: dict | None = None) -> list[Check]:
    """The checks that can fit or not: the family's stated range, then what they can meet. `memo`:
    one dict shared across the families of one shortlist (same child, same day)."""
    if memo is None:
        return [check(p, family, today) for _fields, check in FIT_CHECKS]
    out = []
    for n, (fields, check) in enumerate(FIT_CHECKS):
        key = (n, _FIELD_GETTERS[n](family))
        found = memo.get(key)
        if found is None:
            found = memo[key] = check(p, family, today)
        out.append(found)
    return out


_FIELD_GETTERS = tuple(attrgetter(*fields) for fields, _check in FIT_CHECKS)


def checks(child_or_profile, family, today: date, fit: list[Check] | None = None) -> list[Check]:
    """Everything the records say about this family for this child (or group), in catalogue order.
    `fit`: this family's fit_checks, when already worked out."""
    p = as_profile(child_or_profile)
    fit = fit if fit is not None else fit_checks(p, family, today)
    return fit[:3] + _side_by_side(p, family) + fit[3:]


# --- prefill ------------------------------------------------------------------------------------

RATINGS = {"strength": "Strength", "meets": "Meets the need", "partly": "Partly meets", "concern": "Concern"}
UNRATED = ""
# For narrow cells, a projector and black-and-white print: a short word and a plain-text mark,
# so a rating never relies on colour (the fonts of a PDF have no ticks or stars).
RATING_SHORT = {"strength": "Strength", "meets": "Meets", "partly": "Partly", "concern": "Concern"}
RATING_MARKS = {"strength": "++", "meets": "+", "partly": "+/-", "concern": "!"}


@dataclass(frozen=True)
class Prefill:
    """What the records suggest for one cell. A suggestion only: the worker rates the cell."""

    suggested: str | None          # a key of RATINGS, or None when the records cannot say
    hard_mismatch: bool
    why: tuple[str, ...]           # every check's sentence, in order
    unknowns: int = 0              # how many things are not recorded (to ask)
    mismatches: tuple[str, ...] = ()   # the sentences of the hard mismatches alone


def prefill_from(found: Sequence[Check]) -> Prefill:
    """A hard mismatch suggests a concern; anything not recorded leaves it to the worker (an
    unknown is never a fit); only when every check fits do the records suggest "meets"."""
    hard = any(c.outcome == MISMATCH for c in found)
    unknowns = sum(1 for c in found if c.outcome == UNKNOWN)
    if hard:
        suggested = "concern"
    elif unknowns or not any(c.outcome == FIT for c in found):
        suggested = None
    else:
        suggested = "meets"
    return Prefill(suggested, hard, tuple(c.why for c in found), unknowns,
                   tuple(c.why for c in found if c.outcome == MISMATCH))


def prefill(child_or_profile, family, today: date, catalogue: Catalogue = DEFAULT_CATALOGUE) -> dict[str, Prefill]:
    """criterion code -> Prefill, for the criteria with a prefill rule (the others are for the
    people to judge and have no entry)."""
    found = checks(child_or_profile, family, today)
    return {c.code: prefill_from([k for k in found if k.rule == c.prefill_rule])
            for c in catalogue.criteria if c.prefill_rule}


# --- the worker's ratings, and the summary ----------------------------------------------------

@dataclass
class MatrixCell:
    criterion_code: str
    family_id: int
    rating: str = UNRATED
    strengths: str = ""
    weaknesses: str = ""
    prefill: Prefill | None = None


def check_rating(rating: str) -> None:
    if rating != UNRATED and rating not in RATINGS:
        raise ValidationError([FieldProblem("Rating", f"must be one of: {', '.join(RATINGS.values())}")])


@dataclass(frozen=True)
class FamilySummary:
    """Explains one family's column. It holds counts and words, and deliberately no score: a
    rating never decides by itself; the child's social worker and manager do."""

    family_id: int | None
    counts: Mapping[str, int]          # each key of RATINGS, and UNRATED
    hard_mismatches: tuple[str, ...]   # "Area title: why"
    unrated: tuple[str, ...]           # area titles
    sentence: str


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


_COUNT_WORDS = {"strength": ("strength", "strengths"), "meets": ("meets the need", "meet the need"),
                "partly": ("partly meets", "partly meet"), "concern": ("concern", "concerns")}


def family_summary(cells: Sequence[MatrixCell], catalogue: Catalogue = DEFAULT_CATALOGUE) -> FamilySummary:
    """One family's column in words: how the areas were rated, the hard mismatches the records
    show, and what is still to rate."""
    family_ids = {c.family_id for c in cells}
    if len(family_ids) > 1:
        raise ValueError("a family summary is for one family's cells")

    def title(code):
        try:
            return catalogue.criterion(code).title
        except KeyError:
            return code

    counts = {code: 0 for code in (*RATINGS, UNRATED)}
    for cell in cells:
        counts[cell.rating if cell.rating in RATINGS else UNRATED] += 1
    hard = tuple(f"{title(c.criterion_code)}: {'; '.join(c.prefill.mismatches)}"
                 for c in cells if c.prefill and c.prefill.hard_mismatch)
    unrated = tuple(title(c.criterion_code) for c in cells if c.rating not in RATINGS)
    rated = len(cells) - len(unrated)
    parts = [f"Rated {rated} of {len(cells)} areas"]
    tallies = [f"{counts[k]} {_COUNT_WORDS[k][0] if counts[k] == 1 else _COUNT_WORDS[k][1]}"
               for k in RATINGS if counts[k]]
    sentence = parts[0] + (": " + ", ".join(tallies) if tallies else "") + "."
    if hard:
        areas = "; ".join(title(c.criterion_code) for c in cells if c.prefill and c.prefill.hard_mismatch)
        sentence += f" The records show {_plural(len(hard), 'hard mismatch', 'hard mismatches')} ({areas})."
    if unrated:
        sentence += f" Still to rate: {'; '.join(unrated)}."
    sentence += " The ratings explain; the child's social worker and manager decide."
    return FamilySummary(next(iter(family_ids), None), counts, hard, unrated, sentence)


# --- who may be in a matrix, and the decision ---------------------------------------------------

MIN_FAMILIES, MAX_FAMILIES = 2, 5
# A matrix decides between families for a child still waiting: not once a match is agreed,
# the child is placed, or the plan has changed.
CHILD_STAGES_CLOSED = ("match_agreed", "placed", "adoption_order", "plan_changed")


def matrix_problems(child_stage: str, families: Sequence, already_matched: Mapping[int, str] | None = None
                    ) -> list[FieldProblem]:
    """Whether these families can be set side by side for this child. `already_matched` gives,
    for a family already matched or placed with another child, the words saying with whom."""
    already_matched = already_matched or {}
    p: list[FieldProblem] = []
    if child_stage in CHILD_STAGES_CLOSED:
        p.append(FieldProblem("Child", f"is at “{CHILD_STAGES.get(child_stage, child_stage)}”: a matrix is only for "
                                       "a child still waiting for a family"))
    ids = [f.id for f in families]
    if len(set(ids)) < len(ids):
        p.append(FieldProblem("Families", "include the same family twice"))
    count = len(set(ids))
    if count < MIN_FAMILIES:
        p.append(FieldProblem("Families", "A matrix needs at least two families: with one family there is "
                                          "nothing to compare"))
    elif count > MAX_FAMILIES:
        p.append(FieldProblem("Families", f"would number {count}; a matrix holds at most five: take one out first"))
    for f in families:
        if f.stage != "approved":
            p.append(FieldProblem("Families", f"{f.name} are not approved ({FAMILY_STAGES.get(f.stage, f.stage)})"))
        if f.id in already_matched:
            p.append(FieldProblem("Families", f"{f.name} are already matched ({already_matched[f.id]})"))
    return p


def check_matrix(child_stage: str, families: Sequence, already_matched: Mapping[int, str] | None = None) -> None:
    problems = matrix_problems(child_stage, families, already_matched)
    if problems:
        raise ValidationError(problems)


@dataclass
class MatrixDecision:
    family_id: int | None = None
    decided_on: date | None = None
    reason: str = ""
    social_worker: str = ""   # the child's social worker
    manager: str = ""         # their manager

    LABELS: ClassVar[dict[str, str]] = {"family_id": "Family chosen", "decided_on": "Date of decision", "reason": "Reason",
              "social_worker": "Child's social worker", "manager": "Manager"}


def decision_problems(decision: MatrixDecision, family_ids: Sequence[int], today: date,
                      held_on: date | None = None) -> list[FieldProblem]:
    p: list[FieldProblem] = []
    if decision.family_id is None:
        p.append(FieldProblem("Family chosen", "is required"))
    elif decision.family_id not in family_ids:
        p.append(FieldProblem("Family chosen", "is not one of the families in this matrix"))
    if not decision.reason.strip():
        p.append(FieldProblem("Reason", "is required: say why this family"))
    if not decision.social_worker.strip():
        p.append(FieldProblem("Child's social worker", "is required: the child's social worker decides, with their manager"))
    if not decision.manager.strip():
        p.append(FieldProblem("Manager", "is required: the child's social worker decides with their manager"))
    if decision.decided_on is None:
        p.append(FieldProblem("Date of decision", "is required"))
    elif decision.decided_on > today:
        p.append(FieldProblem("Date of decision", "is in the future"))
    elif held_on is not None and decision.decided_on < held_on:
        p.append(FieldProblem("Date of decision", f"is before the matrix was started ({format_date(held_on)})"))
    return p


def check_decision(decision: MatrixDecision, family_ids: Sequence[int], today: date,
                   held_on: date | None = None) -> None:
    problems = decision_problems(decision, family_ids, today, held_on)
    if problems:
        raise ValidationError(problems)


class MatrixDecided(HomefinderError):
    """A decided matrix does not change: it is the record of what was decided and why."""

    def __init__(self, decided_on: date):
        self.decided_on = decided_on
        super().__init__(f"The decision was recorded on {format_date(decided_on)}: reopen the matrix as a new "
                         "version to change it")


def check_editable(decided_on: date | None) -> None:
    """Refuse any edit (ratings, notes, families, decision) once the decision is recorded."""
    if decided_on is not None:
        raise MatrixDecided(decided_on)


# The reason the other families' links end with (one of links.DEFAULT_END_REASONS).
CHOSEN_ELSEWHERE = next(r for r in DEFAULT_END_REASONS if r.startswith("Another family chosen"))


def links_ended_by_decision(chosen_family_id: int, matrix_family_ids: Iterable[int],
                            links_of_unit: Sequence[Link]) -> list[Link]:
    """The links the decision ends (with CHOSEN_ELSEWHERE): the active links of this child or group
    with the other families in the matrix. Links with families not in the matrix were not
    compared, so they are left for the worker."""
    others = set(matrix_family_ids) - {chosen_family_id}
    return [link for link in links_of_unit if link.family_id in others and link.is_active]

