"""Child profiles for an event: the booklet read back with poppler (pdftotext for the words,
pdfimages for the photos actually printed), at each privacy level."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.photos import ChildPhoto
from homefinder_desktop.domain.profiles import (EVENT, LEVELS, PANEL, PUBLIC, STILL_ASSESSED, Booklet, family_sought,
                                                profile, profile_text)
from homefinder_desktop.domain.records import Child, SiblingGroup
from homefinder_desktop.reports import profiles as report
from homefinder_desktop.reports.profile_layout import PRINT_SIDE
from homefinder_desktop.services import photos, profiles, records
from homefinder_desktop.storage.registers import RegisterQuery
from photo_bytes import demo_jpeg, noise_png

TODAY = date(2026, 11, 20)
EVENING = date(2026, 12, 3)
TITLE = "Autumn profile evening"
HEADING = "Autumn profile evening, 03/12/2026"

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdfimages")),
                                reason="poppler-utils (pdftotext, pdfimages) is not installed")


def add_child(s, first, last="Ashworth", born=date(2022, 3, 1), sex="F", **kw) -> int:
    values = dict(first_name=first, last_name=last, date_of_birth=born, sex=sex, stage="family_finding",
                  stage_date=date(2026, 9, 1))
    values.update(kw)
    return records.add(s, Child(**values)).record_id


def add_group(s, name, decision="together") -> int:
    extra = {} if decision == "together" else dict(decision_date=date(2026, 1, 5),
                                                   decision_reason="Their needs are best met apart")
    return records.add(s, SiblingGroup(name=name, decision=decision, **extra)).record_id


# Notes are the worker's own and never printed, even a line that looks like a profile's words.
IVY_NOTES = ("Birth mother lives at 12 Example Road; do not share.\n"
             "Personality: moody after contact with Example Road.")
IVY_PROFILE = dict(personality="Ivy Ashworth is a cheerful, chatty girl who loves company.",
                   interests="Puddles, dinosaurs and the big swings in the park.",
                   family_sought="A family with time for\n  stories, who loves being outdoors.")


@pytest.fixture
def ivy(s):
    """Ivy Ashworth, 4, with a history the public must not see, one photo cleared for public
    events and one not."""
    child = add_child(s, "Ivy", notes=IVY_NOTES, **IVY_PROFILE, health="minor", disability="none", development="none",
                      drugs_alcohol="none", education="none", abuse=("neglect", "sexual"), contact=("letterbox",),
                      needs_notes="Grommets fitted at the Example Hospital; hearing checked yearly.",
                      ethnicity="White British")
    photos.add_photo(s, child, demo_jpeg("house.jpg"), "Drawing of the house", public_ok=True)
    photos.add_photo(s, child, noise_png(), "At the seaside", public_ok=False)
    return child


@pytest.fixture
def brooks(s):
    """Theo and Mia Brook, to be placed together; Theo has a photo cleared for public events."""
    group = add_group(s, "Brook siblings")
    theo = add_child(s, "Theo", "Brook", date(2020, 5, 1), "M", sibling_group_id=group, health="ongoing")
    mia = add_child(s, "Mia", "Brook", date(2025, 1, 10), sibling_group_id=group, health="none")
    photos.add_photo(s, theo, demo_jpeg("bike.jpg"), "The new bike", public_ok=True)
    return group, theo, mia


def pdf_pages(tmp_path, data: bytes, layout: bool = False) -> list[str]:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(data)
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(path), "-"]
    pages = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    return pages if layout else [" ".join(page.split()) for page in pages]


def images(tmp_path, data: bytes) -> list[tuple[int, int, int]]:
    """(page, width, height) of every image the PDF draws, from `pdfimages -list`."""
    path = tmp_path / "images.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(int(r[0]), int(r[3]), int(r[4])) for r in rows if r[2] == "image"]


def booklet(s, level, **choice) -> bytes:
    return profiles.booklet_pdf(s, level=level, event_title=TITLE, event_date=EVENING, **choice)


# --- privacy levels -----------------------------------------------------------------------------

def test_the_public_level_shows_first_names_and_ages_only(s, tmp_path, ivy, brooks):
    group, _theo, _mia = brooks
    data = booklet(s, "public", child_ids=[ivy], group_ids=[group])
    text = " ".join(pdf_pages(tmp_path, data))
    assert images(tmp_path, data) == []
    for withheld in ("Ashworth", "Brook", "01/03/2022", "01/05/2020", "C-0", "Born", "Example Road",
                     "Drawing of the house", "sexual", "neglect", "Grommets", "White British"):
        assert withheld.lower() not in text.lower(), withheld
    assert "Ivy 4 years old, girl" in text
    # The worker's words are printed with the surname reduced to its initial.
    assert "Ivy A. is a cheerful, chatty girl who loves company." in text
    assert "Puddles, dinosaurs and the big swings" in text
    assert "A family with time for stories, who loves being outdoors." in text
    assert "Minor health needs" in text and "Early life" not in text
    assert "Public event copy." in text and "Privacy level: Public event" in text


def test_the_event_level_prints_only_photos_cleared_for_public_events(s, tmp_path, ivy, brooks):
    group, _theo, _mia = brooks
    data = booklet(s, "event", child_ids=[ivy], group_ids=[group])
    pages = pdf_pages(tmp_path, data)
    text = " ".join(pages)
    assert [page for page, _w, _h in images(tmp_path, data)] == [3, 4]   # Ivy's house, Theo's bike
    assert "Drawing of the house" in text and "At the seaside" not in text
    assert "Ashworth" not in text and "Brook" not in text and "01/03/2022" not in text
    assert "A difficult start in life; more is shared with families who enquire" in text
    assert "sexual" not in text.lower()
    assert "Heritage: White British." in text
    assert "Grommets" not in text   # the worker's notes on needs are for the panel


def test_the_panel_level_shows_full_names_dates_of_birth_and_every_photo(s, tmp_path, ivy, brooks):
    group, _theo, _mia = brooks
    data = booklet(s, "panel", child_ids=[ivy], group_ids=[group])
    text = " ".join(pdf_pages(tmp_path, data))
    assert len([i for i in images(tmp_path, data) if i[0] == 3]) == 2   # both of Ivy's photos
    assert "Ivy Ashworth (C-00001)" in text and "Born 01/03/2022 (4 years old), girl" in text
    assert "Ivy Ashworth is a cheerful" in text
    assert "Brook siblings: Theo and Mia" in text
    assert "Experienced neglect and sexual harm" in text
    assert "More about these needs: Grommets fitted" in text
    assert "Example Road" not in text and "moody" not in text   # the notes are never printed


def test_confidential_with_the_event_and_date_on_every_page(s, tmp_path, ivy, brooks):
    data = booklet(s, "event", child_ids=[ivy], group_ids=[brooks[0]])
    pages = pdf_pages(tmp_path, data)
    assert len(pages) == 4   # cover, contents, Ivy, the Brooks
    for n, page in enumerate(pages, 1):
        assert "CONFIDENTIAL" in page and HEADING in page and f"Page {n} of 4" in page, n
    assert "Profile evening copy." in pages[2] and "Profile evening copy." in pages[3]


# --- choosing and paging --------------------------------------------------------------------------

def test_a_sibling_group_together_is_one_page_naming_each_child(s, tmp_path, brooks):
    group, theo, mia = brooks
    # Chosen through one child, or both, the group is one page.
    for choice in (dict(child_ids=[theo]), dict(child_ids=[mia, theo]), dict(group_ids=[group])):
        pages = pdf_pages(tmp_path, booklet(s, "event", **choice))
        assert len(pages) == 3, choice
        page = pages[2]
        assert "Theo and Mia" in page and "A brother and sister to be placed together" in page
        assert "6 years old, boy" in page and "22 months old, girl" in page   # under each one's photo
        assert "can welcome two children at once, and keep them together" in page


def test_a_group_to_be_placed_apart_gives_each_child_a_page(s, tmp_path):
    group = add_group(s, "Reed siblings", decision="apart")
    esme = add_child(s, "Esme", "Reed", date(2019, 2, 2), sibling_group_id=group)
    leo = add_child(s, "Leo", "Reed", date(2021, 7, 7), "M", sibling_group_id=group)
    assert set(profiles.chosen_units(s, group_ids=[group])) == {("child", esme), ("child", leo)}
    pages = pdf_pages(tmp_path, booklet(s, "event", group_ids=[group]))
    assert len(pages) == 4 and pages[2].count("to be placed together") == 0


def test_the_contents_lists_every_profile_with_the_right_page(s, tmp_path, brooks):
    """Enough children for the contents to run over two pages: every number must still be right."""
    for n in range(52):
        add_child(s, f"Robin{n:02d}", f"Testname{n:02d}", date(2018 + n % 7, 1 + n % 12, 1), "FM"[n % 2])
    data = booklet(s, "event", query=RegisterQuery(stage="family_finding"))
    plain = pdf_pages(tmp_path, data)
    layout = pdf_pages(tmp_path, data, layout=True)
    contents = [n for n, page in enumerate(plain) if "Contents" in page[:200]]
    assert contents == [1, 2]   # pages 2 and 3
    entries = [re.match(r"^\s*(\S.*?)\s{2,}(\S.*?)\s{2,}(\d+)\s*$", line) for n in contents
               for line in layout[n].splitlines()]
    entries = [(m.group(1), int(m.group(3))) for m in entries if m]
    assert len(entries) == 53 == len(plain) - 3   # 52 children and the Brooks, one page each
    assert {name for name, _page in entries} >= {f"Robin{n:02d}" for n in range(52)} | {"Theo and Mia"}
    for name, page in entries:
        assert name in plain[page - 1][:400], (name, page)   # the profile's own name, at its head
        assert "Contents" not in plain[page - 1][:200]


def test_an_empty_choice_says_so(s, tmp_path, ivy):
    for choice in ({}, dict(query=RegisterQuery(stage="placed"))):
        pages = pdf_pages(tmp_path, booklet(s, "event", **choice))
        assert len(pages) == 1
        assert "No child or sibling group was chosen for this booklet." in pages[0]
        assert "CONFIDENTIAL" in pages[0] and HEADING in pages[0]


def test_archived_and_deleted_children_are_left_out(s, ivy):
    other = add_child(s, "Nell")
    gone = add_child(s, "Pip")
    records.archive(s, Child, other)
    records.delete_in_error(s, Child, gone, "Entered twice")
    assert profiles.chosen_units(s, child_ids=[other, gone, ivy]) == [("child", ivy)]


def test_the_filter_chooses_as_the_children_list_does(s, ivy, brooks):
    add_child(s, "Nell", stage="placement_order")
    units = profiles.chosen_units(s, query=RegisterQuery(stage="family_finding"))
    assert set(units) == {("child", ivy), ("group", brooks[0])}


def test_bad_choices_are_refused_naming_the_field_and_nothing_is_saved(s, tmp_path, ivy):
    target = tmp_path / "booklet"
    cases = [(dict(level="secret", event_title=TITLE, event_date=EVENING), "Privacy level"),
             (dict(level="event", event_title="  ", event_date=EVENING), "Event"),
             (dict(level="event", event_title=TITLE, event_date=None), "Date of the event")]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as info:
            profiles.save_booklet(s, child_ids=[ivy], target=target, **kwargs)
        assert field in str(info.value)
    assert list(tmp_path.glob("booklet*")) == []


def test_save_writes_the_pdf_where_chosen(s, tmp_path, ivy):
    path = profiles.save_booklet(s, child_ids=[ivy], level="public", event_title=TITLE, event_date=EVENING,
                                 target=tmp_path / "Autumn evening")
    assert path == tmp_path / "Autumn evening.pdf" and path.read_bytes().startswith(b"%PDF")


# --- photos that cannot be printed as they are ------------------------------------------------

def _pillow_image(kind: str, size: tuple[int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind)
    return out.getvalue()


def _child(child_id: int, first: str) -> Child:
    return Child(first_name=first, last_name="Example", date_of_birth=date(2021, 6, 1), sex="F", id=child_id)


def test_a_photo_that_is_not_an_image_damaged_or_huge_never_breaks_the_booklet(tmp_path):
    """The photo service refuses such files on the way in; the booklet copes even so."""
    good = demo_jpeg("cat.jpg")
    broken_png = bytearray(noise_png(64, 48))
    broken_png[60:80] = b"\x00" * 20   # the pixels' checksum no longer matches
    bad = {"text": b"This is a letter, not a photo.", "truncated": good[:len(good) // 3],
           "broken png": bytes(broken_png), "empty": b"",
           "bomb": _pillow_image("PNG", (1, 1))[:16] + b"\x00\x00\xfd\xe8\x00\x00\xfd\xe8" + b"\x00" * 40}
    huge = {"huge jpeg": _pillow_image("JPEG", (6000, 6000)), "huge png": _pillow_image("PNG", (6000, 4000))}
    children, chosen = [], {}
    for n, (name, data) in enumerate([("good", good)] + list(bad.items()) + list(huge.items()), 1):
        children.append(_child(n, f"Kid{n}"))
        chosen[n] = [(ChildPhoto(child_id=n, caption=name, public_ok=True), data)]
    pages = [profile([c], EVENT, EVENING, chosen, {c.id: 1}) for c in children]
    data = report.build_pdf("Northshire County Council", "Brightpath Adoption",
                            Booklet(TITLE, EVENING, EVENT, tuple(pages)), TODAY)
    text = pdf_pages(tmp_path, data)
    drawn = images(tmp_path, data)
    first = 3   # after the cover and the contents
    assert [p for p, _w, _h in drawn] == [first, first + 6, first + 7]   # the good one and the two huge ones
    assert all(max(w, h) <= PRINT_SIDE for _p, w, h in drawn)
    for n in range(1, 6):
        assert "No photo" in text[first - 1 + n], n
    assert "No photo" not in text[first - 1]


def test_a_long_profile_still_fits_one_page(s, tmp_path):
    long = "Loves stories, building dens and helping in the garden, and asks a great many questions. " * 12
    add_child(s, "Wren", personality=long, interests=long, family_sought=long,
              health="complex", disability="severe", development="significant", drugs_alcohol="confirmed",
              education="ehcp", abuse=("neglect", "physical", "emotional", "domestic"),
              contact=("letterbox", "siblings", "birth_parents", "relatives"), needs_notes=long)
    pages = pdf_pages(tmp_path, booklet(s, "panel", query=RegisterQuery()))
    assert len(pages) == 3 and "The family we are looking for" in pages[2] and "Adoption panel copy." in pages[2]
    assert "\u2026" in pages[2]   # the long words were cut at a word


# --- the words ----------------------------------------------------------------------------------

def test_the_profile_words_are_the_records_fields_on_one_line_and_never_the_notes():
    child = Child(first_name="Ada", notes="Personality: from the notes.\nInterests: Lego",
                  personality="  Calm,\n kind.  ", interests="", family_sought="Patient people. " * 80)
    words = profile_text(child)
    assert words["personality"] == "Calm, kind." and words["interests"] == ""
    assert words["family_sought"].endswith("\u2026") and len(words["family_sought"]) <= 701
    page = profile([child], PUBLIC, EVENING, {}, {})
    assert page.children[0].personality == "Calm, kind." and page.children[0].interests == ""
    assert page.family_intro == words["family_sought"]
    assert page.gaps == ("Ada: no words on interests",)


def test_needs_not_recorded_are_still_being_assessed_never_none():
    child = _child(1, "Ada")
    rows = dict(profile([child], PANEL, EVENING, {}, {}).needs)
    assert rows["Health"] == STILL_ASSESSED and rows["Early life"] == STILL_ASSESSED
    assert rows["Contact with birth family"] == "Still being planned"
    child.health, child.abuse, child.contact = "none", ("none",), ("none",)
    rows = dict(profile([child], PANEL, EVENING, {}, {}).needs)
    assert rows["Health"] == "No health needs known" and rows["Early life"] == "No abuse or neglect known"
    assert rows["Contact with birth family"] == "No contact planned"


def test_the_family_sought_follows_the_greatest_needs_of_the_group():
    older = Child(first_name="Ada", date_of_birth=date(2019, 1, 1), sex="F", health="complex", id=1,
                  contact=("letterbox",))
    younger = Child(first_name="Bo", date_of_birth=date(2024, 1, 1), sex="M", disability="moderate", id=2,
                    abuse=("neglect",), contact=("siblings",))
    wants = family_sought([older, younger], PANEL, EVENING)
    assert wants[:2] == ["can welcome two children at once, and keep them together",
                         "would welcome children of school age"]
    assert "can learn to give specialist health care, with training and support" in wants
    assert "is open to caring for a child with a disability" in wants
    assert "can offer patient, nurturing parenting after a difficult start" in wants
    assert wants[-1] == ("will support letterbox contact (letters) with the birth family and meeting brothers "
                         "or sisters who live elsewhere")
    assert not any("difficult start" in w for w in family_sought([older, younger], PUBLIC, EVENING))
    page = profile([older, younger], EVENT, EVENING, {}, {})
    assert dict(page.needs)["Disability"] == "Ada: still being assessed\nBo: a moderate disability"
    assert dict(page.needs)["Early life"] == ("Ada: still being assessed\n"
                                              "Bo: a difficult start in life; more is shared with families who enquire")


def test_every_level_says_what_it_shows():
    assert set(LEVELS) == {"public", "event", "panel"}
    assert not PUBLIC.allows(ChildPhoto(public_ok=True))
    assert EVENT.allows(ChildPhoto(public_ok=True)) and not EVENT.allows(ChildPhoto(public_ok=False))
    assert PANEL.allows(ChildPhoto(public_ok=False))


def test_what_is_missing_is_listed_for_the_worker(s, ivy, brooks):
    data = profiles.booklet(s, child_ids=[ivy], group_ids=[brooks[0]], level="event", event_title=TITLE,
                            event_date=EVENING)
    assert [p.gaps for p in data.profiles] == [
        (), ("Theo: no words on personality or interests",
             "Mia: no words on personality or interests; no photo cleared for public events")]
    assert data.summary() == "2 profiles: 3 children, 2 of them in 1 sibling group placed together"
