"""The vocabulary a child's needs and a family's offer share, so the two can be set side by side.

A child has a level on each scale (what their needs are); a family has the highest level on each
scale they feel able to meet. Kinds of abuse history and kinds of contact are sets: the child's
history and contact plan, and the kinds a family could manage or support. "" means "not
recorded yet", which is not the same as "none": an unknown need must never read as no need.
"""
from __future__ import annotations

# Each scale: (label, {code: words}) with the codes in rising order of need.
SCALES: dict[str, tuple[str, dict[str, str]]] = {
    "health": ("Health needs", {
        "none": "None known", "minor": "Minor", "ongoing": "Ongoing", "complex": "Complex"}),
    "disability": ("Disability", {
        "none": "None", "mild": "Mild", "moderate": "Moderate", "severe": "Severe"}),
    "development": ("Developmental uncertainty", {
        "none": "None known", "some": "Some", "significant": "Significant"}),
    "drugs_alcohol": ("Exposure to drugs or alcohol", {
        "none": "None known", "suspected": "Suspected", "confirmed": "Confirmed"}),
    "education": ("Education needs", {
        "none": "None", "support": "Extra support in school", "ehcp": "EHC plan"}),
}

ABUSE_KINDS: dict[str, str] = {
    "neglect": "Neglect",
    "physical": "Physical abuse",
    "emotional": "Emotional abuse",
    "sexual": "Sexual abuse",
    "domestic": "Domestic abuse witnessed",
}

CONTACT_KINDS: dict[str, str] = {
    "letterbox": "Letterbox (indirect)",
    "siblings": "Direct, with brothers or sisters",
    "birth_parents": "Direct, with birth parents",
    "relatives": "Direct, with other relatives",
}

# The sexes a family would welcome (a child's own sex is domain.records.SEXES).
SEXES_WANTED: dict[str, str] = {"either": "Either", "F": "Girls", "M": "Boys"}

# Whether a family would take a sibling group (Family.siblings_ok).
SIBLINGS_OK: dict[str, str] = {"yes": "Yes", "no": "No"}

# What a form or a list shows for "" / None / (): never "None", which is an answer.
NOT_RECORDED = "Not recorded"

# Family fields that hold the highest level they can meet, by scale.
OFFER_FIELD = {scale: f"{scale}_max" for scale in SCALES}

# A child's sets can also say "none" outright, since an empty set is "not recorded yet". It stands
# alone: "none" with any other code is a contradiction. Matching a child against a family's sets
# leaves it out (a family need not "manage" no history).
NONE_CODE = "none"
CHILD_ABUSE_KINDS: dict[str, str] = {NONE_CODE: "None known", **ABUSE_KINDS}
CHILD_CONTACT_KINDS: dict[str, str] = {NONE_CODE: "No contact planned", **CONTACT_KINDS}

# Set-valued fields (stored as space-separated codes) and their vocabularies.
SET_FIELDS: dict[str, dict[str, str]] = {
    "abuse": CHILD_ABUSE_KINDS, "contact": CHILD_CONTACT_KINDS,
    "abuse_ok": ABUSE_KINDS, "contact_ok": CONTACT_KINDS,
}

MAX_CHILDREN = 6  # the most children one family can say it could take at once
MAX_AGE_YEARS = 17


def level_index(scale: str, code: str) -> int:
    """Position of `code` on `scale` (0 = least need); -1 for "not recorded"."""
    return _LEVEL_INDEX[scale].get(code, -1)


def offer_levels(scale: str) -> dict[str, str]:
    """A scale's words for a family's highest level: "None" rather than "None known" (what a
    family can meet is their answer, not a matter of what is known)."""
    return _OFFER_LEVELS[scale]


# Worked out once: a shortlist asks these for every family on the database.
_LEVEL_INDEX = {scale: {code: n for n, code in enumerate(codes)} for scale, (_label, codes) in SCALES.items()}
_OFFER_LEVELS = {scale: {code: "None" if code == "none" else words for code, words in codes.items()}
                 for scale, (_label, codes) in SCALES.items()}


# Between the kinds in a set: some kinds' words hold a comma themselves ("Direct, with birth parents").
SET_SEPARATOR = "; "


def set_text(codes: tuple[str, ...], vocabulary: dict[str, str]) -> str:
    """The words for a set of codes, in the vocabulary's order: "Neglect; Emotional abuse"."""
    return SET_SEPARATOR.join(words for code, words in vocabulary.items() if code in codes)


def words_for(field: str, value) -> str | None:
    """A needs or offer field's stored value in words ("neglect domestic" -> "Neglect; Domestic
    abuse witnessed"; "ehcp" -> "EHC plan"); None when `field` is not one of them. Used wherever a
    stored value is shown outside a form: the audit trail, exports."""
    if field in SET_FIELDS:
        codes = tuple(value.split()) if isinstance(value, str) else tuple(value or ())
        return set_text(codes, SET_FIELDS[field])
    if field in SCALES:
        return SCALES[field][1].get(value, value)
    for scale, offer in OFFER_FIELD.items():
        if field == offer:
            return offer_levels(scale).get(value, value)
    if field == "sexes_wanted":
        return SEXES_WANTED.get(value, value)
    if field == "siblings_ok":
        return SIBLINGS_OK.get(value, value)
    return None


def group_needs(profiles: list) -> dict[str, str]:
    """A sibling group's needs as one unit, for family finding: on each scale the highest need of
    any child (a family must meet the most), and every kind of history and contact any child has.
    `profiles` are the children (anything with the needs fields). Returns field -> words, with
    NOT_RECORDED where no child has a level recorded on that scale, and a note when only some do."""
    result: dict[str, str] = {}
    for scale, (_label, levels) in SCALES.items():
        known = [getattr(p, scale) for p in profiles if getattr(p, scale) in levels]
        if not known:
            result[scale] = NOT_RECORDED
            continue
        words = levels[max(known, key=lambda code: level_index(scale, code))]
        missing = len(profiles) - len(known)
        result[scale] = words if not missing else f"{words} (not recorded for {missing})"
    for field in ("abuse", "contact"):
        codes = {code for p in profiles for code in getattr(p, field)}
        if len(codes) > 1:
            codes.discard(NONE_CODE)  # "none" for one child says nothing about the group
        result[field] = set_text(tuple(codes), SET_FIELDS[field]) or NOT_RECORDED
    return result
