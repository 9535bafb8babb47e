"""Use cases for a child's photos: add, describe, mark for public events, reorder, remove.

Each write is one transaction with its audit rows. The image is checked by its own header
(domain.photos), never by what the caller says it is. Removing a photo is allowed (it is not
part of the child's history); the database's secure_delete wipes its bytes from the file, and
the audit keeps only a description ("JPEG photo, 640 × 480, 85 KB").
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from .. import paths
from ..domain.errors import FieldProblem, HomefinderError, ValidationError
from ..domain.photos import MAX_PHOTOS_PER_CHILD, ChildPhoto, detail_problems, image_problems
from ..domain.records import Child
from ..storage import audit
from ..storage import photos as store
from ..storage import records
from .changes import Changes
from .session import Session, reads

TABLE = store.TABLE

__all__ = ["TABLE", "photos_of", "public_photos_of", "image_of", "child_of_photo", "photo_history", "add_photo",
           "change_photo", "set_public", "move_photo", "remove_photo", "add_demo_photos"]


# --- reading ------------------------------------------------------------------------------------

@reads
def photos_of(session: Session, child_id: int) -> list[ChildPhoto]:
    """A child's photos in their order, without the image bytes."""
    return store.of_child(session.database(), child_id)


@reads
def public_photos_of(session: Session, child_id: int) -> list[tuple[ChildPhoto, bytes]]:
    """Only the photos marked "May be shown at public events", with their bytes, in order: what
    a child's profile for a profile evening or an adopter event may print."""
    db = session.database()
    return [(photo, store.image(db, photo.id)) for photo in store.of_child(db, child_id, public_only=True)]


@reads
def image_of(session: Session, photo_id: int) -> bytes:
    return store.image(session.database(), photo_id)


@reads
def child_of_photo(session: Session, photo_id: int) -> int | None:
    """The child a photo belongs or belonged to (also after it was removed)."""
    return store.owner(session.database(), photo_id)


@reads
def photo_history(session: Session, child_id: int) -> list[dict]:
    """The audit rows of every photo this child has had (removed ones too), oldest first, in the
    shape records.history gives, so a child's history can include them."""
    db = session.database()
    rows = [{**r, "table_name": TABLE, "record_id": photo_id} for photo_id in store.audit_ids(db, child_id)
            for r in audit.history(db, TABLE, photo_id)]
    return sorted(rows, key=lambda r: r["id"])


# --- changing -----------------------------------------------------------------------------------

def _child_open_to_change(session: Session, child_id: int) -> Child:
    child = records.get(session.database(), Child, child_id)
    if child.archived:
        raise HomefinderError(f"{child.display_name}'s record is archived: restore it before changing "
                              "their photos.")
    return child


def _photo_open_to_change(session: Session, photo_id: int) -> tuple[ChildPhoto, Child]:
    photo = store.get(session.database(), photo_id)
    return photo, _child_open_to_change(session, photo.child_id)


def _new_photo_problems(session: Session, child: Child, image: bytes, caption: str,
                        taken_on: date | None):
    info, problems = image_problems(image)
    problems += detail_problems(caption, taken_on, session.today(), child.date_of_birth)
    if store.count(session.database(), child.id) >= MAX_PHOTOS_PER_CHILD:
        problems.append(FieldProblem("Photo", f"cannot be added: {child.display_name} already has "
                                              f"{MAX_PHOTOS_PER_CHILD} photos. Remove one first"))
    return info, problems


def add_photo(session: Session, child_id: int, image: bytes, caption: str = "", taken_on: date | None = None,
              public_ok: bool = False) -> Changes:
    """Add a photo at the end of the child's row. Not for public events unless `public_ok`."""
    child = _child_open_to_change(session, child_id)
    info, problems = _new_photo_problems(session, child, image, caption, taken_on)
    if problems:
        raise ValidationError(problems)
    photo = ChildPhoto(child_id=child_id, caption=caption.strip(), taken_on=taken_on, public_ok=bool(public_ok),
                       added_on=session.today())
    with session.writing() as db:
        photo_id = store.add(db, photo, bytes(image), info, session.who)
    return Changes.of(TABLE, record_id=photo_id)


