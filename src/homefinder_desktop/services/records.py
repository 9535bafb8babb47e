"""Use cases for the records: add, change, archive and trace children, families, referrals,
sibling groups, agencies and workers. Each is one transaction with its audit rows."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Callable

from ..domain.needs import group_needs
from ..domain.errors import FieldProblem, HomefinderError, PossibleDuplicate, ValidationError
from ..domain.records import (REFERRAL_CLOSED_STATUSES, REFERRAL_KINDS, Agency, Child, Family, Record, Referral,
                              SiblingGroup, StageChange, Worker, check_child_stage_change,
                              check_family_stage_change, check_referral_status_change, child_date_order_problems)
from ..storage import audit
from ..storage import list_details as details
from ..storage import photos as photo_store
from ..storage import records as store
from ..storage import registers
from ..storage.registers import ReferralQuery, RegisterQuery
from .changes import Changes
from . import photos, printouts
from .session import Session, reads

__all__ = ["RegisterQuery", "ReferralQuery", "referral_ids", "referral_rows", "record_referral_status", "add", "save", "archive", "restore", "get", "all_of", "names",
           "record_child_stage", "record_family_stage", "stage_history", "history", "delete_in_error",
           "child_ids", "child_rows", "family_ids", "family_rows", "overview",
           "sibling_group_rows", "agency_rows", "worker_rows"]


def _check_references(session: Session, record: Record) -> list[FieldProblem]:
    """Foreign keys checked in words before SQLite checks them in codes."""
    db = session.database()
    problems = []
    for attr, cls, label, noun in (
            ("agency_id", Agency, "Agency", "agency"), ("social_worker_id", Worker, "Social worker", "social worker"),
            ("sibling_group_id", SiblingGroup, "Sibling group", "sibling group"),
            ("child_id", Child, "Child", "child"), ("family_id", Family, "Family", "family"),
            ("from_agency_id", Agency, "From agency", "agency"), ("to_agency_id", Agency, "To agency", "agency")):
        value = getattr(record, attr, None)
        if value is not None and not store.exists(db, cls, value):
            problems.append(FieldProblem(label, "is not a known " + noun))
    return problems


def _validate(session: Session, record: Record) -> None:
    problems = record.problems(session.today()) + _check_references(session, record)
    if isinstance(record, Child):
        history = store.stage_history(session.database(), Child, record.id) if record.id else []
        problems += child_date_order_problems(record, history)
    if problems:
        raise ValidationError(problems)


@reads
def get(session: Session, cls: type, record_id: int):
    return store.get(session.database(), cls, record_id)


@reads
def all_of(session: Session, cls: type, include_archived: bool = False) -> list:
    return store.all_of(session.database(), cls, include_archived)


@reads
def names(session: Session, cls: type, include_archived: bool = True) -> dict[int, str]:
    return store.names(session.database(), cls, include_archived)


def _check_not_duplicate(session: Session, record: Record) -> None:
    """The same child entered twice splits one history in two: say so before saving."""
    if not isinstance(record, Child) or record.date_of_birth is None:
        return
    same = store.children_named(session.database(), record.first_name, record.last_name,
                                record.date_of_birth.isoformat(), record.id)
    if same:
        matches = [f"{r['reference']} {r['first_name']} {r['last_name']}".strip()
                   + (" (archived)" if r["archived"] else "") for r in same]
        raise PossibleDuplicate(
            f"{', '.join(matches)} has the same name and date of birth "
            f"({record.date_of_birth.strftime('%d/%m/%Y')}). Check it is not the same child before saving.",
            matches)


def add(session: Session, record: Record, allow_duplicate: bool = False) -> Changes:
    """Add a new record. Children and families start their stage history here, and a referral its
    status history ("open", on the day it was made). A child with the same name and date of
    birth as another raises PossibleDuplicate unless `allow_duplicate`."""
    if isinstance(record, Referral):
        if record.status != "open" or record.response_date is not None:
            raise ValidationError([FieldProblem("Status", "of a new referral is open: record later steps "
                                                          "with “Record a status…”")])
        record = dataclasses.replace(record, status_date=record.referred_on)
    _validate(session, record)
    if not allow_duplicate:
        _check_not_duplicate(session, record)
    db = session.database()
    table = store.table_for(type(record))
    with session.writing():
        record_id = store.add(db, record, session.who)
        tables = {table}
        if isinstance(record, (Child, Family)):
            when = record.stage_date or session.today()
            step = StageChange(stage=record.stage, date=when, reason="")
            store.add_stage(db, type(record), record_id, step, session.who)
            tables.add("child_stages" if isinstance(record, Child) else "family_stages")
        elif isinstance(record, Referral):
            store.add_stage(db, Referral, record_id, StageChange("open", record.referred_on), session.who)
            tables.add("referral_statuses")
    return Changes.of(*tables, record_id=record_id)


def save(session: Session, record: Record, allow_duplicate: bool = False) -> Changes:
    """Save changes to an existing record. The stage moves only through record_*_stage."""
    if record.id is None:
        raise HomefinderError("This record has not been added yet.")
    _validate(session, record)
    db = session.database()
    cls = type(record)
    current = store.get(db, cls, record.id)
    identity = ("first_name", "last_name", "date_of_birth")
    if not allow_duplicate and isinstance(record, Child) and any(
            getattr(record, f) != getattr(current, f) for f in identity):  # asked once, when it changes
        _check_not_duplicate(session, record)
    if isinstance(record, (Child, Family)) and (record.stage, record.stage_date) != (current.stage, current.stage_date):
        raise ValidationError([FieldProblem("Stage", "is changed with “Record a new stage”, so its history keeps the date")])
    if isinstance(record, Referral) and ((record.status, record.status_date, record.response_date)
                                         != (current.status, current.status_date, current.response_date)):
        raise ValidationError([FieldProblem("Status", "is changed with “Record a status…”, so its history keeps the date")])
    with session.writing():
        store.save(db, record, session.who)
    return Changes.of(store.table_for(cls), record_id=record.id)


def archive(session: Session, cls: type, record_id: int) -> Changes:
    db = session.database()
    with session.writing():
        store.set_archived(db, cls, record_id, True, session.who)
    return Changes.of(store.table_for(cls), record_id=record_id)


def restore(session: Session, cls: type, record_id: int) -> Changes:
    db = session.database()
    with session.writing():
        store.set_archived(db, cls, record_id, False, session.who)
    return Changes.of(store.table_for(cls), record_id=record_id)


def delete_in_error(session: Session, cls: type, record_id: int, reason: str) -> Changes:
    """Remove a record entered by mistake. Anything with history must be archived instead."""
    if not reason.strip():
        raise ValidationError([FieldProblem("Reason", "is required to delete a record entered in error")])
    db = session.database()
    table = store.table_for(cls)
    with session.writing():
        if cls in store.STAGE_TABLES:
            stage_table, _fk = store.STAGE_TABLES[cls]
            steps = store.stage_step_ids(db, cls, record_id)
            if len(steps) > 1:
                raise HomefinderError("This record has a history of stages, so it was not entered in "
                                      "error: archive it instead.")
            for step in steps:
                audit.delete(db, stage_table, step, session.who, reason)
        if cls is Child:
            # A child added by mistake may have had photos added too: they go with the child.
            for photo_id in photo_store.ids_of_child(db, record_id):
                photo_store.remove(db, photo_id, session.who, reason)
        try:
            audit.delete(db, table, record_id, session.who, reason)
        except Exception as exc:
            if "FOREIGN KEY" in str(exc).upper():
                raise HomefinderError("Other records still refer to this one, so it cannot be deleted: "
                                      "archive it instead.") from None
            raise
    return Changes.of(table, record_id=record_id)


def _record_step(session: Session, cls: type, record_id: int, step: StageChange, name: Callable[[object], str],
                 check: Callable[[object, list[StageChange]], None],
                 also: Callable[[object], dict]) -> Changes:
    """Append a dated step to a record's history: refused for an archived record or by the
    domain's `check(record, history)`; `also(record)` gives fields the step fills in on the record."""
    db = session.database()
    record = store.get(db, cls, record_id)
    if record.archived:
        raise HomefinderError(f"{name(record)} is archived: restore the record before changing it.")
    check(record, store.stage_history(db, cls, record_id))
    table, _fk = store.STAGE_TABLES[cls]
    with session.writing():
        store.add_stage(db, cls, record_id, step, session.who)
        extra = also(record)
        if extra:
            audit.update(db, store.table_for(cls), record_id, extra, session.who)
    return Changes.of(store.table_for(cls), table, record_id=record_id)


