"""Children's photos: rows of child_photos, the image bytes read only when asked for.

Every write goes through audit (which records a description in place of the bytes).
"""
from __future__ import annotations

import json

import sqlite_utils

from ..domain.errors import NotFound
from ..domain.photos import ChildPhoto, ImageInfo
from . import audit
from .rows import from_row, to_row

TABLE = "child_photos"
# Everything but the image: a list of a child's photos never loads the bytes.
_FACTS = ("SELECT id, child_id, media_type, width, height, caption, taken_on, public_ok, added_on, position, "
          "length(image) AS size FROM child_photos")
_ORDER = "ORDER BY position, id"


def add(db: sqlite_utils.Database, photo: ChildPhoto, image: bytes, info: ImageInfo, who: str) -> int:
    """Add at the end of the child's row of photos; media type and size come from the bytes."""
    row = {"child_id": photo.child_id, "image": image, **to_row(photo)}  # the audit lists the photo first
    for derived in ("id", "size"):
        row.pop(derived)
    row.update(media_type=info.media_type, width=info.width, height=info.height,
               position=next_position(db, photo.child_id))
    return audit.insert(db, TABLE, row, who)


def next_position(db: sqlite_utils.Database, child_id: int) -> int:
    return db.execute("SELECT coalesce(max(position) + 1, 0) FROM child_photos WHERE child_id = ?",
                      [child_id]).fetchone()[0]


def of_child(db: sqlite_utils.Database, child_id: int, public_only: bool = False) -> list[ChildPhoto]:
    where = "WHERE child_id = ?" + (" AND public_ok = 1" if public_only else "")
    return [from_row(ChildPhoto, r) for r in db.query(f"{_FACTS} {where} {_ORDER}", [child_id])]


def count(db: sqlite_utils.Database, child_id: int) -> int:
    return db.execute("SELECT count(*) FROM child_photos WHERE child_id = ?", [child_id]).fetchone()[0]


def get(db: sqlite_utils.Database, photo_id: int) -> ChildPhoto:
    rows = list(db.query(f"{_FACTS} WHERE id = ?", [photo_id]))
    if not rows:
        raise NotFound("That photo is no longer in the database: it may have been removed.")
    return from_row(ChildPhoto, rows[0])


def image(db: sqlite_utils.Database, photo_id: int) -> bytes:
    row = db.execute("SELECT image FROM child_photos WHERE id = ?", [photo_id]).fetchone()
    if row is None:
        raise NotFound("That photo is no longer in the database: it may have been removed.")
    return bytes(row[0])


def update(db: sqlite_utils.Database, photo_id: int, values: dict, who: str) -> dict:
    """Change the worker's words about a photo (caption, date taken, public mark); never its bytes."""
    allowed = {"caption", "taken_on", "public_ok"}
    row = {k: v for k, v in to_row(ChildPhoto(**values)).items() if k in values and k in allowed}
    return audit.update(db, TABLE, photo_id, row, who)


def move(db: sqlite_utils.Database, photo_id: int, step: int, who: str) -> bool:
    """Move a photo `step` places along its child's row (-1: left). Positions are renumbered
    0, 1, 2 ... as they go, so photos added with equal positions keep a stable order.
    False if it is already at that end."""
    photo = get(db, photo_id)
    order = [r[0] for r in db.execute(f"SELECT id FROM child_photos WHERE child_id = ? {_ORDER}",
                                      [photo.child_id])]
    at = order.index(photo_id)
    target = max(0, min(len(order) - 1, at + step))
    if target == at:
        return False
    order.insert(target, order.pop(at))
    current = dict(db.execute("SELECT id, position FROM child_photos WHERE child_id = ?", [photo.child_id]))
    for position, moved_id in enumerate(order):
        if current[moved_id] != position:
            audit.update(db, TABLE, moved_id, {"position": position}, who)
    return True


def remove(db: sqlite_utils.Database, photo_id: int, who: str, reason: str = "") -> None:
    """Delete the row (secure_delete wipes the bytes from the file's pages); the audit keeps a
    description of the photo and its caption, never the image."""
    audit.delete(db, TABLE, photo_id, who, reason=reason)


def ids_of_child(db: sqlite_utils.Database, child_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM child_photos WHERE child_id = ? ORDER BY id", [child_id])]


def owner(db: sqlite_utils.Database, photo_id: int) -> int | None:
    """The child a photo belongs (or belonged) to: from the row, or, once removed, from the
    audit row that added it."""
    row = db.execute("SELECT child_id FROM child_photos WHERE id = ?", [photo_id]).fetchone()
    if row is not None:
        return row[0]
    row = db.execute("SELECT changes FROM audit WHERE table_name = ? AND record_id = ? AND action = 'insert'",
                     [TABLE, photo_id]).fetchone()
    if row is None:
        return None
    pair = json.loads(row[0]).get("child_id") or [None, None]
    return pair[1]


def audit_ids(db: sqlite_utils.Database, child_id: int) -> list[int]:
    """Ids of every photo this child has had, removed ones too (from the audit trail): for the
    child's history."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT record_id FROM audit WHERE table_name = ? AND action = 'insert' "
        "AND json_extract(changes, '$.child_id[1]') = ? ORDER BY record_id", [TABLE, child_id])]
