"""The full export keeps every photo, loss-free: a council moving to another system, or answering a
subject access request, must be able to hand over the photos as well as the words."""
from __future__ import annotations

import base64
import csv
import json

from homefinder_desktop.services import photos
from homefinder_desktop.services.export import export


def _demo_photos(session) -> dict[int, bytes]:
    ids = [r[0] for r in session.database().execute("SELECT id FROM child_photos ORDER BY id")]
    return {i: photos.image_of(session, i) for i in ids}


def test_json_export_holds_each_photo_as_base64_of_its_exact_bytes(demo_session, tmp_path):
    kept = _demo_photos(demo_session)
    assert len(kept) >= 15
    export(demo_session, tmp_path / "out", "json", plaintext=True)
    data = json.loads((tmp_path / "out" / "homefinder-export.json").read_text("utf-8"))
    rows = data["tables"]["child_photos"]
    assert {r["id"]: base64.b64decode(r["image"], validate=True) for r in rows} == kept
    assert all(r["media_type"] == "image/jpeg" and r["width"] == 640 for r in rows)
    schema = json.loads((tmp_path / "out" / "schema.json").read_text("utf-8"))
    table = next(t for t in schema["tables"] if t["name"] == "child_photos")
    assert next(c for c in table["columns"] if c["name"] == "image")["type"] == "BLOB"
    # The audit trail describes photos, so the export holds each photo once, not once per change.
    assert all("/9j/" not in json.dumps(r["changes"]) for r in data["tables"]["audit"])


def test_csv_export_holds_each_photo_as_base64_of_its_exact_bytes(demo_session, tmp_path):
    kept = _demo_photos(demo_session)
    export(demo_session, tmp_path / "out", "csv", plaintext=True)
    with open(tmp_path / "out" / "child_photos.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {int(r["id"]): base64.b64decode(r["image"], validate=True) for r in rows} == kept
    assert {r["public_ok"] for r in rows} == {"0", "1"}
