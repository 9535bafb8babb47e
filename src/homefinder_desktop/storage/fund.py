"""Reading and writing the upfront fund: agreements, fee schedules, the append-only ledger (entries
and their postings) and the balances agreed with the agency. The sums are made in SQL, so a ledger
of 100,000 entries answers a balance or a statement without reading every entry into Python."""
from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from ..domain.fund import Assertion, Entry, FeeRate, FeeSchedule, FundAgreement, Movement, Placement, Posting
from . import audit
from .rows import from_row, to_row

# --- agreements and fee schedules ---------------------------------------------------------------------


def agreements(db: sqlite_utils.Database, include_archived: bool = False) -> list[FundAgreement]:
    where = "" if include_archived else "WHERE archived = 0"
    return [from_row(FundAgreement, r) for r in db.query(f"SELECT * FROM fund_agreements {where} ORDER BY starts_on, id")]


def agreement(db: sqlite_utils.Database, agreement_id: int) -> FundAgreement:
    return from_row(FundAgreement, audit.get_row(db, "fund_agreements", agreement_id))


def add_agreement(db: sqlite_utils.Database, new: FundAgreement, who: str) -> int:
    row = to_row(new)
    row.pop("id", None)
    return audit.insert(db, "fund_agreements", row, who)


def save_agreement(db: sqlite_utils.Database, changed: FundAgreement, who: str) -> dict:
    row = to_row(changed)
    record_id = row.pop("id")
    row.pop("archived", None)
    return audit.update(db, "fund_agreements", record_id, row, who)


def schedules(db: sqlite_utils.Database, agreement_id: int) -> list[FeeSchedule]:
    return [FeeSchedule(date.fromisoformat(r["effective_from"]),
                        tuple(FeeRate(x["children"], x["stage"], x["amount"]) for x in json.loads(r["rates"])),
                        r["note"], r["id"])
            for r in db.query("SELECT * FROM fund_fee_schedules WHERE agreement_id = ? ORDER BY effective_from",
                              [agreement_id])]


def add_schedule(db: sqlite_utils.Database, agreement_id: int, schedule: FeeSchedule, who: str) -> int:
    rates = [{"children": r.children, "stage": r.stage, "amount": r.amount} for r in schedule.rates]
    return audit.insert(db, "fund_fee_schedules", {"agreement_id": agreement_id,
                                                   "effective_from": schedule.effective_from.isoformat(),
                                                   "rates": json.dumps(rates), "note": schedule.note}, who)


# --- the ledger ---------------------------------------------------------------------------------------

def add_entry(db: sqlite_utils.Database, entry: Entry, who: str) -> int:
    entry_id = audit.insert(db, "fund_entries", {
        "agreement_id": entry.agreement_id, "on_date": entry.on.isoformat(), "fy": entry.fy, "kind": entry.kind,
        "memo": entry.memo, "link_id": entry.link_id, "fee_stage": entry.fee_stage, "children": entry.children,
        "instalment": entry.instalment, "purpose": entry.purpose, "matched": entry.matched,
        "reverses_id": entry.reverses_id, "recorded_by": who, "recorded_at": audit.now()}, who)
    for posting in entry.postings:
        audit.insert(db, "fund_postings", {"entry_id": entry_id, "account": posting.account,
                                           "amount": posting.amount}, who)
    return entry_id


def _entry(row: dict, postings: tuple[Posting, ...] = ()) -> Entry:
    return Entry(row["agreement_id"], date.fromisoformat(row["on_date"]), row["kind"], postings, row["memo"],
                 row["link_id"], row["fee_stage"], row["children"], row["instalment"], row["purpose"], row["matched"],
                 row["reverses_id"], row["recorded_by"], row["recorded_at"], row["id"])


