"""The partnership report for three financial years at 20,000 children and 100,000 links, against the
bare SQL of the same aggregates in the same run.

    .venv/bin/python benchmarks/partnership.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/partnership.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/, made
once by benchmarks/startup.py's cached_database), in bulk and in one transaction each (this
measures reading, not adding): LINKS links with their windows and a status row each, as
benchmarks/links_due.py adds them (about one in five still in progress, the rest placed or ended,
identified over ten years); REFERRALS referrals with their histories, as benchmarks/registers.py
adds them; and an upfront fund agreement with ENTRIES ledger entries over ten years, as
benchmarks/fund.py adds them (fees drawn for the copy's own links). Then it times, for the last
three whole financial years:

  report     services.partnership.partnership_report: the placements, links that did not progress,
             children potentially linked, links in progress at the end, referrals (all in SQL), the
             fund from services.fund.summary at the day before and the end, and timeliness from
             services.timeliness.cohort_for
  bare       the same aggregates written out by hand and run on the same connection: each grouped
             count, the fund's postings summed by account at both days with the children placed,
             and the scorecard's dates for the children who moved in or were matched in the period

It checks both give the same figures, prints a table and writes
benchmarks/results/partnership-YYYY-MM-DD.json. Target: at most 3x the bare SQL. Always exits 0.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import fund as fund_bench  # noqa: E402
from benchmarks import startup  # noqa: E402
from benchmarks.agenda import _result, table  # noqa: E402
from benchmarks.links_due import add_links  # noqa: E402
from benchmarks.registers import add_referrals, median_ms  # noqa: E402

LINKS = 100_000
REFERRALS = 3_000
ENTRIES = 100_000

_AGE = ("(CAST(substr(k.status_date, 1, 4) AS INTEGER) - CAST(substr(k.date_of_birth, 1, 4) AS INTEGER) "
        "- (substr(k.status_date, 6, 5) < substr(k.date_of_birth, 6, 5)))")
# Written as a developer would by hand, each figure its own statement: the period's links (a range
# on links_status), each family's agency kind from the lists of each kind's families (read once from
# the covering index on families), and the links' children from the children table by its keys.
_OWN, _PARTNER = ("(SELECT f.id FROM families f JOIN agencies a ON a.id = f.agency_id WHERE a.kind = '{}')"
                  .format(kind) for kind in ("own", "partner"))
_WITH = f"""WITH period(id, family_id, child_id, sibling_group_id, status, status_date, kind) AS MATERIALIZED (
        SELECT id, family_id, child_id, sibling_group_id, status, status_date,
               CASE WHEN family_id IN {_OWN} THEN 'own' WHEN family_id IN {_PARTNER} THEN 'partner' ELSE 'other' END
        FROM links WHERE archived = 0 AND status IN ('placed', 'ended') AND status_date BETWEEN :start AND :end),
    k AS MATERIALIZED (
        SELECT p.status, p.status_date, p.family_id, p.kind, p.sibling_group_id AS group_link, c.id AS cid, c.sex,
               c.date_of_birth, c.sibling_group_id FROM period p JOIN children c ON c.id = p.child_id
        UNION ALL
        SELECT p.status, p.status_date, p.family_id, p.kind, p.sibling_group_id, c.id, c.sex, c.date_of_birth,
               c.sibling_group_id FROM period p JOIN children c ON c.sibling_group_id = p.sibling_group_id)"""
BARE_PLACED = f"""{_WITH} SELECT kind, sex, {_AGE}, group_link IS NOT NULL, count(*)
    FROM k WHERE status = 'placed' GROUP BY 1, 2, 3, 4"""
BARE_PLACEMENTS = f"""{_WITH} SELECT kind, count(*), sum(sibling_group_id IS NOT NULL), count(DISTINCT family_id)
    FROM period WHERE status = 'placed' GROUP BY kind"""
BARE_ENDED = """SELECT count(*), count(DISTINCT family_id) FROM links
    WHERE archived = 0 AND status = 'ended' AND status_date BETWEEN :start AND :end"""
BARE_REASONS = """SELECT COALESCE(r.name, NULLIF(trim(l.ended_reason), ''), 'No reason recorded'), count(*)
    FROM links l LEFT JOIN end_reasons r ON r.id = l.end_reason_id
    WHERE l.archived = 0 AND l.status = 'ended' AND l.status_date BETWEEN :start AND :end GROUP BY 1"""
BARE_ENDED_CHILDREN = f"""{_WITH} SELECT count(DISTINCT cid), count(DISTINCT CASE WHEN sibling_group_id IS NOT NULL
    THEN cid END) FROM k WHERE status = 'ended'"""
BARE_LINKED = f"""{_WITH} SELECT (SELECT count(DISTINCT cid) FROM k), (SELECT count(DISTINCT family_id) FROM period)"""
# Each link's status at the end of the period: its latest step on or before that day.
BARE_AT_END = """WITH at_end AS MATERIALIZED (
        SELECT l.family_id, CASE WHEN l.status_date <= :end THEN l.status ELSE
               COALESCE((SELECT s.status FROM link_statuses s WHERE s.link_id = l.id AND s.date <= :end
                         ORDER BY s.date DESC, s.id DESC LIMIT 1), 'identified') END AS status
        FROM links l WHERE l.archived = 0 AND l.identified_on <= :end)
    SELECT status, count(*), count(DISTINCT family_id) FROM at_end
    WHERE status IN ('identified', 'interest', 'exploring', 'matching', 'panel') GROUP BY status"""
BARE_REFERRALS = """SELECT r.kind, COALESCE((SELECT s.status FROM referral_statuses s WHERE s.referral_id = r.id
                                             AND s.date <= :end ORDER BY s.date DESC, s.id DESC LIMIT 1), 'open'),
                           count(*)
    FROM referrals r WHERE r.archived = 0 AND r.referred_on BETWEEN :start AND :end GROUP BY 1, 2"""
BARE_FEES_PLACED = """SELECT COALESCE(SUM(e.children), 0) FROM fund_entries e WHERE e.agreement_id = :a
    AND e.kind = 'fee' AND e.fee_stage = 'placement' AND e.on_date <= :on
    AND NOT EXISTS (SELECT 1 FROM fund_entries r WHERE r.reverses_id = e.id AND r.on_date <= :on)"""
BARE_COHORT = """SELECT count(*) FROM (
        SELECT c.id, min(CASE WHEN s.stage = 'match_agreed' THEN s.date END) AS matched,
               min(CASE WHEN s.stage = 'placed' THEN s.date END) AS moved
        FROM children c JOIN child_stages s ON s.child_id = c.id
        WHERE c.archived = 0 AND s.stage IN ('match_agreed', 'placed') GROUP BY c.id)
    WHERE moved BETWEEN :start AND :end OR matched BETWEEN :start AND :end"""


def prepare(session) -> dict:
    from homefinder_desktop.services import demo

    facts = {"links_added": add_links(session, LINKS, demo.SEED + 2),
             "referrals_added": add_referrals(session, REFERRALS)}
    agreement_id = fund_bench.add_agreement(session)
    return {**facts, "agreement_id": agreement_id,
            **fund_bench.add_entries(session, agreement_id, ENTRIES, fund_bench.SEED)}


def three_years(today: dt.date) -> tuple[dt.date, dt.date]:
    from homefinder_desktop.domain.timeliness import last_three_years

    return last_three_years(today)


def bare(db, start: dt.date, end: dt.date, agreements: list[int]) -> dict:
    """Every figure of the report, by hand: the numbers the program's report must agree with."""
    period = {"start": start.isoformat(), "end": end.isoformat()}
    placed = {**period, "status": "placed"}
    ended = {**period, "status": "ended"}
    out = {"placed": db.execute(BARE_PLACED, placed).fetchall(),
           "placements": db.execute(BARE_PLACEMENTS, placed).fetchall(),
           "ended": db.execute(BARE_ENDED, ended).fetchone(),
           "ended_children": db.execute(BARE_ENDED_CHILDREN, ended).fetchone(),
           "reasons": db.execute(BARE_REASONS, ended).fetchall(),
           "linked": db.execute(BARE_LINKED, period).fetchone(),
           "at_end": db.execute(BARE_AT_END, period).fetchall(),
           "referrals": db.execute(BARE_REFERRALS, period).fetchall(),
           "cohort": db.execute(BARE_COHORT, period).fetchone()[0], "fund": []}
    before = (start - dt.timedelta(days=1)).isoformat()
    for agreement_id in agreements:
        sums = {}
        for day in (before, end.isoformat()):
            accounts = dict(db.execute(fund_bench.BARE_ACCOUNTS, {"a": agreement_id, "on": day}).fetchall())
            placed_by = db.execute(BARE_FEES_PLACED, {"a": agreement_id, "on": day}).fetchone()[0]
            sums[day] = (sum(v for k, v in accounts.items() if k.startswith("holding:")), accounts.get("fees", 0),
                         placed_by)
        out["fund"].append(sums)
    return out