def record_child_stage(session: Session, child_id: int, step: StageChange) -> Changes:
    """A placement order step also dates the placement order, if it was not yet dated."""
    return _record_step(
        session, Child, child_id, step, lambda c: c.display_name,
        check=lambda child, history: check_child_stage_change(history, step, session.today(),
                                                              child.date_of_birth),
        also=lambda child: ({"placement_order_date": step.date.isoformat()}
                            if step.stage == "placement_order" and child.placement_order_date is None else {}))


def record_family_stage(session: Session, family_id: int, step: StageChange) -> Changes:
    """Approval at panel also dates the approval, if it was not yet dated."""
    return _record_step(
        session, Family, family_id, step, lambda f: f.name,
        check=lambda _family, history: check_family_stage_change(history, step, session.today()),
        also=lambda family: ({"approval_date": step.date.isoformat()}
                             if step.stage == "approved" and family.approval_date is None else {}))


def record_referral_status(session: Session, referral_id: int, step: StageChange) -> Changes:
    """The first step after "open" is the partner's response (its date is kept); a closing
    step's reason is the referral's outcome."""
    def also(referral) -> dict:
        extra = {}
        if referral.response_date is None and step.stage != "open":
            extra["response_date"] = step.date.isoformat()
        if step.stage in REFERRAL_CLOSED_STATUSES:
            extra["outcome"] = step.reason.strip()
        return extra

    return _record_step(
        session, Referral, referral_id, step, lambda r: f"Referral {r.reference}",
        check=lambda referral, history: check_referral_status_change(history, step, session.today(),
                                                                     referral.referred_on),
        also=also)