def entries(db: sqlite_utils.Database, agreement_id: int | None, *, link_id: int | None = None,
            entry_ids: list[int] | None = None) -> list[Entry]:
    """Entries with their postings, in ledger order (all of an agreement, one placement's — under
    every agreement when `agreement_id` is None — or the ones asked for)."""
    where, args = ["1 = 1"], []
    if agreement_id is not None:
        where.append("agreement_id = ?")
        args.append(agreement_id)
    if link_id is not None:
        where.append("link_id = ?")
        args.append(link_id)
    if entry_ids is not None:
        where.append(f"id IN ({','.join('?' for _ in entry_ids)})")
        args += entry_ids
    rows = list(db.query(f"SELECT * FROM fund_entries WHERE {' AND '.join(where)} ORDER BY on_date, id", args))
    postings: dict[int, list[Posting]] = {}
    if rows:
        ids = [r["id"] for r in rows]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for p in db.query(f"SELECT entry_id, account, amount FROM fund_postings WHERE entry_id IN "
                              f"({','.join('?' for _ in part)}) ORDER BY id", part):
                postings.setdefault(p["entry_id"], []).append(Posting(p["account"], p["amount"]))
    return [_entry(r, tuple(postings.get(r["id"], ()))) for r in rows]


def entry(db: sqlite_utils.Database, entry_id: int) -> Entry:
    row = audit.get_row(db, "fund_entries", entry_id)
    found = entries(db, row["agreement_id"], entry_ids=[entry_id])
    return found[0]


def entry_dates_outside(db: sqlite_utils.Database, agreement_id: int, first: date, last: date) -> list[date]:
    """The dates of the agreement's entries before `first` or after `last`, oldest first (on the
    entries' index: an agreement's terms are checked without reading its whole ledger)."""
    return [date.fromisoformat(r[0]) for r in db.execute(
        "SELECT on_date FROM fund_entries WHERE agreement_id = ? AND (on_date < ? OR on_date > ?) ORDER BY on_date, id",
        [agreement_id, first.isoformat(), last.isoformat()])]


def reversal_of(db: sqlite_utils.Database, entry_id: int) -> int | None:
    row = db.execute("SELECT id FROM fund_entries WHERE reverses_id = ?", [entry_id]).fetchone()
    return row[0] if row else None


def balances(db: sqlite_utils.Database, agreement_id: int, on: date | None = None) -> dict[str, int]:
    """Each account's balance at the end of `on` (or now)."""
    args: list = [agreement_id]
    when = ""
    if on is not None:
        when = "AND e.on_date <= ?"
        args.append(on.isoformat())
    return {r[0]: r[1] for r in db.execute(
        f"SELECT p.account, SUM(p.amount) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id "
        f"WHERE e.agreement_id = ? {when} GROUP BY p.account", args)}


def holding_balance(db: sqlite_utils.Database, agreement_id: int, on: date, before: bool = False) -> int:
    """The holding accounts together at the end of `on` (or, `before`, at the end of the day before)."""
    op = "<" if before else "<="
    row = db.execute(f"SELECT COALESCE(SUM(p.amount), 0) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id "
                     f"WHERE e.agreement_id = ? AND e.on_date {op} ? AND p.account LIKE 'holding:%'",
                     [agreement_id, on.isoformat()]).fetchone()
    return row[0]


def holding_balances_on(db: sqlite_utils.Database, agreement_id: int, days: list[date]) -> dict[date, int]:
    """The holding accounts together at the end of each of `days`: one pass over the ledger's
    daily totals, however many days are asked (the balance checks)."""
    if not days:
        return {}
    totals = db.execute("SELECT e.on_date, SUM(p.amount) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id "
                        "WHERE e.agreement_id = ? AND p.account LIKE 'holding:%' GROUP BY e.on_date ORDER BY e.on_date",
                        [agreement_id]).fetchall()
    out, running, i = {}, 0, 0
    for day in sorted(set(days)):
        while i < len(totals) and totals[i][0] <= day.isoformat():
            running += totals[i][1]
            i += 1
        out[day] = running
    return out


def holding_timeline(db: sqlite_utils.Database, agreement_id: int, account: str) -> list[tuple[date, int, int]]:
    """One holding account's postings as (date, entry id, amount), in ledger order."""
    return [(date.fromisoformat(r[0]), r[1], r[2]) for r in db.execute(
        "SELECT e.on_date, e.id, p.amount FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id "
        "WHERE e.agreement_id = ? AND p.account = ? ORDER BY e.on_date, e.id", [agreement_id, account])]


def movements(db: sqlite_utils.Database, agreement_id: int, on: date | None = None) -> list[Movement]:
    """The ledger summed by year, kind (a reversal as what it reverses), purpose and account."""
    args: list = [agreement_id]
    when = ""
    if on is not None:
        when = "AND e.on_date <= ?"
        args.append(on.isoformat())
    return [Movement(*r) for r in db.execute(
        f"""SELECT e.fy, CASE WHEN e.kind = 'reversal' THEN o.kind ELSE e.kind END AS kind, e.purpose, p.account,
                   SUM(p.amount)
            FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
            LEFT JOIN fund_entries o ON o.id = e.reverses_id
            WHERE e.agreement_id = ? {when} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""", args)]


