"""A child's photo is as secret as their record: never readable in the database's files or the
temp folder, and gone from the database once removed."""
from __future__ import annotations

import os
import tempfile
from datetime import date

from photo_bytes import noise_png

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import photos, records


def _files(folder) -> dict[str, bytes]:
    return {p: open(os.path.join(folder, p), "rb").read() for p in os.listdir(folder)
            if os.path.isfile(os.path.join(folder, p))}


def _pieces(image: bytes) -> list[bytes]:
    """Distinctive runs of the image: its pixels are random, so none occurs anywhere by chance."""
    return [image[i:i + 32] for i in range(40, len(image) - 32, len(image) // 8)]


def test_a_photos_bytes_are_not_in_the_database_wal_or_temp_files(new_session, tmp_path):
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    child_id = records.add(new_session, Child(first_name="Wren", last_name="Holloway", date_of_birth=date(2021, 4, 2),
                                              sex="F")).record_id
    image = noise_png(96, 64, seed=11)
    photos.add_photo(new_session, child_id, image, "Noise pattern")
    assert photos.image_of(new_session, photos.photos_of(new_session, child_id)[0].id) == image  # it is kept
    files = _files(tmp_path)
    assert any(name.endswith("-wal") for name in files), "the change should be in the WAL while open"
    for name, data in files.items():
        assert image[:8] + image[8:24] not in data, f"the PNG header is readable in {name}"
        for piece in _pieces(image):
            assert piece not in data, f"photo bytes readable in {name}"
    new_session.close()
    for name, data in _files(tmp_path).items():
        for piece in _pieces(image):
            assert piece not in data, f"photo bytes readable in {name} after closing"
    for name in set(os.listdir(tempfile.gettempdir())) - before_tmp:
        path = os.path.join(tempfile.gettempdir(), name)
        if os.path.isfile(path):
            data = open(path, "rb").read()
            assert not any(piece in data for piece in _pieces(image)), f"photo bytes in temp file {name}"


def test_a_removed_photo_is_gone_from_the_database_not_just_hidden(new_session):
    child_id = records.add(new_session, Child(first_name="Wren", last_name="Holloway", date_of_birth=date(2021, 4, 2),
                                              sex="F")).record_id
    image = noise_png(96, 64, seed=12)
    photo_id = photos.add_photo(new_session, child_id, image).record_id
    photos.remove_photo(new_session, photo_id)
    db = new_session.database()
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1  # freed pages are zeroed, then encrypted
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Nothing that SQL can reach still holds it: no row, and no audit text (SQLite offers no way
    # to read freed pages here; secure_delete, checked above, is what zeroes them).
    assert db.execute("SELECT count(*) FROM child_photos").fetchone()[0] == 0
    for table in ("audit", "database_info"):
        for row in db.execute(f"SELECT * FROM {table}"):
            for value in row:
                assert not (isinstance(value, bytes) and any(p in value for p in _pieces(image)))
                assert not (isinstance(value, str) and image[40:72].hex() in value)
