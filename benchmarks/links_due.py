"""The Start page's due panel and the Links list at 20,000 children, 30,000 families, 100,000 links.

    .venv/bin/python benchmarks/links_due.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/links_due.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (as benchmarks/registers.py),
LINKS fictional links are added in one transaction, in bulk (insert_all, not through the forms:
this measures reading, not adding), each with its window under the 5/5 rule: about one in five
still in progress, the rest placed or ended, windows closing from years ago to next week, some
answered. Then it times services.links.due_windows (the Start page's panel) and
services.links.link_rows('current') (the Links page as it opens) against the bare SQL for the same
rows on the same connection (for the panel: the windows already open, as the panel shows), checks they are the same links, and writes
benchmarks/results/links-due-YYYY-MM-DD.json. Target: at most 3x the bare SQL. Always exits 0.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import startup  # noqa: E402
from benchmarks.registers import TARGET_RATIO, median_ms  # noqa: E402

LINKS = 100_000
ACTIVE = ("identified", "interest", "exploring", "matching", "panel")

_FROM = """FROM links l LEFT JOIN children c ON c.id = l.child_id
    LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id JOIN families f ON f.id = l.family_id
    LEFT JOIN agencies a ON a.id = f.agency_id LEFT JOIN link_windows w ON w.link_id = l.id
    LEFT JOIN link_policies p ON p.id = w.policy_id"""
_COLUMNS = """l.id, l.reference, l.status, l.status_date, l.identified_on,
    COALESCE(trim(c.first_name || ' ' || c.last_name) || ' (' || c.reference || ')', g.name || ' (sibling group)'),
    f.name, a.name, a.kind, w.opens, w.closes, w.answer, w.who, p.name"""
BARE_DUE = f"""SELECT {_COLUMNS} {_FROM} WHERE l.archived = 0 AND l.status NOT IN ('placed', 'ended')
    AND w.answer = '' AND w.closes <= ? AND w.opens <= ? ORDER BY w.closes, l.id"""
BARE_CURRENT = f"""SELECT {_COLUMNS} {_FROM} WHERE l.archived = 0 AND l.status NOT IN ('placed', 'ended')
    ORDER BY l.status_date, l.id"""


def add_links(session, n: int, seed: int, answered_share: float = 0.5, progress=print) -> int:
    """`n` links with windows and one status row each, in one transaction; about `answered_share`
    of the windows answered (the agenda benchmark leaves them all open)."""
    started = time.perf_counter()
    db = session.database()
    rng = random.Random(seed)
    today = session.today()
    children = [r[0] for r in db.execute("SELECT id FROM children")]
    families = [r[0] for r in db.execute("SELECT id FROM families")]
    from homefinder_desktop.storage import links as link_store

    if not link_store.policies(db):  # a cache made before links: the rule's versions, as a new database has
        with session.writing():
            link_store.seed(db, session.who)
    policy = db.execute("SELECT id FROM link_policies ORDER BY effective_from DESC LIMIT 1").fetchone()[0]
    first = db.execute("SELECT COALESCE(max(id), 0) + 1 FROM links").fetchone()[0]
    links, statuses, windows = [], [], []
    for i in range(n):
        link_id = first + i
        identified = today - dt.timedelta(days=rng.randint(0, 3650) if rng.random() < 0.8 else rng.randint(0, 40))
        status = rng.choice(ACTIVE) if rng.random() < 0.2 else rng.choice(("placed", "ended", "ended", "ended"))
        changed = min(today, identified + dt.timedelta(days=rng.randint(0, 120)))
        links.append({"id": link_id, "reference": f"L-{link_id:05d}", "child_id": rng.choice(children),
                      "family_id": rng.choice(families), "found_at": "homefinder_meeting",
                      "identified_on": identified.isoformat(), "status": status,
                      "status_date": changed.isoformat()})
        statuses.append({"link_id": link_id, "status": status, "date": changed.isoformat(),
                         "recorded_by": "Benchmark"})
        opens = identified + dt.timedelta(days=1)
        answered = answered_share > 0 and rng.random() < answered_share
        windows.append({"link_id": link_id, "policy_id": policy, "who": rng.choice(("own", "others")),
                        "opens": opens.isoformat(), "closes": (opens + dt.timedelta(days=6)).isoformat(),
                        "answer": "pursue" if answered else "",
                        "answered_on": opens.isoformat() if answered else None})
    with session.writing():
        db["links"].insert_all(links, batch_size=2000)
        db["link_statuses"].insert_all(statuses, batch_size=2000)
        db["link_windows"].insert_all(windows, batch_size=2000)
    progress(f"  added {n:,} links (with windows) to the copy in {time.perf_counter() - started:.1f} s")
    return n


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.services import links

    db = session.database()
    horizon = (session.today() + dt.timedelta(days=7)).isoformat()
    cases = [
        ("due_windows", "the Start page's panel: unanswered windows overdue, due today or this week",
         lambda: [r["id"] for rows in links.due_windows(session).values() for r in rows],
         lambda: [r[0] for r in db.execute(BARE_DUE, [horizon, session.today().isoformat()]).fetchall()]),
        ("link_rows_current", "the Links page as it opens: every link in progress",
         lambda: [r["id"] for r in links.link_rows(session, "current")],
         lambda: [r[0] for r in db.execute(BARE_CURRENT).fetchall()]),
    ]
    results = []
    for name, description, program, bare in cases:
        app_ms, app_all, app_ids = median_ms(program, repeats, warmup)
        bare_ms, bare_all, bare_ids = median_ms(bare, repeats, warmup)
        # due_windows groups by state, so compare the sets; link_rows keeps the SQL's order.
        same = (sorted(app_ids) == sorted(bare_ids)) if name == "due_windows" else app_ids == bare_ids
        ratio = app_ms / bare_ms if bare_ms else None
        results.append({
            "name": name, "description": description, "rows": len(app_ids), "median_ms": round(app_ms, 2),
            "bare_median_ms": round(bare_ms, 2), "ratio": round(ratio, 2) if ratio is not None else None,
            "same_rows": same,
            "verdict": "pass" if same and ratio is not None and ratio <= TARGET_RATIO
            else ("over target" if same else "rows differ"),
            "all_ms": [round(t, 2) for t in app_all], "bare_all_ms": [round(t, 2) for t in bare_all]})
        progress(f"  {name:<18} {len(app_ids):>7,} rows {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def table(results: list[dict]) -> str:
    return "\n".join(f"{r['name']:<18} {r['rows']:>7,} rows  {r['median_ms']:8.1f} ms  bare {r['bare_median_ms']:8.1f} ms"
                     f"  {r['ratio']:.2f}x  {r['verdict']}" for r in results)


def main(argv: list[str] | None = None) -> int:
    from homefinder_desktop.services import demo

    args = startup.ratio_arguments("The due panel and the Links list at 100,000 links.", argv)
    return startup.run_on_large(args, "Homefinder due panel and Links list benchmark", "links-due",
                                lambda session: {"links_added": add_links(session, LINKS, demo.SEED + 2)},
                                measure, table)


if __name__ == "__main__":
    sys.exit(main())
