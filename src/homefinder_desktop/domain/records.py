"""The first records of the work: agencies, workers, sibling groups, children, families,
referrals.

Each record checks itself and names every wrong field in the worker's words. The
storage layer turns these into rows; the records know nothing of tables.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from .errors import FieldProblem, ValidationError
from .needs import MAX_AGE_YEARS, MAX_CHILDREN, NONE_CODE, OFFER_FIELD, SCALES, SET_FIELDS, SEXES_WANTED, SIBLINGS_OK

# --- vocabularies -----------------------------------------------------------

AGENCY_KINDS = {
    "own": "Council's own adoption service",
    "partner": "Partner voluntary adoption agency",
    "other": "Other agency",
}

SEXES = {"F": "Female", "M": "Male"}

# The adoption plan, in the order it moves (domain.md). "plan_changed" ends it early.
CHILD_STAGES = {
    "agency_decision": "Agency decision",
    "placement_order": "Placement order",
    "family_finding": "Family finding",
    "linked": "Linked",
    "match_agreed": "Match agreed at panel",
    "placed": "Placed",
    "adoption_order": "Adoption order",
    "plan_changed": "Plan changed",
}
CHILD_STAGE_ORDER = list(CHILD_STAGES)
# Children the monthly meeting and the waiting counts are about: from the agency
# decision until a match is agreed.
WAITING_STAGES = ("agency_decision", "placement_order", "family_finding", "linked")

FAMILY_STAGES = {
    "enquiry": "Enquiry",
    "stage_one": "Stage one",
    "stage_two": "Stage two",
    "approved": "Approved at panel",
    "on_hold": "On hold",
    "withdrawn": "Withdrawn",
}
FAMILY_STAGE_ORDER = list(FAMILY_STAGES)
ASSESSMENT_ORDER = ["enquiry", "stage_one", "stage_two", "approved"]  # on hold / withdrawn stand aside

PLACEMENT_DECISIONS = {"together": "To be placed together", "apart": "To be placed apart"}


def _required(problems: list[FieldProblem], label: str, value) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(FieldProblem(label, "is required"))


def _not_future(problems: list[FieldProblem], label: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        problems.append(FieldProblem(label, "is in the future"))


def _choice(problems: list[FieldProblem], label: str, value, choices: dict) -> None:
    if value in (None, ""):
        problems.append(FieldProblem(label, "is required"))
    elif value not in choices:
        problems.append(FieldProblem(label, f"must be one of: {', '.join(choices.values())}"))


def _optional_choice(problems: list[FieldProblem], label: str, value, choices: dict) -> None:
    """"" is "not recorded yet"; anything else must be one of the vocabulary's codes."""
    if value not in ("", None) and value not in choices:
        problems.append(FieldProblem(label, f"must be one of: {', '.join(choices.values())}"))


def _known_codes(problems: list[FieldProblem], label: str, codes: tuple[str, ...], vocabulary: dict) -> None:
    """Every code is in the vocabulary, and "none" stands alone."""
    unknown = [code for code in codes if code not in vocabulary]
    if NONE_CODE in codes and len(set(codes)) > 1:
        problems.append(FieldProblem(label, f"cannot be “{vocabulary.get(NONE_CODE, NONE_CODE)}” and name "
                                            "kinds as well: untick one"))
    if unknown:
        which = "is" if len(unknown) == 1 else "are"
        problems.append(FieldProblem(label, f"includes {', '.join(repr(c) for c in unknown)}, which {which} not "
                                            f"among: {', '.join(vocabulary.values())}"))


