"""The lists the worker browses, filtered and sorted in SQL.

A register query returns only the ordered ids; the table model asks for the rows it is
about to show (Anki's browser does the same), so a list of 20,000 children opens at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from ..domain.links import ACTIVE_LINK_STATUSES
from ..domain.records import (AGE_BANDS, CHILD_STAGE_ORDER, FAMILY_STAGE_ORDER, REFERRAL_OPEN_STATUSES,
                              REFERRAL_STATUSES, WAITING_FROM_STAGE, WAITING_STAGES, age_band_birth_dates)


@dataclass
class RegisterQuery:
    search: str = ""
    stage: str | None = None
    agency_kind: str | None = None
    include_archived: bool = False
    sort: str = "name"
    descending: bool = False
    sibling_group_id: int | None = None  # children only: the members of one group
    # Children only: the list's filters (None: not filtered on).
    age_band: str | None = None  # a key of domain.records.AGE_BANDS, ages on the session's today
    sex: str | None = None  # "F" or "M"
    in_sibling_group: bool | None = None  # True: in a group; False: not in one
    social_worker_id: int | None = None
    waiting_longer_than: int | None = None  # days; 0 or None: off
    no_active_link: bool | None = None  # True: no active link, for the child or their group; False: one


def _stage_order(column: str, stages: list[str]) -> str:
    """Sort stages in the order a case moves through them, not alphabetically."""
    whens = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(stages))
    return f"CASE {column} {whens} ELSE {len(stages)} END"


_WAITING_IN = ", ".join(f"'{s}'" for s in WAITING_STAGES)
# When a child still waiting began waiting (domain.records.waiting_since), as ISO text; NULL for
# a child not waiting. Two index seeks per child on child_stages(child_id, stage, date) (m002).
WAITING_SINCE_SQL = f"""(CASE WHEN c.stage IN ({_WAITING_IN}) THEN coalesce(
    (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id AND s.stage = '{WAITING_FROM_STAGE}'),
    (SELECT min(s.date) FROM child_stages s WHERE s.child_id = c.id)) END)"""

_ACTIVE_LINK_IN = ", ".join(f"'{s}'" for s in ACTIVE_LINK_STATUSES)
# A child has an active link of their own or through their sibling group (a group is linked as one
# unit). Two EXISTS, not one with OR, so each is a seek on links_child / links_group (m006).
HAS_ACTIVE_LINK_SQL = f"""(EXISTS (SELECT 1 FROM links l WHERE l.child_id = c.id AND l.archived = 0
        AND l.status IN ({_ACTIVE_LINK_IN}))
    OR EXISTS (SELECT 1 FROM links l WHERE l.sibling_group_id = c.sibling_group_id AND l.archived = 0
        AND l.status IN ({_ACTIVE_LINK_IN})))"""

CHILD_SORTS = {
    "reference": "c.reference",
    "name": "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE",
    "date_of_birth": "c.date_of_birth",
    "sex": "c.sex",
    "stage": _stage_order("c.stage", CHILD_STAGE_ORDER),
    "stage_date": "c.stage_date",
    "sibling_group": "g.name COLLATE NOCASE",
    "social_worker": "w.name COLLATE NOCASE",
    "date_entered_care": "c.date_entered_care",
    # Longest waiting first (the earliest date waiting began); children not waiting always last.
    "waiting": (WAITING_SINCE_SQL,),
}
_NULLS_LAST = {"waiting"}

FAMILY_SORTS = {
    "reference": "f.reference",
    "name": "f.name COLLATE NOCASE",
    "agency": "a.name COLLATE NOCASE",
    "stage": _stage_order("f.stage", FAMILY_STAGE_ORDER),
    "approval_date": "f.approval_date",
    "area": "f.area COLLATE NOCASE",
    "social_worker": "w.name COLLATE NOCASE",
}

_CHILD_FROM = """FROM children c
    LEFT JOIN sibling_groups g ON g.id = c.sibling_group_id
    LEFT JOIN workers w ON w.id = c.social_worker_id"""
_FAMILY_FROM = """FROM families f
    JOIN agencies a ON a.id = f.agency_id
    LEFT JOIN workers w ON w.id = f.social_worker_id"""


def _like(text: str) -> str:
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _order(sorts: dict, key: str, descending: bool, alias: str, default: str = "name",
           nulls_last: set[str] | frozenset[str] = frozenset()) -> str:
    """ORDER BY for a sort key (`default` if unknown): each part in the direction asked, the id
    last to break ties, and for keys in `nulls_last` the empty values last in either direction.
    A sort given as a tuple holds whole expressions (which may contain commas)."""
    if key not in sorts:
        key = default
    expr = sorts[key]
    direction = " DESC" if descending else ""
    nulls = " NULLS LAST" if key in nulls_last else ""
    parts = [p.strip() + direction + nulls for p in (expr if isinstance(expr, tuple) else expr.split(","))]
    return ", ".join(parts) + f", {alias}.id{direction}"


def _search(where: list[str], params: list, text: str, columns: tuple[str, ...]) -> None:
    """Search text: any of `columns` contains it (LIKE, with % and _ taken literally)."""
    if text.strip():
        where.append("(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns) + ")")
        params += [_like(text)] * len(columns)


def _child_filters(q: RegisterQuery, today: date, where: list[str], params: list) -> None:
    """The children list's filters, as SQL conditions on `c` (dates worked out here, in Python,
    so each is a comparison of ISO text an index can answer)."""
    if q.age_band:
        if q.age_band not in AGE_BANDS:
            raise ValueError(f"unknown age band {q.age_band!r}")
        born_after, born_by = age_band_birth_dates(q.age_band, today)
        if born_after is not None:
            where.append("c.date_of_birth > ?")
            params.append(born_after.isoformat())
        if born_by is not None:
            where.append("c.date_of_birth <= ?")
            params.append(born_by.isoformat())
    if q.sex:
        where.append("c.sex = ?")
        params.append(q.sex)
    if q.in_sibling_group is not None:
        where.append("c.sibling_group_id IS NOT NULL" if q.in_sibling_group else "c.sibling_group_id IS NULL")
    if q.social_worker_id is not None:
        where.append("c.social_worker_id = ?")
        params.append(q.social_worker_id)
    if q.waiting_longer_than:
        # Waiting more than N days: began waiting before today - N days.
        where.append(f"c.stage IN ({_WAITING_IN}) AND {WAITING_SINCE_SQL} < ?")
        params.append((today - timedelta(days=q.waiting_longer_than)).isoformat())
    if q.no_active_link is not None:
        where.append(f"NOT {HAS_ACTIVE_LINK_SQL}" if q.no_active_link else HAS_ACTIVE_LINK_SQL)


def child_ids(db: sqlite_utils.Database, q: RegisterQuery, today: date | None = None) -> list[int]:
    """Ids of the children `q` finds, in its order; ages and waits are counted on `today`."""
    where, params = [], []
    if not q.include_archived:
        where.append("c.archived = 0")
    if q.stage:
        where.append("c.stage = ?")
        params.append(q.stage)
    if q.sibling_group_id is not None:
        where.append("c.sibling_group_id = ?")
        params.append(q.sibling_group_id)
    _search(where, params, q.search, ("c.first_name", "c.last_name", "c.reference", "g.name"))
    _child_filters(q, today or date.today(), where, params)
    sql = f"SELECT c.id {_CHILD_FROM} {'WHERE ' + ' AND '.join(where) if where else ''} " \
          f"ORDER BY {_order(CHILD_SORTS, q.sort, q.descending, 'c', nulls_last=_NULLS_LAST)}"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def child_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    sql = f"""SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.sex, c.stage,
              c.stage_date, c.date_entered_care, c.archived, g.name AS sibling_group,
              w.name AS social_worker, {WAITING_SINCE_SQL} AS waiting_since
              {_CHILD_FROM} WHERE c.id IN ({marks})"""
    return {r["id"]: r for r in db.query(sql, ids)}


def family_ids(db: sqlite_utils.Database, q: RegisterQuery) -> list[int]:
    where, params = [], []
    if not q.include_archived:
        where.append("f.archived = 0")
    if q.stage:
        where.append("f.stage = ?")
        params.append(q.stage)
    if q.agency_kind:
        where.append("a.kind = ?")
        params.append(q.agency_kind)
    _search(where, params, q.search, ("f.name", "f.adopter_one", "f.adopter_two", "f.reference", "f.area"))
    sql = f"SELECT f.id {_FAMILY_FROM} {'WHERE ' + ' AND '.join(where) if where else ''} " \
          f"ORDER BY {_order(FAMILY_SORTS, q.sort, q.descending, 'f')}"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def family_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    sql = f"""SELECT f.id, f.reference, f.name, f.adopter_one, f.adopter_two, f.stage, f.stage_date,
              f.approval_date, f.area, f.household, f.archived, a.name AS agency, a.kind AS agency_kind,
              w.name AS social_worker {_FAMILY_FROM} WHERE f.id IN ({marks})"""
    return {r["id"]: r for r in db.query(sql, ids)}


def sibling_group_rows(db: sqlite_utils.Database, include_archived: bool = False) -> list[dict]:
    """Sibling groups with how many (unarchived) children each holds, by name."""
    where = "" if include_archived else "WHERE g.archived = 0"
    return list(db.query(f"""SELECT g.id, g.name, g.decision, g.decision_date, g.archived,
        (SELECT count(*) FROM children c WHERE c.sibling_group_id = g.id AND c.archived = 0) AS children
        FROM sibling_groups g {where} ORDER BY g.name COLLATE NOCASE, g.id"""))


def agency_rows(db: sqlite_utils.Database, include_archived: bool = False) -> list[dict]:
    """Agencies, the council's own first, then the partner, then others by name; with worker counts."""
    where = "" if include_archived else "WHERE a.archived = 0"
    return list(db.query(f"""SELECT a.id, a.name, a.kind, a.phone, a.email, a.archived,
        (SELECT count(*) FROM workers w WHERE w.agency_id = a.id AND w.archived = 0) AS workers
        FROM agencies a {where}
        ORDER BY CASE a.kind WHEN 'own' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, a.name COLLATE NOCASE, a.id"""))


