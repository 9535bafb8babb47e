"""A child's photos: recognised by their own bytes, audited without them, marked for public events."""
from __future__ import annotations

import json
import struct
from datetime import date, timedelta

import pytest
from photo_bytes import DEMO_PHOTOS, demo_jpeg, noise_png

from homefinder_desktop.domain.errors import HomefinderError, NotFound, ValidationError
from homefinder_desktop.domain.photos import (JPEG, MAX_BYTES, MAX_PHOTOS_PER_CHILD, PNG, describe_image,
                                              image_info, image_problems)
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import photos, records


@pytest.fixture
def child_id(new_session) -> int:
    child = Child(first_name="Wren", last_name="Holloway", date_of_birth=date(2021, 4, 2), sex="F",
                  stage_date=date(2026, 1, 10))
    return records.add(new_session, child).record_id


def _audit_rows(session, action=None):
    sql = "SELECT * FROM audit WHERE table_name = 'child_photos'" + (f" AND action = '{action}'" if action else "")
    return list(session.database().query(sql + " ORDER BY id"))


def _photo_rows(session) -> int:
    return session.database().execute("SELECT count(*) FROM child_photos").fetchone()[0]


# --- the header reader ----------------------------------------------------------------------------

def test_png_and_jpeg_are_recognised_by_their_headers():
    info = image_info(noise_png(64, 48))
    assert (info.media_type, info.width, info.height) == (PNG, 64, 48)
    info = image_info(demo_jpeg())
    assert (info.media_type, info.width, info.height) == (JPEG, 640, 480)


def test_a_progressive_jpeg_frame_header_is_read():
    # SOI, an APP0 segment to skip, fill bytes, then SOF2 (progressive): 8-bit, 300 high, 500 wide.
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof2 = b"\xff\xff\xc2" + struct.pack(">HBHHB", 11, 8, 300, 500, 1) + b"\x01\x11\x00"
    info = image_info(b"\xff\xd8" + app0 + sof2 + b"\xff\xd9")
    assert (info.media_type, info.width, info.height) == (JPEG, 500, 300)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",  # a PDF renamed photo.jpg
    b"Notes from the profile evening",  # a text file renamed .jpg
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",  # an image, but not one Homefinder keeps
    b"\xff\xd8\xff\xe0\x00\x10JFIF",  # a JPEG cut off before its frame header
    b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIEND" + b"\x00" * 20,  # a PNG whose first chunk is not IHDR
    b"\xff\xd8\xff\xda\x00\x08",  # a scan before any frame header
    b"",
])
def test_anything_else_is_not_an_image(data):
    assert image_info(data) is None
    _info, problems = image_problems(data)
    assert problems and problems[0].field == "Photo"


def test_describe_image_says_kind_size_and_bytes_never_content():
    assert describe_image(demo_jpeg()) == f"JPEG photo, 640 × 480, {round(len(demo_jpeg()) / 1024)} KB"
    assert describe_image(b"\x00" * 3000) == "binary data, 3 KB"


def test_an_oversized_image_is_refused_by_its_header(new_session, child_id):
    huge = noise_png(8, 8)[:16] + struct.pack(">II", 9000, 7000) + noise_png(8, 8)[24:]
    with pytest.raises(ValidationError, match="9,000 × 7,000 pixels"):
        photos.add_photo(new_session, child_id, huge)
    padded = demo_jpeg() + b"\x00" * (MAX_BYTES + 1)
    with pytest.raises(ValidationError, match="Photo: is too large"):
        photos.add_photo(new_session, child_id, padded)
    assert _photo_rows(new_session) == 0


# --- adding, listing, changing ---------------------------------------------------------------------

def test_add_a_photo_lists_it_without_bytes_and_reads_them_back(new_session, child_id):
    image = demo_jpeg("cat.jpg")
    changes = photos.add_photo(new_session, child_id, image, "  Drawing of the cat ", date(2026, 3, 1))
    assert changes.touches("child_photos")
    [photo] = photos.photos_of(new_session, child_id)
    assert photo.id == changes.record_id
    assert (photo.caption, photo.taken_on, photo.public_ok) == ("Drawing of the cat", date(2026, 3, 1), False)
    assert (photo.media_type, photo.width, photo.height, photo.size) == (JPEG, 640, 480, len(image))
    assert photo.added_on == new_session.today()
    assert photos.image_of(new_session, photo.id) == image


