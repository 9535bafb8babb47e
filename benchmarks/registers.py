"""The lists at 20,000 children and 30,000 families: what the program does against the bare SQL.

    .venv/bin/python benchmarks/registers.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/registers.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/,
made once by benchmarks/startup.py's cached_database), with REFERRALS referrals added to the copy
(the demo makes a dozen; a partnership makes a few hundred a year, so this is decades of them),
times three things a worker does on each of the Children, Families and Referrals lists, each
through the services the table model calls (records.*_ids, then records.*_rows for the first
block of LazyRegisterModel.BLOCK_SIZE rows), and beside it the bare SQL written out by hand for
the same rows, run on the same connection:

  children  open    every child not archived, by name
            filter  aged 2 to 4, female, waiting more than 180 days
            sort    the Waiting column, longest wait first
  families  open    every family not archived, by name
            filter  the partner agency's families (the agency filter)
            sort    the Stage column, in the order of the assessment
  referrals open    open referrals, newest first (the page as it opens)
            filter  children's referrals open more than 30 days
            sort    every referral, by days to a response (none yet: last)

It checks the two give the same records in the same order, prints a table and writes
benchmarks/results/registers-YYYY-MM-DD.json. The target is at most 3x the bare SQL; the
verdict is reported and the process always exits 0: timings belong here, not in the tests.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402

TARGET_RATIO = startup.RATIO_TARGET
LARGE = startup.LARGE
REFERRALS = 3000  # on the working copy, beside the demo's own

_WAITING_STAGES = "('agency_decision', 'placement_order', 'family_finding', 'linked')"
_FROM = """FROM children c
    LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
    LEFT JOIN workers w ON w.id = c.social_worker_id"""
_WAITING = f"""(CASE WHEN c.stage IN {_WAITING_STAGES}
    THEN coalesce((SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id AND s.stage = 'agency_decision'),
                  (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id)) END)"""
_ROWS = f"""SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.sex, c.stage,
    c.stage_date, c.date_entered_care, c.archived, g.name, w.name, {_WAITING} {_FROM} WHERE c.id IN ({{marks}})"""

_FAMILY_FROM = """FROM families f JOIN agencies a ON a.id = f.agency_id
    LEFT JOIN workers w ON w.id = f.social_worker_id"""
_FAMILY_ROWS = f"""SELECT f.id, f.reference, f.name, f.adopter_one, f.adopter_two, f.stage, f.stage_date,
    f.approval_date, f.area, f.household, f.archived, a.name, a.kind, w.name {_FAMILY_FROM} WHERE f.id IN ({{marks}})"""
_FAMILY_STAGE = """CASE f.stage WHEN 'enquiry' THEN 0 WHEN 'stage_one' THEN 1 WHEN 'stage_two' THEN 2
    WHEN 'approved' THEN 3 WHEN 'on_hold' THEN 4 WHEN 'withdrawn' THEN 5 ELSE 6 END"""

_OPEN = "('open', 'acknowledged')"
_REFERRAL_FROM = """FROM referrals r LEFT JOIN children c ON c.id = r.child_id
    LEFT JOIN families f ON f.id = r.family_id
    JOIN agencies fa ON fa.id = r.from_agency_id JOIN agencies ta ON ta.id = r.to_agency_id"""
_DAYS = "CAST(julianday(r.response_date) - julianday(r.referred_on) AS INTEGER)"
_REFERRAL_ROWS = f"""SELECT r.id, r.reference, r.kind, r.child_id, r.family_id, r.referred_on, r.status,
    r.status_date, r.response_date, r.outcome, r.archived,
    CASE WHEN r.kind = 'child' THEN trim(c.first_name || ' ' || c.last_name) ELSE f.name END,
    fa.name, ta.name, {_DAYS},
    CASE WHEN r.status IN {_OPEN} THEN CAST(julianday(?) - julianday(r.referred_on) AS INTEGER) END
    {_REFERRAL_FROM} WHERE r.id IN ({{marks}})"""


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cases(today: dt.date):
    """(list, case, description, query fields, bare SQL for the ids, its parameters)."""
    by_name = "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id"
    family_name = "f.name COLLATE NOCASE, f.id"
    return [
        ("children", "open", "every child not archived, by name", {},
         f"SELECT c.id {_FROM} WHERE c.archived = 0 ORDER BY {by_name}", []),
        ("children", "filter", "aged 2 to 4, female, waiting more than 180 days",
         {"age_band": "2_to_4", "sex": "F", "waiting_longer_than": 180},
         f"""SELECT c.id {_FROM} WHERE c.archived = 0 AND c.date_of_birth > ? AND c.date_of_birth <= ?
             AND c.sex = 'F' AND c.stage IN {_WAITING_STAGES} AND {_WAITING} < ? ORDER BY {by_name}""",
         [_years_before(today, 5).isoformat(), _years_before(today, 2).isoformat(),
          (today - dt.timedelta(days=180)).isoformat()]),
        ("children", "sort", "the Waiting column, longest wait first", {"sort": "waiting"},
         f"SELECT c.id {_FROM} WHERE c.archived = 0 ORDER BY {_WAITING} NULLS LAST, c.id", []),
        ("families", "open", "every family not archived, by name", {},
         f"SELECT f.id {_FAMILY_FROM} WHERE f.archived = 0 ORDER BY {family_name}", []),
        ("families", "filter", "the partner agency's families", {"agency_kind": "partner"},
         f"SELECT f.id {_FAMILY_FROM} WHERE f.archived = 0 AND a.kind = 'partner' ORDER BY {family_name}", []),
        ("families", "sort", "the Stage column, in the order of the assessment", {"sort": "stage"},
         f"SELECT f.id {_FAMILY_FROM} WHERE f.archived = 0 ORDER BY {_FAMILY_STAGE}, f.id", []),
        ("referrals", "open", "open referrals, newest first (as the page opens)", {},
         f"""SELECT r.id {_REFERRAL_FROM} WHERE r.archived = 0 AND r.status IN {_OPEN}
             ORDER BY r.referred_on DESC, r.id DESC""", []),
        ("referrals", "filter", "children's referrals open more than 30 days", {"kind": "child", "older_than": 30},
         f"""SELECT r.id {_REFERRAL_FROM} WHERE r.archived = 0 AND r.kind = 'child' AND r.status IN {_OPEN}
             AND r.referred_on < ? ORDER BY r.referred_on DESC, r.id DESC""",
         [(today - dt.timedelta(days=30)).isoformat()]),
        ("referrals", "sort", "every referral, by days to a response",
         {"open_only": False, "sort": "days_to_response", "descending": False},
         f"SELECT r.id {_REFERRAL_FROM} WHERE r.archived = 0 ORDER BY {_DAYS} NULLS LAST, r.id", []),
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


def add_referrals(session, n: int, progress=print) -> int:
    """`n` more referrals of both kinds, with their status histories, made as the demo makes them."""
    from homefinder_desktop.services import demo

    started = time.perf_counter()
    db = session.database()
    agencies = {r["kind"]: r["id"] for r in db.query("SELECT id, kind FROM agencies ORDER BY id DESC")}
    with session.writing():
        made = demo._referrals(db, session.who, session.today(), agencies, n, demo.SEED + 1)
    progress(f"  added {made:,} referrals to the copy in {time.perf_counter() - started:.1f} s")
    return made


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.services import records
    from homefinder_desktop.services.records import ReferralQuery, RegisterQuery
    from homefinder_desktop.ui.models import LazyRegisterModel

    block = LazyRegisterModel.BLOCK_SIZE
    db = session.database()
    today = session.today()
    lists = {  # what the table model calls, the query it holds, and the bare SQL for its rows
        "children": (records.child_ids, records.child_rows, RegisterQuery, _ROWS, []),
        "families": (records.family_ids, records.family_rows, RegisterQuery, _FAMILY_ROWS, []),
        "referrals": (records.referral_ids, records.referral_rows, ReferralQuery, _REFERRAL_ROWS, [today.isoformat()]),
    }
    results = []
    for list_name, name, description, fields, bare_sql, params in cases(today):
        find_ids, find_rows, query_cls, rows_sql, rows_params = lists[list_name]

        def program(fields=fields, find_ids=find_ids, find_rows=find_rows, query_cls=query_cls):
            ids = find_ids(session, query_cls(**fields))
            rows = find_rows(session, ids[:block])
            return ids, rows

        def bare(bare_sql=bare_sql, params=params, rows_sql=rows_sql, rows_params=rows_params):
            ids = [r[0] for r in db.execute(bare_sql, params).fetchall()]
            first = ids[:block]
            rows = (db.execute(rows_sql.format(marks=",".join("?" * len(first))), rows_params + first).fetchall()
                    if first else [])
            return ids, rows

        app_ms, app_all, (app_ids, app_rows) = median_ms(program, repeats, warmup)
        bare_ms, bare_all, (bare_ids, bare_rows) = median_ms(bare, repeats, warmup)
        same = app_ids == bare_ids and sorted(app_rows) == sorted(r[0] for r in bare_rows)
        ratio = app_ms / bare_ms if bare_ms else None
        results.append({
            "list": list_name, "name": name, "description": description, "query": fields, "records": len(app_ids),
            "rows_read": len(app_rows), "median_ms": round(app_ms, 2), "bare_median_ms": round(bare_ms, 2),
            "ratio": round(ratio, 2) if ratio is not None else None, "same_rows": same,
            "verdict": "pass" if ratio is not None and ratio <= TARGET_RATIO and same else "over target"
            if same else "rows differ",
            "all_ms": [round(t, 2) for t in app_all], "bare_all_ms": [round(t, 2) for t in bare_all],
        })
        progress(f"  {list_name:<9} {name:<7} {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def table(results: list[dict]) -> str:
    lines = [f"{'list':<10} {'case':<7} {'records':>8} {'median':>10} {'bare SQL':>10} {'ratio':>6}  verdict",
             "-" * 70]
    for r in results:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        lines.append(f"{r['list']:<10} {r['name']:<7} {r['records']:>8,} {r['median_ms']:>8.1f}ms "
                     f"{r['bare_median_ms']:>8.1f}ms {ratio:>6}  {r['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("The children, families and referrals lists at 20,000 children and 30,000 "
                                   "families against the bare SQL.", argv)
    return startup.run_on_large(args, "Homefinder lists benchmark (children, families, referrals)", "registers",
                                lambda session: {"referrals_added": add_referrals(session, REFERRALS)},
                                measure, table)


if __name__ == "__main__":
    sys.exit(main())