def worker_rows(db: sqlite_utils.Database, agency_id: int | None = None,
                include_archived: bool = False) -> list[dict]:
    """Workers and contacts (of one agency, or all), by name."""
    where, params = [], []
    if agency_id is not None:
        where.append("w.agency_id = ?")
        params.append(agency_id)
    if not include_archived:
        where.append("w.archived = 0")
    return list(db.query(f"""SELECT w.id, w.name, w.role, w.team, w.phone, w.email, w.archived,
        w.agency_id, a.name AS agency FROM workers w JOIN agencies a ON a.id = w.agency_id
        {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY w.name COLLATE NOCASE, w.id""", params))


def stage_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {r["stage"]: r["n"] for r in db.query(
        "SELECT stage, count(*) AS n FROM children WHERE archived = 0 GROUP BY stage")}


def family_counts(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("""SELECT a.kind, f.stage, count(*) AS n FROM families f
                            JOIN agencies a ON a.id = f.agency_id WHERE f.archived = 0
                            GROUP BY a.kind, f.stage"""))


# --- referrals ---------------------------------------------------------------------------------

_REFERRAL_OPEN_IN = ", ".join(f"'{s}'" for s in REFERRAL_OPEN_STATUSES)


@dataclass
class ReferralQuery(RegisterQuery):
    """The referrals list: open ones only unless asked, newest referral first."""

    kind: str | None = None  # a key of domain.records.REFERRAL_KINDS
    open_only: bool = True
    older_than: int | None = None  # open referrals made more than this many days ago; 0/None: off
    sort: str = "referred_on"
    descending: bool = True


