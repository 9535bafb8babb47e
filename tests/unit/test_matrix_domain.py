"""The matching matrix: the catalogue, what the records prefill, the summary, and who decides."""
from dataclasses import replace
from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.links import DEFAULT_END_REASONS, Link
from homefinder_desktop.domain.matrix import (
    CHOSEN_ELSEWHERE, DEFAULT_CATALOGUE, FIT, MISMATCH, PREFILL_RULES, RATINGS, SHOWN, UNKNOWN, Catalogue,
    Criterion, MatrixCell, MatrixDecided, MatrixDecision, catalogue_changes, catalogue_in_force, catalogue_note,
    catalogue_problems, check_catalogue, check_decision, check_editable, check_matrix, check_rating, checks,
    family_summary, links_ended_by_decision, needs_profile, prefill)
from homefinder_desktop.domain.records import Child, Family

TODAY = date(2026, 11, 20)


def child(**kw):
    values = dict(first_name="Tilly", date_of_birth=date(2020, 6, 1), sex="F", health="minor",
                  disability="none", development="none", drugs_alcohol="none", education="none",
                  abuse=("neglect",), contact=("letterbox",), id=1)
    values.update(kw)
    return Child(**values)


def family(**kw):
    values = dict(name="Quillfeather", adopter_one="Rowan Quillfeather", agency_id=1, stage="approved",
                  approval_date=date(2025, 3, 1), max_children=2, age_min=0, age_max=8, sexes_wanted="either",
                  siblings_ok="yes", health_max="ongoing", disability_max="mild", development_max="some",
                  drugs_alcohol_max="suspected", education_max="support", abuse_ok=("neglect", "emotional"),
                  contact_ok=("letterbox", "siblings"), id=10)
    values.update(kw)
    return Family(**values)


def check_of(found, topic):
    [c] = [c for c in found if c.topic == topic]
    return c


# --- the catalogue ------------------------------------------------------------------------------

def test_default_catalogue_has_every_area_of_the_issue():
    titles = [c.title for c in DEFAULT_CATALOGUE.criteria]
    for words in ("Physical appearance", "Ethnicity, culture, religion and language",
                  "Health, disability and genetic factors", "Education",
                  "Emotional, behavioural and therapeutic needs", "Preparation (life-story work)", "Identity",
                  "Family history (drugs, alcohol, mental illness, abuse)",
                  "Attachment history and capacity for new attachments", "Help from current carers",
                  "Contact with birth family", "Personality, talents and interests", "Accommodation and locality",
                  "The child's own views"):
        assert words in titles
    assert all(c.question_for_child and c.question_for_family for c in DEFAULT_CATALOGUE.criteria)


def test_default_catalogue_is_valid_as_a_first_version():
    assert catalogue_problems(DEFAULT_CATALOGUE, None, DEFAULT_CATALOGUE.effective_from) == []


def next_version(**kw):
    values = dict(version=2, effective_from=TODAY, criteria=DEFAULT_CATALOGUE.criteria)
    values.update(kw)
    return Catalogue(**values)


def found_problems(new, previous=DEFAULT_CATALOGUE):
    with pytest.raises(ValidationError) as exc:
        check_catalogue(new, previous, TODAY)
    return [str(p) for p in exc.value.problems]


def test_a_new_version_may_retire_and_add_areas():
    kept = tuple(c for c in DEFAULT_CATALOGUE.criteria if c.code != "appearance")
    added = Criterion("faith_community", "Faith community", "Does the child belong to one?", "Do the family?")
    new = next_version(criteria=(*kept, added))
    check_catalogue(new, DEFAULT_CATALOGUE, TODAY)
    assert catalogue_changes(DEFAULT_CATALOGUE, new) == ["Added: Faith community", "Retired: Physical appearance"]


def test_a_reworded_area_is_named_in_the_changes():
    criteria = tuple(replace(c, title="Schooling") if c.code == "education" else c for c in DEFAULT_CATALOGUE.criteria)
    assert catalogue_changes(DEFAULT_CATALOGUE, next_version(criteria=criteria)) == ["Changed: Education (now “Schooling”)"]


def test_a_new_order_is_named_in_the_note():
    criteria = tuple(reversed(DEFAULT_CATALOGUE.criteria))
    assert catalogue_note(DEFAULT_CATALOGUE, next_version(criteria=criteria)) == "Areas put in a new order"
    assert catalogue_note(DEFAULT_CATALOGUE, next_version()) == "No change to the areas"


