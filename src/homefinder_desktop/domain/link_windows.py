"""The rule that gives in-house families first refusal on a link, then the partner's families.

The rule has changed over the partnership's life (a fortnight each, then a 10-day rule, then
"5/10", now "5/5"), so it is a policy with versions, each dated from the day it took effect. A
window is worked out under the version in force on the day the link was identified and keeps
that version, so a deadline set under an old rule still explains itself after the rule changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import FieldProblem, ValidationError
from .formatting import format_date
from .workdays import WorkingDays

# Whose families a phase of the rule is for. Families approved by other agencies (found on a
# national register, say) wait with the partner's: in-house families come first by custom.
PHASE_FOR_AGENCY = {"own": "own", "partner": "others", "other": "others"}
PHASE_WORDS = {"own": "in-house families", "others": "partner and other agencies' families"}
UNITS = {"working": "working days", "calendar": "calendar days"}


@dataclass(frozen=True)
class Phase:
    """One window of the rule: whose families, and how long they have."""

    who: str             # "own" or "others"
    length: int
    unit: str = "working"

    def describe(self) -> str:
        unit = UNITS[self.unit]
        if self.length == 1:
            unit = unit[:-1]
        return f"{self.length} {unit} for {PHASE_WORDS[self.who]}"


@dataclass(frozen=True)
class LinkPolicy:
    """A version of the rule. In force from `effective_from` until the next version takes effect
    (or until `effective_to`, when a version was set to end on a known day)."""

    name: str
    effective_from: date
    phases: tuple[Phase, ...]
    effective_to: date | None = None
    note: str = ""
    id: int | None = None

    def describe(self) -> str:
        return f"{self.name}: " + ", then ".join(p.describe() for p in self.phases)

    def problems(self) -> list[FieldProblem]:
        p: list[FieldProblem] = []
        if not self.name.strip():
            p.append(FieldProblem("Name", "is required"))
        if self.effective_to is not None and self.effective_to < self.effective_from:
            p.append(FieldProblem("In force until", "is before the day it takes effect"))
        if not self.phases:
            p.append(FieldProblem("Windows", "must have at least one window"))
        seen: set[str] = set()
        for phase in self.phases:
            if phase.who not in PHASE_WORDS:
                p.append(FieldProblem("Windows", f"name whose families they are for, not {phase.who!r}"))
            elif phase.who in seen:
                p.append(FieldProblem("Windows", f"give {PHASE_WORDS[phase.who]} only one window"))
            seen.add(phase.who)
            if phase.unit not in UNITS:
                p.append(FieldProblem("Windows", f"count working or calendar days, not {phase.unit!r}"))
            if not 1 <= phase.length <= 60:
                p.append(FieldProblem("Windows", "must each be 1 to 60 days long"))
        return p


# The versions the partnership lived through (the evaluation's history), for a new database.
HISTORIC_POLICIES = (
    LinkPolicy("A fortnight each", date(2012, 3, 1),
               (Phase("own", 14, "calendar"), Phase("others", 14, "calendar"))),
    LinkPolicy("10-day rule", date(2013, 5, 1), (Phase("own", 10), Phase("others", 10))),
    LinkPolicy("5/10 rule", date(2013, 11, 1), (Phase("own", 5), Phase("others", 10))),
    LinkPolicy("5/5 rule", date(2014, 2, 1), (Phase("own", 5), Phase("others", 5))),
)


def _covers(policy: LinkPolicy, day: date, later: list[LinkPolicy]) -> bool:
    if day < policy.effective_from:
        return False
    if policy.effective_to is not None and day > policy.effective_to:
        return False
    # A later version takes over while it is in force; when a later version was set to end (a
    # trial, say), the one before it applies again afterwards.
    return not any(policy.effective_from < other.effective_from <= day
                   and (other.effective_to is None or day <= other.effective_to)
                   for other in later)


def policy_in_force(policies: list[LinkPolicy] | tuple[LinkPolicy, ...], day: date) -> LinkPolicy | None:
    """The version in force on `day` (None before the first version, or after a version set to
    end with none before it to fall back on)."""
    candidates = [p for p in policies if _covers(p, day, list(policies))]
    return max(candidates, key=lambda p: p.effective_from) if candidates else None


def check_new_version(existing: list[LinkPolicy], new: LinkPolicy) -> None:
    """Refuse a version that is incomplete, or that would be in force on a day another version
    was explicitly set to cover (or that starts the same day as another)."""
    problems = new.problems()
    for other in existing:
        if other.id is not None and other.id == new.id:
            continue
        if other.effective_from == new.effective_from:
            problems.append(FieldProblem(
                "Takes effect", f"is the same day as “{other.name}” ({format_date(other.effective_from)})"))
            continue
        # Two ranges overlap when each starts before the other ends; an open end runs until the
        # next version takes effect, so only explicit ends can be overlapped.
        if other.effective_to is not None and other.effective_from < new.effective_from <= other.effective_to:
            problems.append(FieldProblem(
                "Takes effect", f"falls inside “{other.name}”, in force "
                                f"{format_date(other.effective_from)} to {format_date(other.effective_to)}"))
        if new.effective_to is not None and new.effective_from < other.effective_from <= new.effective_to:
            problems.append(FieldProblem(
                "In force until", f"runs into “{other.name}”, which takes effect "
                                  f"{format_date(other.effective_from)}"))
    if problems:
        raise ValidationError(problems)


@dataclass(frozen=True)
class Window:
    """One family's time to say whether they will pursue a link."""

    who: str                 # the phase: "own" or "others"
    opens: date              # the first day the family may answer in
    closes: date             # the last day (the deadline), inclusive
    policy_name: str
    phase_text: str = field(default="", compare=False)

    def state(self, today: date, answered: bool = False) -> str:
        """'answered', 'not_yet_open', 'overdue', 'due_today', 'this_week' (closes within the next
        seven days) or 'open'."""
        if answered:
            return "answered"
        if today < self.opens:
            return "not_yet_open"
        if today > self.closes:
            return "overdue"
        if today == self.closes:
            return "due_today"
        if self.closes - today <= timedelta(days=7):
            return "this_week"
        return "open"


