"""Every change leaves an audit row in the same transaction; audit rows are permanent."""
from __future__ import annotations

from datetime import date

import pytest
import sqlcipher3

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.records import Child, Family, SiblingGroup, StageChange
from homefinder_desktop.services import records
from homefinder_desktop.storage import audit


def _child(**kw):
    values = dict(first_name="Esme", last_name="Thwaite", date_of_birth=date(2022, 3, 4), sex="F",
                  stage_date=date(2026, 1, 10))
    values.update(kw)
    return Child(**values)


def _audit_count(session):
    return session.database().execute("SELECT count(*) FROM audit").fetchone()[0]


def test_adding_a_child_is_audited_with_who_and_values(new_session):
    changes = records.add(new_session, _child())
    rows = records.history(new_session, Child, changes.record_id)
    insert = rows[0]
    assert insert["action"] == "insert" and insert["who"] == "Test Worker"
    assert insert["changes"]["first_name"] == [None, "Esme"]
    # The first stage step is part of the history too.
    assert any(r.get("table_name") == "child_stages" for r in rows)


def test_an_edit_records_each_fields_old_and_new_value(new_session):
    child_id = records.add(new_session, _child()).record_id
    child = records.get(new_session, Child, child_id)
    child.first_name, child.religion = "Esmé", "Christian"
    records.save(new_session, child)
    last = records.history(new_session, Child, child_id)[-1]
    assert last["action"] == "update"
    assert last["changes"] == {"first_name": ["Esme", "Esmé"], "religion": ["", "Christian"]}


def test_a_save_with_no_change_writes_nothing(new_session):
    child_id = records.add(new_session, _child()).record_id
    before = _audit_count(new_session)
    records.save(new_session, records.get(new_session, Child, child_id))
    assert _audit_count(new_session) == before


def test_a_failed_save_leaves_neither_record_nor_audit(new_session):
    before = _audit_count(new_session)
    with pytest.raises(ValidationError):
        records.add(new_session, _child(date_of_birth=date(2030, 1, 1)))
    assert _audit_count(new_session) == before
    assert records.child_ids(new_session, records.RegisterQuery()) == []


def test_the_record_and_its_audit_row_share_one_transaction(new_session):
    db = new_session.database()
    before = _audit_count(new_session)
    with pytest.raises(RuntimeError):
        with db.atomic():
            audit.insert(db, "sibling_groups", {"name": "Lockwood siblings", "decision": "together"}, "Test Worker")
            raise RuntimeError("power cut")
    assert _audit_count(new_session) == before
    assert db.execute("SELECT count(*) FROM sibling_groups").fetchone()[0] == 0


def test_audited_writes_refuse_to_run_outside_a_transaction(new_session):
    with pytest.raises(RuntimeError):
        audit.insert(new_session.database(), "sibling_groups", {"name": "X"}, "Test Worker")


@pytest.mark.parametrize("sql", ["UPDATE audit SET who = 'Someone else'", "DELETE FROM audit"])
def test_audit_rows_can_never_be_changed_or_deleted(new_session, sql):
    records.add(new_session, SiblingGroup(name="Bramley siblings"))
    before = list(new_session.database().query("SELECT * FROM audit"))
    with pytest.raises(sqlcipher3.IntegrityError):
        new_session.database().execute(sql)
    assert list(new_session.database().query("SELECT * FROM audit")) == before


def test_stage_steps_move_the_child_and_are_audited(new_session):
    child_id = records.add(new_session, _child(stage="agency_decision", stage_date=date(2026, 1, 10))).record_id
    records.record_child_stage(new_session, child_id, StageChange("placement_order", date(2026, 4, 2)))
    child = records.get(new_session, Child, child_id)
    assert (child.stage, child.stage_date) == ("placement_order", date(2026, 4, 2))
    assert child.placement_order_date == date(2026, 4, 2)
    steps = records.stage_history(new_session, Child, child_id)
    assert [s.stage for s in steps] == ["agency_decision", "placement_order"]
    assert steps[-1].recorded_by == "Test Worker"


def test_the_stage_cannot_be_edited_around_its_history(new_session):
    child_id = records.add(new_session, _child()).record_id
    child = records.get(new_session, Child, child_id)
    child.stage = "placed"
    with pytest.raises(ValidationError) as info:
        records.save(new_session, child)
    assert info.value.for_field("Stage")


