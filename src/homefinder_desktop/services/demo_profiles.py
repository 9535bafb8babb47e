"""The demo's needs profiles, families' offers, and links: fictional, plausible, seeded.

Most children have no or mild needs and a few have more; brothers and sisters share their
history and contact plan. Families in stage two or approved say what they offer. Links follow
the children's stages: a child linked or matched has an active link; a child placed has a link
that reached "placed"; some children's earlier links did not progress.
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import sqlite_utils

from ..domain.links import LINK_SOURCES, Link
from ..domain.needs import MAX_AGE_YEARS, NONE_CODE, SET_FIELDS
from ..storage import audit
from ..storage import records as store

LEVELS = {
    "health": {"none": 50, "minor": 32, "ongoing": 13, "complex": 5},
    "disability": {"none": 74, "mild": 16, "moderate": 7, "severe": 3},
    "development": {"none": 45, "some": 40, "significant": 15},
    "drugs_alcohol": {"none": 45, "suspected": 28, "confirmed": 27},
}
ABUSE_CHANCE = {"neglect": 0.75, "emotional": 0.4, "domestic": 0.35, "physical": 0.18, "sexual": 0.05}
NEEDS_NOTES = {
    "complex": "Heart condition under review by the cardiology clinic; check-ups every six months.",
    "ongoing": "Eczema and asthma, well managed with creams and inhalers.",
    "severe": "Cerebral palsy; uses a wheelchair outdoors and needs an adapted home.",
    "moderate": "Global developmental delay; has physiotherapy and speech and language therapy.",
    "significant": "Paediatrician advises waiting to see how development unfolds; reviewed yearly.",
    "confirmed": "Foetal alcohol spectrum disorder diagnosed; thrives on calm, predictable routines.",
}
OFFER_LEVELS = {
    "health_max": {"none": 10, "minor": 40, "ongoing": 40, "complex": 10},
    "disability_max": {"none": 30, "mild": 45, "moderate": 20, "severe": 5},
    "development_max": {"none": 15, "some": 60, "significant": 25},
    "drugs_alcohol_max": {"none": 10, "suspected": 40, "confirmed": 50},
    "education_max": {"none": 15, "support": 60, "ehcp": 25},
}
ABUSE_OK_CHANCE = {"neglect": 0.95, "emotional": 0.8, "domestic": 0.75, "physical": 0.5, "sexual": 0.15}
CONTACT_OK_CHANCE = {"letterbox": 0.97, "siblings": 0.6, "relatives": 0.35, "birth_parents": 0.1}
OFFER_NOTES = [
    "Experienced with additional needs through work as a teaching assistant.",
    "Live close to a good primary school with a strong special needs team.",
    "Would welcome contact with brothers or sisters placed elsewhere.",
    "Large extended family nearby who are ready to help.",
]
ETHNICITIES = ["White British"] * 6 + ["White and Black Caribbean", "Black British", "Asian British (Indian)",
                                        "White Irish", "Mixed: White and Asian"]
RELIGIONS = ["None", "None", "Christian", "Christian", "Muslim", "Sikh"]
LANGUAGES = ["English"] * 8 + ["English and Welsh", "English and Punjabi", "English and Polish"]
ENDED_REASONS = [
    "Family felt unable to meet the child's health needs after reading the medical report",
    "Child's social worker chose another family at the matching-matrix meeting",
    "Family withdrew after meeting the foster carers: they wanted a younger child",
    "The contact plan with the grandmother needs a family living closer",
    "Family's circumstances changed (a new job abroad) and they paused their plans",
]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ordered(codes: set[str], field: str) -> tuple[str, ...]:
    return tuple(code for code in SET_FIELDS[field] if code in codes)


# --- children ---------------------------------------------------------------------------------

def unit_needs(rng: random.Random, size: int, apart: bool) -> dict:
    """What brothers and sisters share: their history, their exposure to drugs or alcohol (most
    often the same birth mother) and their contact plan, with each other too if placed apart."""
    if rng.random() < 0.08:
        abuse = {NONE_CODE}
    else:
        abuse = {code for code, chance in ABUSE_CHANCE.items() if rng.random() < chance} or {"neglect"}
    if rng.random() < 0.06:
        contact = {NONE_CODE}
    else:
        contact = {"letterbox"}
        if rng.random() < 0.12:
            contact.add("relatives")
        if rng.random() < 0.04:
            contact.add("birth_parents")
        if apart or (size == 1 and rng.random() < 0.2):  # brothers or sisters living elsewhere
            contact.add("siblings")
    return {"abuse": abuse, "contact": contact, "drugs_alcohol": _weighted(rng, LEVELS["drugs_alcohol"])}


def child_needs(rng: random.Random, unit: dict, age: int, stage: str) -> dict:
    """One child's needs profile (Child fields). Early in the plan, some of it is still being
    assessed, so it is left not recorded."""
    needs = {scale: _weighted(rng, LEVELS[scale]) for scale in ("health", "disability", "development")}
    needs["drugs_alcohol"] = unit["drugs_alcohol"]
    if age < 4:
        education = "none"
    elif needs["disability"] in ("moderate", "severe") and rng.random() < 0.7:
        education = "ehcp"
    else:
        education = _weighted(rng, {"none": 55, "support": 33, "ehcp": 12})
    needs["education"] = education
    needs["abuse"] = _ordered(unit["abuse"], "abuse")
    needs["contact"] = _ordered(unit["contact"], "contact")
    if stage == "agency_decision":
        for field in ("development", "education"):
            if rng.random() < 0.5:
                needs[field] = ""
        if rng.random() < 0.3:
            needs["contact"] = ()
    notes = [NEEDS_NOTES[level] for level in (needs["health"], needs["disability"], needs["development"],
                                              needs["drugs_alcohol"]) if level in NEEDS_NOTES]
    needs["needs_notes"] = " ".join(notes[:2])
    return needs


# The words a profile evening prints (Child.personality, interests, family_sought): warm, short,
# invented, and never naming anyone.
PERSONALITIES = {
    "little": ["A smiley, contented little one who loves a cuddle and watching everything going on.",
               "Babbles happily to anyone who will listen and giggles at peekaboo.",
               "Settles quickly with a familiar face and is curious about every new sound.",
               "A busy explorer who is into everything and delighted with each new step."],
    "older": ["A cheerful, chatty child who makes friends quickly and loves to help.",
              "Quiet at first, then full of jokes once settled; likes to know what comes next.",
              "Kind and thoughtful, with a lovely laugh, and proud of every new thing learned.",
              "Full of energy and ideas, and happiest with a grown-up close by to share them.",
              "Gentle and caring, especially with younger children and animals."],
}
INTERESTS = {
    "little": ["Bath time, splashing and songs with actions.", "Board books, stacking cups and the swings.",
               "Walks in the pushchair, spotting dogs and ducks.", "Music, bubbles and rolling a ball back and forth."],
    "older": ["Dinosaurs, puddles and the big slide at the park.", "Drawing, building dens and bedtime stories.",
              "Football, bikes and feeding the ducks.", "Baking, dancing in the kitchen and trips to the seaside.",
              "Lego, jigsaws and anything with wheels."],
}
FAMILIES_SOUGHT = {
    "alone": ["A patient, loving family with time for play and plenty of routine.",
              "A family who enjoys being outdoors and can offer a calm, steady home.",
              "Warm, nurturing parents who will be there for the ups and downs, for good.",
              "A family with a sense of fun, who will help keep in touch with the past through letters."],
    "together": ["A family with room in their hearts and home for brothers and sisters, together.",
                 "Energetic, patient parents who can share their time fairly between the children.",
                 "A lively, loving home where the children can grow up side by side."],
}


def profile_words(rng: random.Random, age: int, family_sought: str) -> dict:
    """A child's profile words (Child fields); `family_sought` is shared by a sibling group."""
    stage_of_life = "little" if age < 3 else "older"
    return {"personality": rng.choice(PERSONALITIES[stage_of_life]),
            "interests": rng.choice(INTERESTS[stage_of_life]), "family_sought": family_sought}


