"""Exporting every table unencrypted (CSV or JSON), for moving to another system or for a
subject access request. The export is plaintext personal data, so it is refused unless the
caller says plaintext=True, and every export is written into the database's audit trail.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..domain.errors import HomefinderError
from ..storage import db as storage_db
from ..storage import maintenance
from ..storage import records as store
from ..storage.files import atomic_write, check_writable_folder
from .session import Session

FORMATS = ("csv", "json")
NOTE = ("CONFIDENTIAL — plaintext export of Homefinder data: store encrypted, delete when done. "
        "These files hold personal data about children and families, unencrypted.")
SCHEMA_FILE = "schema.json"
NOTE_FILE = "CONFIDENTIAL.txt"
JSON_FILE = "homefinder-export.json"


class PlaintextNotConfirmed(HomefinderError):
    def __init__(self):
        super().__init__("An export writes every record unencrypted, so Homefinder only makes one when "
                         "you confirm it (--plaintext on the command line). Nothing was written.")


def _value(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _csv_bytes(columns: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _value(v) for v in row])
    # A byte-order mark so spreadsheet programs read accents and dashes correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def planned_files(fmt: str, tables: list[str]) -> list[str]:
    names = [f"{t}.csv" for t in tables] if fmt == "csv" else [JSON_FILE]
    return names + [SCHEMA_FILE, NOTE_FILE]


def export(session: Session, folder: Path | str, fmt: str = "csv", plaintext: bool = False,
           *, now: datetime | None = None) -> list[Path]:
    """Write every table into `folder` as CSV files (one per table) or one JSON file, with
    schema.json (tables, columns, types) and CONFIDENTIAL.txt. Returns the files written."""
    if plaintext is not True:
        raise PlaintextNotConfirmed()
    if fmt not in FORMATS:
        raise HomefinderError(f"Homefinder exports as {' or '.join(FORMATS)}, not “{fmt}”. Nothing was written.")
    folder = Path(folder).expanduser()
    db = session.database()
    now = now or datetime.now(timezone.utc)
    with storage_db.worker_errors(session.path.name):
        tables = maintenance.data_tables(db)
        schema_version = maintenance.schema_version(db)
        described = [{"name": t, "file": f"{t}.csv" if fmt == "csv" else JSON_FILE,
                      "rows": maintenance.row_count(db, t),
                      "columns": maintenance.table_columns(db, t),
                      "foreign_keys": maintenance.foreign_keys(db, t)} for t in tables]

    check_writable_folder(folder, "writing the export")
    names = planned_files(fmt, tables)
    clashes = [n for n in names if (folder / n).exists()]
    if clashes:
        raise HomefinderError(f"The folder {folder} already holds an export ({clashes[0]}). Choose an "
                              "empty folder, so no earlier file is overwritten. Nothing was written.")

    header = {"note": NOTE, "format": "homefinder-export", "format_version": 1,
              "exported_at": now.isoformat(timespec="seconds"), "exported_by": session.who,
              "database": session.path.name, "homefinder_version": __version__,
              "schema_version": schema_version}
    written: list[Path] = []
    try:
        def put(name: str, data: bytes) -> None:
            atomic_write(folder / name, data)
            written.append(folder / name)

        with storage_db.worker_errors(session.path.name):
            if fmt == "csv":
                for t in described:
                    columns = [c["name"] for c in t["columns"]]
                    put(t["file"], _csv_bytes(columns, maintenance.table_rows(db, t["name"])))
            else:
                data = {**header, "tables": {}}
                for t in described:
                    columns = [c["name"] for c in t["columns"]]
                    data["tables"][t["name"]] = [
                        {c: _value(v) for c, v in zip(columns, row)}
                        for row in maintenance.table_rows(db, t["name"])]
                put(JSON_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        put(SCHEMA_FILE, json.dumps({**header, "files": [f"{n}" for n in names], "tables": described},
                                    ensure_ascii=False, indent=2).encode("utf-8"))
        put(NOTE_FILE, (NOTE + "\n\nMade " + header["exported_at"] + " by " + session.who + " from "
                        + session.path.name + ".\n").encode("utf-8"))
        with session.writing():
            store.set_info(db, {"last_plaintext_export":
                                f"{now:%Y-%m-%d %H:%M} UTC, {fmt}, to {folder.resolve()}"}, session.who)
    except BaseException:
        for path in written:
            try:
                os.unlink(path)
            except OSError:
                pass
        raise
    return written
