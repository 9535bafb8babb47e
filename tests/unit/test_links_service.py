"""Links through the use cases: refusals with nothing written, windows under the version in force,
statuses, placement ending the others, competing interest, the lists, and the audit trail."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.link_windows import LinkPolicy, Phase
from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import Child, Family, SiblingGroup, StageChange, Worker
from homefinder_desktop.services import links, records
from use_case_checks import count

TODAY = date(2026, 11, 20)   # a Friday
MONDAY = date(2026, 11, 2)


def child(s, name="Ivy", **kw) -> int:
    return records.add(s, Child(first_name=name, last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                stage="family_finding", stage_date=date(2026, 9, 1), **kw)).record_id


def family(s, name="Oakley family", agency=1, stage="approved", worker=None) -> int:
    return records.add(s, Family(name=name, adopter_one="Sam Oakley", agency_id=agency, stage=stage,
                                 stage_date=date(2026, 1, 5),
                                 approval_date=date(2026, 1, 5) if stage == "approved" else None,
                                 social_worker_id=worker)).record_id


def link(s, child_id, family_id, on=MONDAY, **kw):
    return links.add_link(s, Link(child_id=child_id, family_id=family_id, identified_on=on,
                                  found_at="homefinder_meeting", **kw)).record_id


def refused(fn, *args, **kw) -> str:
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kw)
    return str(exc.value.problems[0])


def test_a_new_database_holds_the_rule_history_and_end_reasons(s):
    assert [p.name for p in links.policies(s)] == ["A fortnight each", "10-day rule", "5/10 rule", "5/5 rule"]
    assert "Placed with another family" in [r["name"] for r in links.end_reasons(s)]


def test_in_house_and_partner_windows_under_five_five(s):
    c = child(s)
    own = link(s, c, family(s))
    partner = link(s, c, family(s, "Brook family", agency=2))
    w_own, w_partner = links.window(s, own), links.window(s, partner)
    assert (w_own["opens"], w_own["closes"], w_own["who"]) == ("2026-11-02", "2026-11-09", "own")
    assert (w_partner["opens"], w_partner["closes"]) == ("2026-11-10", "2026-11-16")
    assert w_own["rule_words"] == "5/5 rule: 5 working days for in-house families, then 5 working days for " \
                                  "partner and other agencies' families"
    assert w_partner["state_text"] == "Overdue"


def test_window_keeps_the_version_it_was_opened_under(s):
    old = link(s, child(s), family(s), on=date(2013, 6, 3))   # under the 10-day rule
    links.add_policy(s, LinkPolicy("3/3 trial", date(2026, 11, 10), (Phase("own", 3), Phase("others", 3))))
    assert links.window(s, old)["policy"].name == "10-day rule"
    new = link(s, child(s, "Rose"), family(s, "Reed family"), on=date(2026, 11, 16))
    assert links.window(s, new)["policy"].name == "3/3 trial"
    assert links.window(s, new)["closes"] == "2026-11-19"


def test_overlapping_policy_refused_and_nothing_written(s):
    before = count(s, "link_policies")
    links.add_policy(s, LinkPolicy("Trial", date(2026, 6, 1), (Phase("own", 3),), effective_to=date(2026, 8, 31)))
    message = refused(links.add_policy, s, LinkPolicy("Other", date(2026, 7, 1), (Phase("own", 5),)))
    assert message.startswith("Takes effect: falls inside “Trial”")
    assert count(s, "link_policies") == before + 1


def test_refusals_write_nothing(s):
    c, f = child(s), family(s)
    before = (count(s, "links"), count(s, "audit"))
    unapproved = family(s, "Hale family", stage="stage_two")
    before = (count(s, "links"), count(s, "audit"))
    assert refused(links.add_link, s, Link(child_id=c, family_id=unapproved, identified_on=MONDAY)) == (
        "Family: Hale family is not approved at panel (Stage two): a window can only be opened for an "
        "approved family")
    assert (count(s, "links"), count(s, "audit")) == before
    records.archive(s, Child, c)
    before = (count(s, "links"), count(s, "audit"))
    assert "is archived" in refused(links.add_link, s, Link(child_id=c, family_id=f, identified_on=MONDAY))
    assert (count(s, "links"), count(s, "audit")) == before


def test_child_of_a_group_placed_together_is_linked_as_the_group(s):
    group = records.add(s, SiblingGroup(name="Ashworth siblings")).record_id
    c = child(s, sibling_group_id=group)
    assert "link the sibling group instead" in refused(
        links.add_link, s, Link(child_id=c, family_id=family(s), identified_on=MONDAY))
    assert links.add_link(s, Link(sibling_group_id=group, family_id=family(s, "Reed family"), identified_on=MONDAY))
    assert [r["unit"] for r in links.link_rows(s, child_id=c)] == ["Ashworth siblings (sibling group)"]


def test_statuses_move_on_and_back_only_with_a_reason(s):
    lk = link(s, child(s), family(s))
    links.record_link_status(s, lk, StageChange("matching", date(2026, 11, 10)))
    assert "Reason: is required" in refused(links.record_link_status, s, lk,
                                            StageChange("interest", date(2026, 11, 11)))
    links.record_link_status(s, lk, StageChange("interest", date(2026, 11, 11), "Family asked for more time"))
    assert records.get(s, Link, lk).status == "interest"
    assert [st.stage for st in records.stage_history(s, Link, lk)] == ["identified", "matching", "interest"]


def test_ending_needs_a_listed_reason(s):
    lk = link(s, child(s), family(s))
    assert refused(links.end_link, s, lk, None, "", date(2026, 11, 5)).startswith("Why it did not progress")
    reason = next(r["id"] for r in links.end_reasons(s) if r["name"] == "Family withdrew interest")
    links.end_link(s, lk, reason, "Moving abroad", date(2026, 11, 5))
    ended = records.get(s, Link, lk)
    assert (ended.status, ended.end_reason_id, ended.ended_reason) == ("ended", reason, "Moving abroad")
    assert "cannot change" in refused(links.record_link_status, s, lk, StageChange("interest", date(2026, 11, 6)))


def test_placement_ends_the_others_and_a_second_is_refused(s):
    c = child(s)
    first, second = link(s, c, family(s)), link(s, c, family(s, "Brook family", agency=2))
    links.place(s, first, date(2026, 11, 18))
    placed = records.get(s, Child, c)
    assert (placed.stage, placed.stage_date) == ("placed", date(2026, 11, 18))  # the plan moves too
    step = records.stage_history(s, Child, c)[-1]
    assert step.stage == "placed" and "Oakley family" in step.reason
    other = records.get(s, Link, second)
    assert other.status == "ended"
    assert next(r["name"] for r in links.end_reasons(s) if r["id"] == other.end_reason_id) == \
        "Placed with another family"
    with pytest.raises(ValidationError):
        links.place(s, second, date(2026, 11, 19))
    assert "already placed" in refused(links.add_link, s, Link(child_id=c, family_id=family(s, "Reed family"),
                                                                 identified_on=MONDAY))


def test_competing_interest_names_who_to_tell(s):
    worker = records.add(s, Worker(name="Priya Okafor", agency_id=1)).record_id
    fam_worker = records.add(s, Worker(name="Dev Shah", agency_id=1)).record_id
    c = child(s, social_worker_id=worker)
    own = link(s, c, family(s, worker=fam_worker))
    assert links.competition(s, own) is None
    partner = link(s, c, family(s, "Brook family", agency=2))
    found = links.competition(s, partner)
    assert found.across_agencies
    assert found.who_must_be_told() == [
        "Dev Shah (social worker for Oakley family, Northshire County Council)",
        "Brook family's social worker (Brightpath Adoption): none recorded",
        "Priya Okafor (social worker for Ivy Ashworth)"]


def test_answering_a_window(s):
    lk = link(s, child(s), family(s))
    links.answer_window(s, lk, "pursue", date(2026, 11, 4))
    assert links.window(s, lk)["state_text"] == "Answered"
    assert "already given" in refused(links.answer_window, s, lk, "decline", date(2026, 11, 5))


def test_due_windows_and_gone_quiet(s, monkeypatch):
    c = child(s)
    overdue = link(s, c, family(s))                                     # closed 09/11
    due_today = link(s, child(s, "Rose"), family(s, "Reed family"), on=date(2026, 11, 13))   # closes 20/11
    soon = link(s, child(s, "Lily"), family(s, "Lane family"), on=date(2026, 11, 18))        # closes 25/11
    due = links.due_windows(s)
    assert [r["id"] for r in due["overdue"]] == [overdue]
    assert [r["id"] for r in due["due_today"]] == [due_today]
    assert [r["id"] for r in due["this_week"]] == [soon]
    assert [r["id"] for r in links.link_rows(s, "quiet", quiet_days=10)] == [overdue]


def test_link_writes_are_audited(s):
    lk = link(s, child(s), family(s))
    tables = {r["table_name"] for r in records.recent_changes(s, 10)}
    assert {"links", "link_statuses", "link_windows"} <= tables
    assert records.history(s, Link, lk)[0]["action"] == "insert"


def test_audit_words_for_links(s):
    from homefinder_desktop.ui.audit_text import AuditWords

    lk = link(s, child(s), family(s))
    links.record_link_status(s, lk, StageChange("exploring", date(2026, 11, 10)))
    words = AuditWords(s)
    rows = [r for r in reversed(records.recent_changes(s, 50)) if r["table_name"] in ("links", "link_statuses", "link_windows")]
    described = [(words.record(r), *words.describe(r)) for r in rows]
    assert described[0][0] == "Link: L-00001"
    assert [d[0] for d in described if d[0].startswith("Status of link")][0] == "Status of link: L-00001"
    assert "Child: Ivy Ashworth" in described[0][2] and "Found at: Homefinder meeting" in described[0][2]
    assert ("Link status recorded: Being explored" in [d[1] for d in described])
    assert any("Status: Identified → Being explored" in line for d in described for line in d[2])


def test_moving_on_to_being_explored_answers_the_window(s):
    lk = link(s, child(s), family(s))
    links.record_link_status(s, lk, StageChange("interest", date(2026, 11, 4)))
    assert links.window(s, lk)["answer"] == ""  # interest alone is not yet a yes
    links.record_link_status(s, lk, StageChange("exploring", date(2026, 11, 6)))
    answered = links.window(s, lk)
    assert (answered["answer"], answered["answered_on"]) == ("pursue", "2026-11-06")
    assert all(row["id"] != lk for rows in links.due_windows(s).values() for row in rows)
