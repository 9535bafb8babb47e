"""Use cases for the matching matrix: the catalogue's versions, the shortlist, starting a matrix
from two to five families, rating its cells, the decision (which ends the other families' links),
reopening a decided matrix as a new version, and reading one to show or print."""
from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from datetime import date

from ..domain.errors import FieldProblem, HomefinderError, ValidationError
from ..domain.formatting import and_list
from ..domain.links import LINK_STATUSES, Link
from ..domain.matrix import (CHOSEN_ELSEWHERE, DEFAULT_CATALOGUE, MAX_FAMILIES, RATINGS, Catalogue, FamilySummary,
                             MatrixCell, MatrixDecision, NeedsProfile, catalogue_in_force, catalogue_note,
                             check_catalogue, check_decision, check_editable, check_matrix, check_rating,
                             family_summary, links_ended_by_decision, needs_profile, prefill)
from ..domain.records import Child, Family, SiblingGroup, StageChange
from ..domain.shortlist import ShortlistEntry, committing_link, shortlist
from ..storage import audit
from ..storage import links as link_store
from ..storage import matrices as matrix_store
from ..storage import records as store
from ..storage.rows import from_row
from .changes import Changes
from .records import record_child_stage
from .session import Session, reads

MATRIX_TABLES = ("matrices", "matrix_families", "matrix_needs", "matrix_cells")
# A link this far on when its family is chosen moves to "Matching": the match is being progressed.
CHOSEN_MOVES_TO = "matching"


def _refuse(field_name: str, problem: str) -> None:
    raise ValidationError([FieldProblem(field_name, problem)])


# --- the catalogue ------------------------------------------------------------------------------

@reads
def catalogues(session: Session) -> list[Catalogue]:
    """Every version, oldest first (the built-in first version until one is stored)."""
    stored = [c for _id, c in matrix_store.catalogues(session.database())]
    return stored or [DEFAULT_CATALOGUE]


def _catalogue_id_for(session: Session, on: date) -> tuple[int, Catalogue]:
    """The version in force on `on`, storing the built-in first version on first use. Call inside
    the transaction."""
    db = session.database()
    stored = matrix_store.catalogues(db)
    if not stored:
        return matrix_store.add_catalogue(db, DEFAULT_CATALOGUE, session.who), DEFAULT_CATALOGUE
    chosen = catalogue_in_force([c for _id, c in stored], on)
    return next(i for i, c in stored if c.version == chosen.version), chosen


def add_catalogue_version(session: Session, new: Catalogue, note: str = "") -> Changes:
    """A new version of the areas, taking effect on its date; earlier matrices keep theirs."""
    versions = catalogues(session)
    check_catalogue(new, versions[-1], session.today())
    with session.writing():
        db = session.database()
        if not matrix_store.catalogues(db):
            matrix_store.add_catalogue(db, DEFAULT_CATALOGUE, session.who)
        catalogue_id = matrix_store.add_catalogue(db, new, session.who, note.strip() or catalogue_note(versions[-1], new))
    return Changes.of("matrix_catalogues", record_id=catalogue_id)


# --- the child or group -------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    child_id: int | None
    group_id: int | None
    name: str                 # full name (and reference) or the group's name
    children: tuple[Child, ...]
    stage: str                # for a group, the furthest on of its children

    @property
    def first_names(self) -> str:
        return and_list(c.first_name for c in self.children)

    def profile(self) -> NeedsProfile:
        return needs_profile(list(self.children), self.group_id)


_CLOSED_ORDER = ("adoption_order", "placed", "match_agreed", "plan_changed")


def _unit(db, child_id: int | None, group_id: int | None) -> Unit:
    if (child_id is None) == (group_id is None):
        _refuse("Child", "or a sibling group is required (one, not both)")
    if child_id is not None:
        child = store.get(db, Child, child_id)
        if child.sibling_group_id is not None:
            group = store.get(db, SiblingGroup, child.sibling_group_id)
            # As with links: a group to be placed together is found one family, so one matrix.
            if group.decision == "together" and not group.archived:
                _refuse("Child", f"{child.display_name} is in the sibling group “{group.name}”, to be placed "
                                 "together: make the matrix for the sibling group")
        return Unit(child_id, None, f"{child.display_name} ({child.reference})", (child,), child.stage)
    group = store.get(db, SiblingGroup, group_id)
    if group.decision == "apart":
        _refuse("Sibling group", f"“{group.name}” are to be placed apart: make a matrix for each child")
    children = tuple(from_row(Child, r) for r in db.query(
        "SELECT * FROM children WHERE sibling_group_id = ? AND archived = 0 ORDER BY date_of_birth, id", [group_id]))
    if not children:
        _refuse("Sibling group", f"“{group.name}” has no children recorded")
    stage = next((s for s in _CLOSED_ORDER if any(c.stage == s for c in children)), children[0].stage)
    return Unit(None, group_id, group.name, children, stage)