@reads
def stage_history(session: Session, cls: type, record_id: int) -> list[StageChange]:
    return store.stage_history(session.database(), cls, record_id)


@reads
def history(session: Session, cls_or_table: type | str, record_id: int) -> list[dict]:
    """The audit trail of one record, oldest first; for a child or family, its stage steps too."""
    table = cls_or_table if isinstance(cls_or_table, str) else store.table_for(cls_or_table)
    db = session.database()
    rows = [{**r, "table_name": table} for r in audit.history(db, table, record_id)]
    if not isinstance(cls_or_table, str) and cls_or_table in store.STAGE_TABLES:
        stage_table, _fk = store.STAGE_TABLES[cls_or_table]
        for step_id in store.stage_step_ids(db, cls_or_table, record_id):
            rows += [{**r, "table_name": stage_table} for r in audit.history(db, stage_table, step_id)]
    if cls_or_table is Child:
        rows += photos.photo_history(session, record_id)
    rows.sort(key=lambda r: r["id"])
    return rows


@reads
def sibling_group_needs(session: Session, group_id: int) -> dict[str, str]:
    """The needs of a sibling group's children (not archived) as one unit: see needs.group_needs."""
    db = session.database()
    ids = registers.child_ids(db, RegisterQuery(sibling_group_id=group_id), session.today())
    return group_needs([store.get(db, Child, child_id) for child_id in ids]) if ids else {}


@reads
def recent_changes(session: Session, limit: int = 200) -> list[dict]:
    return audit.recent(session.database(), limit)


@reads
def child_ids(session: Session, query: RegisterQuery) -> list[int]:
    """Ids of the children the query finds, in its order (the lazy table model holds these)."""
    return registers.child_ids(session.database(), query, session.today())


@reads
def child_rows(session: Session, ids: list[int]) -> dict[int, dict]:
    return registers.child_rows(session.database(), ids)


@reads
def family_ids(session: Session, query: RegisterQuery) -> list[int]:
    return registers.family_ids(session.database(), query)


@reads
def family_rows(session: Session, ids: list[int]) -> dict[int, dict]:
    return registers.family_rows(session.database(), ids)


@reads
def referral_ids(session: Session, query: RegisterQuery) -> list[int]:
    """Ids of the referrals the query finds (a ReferralQuery's filters), in its order."""
    return registers.referral_ids(session.database(), query, session.today())


