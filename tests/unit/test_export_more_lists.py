"""Referrals, sibling groups, agencies and contacts to CSV and XLSX, and the needs profile and the
offer in the children and families exports: the list as filtered, in words, CONFIDENTIAL, guarded
against formulas, and in the audit trail."""
from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime

import openpyxl
import pytest

from homefinder_desktop.domain.formatting import format_date
from homefinder_desktop.domain.records import (PLACEMENT_DECISIONS, REFERRAL_KINDS, REFERRAL_STATUSES, Agency,
                                               Child, Family, Referral, SiblingGroup, StageChange, Worker)
from homefinder_desktop.services import list_export, records
from homefinder_desktop.services.records import ReferralQuery, RegisterQuery

TODAY = date(2026, 11, 23)
NOTE = "CONFIDENTIAL \u2014 Northshire County Council with Brightpath Adoption, exported 23/11/2026"
REFERRAL_HEADINGS = ["Reference", "Kind", "Child or family", "Referred on", "From", "To", "Reason", "Status",
                     "Status date", "Response date", "Days to a response", "Open for (days)", "Outcome",
                     "Status history", "Archived"]


@pytest.fixture
def session(demo_session):
    demo_session.today = lambda: TODAY
    return demo_session


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def last_export(session) -> str:
    return session.info["last_list_export"]


# --- referrals ------------------------------------------------------------------------------------

def test_referrals_csv_holds_the_filtered_list_in_order_with_reason_history_and_days(session, tmp_path):
    query = ReferralQuery(open_only=False, sort="referred_on", descending=False)
    ids = records.referral_ids(session, query)
    everyone = {r.id: r for r in records.all_of(session, Referral, include_archived=True)}
    assert len(ids) == len(everyone) > 3

    done = list_export.export_referrals(session, query, tmp_path / "referrals.csv",
                                        now=datetime(2026, 11, 23, 9, 30))
    assert done.fmt == "csv" and done.rows == len(ids) and done.counted == f"{len(ids)} referrals"
    assert done.note == NOTE
    rows = read_csv(done.path)
    assert rows[0] == REFERRAL_HEADINGS
    body = as_dicts(rows)
    assert [r["Reference"] for r in body] == [everyone[i].reference for i in ids]
    for row, referral_id in zip(body, ids):
        referral = everyone[referral_id]
        assert row["Kind"] == REFERRAL_KINDS[referral.kind]
        assert row["Referred on"] == format_date(referral.referred_on)
        assert row["Reason"] == referral.reason and row["Outcome"] == referral.outcome
        assert row["Status"] == REFERRAL_STATUSES[referral.status]
        assert row["Status date"] == format_date(referral.status_date)
        assert row["Response date"] == format_date(referral.response_date)
        if referral.response_date:
            assert row["Days to a response"] == str((referral.response_date - referral.referred_on).days)
        else:
            assert row["Days to a response"] == ""
        if referral.status in ("open", "acknowledged"):
            assert row["Open for (days)"] == str((TODAY - referral.referred_on).days)
        else:
            assert row["Open for (days)"] == "", "a closed referral is no longer waiting"
        steps = records.stage_history(session, Referral, referral_id)
        assert row["Status history"] == "; ".join(f"{format_date(s.date)} {REFERRAL_STATUSES[s.stage]}"
                                                  for s in steps)
        assert row["Status history"].split("; ")[0].endswith(" Open")
    assert "referrals list" in last_export(session) and f"{len(ids)} rows" in last_export(session)