def family_sought(rng: random.Random, together: bool) -> str:
    return rng.choice(FAMILIES_SOUGHT["together" if together else "alone"])


# --- families ---------------------------------------------------------------------------------

def offer(rng: random.Random, household: str) -> dict:
    """What a family in stage two or approved offers and wants (Family fields)."""
    how_many = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    if household.startswith("Single") and how_many > 2:
        how_many = 2
    youngest = rng.choice([0, 0, 0, 1, 1, 2, 3])
    result = {
        "max_children": how_many,
        "age_min": youngest,
        "age_max": min(MAX_AGE_YEARS, youngest + rng.choice([2, 3, 4, 4, 5, 6, 8])),
        "sexes_wanted": _weighted(rng, {"either": 70, "F": 15, "M": 15}),
        "siblings_ok": "yes" if how_many > 1 else "no",
        **{field: _weighted(rng, weights) for field, weights in OFFER_LEVELS.items()},
        "abuse_ok": _ordered({c for c, chance in ABUSE_OK_CHANCE.items() if rng.random() < chance}, "abuse_ok"),
        "contact_ok": _ordered({c for c, chance in CONTACT_OK_CHANCE.items() if rng.random() < chance},
                               "contact_ok"),
        "ethnicity": rng.choice(ETHNICITIES),
        "religion": rng.choice(RELIGIONS),
        "language": rng.choice(LANGUAGES),
        "offer_notes": rng.choice(OFFER_NOTES) if rng.random() < 0.4 else "",
    }
    return result


