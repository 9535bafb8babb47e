"""The shortlist: every family listed, the ones that fit ranked by an explained order, and every
family left out saying which rule removed it."""
from dataclasses import replace
from datetime import date

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.matrix import needs_profile
from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.domain.matrix import fit_checks, needs_profile
from homefinder_desktop.domain.shortlist import FITS, NOT_AVAILABLE, OUTSIDE_WISHES, shortlist

TODAY = date(2026, 11, 20)
OWN, PARTNER = 1, 2
KINDS = {OWN: "own", PARTNER: "partner"}


def child(**kw):
    values = dict(first_name="Tilly", date_of_birth=date(2022, 6, 1), sex="F", health="minor", disability="none",
                  development="none", drugs_alcohol="none", education="none", abuse=("neglect",),
                  contact=("letterbox",), id=1)
    values.update(kw)
    return Child(**values)


def family(id, name, **kw):
    values = dict(name=name, adopter_one=f"Sam {name}", agency_id=PARTNER, stage="approved",
                  approval_date=date(2025, 3, 1), max_children=2, age_min=0, age_max=6, sexes_wanted="either",
                  siblings_ok="yes", health_max="ongoing", disability_max="mild", development_max="some",
                  drugs_alcohol_max="suspected", education_max="support", abuse_ok=("neglect",),
                  contact_ok=("letterbox",), id=id)
    values.update(kw)
    return Family(**values)


def by_name(entries):
    return {e.family.name: e for e in entries}


def test_nothing_is_dropped_and_each_removed_family_says_why():
    families = [family(1, "Ashgrove"), family(2, "Brackley", stage="stage_two", approval_date=None),
                family(3, "Cotesworth", stage="on_hold"), family(4, "Dunmore", stage="withdrawn"),
                family(5, "Elsdon", age_max=2), family(6, "Fenwick", archived=True)]
    entries = shortlist(child(), families, TODAY, agency_kinds=KINDS)
    assert len(entries) == len(families)
    named = by_name(entries)
    assert named["Ashgrove"].fits and named["Ashgrove"].removed_by is None and named["Ashgrove"].rank == 1
    assert named["Brackley"].removed_by == "Not approved at panel (Stage two)"
    assert named["Cotesworth"].removed_by == "On hold: not available for matching"
    assert named["Dunmore"].removed_by == "Withdrawn from adoption"
    assert named["Elsdon"].removed_by == "Outside the family's stated wishes (age)"
    assert named["Elsdon"].reasons_against == ("Child is 4; the family want children aged 0 to 2",)
    assert named["Fenwick"].removed_by == "Archived: no longer an active family"
    assert {n: e.tier for n, e in named.items()} == {
        "Ashgrove": FITS, "Brackley": NOT_AVAILABLE, "Cotesworth": NOT_AVAILABLE, "Dunmore": NOT_AVAILABLE,
        "Elsdon": OUTSIDE_WISHES, "Fenwick": NOT_AVAILABLE}
    for name in ("Brackley", "Cotesworth", "Dunmore", "Elsdon", "Fenwick"):
        assert not named[name].fits and named[name].rank is None
        assert named[name].explanation.startswith(f"Not ranked ({named[name].removed_by})")


def test_removed_families_come_after_those_that_fit():
    families = [family(1, "Ashgrove", stage="stage_one"), family(2, "Brackley", disability_max="none", health_max="none"),
                family(3, "Cotesworth")]
    entries = shortlist(child(), families, TODAY)
    assert [e.family.name for e in entries] == ["Cotesworth", "Brackley", "Ashgrove"]
    assert entries[1].removed_by == "Outside the family's stated wishes (health needs)"


def test_unknowns_rank_lower_but_never_remove():
    families = [family(1, "Ashgrove", disability_max="", contact_ok=()), family(2, "Brackley")]
    entries = shortlist(child(), families, TODAY)
    assert [e.family.name for e in entries] == ["Brackley", "Ashgrove"]
    asked = entries[1]
    assert asked.fits and asked.unknowns == 2 and asked.hard_mismatches == 0
    assert any("Disability" in q and "ask them" in q for q in asked.to_ask)
    assert not any("Disability" in r for r in asked.reasons_for + asked.reasons_against)
    assert "2 things not recorded to ask about" in asked.explanation


def test_in_house_first_by_custom_then_longest_approved_then_name():
    families = [family(1, "Ashgrove", approval_date=date(2024, 1, 1)),
                family(2, "Brackley", agency_id=OWN, approval_date=date(2026, 1, 1)),
                family(3, "Cotesworth", approval_date=date(2023, 5, 1)),
                family(4, "Aldous", approval_date=date(2023, 5, 1))]
    entries = shortlist(child(), families, TODAY, agency_kinds=KINDS)
    assert [e.family.name for e in entries] == ["Brackley", "Aldous", "Cotesworth", "Ashgrove"]
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    assert entries[0].in_house and "an in-house family (considered first by custom)" in entries[0].explanation
    assert entries[1].explanation == ("Ranked 2: no hard mismatch, nothing left to ask, not an in-house family, "
                                      "approved 01/05/2023 (1,299 days ago).")


