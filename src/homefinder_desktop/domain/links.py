"""Links: a possible pairing of a child, or a sibling group as one unit, with a family.

A link moves identified -> interest registered -> being explored -> matching -> match at panel
-> placed, or ends "did not progress" with a reason (the evaluation counts both).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import FieldProblem, ValidationError
from .formatting import format_date
from .records import Record, StageChange, _choice, _not_future, _required

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
    "partner_agency": "Partner agency",
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
    end_reason_id: int | None = None   # from the editable list of reasons (m007)
    event_id: int | None = None        # the profile evening or adopter event it came from
    id: int | None = None

    LABELS = {"child_id": "Child", "sibling_group_id": "Sibling group", "family_id": "Family",
              "found_at": "Found at", "identified_on": "Identified on", "status": "Status",
              "status_date": "Date of status", "ended_reason": "Why it did not progress", "notes": "Notes",
              "reference": "Reference", "end_reason_id": "Reason it did not progress",
              "event_id": "Event"}

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
        if self.status == "ended" and not self.ended_reason.strip() and self.end_reason_id is None:
            p.append(FieldProblem("Why it did not progress", "is required when a link ends"))
        return p


# --- moving a link on -------------------------------------------------------------------------

LINK_ORDER = ["identified", "interest", "exploring", "matching", "panel", "placed"]
FINAL_LINK_STATUSES = ("placed", "ended")
# The reason the other links of a child (or group) end with when one of them is placed.
PLACED_ELSEWHERE = "Placed with another family"
# A new database's list of reasons a link did not progress (the worker may add, rename, archive).
DEFAULT_END_REASONS = ("Family withdrew interest", "Child's needs could not be met",
                       "Another family chosen at matching meeting", PLACED_ELSEWHERE, "Plan changed", "Other")


def check_link_status_change(history: list[StageChange], new: StageChange, today: date,
                             identified_on: date | None = None) -> None:
    """A new status is dated, not in the future, not before the link was identified or its last
    step; it moves forward freely, goes back only with a reason, and nothing follows a placement
    or a link that did not progress (make a new link). Ending needs its reason."""
    p: list[FieldProblem] = []
    _choice(p, "Status", new.stage, LINK_STATUSES)
    _required(p, "Date of status", new.date)
    _not_future(p, "Date of status", new.date, today)
    if identified_on and new.date and new.date < identified_on:
        p.append(FieldProblem("Date of status", f"is before the link was identified ({format_date(identified_on)})"))
    last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
    if last and new.date and new.date < last.date:
        p.append(FieldProblem("Date of status", f"is before the last step in the history ({format_date(last.date)})"))
    if last is not None and last.stage in FINAL_LINK_STATUSES:
        p.append(FieldProblem("Status", f"cannot change: the link is {LINK_STATUSES[last.stage].lower()}; "
                                        "make a new link instead"))
    elif last is not None and new.stage == last.stage:
        p.append(FieldProblem("Status", f"is already {LINK_STATUSES.get(last.stage, last.stage)}"))
    elif (last is not None and new.stage in LINK_ORDER and last.stage in LINK_ORDER
          and LINK_ORDER.index(new.stage) < LINK_ORDER.index(last.stage) and not new.reason.strip()):
        p.append(FieldProblem("Reason", f"is required to move a link back from "
                                        f"{LINK_STATUSES[last.stage]} to {LINK_STATUSES[new.stage]}"))
    if new.stage == "ended" and not new.reason.strip():
        p.append(FieldProblem("Why it did not progress", "is required when a link ends"))
    if p:
        raise ValidationError(p)


def links_ended_by_placement(placed_link_id: int, links_of_unit: list[Link]) -> list[Link]:
    """The links a placement ends: every other active link of the same child or sibling group."""
    return [link for link in links_of_unit if link.id != placed_link_id and link.is_active]


# --- competing interest -----------------------------------------------------------------------

@dataclass(frozen=True)
class LinkParty:
    """One family's active link on a child, as the competing-interest rule needs it."""

    link_id: int
    reference: str
    family: str
    agency: str
    agency_kind: str             # "own", "partner" or "other"
    social_worker: str = ""      # the family's social worker, "" when none is recorded


@dataclass(frozen=True)
class Competition:
    """Several families want the same child (or sibling group): everyone is told, and a
    matching-matrix meeting decides."""

    parties: tuple[LinkParty, ...]
    child: str
    child_social_worker: str = ""

    @property
    def agencies(self) -> list[str]:
        return sorted({p.agency for p in self.parties})

    @property
    def across_agencies(self) -> bool:
        return len({p.agency_kind for p in self.parties}) > 1 or len(self.agencies) > 1

    def who_must_be_told(self) -> list[str]:
        """Each family's social worker and the child's, by name (or saying none is recorded)."""
        told = [f"{p.social_worker} (social worker for {p.family}, {p.agency})" if p.social_worker
                else f"{p.family}'s social worker ({p.agency}): none recorded" for p in self.parties]
        told.append(f"{self.child_social_worker} (social worker for {self.child})" if self.child_social_worker
                    else f"{self.child}'s social worker: none recorded")
        return told

    def describe(self) -> str:
        families = ", ".join(f"{p.family} ({p.agency})" for p in self.parties)
        return (f"Competing interest in {self.child}: {len(self.parties)} families are interested — "
                f"{families}. A matching-matrix meeting is proposed.")


def competing_interest(parties: list[LinkParty], child: str, child_social_worker: str = "") -> Competition | None:
    """The competition among the active links on one child or group (None when one family or none)."""
    if len(parties) < 2:
        return None
    return Competition(tuple(sorted(parties, key=lambda p: (p.agency_kind != "own", p.family))),
                       child, child_social_worker)