# --- links -------------------------------------------------------------------------------------

PATH = ["identified", "interest", "exploring", "matching", "panel", "placed"]


def _units(db: sqlite_utils.Database) -> list[dict]:
    """Children as family finding sees them: a sibling group to be placed together is one unit,
    anyone else is a unit alone. Each with its stage dates, eldest birth date and size."""
    steps: dict[int, dict[str, date]] = defaultdict(dict)
    for row in db.query("SELECT child_id, stage, min(date) AS date FROM child_stages GROUP BY child_id, stage"):
        steps[row["child_id"]][row["stage"]] = date.fromisoformat(row["date"])
    units: dict[tuple, dict] = {}
    for row in db.query("""SELECT c.id, c.sibling_group_id, c.stage, c.date_of_birth, g.decision
                           FROM children c LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
                           WHERE c.archived = 0 ORDER BY c.id"""):
        together = row["sibling_group_id"] is not None and row["decision"] == "together"
        key = ("group", row["sibling_group_id"]) if together else ("child", row["id"])
        unit = units.setdefault(key, {"key": key, "stage": row["stage"], "steps": steps[row["id"]], "size": 0,
                                      "born": date.fromisoformat(row["date_of_birth"])})
        unit["size"] += 1
        unit["born"] = min(unit["born"], date.fromisoformat(row["date_of_birth"]))
    return list(units.values())


def _families(db: sqlite_utils.Database) -> list[dict]:
    return [{**row, "approval_date": date.fromisoformat(row["approval_date"])} for row in db.query(
        """SELECT id, approval_date, max_children, age_min, age_max FROM families
           WHERE stage = 'approved' AND archived = 0 AND approval_date IS NOT NULL ORDER BY id""")]


def _choose_family(rng: random.Random, families: list[dict], unit: dict, on: date, busy: set[int]) -> dict | None:
    """An approved family free on `on`, preferring one whose offer fits the unit's size and age
    (among a few hundred at most, so the benchmarks' large sets are made in linear time)."""
    candidates = rng.sample(families, min(len(families), 300))
    free = [f for f in candidates if f["approval_date"] <= on and f["id"] not in busy]
    age = (on - unit["born"]).days // 365
    fits = [f for f in free if (f["max_children"] or 1) >= unit["size"]
            and (f["age_min"] or 0) <= age <= (f["age_max"] if f["age_max"] is not None else MAX_AGE_YEARS)]
    pool = fits or free
    return rng.choice(pool) if pool else None


