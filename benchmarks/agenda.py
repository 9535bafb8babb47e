"""The Homefinder meeting's agenda at 20,000 children, 30,000 families and 100,000 links, against
the bare SQL for the same rows in the same run.

    .venv/bin/python benchmarks/agenda.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/agenda.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/, made
once by benchmarks/startup.py's cached_database), LINKS fictional links are added in bulk (a fifth
in progress, the rest placed or ended, each with its window). Then it times two things:

  make  a new Homefinder meeting (services.meetings.create_meeting): every waiting child read with
        when they began waiting and whether they have an active link, sibling groups folded into one
        line, and every line written with its audit row; against the bare SQL reading the same
        children and inserting the same lines (no audit, no fold) in one transaction
  open  the agenda as the screen and the minutes show it (services.meetings.agenda: each line's
        stage, days waiting, active links and open windows, a group's children and their ages);
        against the same SELECT written out by hand, fetched as tuples

It checks both give the same lines in the same order, prints a table and writes
benchmarks/results/agenda-YYYY-MM-DD.json. Target: at most 3x the bare SQL. Always exits 0.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402
from benchmarks.links_due import add_links  # noqa: E402
from benchmarks.registers import median_ms  # noqa: E402

TARGET_RATIO = startup.RATIO_TARGET
LARGE = startup.LARGE
LINKS = 100_000
SEED = 20261120

_ACTIVE = "('identified', 'interest', 'exploring', 'matching', 'panel')"
_WAITING_STAGES = "('agency_decision', 'placement_order', 'family_finding', 'linked')"
_SINCE = f"""(CASE WHEN c.stage IN {_WAITING_STAGES} THEN coalesce(
    (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id AND s.stage = 'agency_decision'),
    (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id)) END)"""
_LINKED = f"""(EXISTS (SELECT 1 FROM links l WHERE l.child_id = c.id AND l.archived = 0 AND l.status IN {_ACTIVE})
    OR EXISTS (SELECT 1 FROM links l WHERE l.sibling_group_id = c.sibling_group_id AND l.archived = 0
               AND l.status IN {_ACTIVE}))"""
BARE_WAITING = f"""SELECT c.id, c.sibling_group_id, {_SINCE} AS since, {_LINKED} AS linked FROM children c
    WHERE c.archived = 0 AND c.stage IN {_WAITING_STAGES}"""
_LIVE = f"l.archived = 0 AND l.status IN {_ACTIVE}"
BARE_AGENDA = f"""WITH lines AS (SELECT i.id, i.child_id, i.sibling_group_id,
        coalesce(i.sibling_group_id, (SELECT sibling_group_id FROM children WHERE id = i.child_id)) AS unit_group
        FROM meeting_items i WHERE i.meeting_id = :meeting AND i.kind = 'child'),
    line_links AS (
        SELECT n.id AS line, l.id AS link FROM lines n CROSS JOIN links l ON l.child_id = n.child_id WHERE {_LIVE}
        UNION SELECT n.id, l.id FROM lines n CROSS JOIN links l ON l.sibling_group_id = n.unit_group WHERE {_LIVE}
        UNION SELECT n.id, l.id FROM lines n CROSS JOIN children m ON m.sibling_group_id = n.sibling_group_id
            CROSS JOIN links l ON l.child_id = m.id WHERE {_LIVE}),
    line_counts AS MATERIALIZED (SELECT x.line, count(*) AS active_links,
        sum(CASE WHEN w.answer = '' AND w.closes >= :today THEN 1 ELSE 0 END) AS open_windows
        FROM line_links x LEFT JOIN link_windows w ON w.link_id = x.link GROUP BY x.line)
    SELECT i.id, c.first_name, c.last_name, c.reference, c.date_of_birth, c.stage, g.name,
    (SELECT group_concat(m.first_name || ' ' || m.last_name || '|' || coalesce(m.date_of_birth, '') || '|' || m.stage,
                         ';') FROM children m WHERE m.sibling_group_id = i.sibling_group_id AND m.archived = 0),
    CASE WHEN i.child_id IS NOT NULL THEN {_SINCE}
         ELSE (SELECT min({_SINCE}) FROM children c WHERE c.sibling_group_id = i.sibling_group_id
               AND c.archived = 0) END,
    coalesce(k.active_links, 0), coalesce(k.open_windows, 0), i.ask_partner, i.text
    FROM meeting_items i LEFT JOIN children c ON c.id = i.child_id LEFT JOIN sibling_groups g ON g.id = i.sibling_group_id
    LEFT JOIN line_counts k ON k.line = i.id
    WHERE i.meeting_id = :meeting AND i.kind = 'child' ORDER BY i.position, i.id"""

def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.domain.meetings import Meeting
    from homefinder_desktop.services import meetings

    db = session.database()
    today = session.today()
    made: list[int] = []

    def make_program():
        meeting_id = meetings.create_meeting(session, Meeting(kind="homefinder", held_on=today)).record_id
        made.append(meeting_id)
        return [(r["child_id"], r["sibling_group_id"]) for r in db.query(
            "SELECT child_id, sibling_group_id FROM meeting_items WHERE meeting_id = ? ORDER BY position", [meeting_id])]

    def make_bare():
        rows = db.execute(BARE_WAITING).fetchall()
        with session.writing():
            cur = db.execute("INSERT INTO meetings (kind, held_on, reference) VALUES ('homefinder', ?, ?)",
                             [today.isoformat(), f"B-{time.perf_counter_ns()}"])
            meeting_id = cur.lastrowid
            db.conn.executemany("INSERT INTO meeting_items (meeting_id, kind, child_id, position, ask_partner) "
                                "VALUES (?, 'child', ?, ?, ?)",
                                [(meeting_id, r[0], n, 0 if r[3] else 1) for n, r in enumerate(rows, start=1)])
        return len(rows)

    results = []
    app_ms, app_all, lines = median_ms(make_program, repeats, warmup)
    bare_ms, bare_all, children = median_ms(make_bare, repeats, warmup)
    # The bare SQL writes a line per child; the program folds each sibling group into one.
    in_groups = db.execute(f"SELECT count(*) FROM children WHERE archived = 0 AND stage IN {_WAITING_STAGES} "
                           "AND sibling_group_id IS NOT NULL").fetchone()[0]
    groups = len({g for _c, g in lines if g is not None})
    same = len(lines) == children - in_groups + groups
    results.append(_result("make", "a new Homefinder meeting: agenda read, groups folded, lines written "
                                   "(with audit rows)", len(lines), app_ms, app_all, bare_ms, bare_all, same))
    progress(f"  make {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")

    meeting_id = made[-1]
    app_ms, app_all, app_lines = median_ms(lambda: meetings.agenda(session, meeting_id), repeats, warmup)
    bare_ms, bare_all, bare_rows = median_ms(
        lambda: db.execute(BARE_AGENDA, {"today": today.isoformat(), "meeting": meeting_id}).fetchall(), repeats, warmup)
    same = [line["id"] for line in app_lines] == [r[0] for r in bare_rows] and all(
        (line["active_links"], line["open_windows"]) == (r[9], r[10]) for line, r in zip(app_lines, bare_rows))
    results.append(_result("open", "the agenda as shown and printed: stage, days waiting, active links, open "
                                   "windows, a group's children and ages", len(app_lines), app_ms, app_all,
                           bare_ms, bare_all, same))
    progress(f"  open {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def _result(name, description, lines, app_ms, app_all, bare_ms, bare_all, same) -> dict:
    ratio = app_ms / bare_ms if bare_ms else None
    return {"name": name, "description": description, "lines": lines, "median_ms": round(app_ms, 2),
            "bare_median_ms": round(bare_ms, 2), "ratio": round(ratio, 2) if ratio is not None else None,
            "same_rows": same,
            "verdict": ("pass" if ratio is not None and ratio <= TARGET_RATIO else "over target") if same
            else "rows differ",
            "all_ms": [round(t, 2) for t in app_all], "bare_all_ms": [round(t, 2) for t in bare_all]}


def table(results: list[dict]) -> str:
    width = max([4] + [len(r["name"]) for r in results])
    lines = [f"{'case':<{width}} {'rows':>7} {'median':>10} {'bare SQL':>10} {'ratio':>6}  verdict", "-" * (width + 50)]
    for r in results:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        lines.append(f"{r['name']:<{width}} {r['lines']:>7,} {r['median_ms']:>8.1f}ms {r['bare_median_ms']:>8.1f}ms "
                     f"{ratio:>6}  {r['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("The Homefinder agenda at 20,000 children, 30,000 families and 100,000 links "
                                   "against the bare SQL.", argv)
    return startup.run_on_large(args, "Homefinder agenda benchmark", "agenda",
                                lambda session: {"links_added": add_links(session, LINKS, SEED, answered_share=0.0)},
                                measure, table)


if __name__ == "__main__":
    sys.exit(main())
