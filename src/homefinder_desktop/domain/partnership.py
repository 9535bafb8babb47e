"""The partnership report: what the partners once counted by hand for the evaluation (domain.md,
"What was reported"), for any period, in the evaluation's own sections and words.

  Children placed        links that reached Placed in the period. A sibling group placed together
                         is one placement of N children. By sex, by age at placement in whole years
                         (as the evaluation counted them: "four were aged two"), the sibling-group
                         placements, and in-house families against the partner's (and others')
  Did not progress       links that ended in the period: the links and the families in them, the
                         children in them not placed in the period (each counted once; a child
                         placed is counted there, not again for their other links that ended) and
                         how many of those children are siblings, by reason
  Potentially linked     the children and families of those two together: the evaluation's "in all
                         44 children were potentially linked with 21 families" is its 14 placed and
                         30 whose links did not progress
  Still being explored   links identified, with interest registered or being explored at the end
  Matches still active   links at matching or match at panel at the end
  Referrals              made in the period, by kind, with the status each had at the end
  The upfront fund       each agreement: balance at the start and end, what moved in the period,
                         and children placed against the target (the fund's own sums)
  Timeliness             the Adoption Scorecard's A1 and A2 for the period's cohort

The report gives counts, never a child's name or date of birth: it goes to partnership meetings
and the evaluators. Money is in integer pence.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .formatting import age_in_years, and_list, financial_year, format_date, format_money, pounds
from .fund import period_of_year
from .links import LINK_STATUSES
from .records import AGENCY_KINDS, REFERRAL_KINDS, REFERRAL_STATUSES
from .timeliness import MeasureResult, check_period, last_three_years

# The evaluation's words for each section: the screen, the PDF, the text and the CSV all use them.
SECTIONS = {
    "placed": "Children placed",
    "not_progressed": "Links explored that did not progress",
    "potentially_linked": "Children and families potentially linked",
    "exploring": "Links still being explored at the end of the period",
    "matches": "Matches still active at the end of the period",
    "referrals": "Referrals made in the period",
    "fund": "The upfront fund",
    "timeliness": "Timeliness (Adoption Scorecard)",
}
# What each section says when it has nothing to count (the report still prints: nothing failed).
EMPTY_SECTION = {
    "placed": "No child was placed in this period.",
    "not_progressed": "No link ended without progressing in this period.",
    "potentially_linked": "No child or family was linked in this period.",
    "exploring": "No link was being explored at the end of this period.",
    "matches": "No match was still active at the end of this period.",
    "referrals": "No referral was made in this period.",
    "fund": "No upfront fund agreement covers this period.",
    "timeliness": "No child moved in or was matched in this period.",
}
NOTHING = "Nothing happened in this period"
NOTHING_WORDS = (f"{NOTHING}: no child was placed, no link ended or was in progress at its end, no referral "
                 "was made and no money moved in the upfront fund.")

# A link at one of these at the period's end: still being explored, or a match still active.
EXPLORING_STATUSES = ("identified", "interest", "exploring")
MATCH_STATUSES = ("matching", "panel")
AGENCY_ORDER = ("own", "partner", "other")
# Families by the kind of agency that approved them, as the report names them.
AGENCY_FAMILIES = {"own": "In-house families", "partner": "The partner agency's families",
                   "other": "Other agencies' families"}
REFERRAL_WORDS = {"child": ("child referred for family finding", "children referred for family finding"),
                  "adopter": ("adopter referred for assessment", "adopters referred for assessment")}


def quick_periods(today: date) -> dict[str, tuple[date, date]]:
    """The periods a worker picks most, by their words: the last full financial year (what a report
    opens on), this one so far (to today: its end has not come, so nothing can yet be "still
    active" or "placed by" then), and the last three whole years (a scorecard's span)."""
    this_year = financial_year(today)
    return {"Last financial year": period_of_year(this_year - 1),
            "This financial year": (period_of_year(this_year)[0], today),
            "Last three years": last_three_years(today)}


def age_at_placement(born: date, placed_on: date) -> int:
    """Whole years on the day the child moved in (storage counts the same in SQL)."""
    return max(age_in_years(born, placed_on), 0)


def age_label(age: int) -> str:
    return "Under 1" if age < 1 else f"Aged {age}"


def _count(n: int, one: str, many: str, zero: str = "0") -> str:
    """"1 child", "12 children"; with `zero` "no", "no children"."""
    return f"{zero if n == 0 else f'{n:,}'} {one if n == 1 else many}"


# --- the sections -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AgencyPlacements:
    kind: str            # "own", "partner" or "other"
    placements: int
    children: int
    families: int


@dataclass(frozen=True)
class Placed:
    placements: int = 0                   # a sibling group placed together is one placement
    children: int = 0
    families: int = 0
    girls: int = 0
    boys: int = 0
    sibling_group_placements: int = 0
    children_in_sibling_groups: int = 0   # the children those placements moved
    ages: tuple[tuple[int, int], ...] = ()   # (whole years at placement, children), youngest first
    by_agency: tuple[AgencyPlacements, ...] = ()


def placed_from(children: Iterable[tuple[str, str, int, bool, int]],
                placements: Iterable[tuple[str, int, int, int]]) -> Placed:
    """`children`: (agency kind, sex, age at placement, placed as a sibling group, how many);
    `placements`: (agency kind, placements, of them sibling groups, distinct families)."""
    kids = list(children)
    links = {kind: (n, groups, families) for kind, n, groups, families in placements}
    ages: dict[int, int] = {}
    for _kind, _sex, age, _together, n in kids:
        ages[max(age, 0)] = ages.get(max(age, 0), 0) + n

    def children_where(test) -> int:
        return sum(row[-1] for row in kids if test(*row[:-1]))

    by_agency = tuple(AgencyPlacements(kind, links[kind][0], children_where(lambda k, *_: k == kind), links[kind][2])
                      for kind in AGENCY_ORDER if kind in links)
    return Placed(
        placements=sum(v[0] for v in links.values()), children=children_where(lambda *_: True),
        # A family is approved by one agency, so the families of each kind add up.
        families=sum(v[2] for v in links.values()),
        girls=children_where(lambda _k, sex, *_: sex == "F"), boys=children_where(lambda _k, sex, *_: sex == "M"),
        sibling_group_placements=sum(v[1] for v in links.values()),
        children_in_sibling_groups=children_where(lambda _k, _s, _a, together: together),
        ages=tuple(sorted(ages.items())), by_agency=by_agency)


@dataclass(frozen=True)
class NotProgressed:
    links: int = 0
    families: int = 0
    children: int = 0
    siblings: int = 0      # of those children, the ones in a sibling group
    by_reason: tuple[tuple[str, int], ...] = ()   # (reason, links), the commonest first


def reasons_in_order(rows: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(rows, key=lambda r: (-r[1], r[0].casefold())))


@dataclass(frozen=True)
class Linked:
    children: int = 0
    families: int = 0


@dataclass(frozen=True)
class InProgress:
    """Links at some statuses on the period's last day."""

    links: int = 0
    children: int = 0
    families: int = 0
    by_status: tuple[tuple[str, int], ...] = ()   # (status, links), in the order a link moves


def in_progress_from(statuses: tuple[str, ...], links: dict[str, int], children: int, families: int) -> InProgress:
    by_status = tuple((s, links.get(s, 0)) for s in statuses)
    return InProgress(sum(n for _s, n in by_status), children, families, by_status)


@dataclass(frozen=True)
class ReferralKind:
    kind: str                                   # a key of REFERRAL_KINDS
    outcomes: tuple[tuple[str, int], ...]       # (status at the period's end, referrals)

    @property
    def made(self) -> int:
        return sum(n for _s, n in self.outcomes)


def referrals_from(rows: Iterable[tuple[str, str, int]]) -> tuple[ReferralKind, ...]:
    """(kind, status at the end, referrals) -> each kind made, its outcomes in the statuses' order."""
    counts: dict[tuple[str, str], int] = {}
    for kind, status, n in rows:
        counts[(kind, status)] = counts.get((kind, status), 0) + n
    out = []
    for kind in REFERRAL_KINDS:
        outcomes = tuple((s, counts[(kind, s)]) for s in REFERRAL_STATUSES if counts.get((kind, s)))
        if outcomes:
            out.append(ReferralKind(kind, outcomes))
    return tuple(out)


@dataclass(frozen=True)
class FundPart:
    """One agreement over the period, from the fund's own summaries at the day before the period and
    at its end (the ledger is never summed here a second way)."""

    agreement: str
    agency: str
    target: int | None
    placed_by_end: int          # children with a placement fee drawn by the end
    placed_in_period: int
    balance_at_start: int       # the holding accounts at the end of the day before the period
    balance_at_end: int
    paid_in: int                # in the period
    fees: int
    link_worker: int
    advertising: int
    returned: int

    @property
    def reallocated(self) -> int:
        return self.link_worker + self.advertising

    @property
    def moved(self) -> bool:
        return any((self.paid_in, self.fees, self.reallocated, self.returned, self.placed_in_period))

    @property
    def target_words(self) -> str:
        if not self.target:
            return f"{_count(self.placed_by_end, 'child', 'children')} placed (no target set)"
        return f"{self.placed_by_end} of {self.target} children placed ({self.placed_by_end * 100 // self.target}%)"


def fund_part(agreement: str, agency: str, target: int | None, before, at_end) -> FundPart:
    """From two FundSummary objects: `before` (the day before the period; None when that day is
    before the agreement began, so nothing had moved) and `at_end`."""
    def moved(attr: str) -> int:
        return getattr(at_end, attr) - (getattr(before, attr) if before is not None else 0)

    def reallocated(purpose: str) -> int:
        return at_end.reallocated.get(purpose, 0) - (before.reallocated.get(purpose, 0) if before is not None else 0)

    return FundPart(agreement, agency, target, at_end.children_placed, moved("children_placed"),
                    before.balance if before is not None else 0, at_end.balance, moved("paid_in"), moved("fees"),
                    reallocated("link_worker"), reallocated("advertising"), moved("returned"))


@dataclass(frozen=True)
class Timeliness:
    a1: MeasureResult
    a2: MeasureResult
    threshold: str = ""       # the threshold set's name, "" when none applies

    @property
    def empty(self) -> bool:
        return not (self.a1.counted or self.a1.left_out or self.a2.counted or self.a2.left_out)

    def a2_left_out_words(self) -> str:
        n = self.a2.missing
        return f"{_count(n, 'child', 'children')} without a placement order left out" if n else ""


def timeliness_from(cohort) -> Timeliness:
    """From a domain.timeliness.Cohort."""
    return Timeliness(cohort.results["a1"], cohort.results["a2"], cohort.threshold.name if cohort.threshold else "")


# --- the report --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnershipReport:
    start: date
    end: date
    council: str = ""
    partner: str = ""
    made_on: date | None = None
    placed: Placed = Placed()
    not_progressed: NotProgressed = NotProgressed()
    potentially_linked: Linked = Linked()
    exploring: InProgress = InProgress()
    matches: InProgress = InProgress()
    referrals: tuple[ReferralKind, ...] = ()
    fund: tuple[FundPart, ...] = ()
    timeliness: Timeliness | None = None   # None: not measured (a report made without them)

    def __post_init__(self) -> None:
        check_period(self.start, self.end)

    @property
    def title(self) -> str:
        return f"Partnership report, {format_date(self.start)} to {format_date(self.end)}"

    @property
    def referrals_made(self) -> int:
        return sum(k.made for k in self.referrals)

    def section_empty(self, key: str) -> bool:
        return {
            "placed": not self.placed.placements,
            "not_progressed": not self.not_progressed.links,
            "potentially_linked": not (self.potentially_linked.children or self.potentially_linked.families),
            "exploring": not self.exploring.links,
            "matches": not self.matches.links,
            "referrals": not self.referrals_made,
            "fund": not self.fund,
            "timeliness": self.timeliness is None or self.timeliness.empty,
        }[key]

    @property
    def empty(self) -> bool:
        """Nothing counted in the period: no placement, no link ended or in progress at the end, no
        referral, no money moved (an agreement with nothing happening in the period counts for nothing)."""
        return (all(self.section_empty(k) for k in ("placed", "not_progressed", "exploring", "matches", "referrals"))
                and not any(f.moved for f in self.fund))

    @property
    def partner_families(self) -> str:
        return f"{self.partner}'s families" if self.partner else AGENCY_FAMILIES["partner"]

    def agency_families(self, kind: str, in_words: bool = False) -> str:
        """"In-house families", "Brightpath Adoption's families"; `in_words`: inside a sentence."""
        if kind == "partner":
            return self.partner_families
        words = AGENCY_FAMILIES.get(kind, AGENCY_KINDS.get(kind, kind))
        return words[0].lower() + words[1:] if in_words else words

    def summary(self) -> list[str]:
        """The report in the evaluation's sentences (the opening paragraph of the PDF and the screen)."""
        if self.empty:
            return [f"{NOTHING_WORDS[:-1]} ({format_date(self.start)} to {format_date(self.end)})."]
        out = [self._placed_words()]
        p = self.placed
        n = self.not_progressed
        if n.links:
            out.append(f"{'In addition, ' if p.placements else ''}{_count(n.families, 'family', 'families')} explored "
                       f"links with {_count(n.children, 'child', 'children')} ({n.siblings} of them siblings) that did "
                       f"not progress ({_count(n.links, 'link', 'links')}).")
        linked = self.potentially_linked
        if linked.children or linked.families:
            out.append(f"In all, {_count(linked.children, 'child was', 'children were')} potentially linked with "
                       f"{_count(linked.families, 'family', 'families')}.")
        out.append(f"At the end of the period {_count(self.matches.links, 'match was', 'matches were', 'no')} still "
                   f"active and {_count(self.exploring.links, 'link was', 'links were', 'no')} being explored.")
        if self.referrals_made:
            kinds = [_count(k.made, *REFERRAL_WORDS[k.kind]) for k in self.referrals]
            out.append(f"{_count(self.referrals_made, 'referral was', 'referrals were')} made: {and_list(kinds)}.")
        for f in self.fund:
            out.append(f"{f.agreement}: {f.target_words} by {format_date(self.end)}, {f.placed_in_period} of them in "
                       f"this period; the balance was {format_money(f.balance_at_end)}.")
        t = self.timeliness
        if t is not None and not t.empty:
            out.append(f"Timeliness: {t.a1.describe()} {t.a2.describe()}")
        return out


    def _placed_words(self) -> str:
        """The evaluation's first sentence: "From …, 14 children were placed for adoption with 9 adoptive
        families: 9 girls and 5 boys", and the rest of what was placed."""
        p = self.placed
        when = f"From {format_date(self.start)} to {format_date(self.end)}"
        if not p.placements:
            return f"{when}, no child was placed."
        words = (f"{when}, {_count(p.children, 'child was', 'children were')} placed for adoption with "
                 f"{_count(p.families, 'adoptive family', 'adoptive families')}: "
                 f"{_count(p.girls, 'girl', 'girls')} and {_count(p.boys, 'boy', 'boys')}.")
        if p.sibling_group_placements:
            groups = _count(p.sibling_group_placements, "placement was a sibling group placement",
                            "placements were sibling group placements")
            words += f" {groups} ({_count(p.children_in_sibling_groups, 'child', 'children')})."
        ages = [f"{n} {'under 1' if age < 1 else f'aged {age}'}" for age, n in p.ages]
        words += f" By age at placement: {and_list(ages)}."
        kinds = [f"{a.children} with {self.agency_families(a.kind, in_words=True)}" for a in p.by_agency]
        verb = "was" if p.by_agency[0].children == 1 else "were"
        kinds[0] = kinds[0].replace(" with ", f" {verb} placed with ", 1)
        return words + f" {and_list(kinds)}."


# --- the figures, one per line (the CSV, the text and the JSON read these) ----------------------

@dataclass(frozen=True)
class Figure:
    section: str      # a key of SECTIONS, or "fund:<agreement>"
    measure: str
    value: int | float | str | None
    money: bool = False   # value is pence


def figures(report: PartnershipReport) -> list[Figure]:
    """Every figure of the report, section by section, in the order the PDF prints them."""
    out: list[Figure] = []

    def add(section: str, measure: str, value, money: bool = False) -> None:
        out.append(Figure(section, measure, value, money))

    p = report.placed
    for measure, value in (("Placements", p.placements), ("Children", p.children), ("Families", p.families),
                           ("Girls", p.girls), ("Boys", p.boys),
                           ("Sibling group placements", p.sibling_group_placements),
                           ("Children placed in sibling groups", p.children_in_sibling_groups)):
        add("placed", measure, value)
    for age, n in p.ages:
        add("placed", f"{age_label(age)} at placement", n)
    for a in p.by_agency:
        name = report.agency_families(a.kind)
        add("placed", f"{name}: placements", a.placements)
        add("placed", f"{name}: children", a.children)
        add("placed", f"{name}: families", a.families)
    n = report.not_progressed
    for measure, value in (("Links", n.links), ("Families", n.families), ("Children", n.children),
                           ("Of them siblings", n.siblings)):
        add("not_progressed", measure, value)
    for reason, links in n.by_reason:
        add("not_progressed", f"Reason: {reason}", links)
    add("potentially_linked", "Children", report.potentially_linked.children)
    add("potentially_linked", "Families", report.potentially_linked.families)
    for key in ("exploring", "matches"):
        part: InProgress = getattr(report, key)
        for measure, value in (("Links", part.links), ("Children", part.children), ("Families", part.families)):
            add(key, measure, value)
        for status, links in part.by_status:
            add(key, f"Status at the end: {LINK_STATUSES[status]}", links)
    add("referrals", "Referrals made", report.referrals_made)
    for k in report.referrals:
        add("referrals", f"{REFERRAL_KINDS[k.kind]}: made", k.made)
        for status, count in k.outcomes:
            add("referrals", f"{REFERRAL_KINDS[k.kind]}: {REFERRAL_STATUSES[status]} at the end", count)
    for f in report.fund:
        section = f"fund:{f.agreement}"
        add(section, "Target placements", f.target)
        add(section, "Children placed by the end (fees drawn)", f.placed_by_end)
        add(section, "Children placed in the period (fees drawn)", f.placed_in_period)
        for measure, pence in (("Balance at the start", f.balance_at_start), ("Paid in", f.paid_in),
                               ("Fees drawn", f.fees), ("Reallocated: link worker", f.link_worker),
                               ("Reallocated: joint advertising", f.advertising),
                               ("Returned to the council", f.returned), ("Balance at the end", f.balance_at_end)):
            add(section, measure, pence, money=True)
    t = report.timeliness
    if t is not None:
        add("timeliness", "Threshold set", t.threshold or None)
        for key, result in (("A1", t.a1), ("A2", t.a2)):
            add("timeliness", f"{key}: average days", round(result.average, 1) if result.average is not None else None)
            add("timeliness", f"{key}: children counted", result.counted)
            add("timeliness", f"{key}: children left out", result.left_out)
            add("timeliness", f"{key}: threshold days", result.threshold)
        add("timeliness", "A2: children without a placement order left out", t.a2.missing)
    return out


def section_title(key: str) -> str:
    if key.startswith("fund:"):
        return f"{SECTIONS['fund']}: {key[5:]}"
    return SECTIONS[key]


def money_value(pence: int) -> dict:
    return {"pence": pence, "pounds": pounds(pence)}


def as_json(report: PartnershipReport, confidential: str = "") -> dict:
    """The report as JSON (a stable shape, documented in docs/guide-cli.md): dates ISO, money as
    {"pence": 1800000, "pounds": "18000.00"}, statuses and kinds by code with their words."""
    p, n = report.placed, report.not_progressed

    def progress(part: InProgress) -> dict:
        return {"links": part.links, "children": part.children, "families": part.families,
                "by_status": [{"status": s, "label": LINK_STATUSES[s], "links": k} for s, k in part.by_status]}

    def measure(result: MeasureResult) -> dict:
        return {"average_days": round(result.average, 1) if result.average is not None else None,
                "children": result.counted, "left_out": result.left_out, "threshold_days": result.threshold,
                "within_threshold": result.within, "words": result.describe()}

    t = report.timeliness
    return {
        "report": "partnership",
        "confidential": confidential or "CONFIDENTIAL",
        "council": report.council, "partner": report.partner,
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "made_on": report.made_on.isoformat() if report.made_on else None,
        "empty": report.empty,
        "summary": report.summary(),
        "placed": {
            "placements": p.placements, "children": p.children, "families": p.families, "girls": p.girls,
            "boys": p.boys, "sibling_group_placements": p.sibling_group_placements,
            "children_in_sibling_group_placements": p.children_in_sibling_groups,
            "age_at_placement": [{"age": age, "label": age_label(age), "children": k} for age, k in p.ages],
            "by_agency": [{"kind": a.kind, "label": report.agency_families(a.kind), "placements": a.placements,
                           "children": a.children, "families": a.families} for a in p.by_agency]},
        "did_not_progress": {"links": n.links, "families": n.families, "children": n.children, "siblings": n.siblings,
                             "by_reason": [{"reason": r, "links": k} for r, k in n.by_reason]},
        "potentially_linked": {"children": report.potentially_linked.children,
                               "families": report.potentially_linked.families},
        "being_explored_at_end": progress(report.exploring),
        "active_matches_at_end": progress(report.matches),
        "referrals": {"made": report.referrals_made, "by_kind": [
            {"kind": k.kind, "label": REFERRAL_KINDS[k.kind], "made": k.made,
             "status_at_end": [{"status": s, "label": REFERRAL_STATUSES[s], "referrals": c} for s, c in k.outcomes]}
            for k in report.referrals]},
        "fund": [{"agreement": f.agreement, "agency": f.agency, "target_placements": f.target,
                  "children_placed_by_end": f.placed_by_end, "children_placed_in_period": f.placed_in_period,
                  "balance_at_start": money_value(f.balance_at_start), "balance_at_end": money_value(f.balance_at_end),
                  "paid_in": money_value(f.paid_in), "fees": money_value(f.fees),
                  "reallocated": {"link_worker": money_value(f.link_worker), "advertising": money_value(f.advertising)},
                  "returned": money_value(f.returned)} for f in report.fund],
        "timeliness": None if t is None else {"threshold": t.threshold or None, "a1": measure(t.a1),
                                              "a2": measure(t.a2), "a2_left_out_words": t.a2_left_out_words()},
    }


def csv_rows(report: PartnershipReport, confidential: str = "") -> list[list[str]]:
    """section,measure,value: a heading row, the report's own lines (confidential, the period), then
    one row per figure; money in pounds ("18000.00", the measure says £)."""
    rows = [["section", "measure", "value"], ["Report", "Confidential", confidential or "CONFIDENTIAL"],
            ["Report", "From", report.start.isoformat()], ["Report", "To", report.end.isoformat()],
            ["Report", "Empty", "yes" if report.empty else "no"]]
    for f in figures(report):
        if f.money:
            rows.append([section_title(f.section), f"{f.measure} (£)", pounds(f.value)])
        else:
            rows.append([section_title(f.section), f.measure, "" if f.value is None else str(f.value)])
    return rows