def test_codes_must_be_unique_and_titles_and_questions_given():
    twice = DEFAULT_CATALOGUE.criteria + (Criterion("education", "Schools", "q", "q"),)
    assert any("uses the code “education” twice" in p for p in found_problems(next_version(criteria=twice)))
    untitled = DEFAULT_CATALOGUE.criteria + (Criterion("hobbies", " ", "q", ""),)
    found = found_problems(next_version(criteria=untitled))
    assert any(p.endswith("needs a title") for p in found)
    assert any(p.endswith("needs a question for the family") for p in found)


def test_at_least_one_area():
    assert any("at least one area" in p for p in found_problems(next_version(criteria=())))


def test_history_is_never_rewritten():
    assert any("must be 2" in p for p in found_problems(next_version(version=3)))
    assert any("must be 2" in p for p in found_problems(next_version(version=1)))
    assert any("in the past" in p for p in found_problems(next_version(effective_from=date(2026, 11, 19))))


def test_every_prefill_rule_has_exactly_one_row():
    without_contact = tuple(c for c in DEFAULT_CATALOGUE.criteria if c.prefill_rule != "contact")
    assert any("(none has it)" in p and PREFILL_RULES["contact"] in p
               for p in found_problems(next_version(criteria=without_contact)))
    doubled = DEFAULT_CATALOGUE.criteria + (Criterion("contact2", "Contact again", "q", "q", "contact"),)
    assert any("(more than one has it)" in p for p in found_problems(next_version(criteria=doubled)))
    unknown = DEFAULT_CATALOGUE.criteria + (Criterion("x", "X", "q", "q", "astrology"),)
    assert any("unknown prefill rule" in p for p in found_problems(next_version(criteria=unknown)))


def test_the_version_in_force_on_a_day():
    v2 = next_version(effective_from=date(2026, 12, 1))
    assert catalogue_in_force([DEFAULT_CATALOGUE, v2], date(2026, 11, 30)) is DEFAULT_CATALOGUE
    assert catalogue_in_force([DEFAULT_CATALOGUE, v2], date(2026, 12, 1)) is v2
    with pytest.raises(KeyError):
        catalogue_in_force([v2], date(2026, 1, 1))


# --- prefill: wishes --------------------------------------------------------------------------

def test_age_outside_the_range_is_a_hard_mismatch_in_words():
    cells = prefill(child(), family(age_min=0, age_max=4), TODAY)
    assert cells["wishes"].hard_mismatch
    assert "Child is 6; the family want children aged 0 to 4" in cells["wishes"].why
    assert cells["wishes"].suggested == "concern"


def test_age_inside_the_range_fits():
    c = check_of(checks(child(), family(), TODAY), "Age")
    assert (c.outcome, c.why) == (FIT, "Child is 6; the family want children aged 0 to 8")


def test_age_range_not_recorded_is_asked_not_fitted():
    c = check_of(checks(child(), family(age_min=None, age_max=None), TODAY), "Age")
    assert c.outcome == UNKNOWN and "not recorded for the family: ask them" in c.why
    half = check_of(checks(child(), family(age_min=None, age_max=8), TODAY), "Age")
    assert half.outcome == UNKNOWN and "youngest age" in half.why
    # A recorded bound the child is outside still removes, even with the other bound missing.
    over = check_of(checks(child(), family(age_min=None, age_max=3), TODAY), "Age")
    assert over.outcome == MISMATCH and "up to 3" in over.why


def test_child_without_date_of_birth_is_asked():
    c = check_of(checks(child(date_of_birth=None), family(), TODAY), "Age")
    assert c.outcome == UNKNOWN and "ask the child's social worker" in c.why


def test_sex_wanted():
    assert check_of(checks(child(sex="F"), family(sexes_wanted="F"), TODAY), "Sex").outcome == FIT
    c = check_of(checks(child(sex="M"), family(sexes_wanted="F"), TODAY), "Sex")
    assert (c.outcome, c.why) == (MISMATCH, "Sex: the child is a boy; the family hope for girls")
    assert check_of(checks(child(sex="M"), family(sexes_wanted="either"), TODAY), "Sex").outcome == FIT
    assert check_of(checks(child(sex="M"), family(sexes_wanted=""), TODAY), "Sex").outcome == UNKNOWN


def test_single_child_fits_any_number():
    assert check_of(checks(child(), family(max_children=1, siblings_ok="no"), TODAY), "Siblings").outcome == FIT


# --- prefill: scales and sets ---------------------------------------------------------------------

def test_a_need_above_what_the_family_can_meet_is_a_hard_mismatch():
    found = checks(child(disability="moderate"), family(disability_max="mild"), TODAY)
    c = check_of(found, "Disability")
    assert (c.outcome, c.why) == (MISMATCH, "Disability — child: moderate; the family can meet up to mild")
    assert prefill(child(disability="moderate"), family(disability_max="mild"), TODAY)["health"].hard_mismatch