def _links_by_family(db, unit: Unit, family_ids: list[int] | None = None) -> dict[int, list[Link]]:
    out: dict[int, list[Link]] = {}
    for row in matrix_store.committing_links(db, family_ids=family_ids, child_ids=tuple(c.id for c in unit.children),
                                             group_id=unit.group_id):
        out.setdefault(row["family_id"], []).append(from_row(Link, row))
    return out


def _already_matched(links_by_family: dict[int, list[Link]], unit: Unit, families: list[Family]) -> dict[int, str]:
    """family id -> with whom it is already matched, in words, for the families spoken for."""
    profile = unit.profile()
    out = {}
    for family in families:
        link = committing_link(links_by_family.get(family.id, ()), profile, family)
        if link is not None:
            out[family.id] = f"link {link.reference}, {LINK_STATUSES[link.status].lower()}"
    return out


# --- the shortlist ----------------------------------------------------------------------------

@contextlib.contextmanager
def _collector_paused():
    """Building a shortlist of 30,000 families makes about a million small objects and no cycles;
    left running, Python's cycle collector sweeps the growing heap again and again (about 40% of
    the time, measured). It runs again as soon as this is done."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


@reads
def shortlist_for(session: Session, *, child_id: int | None = None, group_id: int | None = None) -> list[ShortlistEntry]:
    """Every family, ranked for this child or group, each saying why it is where it is."""
    db = session.database()
    unit = _unit(db, child_id, group_id)
    with _collector_paused():
        return shortlist(unit.profile(), matrix_store.shortlist_families(db), session.today(),
                         _links_by_family(db, unit), matrix_store.agency_kinds(db))


# --- starting a matrix, and changing it before the decision -----------------------------------------

def _check_families(session: Session, unit: Unit, family_ids: list[int]) -> list[Family]:
    db = session.database()
    families = [store.get(db, Family, i) for i in family_ids]
    check_matrix(unit.stage, families, _already_matched(_links_by_family(db, unit, [f.id for f in families]), unit,
                                                        families))
    return families


def _cells_for(unit: Unit, family: Family, today: date, catalogue: Catalogue) -> list[MatrixCell]:
    found = prefill(unit.profile(), family, today, catalogue)
    return [MatrixCell(c.code, family.id, prefill=found.get(c.code)) for c in catalogue.criteria]


def start_matrix(session: Session, family_ids: list[int], *, child_id: int | None = None,
                 group_id: int | None = None, held_on: date | None = None) -> Changes:
    """A matrix for this child or group with these two to five families, under the catalogue in
    force on `held_on`, prefilled from the records. Changes.record_id is the new matrix."""
    db = session.database()
    held_on = held_on or session.today()
    if held_on > session.today():
        _refuse("Date of the matrix", "is in the future")
    unit = _unit(db, child_id, group_id)
    _check_no_current_matrix(db, unit)
    families = _check_families(session, unit, list(family_ids))
    with session.writing():
        catalogue_id, catalogue = _catalogue_id_for(session, held_on)
        matrix_id = matrix_store.add_matrix(db, {"child_id": unit.child_id, "sibling_group_id": unit.group_id,
                                                 "catalogue_id": catalogue_id, "held_on": held_on.isoformat()},
                                            session.who)
        for position, family in enumerate(families):
            matrix_store.add_family(db, matrix_id, family.id, position, session.who)
            for cell in _cells_for(unit, family, session.today(), catalogue):
                matrix_store.add_cell(db, matrix_id, cell, session.who)
    return Changes.of(*MATRIX_TABLES, "matrix_catalogues", record_id=matrix_id)


def _check_no_current_matrix(db, unit: Unit) -> None:
    """One matrix at a time for a child or group: two could both be decided, each ending the
    other's chosen link. Looking again at a decided one is reopening it as a new version."""
    for row in matrix_store.current_matrices(db, tuple(c.id for c in unit.children), unit.group_id):
        if row["decided_on"]:
            _refuse("Matrix", f"{unit.first_names} already {'has' if len(unit.children) == 1 else 'have'} a decided "
                              f"matrix, {row['reference']}: reopen it as a new version to look again")
        _refuse("Matrix", f"{unit.first_names} already {'has' if len(unit.children) == 1 else 'have'} an open "
                          f"matrix, {row['reference']}: open it and add or take out families there")