def test_archive_hides_and_restore_brings_back(new_session):
    child_id = records.add(new_session, _child()).record_id
    records.archive(new_session, Child, child_id)
    assert records.child_ids(new_session, records.RegisterQuery()) == []
    assert records.child_ids(new_session, records.RegisterQuery(include_archived=True)) == [child_id]
    records.restore(new_session, Child, child_id)
    assert records.child_ids(new_session, records.RegisterQuery()) == [child_id]
    actions = [r["action"] for r in records.history(new_session, Child, child_id)]
    assert "archive" in actions and "restore" in actions


def test_delete_in_error_keeps_the_evidence(new_session):
    child_id = records.add(new_session, _child()).record_id
    with pytest.raises(ValidationError):
        records.delete_in_error(new_session, Child, child_id, "")
    records.delete_in_error(new_session, Child, child_id, "Entered twice")
    assert records.child_ids(new_session, records.RegisterQuery(include_archived=True)) == []
    last = records.history(new_session, Child, child_id)[-1]
    assert last["action"] == "delete"
    assert last["changes"]["first_name"] == ["Esme", None]
    assert last["changes"]["reason for deletion"] == [None, "Entered twice"]


def test_a_child_with_history_cannot_be_deleted(new_session):
    child_id = records.add(new_session, _child(stage_date=date(2026, 1, 1))).record_id
    records.record_child_stage(new_session, child_id, StageChange("placement_order", date(2026, 2, 1)))
    with pytest.raises(Exception) as info:
        records.delete_in_error(new_session, Child, child_id, "oops")
    assert "archive it instead" in str(info.value)


def test_unknown_references_are_named(new_session):
    with pytest.raises(ValidationError) as info:
        records.add(new_session, _child(sibling_group_id=999, social_worker_id=555))
    assert info.value.for_field("Sibling group") and info.value.for_field("Social worker")
    with pytest.raises(ValidationError) as info:
        records.add(new_session, Family(name="Oakley family", adopter_one="Sarah Oakley", agency_id=42))
    assert info.value.for_field("Agency") == ["is not a known agency"]


def test_a_deleted_records_id_and_reference_are_never_given_again(new_session):
    first = records.add(new_session, _child(first_name="Bravo")).record_id
    records.delete_in_error(new_session, Child, first, "Entered twice")
    second = records.add(new_session, _child(first_name="Charlie")).record_id
    assert second != first
    charlie = records.get(new_session, Child, second)
    assert charlie.reference == f"C-{second:05d}"
    assert all("Bravo" not in str(row["changes"]) for row in records.history(new_session, Child, second))


def test_dates_out_of_order_are_named_at_the_field_and_nothing_is_saved(new_session):
    child_id = records.add(new_session, _child(stage="agency_decision", stage_date=date(2026, 2, 1))).record_id
    child = records.get(new_session, Child, child_id)
    child.placement_order_date = date(2026, 1, 15)
    before = _audit_count(new_session)
    with pytest.raises(ValidationError) as info:
        records.save(new_session, child)
    assert info.value.for_field("Date of placement order") == ["is before the agency decision (01/02/2026)"]
    assert _audit_count(new_session) == before


def test_bytes_never_enter_the_audit_trail_only_their_description(new_session):
    """Audit rows can never be deleted, so a photo's bytes written there would outlive its removal."""
    from homefinder_desktop.domain.photos import describe_image

    child_id = records.add(new_session, _child()).record_id
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x02\x00\x00\x00\x03" + b"SECRET-PIXELS" * 40)
    db = new_session.database()
    with db.atomic():
        photo_id = audit.insert(db, "child_photos", {"child_id": child_id, "image": png, "media_type": "image/png",
                                                     "width": 2, "height": 3, "added_on": "2026-11-01"}, "Test Worker")
        audit.update(db, "child_photos", photo_id, {"image": memoryview(b"\xff\xd8\xff" + b"OTHER" * 10)},
                     "Test Worker")
    added, changed = audit.history(db, "child_photos", photo_id)
    assert added["changes"]["image"] == [None, "PNG photo, 2 × 3, 1 KB"] == [None, describe_image(png)]
    assert changed["changes"]["image"] == ["PNG photo, 2 × 3, 1 KB", "binary data, 1 KB"]
    everything = "".join(r[0] for r in db.execute("SELECT changes FROM audit"))
    assert "SECRET" not in everything and "OTHER" not in everything