def test_a_need_within_what_the_family_can_meet_fits():
    c = check_of(checks(child(education="support"), family(education_max="ehcp"), TODAY), "Education needs")
    assert (c.outcome, c.why) == (FIT, "Education needs — child: extra support in school; the family can meet up to EHC plan")


@pytest.mark.parametrize("side", ["child", "family"])
def test_a_scale_not_recorded_is_neither_fit_nor_mismatch(side):
    kid = child(disability="" if side == "child" else "severe")
    fam = family(disability_max="" if side == "family" else "none")
    c = check_of(checks(kid, fam, TODAY), "Disability")
    assert c.outcome == UNKNOWN
    assert ("ask the child's social worker" if side == "child" else "Not recorded for the family: ask them".lower()) in c.why.lower()
    cell = prefill(kid, fam, TODAY)["health"]
    assert not cell.hard_mismatch and cell.suggested is None and cell.unknowns == 1


def test_none_is_an_answer_not_an_unknown():
    c = check_of(checks(child(disability="none"), family(disability_max="none"), TODAY), "Disability")
    assert c.outcome == FIT
    assert check_of(checks(child(disability="mild"), family(disability_max="none"), TODAY), "Disability").outcome == MISMATCH


def test_abuse_histories_must_be_ones_the_family_could_manage():
    c = check_of(checks(child(abuse=("neglect", "sexual")), family(abuse_ok=("neglect",)), TODAY), "Abuse or neglect")
    assert c.outcome == MISMATCH
    assert c.why == ("Abuse or neglect: the child's history includes sexual abuse, "
                     "which the family have not said they could manage")
    assert check_of(checks(child(abuse=("neglect",)), family(), TODAY), "Abuse or neglect").outcome == FIT


def test_no_history_known_fits_but_not_recorded_is_asked():
    assert check_of(checks(child(abuse=("none",)), family(abuse_ok=()), TODAY), "Abuse or neglect").outcome == FIT
    assert check_of(checks(child(abuse=()), family(), TODAY), "Abuse or neglect").outcome == UNKNOWN
    family_unknown = check_of(checks(child(abuse=("physical",)), family(abuse_ok=()), TODAY), "Abuse or neglect")
    assert family_unknown.outcome == UNKNOWN and "ask them" in family_unknown.why


def test_contact_plan_must_be_supported():
    c = check_of(checks(child(contact=("letterbox", "birth_parents")), family(), TODAY), "Contact")
    assert c.outcome == MISMATCH
    assert c.why == ("Contact: the child's plan includes direct contact with birth parents, "
                     "which the family have not said they can support")
    assert check_of(checks(child(contact=("none",)), family(contact_ok=()), TODAY), "Contact").outcome == FIT
    assert check_of(checks(child(contact=()), family(), TODAY), "Contact").outcome == UNKNOWN
    assert check_of(checks(child(contact=("letterbox",)), family(contact_ok=()), TODAY), "Contact").outcome == UNKNOWN


def test_ethnicity_religion_language_are_shown_never_a_mismatch():
    kid = child(ethnicity="Mixed White and Black Caribbean", religion="Christian", language="English")
    fam = family(ethnicity="White British", religion="", language="English and Welsh")
    found = [c for c in checks(kid, fam, TODAY) if c.rule == "identity"]
    assert {c.outcome for c in found} == {SHOWN}
    assert "Ethnicity — child: Mixed White and Black Caribbean; family: White British" in [c.why for c in found]
    assert "Religion — child: Christian; family: Not recorded" in [c.why for c in found]
    cell = prefill(kid, fam, TODAY)["identity_culture"]
    assert not cell.hard_mismatch and cell.suggested is None


def test_all_fitting_suggests_meets_and_only_rule_areas_are_prefilled():
    cells = prefill(child(), family(), TODAY)
    assert set(cells) == {c.code for c in DEFAULT_CATALOGUE.criteria if c.prefill_rule}
    assert cells["wishes"].suggested == "meets" and not cells["wishes"].hard_mismatch
    assert cells["contact"].suggested == "meets"
    assert "appearance" not in cells


def test_a_mismatch_outweighs_an_unknown_in_the_same_area():
    cell = prefill(child(health="", disability="severe"), family(), TODAY)["health"]
    assert cell.hard_mismatch and cell.suggested == "concern" and cell.unknowns == 1
    assert cell.mismatches == ("Disability — child: severe; the family can meet up to mild",)


# --- a sibling group as one unit ------------------------------------------------------------------