def _editable(session: Session, matrix_id: int) -> dict:
    row = matrix_store.matrix_row(session.database(), matrix_id)
    check_editable(date.fromisoformat(row["decided_on"]) if row["decided_on"] else None)
    return row


def _unit_of(db, row: dict) -> Unit:
    return _unit(db, row["child_id"], row["sibling_group_id"])


def add_family(session: Session, matrix_id: int, family_id: int) -> Changes:
    db = session.database()
    row = _editable(session, matrix_id)
    unit = _unit_of(db, row)
    ids = matrix_store.family_ids(db, matrix_id)
    if family_id in ids:
        _refuse("Family", "is already in this matrix")
    families = _check_families(session, unit, ids + [family_id])
    with session.writing():
        matrix_store.add_family(db, matrix_id, family_id, len(ids), session.who)
        for cell in _cells_for(unit, families[-1], session.today(), matrix_store.catalogue(db, row["catalogue_id"])):
            matrix_store.add_cell(db, matrix_id, cell, session.who)
    return Changes.of(*MATRIX_TABLES, record_id=matrix_id)


def remove_family(session: Session, matrix_id: int, family_id: int, reason: str) -> Changes:
    """Take a family out before the decision (with a reason, kept in the history); a matrix keeps
    at least two."""
    db = session.database()
    _editable(session, matrix_id)
    if not reason.strip():
        _refuse("Reason", "is required: say why this family is taken out of the matrix")
    ids = matrix_store.family_ids(db, matrix_id)
    if family_id not in ids:
        _refuse("Family", "is not in this matrix")
    if len(ids) <= 2:
        _refuse("Families", "A matrix needs at least two families: add another before taking this one out")
    with session.writing():
        matrix_store.remove_family(db, matrix_id, family_id, session.who, reason.strip())
    return Changes.of(*MATRIX_TABLES, record_id=matrix_id)


def rate(session: Session, matrix_id: int, criterion: str, family_id: int, rating: str,
         strengths: str | None = None, weaknesses: str | None = None) -> Changes:
    """The worker's rating of one family in one area, with strengths and weaknesses (None leaves a
    note as it is)."""
    check_rating(rating)
    db = session.database()
    _editable(session, matrix_id)
    cell_id = matrix_store.cell_id(db, matrix_id, criterion, family_id)
    if cell_id is None:
        raise HomefinderError("That area or family is not in this matrix.")
    values = {"rating": rating}
    if strengths is not None:
        values["strengths"] = strengths.strip()
    if weaknesses is not None:
        values["weaknesses"] = weaknesses.strip()
    with session.writing():
        matrix_store.update_cell(db, cell_id, values, session.who)
    return Changes.of("matrix_cells", record_id=matrix_id)


def write_need(session: Session, matrix_id: int, criterion: str, text: str) -> Changes:
    """The child's need in one area, in the worker's words (the first column)."""
    db = session.database()
    row = _editable(session, matrix_id)
    if criterion not in matrix_store.catalogue(db, row["catalogue_id"]).codes:
        raise HomefinderError("That area is not in this matrix.")
    with session.writing():
        matrix_store.set_need(db, matrix_id, criterion, text.strip(), session.who)
    return Changes.of("matrix_needs", record_id=matrix_id)


def refresh_from_records(session: Session, matrix_id: int) -> Changes:
    """Read the records again (a family's offer or a child's needs changed since the matrix began);
    ratings and notes stay as the worker left them."""
    db = session.database()
    row = _editable(session, matrix_id)
    unit = _unit_of(db, row)
    catalogue = matrix_store.catalogue(db, row["catalogue_id"])
    with session.writing():
        for family in matrix_store.families(db, matrix_id):
            for cell in _cells_for(unit, family, session.today(), catalogue):
                matrix_store.update_cell(db, matrix_store.cell_id(db, matrix_id, cell.criterion_code, family.id),
                                         {"prefill": matrix_store.prefill_json(cell.prefill)}, session.who)
    return Changes.of("matrix_cells", record_id=matrix_id)


# --- the decision, and reopening -------------------------------------------------------------------

def _end_reason_id(session: Session) -> int:
    db = session.database()
    found = link_store.end_reason_named(db, CHOSEN_ELSEWHERE)
    return found if found is not None else link_store.add_end_reason(db, CHOSEN_ELSEWHERE, session.who)