def _whole_number(problems: list[FieldProblem], label: str, value, lowest: int, highest: int) -> None:
    """None is "not recorded yet"; a number must be a whole one from `lowest` to `highest`."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(FieldProblem(label, "is not a whole number"))
    elif not lowest <= value <= highest:
        problems.append(FieldProblem(label, f"must be from {lowest} to {highest}"))


class Record:
    """Shared behaviour: field labels for messages, and raising on problems."""

    LABELS: dict[str, str] = {}

    def problems(self, today: date) -> list[FieldProblem]:  # pragma: no cover - overridden
        return []

    def validate(self, today: date) -> None:
        problems = self.problems(today)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def label(cls, name: str) -> str:
        return cls.LABELS.get(name, name.replace("_", " ").capitalize())

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]  # type: ignore[arg-type]


@dataclass
class Agency(Record):
    name: str = ""
    kind: str = "other"
    phone: str = ""
    email: str = ""
    address: str = ""
    archived: bool = False
    id: int | None = None

    LABELS = {"name": "Name", "kind": "Kind of agency", "phone": "Phone", "email": "Email",
              "address": "Address"}

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Name", self.name)
        _choice(p, "Kind of agency", self.kind, AGENCY_KINDS)
        if self.email and "@" not in self.email:
            p.append(FieldProblem("Email", "is not an email address"))
        return p


@dataclass
class Worker(Record):
    """A social worker, manager or other contact, at any agency."""

    name: str = ""
    role: str = ""
    agency_id: int | None = None
    team: str = ""
    phone: str = ""
    email: str = ""
    archived: bool = False
    id: int | None = None

    LABELS = {"name": "Name", "role": "Role", "agency_id": "Agency", "team": "Team",
              "phone": "Phone", "email": "Email"}

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Name", self.name)
        _required(p, "Agency", self.agency_id)
        if self.email and "@" not in self.email:
            p.append(FieldProblem("Email", "is not an email address"))
        return p


@dataclass
class SiblingGroup(Record):
    """Brothers and sisters considered as one unit for family finding."""

    name: str = ""
    decision: str = "together"
    decision_date: date | None = None
    decision_reason: str = ""
    archived: bool = False
    id: int | None = None

    LABELS = {"name": "Group name", "decision": "Placement decision",
              "decision_date": "Date of decision", "decision_reason": "Reason for the decision"}

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Group name", self.name)
        _choice(p, "Placement decision", self.decision, PLACEMENT_DECISIONS)
        _not_future(p, "Date of decision", self.decision_date, today)
        if self.decision == "apart":
            # Separating siblings is a serious decision: its date and reason must be on record.
            _required(p, "Date of decision", self.decision_date)
            _required(p, "Reason for the decision", self.decision_reason)
        return p


@dataclass
class Child(Record):
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    ethnicity: str = ""
    religion: str = ""
    language: str = ""
    date_entered_care: date | None = None
    placement_order_date: date | None = None
    stage: str = "agency_decision"
    stage_date: date | None = None
    sibling_group_id: int | None = None
    social_worker_id: int | None = None
    team: str = ""
    notes: str = ""
    # The needs profile, in the vocabulary families' offers share (domain.needs); "" = not recorded.
    health: str = ""
    disability: str = ""
    development: str = ""
    drugs_alcohol: str = ""
    education: str = ""
    abuse: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    needs_notes: str = ""
    # The profile for profile evenings, in words written for adopters (domain.profiles prints
    # these, never the notes).
    personality: str = ""
    interests: str = ""
    family_sought: str = ""
    # Foster carers adopting the child in their care: the scorecard's A10 counts the child's wait
    # to the day they moved in with those carers (domain.timeliness).
    foster_carers_adopt: bool = False
    foster_placement_date: date | None = None
    archived: bool = False
    reference: str = ""
    id: int | None = None

    LABELS = {
        "personality": "What the child is like", "interests": "What they enjoy",
        "family_sought": "The family sought",
        "foster_carers_adopt": "Foster carers are adopting",
        "foster_placement_date": "Moved in with those foster carers",
        "health": "Health needs", "disability": "Disability", "development": "Developmental uncertainty",
        "drugs_alcohol": "Exposure to drugs or alcohol", "education": "Education needs",
        "abuse": "Abuse or neglect in the history", "contact": "Contact plan with birth family",
        "needs_notes": "More about the child's needs",
        "first_name": "First name", "last_name": "Last name", "date_of_birth": "Date of birth",
        "sex": "Sex", "ethnicity": "Ethnicity", "religion": "Religion", "language": "Language",
        "date_entered_care": "Date entered care", "placement_order_date": "Date of placement order",
        "stage": "Stage", "stage_date": "Date of stage", "sibling_group_id": "Sibling group",
        "social_worker_id": "Social worker", "team": "Team", "notes": "Notes",
        "reference": "Reference",
    }

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "First name", self.first_name)
        _required(p, "Date of birth", self.date_of_birth)
        _choice(p, "Sex", self.sex, SEXES)
        _choice(p, "Stage", self.stage, CHILD_STAGES)
        for label, value in (("Date of birth", self.date_of_birth),
                             ("Date entered care", self.date_entered_care),
                             ("Date of placement order", self.placement_order_date),
                             ("Date of stage", self.stage_date)):
            _not_future(p, label, value, today)
        born = self.date_of_birth
        if born:
            for label, value in (("Date entered care", self.date_entered_care),
                                 ("Date of placement order", self.placement_order_date)):
                if value and value < born:
                    p.append(FieldProblem(label, "is before the date of birth"))
        for scale, (_label, levels) in SCALES.items():
            _optional_choice(p, self.label(scale), getattr(self, scale), levels)
        for attr in ("abuse", "contact"):
            _known_codes(p, self.label(attr), getattr(self, attr), SET_FIELDS[attr])
        p += self._foster_carers_problems(today)
        return p

    def _foster_carers_problems(self, today: date) -> list[FieldProblem]:
        label = self.label("foster_placement_date")
        moved = self.foster_placement_date
        if not self.foster_carers_adopt:
            if moved is not None:
                return [FieldProblem(label, f"is only for foster carers who are adopting: tick “"
                                            f"{self.label('foster_carers_adopt')}” or clear the date")]
            return []
        if moved is None:
            return [FieldProblem(label, "is required when the foster carers are adopting")]
        if moved > today:
            return [FieldProblem(label, "is in the future")]
        if self.date_entered_care and moved < self.date_entered_care:
            return [FieldProblem(label, f"is before the date entered care ({self.date_entered_care.strftime('%d/%m/%Y')})")]
        if self.date_of_birth and moved < self.date_of_birth:
            return [FieldProblem(label, "is before the date of birth")]
        return []


@dataclass
class Family(Record):
    """Prospective or approved adopters."""

    name: str = ""
    adopter_one: str = ""
    adopter_two: str = ""
    agency_id: int | None = None
    stage: str = "enquiry"
    stage_date: date | None = None
    approval_date: date | None = None
    household: str = ""
    area: str = ""
    social_worker_id: int | None = None
    notes: str = ""
    # What they offer and want, in the children's needs vocabulary (domain.needs); "" or None =
    # not recorded yet.
    max_children: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    sexes_wanted: str = ""
    siblings_ok: str = ""
    health_max: str = ""
    disability_max: str = ""
    development_max: str = ""
    drugs_alcohol_max: str = ""
    education_max: str = ""
    abuse_ok: tuple[str, ...] = ()
    contact_ok: tuple[str, ...] = ()
    ethnicity: str = ""
    religion: str = ""
    language: str = ""
    offer_notes: str = ""
    archived: bool = False
    reference: str = ""
    id: int | None = None

    LABELS = {
        "max_children": "How many children", "age_min": "Youngest age (years)",
        "age_max": "Oldest age (years)", "sexes_wanted": "Boys or girls", "siblings_ok": "A sibling group",
        "health_max": "Health needs they can meet", "disability_max": "Disability they can meet",
        "development_max": "Developmental uncertainty they can accept",
        "drugs_alcohol_max": "Exposure to drugs or alcohol they can accept",
        "education_max": "Education needs they can meet",
        "abuse_ok": "Abuse or neglect histories they could manage",
        "contact_ok": "Contact they can support", "ethnicity": "Ethnicity", "religion": "Religion",
        "language": "Languages at home", "offer_notes": "More about what they offer",
        "name": "Family name", "adopter_one": "First adopter", "adopter_two": "Second adopter",
        "agency_id": "Agency", "stage": "Assessment stage", "stage_date": "Date of stage",
        "approval_date": "Date approved", "household": "Household", "area": "Area",
        "social_worker_id": "Social worker", "notes": "Notes", "reference": "Reference",
    }

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _required(p, "Family name", self.name)
        _required(p, "First adopter", self.adopter_one)
        _required(p, "Agency", self.agency_id)
        _choice(p, "Assessment stage", self.stage, FAMILY_STAGES)
        _not_future(p, "Date approved", self.approval_date, today)
        _not_future(p, "Date of stage", self.stage_date, today)
        if self.stage == "approved" and self.approval_date is None:
            p.append(FieldProblem("Date approved", "is required for an approved family"))
        return p + self.offer_problems()

    def offer_problems(self) -> list[FieldProblem]:
        """What they offer and want: known codes, numbers in range, and no contradictions."""
        p: list[FieldProblem] = []
        label = self.label
        _whole_number(p, label("max_children"), self.max_children, 1, MAX_CHILDREN)
        for attr in ("age_min", "age_max"):
            _whole_number(p, label(attr), getattr(self, attr), 0, MAX_AGE_YEARS)
        ages_ok = all(isinstance(a, int) and not isinstance(a, bool) for a in (self.age_min, self.age_max))
        if ages_ok and self.age_max < self.age_min:
            p.append(FieldProblem(label("age_max"), f"is younger than the youngest age ({self.age_min})"))
        _optional_choice(p, label("sexes_wanted"), self.sexes_wanted, SEXES_WANTED)
        _optional_choice(p, label("siblings_ok"), self.siblings_ok, SIBLINGS_OK)
        if self.siblings_ok == "yes" and self.max_children == 1:
            p.append(FieldProblem(label("siblings_ok"), f"is “Yes”, but {label('max_children')} is 1: "
                                                        "a sibling group is two children or more"))
        for scale, attr in OFFER_FIELD.items():
            _optional_choice(p, label(attr), getattr(self, attr), SCALES[scale][1])
        for attr in ("abuse_ok", "contact_ok"):
            _known_codes(p, label(attr), getattr(self, attr), SET_FIELDS[attr])
        return p


@dataclass
class StageChange:
    """One dated step in a child's (or family's) history."""

    stage: str
    date: date
    reason: str = ""
    recorded_by: str = ""
    id: int | None = None


def check_child_stage_change(history: list[StageChange], new: StageChange, today: date,
                             born: date | None = None) -> None:
    """A new step must be dated, not in the future, not before the last step;
    going back, or ending the plan, needs a reason."""
    p: list[FieldProblem] = []
    _choice(p, "Stage", new.stage, CHILD_STAGES)
    _required(p, "Date of stage", new.date)
    _not_future(p, "Date of stage", new.date, today)
    if born and new.date and new.date < born:
        p.append(FieldProblem("Date of stage", "is before the date of birth"))
    if history and new.date:
        last = max(history, key=lambda s: (s.date, s.id or 0))
        if new.date < last.date:
            p.append(FieldProblem("Date of stage",
                                  f"is before the last step in the history ({last.date.strftime('%d/%m/%Y')})"))
        if last.stage in CHILD_STAGES and new.stage in CHILD_STAGES and not new.reason.strip():
            if new.stage == "plan_changed":
                p.append(FieldProblem("Reason", "is required when the plan changes"))
            elif last.stage != "plan_changed" and (
                    CHILD_STAGE_ORDER.index(new.stage) < CHILD_STAGE_ORDER.index(last.stage)):
                p.append(FieldProblem("Reason", "is required to move a child back to an earlier stage"))
    elif new.stage == "plan_changed" and not new.reason.strip():
        p.append(FieldProblem("Reason", "is required when the plan changes"))
    if p:
        raise ValidationError(p)


def check_family_stage_change(history: list[StageChange], new: StageChange, today: date) -> None:
    """As for a child: dated, not in the future, not before the last step. A family withdrawing
    or pausing gives its reason, and so does a step back in the assessment (other than picking
    up again after a pause)."""
    p: list[FieldProblem] = []
    _choice(p, "Assessment stage", new.stage, FAMILY_STAGES)
    _required(p, "Date of stage", new.date)
    _not_future(p, "Date of stage", new.date, today)
    last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
    if last and new.date and new.date < last.date:
        p.append(FieldProblem("Date of stage",
                              f"is before the last step in the history ({last.date.strftime('%d/%m/%Y')})"))
    if not new.reason.strip():
        if new.stage == "withdrawn":
            p.append(FieldProblem("Reason", "is required when a family withdraws"))
        elif new.stage == "on_hold":
            p.append(FieldProblem("Reason", "is required when an assessment is put on hold"))
        elif (last and last.stage in ASSESSMENT_ORDER and new.stage in ASSESSMENT_ORDER
              and ASSESSMENT_ORDER.index(new.stage) < ASSESSMENT_ORDER.index(last.stage)):
            p.append(FieldProblem("Reason", "is required to move a family back to an earlier stage"))
    if p:
        raise ValidationError(p)


# --- the children list's filters ---------------------------------------------------------------

# Age bands the worker filters the children list by: (label, youngest age, age it stops at).
AGE_BANDS = {
    "under_2": ("Under 2", 0, 2),
    "2_to_4": ("2 to 4", 2, 5),
    "5_to_7": ("5 to 7", 5, 8),
    "8_and_over": ("8 and over", 8, None),
}

# A child waits for a family from the agency decision (the date of their "agency_decision"
# step; with none on record, their earliest step) for as long as they are in WAITING_STAGES.
WAITING_FROM_STAGE = "agency_decision"


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February becomes 28 February in a common year (so
    a child born on that day is `years` old on it, as formatting.age_in_years counts)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band_birth_dates(band: str, today: date) -> tuple[date | None, date | None]:
    """(born after, born on or before) for the children in an age band on `today`: a child is
    at least n years old exactly when born on or before years_before(today, n)."""
    _label, youngest, stops = AGE_BANDS[band]
    born_after = years_before(today, stops) if stops is not None else None
    born_by = years_before(today, youngest) if youngest else None
    return born_after, born_by


def waiting_since(stage: str, history: list[StageChange]) -> date | None:
    """When a child still waiting for a match began waiting (None if not waiting, or no steps)."""
    if stage not in WAITING_STAGES or not history:
        return None
    decisions = [s.date for s in history if s.stage == WAITING_FROM_STAGE]
    return min(decisions or [s.date for s in history])


def waiting_text(since: date | None, today: date) -> str:
    """'214 days', '1 day'; empty for a child not waiting."""
    if since is None:
        return ""
    days = (today - since).days
    return "1 day" if days == 1 else f"{days:,} days"


def agency_decision_date(history: list[StageChange]) -> date | None:
    """When the agency decided the child should be placed for adoption (its first such step)."""
    dates = [s.date for s in history if s.stage == "agency_decision"]
    return min(dates) if dates else None


def child_date_order_problems(child: Child, history: list[StageChange]) -> list[FieldProblem]:
    """Dates that cannot be in this order: a placement order before the agency decision."""
    decided = agency_decision_date(history)
    if decided is None and child.id is None and child.stage == "agency_decision":
        decided = child.stage_date  # a new child's first step is the decision itself
    if decided and child.placement_order_date and child.placement_order_date < decided:
        return [FieldProblem("Date of placement order",
                             f"is before the agency decision ({decided.strftime('%d/%m/%Y')})")]
    return []


# --- referrals ----------------------------------------------------------------------------------

REFERRAL_KINDS = {
    "child": "Child for family finding",
    "adopter": "Adopter for assessment",
}
# open -> acknowledged -> accepted / declined / withdrawn (the last three close the referral).
REFERRAL_STATUSES = {
    "open": "Open",
    "acknowledged": "Acknowledged",
    "accepted": "Accepted",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}
REFERRAL_OPEN_STATUSES = ("open", "acknowledged")
REFERRAL_CLOSED_STATUSES = ("accepted", "declined", "withdrawn")


@dataclass
class Referral(Record):
    """A child (or sibling group) referred to the partner for family finding, or a prospective
    adopter referred to the partner for assessment. Its status moves only through
    check_referral_status_change, so the history keeps each date."""

    kind: str = "child"
    child_id: int | None = None
    family_id: int | None = None
    referred_on: date | None = None
    from_agency_id: int | None = None
    to_agency_id: int | None = None
    reason: str = ""
    status: str = "open"
    status_date: date | None = None
    response_date: date | None = None
    outcome: str = ""
    archived: bool = False
    reference: str = ""
    id: int | None = None

    LABELS = {
        "kind": "Kind of referral", "child_id": "Child", "family_id": "Family",
        "referred_on": "Referred on", "from_agency_id": "From agency", "to_agency_id": "To agency",
        "reason": "Reason", "status": "Status", "status_date": "Date of status",
        "response_date": "Response date", "outcome": "Outcome", "reference": "Reference",
    }

    @property
    def is_closed(self) -> bool:
        return self.status in REFERRAL_CLOSED_STATUSES

    def problems(self, today: date) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        _choice(p, "Kind of referral", self.kind, REFERRAL_KINDS)
        if self.kind == "child":
            _required(p, "Child", self.child_id)
            if self.family_id is not None:
                p.append(FieldProblem("Family", "is only for a referral of adopters: leave it empty"))
        elif self.kind == "adopter":
            _required(p, "Family", self.family_id)
            if self.child_id is not None:
                p.append(FieldProblem("Child", "is only for a referral of a child: leave it empty"))
        _required(p, "Referred on", self.referred_on)
        _not_future(p, "Referred on", self.referred_on, today)
        _required(p, "From agency", self.from_agency_id)
        _required(p, "To agency", self.to_agency_id)
        if self.from_agency_id is not None and self.from_agency_id == self.to_agency_id:
            p.append(FieldProblem("To agency", "must be a different agency from the one referring"))
        _choice(p, "Status", self.status, REFERRAL_STATUSES)
        _not_future(p, "Response date", self.response_date, today)
        if self.response_date and self.referred_on and self.response_date < self.referred_on:
            p.append(FieldProblem("Response date", "is before the referral was made"))
        if self.is_closed and not self.outcome.strip():
            p.append(FieldProblem("Outcome", "is required for a closed referral"))
        return p


def days_to_response(referred_on: date | None, response_date: date | None) -> int | None:
    """Days from the referral to the partner's first response (None until there is one)."""
    if referred_on is None or response_date is None:
        return None
    return (response_date - referred_on).days


