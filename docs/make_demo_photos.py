"""Make the demo's "photos": `.venv/bin/python docs/make_demo_photos.py`.

They are pictures in the style of a young child's drawings (a house, a bike, a cat, a garden, a
toy ...), drawn with QPainter from a fixed seed, so the demo never holds a photo of a real
person, nor anything like a face. Written as small JPEGs into resources/demo_photos/ (the
files are committed; run this again only to change them).
"""
from __future__ import annotations

import ctypes
import math
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

# PySide6 6.12 on Python 3.11 drops a reference to None on every call of a method that returns
# nothing; drawing makes thousands, and Python aborts ("deallocating None") once None's count
# reaches zero. References taken here and never given back keep it above zero.
for _ in range(200_000):
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))

OUT = Path(__file__).resolve().parents[1] / "resources" / "demo_photos"
W, H = 640, 480
rng = random.Random(20130501)


def wobble(points, closed=False, jitter=3.0) -> QPainterPath:
    """A hand-drawn line through `points`: each segment wanders a little, as a crayon does."""
    path = QPainterPath(QPointF(*points[0]))
    seq = list(points[1:]) + ([points[0]] if closed else [])
    prev = points[0]
    for x, y in seq:
        mid = ((prev[0] + x) / 2 + rng.uniform(-jitter, jitter), (prev[1] + y) / 2 + rng.uniform(-jitter, jitter))
        path.quadTo(QPointF(*mid), QPointF(x + rng.uniform(-1, 1), y + rng.uniform(-1, 1)))
        prev = (x, y)
    return path


def circle_points(cx, cy, rx, ry, n=18):
    return [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)]


class Drawing:
    def __init__(self, paper="#fbf8ef"):
        self.image = QImage(W, H, QImage.Format.Format_RGB32)
        self.image.fill(QColor(paper))
        self.p = QPainter(self.image)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing)

    def shape(self, points, fill=None, line="#2b2b2b", width=5, closed=True):
        path = wobble(points, closed=closed)
        if fill:
            self.p.fillPath(path, QColor(fill))
        self.p.strokePath(path, QPen(QColor(line), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                     Qt.PenJoinStyle.RoundJoin))

    def scribble(self, rect: QRectF, colour, strokes=40, width=6):
        """Crayon colouring-in: quick strokes to and fro, not quite filling the shape."""
        pen = QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        self.p.setPen(pen)
        for i in range(strokes):
            y = rect.top() + rect.height() * i / strokes + rng.uniform(-2, 2)
            self.p.drawLine(QPointF(rect.left() + rng.uniform(0, 8), y),
                            QPointF(rect.right() - rng.uniform(0, 8), y + rng.uniform(-6, 6)))

    def sun(self, cx=560, cy=80, r=42):
        self.shape(circle_points(cx, cy, r, r), fill="#ffd23f", line="#f4a300")
        for i in range(10):
            a = 2 * math.pi * i / 10
            self.shape([(cx + (r + 10) * math.cos(a), cy + (r + 10) * math.sin(a)),
                        (cx + (r + 38) * math.cos(a), cy + (r + 38) * math.sin(a))],
                       line="#f4a300", width=6, closed=False)

    def grass(self, top=400):
        self.scribble(QRectF(0, top, W, H - top), "#5cb85c", strokes=30, width=8)

    def save(self, name):
        self.p.end()
        OUT.mkdir(parents=True, exist_ok=True)
        self.image.save(str(OUT / name), "JPEG", 78)
        print(f"saved {name}: {(OUT / name).stat().st_size:,} bytes")


def house():
    d = Drawing()
    d.sun()
    d.grass()
    d.scribble(QRectF(170, 210, 300, 190), "#f7a8a8", strokes=26)
    d.shape([(170, 210), (470, 210), (470, 400), (170, 400)])
    d.shape([(150, 215), (320, 90), (490, 215)], fill="#c0392b")
    d.shape([(290, 300), (350, 300), (350, 400), (290, 400)], fill="#b22222")
    for x in (195, 390):
        d.shape([(x, 240), (x + 55, 240), (x + 55, 290), (x, 290)], fill="#9fd3ff")
        d.shape([(x + 27, 240), (x + 27, 290)], closed=False, width=3)
    d.shape([(400, 120), (440, 120), (440, 170), (400, 170)], fill="#7f5539")
    d.save("house.jpg")


def bike():
    d = Drawing()
    d.sun(90, 80)
    d.grass(420)
    for cx in (200, 440):
        d.shape(circle_points(cx, 330, 80, 80), line="#222222", width=7)
        d.shape(circle_points(cx, 330, 10, 10), fill="#555555", width=3)
    d.shape([(200, 330), (300, 330), (390, 230), (260, 230), (200, 330)], closed=False, line="#1e88e5", width=8)
    d.shape([(300, 330), (250, 200)], closed=False, line="#1e88e5", width=8)
    d.shape([(390, 230), (440, 330)], closed=False, line="#1e88e5", width=8)
    d.shape([(225, 195), (280, 195)], closed=False, line="#222222", width=10)
    d.shape([(380, 180), (395, 230)], closed=False, line="#1e88e5", width=7)
    d.shape([(360, 175), (410, 180)], closed=False, line="#222222", width=9)
    d.save("bike.jpg")