def decide(session: Session, matrix_id: int, decision: MatrixDecision) -> Changes:
    """Record who decided, which family, why and when. In the same transaction the other matrix
    families' active links with this child or group end ("Another family chosen at matching
    meeting"), and the chosen family's link moves on to Matching (a link is made if the family had
    none). Afterwards the matrix does not change; reopening makes a new version."""
    db = session.database()
    row = _editable(session, matrix_id)
    unit = _unit_of(db, row)
    ids = matrix_store.family_ids(db, matrix_id)
    check_decision(decision, ids, session.today(), date.fromisoformat(row["held_on"]))
    families = [store.get(db, Family, i) for i in ids]
    check_matrix(unit.stage, families, _already_matched(_links_by_family(db, unit, [f.id for f in families]), unit,
                                                        families))
    links = link_store.links_of_unit(db, unit.child_id, unit.group_id)
    chosen = store.get(db, Family, decision.family_id)
    on = decision.decided_on
    with session.writing():
        reason_id = _end_reason_id(session)
        for link in links_ended_by_decision(decision.family_id, ids, links):
            ending = StageChange("ended", max(on, link.status_date or on),
                                 f"{CHOSEN_ELSEWHERE}: {chosen.name} chosen (matrix {row['reference']})")
            store.add_stage(db, Link, link.id, ending, session.who)
            audit.update(db, "links", link.id, {"end_reason_id": reason_id, "ended_reason": ""}, session.who)
        _move_chosen_link(session, unit, links, decision, row["reference"])
        _children_linked(session, unit, chosen, decision.decided_on, row["reference"])
        matrix_store.update_matrix(db, matrix_id, {
            "decided_on": on.isoformat(), "family_id": decision.family_id, "reason": decision.reason.strip(),
            "social_worker": decision.social_worker.strip(), "manager": decision.manager.strip()}, session.who)
    return Changes.of(*MATRIX_TABLES, "links", "link_statuses", "link_windows", "children", "child_stages",
                      record_id=matrix_id)


def _move_chosen_link(session: Session, unit: Unit, links: list[Link], decision: MatrixDecision,
                      reference: str) -> None:
    from . import links as link_service  # links imports nothing of the matrix; import here keeps it so

    db = session.database()
    on = decision.decided_on
    link = next((lk for lk in links if lk.family_id == decision.family_id and lk.is_active), None)
    if link is None:
        made = link_service.add_link(session, Link(child_id=unit.child_id, sibling_group_id=unit.group_id,
                                                   family_id=decision.family_id, identified_on=on,
                                                   found_at=""))
        link = store.get(db, Link, made.record_id)
    order = ("identified", "interest", "exploring")
    if link.status in order:
        link_service.record_link_status(session, link.id, StageChange(
            CHOSEN_MOVES_TO, max(on, link.status_date or on), f"Chosen at matrix {reference}"))


# A child still being found a family moves on to Linked when one is chosen, as the registers and
# the Homefinder agenda expect of a child whose link is being progressed.
STAGES_BEFORE_LINKED = ("agency_decision", "placement_order", "family_finding")


def _children_linked(session: Session, unit: Unit, chosen: Family, on: date, reference: str) -> None:
    for child in unit.children:
        if child.stage in STAGES_BEFORE_LINKED:
            record_child_stage(session, child.id, StageChange(
                "linked", max(on, child.stage_date or on), f"{chosen.name} chosen at matrix {reference}"))


def reopen(session: Session, matrix_id: int, reason: str) -> Changes:
    """A decided matrix reopened as a new version: the same families, needs, ratings and notes to
    start from; the decided one stays as it was. Links ended by the decision stay ended (make a new
    link if a family comes back). Changes.record_id is the new version."""
    db = session.database()
    row = matrix_store.matrix_row(db, matrix_id)
    if not row["decided_on"]:
        _refuse("Matrix", f"{row['reference']} has no decision yet: change it as it is")
    newer = matrix_store.next_version_of(db, matrix_id)
    if newer is not None:
        _refuse("Matrix", f"{row['reference']} was already reopened as {newer['reference']}: open that one")
    if not reason.strip():
        _refuse("Reason", "is required: say why the decision is being looked at again")
    with session.writing():
        new_id = matrix_store.add_matrix(db, {
            "child_id": row["child_id"], "sibling_group_id": row["sibling_group_id"],
            "catalogue_id": row["catalogue_id"], "held_on": session.today().isoformat(),
            "version": row["version"] + 1, "previous_id": matrix_id, "reopened_reason": reason.strip()}, session.who)
        for position, family_id in enumerate(matrix_store.family_ids(db, matrix_id)):
            matrix_store.add_family(db, new_id, family_id, position, session.who)
        for criterion, text in matrix_store.needs(db, matrix_id).items():
            matrix_store.set_need(db, new_id, criterion, text, session.who)
        for cell in matrix_store.cells(db, matrix_id):
            matrix_store.add_cell(db, new_id, cell, session.who)
    return Changes.of(*MATRIX_TABLES, record_id=new_id)