def test_referrals_xlsx_is_the_open_list_as_the_page_opens(session, tmp_path):
    query = ReferralQuery()  # open only, newest first: the page as it opens
    ids = records.referral_ids(session, query)
    assert 0 < len(ids) < len(records.all_of(session, Referral))
    done = list_export.export_referrals(session, query, tmp_path / "open")
    assert done.path.name == "open.xlsx"
    wb = openpyxl.load_workbook(done.path)
    ws = wb.active
    assert ws.title == "Referrals" and ws["A1"].value == NOTE and ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == REFERRAL_HEADINGS and all(c.font.bold for c in ws[2])
    assert wb.properties.title.startswith("Open referrals") and "CONFIDENTIAL" in wb.properties.subject
    body = list(ws.iter_rows(min_row=3, values_only=True))
    refs = {r.id: r.reference for r in records.all_of(session, Referral)}
    assert [r[0] for r in body] == [refs[i] for i in ids]
    assert all(isinstance(r[3], datetime) for r in body), "Referred on is a real date cell"
    assert ws["D3"].number_format == "dd/mm/yyyy"
    assert all(isinstance(r[11], int) for r in body), "days open, as numbers to sort"
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600


def test_a_referral_reason_that_looks_like_a_formula_stays_text(session, tmp_path):
    referral_id = records.referral_ids(session, ReferralQuery())[0]
    referral = records.get(session, Referral, referral_id)
    referral.reason = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    records.save(session, referral)
    query = ReferralQuery(search="HYPERLINK")
    body = as_dicts(read_csv(list_export.export_referrals(session, query, tmp_path / "r.csv").path))
    assert [r["Reason"] for r in body] == ["'" + referral.reason]
    ws = openpyxl.load_workbook(list_export.export_referrals(session, query, tmp_path / "r.xlsx").path).active
    cell = ws["G3"]
    assert cell.value == referral.reason and cell.data_type == "s"


def test_the_referrals_title_says_which_referrals(session):
    assert records.referral_register_title(session, ReferralQuery()) == "Open referrals"
    assert records.referral_register_title(session, ReferralQuery(open_only=False)) == "Referrals"
    title = records.referral_register_title(session, ReferralQuery(kind="child", older_than=30, search="Okafor"))
    assert title == ("Open referrals \u2014 children for family finding, open more than 30 days, "
                     "matching \u201cOkafor\u201d")


# --- sibling groups --------------------------------------------------------------------------------

def test_sibling_groups_with_their_decision_and_children(session, tmp_path):
    groups = {g.id: g for g in records.all_of(session, SiblingGroup)}
    children = records.all_of(session, Child)
    done = list_export.export_sibling_groups(session, RegisterQuery(), tmp_path / "groups.csv")
    body = as_dicts(read_csv(done.path))
    assert done.rows == len(groups) and done.counted == f"{len(groups)} sibling groups"
    by_name = {g.name: g for g in groups.values()}
    assert [r["Group"] for r in body] == sorted(by_name, key=str.casefold)
    for row in body:
        group = by_name[row["Group"]]
        members = sorted((c for c in children if c.sibling_group_id == group.id),
                         key=lambda c: (c.date_of_birth, c.id))
        assert row["Placement decision"] == PLACEMENT_DECISIONS[group.decision]
        assert row["Date of decision"] == format_date(group.decision_date)
        assert row["Reason for the decision"] == group.decision_reason
        assert row["Children"] == str(len(members))
        assert row["Children in the group"] == "; ".join(f"{c.first_name} {c.last_name} ({c.reference})"
                                                         for c in members)
    apart = [r for r in body if r["Placement decision"] == PLACEMENT_DECISIONS["apart"]]
    assert apart and all(r["Reason for the decision"] for r in apart), "separating siblings is on record"
    assert "sibling groups list" in last_export(session)


def test_sibling_groups_in_the_order_the_page_shows_or_by_search(session, tmp_path):
    groups = records.sibling_group_rows(session)
    shown = [g["id"] for g in reversed(groups)][:3]
    done = list_export.export_sibling_groups(session, RegisterQuery(), tmp_path / "g", "xlsx", ids=shown)
    ws = openpyxl.load_workbook(done.path).active
    names = {g["id"]: g["name"] for g in groups}
    assert ws["A1"].value == NOTE and ws.title == "Sibling groups"
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == [names[i] for i in shown]

    word = groups[0]["name"].split()[0]
    found = list_export.export_sibling_groups(session, RegisterQuery(search=word.upper()), tmp_path / "s.csv")
    assert {r["Group"] for r in as_dicts(read_csv(found.path))} == {g["name"] for g in groups if word in g["name"]}


