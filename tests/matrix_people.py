"""Fictional children and families for the matching-matrix tests (unit and GUI), on a fixed day:
Ivy Ashworth (4, a moderate disability) and approved families who can meet it unless told otherwise."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import links, records

TODAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 2)


def child(s, name="Ivy", **kw) -> int:
    values = dict(first_name=name, last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                  stage="family_finding", stage_date=date(2026, 9, 1), disability="moderate")
    values.update(kw)
    return records.add(s, Child(**values)).record_id


def family(s, name="Oakley family", agency=1, stage="approved", **kw) -> int:
    values = dict(name=name, adopter_one=f"Sam {name.split()[0]}", adopter_two=f"Alex {name.split()[0]}",
                  agency_id=agency, stage=stage, stage_date=date(2026, 1, 5),
                  approval_date=date(2026, 1, 5) if stage == "approved" else None,
                  age_min=0, age_max=6, sexes_wanted="either", disability_max="moderate")
    values.update(kw)
    return records.add(s, Family(**values)).record_id


def link(s, child_id, family_id, on=MONDAY, **kw) -> int:
    return links.add_link(s, Link(child_id=child_id, family_id=family_id, identified_on=on,
                                  found_at="homefinder_meeting", **kw)).record_id