# --- reading ------------------------------------------------------------------------------------

@dataclass
class MatrixSheet:
    """Everything a screen or a printout shows of one matrix."""

    id: int
    reference: str
    version: int
    held_on: date
    unit: Unit
    catalogue: Catalogue
    families: list[Family]
    agencies: dict[int, tuple[str, str]]          # family id -> (agency name, kind)
    needs: dict[str, str]                          # criterion -> the worker's words
    cells: dict[tuple[str, int], MatrixCell]       # (criterion, family id) -> cell
    summaries: dict[int, FamilySummary]
    decision: MatrixDecision | None
    reopened_reason: str = ""
    previous_reference: str = ""
    next_reference: str = ""
    ended_links: list[dict] = field(default_factory=list)   # links the decision ended (reference, family_id, family)

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def as_at(self) -> date:
        """Ages are given as at the matrix's day (or its decision)."""
        return self.decision.decided_on if self.decision else self.held_on

    def family(self, family_id: int) -> Family:
        return next(f for f in self.families if f.id == family_id)


@reads
def open_matrix(session: Session, matrix_id: int) -> MatrixSheet:
    db = session.database()
    row = matrix_store.matrix_row(db, matrix_id)
    catalogue = matrix_store.catalogue(db, row["catalogue_id"])
    families = matrix_store.families(db, matrix_id)
    cells = {(c.criterion_code, c.family_id): c for c in matrix_store.cells(db, matrix_id)}
    summaries = {f.id: family_summary([cells[(code, f.id)] for code in catalogue.codes if (code, f.id) in cells],
                                      catalogue) for f in families}
    agencies = {r["fid"]: (r["name"] or "", r["kind"] or "other") for r in db.query(
        "SELECT f.id AS fid, a.name, a.kind FROM matrix_families m JOIN families f ON f.id = m.family_id "
        "LEFT JOIN agencies a ON a.id = f.agency_id WHERE m.matrix_id = ?", [matrix_id])}
    previous = matrix_store.matrix_row(db, row["previous_id"])["reference"] if row["previous_id"] else ""
    newer = matrix_store.next_version_of(db, matrix_id)
    decision = matrix_store.decision_of(row)
    ended = []
    if decision is not None:
        column = "child_id" if row["child_id"] is not None else "sibling_group_id"
        ended = list(db.query(
            f"SELECT l.reference, l.family_id, f.name AS family FROM links l JOIN families f ON f.id = l.family_id "
            f"JOIN link_statuses s ON s.link_id = l.id WHERE l.{column} = ? AND s.status = 'ended' "
            f"AND s.reason LIKE ? ORDER BY l.id", [row[column], f"%(matrix {row['reference']})"]))
    return MatrixSheet(matrix_id, row["reference"], row["version"], date.fromisoformat(row["held_on"]),
                       _unit_of(db, row), catalogue, families, agencies, matrix_store.needs(db, matrix_id), cells,
                       summaries, decision, row["reopened_reason"], previous, newer["reference"] if newer else "",
                       ended)


@reads
def active_links(session: Session, matrix_id: int) -> list[Link]:
    """The matrix's child's (or group's) links in progress: what a decision would end or move on."""
    row = matrix_store.matrix_row(session.database(), matrix_id)
    return [link for link in link_store.links_of_unit(session.database(), row["child_id"], row["sibling_group_id"])
            if link.is_active]


@reads
def matrix_rows(session: Session, *, child_id: int | None = None, group_id: int | None = None,
                include_superseded: bool = True) -> list[dict]:
    return matrix_store.matrix_rows(session.database(), child_id=child_id, group_id=group_id,
                                    include_superseded=include_superseded)


__all__ = ["catalogues", "add_catalogue_version", "shortlist_for", "start_matrix", "add_family", "remove_family",
           "rate", "write_need", "refresh_from_records", "decide", "reopen", "open_matrix", "active_links", "matrix_rows",
           "MatrixSheet", "Unit", "RATINGS", "MAX_FAMILIES"]
