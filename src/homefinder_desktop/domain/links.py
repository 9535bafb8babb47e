"""Links: a possible pairing of a child, or a sibling group as one unit, with a family.

A link moves identified -> interest registered -> being explored -> matching -> match at panel
-> placed, or ends "did not progress" with a reason (the evaluation counts both).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import FieldProblem
from .records import Record, _choice, _not_future, _required

LINK_STATUSES = {
    "identified": "Identified",
    "interest": "Interest registered",
    "exploring": "Being explored",
    "matching": "Matching",
    "panel": "Match at panel",
    "placed": "Placed",
    "ended": "Did not progress",
}
# A link still going somewhere: the monthly meeting asks the partner for families only for
# children with none of these.
ACTIVE_LINK_STATUSES = ("identified", "interest", "exploring", "matching", "panel")

# Where a link was found (Link.found_at).
LINK_SOURCES = {
    "homefinder_meeting": "Homefinder meeting",
    "profile_evening": "Profile evening",
    "adopter_event": "Adopter event",
    "national_register": "National register",
}


@dataclass
class Link(Record):
    child_id: int | None = None
    sibling_group_id: int | None = None
    family_id: int | None = None
    found_at: str = ""
    identified_on: date | None = None
    status: str = "identified"
    status_date: date | None = None
    ended_reason: str = ""
    notes: str = ""
    archived: bool = False
    reference: str = ""
    id: int | None = None

    LABELS = {"child_id": "Child", "sibling_group_id": "Sibling group", "family_id": "Family",
              "found_at": "Found at", "identified_on": "Identified on", "status": "Status",
              "status_date": "Date of status", "ended_reason": "Why it did not progress", "notes": "Notes",
              "reference": "Reference"}

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_LINK_STATUSES

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        if (self.child_id is None) == (self.sibling_group_id is None):
            p.append(FieldProblem("Child", "or a sibling group is required (one, not both)"))
        _required(p, "Family", self.family_id)
        _required(p, "Identified on", self.identified_on)
        _not_future(p, "Identified on", self.identified_on, today)
        _choice(p, "Status", self.status, LINK_STATUSES)
        if self.found_at and self.found_at not in LINK_SOURCES:
            p.append(FieldProblem("Found at", f"must be one of: {', '.join(LINK_SOURCES.values())}"))
        if self.status == "ended" and not self.ended_reason.strip():
            p.append(FieldProblem("Why it did not progress", "is required when a link ends"))
        return p