def test_fewer_hard_mismatches_rank_first_among_removed():
    families = [family(1, "Ashgrove", age_max=1, sexes_wanted="M"), family(2, "Brackley", age_max=1)]
    entries = shortlist(child(), families, TODAY)
    assert [(e.family.name, e.hard_mismatches) for e in entries] == [("Brackley", 1), ("Ashgrove", 2)]
    assert entries[1].removed_by == "Outside the family's stated wishes (age; sex)"


def test_a_family_committed_to_another_child_is_removed_with_its_link():
    links = {1: [Link(id=5, child_id=99, family_id=1, status="panel", reference="L-0005")],
             2: [Link(id=6, child_id=99, family_id=2, status="exploring")],
             3: [Link(id=7, child_id=1, family_id=3, status="matching")]}
    families = [family(1, "Ashgrove"), family(2, "Brackley"), family(3, "Cotesworth")]
    named = by_name(shortlist(child(), families, TODAY, active_links_by_family=links))
    assert named["Ashgrove"].removed_by == "Already committed to another child (link L-0005, match at panel)"
    assert named["Brackley"].fits  # exploring another child is not yet a commitment
    assert named["Cotesworth"].fits  # matching with this child is a reason for, not against
    assert "Already linked with this child (matching)" in named["Cotesworth"].reasons_for


def test_a_sibling_group_is_shortlisted_as_one_unit():
    brother = child(first_name="Jem", date_of_birth=date(2024, 2, 1), sex="M", id=2, disability="mild")
    unit = needs_profile([replace(child(), sibling_group_id=7), replace(brother, sibling_group_id=7)])
    families = [family(1, "Ashgrove", max_children=1, siblings_ok="no"), family(2, "Brackley", sexes_wanted="F"),
                family(3, "Cotesworth")]
    links = {3: [Link(id=8, sibling_group_id=7, family_id=3, status="interest")]}
    named = by_name(shortlist(unit, families, TODAY, active_links_by_family=links))
    assert named["Ashgrove"].removed_by == "Outside the family's stated wishes (siblings)"
    assert named["Brackley"].removed_by == "Outside the family's stated wishes (sex)"
    assert named["Cotesworth"].fits and named["Cotesworth"].rank == 1
    assert "Already linked with this child (interest registered)" in named["Cotesworth"].reasons_for


def test_identity_is_shown_side_by_side_not_ranked():
    entries = shortlist(child(ethnicity="Black African"), [family(1, "Ashgrove", ethnicity="White Irish")], TODAY)
    assert entries[0].fits
    assert "Ethnicity — child: Black African; family: White Irish" in entries[0].side_by_side


def test_no_approval_date_goes_after_dated_families():
    families = [family(1, "Ashgrove", approval_date=None), family(2, "Brackley", approval_date=date(2026, 1, 1))]
    entries = shortlist(child(), families, TODAY)
    assert [e.family.name for e in entries] == ["Brackley", "Ashgrove"]
    assert "no approval date recorded" in entries[1].explanation


def test_each_check_of_fit_reads_only_the_fields_it_is_remembered_by():
    """A shortlist remembers each check's answer by the family fields FIT_CHECKS names for it: a
    field a check read but its key left out would give one family another's reasons."""
    from homefinder_desktop.domain.matrix import FIT_CHECKS

    class Watched:
        def __init__(self, family):
            self._family, self.read = family, set()

        def __getattr__(self, name):
            self.read.add(name)
            return getattr(self._family, name)

    profiles = (needs_profile([child()]), needs_profile([child(), child(sex="M", id=2)], sibling_group_id=1))
    families = (family(1, "Ashgrove"), family(2, "Brackley", age_max=2, sexes_wanted="M", siblings_ok="no"),
                family(3, "Cotesworth", age_min=None, age_max=None, sexes_wanted="", health_max=""))
    for fields, check in FIT_CHECKS:
        for profile in profiles:
            for fam in families:
                watched = Watched(fam)
                check(profile, watched, TODAY)
                assert watched.read <= set(fields), (fields, watched.read)


def test_a_remembered_answer_is_the_same_as_a_fresh_one():
    families = [family(n, f"F{n}", age_max=2 + n % 4, sexes_wanted=("F", "M", "either")[n % 3]) for n in range(1, 40)]
    memo: dict = {}
    assert [fit_checks(needs_profile([child()]), f, TODAY, memo) for f in families] == \
        [fit_checks(needs_profile([child()]), f, TODAY) for f in families]