# --- agencies and contacts ------------------------------------------------------------------------

def test_agencies_and_contacts_one_row_per_contact_and_each_agency_once_at_least(session, tmp_path):
    empty_id = records.add(session, Agency(name="Quietwater Adoption Support", kind="other",
                                           phone="01632 960 999", address="2 Mill Lane\nQuietwater")).record_id
    agencies = records.agency_rows(session)
    workers = records.worker_rows(session)
    done = list_export.export_agencies(session, RegisterQuery(), tmp_path / "contacts.csv")
    body = as_dicts(read_csv(done.path))
    with_contacts = {w["agency_id"] for w in workers}
    assert done.rows == len(workers) + sum(1 for a in agencies if a["id"] not in with_contacts)
    assert done.counted == f"{len(agencies)} agencies and {len(workers)} contacts"
    assert [r["Agency"] for r in body if r["Contact"]] == [a["name"] for a in agencies for w in workers
                                                           if w["agency_id"] == a["id"]]
    quiet = [r for r in body if r["Agency"] == "Quietwater Adoption Support"]
    assert len(quiet) == 1 and quiet[0]["Contact"] == ""
    assert quiet[0]["Agency address"] == "2 Mill Lane, Quietwater" and quiet[0]["Agency phone"] == "01632 960 999"
    assert quiet[0]["Kind of agency"] == "Other agency"
    someone = workers[0]
    row = next(r for r in body if r["Contact"] == someone["name"] and r["Agency"] == someone["agency"])
    assert (row["Role"], row["Team"], row["Phone"], row["Email"]) == (
        someone["role"], someone["team"], someone["phone"], someone["email"])
    assert empty_id in [a["id"] for a in agencies]
    assert "agencies and contacts list" in last_export(session)


def test_archived_contacts_only_when_asked(session, tmp_path):
    worker = records.worker_rows(session)[0]
    records.archive(session, Worker, worker["id"])

    def names(query, file_name):
        done = list_export.export_agencies(session, query, tmp_path / file_name)
        return [r["Contact"] for r in as_dicts(read_csv(done.path))]

    assert worker["name"] not in names(RegisterQuery(), "a.csv")
    shown = names(RegisterQuery(include_archived=True), "b.csv")
    assert worker["name"] in shown


def test_agencies_in_the_order_shown(session, tmp_path):
    agencies = records.agency_rows(session)
    shown = [agencies[-1]["id"], agencies[0]["id"]]
    done = list_export.export_agencies(session, RegisterQuery(), tmp_path / "a.xlsx", ids=shown)
    ws = openpyxl.load_workbook(done.path).active
    assert ws.title == "Contacts" and ws["A1"].value == NOTE
    seen = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if not seen or seen[-1] != row[0]:
            seen.append(row[0])
    assert seen == [agencies[-1]["name"], agencies[0]["name"]]


# --- the needs profile and the offer ------------------------------------------------------------------

def test_children_carry_their_needs_in_words_and_blank_when_not_recorded(session, tmp_path):
    first, second = records.child_ids(session, RegisterQuery())[:2]
    child = records.get(session, Child, first)
    child.health, child.abuse, child.contact = "ongoing", ("emotional", "neglect"), ("siblings",)
    records.save(session, child)
    other = records.get(session, Child, second)
    other.health, other.disability, other.development, other.drugs_alcohol, other.education = "", "", "", "", ""
    other.abuse, other.contact = (), ()
    records.save(session, other)

    body = {r["Reference"]: r for r in as_dicts(read_csv(
        list_export.export_children(session, RegisterQuery(), tmp_path / "c.csv").path))}
    row = body[child.reference]
    assert row["Health needs"] == "Ongoing"
    assert row["Abuse or neglect in the history"] == "Neglect; Emotional abuse", "in the vocabulary's order"
    assert row["Contact plan with birth family"] == "Direct, with brothers or sisters"
    blank = body[other.reference]
    for heading in ("Health needs", "Disability", "Developmental uncertainty", "Exposure to drugs or alcohol",
                    "Education needs", "Abuse or neglect in the history", "Contact plan with birth family"):
        assert blank[heading] == "", heading


