"""Photos of a child, kept inside the encrypted database, each marked whether it may be shown at
public events (profile evenings, adopter events).

The bytes are checked here, by their own signature and header, never by what the caller says
they are: a PDF renamed "photo.jpg" is refused before anything is written.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import date

from .errors import FieldProblem
from .records import Record

JPEG, PNG = "image/jpeg", "image/png"
MEDIA_TYPES = {JPEG: "JPEG", PNG: "PNG"}

# The program rescales a photo to at most 1600 pixels on its long side before saving it, so a
# saved photo is a few hundred KB; these limits catch anything that skipped that step.
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
MAX_PIXELS = 16_000_000
MAX_CAPTION = 200
MAX_PHOTOS_PER_CHILD = 30

PUBLIC_TEXT = "May be shown at public events"
NOT_PUBLIC_TEXT = "Not for public events"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start-of-frame markers: baseline, progressive, lossless and arithmetic-coded JPEGs. C4 (Huffman
# tables), C8 (reserved) and CC (arithmetic conditioning) share the range but are not frames.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD9)}  # markers with no length after them (TEM, RSTn, SOI)


@dataclass(frozen=True)
class ImageInfo:
    media_type: str
    width: int
    height: int


def image_info(data: bytes) -> ImageInfo | None:
    """The kind and size of a JPEG or PNG image from its header; None for anything else."""
    if not isinstance(data, (bytes, bytearray)):
        return None
    if data.startswith(_PNG_SIGNATURE):
        return _png_info(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_info(data)
    return None


def _png_info(data: bytes) -> ImageInfo | None:
    # The first chunk must be IHDR: length 13, then width and height as big-endian integers.
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo(PNG, width, height) if width and height else None


def _jpeg_info(data: bytes) -> ImageInfo | None:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill bytes before a marker
            i += 1
            continue
        if marker in _JPEG_STANDALONE:
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the scan began, before any frame header
            return None
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if length < 2:
            return None
        if marker in _JPEG_FRAMES:
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return ImageInfo(JPEG, width, height) if width and height else None
        i += 2 + length
    return None


def size_text(size: int) -> str:
    """'85 KB', '1.2 MB' (1 KB = 1,024 bytes, as file managers count)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def describe_image(data: bytes) -> str:
    """A photo in words, for the audit trail in place of its bytes: 'JPEG photo, 640 × 480, 85 KB'."""
    info = image_info(data)
    if info is None:
        return f"binary data, {size_text(len(data))}"
    return f"{MEDIA_TYPES[info.media_type]} photo, {info.width} × {info.height}, {size_text(len(data))}"


def image_problems(data: bytes) -> tuple[ImageInfo | None, list[FieldProblem]]:
    """What the image is (from its own header), and what is wrong with it for keeping."""
    if not data:
        return None, [FieldProblem("Photo", "is empty: choose a JPEG or PNG image")]
    info = image_info(data)
    if info is None:
        return None, [FieldProblem("Photo", "is not a JPEG or PNG image")]
    problems = []
    if len(data) > MAX_BYTES:
        problems.append(FieldProblem("Photo", f"is too large ({size_text(len(data))}): at most "
                                              f"{size_text(MAX_BYTES)}"))
    if max(info.width, info.height) > MAX_SIDE or info.width * info.height > MAX_PIXELS:
        problems.append(FieldProblem("Photo", f"is too large ({info.width:,} × {info.height:,} pixels): at most "
                                              f"{MAX_SIDE:,} pixels on its longer side"))
    return info, problems


def detail_problems(caption: str, taken_on: date | None, today: date,
                    born: date | None = None) -> list[FieldProblem]:
    """The worker's words about a photo: its caption and the date it was taken."""
    problems = []
    if len(caption.strip()) > MAX_CAPTION:
        problems.append(FieldProblem("Caption", f"is too long ({len(caption.strip()):,} characters): "
                                                f"at most {MAX_CAPTION}"))
    if any(ch in caption for ch in "\r\n\t"):
        problems.append(FieldProblem("Caption", "must be one line"))
    if taken_on is not None and taken_on > today:
        problems.append(FieldProblem("Date taken", "is in the future"))
    elif taken_on is not None and born is not None and taken_on < born:
        problems.append(FieldProblem("Date taken", "is before the child's date of birth"))
    return problems


@dataclass
class ChildPhoto(Record):
    """One photo's facts, without its bytes: lists and the audit read these, and only the
    screen showing a photo (or a printout) fetches the image itself."""
    child_id: int | None = None
    media_type: str = JPEG
    width: int = 0
    height: int = 0
    caption: str = ""
    taken_on: date | None = None
    public_ok: bool = False
    added_on: date | None = None
    position: int = 0
    size: int = 0  # bytes
    id: int | None = None

    LABELS = {"image": "Photo", "caption": "Caption", "taken_on": "Date taken",
              "public_ok": PUBLIC_TEXT, "added_on": "Added on", "position": "Place among the photos",
              "media_type": "Kind of image", "width": "Width", "height": "Height"}

    @property
    def public_text(self) -> str:
        return PUBLIC_TEXT if self.public_ok else NOT_PUBLIC_TEXT

    @property
    def summary(self) -> str:
        """'JPEG, 640 × 480, 85 KB'."""
        return f"{MEDIA_TYPES.get(self.media_type, self.media_type)}, {self.width} × {self.height}, " \
               f"{size_text(self.size)}"
