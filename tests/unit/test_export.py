"""Plaintext export: refused unless confirmed; every table; a schema; recorded in the audit."""
from __future__ import annotations

import csv
import errno
import json

import pytest

from homefinder_desktop.domain.errors import DiskFull, HomefinderError
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import export as exports
from homefinder_desktop.services import records
from homefinder_desktop.services.export import NOTE, PlaintextNotConfirmed, export

TABLES = ["agencies", "workers", "sibling_groups", "children", "child_stages", "child_photos",
          "families", "family_stages", "referrals", "referral_statuses", "links", "link_statuses",
          "link_policies", "link_windows", "end_reasons", "meetings", "meeting_items", "actions",
          "event_children", "event_families", "matrix_catalogues", "matrices", "matrix_families",
          "matrix_needs", "matrix_cells", "fund_agreements", "fund_fee_schedules", "fund_entries",
          "fund_postings", "fund_assertions", "scorecard_thresholds", "audit", "database_info"]


def a_demo_child(session) -> Child:
    return records.all_of(session, Child)[0]


@pytest.mark.parametrize("plaintext", [False, None, "yes", 1])
def test_refused_unless_plaintext_is_confirmed(demo_session, tmp_path, plaintext):
    with pytest.raises(PlaintextNotConfirmed, match="unencrypted"):
        export(demo_session, tmp_path / "out", "csv", plaintext=plaintext)
    assert not (tmp_path / "out").exists()


def test_unknown_format(demo_session, tmp_path):
    with pytest.raises(HomefinderError, match="csv or json"):
        export(demo_session, tmp_path / "out", "xlsx", plaintext=True)


def test_csv_one_file_per_table_with_schema(demo_session, tmp_path):
    child = a_demo_child(demo_session)
    files = export(demo_session, tmp_path / "out", "csv", plaintext=True)
    names = {f.name for f in files}
    assert names == {f"{t}.csv" for t in TABLES} | {"schema.json", "CONFIDENTIAL.txt"}
    with open(tmp_path / "out" / "children.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 60
    assert any(r["first_name"] == child.first_name and r["last_name"] == child.last_name for r in rows)
    assert set(rows[0]) >= {"id", "reference", "first_name", "date_of_birth", "stage"}
    schema = json.loads((tmp_path / "out" / "schema.json").read_text("utf-8"))
    assert schema["note"].startswith("CONFIDENTIAL — plaintext export of Homefinder data: store "
                                      "encrypted, delete when done")
    assert [t["name"] for t in schema["tables"]] == TABLES
    children = next(t for t in schema["tables"] if t["name"] == "children")
    assert children["rows"] == 60 and children["file"] == "children.csv"
    dob = next(c for c in children["columns"] if c["name"] == "date_of_birth")
    assert dob == {"name": "date_of_birth", "type": "TEXT", "required": True, "default": None,
                   "primary_key": False}
    assert {"column": "sibling_group_id", "refers_to": "sibling_groups.id"} in children["foreign_keys"]
    assert NOTE in (tmp_path / "out" / "CONFIDENTIAL.txt").read_text("utf-8")


def test_json_one_file_with_every_table(demo_session, tmp_path):
    child = a_demo_child(demo_session)
    files = export(demo_session, tmp_path / "out", "json", plaintext=True)
    assert {f.name for f in files} == {"homefinder-export.json", "schema.json", "CONFIDENTIAL.txt"}
    data = json.loads((tmp_path / "out" / "homefinder-export.json").read_text("utf-8"))
    assert data["note"] == NOTE
    assert list(data["tables"]) == TABLES
    assert any(r["first_name"] == child.first_name for r in data["tables"]["children"])
    assert len(data["tables"]["audit"]) > 100
    assert data["tables"]["children"][0]["id"] == 1  # values as stored: integers stay integers


def test_the_export_is_recorded_in_the_audit_trail(demo_session, tmp_path):
    export(demo_session, tmp_path / "out", "csv", plaintext=True)
    info = demo_session.info
    assert "csv" in info["last_plaintext_export"] and str(tmp_path / "out") in info["last_plaintext_export"]
    trail = records.recent_changes(demo_session, 1)[0]
    assert trail["table_name"] == "database_info" and trail["who"] == demo_session.who


def test_never_overwrites_an_earlier_export(demo_session, tmp_path):
    export(demo_session, tmp_path / "out", "json", plaintext=True)
    before = (tmp_path / "out" / "schema.json").read_bytes()
    with pytest.raises(HomefinderError, match="already holds an export"):
        export(demo_session, tmp_path / "out", "json", plaintext=True)
    assert (tmp_path / "out" / "schema.json").read_bytes() == before


def test_disk_full_part_way_leaves_no_files(demo_session, tmp_path, monkeypatch):
    real = exports.atomic_write
    calls = []

    def fill_up(path, data):
        calls.append(path)
        if len(calls) == 4:
            raise DiskFull("The disk is full while saving. Nothing was changed.")
        real(path, data)
    monkeypatch.setattr(exports, "atomic_write", fill_up)
    with pytest.raises(DiskFull):
        export(demo_session, tmp_path / "out", "csv", plaintext=True)
    assert list((tmp_path / "out").iterdir()) == []
    assert "last_plaintext_export" not in demo_session.info


def test_read_only_folder(demo_session, tmp_path, monkeypatch):
    import tempfile

    def read_only(*a, **kw):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(HomefinderError, match="may not write"):
        export(demo_session, tmp_path / "out", "csv", plaintext=True)