def children_placed(db: sqlite_utils.Database, agreement_id: int, on: date) -> int:
    """Children with a placement fee drawn by `on` and not reversed by then."""
    row = db.execute(
        "SELECT COALESCE(SUM(e.children), 0) FROM fund_entries e WHERE e.agreement_id = ? AND e.kind = 'fee' "
        "AND e.fee_stage = 'placement' AND e.on_date <= ? AND NOT EXISTS (SELECT 1 FROM fund_entries r "
        "WHERE r.reverses_id = e.id AND r.on_date <= ?)", [agreement_id, on.isoformat(), on.isoformat()]).fetchone()
    return row[0]


def fees_between(db: sqlite_utils.Database, agreement_id: int, after: date, until: date) -> int:
    row = db.execute(
        "SELECT COALESCE(SUM(p.amount), 0) FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id "
        "WHERE e.agreement_id = ? AND e.on_date > ? AND e.on_date <= ? AND p.account = 'fees'",
        [agreement_id, after.isoformat(), until.isoformat()]).fetchone()
    return row[0]


_ENTRY_COLUMNS = ("agreement_id", "on_date", "kind", "memo", "link_id", "fee_stage", "children", "instalment", "purpose",
                  "matched", "reverses_id", "recorded_by", "recorded_at", "id")


def statement_lines(db: sqlite_utils.Database, agreement_id: int, start: date, end: date) -> list[tuple[Entry, int]]:
    """The entries dated in the period, in ledger order, each with its change to the holding accounts.
    Read as plain tuples: a year of a large ledger is tens of thousands of rows."""
    columns = ", ".join(f"e.{c}" for c in _ENTRY_COLUMNS)
    rows = db.execute(
        f"""SELECT {columns}, COALESCE(SUM(CASE WHEN p.account LIKE 'holding:%' THEN p.amount END), 0),
                   SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END)
            FROM fund_entries e JOIN fund_postings p ON p.entry_id = e.id
            WHERE e.agreement_id = ? AND e.on_date BETWEEN ? AND ?
            GROUP BY e.id ORDER BY e.on_date, e.id""", [agreement_id, start.isoformat(), end.isoformat()])
    fromiso = date.fromisoformat
    # The entry carries one posting of the amount moved, so its words and amount read without
    # every posting being fetched.
    return [(Entry(r[0], fromiso(r[1]), r[2], (Posting("moved", r[15]),), *r[3:14]), r[14]) for r in rows]


def rolled_over_years(db: sqlite_utils.Database, agreement_id: int) -> dict[int, date]:
    """The financial years rolled over out of (and not reversed): year -> the day it was rolled."""
    return {r[0] - 1: date.fromisoformat(r[1]) for r in db.execute(
        "SELECT e.fy, e.on_date FROM fund_entries e WHERE e.agreement_id = ? AND e.kind = 'rollover' "
        "AND NOT EXISTS (SELECT 1 FROM fund_entries r WHERE r.reverses_id = e.id)", [agreement_id])}


# A fee draw that stood at the end of :on: drawn by then and not reversed by then.
_DRAWN_BY = ("e.kind = 'fee' AND e.on_date <= :on AND NOT EXISTS (SELECT 1 FROM fund_entries r "
             "WHERE r.reverses_id = e.id AND r.on_date <= :on)")


def drawn_stages(db: sqlite_utils.Database, on: date) -> dict[int, set[str]]:
    """link -> the fee stages drawn for it and not reversed by the end of `on`, under any agreement
    (a stage is paid once, whichever agreement pays it). Asked of SQL: the fees-due list needs only
    these pairs, not every draw of the ledger read into Python."""
    out: dict[int, set[str]] = {}
    for link_id, stage in db.execute(
            f"SELECT e.link_id, e.fee_stage FROM fund_entries e WHERE e.link_id IS NOT NULL AND {_DRAWN_BY}",
            {"on": on.isoformat()}):
        out.setdefault(link_id, set()).add(stage)
    return out


# --- placements a fee is drawn for ------------------------------------------------------------------

