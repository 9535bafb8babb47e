"""Child profiles for an event: the children or sibling groups chosen by hand or with the children
list's filters, each as one page at the privacy level the worker chose, in a booklet to print.

Brothers and sisters to be placed together are always presented together: a child of such a
group, chosen alone or by a filter, brings the group's page (once). A group to be placed apart
gives each child a page of their own. Archived records (even with "Show archived" on), and records
deleted since the list was read, are left out.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain.errors import NotFound, ValidationError
from ..domain.photos import ChildPhoto
from ..domain.profiles import LEVELS, PHOTOS_NONE, Booklet, PrivacyLevel, booklet_problems, photos_to_print, profile
from ..domain.records import Child, SiblingGroup
from ..storage.registers import RegisterQuery
from . import photos, printouts, records
from .session import Session, reads

__all__ = ["booklet", "booklet_pdf", "chosen_units", "save_booklet"]

Unit = tuple[str, int]  # ("child", id) or ("group", id): one page


def _get(session: Session, cls: type, record_id: int):
    try:
        record = records.get(session, cls, record_id)
    except NotFound:
        return None
    return None if record.archived else record


def _members(session: Session, group_id: int) -> list[int]:
    return records.child_ids(session, RegisterQuery(sibling_group_id=group_id))


@reads
def chosen_units(session: Session, *, child_ids=(), group_ids=(), query: RegisterQuery | None = None) -> list[Unit]:
    """The pages the choice makes, in order: the children chosen by hand, then as the filtered
    list orders them, then the groups chosen; each unit once."""
    units: dict[Unit, None] = {}
    groups: dict[int, SiblingGroup | None] = {}

    def group_of(group_id: int) -> SiblingGroup | None:
        if group_id not in groups:
            groups[group_id] = _get(session, SiblingGroup, group_id)
        return groups[group_id]

    ids = list(child_ids) + (records.child_ids(session, query) if query is not None else [])
    for child_id in ids:
        child = _get(session, Child, child_id)
        if child is None:
            continue
        group = group_of(child.sibling_group_id) if child.sibling_group_id else None
        units[("group", group.id) if group is not None and group.decision == "together"
              else ("child", child_id)] = None
    for group_id in group_ids:
        group = group_of(group_id)
        if group is None:
            continue
        if group.decision == "together":
            units[("group", group_id)] = None
        else:
            units.update(dict.fromkeys(("child", child_id) for child_id in _members(session, group_id)))
    return list(units)


def _photos_for(session: Session, child: Child, level: PrivacyLevel, in_group: bool) -> tuple[list, int]:
    """The photos the page prints ((ChildPhoto, bytes), in the child's order) and how many the
    level allows in all. Only the bytes printed are read."""
    if level.photos == PHOTOS_NONE:
        return [], 0
    allowed: list[ChildPhoto] = [p for p in photos.photos_of(session, child.id) if level.allows(p)]
    shown = allowed[:photos_to_print(in_group)]
    return [(p, photos.image_of(session, p.id)) for p in shown], len(allowed)


def _unit_profile(session: Session, unit: Unit, level: PrivacyLevel, on: date):
    kind, record_id = unit
    group = None
    if kind == "group":
        group = records.get(session, SiblingGroup, record_id)
        children = [records.get(session, Child, child_id) for child_id in _members(session, record_id)]
    else:
        children = [records.get(session, Child, record_id)]
    if not children:
        return None
    in_group = len(children) > 1
    chosen, counts = {}, {}
    for child in children:
        chosen[child.id], counts[child.id] = _photos_for(session, child, level, in_group)
    return profile(children, level, on, chosen, counts, group=group)


@reads
def booklet(session: Session, *, child_ids=(), group_ids=(), query: RegisterQuery | None = None,
            level: str, event_title: str, event_date: date) -> Booklet:
    """The booklet's data: one profile per unit chosen (none: an empty booklet that says so).
    Ages are given as on the day of the event. Raises ValidationError naming the field when the
    level, the event or its date is missing or wrong."""
    problems = booklet_problems(level, event_title, event_date)
    if problems:
        raise ValidationError(problems)
    chosen = LEVELS[level]
    pages = [_unit_profile(session, unit, chosen, event_date)
             for unit in chosen_units(session, child_ids=child_ids, group_ids=group_ids, query=query)]
    return Booklet(event_title.strip(), event_date, chosen, tuple(p for p in pages if p is not None))


def booklet_pdf(session: Session, *, child_ids=(), group_ids=(), query: RegisterQuery | None = None,
                level: str, event_title: str, event_date: date) -> bytes:
    from ..reports import profiles as report  # ReportLab only when printing

    data = booklet(session, child_ids=child_ids, group_ids=group_ids, query=query, level=level,
                   event_title=event_title, event_date=event_date)
    return report.build_pdf(session.council_name, session.partner_name, data, session.today())


def save_booklet(session: Session, *, child_ids=(), group_ids=(), query: RegisterQuery | None = None,
                 level: str, event_title: str, event_date: date, target: Path | str) -> Path:
    """Write the booklet where the worker chose (".pdf" added if missing), whole or not at all;
    returns where it went."""
    pdf = booklet_pdf(session, child_ids=child_ids, group_ids=group_ids, query=query, level=level,
                      event_title=event_title, event_date=event_date)
    return printouts.save_pdf(target, pdf)