def same(report, sums: dict, start: dt.date) -> bool:
    """The program's figures against the hand-written ones."""
    p, n = report.placed, report.not_progressed
    by_status = {status: links for status, links, _families in sums["at_end"]}
    before = (start - dt.timedelta(days=1)).isoformat()
    fund_ok = all(
        (f.balance_at_start, f.balance_at_end, f.fees, f.placed_by_end, f.placed_in_period)
        == (s[before][0], s[report.end.isoformat()][0], s[report.end.isoformat()][1] - s[before][1],
            s[report.end.isoformat()][2], s[report.end.isoformat()][2] - s[before][2])
        for f, s in zip(report.fund, sums["fund"]))
    referrals = {(k.kind, status): c for k in report.referrals for status, c in k.outcomes}
    return (p.children == sum(r[-1] for r in sums["placed"])
            and p.girls == sum(r[-1] for r in sums["placed"] if r[1] == "F")
            and p.placements == sum(r[1] for r in sums["placements"])
            and p.families == sum(r[3] for r in sums["placements"])
            and (n.links, n.families) == tuple(sums["ended"])
            and (n.children, n.siblings) == tuple(sums["ended_children"])
            and dict(n.by_reason) == dict(sums["reasons"])
            and (report.potentially_linked.children, report.potentially_linked.families) == tuple(sums["linked"])
            and dict(report.exploring.by_status + report.matches.by_status) == {
                s: by_status.get(s, 0) for s in ("identified", "interest", "exploring", "matching", "panel")}
            and referrals == {(kind, status): c for kind, status, c in sums["referrals"]}
            and fund_ok and len(report.fund) == len(sums["fund"]))


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.services import fund, partnership, timeliness

    db = session.database()
    start, end = three_years(session.today())
    agreements = [a.id for a in fund.agreements(session) if a.starts_on <= end and
                  (a.last_day is None or a.last_day >= start)]
    app_ms, app_all, report = median_ms(lambda: partnership.partnership_report(session, start, end), repeats, warmup)
    bare_ms, bare_all, sums = median_ms(lambda: bare(db, start, end, agreements), repeats, warmup)
    cohort = timeliness.cohort_for(session, start, end)
    agrees = same(report, sums, start) and len(cohort.per_child) == sums["cohort"]
    lines = report.placed.placements + report.not_progressed.links + report.exploring.links + report.matches.links
    progress(f"  report    {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    # The parts of the report on their own, to say where its time goes (no bare counterpart: reported only).
    parts = {"links_and_referrals": lambda: (partnership.store.period_links(db, start, end),
                                              partnership._in_progress(db, end),
                                              partnership.store.referrals(db, start, end)),
             "fund": lambda: partnership._fund_parts(session, start, end),
             "timeliness": lambda: timeliness.cohort_for(session, start, end)}
    split = {}
    for name, fn in parts.items():
        split[name] = round(median_ms(fn, repeats, warmup)[0], 1)
        progress(f"    of which {name:<20} {split[name]:8.1f} ms")
    result = _result("report", f"the partnership report for {start:%d/%m/%Y} to {end:%d/%m/%Y}: "
                               f"{report.placed.children:,} children placed, {report.not_progressed.links:,} links "
                               f"that did not progress, {report.referrals_made:,} referrals, "
                               f"{len(report.fund)} fund agreement(s)", lines, app_ms, app_all, bare_ms, bare_all,
                     agrees)
    result["parts_ms"] = split
    return [result]


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("The partnership report for three years at 20,000 children and 100,000 links, "
                                   "against the bare SQL of the same aggregates.", argv)
    return startup.run_on_large(args, "Homefinder partnership report benchmark", "partnership", prepare, measure,
                                table)


if __name__ == "__main__":
    sys.exit(main())
