"""The same child entered twice: warned about, saved only when the worker confirms."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import PossibleDuplicate
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records


def _child(**kw):
    values = dict(first_name="Esme", last_name="Thwaite", date_of_birth=date(2022, 3, 4), sex="F")
    values.update(kw)
    return Child(**values)


def _count(session):
    return len(records.child_ids(session, records.RegisterQuery(include_archived=True)))


def test_same_name_and_birth_is_refused_until_confirmed(new_session):
    first = records.add(new_session, _child()).record_id
    reference = records.get(new_session, Child, first).reference
    with pytest.raises(PossibleDuplicate) as info:
        records.add(new_session, _child(first_name=" esme ", last_name="THWAITE"))
    assert reference in str(info.value) and "04/03/2022" in str(info.value)
    assert _count(new_session) == 1
    records.add(new_session, _child(), allow_duplicate=True)
    assert _count(new_session) == 2


def test_an_archived_twin_is_named_as_archived(new_session):
    first = records.add(new_session, _child()).record_id
    records.archive(new_session, Child, first)
    with pytest.raises(PossibleDuplicate) as info:
        records.add(new_session, _child())
    assert "(archived)" in str(info.value)


def test_a_different_birth_date_or_name_is_no_duplicate(new_session):
    records.add(new_session, _child())
    records.add(new_session, _child(date_of_birth=date(2022, 3, 5)))
    records.add(new_session, _child(first_name="Esmeralda"))
    assert _count(new_session) == 3


def test_editing_into_a_twin_is_asked_once_and_other_edits_are_not(new_session):
    records.add(new_session, _child())
    other = records.add(new_session, _child(first_name="Ruby")).record_id
    ruby = records.get(new_session, Child, other)
    ruby.first_name = "Esme"
    with pytest.raises(PossibleDuplicate):
        records.save(new_session, ruby)
    records.save(new_session, ruby, allow_duplicate=True)
    ruby = records.get(new_session, Child, other)
    ruby.religion = "None"  # name and birth unchanged: no question again
    records.save(new_session, ruby)
    assert records.get(new_session, Child, other).religion == "None"
