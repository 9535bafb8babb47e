"""What the privacy switch leaves out: surnames (and their plurals) become initials, families are
lettered with the adopters' first names, and a child is an age, never a date of birth."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain import privacy
from homefinder_desktop.domain.records import Child, Family

IVY = Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F", reference="C-00001")
BROOK = Family(name="Brook family", adopter_one="Sam Brook", adopter_two="Alex Brook-Hale")


def test_surnames_and_their_plurals_become_initials():
    names = privacy.surnames_of([IVY], [BROOK])
    assert names == ["Brook-Hale", "Ashworth", "Brook"]
    text = "The Brooks met Ivy Ashworth; ASHWORTH contact with Ms Brook-Hale. Brookside is a street."
    assert privacy.mask_surnames(text, names) == "The B. met Ivy A.; A. contact with Ms B. Brookside is a street."


def test_family_label_letters_and_first_names():
    assert privacy.family_label(BROOK, 1, private=True) == "Family B: Sam and Alex"
    assert privacy.family_label(BROOK, 1, private=False) == "Brook family"
    assert privacy.family_label(Family(name="Lone family"), 0, private=True) == "Family A"


def test_child_is_an_age_never_a_date_of_birth_in_private():
    on = date(2026, 11, 20)
    assert privacy.child_facts(IVY, on, private=True) == "4 years old, girl"
    assert privacy.child_facts(IVY, on, private=False) == "Born 01/03/2022 (4 years old), girl"
    assert privacy.child_label(IVY, private=True) == "Ivy"
    assert privacy.child_label(IVY, private=False) == "Ivy Ashworth (C-00001)"


def test_a_familys_area_is_withheld_with_the_surnames():
    brook = Family(name="Brook family", adopter_one="Sam Brook", area="Elmstead")
    hide = privacy.withheld([IVY], [brook])
    assert hide("The Brooks found groups near Elmstead for Ivy Ashworth.") == \
        "The B. found groups near their area for Ivy A."