@reads
def referral_rows(session: Session, ids: list[int]) -> dict[int, dict]:
    return registers.referral_rows(session.database(), ids, session.today())


@reads
def sibling_group_rows(session: Session, include_archived: bool = False) -> list[dict]:
    return registers.sibling_group_rows(session.database(), include_archived)


@reads
def agency_rows(session: Session, include_archived: bool = False) -> list[dict]:
    return registers.agency_rows(session.database(), include_archived)


@reads
def worker_rows(session: Session, agency_id: int | None = None, include_archived: bool = False) -> list[dict]:
    return registers.worker_rows(session.database(), agency_id, include_archived)


@reads
def counts(session: Session) -> dict[str, int]:
    """Children, families and sibling groups not archived: the status bar's line."""
    db = session.database()
    return {"children": store.count(db, Child), "families": store.count(db, Family),
            "sibling_groups": store.count(db, SiblingGroup)}


# A referral with no response from the partner after two weeks (ten working days, near enough,
# counted in calendar days so the Start page needs no holiday calendar) is chased on the weekly call.
RESPONSE_OVERDUE_DAYS = 14


@reads
def overview(session: Session) -> dict:
    """Counts for the start screen. Open referrals: `open_referrals` in all, `open_by_kind`,
    `oldest_open` (reference, referred_on, days open on today; None when none is open) and
    `unanswered`: open referrals made more than RESPONSE_OVERDUE_DAYS ago with no response yet."""
    db = session.database()
    today = session.today()
    referrals = details.open_referral_summary(
        db, (today - timedelta(days=RESPONSE_OVERDUE_DAYS)).isoformat())
    oldest = referrals["oldest"]
    if oldest is not None:
        since = date.fromisoformat(oldest["referred_on"])
        oldest = {"reference": oldest["reference"], "referred_on": since, "days": (today - since).days}
    return {"children_by_stage": registers.stage_counts(db), "families": registers.family_counts(db),
            "children": store.count(db, Child), "families_total": store.count(db, Family),
            "sibling_groups": store.count(db, SiblingGroup), "agencies": store.count(db, Agency),
            "workers": store.count(db, Worker), "open_referrals": sum(referrals["by_kind"].values()),
            "open_by_kind": {kind: referrals["by_kind"].get(kind, 0) for kind in REFERRAL_KINDS},
            "oldest_open": oldest, "unanswered": referrals["unanswered"],
            "overdue_days": RESPONSE_OVERDUE_DAYS}


# --- the children list, printed --------------------------------------------------------------

REGISTER_TITLE = "Children with adoption plans"
REGISTER_CHUNK = 500  # ids per query: well under SQLite's limit on bound parameters


@reads
def rows_in_order(session: Session, ids: list[int], fetch: Callable[[Session, list[int]], dict[int, dict]],
                  chunk: int = REGISTER_CHUNK) -> list[dict]:
    """The rows of these ids (`fetch(session, part)` gives {id: row}), in the order given (the
    order the list shows), read a chunk at a time. A record deleted since the list was read is
    left out."""
    ids = list(ids)
    rows: list[dict] = []
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        found = fetch(session, part)
        rows += [found[i] for i in part if i in found]
    return rows


def child_register_rows(session: Session, ids: list[int], chunk: int = REGISTER_CHUNK) -> list[dict]:
    """The register rows of these children, in the order given."""
    return rows_in_order(session, ids, child_rows, chunk)


