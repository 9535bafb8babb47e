"""A child's photos on their record: thumbnails with a caption and a badge saying whether each may
be shown at public events, and adding, describing, reordering, viewing and removing them.

Images are decoded from bytes in memory (QImage.fromData): never written to a file. While the
database is locked, none is on screen or held by this box.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QImageReader, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget)

from ..domain.errors import FieldProblem, ValidationError
from ..domain.formatting import format_date
from ..domain.photos import (MAX_CAPTION, MAX_PHOTOS_PER_CHILD, NOT_PUBLIC_TEXT, PUBLIC_TEXT, ChildPhoto,
                             image_problems, size_text)
from ..services import photos
from .context import AppContext
from .record_form import FormErrors
from .widgets import DateEdit, WrappedLabel

THUMB = QSize(196, 147)  # two side by side in the form at a laptop's width
BADGE_HEIGHT = 32  # room for the badge's words on two lines
LONG_SIDE = 1600  # pixels: plenty for a printed profile or a projector, a few hundred KB as JPEG
JPEG_QUALITY = 85
MAX_FILE_BYTES = 60 * 1024 * 1024  # a camera's largest photos; anything bigger is not a photo
FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)"
PUBLIC_COLOUR, NOT_PUBLIC_COLOUR = "#1f6b3a", "#7a2020"


def prepare_photo(raw: bytes) -> bytes:
    """A photo as Homefinder keeps it: at most LONG_SIDE pixels on its longer side, re-encoded
    as JPEG. Re-encoding keeps only the pixels, so EXIF metadata (the GPS position of where the
    photo was taken, the camera, the time) is dropped: a child's photo must not say where they
    live. Raises ValidationError naming the photo's problem."""
    _info, problems = image_problems(raw)
    if problems and problems[0].problem.startswith(("is not", "is empty")):
        raise ValidationError(problems[:1])  # too large is fine here: it is about to be made smaller
    buffer = QBuffer()
    buffer.setData(QByteArray(raw))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # turn it the right way up now: its EXIF orientation is about to go
    image = reader.read()
    if image.isNull():
        raise ValidationError([FieldProblem("Photo", "could not be read: the file may be damaged")])
    if max(image.width(), image.height()) > LONG_SIDE:
        image = image.scaled(LONG_SIDE, LONG_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("#ffffff"))  # a PNG's transparent parts become white, not black
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    out = QBuffer()
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    flat.save(out, "JPEG", JPEG_QUALITY)
    return bytes(out.data())


def decode(data: bytes | None) -> QImage:
    return QImage.fromData(data) if data else QImage()


