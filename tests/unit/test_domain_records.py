from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.records import (Child, Family, SiblingGroup, StageChange,
                                               check_child_stage_change)
from homefinder_desktop.domain.safety import location_warning, wait_after_failures

TODAY = date(2026, 11, 23)


def test_a_child_names_every_wrong_field():
    child = Child(first_name="", date_of_birth=date(2027, 1, 1), sex="X",
                  date_entered_care=date(2026, 1, 1))
    with pytest.raises(ValidationError) as info:
        child.validate(TODAY)
    err = info.value
    assert err.for_field("First name") == ["is required"]
    assert err.for_field("Date of birth") == ["is in the future"]
    assert err.for_field("Sex")
    assert err.for_field("Date entered care") == ["is before the date of birth"]
    assert "Nothing was saved" in str(err)


def test_a_good_child_passes():
    Child(first_name="Ivy", date_of_birth=date(2023, 2, 1), sex="F").validate(TODAY)


def test_siblings_placed_apart_need_a_dated_reason():
    with pytest.raises(ValidationError) as info:
        SiblingGroup(name="Marsden siblings", decision="apart").validate(TODAY)
    assert info.value.for_field("Date of decision") and info.value.for_field("Reason for the decision")
    SiblingGroup(name="Marsden siblings", decision="together").validate(TODAY)


def test_an_approved_family_needs_its_approval_date():
    fam = Family(name="Oakley family", adopter_one="Sarah Oakley", agency_id=1, stage="approved")
    with pytest.raises(ValidationError) as info:
        fam.validate(TODAY)
    assert info.value.for_field("Date approved") == ["is required for an approved family"]


def test_stage_history_moves_forward_in_time():
    history = [StageChange("agency_decision", date(2026, 1, 5)), StageChange("placement_order", date(2026, 3, 1))]
    check_child_stage_change(history, StageChange("family_finding", date(2026, 3, 2)), TODAY)
    with pytest.raises(ValidationError) as info:
        check_child_stage_change(history, StageChange("family_finding", date(2026, 2, 1)), TODAY)
    assert "before the last step" in info.value.for_field("Date of stage")[0]
    with pytest.raises(ValidationError) as info:
        check_child_stage_change(history, StageChange("family_finding", date(2027, 1, 1)), TODAY)
    assert info.value.for_field("Date of stage") == ["is in the future"]


def test_going_back_or_changing_the_plan_needs_a_reason():
    history = [StageChange("linked", date(2026, 3, 1))]
    with pytest.raises(ValidationError) as info:
        check_child_stage_change(history, StageChange("family_finding", date(2026, 4, 1)), TODAY)
    assert info.value.for_field("Reason")
    check_child_stage_change(history, StageChange("family_finding", date(2026, 4, 1), "Link ended"), TODAY)
    with pytest.raises(ValidationError):
        check_child_stage_change(history, StageChange("plan_changed", date(2026, 4, 1)), TODAY)


def test_wrong_passphrases_wait_longer_each_time():
    waits = [wait_after_failures(n) for n in range(8)]
    assert waits[:3] == [0, 0, 0]
    assert all(b > a for a, b in zip(waits[3:], waits[4:]))
    assert wait_after_failures(100) == 300


@pytest.mark.parametrize("path,fs", [("/home/sam/OneDrive - Northshire/homefinder.hfdb", "ext4"),
                                     ("/home/sam/Dropbox/homefinder.hfdb", "ext4"),
                                     ("\\\\fileserver\\share\\homefinder.hfdb", None),
                                     ("/mnt/team/homefinder.hfdb", "cifs"),
                                     ("/mnt/team/homefinder.hfdb", "nfs4")])
def test_network_and_cloud_folders_are_warned_about(path, fs):
    assert "corrupt" in location_warning(path, fs)


def test_a_local_folder_has_no_warning():
    assert location_warning("/home/sam/.local/share/Homefinder/homefinder.hfdb", "ext4") is None


def test_validation_message_reads_as_one_sentence():
    from homefinder_desktop.domain.errors import FieldProblem

    err = ValidationError([FieldProblem("Passphrase", "Add another word or two. Uncommon words are better.")])
    assert str(err) == "Nothing was saved. Passphrase: Add another word or two. Uncommon words are better."


def test_family_stages_follow_the_same_rules_as_childrens():
    from homefinder_desktop.domain.records import check_family_stage_change

    history = [StageChange("enquiry", date(2026, 1, 5)), StageChange("stage_two", date(2026, 5, 1))]
    check_family_stage_change(history, StageChange("approved", date(2026, 9, 1)), TODAY)
    for new, field, words in (
            (StageChange("approved", date(2026, 4, 1)), "Date of stage", "before the last step"),
            (StageChange("approved", date(2027, 1, 1)), "Date of stage", "in the future"),
            (StageChange("withdrawn", date(2026, 6, 1)), "Reason", "withdraws"),
            (StageChange("on_hold", date(2026, 6, 1)), "Reason", "on hold"),
            (StageChange("stage_one", date(2026, 6, 1)), "Reason", "earlier stage")):
        with pytest.raises(ValidationError) as info:
            check_family_stage_change(history, new, TODAY)
        assert words in " ".join(info.value.for_field(field)), (new, field)
    # picking up again after a pause needs no reason
    paused = history + [StageChange("on_hold", date(2026, 6, 1), "Family moving house")]
    check_family_stage_change(paused, StageChange("stage_two", date(2026, 8, 1)), TODAY)


def test_a_placement_order_cannot_come_before_the_agency_decision():
    from homefinder_desktop.domain.records import child_date_order_problems

    history = [StageChange("agency_decision", date(2026, 3, 10)), StageChange("placement_order", date(2026, 6, 1))]
    child = Child(first_name="Ivy", date_of_birth=date(2024, 1, 1), sex="F", id=7,
                  placement_order_date=date(2026, 3, 9))
    problems = child_date_order_problems(child, history)
    assert [str(p) for p in problems] == ["Date of placement order: is before the agency decision (10/03/2026)"]
    child.placement_order_date = date(2026, 3, 10)
    assert child_date_order_problems(child, history) == []
    new = Child(first_name="Ivy", date_of_birth=date(2024, 1, 1), sex="F", stage="agency_decision",
                stage_date=date(2026, 5, 1), placement_order_date=date(2026, 4, 1))
    assert child_date_order_problems(new, []), "a new child's own decision date counts too"
