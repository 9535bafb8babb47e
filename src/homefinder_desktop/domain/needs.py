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
        "none": "None", "support": "Extra support in school", "ehcp": "Education, health and care plan"}),
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

# Family fields that hold the highest level they can meet, by scale.
OFFER_FIELD = {scale: f"{scale}_max" for scale in SCALES}

# Set-valued fields (stored as space-separated codes) and their vocabularies.
SET_FIELDS: dict[str, dict[str, str]] = {
    "abuse": ABUSE_KINDS, "contact": CONTACT_KINDS,
    "abuse_ok": ABUSE_KINDS, "contact_ok": CONTACT_KINDS,
}

MAX_CHILDREN = 6  # the most children one family can say it could take at once
MAX_AGE_YEARS = 17


def level_index(scale: str, code: str) -> int:
    """Position of `code` on `scale` (0 = least need); -1 for "not recorded"."""
    codes = list(SCALES[scale][1])
    return codes.index(code) if code in codes else -1


def set_text(codes: tuple[str, ...], vocabulary: dict[str, str]) -> str:
    """The words for a set of codes, in the vocabulary's order: "Neglect, Emotional abuse"."""
    return ", ".join(words for code, words in vocabulary.items() if code in codes)
