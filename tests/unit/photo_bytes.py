"""Image bytes for the photo tests, made here with the standard library (no Qt, no real person)."""
from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

DEMO_PHOTOS = Path(__file__).resolve().parents[2] / "resources" / "demo_photos"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def noise_png(width: int = 64, height: int = 48, seed: int = 7) -> bytes:
    """A valid RGB PNG of random pixels: its bytes appear nowhere else, so a search finds only it."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows))
            + _chunk(b"IEND", b""))


def demo_jpeg(name: str = "house.jpg") -> bytes:
    return (DEMO_PHOTOS / name).read_bytes()
