"""A child's needs profile and a family's offer check themselves: known codes, numbers in range,
no contradictions, each problem named by the field's label."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.needs import MAX_AGE_YEARS, MAX_CHILDREN, OFFER_FIELD, SCALES, SET_FIELDS, set_text
from homefinder_desktop.domain.records import Child, Family

TODAY = date(2026, 11, 23)


def child(**kw) -> Child:
    return Child(**{"first_name": "Ivy", "date_of_birth": date(2023, 2, 1), "sex": "F", **kw})


def family(**kw) -> Family:
    return Family(**{"name": "Oakley family", "adopter_one": "Sarah Oakley", "agency_id": 1, **kw})


def problems(record) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in record.problems(TODAY):
        found.setdefault(p.field, []).append(p.problem)
    return found


def test_nothing_recorded_is_no_problem():
    assert problems(child()) == {}
    assert problems(family()) == {}


@pytest.mark.parametrize("scale", list(SCALES))
def test_every_level_on_each_scale_is_accepted_for_a_child_and_an_offer(scale):
    for code in SCALES[scale][1]:
        assert problems(child(**{scale: code})) == {}
        assert problems(family(**{OFFER_FIELD[scale]: code})) == {}


@pytest.mark.parametrize("scale", list(SCALES))
def test_an_unknown_level_is_named_by_its_label(scale):
    label = Child.label(scale)
    assert label == SCALES[scale][0]  # the form, the message and the vocabulary say the same
    found = problems(child(**{scale: "extreme"}))
    assert list(found) == [label]
    assert found[label][0].startswith("must be one of: ")
    assert all(words in found[label][0] for words in SCALES[scale][1].values())
    offer_label = Family.label(OFFER_FIELD[scale])
    assert list(problems(family(**{OFFER_FIELD[scale]: "extreme"}))) == [offer_label]


def test_unknown_kinds_in_a_set_are_named():
    found = problems(child(abuse=("neglect", "bullying")))
    assert found == {"Abuse or neglect in the history": [
        ("includes 'bullying', which is not among: None known, Neglect, Physical abuse, Emotional abuse, "
         "Sexual abuse, Domestic abuse witnessed")]}
    assert list(problems(family(contact_ok=("postcards",)))) == ["Contact they can support"]


def test_none_known_stands_alone():
    assert problems(child(abuse=("none",), contact=("none",))) == {}
    found = problems(child(abuse=("none", "neglect")))
    assert found == {"Abuse or neglect in the history": [
        "cannot be “None known” and name kinds as well: untick one"]}
    # A family's sets have no "none": ticking nothing is "not recorded yet".
    assert "Abuse or neglect histories they could manage" in problems(family(abuse_ok=("none",)))


def test_set_text_reads_the_codes_in_the_vocabulary_order():
    assert set_text(("emotional", "neglect"), SET_FIELDS["abuse"]) == "Neglect; Emotional abuse"
    assert set_text(("none",), SET_FIELDS["contact"]) == "No contact planned"
    assert set_text((), SET_FIELDS["abuse"]) == ""


def test_an_upside_down_age_range_is_named_at_the_oldest_age():
    assert problems(family(age_min=6, age_max=2)) == {"Oldest age (years)": ["is younger than the youngest age (6)"]}
    assert problems(family(age_min=3, age_max=3)) == {}
    assert problems(family(age_min=None, age_max=2)) == {}


@pytest.mark.parametrize("attr, bad, good", [
    ("age_min", -1, 0), ("age_min", MAX_AGE_YEARS + 1, MAX_AGE_YEARS),
    ("age_max", MAX_AGE_YEARS + 1, MAX_AGE_YEARS),
    ("max_children", 0, 1), ("max_children", MAX_CHILDREN + 1, MAX_CHILDREN),
])
def test_numbers_in_range(attr, bad, good):
    label = Family.label(attr)
    found = problems(family(**{attr: bad}))
    assert list(found) == [label] and found[label][0].startswith("must be from ")
    assert problems(family(**{attr: good})) == {}


@pytest.mark.parametrize("value", ["3", 2.5, True])
def test_a_number_must_be_a_whole_number(value):
    assert problems(family(max_children=value)) == {"How many children": ["is not a whole number"]}


def test_a_sibling_group_needs_room_for_two():
    found = problems(family(siblings_ok="yes", max_children=1))
    assert list(found) == ["A sibling group"] and "How many children is 1" in found["A sibling group"][0]
    assert problems(family(siblings_ok="yes", max_children=2)) == {}
    assert problems(family(siblings_ok="no", max_children=1)) == {}
    assert problems(family(siblings_ok="yes")) == {}  # how many not recorded yet: no contradiction


def test_sexes_and_siblings_codes():
    for code in ("either", "F", "M", ""):
        assert problems(family(sexes_wanted=code)) == {}
    assert list(problems(family(sexes_wanted="girls"))) == ["Boys or girls"]
    assert list(problems(family(siblings_ok="maybe"))) == ["A sibling group"]


def test_validate_raises_with_every_problem_at_once():
    with pytest.raises(ValidationError) as info:
        family(age_min=9, age_max=4, health_max="lots", abuse_ok=("x",)).validate(TODAY)
    fields = {p.field for p in info.value.problems}
    assert fields == {"Oldest age (years)", "Health needs they can meet",
                      "Abuse or neglect histories they could manage"}


def test_a_familys_levels_say_none_not_none_known():
    from homefinder_desktop.domain.needs import offer_levels

    for scale, (_label, words) in SCALES.items():
        offered = offer_levels(scale)
        assert list(offered) == list(words) and offered["none"] == "None"
    assert offer_levels("health")["complex"] == "Complex"


def test_stored_values_in_words():
    from homefinder_desktop.domain.needs import words_for

    assert words_for("abuse", "neglect domestic") == "Neglect; Domestic abuse witnessed"
    assert words_for("contact", ("none",)) == "No contact planned"
    assert words_for("contact_ok", "letterbox") == "Letterbox (indirect)"
    assert words_for("education", "ehcp") == "EHC plan"
    assert words_for("disability_max", "none") == "None"
    assert words_for("health", "none") == "None known"
    assert words_for("sexes_wanted", "M") == "Boys"
    assert words_for("siblings_ok", "no") == "No"
    assert words_for("first_name", "Ada") is None


def test_a_sibling_group_is_profiled_as_one_unit():
    from homefinder_desktop.domain.needs import group_needs
    from homefinder_desktop.domain.records import Child

    older = Child(disability="moderate", health="none", abuse=("neglect",), contact=("siblings",))
    younger = Child(disability="mild", health="", abuse=("none",), contact=("letterbox", "siblings"))
    needs = group_needs([older, younger])
    assert needs["disability"] == "Moderate"  # the most any child needs
    assert needs["health"] == "None known (not recorded for 1)"
    assert needs["development"] == "Not recorded"
    assert needs["abuse"] == "Neglect"
    assert needs["contact"] == "Letterbox (indirect); Direct, with brothers or sisters"
    assert group_needs([Child(abuse=("none",))])["abuse"] == "None known"
