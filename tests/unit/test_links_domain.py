"""The rules of a link: how its status moves, what a placement ends, and competing interest."""
from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.links import (LINK_SOURCES, Link, LinkParty, check_link_status_change,
                                             competing_interest, links_ended_by_placement)
from homefinder_desktop.domain.records import StageChange

TODAY = date(2026, 11, 20)
IDENTIFIED = date(2026, 11, 2)


def steps(*pairs):
    return [StageChange(stage, day, id=i) for i, (stage, day) in enumerate(pairs, 1)]


def problems(history, new, identified_on=IDENTIFIED):
    with pytest.raises(ValidationError) as exc:
        check_link_status_change(history, new, TODAY, identified_on)
    return {(p.field, p.problem) for p in exc.value.problems}


def test_partner_agency_is_a_source():
    assert LINK_SOURCES["partner_agency"] == "Partner agency"


def test_forward_moves_freely_even_skipping_steps():
    history = steps(("identified", IDENTIFIED))
    check_link_status_change(history, StageChange("exploring", date(2026, 11, 5)), TODAY, IDENTIFIED)
    check_link_status_change(history, StageChange("panel", date(2026, 11, 5)), TODAY, IDENTIFIED)


def test_backwards_needs_a_reason():
    history = steps(("identified", IDENTIFIED), ("matching", date(2026, 11, 10)))
    found = problems(history, StageChange("exploring", date(2026, 11, 12)))
    assert ("Reason", "is required to move a link back from Matching to Being explored") in found
    check_link_status_change(history, StageChange("exploring", date(2026, 11, 12), "Panel date moved; more visits"),
                             TODAY, IDENTIFIED)


def test_ending_needs_a_reason():
    history = steps(("identified", IDENTIFIED))
    assert ("Why it did not progress", "is required when a link ends") in problems(
        history, StageChange("ended", date(2026, 11, 5)))


@pytest.mark.parametrize("final, words", [("placed", "placed"), ("ended", "did not progress")])
def test_nothing_after_placed_or_ended(final, words):
    history = steps(("identified", IDENTIFIED), (final, date(2026, 11, 10)))
    found = problems(history, StageChange("matching", date(2026, 11, 12), "try again"))
    assert ("Status", f"cannot change: the link is {words}; make a new link instead") in found


def test_dates_not_future_nor_before_identification_nor_last_step():
    history = steps(("identified", IDENTIFIED), ("interest", date(2026, 11, 10)))
    assert ("Date of status", "is in the future") in problems(history, StageChange("exploring", date(2026, 11, 21)))
    assert ("Date of status", "is before the last step in the history (10/11/2026)") in problems(
        history, StageChange("exploring", date(2026, 11, 9)))
    assert ("Date of status", "is before the link was identified (02/11/2026)") in problems(
        [], StageChange("interest", date(2026, 11, 1)))


def test_same_status_again_refused():
    history = steps(("identified", IDENTIFIED), ("interest", date(2026, 11, 10)))
    assert ("Status", "is already Interest registered") in problems(history, StageChange("interest", date(2026, 11, 12)))


def test_placement_ends_the_other_active_links_only():
    links = [Link(id=1, status="matching"), Link(id=2, status="interest"), Link(id=3, status="ended"),
             Link(id=4, status="identified")]
    assert [link.id for link in links_ended_by_placement(1, links)] == [2, 4]


def party(i, family, agency, kind, worker=""):
    return LinkParty(i, f"L-0000{i}", family, agency, kind, worker)


def test_one_family_is_no_competition():
    assert competing_interest([party(1, "Oakley family", "Northshire", "own", "Sam Patel")], "Ivy Ashworth") is None


def test_competition_across_agencies_names_who_must_be_told():
    found = competing_interest([party(2, "Brook family", "Brightpath Adoption", "partner"),
                                party(1, "Oakley family", "Northshire", "own", "Sam Patel")],
                               "Ivy Ashworth", "Priya Okafor")
    assert found is not None and found.across_agencies
    assert found.agencies == ["Brightpath Adoption", "Northshire"]
    assert [p.family for p in found.parties] == ["Oakley family", "Brook family"]  # in-house first
    assert found.who_must_be_told() == [
        "Sam Patel (social worker for Oakley family, Northshire)",
        "Brook family's social worker (Brightpath Adoption): none recorded",
        "Priya Okafor (social worker for Ivy Ashworth)"]
    assert "matching-matrix meeting is proposed" in found.describe()


def test_two_in_house_families_compete_too():
    found = competing_interest([party(1, "Oakley family", "Northshire", "own"),
                                party(2, "Reed family", "Northshire", "own")], "Ivy Ashworth")
    assert found is not None and not found.across_agencies


def test_ended_link_needs_reason_from_list_or_words():
    base = dict(child_id=1, family_id=2, identified_on=IDENTIFIED, status="ended")
    assert any(p.field == "Why it did not progress" for p in Link(**base).problems(TODAY))
    assert Link(**base, end_reason_id=3).problems(TODAY) == []