def test_the_media_type_comes_from_the_bytes_not_the_caller(new_session, child_id):
    photos.add_photo(new_session, child_id, noise_png(30, 20))
    [photo] = photos.photos_of(new_session, child_id)
    assert (photo.media_type, photo.width, photo.height) == (PNG, 30, 20)


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"Not a photo at all, just text.\n"])
def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message_and_nothing_written(
        new_session, child_id, data):
    before = len(_audit_rows(new_session))
    with pytest.raises(ValidationError) as info:
        photos.add_photo(new_session, child_id, data, "Profile photo")
    assert str(info.value) == "Nothing was saved. Photo: is not a JPEG or PNG image."
    assert info.value.for_field("Photo") == ["is not a JPEG or PNG image"]
    assert _photo_rows(new_session) == 0 and len(_audit_rows(new_session)) == before


def test_caption_and_date_taken_are_checked_and_named(new_session, child_id):
    today = new_session.today()
    with pytest.raises(ValidationError) as info:
        photos.add_photo(new_session, child_id, demo_jpeg(), "x" * 201, today + timedelta(days=1))
    assert info.value.for_field("Caption") == ["is too long (201 characters): at most 200"]
    assert info.value.for_field("Date taken") == ["is in the future"]
    with pytest.raises(ValidationError, match="Date taken: is before the child's date of birth"):
        photos.add_photo(new_session, child_id, demo_jpeg(), "", date(2020, 1, 1))
    with pytest.raises(ValidationError, match="Caption: must be one line"):
        photos.add_photo(new_session, child_id, demo_jpeg(), "Two\nlines")
    assert _photo_rows(new_session) == 0


def test_an_archived_childs_photos_cannot_be_changed(new_session, child_id):
    photo_id = photos.add_photo(new_session, child_id, demo_jpeg()).record_id
    records.archive(new_session, Child, child_id)
    for attempt in (lambda: photos.add_photo(new_session, child_id, demo_jpeg()),
                    lambda: photos.set_public(new_session, photo_id, True),
                    lambda: photos.remove_photo(new_session, photo_id)):
        with pytest.raises(HomefinderError, match="archived: restore it"):
            attempt()
    assert [p.public_ok for p in photos.photos_of(new_session, child_id)] == [False]