# Days from the referral to the first response (domain.records.days_to_response), NULL until then.
DAYS_TO_RESPONSE_SQL = "CAST(julianday(r.response_date) - julianday(r.referred_on) AS INTEGER)"

REFERRAL_SORTS = {
    "reference": "r.reference",
    "name": "coalesce(trim(c.first_name || ' ' || c.last_name), f.name) COLLATE NOCASE",
    "kind": "r.kind",
    "referred_on": "r.referred_on",
    "to_agency": "ta.name COLLATE NOCASE",
    "status": _stage_order("r.status", list(REFERRAL_STATUSES)),
    "response_date": "r.response_date",
    "days_to_response": (DAYS_TO_RESPONSE_SQL,),
}

_REFERRAL_FROM = """FROM referrals r
    LEFT JOIN children c ON c.id = r.child_id
    LEFT JOIN families f ON f.id = r.family_id
    JOIN agencies fa ON fa.id = r.from_agency_id
    JOIN agencies ta ON ta.id = r.to_agency_id"""


def referral_ids(db: sqlite_utils.Database, q: RegisterQuery, today: date | None = None) -> list[int]:
    """Ids of the referrals `q` finds, in its order; ages are counted on `today`."""
    today = today or date.today()
    where, params = [], []
    if not q.include_archived:
        where.append("r.archived = 0")
    kind = getattr(q, "kind", None)
    if kind:
        where.append("r.kind = ?")
        params.append(kind)
    if getattr(q, "open_only", False):
        where.append(f"r.status IN ({_REFERRAL_OPEN_IN})")
    older = getattr(q, "older_than", None)
    if older:
        # Open for more than N days: made before today - N days, and still open.
        where.append(f"r.status IN ({_REFERRAL_OPEN_IN}) AND r.referred_on < ?")
        params.append((today - timedelta(days=older)).isoformat())
    if q.stage:
        where.append("r.status = ?")
        params.append(q.stage)
    _search(where, params, q.search, ("r.reference", "c.first_name", "c.last_name", "f.name", "r.reason"))
    order = _order(REFERRAL_SORTS, q.sort, q.descending, "r", default="referred_on",
                   nulls_last={"response_date", "days_to_response"})
    sql = f"SELECT r.id {_REFERRAL_FROM} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}"
    return [row[0] for row in db.execute(sql, params).fetchall()]


def referral_rows(db: sqlite_utils.Database, ids: list[int], today: date | None = None) -> dict[int, dict]:
    """The list's rows: who was referred, where, the status, days to a response, and the age of
    an open referral in days on `today` (NULL once closed)."""
    if not ids:
        return {}
    today = today or date.today()
    marks = ",".join("?" for _ in ids)
    sql = f"""SELECT r.id, r.reference, r.kind, r.child_id, r.family_id, r.referred_on, r.status,
              r.status_date, r.response_date, r.outcome, r.archived,
              CASE WHEN r.kind = 'child' THEN trim(c.first_name || ' ' || c.last_name) ELSE f.name END
                  AS referred,
              fa.name AS from_agency, ta.name AS to_agency,
              {DAYS_TO_RESPONSE_SQL} AS days_to_response,
              CASE WHEN r.status IN ({_REFERRAL_OPEN_IN})
                   THEN CAST(julianday(?) - julianday(r.referred_on) AS INTEGER) END AS age_days
              {_REFERRAL_FROM} WHERE r.id IN ({marks})"""
    return {row["id"]: row for row in db.query(sql, [today.isoformat(), *ids])}