_PLACEMENT_SQL = """
    SELECT l.id AS link_id, l.reference, l.status, l.status_date, f.name AS family, f.agency_id,
           COALESCE(trim(c.first_name || ' ' || c.last_name), g.name) AS unit,
           CASE WHEN l.child_id IS NOT NULL THEN 1 ELSE
               (SELECT count(*) FROM children k WHERE k.sibling_group_id = l.sibling_group_id AND k.archived = 0)
           END AS children,
           -- A link is to a child or to a group, never both: one lookup each, so each can use its
           -- index (an OR of the two read every adoption order for every placement).
           COALESCE((SELECT min(s.date) FROM child_stages s WHERE s.child_id = l.child_id AND s.stage = 'adoption_order'),
                    (SELECT min(s.date) FROM children k JOIN child_stages s ON s.child_id = k.id
                      WHERE k.sibling_group_id = l.sibling_group_id AND s.stage = 'adoption_order')) AS order_on
    FROM links l JOIN families f ON f.id = l.family_id
    LEFT JOIN children c ON c.id = l.child_id
    LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id"""


def _placement(r: dict) -> Placement:
    placed = date.fromisoformat(r["status_date"]) if r["status"] == "placed" and r["status_date"] else None
    return Placement(r["link_id"], r["reference"], r["unit"] or "", r["family"], r["agency_id"], placed,
                     r["children"] or 1, date.fromisoformat(r["order_on"]) if r["order_on"] else None)


def placement(db: sqlite_utils.Database, link_id: int) -> Placement:
    rows = list(db.query(_PLACEMENT_SQL + " WHERE l.id = ?", [link_id]))
    if not rows:
        raise KeyError(link_id)
    return _placement(rows[0])


def placements_owing(db: sqlite_utils.Database, agency_id: int, placed_from: date, placed_to: date,
                     stages: int, on: date) -> list[Placement]:
    """Every placement (a placed link) with a family of this agency, placed from `placed_from` to
    `placed_to`, that has fewer than `stages` fee stages drawn (and not reversed) by the end of `on`,
    oldest first.
    Both limits are asked of SQL (the dates through the links_status index): an agreement covers a
    few years of a register that may hold many, and in a ledger years old nearly every placement is
    paid in full, so neither needs its group and order read at all."""
    return [_placement(r) for r in db.query(
        _PLACEMENT_SQL + f""" WHERE l.archived = 0 AND l.status = 'placed' AND l.status_date BETWEEN :start AND :end
          AND f.agency_id = :agency
          AND (SELECT count(DISTINCT e.fee_stage) FROM fund_entries e WHERE e.link_id = l.id AND {_DRAWN_BY}) < :stages
        ORDER BY l.status_date, l.id""", {"start": placed_from.isoformat(), "end": placed_to.isoformat(),
                                          "agency": agency_id, "stages": stages, "on": on.isoformat()})]


# --- balances agreed with the agency -------------------------------------------------------------------

def assertions(db: sqlite_utils.Database, agreement_id: int) -> list[Assertion]:
    return [Assertion(r["agreement_id"], date.fromisoformat(r["on_date"]), r["expected"], r["note"], r["id"])
            for r in db.query("SELECT * FROM fund_assertions WHERE agreement_id = ? AND archived = 0 "
                              "ORDER BY on_date, id", [agreement_id])]


def add_assertion(db: sqlite_utils.Database, assertion: Assertion, who: str) -> int:
    return audit.insert(db, "fund_assertions", {"agreement_id": assertion.agreement_id,
                                                "on_date": assertion.on.isoformat(), "expected": assertion.expected,
                                                "note": assertion.note}, who)


def withdraw_assertion(db: sqlite_utils.Database, assertion_id: int, reason: str, who: str) -> dict:
    row = audit.get_row(db, "fund_assertions", assertion_id)
    note = f"{row['note']} (withdrawn: {reason})" if row["note"] else f"Withdrawn: {reason}"
    return audit.update(db, "fund_assertions", assertion_id, {"archived": 1, "note": note}, who)


def unbalanced_entries(db: sqlite_utils.Database) -> list[int]:
    """Entries whose postings do not sum to zero (the integrity check: there should be none)."""
    return [r[0] for r in db.execute("SELECT entry_id FROM fund_postings GROUP BY entry_id HAVING SUM(amount) <> 0")]

