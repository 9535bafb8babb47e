"""The demo's matching matrices: one decided (which ended the other family's link, as a decision
does) and one still being rated (a hard mismatch, areas still to rate), all fictional."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.matrix import CHOSEN_ELSEWHERE, DEFAULT_CATALOGUE, RATINGS
from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import demo, links, matrix, records


@pytest.fixture
def sheets(demo_session):
    rows = matrix.matrix_rows(demo_session)
    return {("decided" if r["decided_on"] else "open"): matrix.open_matrix(demo_session, r["id"]) for r in rows}


def test_one_decided_matrix_for_a_child_with_competing_interest_and_one_open(demo_session, sheets):
    rows = matrix.matrix_rows(demo_session)
    assert len(rows) == 2 and set(sheets) == {"decided", "open"}
    decided, still_open = sheets["decided"], sheets["open"]
    assert decided.unit.child_id != still_open.unit.child_id
    competing = [r for r in links.link_rows(demo_session, "all", child_id=decided.unit.child_id)
                 if r["status"] != "placed"]
    assert len(competing) >= 2, "the decision was between families with competing interest"
    waiting = records.get(demo_session, Child, still_open.unit.child_id)
    assert waiting.stage in ("placement_order", "family_finding", "linked")
    assert decided.version == still_open.version == 1 and not decided.next_reference
    assert len(decided.families) == 3 and 3 <= len(still_open.families) <= 4
    assert all(f.stage == "approved" for sheet in sheets.values() for f in sheet.families)


def test_the_decided_matrix_is_complete_and_decided_by_the_childs_social_worker(demo_session, sheets):
    sheet = sheets["decided"]
    today = demo_session.today()
    workers = {w["id"]: w for w in records.worker_rows(demo_session)}
    child = records.get(demo_session, Child, sheet.unit.child_id)
    decision = sheet.decision
    assert decision.social_worker == workers[child.social_worker_id]["name"]
    assert any(w["name"] == decision.manager and w["role"] == "Team manager" for w in workers.values())
    assert today - timedelta(days=7) <= decision.decided_on < today, "a few days before the demo's today"
    assert sheet.held_on <= decision.decided_on
    assert decision.family_id in {f.id for f in sheet.families} and decision.reason.strip()
    assert all(cell.rating in RATINGS for cell in sheet.cells.values()), "every cell rated"
    assert len(sheet.cells) == 3 * len(DEFAULT_CATALOGUE.criteria)
    assert all(cell.strengths or cell.weaknesses for cell in sheet.cells.values())
    assert len([text for text in sheet.needs.values() if text.strip()]) >= 5, "needs written for several areas"
    assert all(not s.unrated for s in sheet.summaries.values())


def test_the_decision_ended_the_other_families_links_with_the_reason(demo_session, sheets):
    sheet = sheets["decided"]
    chosen = sheet.decision.family_id
    others = {f.id for f in sheet.families} - {chosen}
    child_links = [records.get(demo_session, Link, r["id"])
                   for r in links.link_rows(demo_session, "all", child_id=sheet.unit.child_id)]
    ended = [lk for lk in child_links if lk.family_id in others]
    assert ended and all(lk.status == "ended" for lk in ended)
    assert [e["reference"] for e in sheet.ended_links] == [lk.reference for lk in ended]
    reasons = {r["id"]: r["name"] for r in links.end_reasons(demo_session, include_archived=True)}
    db = demo_session.database()
    for lk in ended:
        assert reasons[lk.end_reason_id] == CHOSEN_ELSEWHERE == "Another family chosen at matching meeting"
        words = db.execute("SELECT reason FROM link_statuses WHERE link_id = ? AND status = 'ended'",
                           [lk.id]).fetchone()[0]
        assert words.startswith(CHOSEN_ELSEWHERE) and f"(matrix {sheet.reference})" in words
    assert [lk.status for lk in child_links if lk.family_id == chosen] == ["matching"]
    assert records.get(demo_session, Child, sheet.unit.child_id).stage == "linked"


def test_the_open_matrix_shows_a_hard_mismatch_and_areas_still_to_rate(sheets):
    sheet = sheets["open"]
    assert not sheet.decided
    hard = [s for s in sheet.summaries.values() if s.hard_mismatches]
    assert hard and "hard mismatch" in hard[0].sentence
    rated = [c for c in sheet.cells.values() if c.rating]
    unrated = [c for c in sheet.cells.values() if not c.rating]
    assert rated and unrated
    assert any("Still to rate" in s.sentence for s in sheet.summaries.values())
    assert all(c.rating == "concern" for c in sheet.cells.values() if c.prefill and c.prefill.hard_mismatch)
    assert sheet.needs, "the child's side begun"


def test_the_matrices_went_through_the_use_cases(demo_session, sheets):
    db = demo_session.database()
    for table in ("matrices", "matrix_families", "matrix_needs", "matrix_cells"):
        who = {r[0] for r in db.execute("SELECT DISTINCT who FROM audit WHERE table_name = ?", [table])}
        assert who == {demo.DEMO_WHO}, table
    updates = db.execute("SELECT count(*) FROM audit WHERE table_name = 'matrix_cells' AND action = 'update'"
                         ).fetchone()[0]
    assert updates == sum(1 for s in sheets.values() for c in s.cells.values() if c.rating)


# Words a worker writes that are capitalised but name nobody.
_ALLOWED = {"GP", "EHC"}
_CONTACT_DETAILS = re.compile(r"@|\b\d{4,}\b|\b0\d{3,4} ?\d{3}|\b[A-Z]{1,2}\d{1,2} ?\d[A-Z]{2}\b")


def test_matrix_words_name_only_the_demos_fictional_people(demo_session, sheets):
    vocabulary = set(_ALLOWED)
    for words in (demo.GIRLS, demo.BOYS, demo.SURNAMES, demo.ADULTS, demo.AREAS, demo.ETHNICITIES,
                  demo.RELIGIONS, demo.LANGUAGES):
        for phrase in words:
            vocabulary.update(re.findall(r"[A-Za-z]+", phrase))
    texts = []
    for sheet in sheets.values():
        texts += list(sheet.needs.values())
        texts += [t for c in sheet.cells.values() for t in (c.strengths, c.weaknesses)]
        if sheet.decision:
            texts.append(sheet.decision.reason)
            for person in (sheet.decision.social_worker, sheet.decision.manager):
                first, last = person.split()
                assert first in demo.ADULTS and last in demo.SURNAMES, person
    for text in texts:
        assert not _CONTACT_DETAILS.search(text), text
        # A capitalised word inside a sentence is a name: it must be one of the demo's own.
        for part in re.split(r"[.;:—()]\s*", text):
            for word in re.findall(r"[A-Za-z']+", part)[1:]:
                if word[0].isupper():
                    assert word.split("'")[0] in vocabulary, (word, text)