def child_register_title(session: Session, query: RegisterQuery) -> str:
    """The printout's title, saying which children it holds when the list is filtered, e.g.
    "Children with adoption plans — Family finding, aged 2 to 4, female, in a sibling group,
    social worker Priya Okafor, waiting more than 180 days, no active link, matching “Dunmore”"."""
    from ..domain.records import AGE_BANDS, CHILD_STAGES, SEXES

    parts = []
    if query.sibling_group_id is not None:
        name = store.names(session.database(), SiblingGroup).get(query.sibling_group_id)
        parts.append(f"sibling group {name}" if name else "one sibling group")
    if query.stage:
        parts.append(CHILD_STAGES.get(query.stage, query.stage))
    if query.age_band:
        label = AGE_BANDS[query.age_band][0] if query.age_band in AGE_BANDS else query.age_band
        parts.append(f"aged {label[0].lower() + label[1:]}")
    if query.sex:
        parts.append(SEXES.get(query.sex, query.sex).lower())
    if query.in_sibling_group is not None:
        parts.append("in a sibling group" if query.in_sibling_group else "not in a sibling group")
    if query.social_worker_id is not None:
        name = store.names(session.database(), Worker).get(query.social_worker_id)
        parts.append(f"social worker {name}" if name else "one social worker")
    if query.waiting_longer_than:
        days = query.waiting_longer_than
        parts.append(f"waiting more than {days:,} day{'' if days == 1 else 's'}")
    if query.no_active_link is not None:
        parts.append("no active link" if query.no_active_link else "with an active link")
    if query.search.strip():
        parts.append(f"matching \u201c{query.search.strip()}\u201d")
    if query.include_archived:
        parts.append("archived records included")
    return REGISTER_TITLE + (" \u2014 " + ", ".join(parts) if parts else "")


def save_child_register(session: Session, ids: list[int], target, title: str = REGISTER_TITLE):
    """Write the register of these children (in this order) as a PDF at `target` and return its
    path (".pdf" added if missing). It is written beside `target` and renamed into place, so a
    failed save leaves no half-written copy, and no copy of the personal data goes anywhere else."""
    from ..reports import children_register

    rows = child_register_rows(session, ids)
    pdf = children_register.build_pdf(session.council_name, session.partner_name, rows, session.today(),
                                      title=title)
    return printouts.save_pdf(target, pdf)


# --- the referrals list, printed -------------------------------------------------------------------

REFERRALS_TITLE = "Referrals"
REFERRAL_KIND_WORDS = {"child": "children for family finding", "adopter": "adopters for assessment"}


def list_filter_words(query: RegisterQuery) -> list[str]:
    """What every list's title says last: the search, and whether archived records are in."""
    parts = []
    if query.search.strip():
        parts.append(f"matching \u201c{query.search.strip()}\u201d")
    if query.include_archived:
        parts.append("archived records included")
    return parts


def referral_register_title(session: Session, query: RegisterQuery) -> str:
    """The title of the referrals list as filtered, e.g. "Open referrals — children for family
    finding, open more than 30 days, matching “Dunmore”"."""
    from ..domain.records import REFERRAL_STATUSES

    parts = []
    kind = getattr(query, "kind", None)
    if kind:
        parts.append(REFERRAL_KIND_WORDS.get(kind, kind))
    if query.stage:
        parts.append(f"status {REFERRAL_STATUSES.get(query.stage, query.stage).lower()}")
    older = getattr(query, "older_than", None)
    if older:
        parts.append(f"open more than {older:,} day{'' if older == 1 else 's'}")
    parts += list_filter_words(query)
    base = "Open referrals" if getattr(query, "open_only", False) else REFERRALS_TITLE
    return base + (" \u2014 " + ", ".join(parts) if parts else "")


@reads
def referral_details(session: Session, ids: list[int]) -> dict[int, dict]:
    """The referrals list's rows with the reason and the status history (`history`: status and
    date of each step, oldest first) added: what the export and the printout show."""
    rows = registers.referral_rows(session.database(), ids, session.today())
    found = list(rows)
    reasons = details.columns_of(session.database(), "referrals", ("reason",), found)
    histories = details.referral_histories(session.database(), found)
    return {i: {**row, "reason": reasons[i]["reason"], "history": histories[i]} for i, row in rows.items()}


def referral_register_rows(session: Session, ids: list[int]) -> list[dict]:
    """The referrals of these ids with their details, in the order given."""
    return rows_in_order(session, ids, referral_details)


def save_referral_register(session: Session, ids: list[int], target, title: str = REFERRALS_TITLE):
    """Write the referrals register of these referrals (in this order) as a PDF at `target` and
    return its path (".pdf" added if missing), whole or not at all, as save_child_register."""
    from ..reports import referrals_register

    rows = referral_register_rows(session, ids)
    pdf = referrals_register.build_pdf(session.council_name, session.partner_name, rows, session.today(),
                                       title=title)
    return printouts.save_pdf(target, pdf)
