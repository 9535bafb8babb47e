"""The children list's "No active link" filter, in SQL: a child's own link, or their sibling
group's, counts while it is identified, interest, exploring, matching or at panel and not archived."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.links import ACTIVE_LINK_STATUSES, LINK_STATUSES, Link
from homefinder_desktop.domain.records import Agency, Child, Family, SiblingGroup
from homefinder_desktop.services import records
from homefinder_desktop.services.records import RegisterQuery
from homefinder_desktop.storage import records as store


@pytest.fixture
def world(new_session):
    """Five children (two of them a sibling group) and one approved family; no links yet."""
    s = new_session
    own = next(a.id for a in records.all_of(s, Agency) if a.kind == "own")
    group = records.add(s, SiblingGroup(name="Thwaite siblings")).record_id
    ids = {}
    for name, in_group in (("Esme", True), ("Reuben", True), ("Orla", False), ("Kai", False), ("Nia", False)):
        ids[name] = records.add(s, Child(first_name=name, last_name="Thwaite" if in_group else "Varley",
                                         date_of_birth=date(2022, 3, 4), sex="F",
                                         sibling_group_id=group if in_group else None,
                                         stage="family_finding", stage_date=date(2026, 1, 5))).record_id
    family = records.add(s, Family(name="Oakley family", adopter_one="Sarah Oakley", agency_id=own,
                                   stage="approved", stage_date=date(2025, 6, 1),
                                   approval_date=date(2025, 6, 1))).record_id
    return s, ids, group, family


def link(session, family: int, status: str, child: int | None = None, group: int | None = None,
         archived: bool = False) -> int:
    """A link written straight through storage (there is no link service yet)."""
    db = session.database()
    with session.writing():
        link_id = store.add(db, Link(child_id=child, sibling_group_id=group, family_id=family,
                                     identified_on=date(2026, 3, 1), status=status, status_date=date(2026, 3, 1),
                                     ended_reason="Family chose to wait" if status == "ended" else ""), session.who)
        if archived:
            store.set_archived(db, Link, link_id, True, session.who)
    return link_id


def found(session, **query) -> set[int]:
    return set(records.child_ids(session, RegisterQuery(**query)))


def test_with_no_links_every_child_has_no_active_link(world):
    s, ids, _group, _family = world
    assert found(s, no_active_link=True) == set(ids.values())
    assert found(s, no_active_link=False) == set()
    assert found(s, no_active_link=None) == set(ids.values())


@pytest.mark.parametrize("status", ACTIVE_LINK_STATUSES)
def test_an_active_link_of_the_childs_own(world, status):
    s, ids, _group, family = world
    link(s, family, status, child=ids["Orla"])
    assert found(s, no_active_link=True) == set(ids.values()) - {ids["Orla"]}
    assert found(s, no_active_link=False) == {ids["Orla"]}


@pytest.mark.parametrize("status", ["placed", "ended"])
def test_a_link_placed_or_ended_is_not_active(world, status):
    s, ids, group, family = world
    link(s, family, status, child=ids["Orla"])
    link(s, family, status, group=group)
    assert found(s, no_active_link=True) == set(ids.values())


def test_a_sibling_groups_link_counts_for_every_child_in_it(world):
    s, ids, group, family = world
    link(s, family, "exploring", group=group)
    assert found(s, no_active_link=False) == {ids["Esme"], ids["Reuben"]}
    assert found(s, no_active_link=True) == {ids["Orla"], ids["Kai"], ids["Nia"]}


def test_an_archived_link_does_not_count(world):
    s, ids, group, family = world
    link(s, family, "matching", child=ids["Kai"], archived=True)
    link(s, family, "interest", group=group, archived=True)
    assert found(s, no_active_link=True) == set(ids.values())


def test_the_two_answers_split_the_list_and_combine_with_other_filters(world):
    s, ids, group, family = world
    link(s, family, "identified", child=ids["Kai"])
    link(s, family, "ended", child=ids["Nia"])
    link(s, family, "panel", group=group)
    without, with_one = found(s, no_active_link=True), found(s, no_active_link=False)
    assert without | with_one == set(ids.values()) and not without & with_one
    assert without == {ids["Orla"], ids["Nia"]}
    assert found(s, no_active_link=True, in_sibling_group=True) == set()
    assert found(s, no_active_link=False, search="Varley") == {ids["Kai"]}


def test_the_filter_is_answered_from_the_links_indexes(world):
    from homefinder_desktop.storage.registers import HAS_ACTIVE_LINK_SQL

    s, *_ = world
    plan = " ".join(str(r[-1]) for r in s.database().execute(
        f"EXPLAIN QUERY PLAN SELECT c.id FROM children c WHERE NOT {HAS_ACTIVE_LINK_SQL}"))
    assert "links_child" in plan and "links_group" in plan, plan


def test_the_printout_title_names_the_filter(world):
    s, *_ = world
    assert records.child_register_title(s, RegisterQuery(no_active_link=True)).endswith("— no active link")
    assert records.child_register_title(s, RegisterQuery(no_active_link=False)).endswith("— with an active link")
    assert "link" not in records.child_register_title(s, RegisterQuery())


def test_links_get_references_and_check_themselves(world):
    s, ids, _group, family = world
    first = link(s, family, "identified", child=ids["Kai"])
    assert store.get(s.database(), Link, first).reference == f"L-{first:05d}"
    assert set(LINK_STATUSES) >= set(ACTIVE_LINK_STATUSES) | {"placed", "ended"}
    bad = Link(child_id=1, sibling_group_id=2, family_id=None, status="ended")
    fields = {p.field for p in bad.problems(date(2026, 11, 23))}
    assert fields == {"Child", "Family", "Identified on", "Why it did not progress"}
