"""The children list at 20,000 children: what the program does against the bare SQL.

    .venv/bin/python benchmarks/registers.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/registers.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/,
made once by benchmarks/startup.py's cached_database), times three things a worker does, each
through the services the table model calls (records.child_ids, then records.child_rows for the
first block of ChildrenModel.BLOCK_SIZE rows), and beside it the bare SQL written out by hand for
the same rows, run on the same connection:

  open     the list as it opens: every child not archived, by name
  filter   a filter change: aged 2 to 4, female, waiting more than 180 days
  sort     a sort: the Waiting column, longest wait first

It checks the two give the same children in the same order, prints a table and writes
benchmarks/results/registers-YYYY-MM-DD.json. The target is at most 3x the bare SQL; the
verdict is reported and the process always exits 0: timings belong here, not in the tests.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402

TARGET_RATIO = 3.0
LARGE = {"children": 20000, "families": 30000}

_FROM = """FROM children c
    LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
    LEFT JOIN workers w ON w.id = c.social_worker_id"""
_WAITING = """(CASE WHEN c.stage IN ('agency_decision', 'placement_order', 'family_finding', 'linked')
    THEN coalesce((SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id AND s.stage = 'agency_decision'),
                  (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id)) END)"""
_ROWS = f"""SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.sex, c.stage,
    c.stage_date, c.date_entered_care, c.archived, g.name, w.name, {_WAITING} {_FROM} WHERE c.id IN ({{marks}})"""


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cases(today: dt.date):
    """(name, description, RegisterQuery fields, bare SQL for the ids, its parameters)."""
    by_name = "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id"
    return [
        ("open", "every child not archived, by name", {},
         f"SELECT c.id {_FROM} WHERE c.archived = 0 ORDER BY {by_name}", []),
        ("filter", "aged 2 to 4, female, waiting more than 180 days",
         {"age_band": "2_to_4", "sex": "F", "waiting_longer_than": 180},
         f"""SELECT c.id {_FROM} WHERE c.archived = 0 AND c.date_of_birth > ? AND c.date_of_birth <= ?
             AND c.sex = 'F' AND c.stage IN ('agency_decision', 'placement_order', 'family_finding', 'linked')
             AND {_WAITING} < ? ORDER BY {by_name}""",
         [_years_before(today, 5).isoformat(), _years_before(today, 2).isoformat(),
          (today - dt.timedelta(days=180)).isoformat()]),
        ("sort", "the Waiting column, longest wait first", {"sort": "waiting"},
         f"SELECT c.id {_FROM} WHERE c.archived = 0 ORDER BY {_WAITING} NULLS LAST, c.id", []),
    ]


def median_ms(fn, repeats: int, warmup: int) -> tuple[float, list[float], object]:
    result = None
    times = []
    for i in range(warmup + repeats):
        started = time.perf_counter()
        result = fn()
        took = (time.perf_counter() - started) * 1000
        if i >= warmup:
            times.append(took)
    return statistics.median(times), times, result


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.services import records
    from homefinder_desktop.services.records import RegisterQuery
    from homefinder_desktop.ui.models import LazyRegisterModel

    block = LazyRegisterModel.BLOCK_SIZE
    db = session.database()
    today = session.today()
    results = []
    for name, description, fields, bare_sql, params in cases(today):
        def program(fields=fields):
            ids = records.child_ids(session, RegisterQuery(**fields))
            rows = records.child_rows(session, ids[:block])
            return ids, rows

        def bare(bare_sql=bare_sql, params=params):
            ids = [r[0] for r in db.execute(bare_sql, params).fetchall()]
            first = ids[:block]
            rows = db.execute(_ROWS.format(marks=",".join("?" * len(first))), first).fetchall() if first else []
            return ids, rows

        app_ms, app_all, (app_ids, app_rows) = median_ms(program, repeats, warmup)
        bare_ms, bare_all, (bare_ids, bare_rows) = median_ms(bare, repeats, warmup)
        same = app_ids == bare_ids and sorted(app_rows) == sorted(r[0] for r in bare_rows)
        ratio = app_ms / bare_ms if bare_ms else None
        results.append({
            "name": name, "description": description, "query": fields, "children": len(app_ids),
            "rows_read": len(app_rows), "median_ms": round(app_ms, 2), "bare_median_ms": round(bare_ms, 2),
            "ratio": round(ratio, 2) if ratio is not None else None, "same_rows": same,
            "verdict": "pass" if ratio is not None and ratio <= TARGET_RATIO and same else "over target"
            if same else "rows differ",
            "all_ms": [round(t, 2) for t in app_all], "bare_all_ms": [round(t, 2) for t in bare_all],
        })
        progress(f"  {name:<7} {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def table(results: list[dict]) -> str:
    lines = [f"{'case':<8} {'children':>8} {'median':>10} {'bare SQL':>10} {'ratio':>6}  verdict",
             "-" * 60]
    for r in results:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        lines.append(f"{r['name']:<8} {r['children']:>8,} {r['median_ms']:>8.1f}ms {r['bare_median_ms']:>8.1f}ms "
                     f"{ratio:>6}  {r['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The children list at 20,000 children against the bare SQL.")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--out", type=Path, default=startup.RESULTS, help="folder for the JSON result")
    args = parser.parse_args(argv)
    try:
        from benchmarks.run import machine, versions
        from homefinder_desktop.services import demo
        from homefinder_desktop.services.session import open_session

        print("Homefinder children list benchmark")
        with tempfile.TemporaryDirectory(prefix="homefinder-bench-registers-") as tmp:
            os.environ["HOMEFINDER_HOME"] = str(Path(tmp) / "home")  # the worker's own folder untouched
            cached = startup.cached_database(LARGE["children"], LARGE["families"], demo.SEED)
            copy = startup.working_copy(cached, Path(tmp))
            started = time.perf_counter()
            session = open_session(copy, demo.DEMO_PASSPHRASE, "Benchmark", verify_pages=False)
            print(f"  opened (and migrated) the copy in {(time.perf_counter() - started) * 1000:.0f} ms")
            try:
                results = measure(session, args.repeats, args.warmup)
            finally:
                session.close()
        print()
        print(table(results))
        print(f"\nTarget: at most {TARGET_RATIO:g}x the bare SQL (median of {args.repeats}).")
        today = dt.date.today()
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / f"registers-{today.isoformat()}.json"
        out.write_text(json.dumps({
            "benchmark": "registers", "date": today.isoformat(), "repeats": args.repeats,
            "warmup": args.warmup, "target_ratio": TARGET_RATIO, "database": LARGE,
            "machine": machine(), "versions": versions(), "cases": results}, indent=2) + "\n")
        print(f"Wrote {out}")
    except Exception:  # a benchmark reports; it never fails the process
        traceback.print_exc()
        print("The benchmark could not finish (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
