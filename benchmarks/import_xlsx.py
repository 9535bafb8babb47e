"""Importing 20,000 children from an XLSX workbook: the preview, then the import itself.

    .venv/bin/python benchmarks/import_xlsx.py              # median of 3, 20,000 rows
    .venv/bin/python benchmarks/import_xlsx.py --rows 5000 --repeats 5

Writes a workbook of fictional children (names drawn from the demo's lists, each name and date of
birth once; one in five in a sibling group that the import makes; social workers, needs levels and
sets as a council's spreadsheet would hold them) into a temporary folder, then for each run makes
a fresh encrypted database with ten social workers and times, through services.list_import as the
dialog and the command line call it:

  read      reading the workbook (openpyxl, read-only)
  preview   reading it and checking every row against the database (writes nothing)
  commit    reading and checking it again, then adding every child in one transaction
            (references, the first stage step and the audit rows, as the form adds one)

Prints a table and writes benchmarks/results/import-xlsx-YYYY-MM-DD.json with the machine and the
library versions. The target is "seconds, not minutes": each step at most TARGET_SECONDS. The
verdict is reported; the process always exits 0: timings belong here, not in the tests.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402

TARGET_SECONDS = 30.0
ROWS = 20000
WORKERS = 10
HEADINGS = ["Forename", "Surname", "DOB", "Gender", "Stage", "Stage since", "Date entered care", "Sibling group",
            "Social worker", "Ethnicity", "Language", "Health needs", "Abuse or neglect", "Contact plan", "Notes"]
STAGES = ["Agency decision", "Placement order", "Family finding", "Linked", "Match agreed at panel"]
HEALTH = ["", "None known", "Minor", "Ongoing", "Complex"]
ABUSE = ["", "Neglect", "Neglect; Emotional abuse", "Domestic abuse witnessed", "Physical abuse; Neglect"]
CONTACT = ["", "Letterbox (indirect)", "Letterbox (indirect); Direct, with brothers or sisters"]


def worker_names(rng: random.Random) -> list[str]:
    from homefinder_desktop.services import demo

    names: set[str] = set()
    while len(names) < WORKERS:
        names.add(f"{rng.choice(demo.ADULTS)} {rng.choice(demo.SURNAMES)}")
    return sorted(names)


def write_workbook(path: Path, rows: int, workers: list[str], today: dt.date, seed: int = 20261123) -> None:
    """`rows` fictional children, each name and date of birth once (so no row is a duplicate)."""
    from openpyxl import Workbook

    from homefinder_desktop.services import demo

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Children")
    ws.append(HEADINGS)
    seen: set[tuple] = set()
    made = group = 0
    while made < rows:
        size = 1 if rng.random() < 0.8 or rows - made < 2 else 2
        surname = rng.choice(demo.SURNAMES)
        group += size > 1
        stage, since = rng.choice(STAGES), today - dt.timedelta(days=rng.randint(5, 400))
        worker = rng.choice(workers)
        for _ in range(size):
            sex = rng.choice("FM")
            first = rng.choice(demo.GIRLS if sex == "F" else demo.BOYS)
            born = today - dt.timedelta(days=rng.randint(30, 365 * 9))
            if (first, surname, born) in seen:
                continue
            seen.add((first, surname, born))
            group_name = f"{surname} siblings {group}" if size > 1 else None
            ws.append([first, surname, born, "Girl" if sex == "F" else "Boy", stage, since,
                       born + dt.timedelta(days=rng.randint(0, 30)), group_name,
                       worker, rng.choice(demo.ETHNICITIES), rng.choice(demo.LANGUAGES), rng.choice(HEALTH),
                       rng.choice(ABUSE), rng.choice(CONTACT), "Benchmark row: an invented child"])
            made += 1
    wb.save(path)


def fresh_database(folder: Path, workers: list[str]):
    """A new encrypted database (as `homefinder init` makes one) with the workers the sheet names."""
    from homefinder_desktop.domain.records import Agency, Worker
    from homefinder_desktop.services import records
    from homefinder_desktop.services.session import create_database
    from homefinder_desktop.storage.keyfile import TEST_COST

    session, _recovery = create_database(folder / "import.hfdb", "benchmark passphrase not secret", "Benchmark",
                                         "Northshire County Council", "Brightpath Adoption", kdf_cost=TEST_COST,
                                         check_strength=False)
    own = next(a.id for a in records.all_of(session, Agency) if a.kind == "own")
    for name in workers:
        records.add(session, Worker(name=name, role="Social worker", agency_id=own))
    return session


def measure(rows: int, repeats: int, progress=print) -> dict:
    from homefinder_desktop.services import list_import, records

    rng = random.Random(1)
    workers = worker_names(rng)
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="homefinder-bench-import-") as tmp:
        os.environ["HOMEFINDER_HOME"] = str(Path(tmp) / "home")  # the worker's own folder untouched
        sheet = Path(tmp) / "children.xlsx"
        started = time.perf_counter()
        write_workbook(sheet, rows, workers, today)
        progress(f"  wrote {rows:,} rows to {sheet.name} ({sheet.stat().st_size / 1_048_576:.1f} MB) "
                 f"in {time.perf_counter() - started:.1f} s")
        timings: dict[str, list[float]] = {"read": [], "preview": [], "commit": []}
        for run in range(repeats):
            folder = Path(tmp) / f"run{run}"
            folder.mkdir()
            session = fresh_database(folder, workers)
            try:
                started = time.perf_counter()
                list_import.read_sheet(sheet)
                timings["read"].append(time.perf_counter() - started)
                started = time.perf_counter()
                preview = list_import.preview(session, "children", sheet)
                timings["preview"].append(time.perf_counter() - started)
                if preview.problems:
                    raise RuntimeError(f"the generated sheet has problems: {preview.problems[:3]}")
                started = time.perf_counter()
                done = list_import.commit(session, "children", sheet)
                timings["commit"].append(time.perf_counter() - started)
                added = len(records.child_ids(session, records.RegisterQuery()))
                if done.count != rows or added != rows:
                    raise RuntimeError(f"imported {done.count:,}, the list shows {added:,}, expected {rows:,}")
                groups = len(done.new_groups)
                size = (folder / "import.hfdb").stat().st_size
            finally:
                session.close()
            progress(f"  run {run + 1}: read {timings['read'][-1]:.2f} s, preview {timings['preview'][-1]:.2f} s, "
                     f"commit {timings['commit'][-1]:.2f} s")
    steps = {name: {"median_s": round(statistics.median(t), 2), "min_s": round(min(t), 2),
                    "all_s": [round(x, 2) for x in t],
                    "verdict": "pass" if statistics.median(t) <= TARGET_SECONDS else "over target"}
             for name, t in timings.items()}
    return {"rows": rows, "sibling_groups_made": groups, "database_bytes": size, "steps": steps}


def table(result: dict) -> str:
    lines = [f"{'step':<9} {'median':>9} {'min':>9} {'rows/s':>9}  verdict", "-" * 50]
    for name, step in result["steps"].items():
        rate = result["rows"] / step["median_s"] if step["median_s"] else 0
        lines.append(f"{name:<9} {step['median_s']:>8.2f}s {step['min_s']:>8.2f}s {rate:>9,.0f}  {step['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import 20,000 children from XLSX: preview and commit.")
    parser.add_argument("--rows", type=int, default=ROWS, help=f"children in the workbook (default {ROWS:,})")
    parser.add_argument("--repeats", type=int, default=3, help="runs, each into a fresh database (default 3)")
    parser.add_argument("--out", type=Path, default=startup.RESULTS, help="folder for the JSON result")
    args = parser.parse_args(argv)
    try:
        from benchmarks.run import machine, versions

        print(f"Homefinder import benchmark: {args.rows:,} children from XLSX, {args.repeats} runs")
        result = measure(args.rows, args.repeats)
        print()
        print(table(result))
        print(f"\nTarget: each step at most {TARGET_SECONDS:g} s (median of {args.repeats}). "
              f"{result['sibling_groups_made']:,} sibling groups made per import.")
        today = dt.date.today()
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / f"import-xlsx-{today.isoformat()}.json"
        out.write_text(json.dumps({"benchmark": "import_xlsx", "date": today.isoformat(), "repeats": args.repeats,
                                   "target_seconds": TARGET_SECONDS, **result, "machine": machine(),
                                   "versions": {**versions(), "openpyxl": _version("openpyxl")}}, indent=2) + "\n")
        print(f"Wrote {out}")
    except Exception:  # a benchmark reports; it never fails the process
        traceback.print_exc()
        print("The benchmark could not finish (see above).")
    return 0


def _version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
