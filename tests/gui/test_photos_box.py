"""The Photos box on a child's record, through its widgets, on the demo database."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.photos import JPEG, NOT_PUBLIC_TEXT, PUBLIC_TEXT, image_info
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import demo, photos, records
from homefinder_desktop.ui.audit_text import AuditWords
from homefinder_desktop.ui.children_page import ChildrenPage
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.photos_box import LONG_SIDE, prepare_photo

DEMO_PHOTO = Path(__file__).resolve().parents[2] / "resources" / "demo_photos" / "bike.jpg"


@pytest.fixture
def warnings(monkeypatch):
    """Message boxes would block: record what they say instead."""
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append(text))
    return said


@pytest.fixture
def ctx(demo_session):
    return AppContext(demo_session)


@pytest.fixture
def page(qtbot, ctx):
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    return page


def _child_with(session, count: int) -> int:
    return next(c.id for c in records.all_of(session, Child) if len(photos.photos_of(session, c.id)) == count)


def _image_bytes(width: int, height: int, fmt: str = "PNG") -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(30, 120, 200, 128))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt)
    return bytes(buffer.data())


def _texts(box) -> list[str]:
    return [box.list.item(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(box.list.count())]


def test_add_a_photo_through_the_dialog(page, ctx, monkeypatch, warnings):
    child_id = _child_with(ctx.session, 0)
    page.select_record(child_id)
    box = page.photos_box
    assert box.add_button.isEnabled() and box.list.isHidden()
    monkeypatch.setattr(box, "choose_file", lambda: DEMO_PHOTO)
    dialog = box.add_photo()
    assert not dialog.public.isChecked(), "a new photo is not for public events unless chosen"
    dialog.caption.setText("Drawing of the new bike")
    dialog.taken_on.setText("02/03/2026")
    assert dialog.save()
    [photo] = photos.photos_of(ctx.session, child_id)
    assert (photo.caption, photo.public_ok, photo.media_type) == ("Drawing of the new bike", False, JPEG)
    assert box.list.count() == 1 and not box.list.isHidden()
    assert _texts(box) == [f"Drawing of the new bike. {NOT_PUBLIC_TEXT}"]
    assert box.selected_id() == photo.id
    assert warnings == []


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_written(page, ctx, monkeypatch, warnings, tmp_path):
    child_id = _child_with(ctx.session, 0)
    page.select_record(child_id)
    fake = tmp_path / "profile.jpg"
    fake.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    monkeypatch.setattr(page.photos_box, "choose_file", lambda: fake)
    assert page.photos_box.add_photo() is None
    assert warnings == ["profile.jpg: Nothing was saved. Photo: is not a JPEG or PNG image."]
    assert photos.photos_of(ctx.session, child_id) == []


def test_toggle_public_shows_the_badge_and_is_audited(page, ctx):
    child_id = _child_with(ctx.session, 2)
    page.select_record(child_id)
    box = page.photos_box
    box.list.setCurrentRow(0)
    was = photos.photos_of(ctx.session, child_id)[0]
    box.public_check.setChecked(not was.public_ok)
    now = photos.photos_of(ctx.session, child_id)[0]
    assert now.public_ok is (not was.public_ok)
    expected = PUBLIC_TEXT if now.public_ok else NOT_PUBLIC_TEXT
    assert _texts(box)[0].endswith(expected) and box.selected_id() == now.id
    last = records.recent_changes(ctx.session, 1)[0]
    words = AuditWords(ctx.session)
    assert words.record(last) == f"Photo of child: {records.get(ctx.session, Child, child_id).display_name}"
    assert words.describe(last) == ("Photo changed", [
        f"{PUBLIC_TEXT}: {'No → Yes' if now.public_ok else 'Yes → No'}"])


def test_move_right_changes_the_order(page, ctx):
    child_id = _child_with(ctx.session, 3)
    page.select_record(child_id)
    box = page.photos_box
    before = [p.id for p in photos.photos_of(ctx.session, child_id)]
    box.list.setCurrentRow(0)
    assert not box.left_button.isEnabled() and box.right_button.isEnabled()
    box.right_button.click()
    assert [p.id for p in photos.photos_of(ctx.session, child_id)] == [before[1], before[0], before[2]]
    assert box.selected_id() == before[0] and box.list.currentRow() == 1


def test_remove_asks_first(page, ctx, monkeypatch):
    child_id = _child_with(ctx.session, 2)
    page.select_record(child_id)
    box = page.photos_box
    box.list.setCurrentRow(1)
    doomed = box.selected_id()
    asked = []

    def answer(reply):
        def question(parent, title, text, *a, **k):
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not box.remove_photo()
    assert len(photos.photos_of(ctx.session, child_id)) == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert box.remove_photo()
    assert len(photos.photos_of(ctx.session, child_id)) == 1 and box.list.count() == 1
    assert doomed not in [p.id for p in photos.photos_of(ctx.session, child_id)]
    assert "deleted from the database for good" in asked[0] and len(asked) == 2
    words = AuditWords(ctx.session)
    what, lines = words.describe(records.recent_changes(ctx.session, 1)[0])
    assert what == "Photo removed" and lines[0].startswith("Photo was: JPEG photo, 640 × 480")


def test_locking_clears_the_photos_and_unlocking_brings_them_back(page, ctx):
    child_id = _child_with(ctx.session, 3)
    page.select_record(child_id)
    box = page.photos_box
    box.list.setCurrentRow(0)
    viewer = box.view_photo()
    assert viewer.isVisible() and not viewer.picture.pixmap().isNull()
    ctx.session.lock_now()
    ctx.locked.emit()
    assert box.list.count() == 0 and box._thumbnails == {} and box.photos == []
    assert not viewer.isVisible() and viewer.picture.pixmap().isNull()
    assert not box.add_button.isEnabled()
    ctx.session.unlock(demo.DEMO_PASSPHRASE)
    ctx.unlocked.emit()
    assert box.list.count() == 3


def test_a_new_child_and_an_archived_child_cannot_have_photos_added(page, ctx):
    page.new_record(ask=False)
    box = page.photos_box
    assert not box.add_button.isEnabled() and box.note.text() == "Save the child first to add photos."
    child_id = _child_with(ctx.session, 1)
    records.archive(ctx.session, Child, child_id)
    page.select_record(child_id)
    assert box.list.count() == 1 and not box.add_button.isEnabled() and not box.public_check.isEnabled()
    assert "archived" in box.note.text()


def test_double_click_opens_a_larger_view(page, ctx, qtbot):
    child_id = _child_with(ctx.session, 1)
    page.select_record(child_id)
    box = page.photos_box
    box.list.setCurrentRow(0)
    box.list.itemDoubleClicked.emit(box.list.item(0))
    [viewer] = box._viewers
    assert viewer.picture.pixmap().width() == 640
    viewer.reject()
    assert box._viewers == []


def test_prepare_photo_rescales_re_encodes_and_drops_metadata():
    big = prepare_photo(_image_bytes(2400, 1200))
    info = image_info(big)
    assert (info.media_type, info.width, info.height) == (JPEG, LONG_SIDE, 800)
    # A camera's JPEG with a comment and an EXIF block: neither survives the re-encoding.
    original = DEMO_PHOTO.read_bytes()
    exif = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"
    comment = b"GPS 51.4778N 0.0015W near the carers' home"
    tagged = (original[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
              + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + original[2:])
    assert image_info(tagged).width == 640
    kept = prepare_photo(tagged)
    assert b"Exif" not in kept and b"GPS" not in kept and image_info(kept).width == 640
