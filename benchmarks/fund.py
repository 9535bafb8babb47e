"""The upfront fund's ledger at 100,000 entries: the balance, the summary and a year's statement,
against the bare SQL summing the same postings in the same run.

    .venv/bin/python benchmarks/fund.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/fund.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/, made
once by benchmarks/startup.py's cached_database), an agreement is added through services.fund, then
ENTRIES fictional entries (two postings each) in bulk, in one transaction (INSERTs straight into
fund_entries and fund_postings, as benchmarks/links_due.py adds links: this measures reading, not
adding), spread over YEARS financial years up to today: an instalment whenever the year's holding
account runs low, fees at placement and at the order (for the copy's own links, or none), the
link worker's and advertising reallocations, money returned now and then, reversals of earlier
entries of the year, and each year's balance rolled over on 1 April. Then it times:

  balance    services.fund.balance (the holding accounts together, today) against the bare SQL
             summing the same holding postings
  summary    services.fund.summary (the balances, the by-year table, children placed, the last
             twelve months' fees, the forecast) against the bare SQL summing the same postings by
             account and by year and kind
  summary_checks  the same once a balance agreed with the agency is added for the end of every
             quarter so far (40; one in ten out by a little), each checked against the ledger's
             holding balance that day; against the same bare sums and one query giving the
             holding balance at each check's day (a running sum by day, SUM ... OVER, looked up)
  statement  services.fund.statement for the last whole financial year (every entry of the year with
             its change to the holding accounts and the running balance) against the bare SQL
             selecting the same entries with their holding change and the running balance by a
             window function (SUM ... OVER), after the opening balance

It checks both read the same sums (and, for the statement, the same entries, changes and running
balances), prints a table and writes benchmarks/results/fund-YYYY-MM-DD.json. Target: at most 3x the
bare SQL. Always exits 0.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402
from benchmarks.agenda import _result, table  # noqa: E402
from benchmarks.registers import median_ms  # noqa: E402

ENTRIES = 100_000
YEARS = 10
SEED = 20261124
FEES = {"placement": 18_000_00, "order": 9_000_00}
INSTALMENT = 250_000_00
# Every column of fund_entries in each row: a batch of rows with different columns would be given
# NULLs for the NOT NULL ones.
EMPTY_ENTRY = {"memo": "", "link_id": None, "fee_stage": "", "children": 0, "instalment": None, "purpose": "",
               "matched": 0, "reverses_id": None, "recorded_by": "Benchmark"}

BARE_BALANCE = """SELECT COALESCE(SUM(p.amount), 0) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
    WHERE e.agreement_id = :a AND e.on_date <= :on AND p.account LIKE 'holding:%'"""
BARE_ACCOUNTS = """SELECT p.account, SUM(p.amount) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
    WHERE e.agreement_id = :a AND e.on_date <= :on GROUP BY p.account"""
BARE_YEARS = """SELECT e.fy, e.kind, p.account, SUM(p.amount) FROM fund_entries e
    JOIN fund_postings p ON p.entry_id = e.id WHERE e.agreement_id = :a AND e.on_date <= :on GROUP BY 1, 2, 3"""
# The holding balance at the end of each day the ledger moves, once, then each check's day looked up in it.
BARE_CHECKS = """WITH days AS MATERIALIZED (
        SELECT on_date, SUM(SUM(change)) OVER (ORDER BY on_date) AS balance FROM (
            SELECT e.on_date, p.amount AS change FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
            WHERE e.agreement_id = :a AND e.on_date <= :on AND p.account LIKE 'holding:%') GROUP BY on_date)
    SELECT a.id, a.expected, COALESCE((SELECT balance FROM days d WHERE d.on_date <= a.on_date
                                       ORDER BY d.on_date DESC LIMIT 1), 0)
    FROM fund_assertions a WHERE a.agreement_id = :a AND a.archived = 0 AND a.on_date <= :on ORDER BY a.on_date, a.id"""
BARE_OPENING = """SELECT COALESCE(SUM(p.amount), 0) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
    WHERE e.agreement_id = :a AND e.on_date < :start AND p.account LIKE 'holding:%'"""
BARE_STATEMENT = """SELECT id, on_date, kind, memo, change, :opening + SUM(change) OVER (ORDER BY on_date, id)
    FROM (SELECT e.id, e.on_date, e.kind, e.memo,
                 COALESCE(SUM(CASE WHEN p.account LIKE 'holding:%' THEN p.amount END), 0) AS change
          FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
          WHERE e.agreement_id = :a AND e.on_date BETWEEN :start AND :end GROUP BY e.id)
    ORDER BY on_date, id"""


def add_agreement(session) -> int:
    """The agreement, through the use case (its years cover the entries to come)."""
    from homefinder_desktop.domain.formatting import financial_year
    from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement
    from homefinder_desktop.services import fund

    first = financial_year(session.today()) - YEARS + 1
    partner = session.database().execute("SELECT id FROM agencies WHERE kind = 'partner'").fetchone()[0]
    rates = tuple(FeeRate(n, stage, amount * (1 + n) // 2) for n in (1, 2, 3) for stage, amount in FEES.items())
    return fund.add_agreement(session, FundAgreement(
        name="Benchmark block", agency_id=partner, grant=540_000_00, target_placements=20,
        starts_on=dt.date(first, 4, 1), spend_by=dt.date(first + 1, 3, 31),
        ends_on=dt.date(first + YEARS, 3, 31)), FeeSchedule(dt.date(first, 4, 1), rates)).record_id


def _year_dates(rng: random.Random, fy: int, n: int, today: dt.date) -> list[dt.date]:
    start = dt.date(fy, 4, 1)
    last = min(dt.date(fy + 1, 3, 31), today)
    span = (last - start).days
    return sorted(start + dt.timedelta(days=rng.randint(1, span) if span else 0) for _ in range(n))


def _fee(rng: random.Random, holding: str, links: list[int]) -> tuple[str, dict, list[tuple[str, int]]]:
    stage = "placement" if rng.random() < 0.6 else "order"
    children = 1 if rng.random() < 0.8 else rng.choice((2, 3))
    amount = FEES[stage] * (1 + children) // 2
    return "fee", {"link_id": rng.choice(links) if links and rng.random() < 0.7 else None, "fee_stage": stage,
                   "children": children, "memo": "Fee for a placement"}, [(holding, -amount), ("fees", amount)]


def _movement(rng: random.Random, holding: str, links: list[int]) -> tuple[str, dict, list[tuple[str, int]]]:
    """A fee (eight in ten), a reallocation, money returned, or a reversal (its postings made later)."""
    r = rng.random()
    if r < 0.80:
        return _fee(rng, holding, links)
    if r < 0.88:
        purpose = rng.choice(("link_worker", "advertising"))
        amount = rng.randint(1_000_00, 9_000_00)
        return "reallocation", {"purpose": purpose, "matched": amount if purpose == "link_worker" else 0,
                                "memo": "Reallocated"}, [(holding, -amount), (purpose, amount)]
    if r < 0.90:
        amount = rng.randint(500_00, 3_000_00)
        return "return", {"memo": "Returned"}, [(holding, -amount), ("council", amount)]
    return "reversal", {}, []


def add_entries(session, agreement_id: int, n: int, seed: int, progress=print) -> dict:
    """`n` entries with two postings each, in one transaction, in ledger order; each year's holding
    account kept at £0.00 or more (an instalment when a movement would take it below)."""
    from homefinder_desktop.domain.formatting import financial_year

    started = time.perf_counter()
    db = session.database()
    rng = random.Random(seed)
    today = session.today()
    links = [r[0] for r in db.execute("SELECT id FROM links ORDER BY id")]
    first_fy = financial_year(today) - YEARS + 1
    next_id = db.execute("SELECT COALESCE(max(id), 0) + 1 FROM fund_entries").fetchone()[0]
    entries, postings = [], []
    kinds: dict[str, int] = {}

    def add(on: dt.date, kind: str, moves: list[tuple[str, int]], **fields) -> int:
        nonlocal next_id
        entry_id, next_id = next_id, next_id + 1
        entries.append({**EMPTY_ENTRY, "id": entry_id, "agreement_id": agreement_id, "on_date": on.isoformat(),
                        "fy": financial_year(on), "kind": kind, "recorded_at": f"{on.isoformat()}T09:00:00", **fields})
        postings.extend({"entry_id": entry_id, "account": account, "amount": amount} for account, amount in moves)
        kinds[kind] = kinds.get(kind, 0) + 1
        return entry_id

    per_year = n // YEARS
    carried = 0
    for fy in range(first_fy, first_fy + YEARS):
        holding = f"holding:{fy}"
        balance, reversible, number = 0, [], 0
        count = per_year + (n - per_year * YEARS if fy == first_fy + YEARS - 1 else 0)
        if carried:
            add(dt.date(fy, 4, 1), "rollover", [(f"holding:{fy - 1}", -carried), (holding, carried)],
                memo="Unspent at the year end")
            balance, count = carried, count - 1
        for on in _year_dates(rng, fy, count, today):
            kind, fields, moves = _movement(rng, holding, links)
            if kind == "reversal" and reversible:
                # As domain.fund.reversal: the same postings the other way round, and what the
                # original was for (its placement or purpose).
                original_id, original, about = reversible.pop(rng.randrange(len(reversible)))
                add(on, "reversal", [(account, -amount) for account, amount in original], reverses_id=original_id,
                    **{k: v for k, v in about.items() if k in ("link_id", "fee_stage", "children", "purpose")},
                    memo="Entered in error")
                balance -= sum(amount for account, amount in original if account == holding)
                continue
            if kind == "reversal":   # nothing left to reverse this year: a fee instead
                kind, fields, moves = _fee(rng, holding, links)
            if balance + moves[0][1] < 0:   # the agency is paid the next instalment first
                number += 1
                add(on, "instalment", [("council", -INSTALMENT), (holding, INSTALMENT)], instalment=number,
                    memo="Instalment")
                balance += INSTALMENT
                continue
            reversible.append((add(on, kind, moves, **fields), moves, fields))
            balance += moves[0][1]
        carried = balance
    with session.writing():
        db["fund_entries"].insert_all(entries, batch_size=2000)
        db["fund_postings"].insert_all(postings, batch_size=4000)
    progress(f"  added {len(entries):,} entries ({len(postings):,} postings) in {time.perf_counter() - started:.1f} s:"
             f" {', '.join(f'{v:,} {k}' for k, v in sorted(kinds.items()))}")
    return {"entries_added": len(entries), "postings_added": len(postings), "financial_years": YEARS,
            "entries_by_kind": kinds}


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.domain import fund as ledger
    from homefinder_desktop.domain.formatting import financial_year
    from homefinder_desktop.services import fund

    db = session.database()
    agreement_id = db.execute("SELECT max(id) FROM fund_agreements").fetchone()[0]
    today = session.today()
    args = {"a": agreement_id, "on": today.isoformat()}
    results = []

    app_ms, app_all, balance = median_ms(lambda: fund.balance(session, agreement_id), repeats, warmup)
    bare_ms, bare_all, bare = median_ms(lambda: db.execute(BARE_BALANCE, args).fetchone()[0], repeats, warmup)
    entries = db.execute("SELECT count(*) FROM fund_entries WHERE agreement_id = ?", [agreement_id]).fetchone()[0]
    results.append(_result("balance", "the holding accounts together, today", entries, app_ms, app_all, bare_ms,
                           bare_all, balance == bare))
    progress(f"  balance   {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")

    def bare_summary():
        return (dict(db.execute(BARE_ACCOUNTS, args).fetchall()), db.execute(BARE_YEARS, args).fetchall())

    app_ms, app_all, summary = median_ms(lambda: fund.summary(session, agreement_id), repeats, warmup)
    bare_ms, bare_all, (accounts, years) = median_ms(bare_summary, repeats, warmup)
    instalments = sum(-amount for fy, kind, account, amount in years if kind == "instalment" and account == "council")
    # The council's account holds what it paid in less what came back to it.
    same = (summary.balance == ledger.holding_total(accounts) == balance and summary.fees == accounts.get("fees", 0)
            and summary.paid_in - summary.returned == -accounts.get("council", 0)
            and summary.reallocated == {p: accounts.get(p, 0) for p in ledger.PURPOSES}
            and sum(y["in"] for y in summary.by_year.values()) == instalments)
    results.append(_result("summary", "balances, the by-year table, children placed, the year's fees, no checks, "
                                      "forecast", entries, app_ms, app_all, bare_ms, bare_all, same))
    progress(f"  summary   {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")

    checks = add_checks(session, agreement_id)

    def bare_checked():
        return bare_summary(), db.execute(BARE_CHECKS, args).fetchall()

    app_ms, app_all, summary = median_ms(lambda: fund.summary(session, agreement_id), repeats, warmup)
    bare_ms, bare_all, (_sums, rows) = median_ms(bare_checked, repeats, warmup)
    same = [(c.assertion.id, c.assertion.expected, c.actual) for c in summary.checks] == [tuple(r) for r in rows]
    results.append(_result("summary_checks", f"the summary with {checks} balance checks (one a quarter)", entries,
                           app_ms, app_all, bare_ms, bare_all, same and len(rows) == checks))
    progress(f"  summary_checks {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")

    start, end = ledger.period_of_year(financial_year(today) - 1)
    period = {**args, "start": start.isoformat(), "end": end.isoformat()}

    def bare_statement():
        opening = db.execute(BARE_OPENING, period).fetchone()[0]
        return opening, db.execute(BARE_STATEMENT, {**period, "opening": opening}).fetchall()

    app_ms, app_all, statement = median_ms(lambda: fund.statement(session, agreement_id, start, end), repeats, warmup)
    bare_ms, bare_all, (opening, rows) = median_ms(bare_statement, repeats, warmup)
    same = (statement.opening == opening
            and [(line.entry.id, line.change, line.balance) for line in statement.lines]
            == [(r[0], r[4], r[5]) for r in rows]
            and statement.closing == (rows[-1][5] if rows else opening))
    results.append(_result("statement", f"every entry of {start.year}/{str(end.year)[2:]} with its holding change and "
                                        "the running balance", len(statement.lines), app_ms, app_all, bare_ms,
                           bare_all, same))
    progress(f"  statement {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def add_checks(session, agreement_id: int) -> int:
    """A balance agreed with the agency at the end of each quarter so far (as its statements come),
    in bulk: the ledger's own balance, one in ten out by a little."""
    db = session.database()
    first = db.execute("SELECT starts_on FROM fund_agreements WHERE id = ?", [agreement_id]).fetchone()[0]
    rng = random.Random(SEED + 1)
    rows, year, month = [], int(first[:4]), 6
    while (on := dt.date(year, month, 30 if month in (6, 9) else 31)) <= session.today():
        expected = db.execute(BARE_BALANCE, {"a": agreement_id, "on": on.isoformat()}).fetchone()[0]
        rows.append({"agreement_id": agreement_id, "on_date": on.isoformat(), "note": "Agency statement",
                     "expected": expected + (rng.randint(1, 500_00) if rng.random() < 0.1 else 0)})
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    with session.writing():
        db["fund_assertions"].insert_all(rows)
    return len(rows)


def prepare(session) -> dict:
    agreement_id = add_agreement(session)
    return {"agreement_id": agreement_id, **add_entries(session, agreement_id, ENTRIES, SEED)}


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("The fund's balance, summary and a year's statement at 100,000 entries, against "
                                   "the bare SQL summing the same postings.", argv)
    return startup.run_on_large(args, "Homefinder upfront fund benchmark", "fund", prepare, measure, table)


if __name__ == "__main__":
    sys.exit(main())
