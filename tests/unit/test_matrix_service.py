"""The matching matrix through its use cases: starting one (and every refusal writing nothing),
prefill kept as evidence, ratings, the decision ending the other families' links and moving the
chosen one on, the matrix unchangeable afterwards (by the program and by SQL), reopening as a new
version, the catalogue's versions, and the shortlist over the database."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import HomefinderError
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.matrix import DEFAULT_CATALOGUE, Catalogue, MatrixDecided, MatrixDecision
from homefinder_desktop.domain.records import Child, Family, SiblingGroup, StageChange
from homefinder_desktop.services import links, matrix, records
from use_case_checks import count, problems
from matrix_people import TODAY, child, family, link


def decision(family_id, on=TODAY, **kw) -> MatrixDecision:
    values = dict(family_id=family_id, decided_on=on, reason="Best placed to meet Ivy's needs",
                  social_worker="Dana Whitfield", manager="Morgan Hale")
    values.update(kw)
    return MatrixDecision(**values)


@pytest.fixture
def three(s):
    """A child with links to three families: two fit, one cannot meet her disability."""
    c = child(s)
    fams = [family(s, "Oakley family"), family(s, "Brook family", agency=2),
            family(s, "Reed family", disability_max="mild")]
    link_ids = [link(s, c, f) for f in fams]
    return c, fams, link_ids


def test_start_prefills_from_records_and_names_the_mismatch(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    sheet = matrix.open_matrix(s, mx)
    assert sheet.reference == "MX-0001" and sheet.version == 1 and not sheet.decided
    assert [f.id for f in sheet.families] == fams
    assert sheet.catalogue == DEFAULT_CATALOGUE   # stored on first use
    assert count(s, "matrix_cells") == 3 * len(DEFAULT_CATALOGUE.criteria)
    reed = sheet.cells[("health", fams[2])].prefill
    assert reed.hard_mismatch and reed.suggested == "concern"
    assert any("Disability — child: moderate" in why and "mild" in why for why in reed.mismatches)
    assert not sheet.cells[("health", fams[0])].prefill.hard_mismatch
    assert sheet.cells[("appearance", fams[0])].prefill is None   # only people can judge that area
    assert "hard mismatch" in sheet.summaries[fams[2]].sentence
    assert "the child's social worker and manager decide" in sheet.summaries[fams[0]].sentence


def test_refusals_write_nothing(s, three):
    c, fams, _ = three
    stage_two = family(s, "Fenwick family", stage="stage_two")
    six = fams + [family(s, f"Extra{n} family") for n in range(3)]
    placed = child(s, "Rose", stage="placed", stage_date=date(2026, 10, 1))
    before = count(s, "matrices"), count(s, "audit")
    assert problems(matrix.start_matrix, s, fams[:1], child_id=c) == [
        "Families: A matrix needs at least two families: with one family there is nothing to compare"]
    assert any("Fenwick family are not approved" in p
               for p in problems(matrix.start_matrix, s, [fams[0], stage_two], child_id=c))
    assert any("at most five" in p for p in problems(matrix.start_matrix, s, six, child_id=c))
    assert any("a matrix is only for a child still waiting" in p
               for p in problems(matrix.start_matrix, s, fams[:2], child_id=placed))
    assert problems(matrix.start_matrix, s, fams[:2], child_id=c, held_on=date(2026, 12, 1)) == [
        "Date of the matrix: is in the future"]
    assert (count(s, "matrices"), count(s, "audit")) == before


def test_a_family_matched_with_another_child_is_refused(s, three):
    c, fams, _ = three
    other = child(s, "Rose")
    taken = link(s, other, fams[1])
    links.record_link_status(s, taken, StageChange("matching", TODAY))
    assert any("Brook family are already matched (link L-" in p
               for p in problems(matrix.start_matrix, s, fams, child_id=c))


def test_rating_and_notes_are_audited_and_summarised(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    matrix.rate(s, mx, "health", fams[0], "strength", "Paediatric nurse", "")
    matrix.rate(s, mx, "education", fams[0], "partly")
    matrix.write_need(s, mx, "health", "Physiotherapy twice a week")
    sheet = matrix.open_matrix(s, mx)
    assert sheet.cells[("health", fams[0])].rating == "strength"
    assert sheet.cells[("health", fams[0])].strengths == "Paediatric nurse"
    assert sheet.cells[("education", fams[0])].strengths == ""   # None leaves the notes
    assert sheet.needs["health"] == "Physiotherapy twice a week"
    assert sheet.summaries[fams[0]].sentence.startswith(f"Rated 2 of {len(DEFAULT_CATALOGUE.criteria)} areas: "
                                                        "1 strength, 1 partly meets.")
    assert problems(matrix.rate, s, mx, "health", fams[0], "excellent")[0].startswith("Rating: must be one of")
    history = s.database().execute("SELECT changes FROM audit WHERE table_name = 'matrix_cells' "
                                   "AND action = 'update'").fetchall()
    assert any("Paediatric nurse" in row[0] for row in history)


def test_decision_ends_the_other_links_and_moves_the_chosen_on(s, three):
    c, fams, link_ids = three
    outside = link(s, c, family(s, "Marsh family"))   # not compared: left for the worker
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.decide(s, mx, decision(fams[1]))
    status = {i: records.get(s, Link, i).status for i in link_ids + [outside]}
    assert status == {link_ids[0]: "ended", link_ids[1]: "matching", link_ids[2]: "ended", outside: "identified"}
    ended = records.get(s, Link, link_ids[0])
    assert ended.end_reason_id is not None
    reason = s.database().execute("SELECT reason FROM link_statuses WHERE link_id = ? AND status = 'ended'",
                                  [link_ids[0]]).fetchone()[0]
    assert reason == "Another family chosen at matching meeting: Brook family chosen (matrix MX-0001)"
    sheet = matrix.open_matrix(s, mx)
    assert sheet.decided and sheet.decision.family_id == fams[1] and sheet.decision.manager == "Morgan Hale"
    assert [e["family"] for e in sheet.ended_links] == ["Oakley family", "Reed family"]


def test_decision_for_a_family_without_a_link_makes_one(s):
    c = child(s)
    a, b = family(s, "Oakley family"), family(s, "Brook family")
    mx = matrix.start_matrix(s, [a, b], child_id=c).record_id
    matrix.decide(s, mx, decision(b))
    made = [r for r in links.link_rows(s, "all", child_id=c)]
    assert [(r["family"], r["status"]) for r in made] == [("Brook family", "matching")]


def test_decision_needs_decider_reason_and_a_family_of_the_matrix(s, three):
    c, fams, link_ids = three
    mx = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    before = count(s, "audit")
    found = problems(matrix.decide, s, mx, MatrixDecision(family_id=fams[2], decided_on=TODAY))
    assert found == ["Family chosen: is not one of the families in this matrix", "Reason: is required: say why this family",
                     "Child's social worker: is required: the child's social worker decides, with their manager",
                     "Manager: is required: the child's social worker decides with their manager"]
    assert count(s, "audit") == before
    assert records.get(s, Link, link_ids[0]).status == "identified"


def test_a_decided_matrix_does_not_change(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.decide(s, mx, decision(fams[0]))
    for attempt in (lambda: matrix.rate(s, mx, "health", fams[0], "concern"),
                    lambda: matrix.write_need(s, mx, "health", "changed"),
                    lambda: matrix.remove_family(s, mx, fams[2], "no longer"),
                    lambda: matrix.refresh_from_records(s, mx),
                    lambda: matrix.decide(s, mx, decision(fams[1]))):
        with pytest.raises(MatrixDecided, match="reopen the matrix as a new version"):
            attempt()
    db = s.database()
    # Nor by SQL behind the program's back: the triggers refuse.
    for sql in ("UPDATE matrix_cells SET rating = 'concern' WHERE matrix_id = ?",
                "DELETE FROM matrix_families WHERE matrix_id = ?",
                "UPDATE matrices SET reason = 'rewritten' WHERE id = ?",
                "DELETE FROM matrices WHERE id = ?"):
        with pytest.raises(Exception, match="a decided matrix cannot be"):
            db.execute(sql, [mx])


def test_reopen_makes_a_new_version_and_keeps_the_old(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.rate(s, mx, "health", fams[0], "meets", "Nurse")
    assert problems(matrix.reopen, s, mx, "too soon")[0].startswith("Matrix: MX-0001 has no decision yet")
    matrix.decide(s, mx, decision(fams[0]))
    assert problems(matrix.reopen, s, mx, " ") == [
        "Reason: is required: say why the decision is being looked at again"]
    new = matrix.reopen(s, mx, "Oakley family withdrew before panel").record_id
    old_sheet, new_sheet = matrix.open_matrix(s, mx), matrix.open_matrix(s, new)
    assert old_sheet.decided and old_sheet.next_reference == new_sheet.reference
    assert not new_sheet.decided and new_sheet.version == 2 and new_sheet.previous_reference == "MX-0001"
    assert new_sheet.cells[("health", fams[0])].strengths == "Nurse"
    assert new_sheet.reopened_reason == "Oakley family withdrew before panel"
    assert problems(matrix.reopen, s, mx, "again")[0].startswith("Matrix: MX-0001 was already reopened as MX-0002")
    rows = matrix.matrix_rows(s, child_id=c)
    assert [(r["reference"], r["superseded_by"]) for r in rows] == [("MX-0002", None), ("MX-0001", "MX-0002")]


def test_remove_and_add_a_family_before_the_decision(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    assert problems(matrix.remove_family, s, mx, fams[0], "withdrew")[0].startswith(
        "Families: A matrix needs at least two families")
    matrix.add_family(s, mx, fams[2])
    matrix.remove_family(s, mx, fams[0], "Family withdrew their interest")
    sheet = matrix.open_matrix(s, mx)
    assert [f.id for f in sheet.families] == fams[1:]
    assert all(key[1] != fams[0] for key in sheet.cells)
    deleted = s.database().execute("SELECT count(*) FROM audit WHERE table_name = 'matrix_cells' AND action = 'delete'"
                                   ).fetchone()[0]
    assert deleted == len(DEFAULT_CATALOGUE.criteria)


def test_refresh_reads_the_records_again_and_keeps_ratings(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.rate(s, mx, "health", fams[2], "partly", "Willing to learn")
    reed = records.get(s, Family, fams[2])
    reed.disability_max = "severe"
    records.save(s, reed)
    assert matrix.open_matrix(s, mx).cells[("health", fams[2])].prefill.hard_mismatch   # the evidence as it was
    matrix.refresh_from_records(s, mx)
    cell = matrix.open_matrix(s, mx).cells[("health", fams[2])]
    assert not cell.prefill.hard_mismatch and cell.rating == "partly" and cell.strengths == "Willing to learn"


def test_a_sibling_group_is_one_unit(s):
    g = records.add(s, SiblingGroup(name="Ashworth siblings", decision="together")).record_id
    child(s, "Ivy", sibling_group_id=g)
    child(s, "Theo", sex="M", date_of_birth=date(2020, 5, 1), sibling_group_id=g)
    a, b = family(s, "Oakley family", max_children=2, siblings_ok="yes"), family(s, "Brook family", max_children=1)
    mx = matrix.start_matrix(s, [a, b], group_id=g).record_id
    sheet = matrix.open_matrix(s, mx)
    assert sheet.unit.name == "Ashworth siblings" and sheet.unit.first_names == "Theo and Ivy"
    assert sheet.cells[("wishes", b)].prefill.hard_mismatch
    assert not sheet.cells[("wishes", a)].prefill.hard_mismatch


def test_catalogue_versions(s, three):
    c, fams, _ = three
    old = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    trimmed = Catalogue(2, TODAY, tuple(x for x in DEFAULT_CATALOGUE.criteria if x.code != "appearance"))
    assert problems(matrix.add_catalogue_version, s, Catalogue(2, date(2026, 1, 1), trimmed.criteria))[0] == (
        "Takes effect from: is in the past: a new version cannot change matrices already held")
    matrix.add_catalogue_version(s, trimmed)
    assert [c.version for c in matrix.catalogues(s)] == [1, 2]
    note = s.database().execute("SELECT note FROM matrix_catalogues WHERE version = 2").fetchone()[0]
    assert note == "Retired: Physical appearance"
    assert "appearance" in matrix.open_matrix(s, old).catalogue.codes   # the old matrix keeps its version
    other = child(s, "Rose")
    new = matrix.start_matrix(s, fams[:2], child_id=other).record_id
    assert "appearance" not in matrix.open_matrix(s, new).catalogue.codes


def test_shortlist_over_the_database_hides_nobody(s, three):
    c, fams, _ = three
    paused = family(s, "Fenwick family", stage="on_hold")
    entries = matrix.shortlist_for(s, child_id=c)
    by_name = {e.family.name: e for e in entries}
    assert set(by_name) == {"Oakley family", "Brook family", "Reed family", "Fenwick family"}
    assert by_name["Oakley family"].rank == 1   # in-house first, by custom
    assert by_name["Brook family"].rank == 2
    assert by_name["Reed family"].removed_by == "Outside the family's stated wishes (disability)"
    assert by_name["Fenwick family"].removed_by == "On hold: not available for matching"
    assert any("Already linked with this child" in r for r in by_name["Oakley family"].reasons_for)
    assert paused in {e.family.id for e in entries}


def test_unknown_area_or_family_is_an_error(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    with pytest.raises(HomefinderError, match="not in this matrix"):
        matrix.rate(s, mx, "health", fams[2], "meets")
    with pytest.raises(HomefinderError, match="not in this matrix"):
        matrix.write_need(s, mx, "nonsense", "x")


def test_decision_moves_a_waiting_child_on_to_linked(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.decide(s, mx, decision(fams[0]))
    ivy = records.get(s, Child, c)
    assert (ivy.stage, ivy.stage_date) == ("linked", TODAY)
    step = records.stage_history(s, Child, c)[-1]
    assert step.reason == "Oakley family chosen at matrix MX-0001"


def test_a_family_approved_again_after_a_placement_is_free(s, three):
    c, fams, _ = three
    earlier = child(s, "Rose", stage_date=date(2026, 1, 5))
    old = link(s, earlier, fams[1], on=date(2026, 1, 12))
    links.place(s, old, date(2026, 2, 2))
    assert any("Brook family are already matched" in p for p in problems(matrix.start_matrix, s, fams, child_id=c))
    brook = records.get(s, Family, fams[1])
    brook.approval_date = date(2026, 10, 1)   # assessed and approved again, for a second child
    records.save(s, brook)
    assert matrix.start_matrix(s, fams, child_id=c).record_id
    entry = next(e for e in matrix.shortlist_for(s, child_id=c) if e.family.id == fams[1])
    assert entry.fits and entry.removed_by is None


def test_the_shortlist_leaves_the_cycle_collector_as_it_found_it(s, three):
    import gc

    c, _fams, _ = three
    assert gc.isenabled()
    matrix.shortlist_for(s, child_id=c)
    assert gc.isenabled()
    gc.disable()
    try:
        matrix.shortlist_for(s, child_id=c)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_matrix_at_a_time_for_a_child(s, three):
    c, fams, _ = three
    mx = matrix.start_matrix(s, fams[:2], child_id=c).record_id
    before = count(s, "matrices")
    assert problems(matrix.start_matrix, s, fams[1:], child_id=c) == [
        "Matrix: Ivy already has an open matrix, MX-0001: open it and add or take out families there"]
    matrix.decide(s, mx, decision(fams[0]))
    assert problems(matrix.start_matrix, s, fams[1:], child_id=c) == [
        "Matrix: Ivy already has a decided matrix, MX-0001: reopen it as a new version to look again"]
    assert count(s, "matrices") == before
    matrix.reopen(s, mx, "The Oakleys withdrew")
    assert problems(matrix.start_matrix, s, fams[1:], child_id=c)[0].startswith(
        "Matrix: Ivy already has an open matrix, MX-0002")


def test_a_group_apart_is_matched_child_by_child_and_together_as_one(s):
    apart = records.add(s, SiblingGroup(name="Hale siblings", decision="apart", decision_date=date(2026, 1, 5),
                                        decision_reason="Assessed needs")).record_id
    together = records.add(s, SiblingGroup(name="Ashworth siblings", decision="together")).record_id
    theo = child(s, "Theo", sibling_group_id=together)
    a, b = family(s, "Oakley family"), family(s, "Brook family")
    assert problems(matrix.start_matrix, s, [a, b], group_id=apart) == [
        "Sibling group: “Hale siblings” are to be placed apart: make a matrix for each child"]
    assert problems(matrix.start_matrix, s, [a, b], child_id=theo) == [
        "Child: Theo Ashworth is in the sibling group “Ashworth siblings”, to be placed together: make the matrix "
        "for the sibling group"]
