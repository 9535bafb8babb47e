"""The partnership report's rules in plain Python: ages at placement as the evaluation counted them,
a sibling group placed together as one placement of N children, the evaluation's figures (14
children with 9 families, ...) in its own sentences, the fund's period from two summaries, a
period that ends before it starts refused at "To", an empty period saying so, and the JSON and
CSV shapes."""
from __future__ import annotations

from datetime import date

import pytest

from homefinder_desktop.domain.errors import ValidationError
from homefinder_desktop.domain.fund import FundAgreement, FundSummary
from homefinder_desktop.domain.partnership import (NOTHING, InProgress, Linked, NotProgressed, PartnershipReport,
                                                   age_at_placement, age_label, as_json, csv_rows, figures, fund_part,
                                                   placed_from, quick_periods, reasons_in_order, referrals_from)
from homefinder_desktop.domain.timeliness import MeasureResult

START, END = date(2012, 3, 1), date(2014, 6, 30)

# The evaluation's own placements (domain.md): 14 children with 9 families, 9 girls and 5 boys,
# 5 sibling-group placements, aged 2 (4), 3 (3), 4 (2), 5 (3) and 6 (2); all with the partner's families.
EVALUATION_CHILDREN = [
    ("partner", "F", 2, True, 3), ("partner", "M", 2, False, 1),
    ("partner", "F", 3, True, 2), ("partner", "M", 3, False, 1),
    ("partner", "F", 4, True, 1), ("partner", "M", 4, True, 1),
    ("partner", "F", 5, True, 2), ("partner", "M", 5, False, 1),
    ("partner", "F", 6, False, 1), ("partner", "M", 6, True, 1),
]
EVALUATION_PLACEMENTS = [("partner", 9, 5, 9)]


def evaluation() -> PartnershipReport:
    return PartnershipReport(
        START, END, "Northshire County Council", "Brightpath Adoption", date(2014, 7, 1),
        placed=placed_from(EVALUATION_CHILDREN, EVALUATION_PLACEMENTS),
        not_progressed=NotProgressed(14, 12, 30, 20, reasons_in_order([
            ("Family withdrew interest", 6), ("Another family chosen at matching meeting", 8)])),
        potentially_linked=Linked(44, 21),
        matches=InProgress(4, 5, 4, (("matching", 3), ("panel", 1))),
        exploring=InProgress(2, 2, 2, (("identified", 1), ("interest", 1), ("exploring", 0))),
        referrals=referrals_from([("child", "accepted", 3), ("child", "open", 1), ("adopter", "withdrawn", 2)]))


def test_age_at_placement_is_whole_years_on_the_day_moved_in():
    assert age_at_placement(date(2012, 5, 10), date(2014, 5, 9)) == 1
    assert age_at_placement(date(2012, 5, 10), date(2014, 5, 10)) == 2
    # Born on 29 February: a year older on 1 March in a common year, not on 28 February.
    assert age_at_placement(date(2012, 2, 29), date(2015, 2, 28)) == 2
    assert age_at_placement(date(2012, 2, 29), date(2015, 3, 1)) == 3
    assert (age_label(0), age_label(2)) == ("Under 1", "Aged 2")


def test_the_evaluations_placements_add_up_as_it_reported_them():
    placed = evaluation().placed
    assert (placed.placements, placed.children, placed.families) == (9, 14, 9)
    assert (placed.girls, placed.boys, placed.sibling_group_placements) == (9, 5, 5)
    assert placed.ages == ((2, 4), (3, 3), (4, 2), (5, 3), (6, 2))
    assert placed.children_in_sibling_groups == 10
    # only the kinds placed with: no in-house row of zeros
    assert [(a.kind, a.placements, a.children, a.families) for a in placed.by_agency] == [("partner", 9, 14, 9)]


def test_a_sibling_group_placed_together_is_one_placement_of_its_children():
    placed = placed_from([("own", "F", 3, True, 1), ("own", "M", 5, True, 1), ("own", "M", 1, False, 1)],
                         [("own", 2, 1, 2)])
    assert (placed.placements, placed.children, placed.sibling_group_placements,
            placed.children_in_sibling_groups) == (2, 3, 1, 2)


def test_in_house_against_the_partners_families():
    placed = placed_from([("partner", "F", 2, False, 2), ("own", "M", 4, False, 3), ("other", "F", 0, False, 1)],
                         [("own", 3, 0, 2), ("other", 1, 0, 1), ("partner", 2, 0, 2)])
    assert [(a.kind, a.placements, a.children, a.families) for a in placed.by_agency] == [
        ("own", 3, 3, 2), ("partner", 2, 2, 2), ("other", 1, 1, 1)]
    assert placed.families == 5 and placed.ages == ((0, 1), (2, 2), (4, 3))


def test_the_summary_speaks_as_the_evaluation_did():
    words = evaluation().summary()
    assert words[0] == ("From 01/03/2012 to 30/06/2014, 14 children were placed for adoption with 9 adoptive families: "
                        "9 girls and 5 boys. 5 placements were sibling group placements (10 children). By age at "
                        "placement: 4 aged 2, 3 aged 3, 2 aged 4, 3 aged 5 and 2 aged 6. 14 were placed with "
                        "Brightpath Adoption's families.")
    assert words[1] == ("In addition, 12 families explored links with 30 children (20 of them siblings) that did not "
                        "progress (14 links).")
    assert words[2] == "In all, 44 children were potentially linked with 21 families."
    assert words[3] == "At the end of the period 4 matches were still active and 2 links were being explored."
    assert words[4] == ("6 referrals were made: 4 children referred for family finding and 2 adopters referred for "
                        "assessment.")