def days_text(days: int | None) -> str:
    """'12 days', '1 day', '0 days'; empty for None."""
    if days is None:
        return ""
    return "1 day" if days == 1 else f"{days:,} days"


def check_referral_status_change(history: list[StageChange], new: StageChange, today: date,
                                 referred_on: date | None = None) -> None:
    """A new status is dated, not in the future, not before the referral or the last step;
    a referral never goes back to open, a closed one does not change, and closing it needs
    its outcome (the step's reason)."""
    p: list[FieldProblem] = []
    _choice(p, "Status", new.stage, REFERRAL_STATUSES)
    _required(p, "Date of status", new.date)
    _not_future(p, "Date of status", new.date, today)
    if referred_on and new.date and new.date < referred_on:
        p.append(FieldProblem("Date of status",
                              f"is before the referral was made ({referred_on.strftime('%d/%m/%Y')})"))
    last = max(history, key=lambda s: (s.date, s.id or 0)) if history else None
    if last and new.date and new.date < last.date:
        p.append(FieldProblem("Date of status",
                              f"is before the last step in the history ({last.date.strftime('%d/%m/%Y')})"))
    if new.stage == "open" and last is not None:
        p.append(FieldProblem("Status", "cannot go back to open"))
    elif last is not None and last.stage in REFERRAL_CLOSED_STATUSES:
        p.append(FieldProblem("Status", f"cannot change: the referral is closed "
                                        f"({REFERRAL_STATUSES[last.stage]}); make a new referral instead"))
    elif last is not None and new.stage == last.stage:
        p.append(FieldProblem("Status", f"is already {REFERRAL_STATUSES.get(last.stage, last.stage)}"))
    if new.stage in REFERRAL_CLOSED_STATUSES and not new.reason.strip():
        p.append(FieldProblem("Outcome", "is required to close a referral"))
    if p:
        raise ValidationError(p)
