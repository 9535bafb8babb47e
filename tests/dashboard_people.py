"""Fictional children for the Start page's tests (unit and GUI), on 20/11/2026: one waiting at each
edge of the bands a manager reads (under 3 months, 3–6, 6–12, 12–18, over 18), one waiting since a
placement order with no agency decision on record, and two who are not counted (placed, archived)."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.records import Child
from homefinder_desktop.services import records
from matrix_people import child

TODAY = date(2026, 11, 20)
# First name, the stage they are at and the day of that (their only) step, and the band it puts them in.
WAITING = [("Ada", "agency_decision", date(2026, 11, 20), "under_3"),       # began today
           ("Bea", "agency_decision", date(2026, 8, 21), "under_3"),        # a day short of 3 months
           ("Cal", "agency_decision", date(2026, 8, 20), "3_to_6"),         # 3 months to the day
           ("Dot", "family_finding", date(2026, 5, 19), "6_to_12"),         # a day over 6 months
           ("Eli", "placement_order", date(2026, 1, 1), "6_to_12"),         # no agency decision: the first step
           ("Fay", "linked", date(2025, 11, 20), "12_to_18"),               # 12 months to the day
           ("Gus", "family_finding", date(2025, 5, 20), "over_18")]         # 18 months to the day
BANDS = {"under_3": 2, "3_to_6": 1, "6_to_12": 2, "12_to_18": 1, "over_18": 1}
# The fewest days a child in each band has waited on TODAY (the Children list's "waiting over" filter).
WAITED_DAYS = {"under_3": 0, "3_to_6": 92, "6_to_12": 184, "12_to_18": 365, "over_18": 549}


def waiting_children(s) -> dict[str, int]:
    """The children, by first name: the seven waiting, Hal placed and Ivy waiting but archived."""
    ids = {name: child(s, name, last_name="Quennell", date_of_birth=date(2020, 6, 1), stage=stage, stage_date=on)
           for name, stage, on, _band in WAITING}
    ids["Hal"] = child(s, "Hal", last_name="Quennell", date_of_birth=date(2020, 6, 1), stage="placed",
                       stage_date=date(2024, 1, 8))
    ids["Ivy"] = child(s, "Ivy", last_name="Quennell", date_of_birth=date(2020, 6, 1), stage="family_finding",
                       stage_date=date(2024, 1, 8))
    records.archive(s, Child, ids["Ivy"])
    return ids