def group(*children, group_id=7):
    return needs_profile([replace(c, sibling_group_id=group_id) for c in children])


BROTHER = dict(first_name="Jem", date_of_birth=date(2023, 2, 1), sex="M", id=2)


def test_group_profile_takes_the_most_need_and_every_history():
    p = group(child(disability="mild", contact=("letterbox",)),
              child(**BROTHER, disability="moderate", abuse=("none",), contact=("siblings",)))
    assert p.size == 2 and p.sibling_group_id == 7 and p.child_ids == (1, 2)
    assert p.levels["disability"] == "moderate"
    assert p.abuse == {"neglect"} and p.contact == {"letterbox", "siblings"}


def test_a_sibling_group_is_checked_as_one_unit():
    p = group(child(), child(**BROTHER))
    found = checks(p, family(max_children=2, siblings_ok="yes", age_min=0, age_max=4), TODAY)
    age = check_of(found, "Age")
    assert (age.outcome, age.why) == (MISMATCH, "The children are 6 and 3; the family want children aged 0 to 4")
    assert check_of(found, "Siblings").outcome == FIT
    assert check_of(checks(p, family(sexes_wanted="F"), TODAY), "Sex").why == (
        "Sex: the group includes a boy; the family hope for girls")


def test_sibling_group_against_number_and_willingness():
    p = group(child(), child(**BROTHER), child(first_name="Ada", date_of_birth=date(2024, 1, 1), sex="F", id=3))
    too_many = check_of(checks(p, family(max_children=2), TODAY), "Siblings")
    assert (too_many.outcome, too_many.why) == (MISMATCH, "A sibling group of 3, to be placed together; "
                                                          "the family can take up to 2 children")
    unwilling = check_of(checks(p, family(siblings_ok="no", max_children=3), TODAY), "Siblings")
    assert unwilling.outcome == MISMATCH and "would not take a sibling group" in unwilling.why
    assert check_of(checks(p, family(siblings_ok="", max_children=3), TODAY), "Siblings").outcome == UNKNOWN
    assert check_of(checks(p, family(max_children=None), TODAY), "Siblings").outcome == UNKNOWN
    assert check_of(checks(p, family(max_children=3), TODAY), "Siblings").outcome == FIT


def test_a_group_with_one_child_unrecorded_is_asked_unless_already_too_much():
    p = group(child(disability="mild"), child(**BROTHER, disability=""))
    c = check_of(checks(p, family(disability_max="severe"), TODAY), "Disability")
    assert c.outcome == UNKNOWN and "1 of 2 not recorded" in c.why
    c = check_of(checks(p, family(disability_max="none"), TODAY), "Disability")
    assert c.outcome == MISMATCH
    c = check_of(checks(group(child(), child(**BROTHER, abuse=())), family(), TODAY), "Abuse or neglect")
    assert c.outcome == UNKNOWN and "ask about the rest" in c.why


# --- ratings and the summary ----------------------------------------------------------------------

def test_ratings_vocabulary():
    assert list(RATINGS) == ["strength", "meets", "partly", "concern"]
    check_rating("")
    check_rating("partly")
    with pytest.raises(ValidationError, match="Rating: must be one of"):
        check_rating("excellent")


def cells_for(fam, ratings):
    pre = prefill(child(), fam, TODAY)
    return [MatrixCell(c.code, fam.id, ratings.get(c.code, ""), prefill=pre.get(c.code))
            for c in DEFAULT_CATALOGUE.criteria]


def test_summary_counts_lists_and_explains():
    fam = family(contact_ok=("siblings",))
    summary = family_summary(cells_for(fam, {"wishes": "strength", "health": "meets", "contact": "concern"}))
    assert summary.family_id == 10
    assert summary.counts["strength"] == 1 and summary.counts["concern"] == 1 and summary.counts[""] == 12
    assert summary.hard_mismatches == ("Contact with birth family: Contact: the child's plan includes letterbox "
                                       "(indirect) contact, which the family have not said they can support",)
    assert "Physical appearance" in summary.unrated and "Education" in summary.unrated
    assert summary.sentence.startswith("Rated 3 of 15 areas: 1 strength, 1 meets the need, 1 concern.")
    assert "1 hard mismatch (Contact with birth family)" in summary.sentence
    assert summary.sentence.endswith("The ratings explain; the child's social worker and manager decide.")