def _spread(start: date, end: date, n: int) -> list[date]:
    """n dates from start to end, in order, evenly apart."""
    if n == 1:
        return [start]
    span = max(0, (end - start).days)
    return [start + timedelta(days=span * i // (n - 1)) for i in range(n)]


def _add_link(db, who: str, rng: random.Random, unit: dict, family_id: int, statuses: list[str],
              dates: list[date], reason: str = "") -> None:
    kind, unit_id = unit["key"]
    link = Link(child_id=unit_id if kind == "child" else None,
                sibling_group_id=unit_id if kind == "group" else None, family_id=family_id,
                found_at=rng.choices(list(LINK_SOURCES)[:4], weights=[5, 3, 2, 1])[0], identified_on=dates[0],
                status=statuses[-1], status_date=dates[-1], ended_reason=reason)
    link_id = store.add(db, link, who)
    for status, when in zip(statuses, dates):
        audit.insert(db, "link_statuses", {"link_id": link_id, "status": status, "date": when.isoformat(),
                                           "reason": reason if status == "ended" else "", "recorded_by": who}, who)


def add_links(db: sqlite_utils.Database, who: str, today: date, seed: int) -> int:
    """Links in keeping with the children's stages (their own random stream). Returns how many."""
    rng = random.Random(seed + 17)
    families = _families(db)
    busy: set[int] = set()  # families with a link going on (or that adopted), not offered another
    made = 0
    yesterday = today - timedelta(days=1)
    order = {"match_agreed": 0, "linked": 1, "family_finding": 2, "placed": 3, "adoption_order": 3}
    units = sorted((u for u in _units(db) if u["stage"] in order), key=lambda u: (order[u["stage"]], u["key"]))
    for unit in units:
        stage, steps = unit["stage"], unit["steps"]
        searching_from = steps.get("family_finding") or steps.get("agency_decision")
        if searching_from is None:
            continue
        current: tuple[list[str], list[date]] | None = None
        if stage in ("linked", "match_agreed", "placed", "adoption_order"):
            linked = steps.get("linked", searching_from)
            identified = max(searching_from, linked - timedelta(days=rng.randint(7, 35)))
            if stage == "linked":
                upto = rng.choice(["interest", "exploring", "exploring", "matching"])
                statuses = PATH[:PATH.index(upto) + 1]
                later = _spread(linked, min(yesterday, linked + timedelta(days=rng.randint(20, 90))),
                                len(statuses) - 1)
            else:
                upto = "panel" if stage == "match_agreed" else "placed"
                statuses = PATH[:PATH.index(upto) + 1]
                panel = steps.get("match_agreed", linked)
                later = _spread(linked, panel, 4) + ([steps.get("placed", panel)] if upto == "placed" else [])
            current = (statuses, [identified] + later)
        elif stage == "family_finding" and rng.random() < 0.35:
            identified = max(searching_from, today - timedelta(days=rng.randint(3, 40)))
            statuses = ["identified"] if rng.random() < 0.5 else ["identified", "interest"]
            current = (statuses, _spread(identified, min(yesterday, identified + timedelta(days=10)), len(statuses)))
        family = None
        if current is not None:
            family = _choose_family(rng, families, unit, current[1][0], busy)
            if family is not None:
                busy.add(family["id"])
                _add_link(db, who, rng, unit, family["id"], *current)
                made += 1
        # An earlier link that did not progress, during the search, before any current one.
        ended_by = current[1][0] if current else yesterday
        if stage in ("family_finding", "linked") and rng.random() < 0.35 and (ended_by - searching_from).days > 30:
            start = searching_from + timedelta(days=rng.randint(0, (ended_by - searching_from).days - 30))
            stop = min(ended_by - timedelta(days=1), start + timedelta(days=rng.randint(14, 60)))
            other = _choose_family(rng, families, unit, start, {family["id"]} if family else set())
            if other is not None:
                statuses = PATH[:rng.choice([2, 3, 4])] + ["ended"]
                _add_link(db, who, rng, unit, other["id"], statuses, _spread(start, stop, len(statuses)),
                          rng.choice(ENDED_REASONS))
                made += 1
    return made