def _badge_mark(painter: QPainter, rect: QRectF, public: bool) -> None:
    """A tick for "may be shown", a crossed circle for "not for public events": the shape says
    it as well as the colour and the words."""
    painter.setPen(QPen(QColor("#ffffff"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    c = rect.center()
    if public:
        path = QPainterPath(QPointF(c.x() - 6, c.y()))
        path.lineTo(QPointF(c.x() - 2, c.y() + 4))
        path.lineTo(QPointF(c.x() + 6, c.y() - 5))
        painter.drawPath(path)
    else:
        painter.drawEllipse(c, 6.5, 6.5)
        painter.drawLine(QPointF(c.x() - 4.5, c.y() + 4.5), QPointF(c.x() + 4.5, c.y() - 4.5))


def tile(thumbnail: QImage, public: bool) -> QPixmap:
    """The photo scaled to fit, above a badge in words."""
    pixmap = QPixmap(THUMB.width(), THUMB.height() + BADGE_HEIGHT)
    pixmap.fill(QColor("#eef1f3"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if not thumbnail.isNull():
        x = (THUMB.width() - thumbnail.width()) // 2
        y = (THUMB.height() - thumbnail.height()) // 2
        painter.drawImage(x, y, thumbnail)
    band = QRectF(0, THUMB.height(), THUMB.width(), BADGE_HEIGHT)
    painter.fillRect(band, QColor(PUBLIC_COLOUR if public else NOT_PUBLIC_COLOUR))
    _badge_mark(painter, QRectF(band.left() + 4, band.top(), 20, BADGE_HEIGHT), public)
    words = PUBLIC_TEXT if public else NOT_PUBLIC_TEXT
    room = band.adjusted(26, 0, -4, 0)
    font = QFont(painter.font())
    font.setBold(True)
    for points in (9.0, 8.5, 8.0):  # the whole words, on two lines rather than too small to read
        font.setPointSizeF(points)
        if QFontMetrics(font).horizontalAdvance(words) <= room.width():
            break
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                     words)
    painter.end()
    return pixmap


def _scaled_to_fit(image: QImage, size: QSize) -> QImage:
    if image.isNull() or (image.width() <= size.width() and image.height() <= size.height()):
        return image
    return image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _public_label(public: bool, parent: QWidget) -> QLabel:
    label = QLabel(("✓ " if public else "✗ ") + (PUBLIC_TEXT if public else NOT_PUBLIC_TEXT), parent)
    label.setStyleSheet(f"color: #ffffff; background: {PUBLIC_COLOUR if public else NOT_PUBLIC_COLOUR}; "
                        "font-weight: 600; padding: 3px 8px; border-radius: 3px;")
    return label


class PhotoDialog(QDialog):
    """Add a photo (its bytes given) or change one's caption, date taken and public mark."""

    saved = Signal(int)  # the photo's id

    def __init__(self, ctx: AppContext, child_id: int, image: bytes, photo: ChildPhoto | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.child_id, self.image, self.photo = ctx, child_id, image, photo
        self.setObjectName("photoDialog")
        self.setWindowTitle("Add a photo" if photo is None else "Photo details")
        layout = QVBoxLayout(self)
        summary = QLabel(self)
        layout.addWidget(summary)
        self.errors = FormErrors(summary)
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap.fromImage(_scaled_to_fit(decode(image), QSize(400, 260)))
        self.preview.setPixmap(pixmap)
        self.preview.setMinimumSize(pixmap.size())  # the whole photo, never cropped by the layout
        self.preview.setAccessibleName("The photo")
        layout.addWidget(self.preview)
        form = QFormLayout()
        self.caption = QLineEdit(photo.caption if photo else "", self)
        self.caption.setMaxLength(MAX_CAPTION)
        self.caption.setPlaceholderText("e.g. Drawing of the house, made at nursery")
        self.taken_on = DateEdit(self)
        self.taken_on.setDate(photo.taken_on if photo else None)
        self.public = QCheckBox(PUBLIC_TEXT + " (profile evenings, adopter events)", self)
        self.public.setChecked(bool(photo and photo.public_ok))
        for label, widget in (("Caption", self.caption), ("Date taken", self.taken_on)):
            message = WrappedLabel(self)
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(message)
            form.addRow(label, cell)
            self.errors.register(label, widget, message)
        photo_message = WrappedLabel(self)
        layout.addWidget(photo_message)
        self.errors.register("Photo", self.preview, photo_message)
        form.addRow("", self.public)
        hint = QLabel("Tick this only when the child's social worker has agreed that this photo may be "
                      "shown to prospective adopters outside the council. Until then it stays in this "
                      "record only.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", hint)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton("Add photo" if photo is None else "Save",
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(540, self.sizeHint().height())

    def save(self) -> bool:
        try:
            taken_on = self.taken_on.date()
        except ValueError as exc:
            self.errors.show([FieldProblem("Date taken", str(exc))])
            return False
        session = self.ctx.session
        try:
            if self.photo is None:
                changes = self.ctx.run(self, photos.add_photo, session, self.child_id, self.image,
                                       self.caption.text(), taken_on, self.public.isChecked(),
                                       show_validation=False)
            else:
                changes = self.ctx.run(self, photos.change_photo, session, self.photo.id, self.caption.text(),
                                       taken_on, self.public.isChecked(), show_validation=False)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if changes is None:
            return False
        self.errors.clear()
        self.saved.emit(changes.record_id)
        self.accept()
        return True


class PhotoViewer(QDialog):
    """One photo, larger, with its caption and whether it may be shown at public events."""

    def __init__(self, photo: ChildPhoto, image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.setWindowTitle(photo.caption or "Photo")
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(QPixmap.fromImage(_scaled_to_fit(image, QSize(960, 620))))
        self.picture.setAccessibleName(f"Photo: {photo.caption}" if photo.caption else "Photo")
        layout.addWidget(self.picture, 1)
        facts = QHBoxLayout()
        words = photo.caption or "No caption"
        if photo.taken_on:
            words += f" · taken {format_date(photo.taken_on)}"
        caption = QLabel(words, self)
        caption.setWordWrap(True)
        facts.addWidget(caption, 1)
        facts.addWidget(_public_label(photo.public_ok, self))
        layout.addLayout(facts)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def forget(self) -> None:
        self.picture.clear()
        self.reject()


class PhotosBox(QGroupBox):
    """The "Photos" section of a child's record."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__("Photos", parent)
        self.ctx = ctx
        self.setObjectName("photosBox")
        self.child = None  # the saved child shown (None: a new child, or locked)
        self.photos: list[ChildPhoto] = []
        self._thumbnails: dict[int, QImage] = {}  # photo id -> scaled image (photos never change)
        self._viewers: list[PhotoViewer] = []
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.note)

        self.list = QListWidget(self)
        self.list.setObjectName("photos")
        self.list.setAccessibleName("Photos of the child")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)  # one row, scrolled sideways: "move left / right" means what it says
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setIconSize(QSize(THUMB.width(), THUMB.height() + BADGE_HEIGHT))
        line = self.list.fontMetrics().lineSpacing()
        self.list.setGridSize(QSize(THUMB.width() + 10, THUMB.height() + BADGE_HEIGHT + 3 * line + 16))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFixedHeight(self.list.gridSize().height() + self.list.horizontalScrollBar().sizeHint().height()
                                 + 2 * self.list.frameWidth() + 6)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemActivated.connect(lambda _item: self.view_photo())
        self.list.itemDoubleClicked.connect(lambda _item: self.view_photo())
        layout.addWidget(self.list)

        row = QHBoxLayout()
        self.add_button = QPushButton("Add photo…", self)
        self.add_button.setToolTip("Add a JPEG or PNG photo from a file; it is kept inside the encrypted database")
        self.add_button.clicked.connect(lambda: self.add_photo())
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Change the chosen photo's caption, date taken and public mark")
        self.edit_button.clicked.connect(lambda: self.edit_photo())
        self.remove_button = QPushButton("Remove…", self)
        self.remove_button.setToolTip("Delete the chosen photo from the database (you are asked first)")
        self.remove_button.clicked.connect(lambda: self.remove_photo())
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        self.public_check = QCheckBox(PUBLIC_TEXT, self)
        self.public_check.setToolTip("Whether the chosen photo may be shown at profile evenings and adopter events")
        self.public_check.toggled.connect(self.set_public)
        self.left_button = QToolButton(self)
        self.right_button = QToolButton(self)
        for button, arrow, text, step in ((self.left_button, Qt.ArrowType.LeftArrow, "Move left", -1),
                                          (self.right_button, Qt.ArrowType.RightArrow, "Move right", 1)):
            button.setArrowType(arrow)
            button.setText(text)
            # Arrows alone (named in the tooltip and for screen readers): with words the row was
            # wider than the record pane on a 1280-pixel screen.
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setToolTip(f"{text}: the chosen photo")
            button.setAccessibleName(f"{text}: the chosen photo")
            button.clicked.connect(lambda _checked=False, s=step: self.move_photo(s))
        row.addWidget(self.left_button)
        row.addWidget(self.right_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.public_check)
        row.addStretch(1)
        row.addWidget(self.remove_button)  # apart from Add: the one that cannot be undone
        layout.addLayout(row)

        ctx.locked.connect(self.forget)  # after the page's own on_locked (connected first)
        self._update_buttons()

    # -- showing -------------------------------------------------------------------------------
    def show_child(self, child) -> None:
        """Show a saved child's photos; None (a new child, or locking): none."""
        if child is None or child.id is None or self.ctx.session.locked:
            self.forget()
            self.note.setText("" if self.ctx.session.locked else "Save the child first to add photos.")
            return
        if self.child is None or self.child.id != child.id:
            self._thumbnails.clear()
        self.child = child
        self.reload()

    def forget(self) -> None:
        """No photo on screen or in memory (locking, or no child shown)."""
        self.child = None
        self.photos = []
        self._thumbnails.clear()
        self.list.clear()
        for viewer in self._viewers:
            viewer.forget()
        self._viewers.clear()
        self.note.setText("")
        self._update_buttons()

    def reload(self, select_id: int | None = None) -> None:
        if self.child is None or self.ctx.session.locked:
            return
        keep = select_id if select_id is not None else self.selected_id()
        found = self.ctx.run(self, photos.photos_of, self.ctx.session, self.child.id)
        self.photos = found or []
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for photo in self.photos:
                self.list.addItem(self._item(photo))
            ids = [p.id for p in self.photos]
            self.list.setCurrentRow(ids.index(keep) if keep in ids else -1)
        finally:
            self.list.blockSignals(False)
        gone = set(self._thumbnails) - {p.id for p in self.photos}
        for photo_id in gone:
            del self._thumbnails[photo_id]
        self._update_buttons()

    def _thumbnail(self, photo: ChildPhoto) -> QImage:
        if photo.id not in self._thumbnails:
            data = self.ctx.run(self, photos.image_of, self.ctx.session, photo.id)
            self._thumbnails[photo.id] = _scaled_to_fit(decode(data), THUMB)
        return self._thumbnails[photo.id]

    def _caption_lines(self, caption: str) -> list[str]:
        """The caption in at most two lines as wide as the photo (the list would centre a wider
        line on the photo and cut both its ends)."""
        metrics, width = self.list.fontMetrics(), THUMB.width()
        words, first = caption.split(), ""
        while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
            first = (first + " " + words.pop(0)).strip()
        lines = [first] if first else []
        rest = " ".join(words)
        if rest:
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        return lines[:2]

    def _item(self, photo: ChildPhoto) -> QListWidgetItem:
        caption = photo.caption or "(no caption)"
        taken = [f"Taken {format_date(photo.taken_on)}"] if photo.taken_on else []
        picture = tile(self._thumbnail(photo), photo.public_ok)
        icon = QIcon(picture)
        icon.addPixmap(picture, QIcon.Mode.Selected)  # the photo and its badge untinted; the caption shows the choice
        item = QListWidgetItem(icon, "\n".join(self._caption_lines(caption) + taken))
        item.setData(Qt.ItemDataRole.UserRole, photo.id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{caption}. {photo.public_text}")
        item.setToolTip("\n".join([caption, *taken, photo.public_text, photo.summary,
                                   "Double-click to see it larger"]))
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        return item

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def selected(self) -> ChildPhoto | None:
        photo_id = self.selected_id()
        return next((p for p in self.photos if p.id == photo_id), None)

    def _update_buttons(self) -> None:
        child, photo = self.child, self.selected()
        # With no photos there is nothing to choose, move or mark: only "Add photo…" and the note.
        for widget in (self.list, self.edit_button, self.left_button, self.right_button, self.public_check,
                       self.remove_button):
            widget.setVisible(bool(self.photos))
        can_change = child is not None and not child.archived and not self.ctx.session.locked
        self.add_button.setEnabled(can_change and len(self.photos) < MAX_PHOTOS_PER_CHILD)
        for button in (self.edit_button, self.remove_button, self.public_check):
            button.setEnabled(can_change and photo is not None)
        at = self.photos.index(photo) if photo is not None else -1
        self.left_button.setEnabled(can_change and at > 0)
        self.right_button.setEnabled(can_change and 0 <= at < len(self.photos) - 1)
        self.public_check.blockSignals(True)
        self.public_check.setChecked(bool(photo and photo.public_ok))
        self.public_check.blockSignals(False)
        if child is None:
            return
        if child.archived:
            self.note.setText("This child's record is archived: restore it to change their photos.")
        elif not self.photos:
            self.note.setText("No photos yet. Add photo… takes a JPEG or PNG file; the photo is kept inside "
                              "the encrypted database, never as a loose file.")
        else:
            self.note.setText("Only photos marked “May be shown at public events” may be used for profile "
                              "evenings and adopter events. Double-click a photo to see it larger.")

    # -- acting ----------------------------------------------------------------------------------
    def choose_file(self) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "Add a photo of the child", str(Path.home()),
                                                      FILE_FILTER)
        return Path(chosen) if chosen else None

    def add_photo(self) -> PhotoDialog | None:
        """Choose a file, make it ready to keep, and ask for its caption, date and public mark."""
        if self.child is None or self.child.archived or self.ctx.session.locked:
            return None
        path = self.choose_file()
        if path is None:
            return None
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValidationError([FieldProblem("Photo", f"is too large ({size_text(path.stat().st_size)}) "
                                                             "to be a photo")])
            image = prepare_photo(path.read_bytes())
        except OSError as exc:
            QMessageBox.warning(self, "Photo not added", f"{path.name} could not be read: {exc.strerror}.")
            return None
        except ValidationError as exc:
            QMessageBox.warning(self, "Photo not added", f"{path.name}: {exc}")
            return None
        return self._open_dialog(PhotoDialog(self.ctx, self.child.id, image, None, self))

    def edit_photo(self) -> PhotoDialog | None:
        photo = self.selected()
        if photo is None or self.child is None or self.child.archived:
            return None
        image = self.ctx.run(self, photos.image_of, self.ctx.session, photo.id)
        if image is None:
            return None
        return self._open_dialog(PhotoDialog(self.ctx, self.child.id, image, photo, self))

    def _open_dialog(self, dialog: PhotoDialog) -> PhotoDialog:
        dialog.saved.connect(lambda photo_id: self.reload(select_id=photo_id))
        dialog.finished.connect(dialog.deleteLater)  # its copy of the image goes with it
        dialog.open()
        return dialog

    def set_public(self, public: bool) -> None:
        photo = self.selected()
        if photo is None or photo.public_ok == public:
            return
        if self.ctx.run(self, photos.set_public, self.ctx.session, photo.id, public) is None:
            self._update_buttons()  # refused: show the mark as it still is

    def move_photo(self, step: int) -> None:
        photo = self.selected()
        if photo is not None:
            self.ctx.run(self, photos.move_photo, self.ctx.session, photo.id, step)

    def remove_photo(self) -> bool:
        photo = self.selected()
        if photo is None:
            return False
        what = f"“{photo.caption}”" if photo.caption else "this photo"
        answer = QMessageBox.question(
            self, "Remove photo",
            f"Remove {what} from {self.child.display_name}'s record? It is deleted from the database for "
            "good; the history keeps only its caption and size. Keep a copy elsewhere first if it is "
            "still needed.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.ctx.run(self, photos.remove_photo, self.ctx.session, photo.id) is not None

    def view_photo(self) -> PhotoViewer | None:
        photo = self.selected()
        if photo is None or self.ctx.session.locked:
            return None
        data = self.ctx.run(self, photos.image_of, self.ctx.session, photo.id)
        if data is None:
            return None
        viewer = PhotoViewer(photo, decode(data), self)
        viewer.finished.connect(lambda _r, v=viewer: self._viewers.remove(v) if v in self._viewers else None)
        self._viewers.append(viewer)
        viewer.open()
        return viewer