def cat():
    d = Drawing("#fff7e0")
    d.scribble(QRectF(0, 380, W, 100), "#b5835a", strokes=20)  # the rug
    d.shape(circle_points(320, 300, 140, 90), fill="#f39c12")  # body
    d.shape(circle_points(320, 170, 80, 70), fill="#f39c12")  # head
    d.shape([(255, 130), (262, 60), (300, 112)], fill="#f39c12")  # ears
    d.shape([(340, 112), (378, 60), (385, 130)], fill="#f39c12")
    d.shape([(455, 300), (540, 250), (560, 180)], closed=False, line="#2b2b2b", width=14)  # tail
    for x in (290, 350):
        d.shape(circle_points(x, 160, 9, 12, 10), fill="#2e7d32", width=3)
    d.shape([(310, 195), (330, 195), (320, 207)], fill="#e75480", width=3)
    for side in (-1, 1):
        for dy in (-8, 6):
            d.shape([(320 + side * 22, 205), (320 + side * 80, 200 + dy)], closed=False, width=2)
    d.save("cat.jpg")


def garden():
    d = Drawing("#e8f6ff")
    d.sun(100, 90, 50)
    d.grass(330)
    d.shape([(430, 330), (440, 180)], closed=False, line="#7f5539", width=22)  # tree
    d.shape(circle_points(440, 150, 95, 75), fill="#3c9d3c")
    for x, y in ((410, 130), (470, 170), (450, 110)):
        d.shape(circle_points(x, y, 10, 10, 8), fill="#e53935", width=2)
    for x, colour in ((120, "#e53935"), (200, "#8e24aa"), (280, "#fdd835"), (560, "#fb8c00")):
        d.shape([(x, 440), (x, 370)], closed=False, line="#2e7d32", width=5)
        for k in range(6):
            a = 2 * math.pi * k / 6
            d.shape(circle_points(x + 16 * math.cos(a), 360 + 16 * math.sin(a), 10, 10, 8), fill=colour, width=2)
        d.shape(circle_points(x, 360, 8, 8, 8), fill="#ffeb3b", width=2)
    for x in (230, 300):  # clouds
        d.shape(circle_points(x, 80, 45, 25), fill="#ffffff", line="#90a4ae", width=3)
    d.save("garden.jpg")


def teddy():
    d = Drawing()
    d.scribble(QRectF(60, 400, 520, 60), "#c8a2c8", strokes=12)  # the bed
    blue, dark = "#4f8fd6", "#2a5a96"
    for cx, cy in ((255, 95), (385, 95)):
        d.shape(circle_points(cx, cy, 35, 35), fill=blue)
    d.shape(circle_points(320, 290, 115, 120), fill=blue)  # body
    d.shape(circle_points(320, 150, 90, 75), fill=blue)  # head
    for cx, cy in ((190, 260), (450, 260), (240, 400), (400, 400)):  # paws
        d.shape(circle_points(cx, cy, 42, 36), fill=dark)
    d.shape(circle_points(320, 300, 60, 60), fill="#cfe3ff", width=3)  # tummy
    d.shape([(280, 215), (320, 235), (360, 215), (320, 250)], fill="#e53935", width=3)  # bow
    d.save("teddy.jpg")


def boat():
    d = Drawing("#eaf4ff")
    d.sun(540, 90)
    d.scribble(QRectF(0, 330, W, 150), "#3b82c4", strokes=28, width=7)  # the lake
    d.shape([(150, 320), (490, 320), (430, 390), (210, 390)], fill="#8d5524")
    d.shape([(320, 320), (320, 110)], closed=False, width=6)
    d.shape([(325, 120), (450, 300), (325, 300)], fill="#ffffff")
    d.shape([(315, 140), (220, 300), (315, 300)], fill="#ef5350")
    d.shape([(320, 110), (370, 125), (320, 140)], fill="#fdd835", width=3)
    for x in (80, 560):
        d.shape([(x - 25, 200), (x, 185), (x + 25, 200)], closed=False, width=3)  # birds
    d.save("boat.jpg")


def rainbow():
    d = Drawing()
    d.grass(410)
    for i, colour in enumerate(("#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa")):
        r = 250 - i * 26
        pts = [(320 + r * math.cos(math.pi + math.pi * k / 16), 400 + r * 0.9 * math.sin(math.pi + math.pi * k / 16))
               for k in range(17)]
        d.shape(pts, closed=False, line=colour, width=22)
    for x, colour in ((60, "#e91e63"), (580, "#ff9800"), (140, "#9c27b0"), (500, "#ffeb3b")):
        d.shape([(x, 460), (x, 420)], closed=False, line="#2e7d32", width=4)
        d.shape(circle_points(x, 412, 14, 14, 10), fill=colour, width=3)
    d.save("rainbow.jpg")


def rocket():
    d = Drawing("#1b2a4a")
    for _ in range(40):  # stars
        x, y = rng.uniform(10, W - 10), rng.uniform(10, H - 10)
        d.shape([(x - 5, y), (x + 5, y)], closed=False, line="#fff59d", width=3)
        d.shape([(x, y - 5), (x, y + 5)], closed=False, line="#fff59d", width=3)
    d.shape(circle_points(530, 100, 60, 60), fill="#f5f5dc", line="#cfcfa0")  # the moon
    d.shape([(270, 400), (270, 200), (320, 110), (370, 200), (370, 400)], fill="#eceff1", line="#b0bec5")
    d.shape(circle_points(320, 230, 26, 26), fill="#4fc3f7", line="#b0bec5")
    d.shape([(270, 330), (220, 410), (270, 400)], fill="#e53935", line="#b0bec5")
    d.shape([(370, 330), (420, 410), (370, 400)], fill="#e53935", line="#b0bec5")
    d.shape([(285, 405), (320, 470), (355, 405)], fill="#ff9800", line="#ffca28")
    d.save("rocket.jpg")


def main() -> None:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter's text and pens need one
    for make in (house, bike, cat, garden, teddy, boat, rainbow, rocket):
        make()


if __name__ == "__main__":
    main()
