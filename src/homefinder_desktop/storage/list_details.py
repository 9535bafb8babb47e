"""What an exported list or the Start page needs beyond the registers' rows: a child's needs
profile, a family's offer, a referral's reason and status history, the children in each sibling
group, and the open referrals counted for the overview.

The registers (storage/registers.py) read only what the lists on screen show, so a table model's
block of rows stays small; these are read once, for an export or a printout, a chunk of ids at a
time (the caller keeps each chunk under SQLite's limit on bound parameters).
"""
from __future__ import annotations

import sqlite_utils

from ..domain.records import REFERRAL_OPEN_STATUSES

CHILD_NEEDS = ("health", "disability", "development", "drugs_alcohol", "education", "abuse", "contact")
FAMILY_OFFER = ("max_children", "age_min", "age_max", "sexes_wanted", "siblings_ok", "health_max",
                "disability_max", "development_max", "drugs_alcohol_max", "education_max", "abuse_ok",
                "contact_ok", "ethnicity", "religion", "language")
# The columns each table may be asked for here (names are put into SQL, so never a caller's text).
_ALLOWED = {"children": CHILD_NEEDS, "families": FAMILY_OFFER, "referrals": ("reason",),
            "sibling_groups": ("decision_reason",), "agencies": ("address", "email")}

_OPEN_IN = ", ".join(f"'{s}'" for s in REFERRAL_OPEN_STATUSES)


def _marks(ids: list[int]) -> str:
    return ",".join("?" for _ in ids)


def columns_of(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], ids: list[int]) -> dict[int, dict]:
    """id -> {column: value} for these ids (those still there)."""
    unknown = set(columns) - set(_ALLOWED.get(table, ()))
    if unknown:
        raise ValueError(f"not an exported column of {table}: {sorted(unknown)}")
    if not ids:
        return {}
    wanted = ", ".join(columns)
    return {r["id"]: r for r in db.query(f"SELECT id, {wanted} FROM [{table}] WHERE id IN ({_marks(ids)})", ids)}


def referral_histories(db: sqlite_utils.Database, ids: list[int]) -> dict[int, list[dict]]:
    """referral id -> its status steps (status, date), in the order they happened."""
    found: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return found
    for r in db.query(f"""SELECT referral_id, status, date FROM referral_statuses
                          WHERE referral_id IN ({_marks(ids)}) ORDER BY referral_id, date, id""", ids):
        found[r["referral_id"]].append(r)
    return found


def sibling_group_members(db: sqlite_utils.Database, ids: list[int],
                          include_archived: bool = False) -> dict[int, list[dict]]:
    """group id -> its children (first_name, last_name, reference, archived), eldest first."""
    found: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return found
    archived = "" if include_archived else "AND archived = 0"
    for r in db.query(f"""SELECT sibling_group_id, first_name, last_name, reference, archived FROM children
                          WHERE sibling_group_id IN ({_marks(ids)}) {archived}
                          ORDER BY sibling_group_id, date_of_birth, id""", ids):
        found[r["sibling_group_id"]].append(r)
    return found


def open_referral_summary(db: sqlite_utils.Database, unanswered_before: str) -> dict:
    """Open referrals (not archived) for the Start page: how many of each kind, the oldest (its
    reference and date), and how many made before `unanswered_before` (ISO date) still have no
    response from the partner. One pass over the index on (archived, status, kind, referred_on)."""
    by_kind = {r["kind"]: r["n"] for r in db.query(
        f"SELECT kind, count(*) AS n FROM referrals WHERE archived = 0 AND status IN ({_OPEN_IN}) GROUP BY kind")}
    oldest = next(iter(db.query(
        f"""SELECT reference, referred_on FROM referrals WHERE archived = 0 AND status IN ({_OPEN_IN})
            ORDER BY referred_on, id LIMIT 1""")), None)
    unanswered = db.execute(
        f"""SELECT count(*) FROM referrals WHERE archived = 0 AND status IN ({_OPEN_IN})
            AND response_date IS NULL AND referred_on < ?""", [unanswered_before]).fetchone()[0]
    return {"by_kind": by_kind, "oldest": oldest, "unanswered": unanswered}
