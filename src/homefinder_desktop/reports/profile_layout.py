"""The pieces a profile page is laid out with: a photo in a box (never an exception for a photo
that cannot be printed), and containers that wrap what they hold once and draw it from that
layout.

ReportLab's own containers (Table, KeepInFrame) wrap every paragraph again when they draw, and a
table of paragraphs a third time: for a booklet of 200 pages that tripled the time spent breaking
lines. Stack, Columns and OnePage wrap each piece once; drawing reuses it.
"""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ..domain.photos import image_info, image_problems
from . import styles

NO_PHOTO = "No photo"
# A photo larger than domain.photos allows for keeping is scaled to this many pixels on its long
# side before printing (about 230 dpi across the largest box); past MAX_DECODE_PIXELS it is not
# decoded at all (a "decompression bomb" of a few KB can claim gigabytes).
PRINT_SIDE = 1600
MAX_DECODE_PIXELS = 40_000_000
TALL = 0x7FFFFFFF  # "as tall as it needs"


# --- photos ------------------------------------------------------------------------------------

def _scaled_down(data: bytes) -> bytes:
    """A very large photo as a JPEG at most PRINT_SIDE pixels on its long side (JPEGs are decoded
    at a reduced size straight away, so a 6000 x 6000 photo never needs its full pixels)."""
    from PIL import Image  # ReportLab's own image library

    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (PRINT_SIDE, PRINT_SIDE))
        image.thumbnail((PRINT_SIDE, PRINT_SIDE))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=88)
        return out.getvalue()


def photo_reader(data: bytes) -> ImageReader | None:
    """The photo ready to draw, or None when it cannot be printed (not a JPEG or PNG by its own
    header, or too many pixels to decode). The pixels are decoded when it is drawn."""
    info, problems = image_problems(data)
    if info is None or info.width * info.height > MAX_DECODE_PIXELS:
        return None
    try:
        return ImageReader(io.BytesIO(_scaled_down(data) if problems else bytes(data)))
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged image: all mean "no photo"
        return None


class PhotoBox(Flowable):
    """A photo as large as fits inside `width` x `height` with its shape kept, framed by a thin
    black rule; or a plain box of the full size saying `empty` when there is none, or it is not
    an image. Its size comes from the image's header, so laying out never decodes a photo."""

    def __init__(self, image: bytes | None, width: float, height: float, empty: str = NO_PHOTO,
                 keep_height: bool = False):
        super().__init__()
        self.image = image
        self.width, self.height = width, height
        self.empty = empty
        # With `keep_height` the box keeps its full height and the photo sits at its foot, so the
        # names under a row of photos of different shapes stay in line.
        self.room = height if keep_height else 0
        info = image_info(image) if image else None
        if info is not None:
            scale = min(width / info.width, height / info.height)
            self.width, self.height = info.width * scale, info.height * scale

    def wrap(self, available_width, available_height):
        return self.width, max(self.height, self.room)

    def draw(self):
        image, self.image = self.image, None  # drawn once; its pixels are not kept afterwards
        reader = photo_reader(image) if image else None
        if reader is not None:
            try:
                # Decoding happens here: a damaged image fails before anything is drawn.
                reader.getRGBData()
                self.canv.drawImage(reader, 0, 0, self.width, self.height, mask="auto")
            except Exception:  # noqa: BLE001 - any failure to decode is "No photo", never a lost booklet
                pass
            else:
                self.canv.setStrokeColor(styles.BLACK)
                self.canv.setLineWidth(0.6)
                self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
                return
        canv = self.canv
        canv.saveState()
        canv.setFillColor(styles.ZEBRA_FILL)
        canv.setStrokeColor(styles.RULE_GREY)
        canv.setDash(2, 2)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canv.setFillColor(styles.DARK_GREY)
        canv.setFont(styles.FONT, 10 if self.width > 40 * mm else 8)
        canv.drawCentredString(self.width / 2, self.height / 2 - 3, self.empty)
        canv.restoreState()


# --- containers that wrap once ------------------------------------------------------------------

class Stack(Flowable):
    """Flowables one under another at the width given (each centred in it with `centre`), the
    space between two the larger of the one's space after and the next one's space before."""

    def __init__(self, flowables: list, centre: bool = False):
        super().__init__()
        self.flowables = [f for f in flowables if f is not None]
        self.centre = centre
        self.placed: list[tuple[Flowable, float, float, float]] = []

    def wrap(self, available_width, available_height):
        self.placed, top, after = [], 0.0, 0.0
        for n, flowable in enumerate(self.flowables):
            w, h = flowable.wrap(available_width, TALL)
            if n:
                top += max(after, flowable.getSpaceBefore())
            self.placed.append((flowable, top, w, h))
            top += h
            after = flowable.getSpaceAfter()
        self.width, self.height = available_width, top
        return self.width, self.height

    def draw(self):
        for flowable, top, w, h in self.placed:
            x = (self.width - w) / 2 if self.centre else 0
            flowable.drawOn(self.canv, x, self.height - top - h)


class Columns(Flowable):
    """Stacks side by side, tops in line. `widths` are the columns' widths; a None shares what
    the others and the `gap`s between columns leave of the width given, so a page laid out wider
    to shrink it (OnePage) keeps its right edge."""

    def __init__(self, columns: list[list], widths: list[float | None], gap: float = 0, centre: bool = False):
        super().__init__()
        self.stacks = [Stack(column, centre) for column in columns]
        self.widths_asked = widths
        self.widths: list[float] = []
        self.gap = gap

    def wrap(self, available_width, available_height):
        fixed = sum(w for w in self.widths_asked if w is not None) + self.gap * (len(self.widths_asked) - 1)
        shares = self.widths_asked.count(None)
        rest = max(0.0, available_width - fixed) / shares if shares else 0.0
        self.widths = [rest if w is None else w for w in self.widths_asked]
        heights = [stack.wrap(width, TALL)[1] for stack, width in zip(self.stacks, self.widths)]
        self.width = sum(self.widths) + self.gap * (len(self.widths) - 1)
        self.height = max(heights, default=0)
        return self.width, self.height

    def draw(self):
        x = 0.0
        for stack, width in zip(self.stacks, self.widths):
            stack.drawOn(self.canv, x, self.height - stack.height)
            x += width + self.gap


class ForWidth(Flowable):
    """A flowable made afresh for each width it is wrapped at, by `make(width)`: a Table sizes its
    columns once and keeps them, so a page laid out wider (OnePage) needs a new one."""

    def __init__(self, make):
        super().__init__()
        self.make = make
        self.inner: Flowable | None = None

    def wrap(self, available_width, available_height):
        self.inner = self.make(available_width)
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self):
        self.inner.drawOn(self.canv, 0, 0)


class OnePage(Flowable):
    """A page's flowables, shrunk (laid out wider, then scaled down) if they would not fit in
    `width` x `height`: a profile is one page whatever its length, so the contents' numbers hold."""

    def __init__(self, flowables: list, width: float, height: float):
        super().__init__()
        self.stack = Stack(flowables)
        self.room = (width, height)
        self.scale = 1.0

    def wrap(self, available_width, available_height):
        width, height = self.room
        self.scale = 1.0
        _w, tall = self.stack.wrap(width, TALL)
        for _ in range(12):  # wider lines are fewer, so this settles in a step or two
            if tall * self.scale <= height:
                break
            self.scale *= height / (tall * self.scale)
            _w, tall = self.stack.wrap(width / self.scale, TALL)
        self.width, self.height = width, tall * self.scale
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.stack.drawOn(self.canv, 0, 0)
        self.canv.restoreState()