def test_summary_never_chooses_a_family():
    strong = family_summary(cells_for(family(), {c.code: "strength" for c in DEFAULT_CATALOGUE.criteria}))
    weak = family_summary(cells_for(family(id=11), {c.code: "concern" for c in DEFAULT_CATALOGUE.criteria}))
    for summary in (strong, weak):
        assert not any(hasattr(summary, name) for name in ("score", "rank", "total", "recommended"))
        assert not any(word in summary.sentence.lower() for word in ("recommend", "best", "choose", "should"))
    assert strong.sentence.startswith("Rated 15 of 15 areas: 15 strengths.")
    assert weak.sentence.startswith("Rated 15 of 15 areas: 15 concerns.")


def test_summary_is_for_one_family():
    with pytest.raises(ValueError):
        family_summary(cells_for(family(), {}) + cells_for(family(id=11), {}))


# --- who can be in a matrix -------------------------------------------------------------------------

def matrix_problems_of(stage, families, matched=None):
    with pytest.raises(ValidationError) as exc:
        check_matrix(stage, families, matched)
    return [str(p) for p in exc.value.problems]


def test_one_family_is_refused():
    assert matrix_problems_of("family_finding", [family()]) == [
        "Families: A matrix needs at least two families: with one family there is nothing to compare"]


def test_two_to_five_families_are_accepted_and_six_refused():
    five = [family(id=i, name=f"Family {i}") for i in range(1, 6)]
    check_matrix("family_finding", five[:2])
    check_matrix("linked", five)
    found = matrix_problems_of("linked", [*five, family(id=6, name="Family 6")])
    assert any("at most five" in p for p in found)
    assert any("same family twice" in p for p in matrix_problems_of("linked", [five[0], five[0], five[1]]))


def test_family_not_approved_or_already_matched_is_refused():
    fams = [family(id=1, name="Hartwell", stage="stage_two"), family(id=2, name="Ormsby")]
    assert "Families: Hartwell are not approved (Stage two)" in matrix_problems_of("family_finding", fams)
    found = matrix_problems_of("family_finding", [family(id=1, name="Hartwell"), family(id=2, name="Ormsby")],
                               {2: "match agreed at panel with C-0031"})
    assert found == ["Families: Ormsby are already matched (match agreed at panel with C-0031)"]


@pytest.mark.parametrize("stage", ["placed", "adoption_order", "match_agreed", "plan_changed"])
def test_child_no_longer_waiting_is_refused(stage):
    found = matrix_problems_of(stage, [family(id=1), family(id=2)])
    assert len(found) == 1 and found[0].startswith("Child: is at") and "still waiting" in found[0]


# --- the decision ------------------------------------------------------------------------------------

def decision(**kw):
    values = dict(family_id=2, decided_on=TODAY, reason="Best placed to support contact with her brother",
                  social_worker="Nell Ashdown", manager="Priya Calloway")
    values.update(kw)
    return MatrixDecision(**values)


def decision_fields(d, held_on=None):
    with pytest.raises(ValidationError) as exc:
        check_decision(d, [1, 2, 3], TODAY, held_on)
    return {p.field for p in exc.value.problems}


def test_a_complete_decision_is_accepted():
    check_decision(decision(), [1, 2, 3], TODAY, held_on=date(2026, 11, 1))


def test_a_decision_needs_deciders_family_reason_and_date():
    assert decision_fields(decision(social_worker=" ")) == {"Child's social worker"}
    assert decision_fields(decision(manager="")) == {"Manager"}
    assert decision_fields(decision(reason="")) == {"Reason"}
    assert decision_fields(decision(family_id=None)) == {"Family chosen"}
    assert decision_fields(decision(family_id=9)) == {"Family chosen"}
    assert decision_fields(decision(decided_on=None)) == {"Date of decision"}
    assert decision_fields(decision(decided_on=date(2026, 11, 21))) == {"Date of decision"}
    assert decision_fields(decision(decided_on=date(2026, 10, 1)), held_on=date(2026, 11, 1)) == {"Date of decision"}


def test_edits_after_the_decision_are_refused():
    check_editable(None)
    with pytest.raises(MatrixDecided) as exc:
        check_editable(date(2026, 11, 12))
    assert str(exc.value) == ("The decision was recorded on 12/11/2026: reopen the matrix as a new version "
                              "to change it")


def test_decision_ends_the_other_matrix_families_links_only():
    links = [Link(id=1, child_id=1, family_id=1, status="matching"), Link(id=2, child_id=1, family_id=2, status="exploring"),
             Link(id=3, child_id=1, family_id=3, status="interest"), Link(id=4, child_id=1, family_id=4, status="interest"),
             Link(id=5, child_id=1, family_id=3, status="ended")]
    ended = links_ended_by_decision(2, [1, 2, 3], links)
    assert [link.id for link in ended] == [1, 3]
    assert CHOSEN_ELSEWHERE in DEFAULT_END_REASONS
