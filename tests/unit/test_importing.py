"""domain.importing and domain.import_cells: headings, cells and rows read as the forms would read them."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from homefinder_desktop.domain.import_cells import CellProblem, Known, Named, read_codes, read_date, read_number
from homefinder_desktop.domain.importing import (field_by_attr, field_named, fields_for, guess_mapping,
                                                  mapping_problems, plan, remap)

TODAY = date(2026, 11, 23)


def known() -> Known:
    return Known(agencies=Known.index([Named(1, "Northshire County Council"), Named(2, "Brightpath Adoption"),
                                       Named(3, "Old Agency", archived=True)]),
                 workers=Known.index([Named(7, "Megan Mensah"), Named(8, "Sam Twice"), Named(9, "Sam Twice")]),
                 groups=Known.index([Named(4, "Bramley siblings")]),
                 children={"C-00012": Named(12, "Ada Example (C-00012)")},
                 families={"F-00004": Named(4, "Exampleton family (F-00004)")},
                 child_identities={("ada", "example", "2021-04-03"): ["C-00012 Ada Example"]},
                 own_agency=Named(1, "Northshire County Council"), partner_agency=Named(2, "Brightpath Adoption"))


def run(kind: str, headings: list[str], *rows: list):
    return plan(kind, headings, [(line, tuple(r)) for line, r in enumerate(rows, start=2)],
                guess_mapping(kind, headings), known(), TODAY)


def texts(result) -> list[str]:
    return [str(p) for p in result.problems]


CHILD_HEADINGS = ["Forename", "Surname", "D.O.B.", "Gender", "Stage"]


def test_fields_come_from_the_record_with_the_needs_profile():
    by_attr = field_by_attr("children")
    assert by_attr["date_of_birth"].label == "Date of birth" and by_attr["date_of_birth"].kind == "date"
    assert by_attr["health"].kind == "choice" and by_attr["abuse"].kind == "codes"
    assert by_attr["social_worker_id"].kind == "lookup" and by_attr["social_worker_id"].name == "social_worker"
    assert {"id", "reference", "archived"}.isdisjoint(by_attr)
    families = field_by_attr("families")
    assert families["age_min"].kind == "number" and families["contact_ok"].kind == "codes"
    assert "response_date" not in field_by_attr("referrals")
    assert [f.attr for f in fields_for("children") if f.required] == ["first_name", "date_of_birth", "sex", "stage"]


def test_headings_are_guessed_without_case_space_or_punctuation():
    mapping = guess_mapping("children", ["FORENAME", "surname ", "D.O.B.", "Gender", "Stage", "Since",
                                         "Social worker", "Age", "DOB"])
    assert mapping == {"FORENAME": "first_name", "surname ": "last_name", "D.O.B.": "date_of_birth",
                       "Gender": "sex", "Stage": "stage", "Since": "stage_date",
                       "Social worker": "social_worker_id", "Age": None, "DOB": None}
    # The same words mean another field for families.
    assert guess_mapping("families", ["Family name"]) == {"Family name": "name"}
    assert guess_mapping("children", ["Family name"]) == {"Family name": "last_name"}


def test_fields_are_named_by_name_label_or_heading_and_one_column_each():
    assert field_named("children", "date_of_birth") == field_named("children", "Date of birth") == "date_of_birth"
    assert field_named("children", "social_worker") == "social_worker_id"
    assert field_named("children", "") is None and field_named("children", "Leave out") is None
    with pytest.raises(ValueError, match="no field “shoe size”.*first_name"):
        field_named("children", "shoe size")
    assert remap({"DOB": "date_of_birth", "Born": None}, "Born", "date_of_birth") == \
        {"DOB": None, "Born": "date_of_birth"}


def test_missing_columns_are_named_together_before_any_row_is_read():
    result = run("children", ["Forename", "Notes"], ["Ada", "no date of birth anywhere"])
    assert texts(result) == ["Required columns are missing: Date of birth, Sex, Stage. Add them to the sheet, "
                             "or choose the column that holds each."]
    assert result.rows == []
    both = mapping_problems("children", ["DOB", "Born"], {"DOB": "date_of_birth", "Born": "date_of_birth"})
    assert "“DOB” and “Born” are both read as Date of birth" in str(both[0])
    assert "no column “Nope”" in str(mapping_problems("children", ["DOB"], {"Nope": "sex"})[0])
    referrals = mapping_problems("referrals", ["Referred on"], {"Referred on": "referred_on"})
    assert "Child column" in str(referrals[0])


@pytest.mark.parametrize("cell,expected", [
    ("23/11/2026", date(2026, 11, 23)), ("3/4/2021", date(2021, 4, 3)), ("2026-11-23", date(2026, 11, 23)),
    ("23.11.2026", date(2026, 11, 23)), ("23 Nov 2026", date(2026, 11, 23)), ("1st March 2024", date(2024, 3, 1)),
    (datetime(2026, 11, 23, 0, 0), date(2026, 11, 23)), (date(2020, 2, 29), date(2020, 2, 29)),
    ("2026-11-23 00:00:00", date(2026, 11, 23)), ("", None), (None, None),
])
def test_dates_read(cell, expected):
    assert read_date(cell) == expected


@pytest.mark.parametrize("cell,message", [
    ("23/11/26", "two-digit year"), ("31/02/2024", "not a real date"), ("soon", "is not a date"),
    (45254, r"is a number \(45254\), not a date"), ("30 Smarch 2024", "is not a date"),
])
def test_dates_refused(cell, message):
    with pytest.raises(CellProblem, match=message):
        read_date(cell)


def test_numbers_and_sets():
    assert read_number(3) == 3 and read_number(3.0) == 3 and read_number(" 4 ") == 4 and read_number("") is None
    for bad in (2.5, "two", date(2024, 1, 1)):
        with pytest.raises(CellProblem):
            read_number(bad)
    contact = field_by_attr("families")["contact_ok"]
    # Words with a comma in them are read whole; ; and , both separate; codes and words both do.
    assert read_codes(contact, "Direct, with birth parents, letterbox") == ("letterbox", "birth_parents")
    assert read_codes(contact, "siblings; Direct with other relatives") == ("siblings", "relatives")
    with pytest.raises(CellProblem, match="includes “postcards”, which is not among"):
        read_codes(contact, "Letterbox (indirect); postcards")


def test_a_good_row_becomes_the_record_the_form_would_save():
    result = run("children", CHILD_HEADINGS + ["Social worker", "Sibling group", "Health", "Abuse"],
                 ["Ada", "Sampleton", "03/04/2021", "Girl", "Family finding", "megan  MENSAH", "Bramley siblings",
                  "minor", "Neglect; emotional"])
    assert result.problems == []
    child = result.rows[0].record
    assert (child.first_name, child.date_of_birth, child.sex, child.stage) == \
        ("Ada", date(2021, 4, 3), "F", "family_finding")
    assert (child.social_worker_id, child.sibling_group_id, child.health, child.abuse) == \
        (7, 4, "minor", ("neglect", "emotional"))
    assert result.rows[0].shown["social_worker_id"] == "Megan Mensah"
    assert "1 child with no Date of stage: the stage is dated today (23/11/2026)." in result.notes


def test_every_bad_field_is_named_with_its_line():
    result = run("children", CHILD_HEADINGS + ["Social worker", "Placement order", "Since"],
                 ["Ada", "Sampleton", "03/04/2021", "Girl", "Agency decision", "", "01/01/2025", "01/02/2025"],
                 ["Bo", "Sampleton", "03/04/2031", "Robot", "Waiting", "Nobody", "", ""],
                 ["", "Sampleton", "", "F", "Placed", "Sam Twice", "", ""])
    assert texts(result) == [
        "line 2, Date of placement order: is before the agency decision (01/02/2025)",
        "line 3, Sex: “Robot” is not one of: Female, Male",
        "line 3, Stage: “Waiting” is not one of: Agency decision, Placement order, Family finding, Linked, "
        "Match agreed at panel, Placed, Adoption order, Plan changed",
        "line 3, Social worker: “Nobody” is not a known social worker (add them under Agencies & contacts first)",
        "line 3, Date of birth: is in the future",
        "line 4, Social worker: “Sam Twice” is the name of 2 social workers: make the names different first",
        "line 4, First name: is required",
        "line 4, Date of birth: is required",
    ]


def test_duplicates_in_the_sheet_and_in_the_database():
    result = run("children", CHILD_HEADINGS + ["Sibling group"],
                 ["Ada", "Example", "03/04/2021", "F", "Linked", ""],
                 ["Cy", "Sampleton", "05/06/2022", "M", "Linked", "New siblings"],
                 ["cy", "SAMPLETON", "2022-06-05", "M", "Linked", "New siblings"],
                 ["Cy", "Sampleton", "05/06/2022", "M", "Linked", "Bramley siblings"])
    assert texts(result) == [
        "line 2, Name and date of birth: Ada Example, born 03/04/2021, is already recorded as C-00012 Ada Example",
        "line 4, Name and date of birth: cy SAMPLETON, born 05/06/2022, is also on line 3",
        "line 5, Sibling group: Cy Sampleton, born 05/06/2022, is in “New siblings” on line 3 and in "
        "“Bramley siblings” here: a sibling in two groups",
    ]
    assert result.new_groups == ["New siblings"]
    assert "A new sibling group will be made: “New siblings”." in result.notes


def test_families_offer_rules_and_unknown_agency():
    headings = ["Family", "Adopter 1", "Agency", "Stage", "Youngest age", "Oldest age", "How many children"]
    result = run("families", headings,
                 ["Exampleton family", "Harriet", "Brightpath adoption", "Stage one", "6", "2", 2],
                 ["Samplewell family", "Priti", "Nowhere Agency", "Enquiry", "", "", "two"],
                 ["Oldfield family", "Jo", "Old Agency", "Approved at panel", "", "", ""])
    problems = texts(result)
    assert problems[0] == "line 2, Oldest age (years): is younger than the youngest age (6)"
    assert problems[1].startswith("line 3, Agency: “Nowhere Agency” is not a known agency (known agencies: "
                                  "Brightpath Adoption, Northshire County Council)")
    assert "line 3, How many children: “two” is not a whole number" in problems
    assert "line 4, Agency: Old Agency is an archived agency: restore it first" in problems
    assert "line 4, Date approved: is required for an approved family" in problems
    assert not any("Agency: is required" in p for p in problems)  # the unreadable cell is said once


def test_referrals_by_reference_with_their_status_and_default_agencies():
    headings = ["Child", "Family", "Referred on", "Status", "Status date", "Outcome"]
    result = run("referrals", headings,
                 ["Ada Example (C-00012)", "", "01/09/2026", "Accepted", "08/09/2026", "Placed with the partner"],
                 ["", "F-00004", "01/09/2026", "", "", ""],
                 ["C-00099", "", "01/09/2026", "Declined", "01/08/2026", ""],
                 ["Ada", "", "01/09/2026", "", "", ""])
    first, second = result.rows[0], result.rows[1]
    assert (first.record.kind, first.record.child_id, first.record.from_agency_id, first.record.to_agency_id) == \
        ("child", 12, 1, 2)
    assert first.status_step.stage == "accepted" and first.status_step.reason == "Placed with the partner"
    assert (second.record.kind, second.record.family_id, second.status_step) == ("adopter", 4, None)
    assert texts(result) == [
        "line 4, Child: C-00099 is not the reference of a known child",
        "line 4, Date of status: is before the referral was made (01/09/2026)",
        "line 4, Outcome: is required to close a referral",
        "line 5, Child: “Ada” is not a child's reference (such as C-00012)",
    ]
    assert "No From agency column: every referral is from Northshire County Council." in result.notes


def test_empty_rows_are_skipped_and_a_sheet_without_rows_is_refused():
    result = run("children", CHILD_HEADINGS, ["", None, "", "", ""])
    assert texts(result) == ["The sheet has no rows to import under its headings."]


def test_many_new_sibling_groups_are_counted_not_all_named():
    rows = [[f"Ada{i}", "Sampleton", "03/04/2021", "F", "Linked", f"Group {i}"] for i in range(12)]
    result = run("children", CHILD_HEADINGS + ["Sibling group"], *rows)
    assert result.notes[0] == ("12 new sibling groups will be made: " + ", ".join(f"“Group {i}”" for i in range(10))
                               + " and 2 more.")