def test_reasons_commonest_first_and_referral_outcomes_in_the_statuses_order():
    report = evaluation()
    assert report.not_progressed.by_reason == (("Another family chosen at matching meeting", 8),
                                               ("Family withdrew interest", 6))
    assert [(k.kind, k.made, k.outcomes) for k in report.referrals] == [
        ("child", 4, (("open", 1), ("accepted", 3))), ("adopter", 2, (("withdrawn", 2),))]


def test_a_period_that_ends_before_it_starts_is_refused_at_to():
    with pytest.raises(ValidationError) as exc:
        PartnershipReport(date(2014, 6, 30), date(2012, 3, 1))
    assert [str(p) for p in exc.value.problems] == ["To: is before From: the period ends before it starts"]


def test_an_empty_period_says_nothing_happened():
    report = PartnershipReport(START, END)
    assert report.empty
    assert report.summary()[0].startswith(f"{NOTHING}: no child was placed")
    assert not evaluation().empty
    # An agreement with nothing moving in the period does not make the report non-empty.
    quiet = fund_part("Block", "Brightpath Adoption", 20, summary(540_000_00, 0), summary(540_000_00, 0))
    assert PartnershipReport(START, END, fund=(quiet,)).empty


def summary(balance: int, fees: int, placed: int = 0, link_worker: int = 0) -> FundSummary:
    return FundSummary(FundAgreement(name="Block"), END, balance, paid_in=540_000_00, fees=fees,
                       reallocated={"link_worker": link_worker, "advertising": 0}, returned=0, children_placed=placed,
                       placements_affordable=None, fee_for_one=None, by_year={})


def test_the_funds_period_is_the_difference_of_two_summaries():
    part = fund_part("Block of 20 placements", "Brightpath Adoption", 20,
                     summary(504_000_00, 36_000_00, 2), summary(450_000_00, 74_000_00, 4, link_worker=16_000_00))
    assert (part.balance_at_start, part.balance_at_end, part.paid_in, part.fees, part.link_worker) == (
        504_000_00, 450_000_00, 0, 38_000_00, 16_000_00)
    assert (part.placed_by_end, part.placed_in_period, part.moved) == (4, 2, True)
    assert part.target_words == "4 of 20 children placed (20%)"


def test_the_json_shape_is_stable():
    shape = as_json(evaluation(), "CONFIDENTIAL — test")
    assert list(shape) == ["report", "confidential", "council", "partner", "period", "made_on", "empty", "summary",
                           "placed", "did_not_progress", "potentially_linked", "being_explored_at_end",
                           "active_matches_at_end", "referrals", "fund", "timeliness"]
    assert shape["period"] == {"from": "2012-03-01", "to": "2014-06-30"}
    assert shape["placed"]["age_at_placement"][0] == {"age": 2, "label": "Aged 2", "children": 4}
    assert shape["active_matches_at_end"]["by_status"] == [
        {"status": "matching", "label": "Matching", "links": 3},
        {"status": "panel", "label": "Match at panel", "links": 1}]
    part = fund_part("Block", "Brightpath Adoption", 20, summary(0, 0), summary(522_000_00, 18_000_00, 1))
    money = as_json(PartnershipReport(START, END, fund=(part,)))["fund"][0]
    assert money["balance_at_end"] == {"pence": 522_000_00, "pounds": "522000.00"}
    assert money["fees"] == {"pence": 18_000_00, "pounds": "18000.00"}


def test_csv_is_one_row_per_figure():
    part = fund_part("Block", "Brightpath Adoption", 20, summary(0, 0), summary(522_000_00, 18_000_00, 1))
    rows = csv_rows(PartnershipReport(START, END, placed=evaluation().placed, fund=(part,)), "CONFIDENTIAL — test")
    assert rows[:3] == [["section", "measure", "value"], ["Report", "Confidential", "CONFIDENTIAL — test"],
                        ["Report", "From", "2012-03-01"]]
    assert all(len(r) == 3 for r in rows)
    assert ["Children placed", "Aged 5 at placement", "3"] in rows
    assert ["The upfront fund: Block", "Balance at the end (£)", "522000.00"] in rows
    assert len(rows) == 5 + len(figures(PartnershipReport(START, END, placed=evaluation().placed, fund=(part,))))


def test_timeliness_says_how_many_were_left_out_without_a_placement_order():
    from homefinder_desktop.domain.partnership import Timeliness
    t = Timeliness(MeasureResult("a1", 5, 400.0, 0, 426), MeasureResult("a2", 3, 150.0, 2, 121))
    assert t.a2_left_out_words() == "2 children without a placement order left out"
    assert not t.empty


def test_quick_periods_are_financial_years():
    periods = quick_periods(date(2026, 11, 24))
    assert periods["Last financial year"] == (date(2025, 4, 1), date(2026, 3, 31))
    # so far: a report to 31 March next would say what is "still active" and "placed by" a day to come
    assert periods["This financial year"] == (date(2026, 4, 1), date(2026, 11, 24))
    assert periods["Last three years"] == (date(2023, 4, 1), date(2026, 3, 31))


def test_a_period_starting_before_the_agreement_counts_from_nothing():
    part = fund_part("Block", "Brightpath Adoption", 20, None, summary(522_000_00, 18_000_00, 1))
    assert (part.balance_at_start, part.paid_in, part.fees, part.placed_in_period) == (0, 540_000_00, 18_000_00, 1)