def change_photo(session: Session, photo_id: int, caption: str, taken_on: date | None,
                 public_ok: bool) -> Changes:
    """Change a photo's caption, date taken and public mark (its image never changes)."""
    _photo, child = _photo_open_to_change(session, photo_id)
    problems = detail_problems(caption, taken_on, session.today(), child.date_of_birth)
    if problems:
        raise ValidationError(problems)
    with session.writing() as db:
        store.update(db, photo_id, {"caption": caption.strip(), "taken_on": taken_on,
                                    "public_ok": bool(public_ok)}, session.who)
    return Changes.of(TABLE, record_id=photo_id)


def set_public(session: Session, photo_id: int, public_ok: bool) -> Changes:
    """Mark whether the photo may be shown at public events (profile evenings, adopter events)."""
    _photo_open_to_change(session, photo_id)
    with session.writing() as db:
        store.update(db, photo_id, {"public_ok": bool(public_ok)}, session.who)
    return Changes.of(TABLE, record_id=photo_id)


def move_photo(session: Session, photo_id: int, step: int) -> Changes:
    """Move a photo along the child's row: -1 one place left (earlier), +1 one place right."""
    _photo_open_to_change(session, photo_id)
    with session.writing() as db:
        store.move(db, photo_id, step, session.who)
    return Changes.of(TABLE, record_id=photo_id)


def remove_photo(session: Session, photo_id: int) -> Changes:
    """Remove a photo for good (the program asks the worker first)."""
    _photo_open_to_change(session, photo_id)
    with session.writing() as db:
        store.remove(db, photo_id, session.who)
    return Changes.of(TABLE, record_id=photo_id)


# --- the demo -----------------------------------------------------------------------------------

DEMO_PHOTOS = {  # resources/demo_photos: children's-drawing-style pictures made by a script, no people
    "house.jpg": "Drawing of the house with the red door",
    "bike.jpg": "Drawing of the new bike",
    "cat.jpg": "Drawing of the foster carers' cat",
    "garden.jpg": "The sunny garden, drawn at nursery",
    "teddy.jpg": "Favourite toy: the blue bear",
    "boat.jpg": "A boat on the lake, drawn after a day out",
    "rainbow.jpg": "Rainbow and flowers, painted at school",
    "rocket.jpg": "A rocket to the moon",
}


def add_demo_photos(session: Session, children: int = 15, seed: int = 20130501) -> int:
    """Give about `children` demo children one to three of the fictional demo pictures, some
    marked for public events and some not, in one transaction. Returns how many were added
    (none if the pictures are not installed)."""
    folder = paths.resources_dir() / "demo_photos"
    pictures = [(name, (folder / name).read_bytes(), caption)
                for name, caption in DEMO_PHOTOS.items() if (folder / name).is_file()]
    if not pictures:
        return 0
    rng = random.Random(seed + 11)  # its own stream: the rest of the demo stays as it was
    db = session.database()
    today = session.today()
    chosen = rng.sample(records.all_of(db, Child), min(children, records.count(db, Child)))
    added = 0
    with session.writing():
        for child in sorted(chosen, key=lambda c: c.id):
            for _name, image, caption in rng.sample(pictures, rng.randint(1, min(3, len(pictures)))):
                earliest = max(child.date_of_birth, today - timedelta(days=400))
                taken = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 1)))
                info, problems = _new_photo_problems(session, child, image, caption, taken)
                if problems:
                    raise ValidationError(problems)
                photo = ChildPhoto(child_id=child.id, caption=caption, taken_on=taken,
                                   public_ok=rng.random() < 0.5, added_on=today)
                store.add(db, photo, image, info, session.who)
                added += 1
    return added