WINDOW_STATES = {
    "answered": "Answered", "not_yet_open": "Not open yet", "overdue": "Overdue",
    "due_today": "Due today", "this_week": "Due this week", "open": "Open",
}


def _phase_end(start: date, phase: Phase, days: WorkingDays) -> date:
    if phase.unit == "calendar":
        return start + timedelta(days=phase.length)
    return days.add(start, phase.length)


def window_for(identified_on: date, agency_kind: str, policy: LinkPolicy, days: WorkingDays) -> Window:
    """The window for a family of `agency_kind` ('own', 'partner', 'other') on a link identified
    on `identified_on`, under `policy`. Each phase starts counting when the one before it ends:
    under 5/5, a link identified on Monday 02/11/2026 gives in-house families until Monday
    09/11/2026 and the partner's families from Tuesday 10/11/2026 until Monday 16/11/2026."""
    who = PHASE_FOR_AGENCY.get(agency_kind)
    if who is None:
        raise ValueError(f"unknown agency kind {agency_kind!r}")
    start = identified_on
    for phase in policy.phases:
        end = _phase_end(start, phase, days)
        if phase.who == who:
            opens = identified_on if start == identified_on else days.on_or_after(start + timedelta(days=1))
            return Window(who, opens, end, policy.name, phase.describe())
        start = end
    # A rule with no window for these families (e.g. in-house only): they may answer at once,
    # once every window before theirs has closed.
    return Window(who, days.on_or_after(start + timedelta(days=1)), days.on_or_after(start + timedelta(days=1)),
                  policy.name, f"no window for {PHASE_WORDS[who]} in {policy.name}")