def test_none_recorded_exports_as_words_not_as_blank(session, tmp_path):
    """"None known" is an answer: an empty cell would read as "not recorded"."""
    child = records.get(session, Child, records.child_ids(session, RegisterQuery())[0])
    child.health, child.abuse, child.contact = "none", ("none",), ("none",)
    records.save(session, child)
    family = records.get(session, Family, records.family_ids(session, RegisterQuery())[0])
    family.disability_max = "none"
    records.save(session, family)
    row = {r["Reference"]: r for r in as_dicts(read_csv(
        list_export.export_children(session, RegisterQuery(), tmp_path / "c.csv").path))}[child.reference]
    assert row["Health needs"] == "None known"
    assert row["Abuse or neglect in the history"] == "None known"
    assert row["Contact plan with birth family"] == "No contact planned"
    offer = {r["Reference"]: r for r in as_dicts(read_csv(
        list_export.export_families(session, RegisterQuery(), tmp_path / "f.csv").path))}[family.reference]
    assert offer["Disability they can meet"] == "None"


def test_families_carry_what_they_offer_and_want(session, tmp_path):
    family_id = records.family_ids(session, RegisterQuery())[0]
    family = records.get(session, Family, family_id)
    family.max_children, family.age_min, family.age_max = 2, 0, 4
    family.sexes_wanted, family.siblings_ok, family.health_max = "either", "yes", "complex"
    family.abuse_ok, family.contact_ok, family.language = ("neglect", "domestic"), ("letterbox",), "English and Polish"
    records.save(session, family)

    ws = openpyxl.load_workbook(list_export.export_families(session, RegisterQuery(), tmp_path / "f.xlsx").path).active
    headings = [c.value for c in ws[2]]
    row = next(dict(zip(headings, r)) for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == family.reference)
    assert (row["How many children"], row["Youngest age (years)"], row["Oldest age (years)"]) == (2, 0, 4)
    assert row["Boys or girls"] == "Either" and row["Would take a sibling group"] == "Yes"
    assert row["Health needs they can meet"] == "Complex"
    assert row["Abuse or neglect histories they could manage"] == "Neglect; Domestic abuse witnessed"
    assert row["Contact they can support"] == "Letterbox (indirect)"
    assert row["Languages at home"] == "English and Polish"


def test_a_bad_format_or_folder_writes_nothing_for_any_list(session, tmp_path):
    from homefinder_desktop.domain.errors import HomefinderError

    for export in (list_export.export_referrals, list_export.export_sibling_groups, list_export.export_agencies):
        with pytest.raises(HomefinderError, match="no folder"):
            export(session, ReferralQuery(), tmp_path / "missing" / "x.csv")
        with pytest.raises(HomefinderError, match="XLSX or CSV"):
            export(session, ReferralQuery(), tmp_path / "x", "ods")
    assert "last_list_export" not in session.info
    assert not list(tmp_path.glob("x*")) and not (tmp_path / "missing").exists()


def test_a_closed_referral_history_lists_every_step(session, tmp_path):
    referral_id = records.referral_ids(session, ReferralQuery())[-1]
    referral = records.get(session, Referral, referral_id)
    step_day = max(referral.status_date or referral.referred_on, referral.referred_on)
    if referral.status == "open":
        records.record_referral_status(session, referral_id, StageChange("acknowledged", step_day))
    records.record_referral_status(session, referral_id, StageChange("declined", step_day, "No family fits"))
    body = as_dicts(read_csv(list_export.export_referrals(
        session, ReferralQuery(open_only=False, search=referral.reference), tmp_path / "r.csv").path))
    (row,) = body
    assert row["Status"] == "Declined" and row["Outcome"] == "No family fits"
    assert row["Status history"].endswith(f"{format_date(step_day)} Declined")
    assert row["Open for (days)"] == ""
