"""Links from a spreadsheet (services.list_import with kind "links"): history with its dates, the
window under the rule then in force, every problem by line and field, and all or nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from homefinder_desktop import paths
from homefinder_desktop.domain.importing import ImportRefused
from homefinder_desktop.services import demo, list_import

EXAMPLES = paths.resources_dir() / "examples"
HEADINGS = "Child,Sibling group,Family,Found at,Identified on,Status,Status date,Reason,End note,Notes\n"


@pytest.fixture
def demo_session(tmp_path):
    session = demo.create_demo(tmp_path / "demo.hfdb")
    yield session
    session.close()


def write(folder: Path, body: str) -> Path:
    path = folder / "links.csv"
    path.write_text(HEADINGS + body, encoding="utf-8")
    return path


def link_rows(session, first_new: int) -> list[dict]:
    return list(session.database().query(
        """SELECT l.reference, c.reference AS child, g.name AS grp, f.reference AS family, l.status, l.status_date,
                  r.name AS reason, l.ended_reason, w.opens, w.closes, p.name AS rule
           FROM links l LEFT JOIN children c ON c.id = l.child_id LEFT JOIN sibling_groups g ON g.id = l.sibling_group_id
           JOIN families f ON f.id = l.family_id LEFT JOIN end_reasons r ON r.id = l.end_reason_id
           LEFT JOIN link_windows w ON w.link_id = l.id LEFT JOIN link_policies p ON p.id = w.policy_id
           WHERE l.id >= ? ORDER BY l.id""", [first_new]))


def next_link_id(session) -> int:
    return session.database().execute("SELECT COALESCE(max(id), 0) + 1 FROM links").fetchone()[0]


def test_the_example_imports_with_its_statuses_dates_and_windows(demo_session):
    first = next_link_id(demo_session)
    preview = list_import.preview(demo_session, "links", EXAMPLES / "links.csv")
    assert preview.ok, preview.problems
    assert preview.mapping["Reason it did not progress"] == "end_reason_id"
    done = list_import.commit(demo_session, "links", EXAMPLES / "links.csv")
    assert done.summary() == "Imported 6 links." and done.touches("links", "link_statuses", "link_windows")
    rows = {(r["child"] or r["grp"], r["family"]): r for r in link_rows(demo_session, first)}
    assert len(rows) == 6
    ended = rows[("C-00039", "F-00009")]
    # Placements go in last, so a link the sheet ended keeps its own reason, not "Placed with another family".
    assert (ended["status"], ended["status_date"], ended["reason"], ended["ended_reason"]) == \
        ("ended", "2026-01-20", "Family withdrew interest", "The family decided to wait a year")
    assert rows[("C-00039", "F-00040")]["status"] == "placed"
    assert rows[("Hussain siblings", "F-00001")]["status"] == "exploring"  # a family named, not referenced
    assert rows[("C-00057", "F-00029")]["status"] == "identified"
    assert all(r["rule"] == "5/5 rule" and r["opens"] for r in rows.values())


def test_a_link_from_2013_opens_its_window_under_the_rule_then_in_force(demo_session, tmp_path):
    first = next_link_id(demo_session)
    path = write(tmp_path, "C-00059,,F-00001,Homefinder meeting,03/06/2013,Being explored,20/06/2013,,,\n"
                           "C-00060,,F-00040,profile_evening,2012-04-02,interest,2012-04-20,,,\n")
    list_import.commit(demo_session, "links", path)
    rows = link_rows(demo_session, first)
    assert [(r["rule"], r["status"]) for r in rows] == [("10-day rule", "exploring"), ("A fortnight each", "interest")]
    history = list(demo_session.database().query(
        "SELECT status, date FROM link_statuses WHERE link_id = ? ORDER BY id", [first]))
    assert [(h["status"], h["date"]) for h in history] == [("identified", "2013-06-03"), ("exploring", "2013-06-20")]


def test_every_problem_is_named_by_line_and_field_and_nothing_is_written(demo_session, tmp_path):
    path = write(tmp_path, "\n".join([
        "C-00012,,F-00001,,01/11/2026,,,,,",                        # 2 a child in a group placed together
        "C-00039,,F-00003,,01/11/2026,,,,,",                        # 3 a family not approved
        "C-00039,,F-00009,,10/03/2026,Matching,01/03/2026,,,",      # 4 status before identified
        "C-00099,,F-00009,,10/03/2026,,,,,",                        # 5 no such child
        "C-00057,,F-00029,,10/03/2026,Did not progress,20/03/2026,,,",  # 6 no reason
        "C-00057,,F-00029,,11/03/2026,,,,,",                        # 7 the same child and family again
        "C-00002,,F-00013,,10/03/2026,,,,,",                        # 8 a link already in progress (L-00013)
        "C-00001,,F-00001,,10/03/2026,,,,,",                        # 9 a child already placed
        ",Nowhere siblings,F-00001,,10/03/2026,,,,,",               # 10 no such group
        "C-00060,,F-00022,,10/03/2026,Placed,01/10/2026,,,",        # 11
        "C-00060,,F-00033,,10/03/2026,Placed,02/10/2026,,,",        # 12 placed twice
        "C-00059,,Mensah family,,10/03/2026,,,,,",                  # 13 a name three families have
        "C-00059,,F-00001,,10/03/2026,Did not progress,12/03/2026,Bored,,",  # 14 a reason not on the list
        "C-00035,,F-00001,Sofa,10/03/2026,Placed,09/03/2026,,,",    # 15 found at; placed before identified
        "C-00023,,F-00009,,10/03/2026,Matching,11/03/2026,Plan changed,,",  # 16 a reason, not ended
    ]) + "\n")
    before = demo_session.database().execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ImportRefused) as refused:
        list_import.commit(demo_session, "links", path)
    found = {(p.line, p.field) for p in refused.value.problems}
    assert found == {
        (2, "Child"), (3, "Family"), (4, "Date of status"), (5, "Child"), (6, "Reason it did not progress"),
        (7, "Family"), (8, "Family"), (9, "Child"), (10, "Sibling group"), (12, "Status"), (13, "Family"),
        (14, "Reason it did not progress"), (15, "Found at"), (15, "Date of status"),
        (16, "Reason it did not progress")}
    words = {(p.line, p.field): p.problem for p in refused.value.problems}
    assert "link the sibling group instead" in words[(2, "Child")]
    assert "not approved at panel (Stage one)" in words[(3, "Family")]
    assert "is also" not in words[(7, "Family")] and "line 6" in words[(7, "Family")]
    assert "L-00013" in words[(8, "Family")]
    assert "“Family withdrew interest”" in words[(14, "Reason it did not progress")]
    assert "3 families" in words[(13, "Family")]
    assert demo_session.database().execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_a_link_left_in_progress_beside_its_childs_placement_is_a_problem(demo_session, tmp_path):
    path = write(tmp_path, "C-00039,,F-00001,,01/03/2026,Matching,10/03/2026,,,\n"
                           "C-00039,,F-00009,,01/03/2026,Placed,01/09/2026,,,\n")
    preview = list_import.preview(demo_session, "links", path)
    assert [(p.line, p.field) for p in preview.problems] == [(2, "Status")]
    assert "placed on line 3" in preview.problems[0].problem


def test_a_sheet_without_a_child_or_group_column_is_refused_before_any_row(demo_session, tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("Family,Identified on\nF-00001,01/03/2026\n", encoding="utf-8")
    preview = list_import.preview(demo_session, "links", path)
    assert not preview.plan.rows and "needs a Child column" in preview.problems[0].problem