def test_a_child_has_a_limited_number_of_photos(new_session, child_id, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTOS_PER_CHILD", 2)
    photos.add_photo(new_session, child_id, demo_jpeg())
    photos.add_photo(new_session, child_id, demo_jpeg())
    with pytest.raises(ValidationError, match="already has 2 photos. Remove one first"):
        photos.add_photo(new_session, child_id, demo_jpeg())
    assert MAX_PHOTOS_PER_CHILD >= 10


def test_a_photo_for_a_child_who_does_not_exist(new_session):
    with pytest.raises(NotFound):
        photos.add_photo(new_session, 999, demo_jpeg())


# --- the public-events mark ------------------------------------------------------------------------

def test_photos_are_not_public_unless_marked_and_the_mark_is_audited(new_session, child_id):
    first = photos.add_photo(new_session, child_id, demo_jpeg("house.jpg"), "House").record_id
    second = photos.add_photo(new_session, child_id, demo_jpeg("bike.jpg"), "Bike").record_id
    assert photos.public_photos_of(new_session, child_id) == []
    photos.set_public(new_session, second, True)
    public = photos.public_photos_of(new_session, child_id)
    assert [(p.id, p.caption) for p, _image in public] == [(second, "Bike")]
    assert public[0][1] == demo_jpeg("bike.jpg")  # with its bytes, for a printed profile
    last = _audit_rows(new_session)[-1]
    assert (last["record_id"], last["action"], last["who"]) == (second, "update", "Test Worker")
    assert json.loads(last["changes"]) == {"public_ok": [0, 1]}
    photos.set_public(new_session, second, False)
    assert photos.public_photos_of(new_session, child_id) == []
    assert json.loads(_audit_rows(new_session)[-1]["changes"]) == {"public_ok": [1, 0]}
    assert [p.id for p in photos.photos_of(new_session, child_id)] == [first, second]


def test_change_caption_and_date_taken(new_session, child_id):
    photo_id = photos.add_photo(new_session, child_id, demo_jpeg(), "Garden").record_id
    photos.change_photo(new_session, photo_id, "The sunny garden", date(2026, 5, 2), True)
    photo = photos.photos_of(new_session, child_id)[0]
    assert (photo.caption, photo.taken_on, photo.public_ok) == ("The sunny garden", date(2026, 5, 2), True)
    assert json.loads(_audit_rows(new_session)[-1]["changes"]) == {
        "caption": ["Garden", "The sunny garden"], "taken_on": [None, "2026-05-02"], "public_ok": [0, 1]}


def test_move_left_and_right(new_session, child_id):
    ids = [photos.add_photo(new_session, child_id, demo_jpeg(), name).record_id for name in "ABC"]
    photos.move_photo(new_session, ids[2], -1)
    assert [p.caption for p in photos.photos_of(new_session, child_id)] == ["A", "C", "B"]
    photos.move_photo(new_session, ids[0], 1)
    assert [p.caption for p in photos.photos_of(new_session, child_id)] == ["C", "A", "B"]
    before = len(_audit_rows(new_session))
    photos.move_photo(new_session, ids[1], 1)  # already at the right-hand end
    assert len(_audit_rows(new_session)) == before


# --- removing, and the audit without bytes --------------------------------------------------------

def test_the_audit_never_holds_the_image_bytes(new_session, child_id):
    image = noise_png(40, 30, seed=3)
    photo_id = photos.add_photo(new_session, child_id, image, "Noise").record_id
    photos.remove_photo(new_session, photo_id)
    assert photos.photos_of(new_session, child_id) == []
    added, removed = _audit_rows(new_session, "insert"), _audit_rows(new_session, "delete")
    assert describe_image(image).startswith("PNG photo, 40 × 30, ")
    assert json.loads(added[0]["changes"])["image"] == [None, describe_image(image)]
    assert json.loads(removed[0]["changes"])["image"] == [describe_image(image), None]
    assert json.loads(removed[0]["changes"])["caption"] == ["Noise", None]
    trail = "".join(r["changes"] for r in _audit_rows(new_session))
    for fragment in (image[30:60], image[-40:]):
        for encoded in (fragment.hex(), repr(fragment)[2:-1]):
            assert encoded not in trail
    import base64

    assert base64.b64encode(image).decode()[:40] not in trail


def test_the_childs_photo_history_includes_removed_photos(new_session, child_id):
    kept = photos.add_photo(new_session, child_id, demo_jpeg(), "Kept").record_id
    gone = photos.add_photo(new_session, child_id, demo_jpeg(), "Gone").record_id
    photos.remove_photo(new_session, gone)
    rows = photos.photo_history(new_session, child_id)
    assert [(r["record_id"], r["action"]) for r in rows] == [(kept, "insert"), (gone, "insert"), (gone, "delete")]
    assert photos.child_of_photo(new_session, gone) == child_id
    assert photos.child_of_photo(new_session, kept) == child_id
    assert photos.child_of_photo(new_session, 999) is None


# --- the demo -----------------------------------------------------------------------------------

def test_demo_pictures_are_small_jpegs():
    files = sorted(DEMO_PHOTOS.glob("*"))
    assert {f.name for f in files} == set(photos.DEMO_PHOTOS)
    for f in files:
        assert image_info(f.read_bytes()).media_type == JPEG and f.stat().st_size < 60 * 1024, f.name


def test_about_fifteen_demo_children_have_one_to_three_photos(demo_session):
    children = records.all_of(demo_session, Child)
    counts = {c.id: photos.photos_of(demo_session, c.id) for c in children}
    with_photos = {cid: found for cid, found in counts.items() if found}
    assert len(with_photos) == 15
    assert all(1 <= len(found) <= 3 for found in with_photos.values())
    marks = [p.public_ok for found in with_photos.values() for p in found]
    assert any(marks) and not all(marks)
    for cid, found in with_photos.items():
        child = next(c for c in children if c.id == cid)
        assert all(child.date_of_birth <= p.taken_on <= demo_session.today() for p in found)


# --- with the child's own record ----------------------------------------------------------------

def test_the_childs_history_includes_its_photos(new_session, child_id):
    photo_id = photos.add_photo(new_session, child_id, noise_png(), caption="At the park").record_id
    photos.remove_photo(new_session, photo_id)
    rows = records.history(new_session, Child, child_id)
    photo_rows = [(r["table_name"], r["action"]) for r in rows if r["table_name"] == "child_photos"]
    assert photo_rows == [("child_photos", "insert"), ("child_photos", "delete")]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)  # one story, in order


def test_a_child_deleted_in_error_takes_its_photos_with_it(new_session, child_id):
    photos.add_photo(new_session, child_id, noise_png(), caption="Added to the wrong child")
    records.delete_in_error(new_session, Child, child_id, "Entered twice")
    assert _photo_rows(new_session) == 0
    deleted = _audit_rows(new_session, "delete")
    assert len(deleted) == 1
    assert json.loads(deleted[0]["changes"])["reason for deletion"] == [None, "Entered twice"]
