"""The demo's partnership story, so the partnership report has something in every section for the
last full financial year and for the last three: children placed with the partner's families and the
council's (a sibling group of three together among them, girls and boys of many ages), links that did
not progress for the usual reasons, a match at panel and one at matching on 31 March, and a referral
of each kind with its outcome. The partner's placements in the fund's years are the ones demo_fund
then draws fees for.

It is told with the children no other part of the demo uses: those whose plan changed, or who were
placed with no link recorded, and who carry no timeliness story. Their steps are dated afresh from
the financial years, not from today, so the report has the same shape whatever day the demo is made;
their names, needs and words stay as made. The families are the demo's approved ones: never two links
at a time, a rest after a placement, none on a matching matrix (so few are free early in April that a
story may then be left untold). Made through the records' and links' use cases, so every step is in
the history. All fictional."""
from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.formatting import financial_year
from ..domain.links import Link
from ..domain.records import WAITING_STAGES, Agency, Child, Referral, SiblingGroup, StageChange
from ..storage import audit
from . import demo_profiles, links, records
from .session import Session

Anchor = tuple[int, int, int]   # (financial years after the last full one, month, day)
Steps = tuple[tuple[str, Anchor], ...]


@dataclass(frozen=True)
class Other:
    """Another family's link with the same child or group, that did not progress."""

    kind: str          # the agency kind of the family
    steps: Steps       # its statuses up to "ended"; without "ended", the placement ends it
    reason: str = ""   # from the list of end reasons
    note: str = ""


@dataclass(frozen=True)
class Story:
    name: str
    sizes: tuple[int, ...]             # how many children, the first preferred
    kind: str                          # the agency kind of the family the child goes to
    steps: Steps                       # the link's statuses: to "placed", or to "ended" when the plan changed
    adopted_after: int | None = None   # days from placement to the adoption order
    others: tuple[Other, ...] = ()
    # (outcome, referred on, answered on, the outcome's words)
    referral: tuple[str, Anchor, Anchor, str] | None = None
    plan_changed: str = ""             # the plan change's reason (the link ends "Plan changed" that day)
    sex: str = ""                      # girls ("F") or boys ("M") preferred, for a mix of both


def _path(*steps: tuple[str, Anchor]) -> Steps:
    return tuple(steps)


STORIES = (
    Story("older child, in-house", (1,), "own", _path(
        ("identified", (-2, 4, 18)), ("interest", (-2, 4, 25)), ("exploring", (-2, 5, 16)),
        ("matching", (-2, 6, 20)), ("panel", (-2, 8, 14)), ("placed", (-2, 9, 4))), adopted_after=236, sex="F"),
    Story("the partner's family, after another withdrew", (1,), "partner", _path(
        ("identified", (-1, 10, 20)), ("interest", (-1, 10, 28)), ("exploring", (-1, 11, 18)),
        ("matching", (-1, 12, 9)), ("panel", (-1, 1, 13)), ("placed", (-1, 2, 3))), adopted_after=262,
        others=(Other("other", _path(("identified", (-1, 8, 11)), ("interest", (-1, 8, 20)), ("ended", (-1, 10, 2))),
                      "Family withdrew interest", "The family felt unable to support the contact plan"),), sex="M"),
    Story("competing interest, decided at a matching meeting", (1,), "partner", _path(
        ("identified", (0, 11, 4)), ("interest", (0, 11, 11)), ("exploring", (0, 11, 25)),
        ("matching", (0, 12, 16)), ("panel", (0, 2, 3)), ("placed", (0, 3, 3))), adopted_after=205,
        others=(Other("own", _path(("identified", (0, 10, 29)), ("interest", (0, 11, 5)), ("exploring", (0, 11, 19)),
                                   ("ended", (0, 12, 16))), "Another family chosen at matching meeting"),), sex="F"),
    Story("three together", (3,), "partner", _path(
        ("identified", (0, 7, 3)), ("interest", (0, 7, 11)), ("exploring", (0, 8, 1)),
        ("matching", (0, 9, 4)), ("panel", (0, 10, 22)), ("placed", (0, 11, 20))), adopted_after=250,
        others=(Other("other", _path(("identified", (0, 5, 12)), ("interest", (0, 5, 19)), ("ended", (0, 6, 17))),
                      "Family withdrew interest", "Three children felt too many at once after the family's visit"),),
        referral=("accepted", (0, 4, 28), (0, 5, 8), "Partner accepted: family finding under way")),
    Story("brothers or sisters, the partner's family", (2, 1), "partner", _path(
        ("identified", (0, 8, 18)), ("interest", (0, 8, 26)), ("exploring", (0, 9, 16)),
        ("matching", (0, 10, 20)), ("panel", (0, 12, 10)), ("placed", (0, 1, 12))), adopted_after=240,
        others=(Other("own", _path(("identified", (0, 6, 24)), ("interest", (0, 7, 2)), ("exploring", (0, 7, 16)),
                                   ("ended", (0, 8, 5))), "Child's needs could not be met",
                      "The family could not offer the direct contact the plan needs"),), sex="F"),
    Story("in-house, after another family withdrew", (1, 2), "own", _path(
        ("identified", (0, 10, 6)), ("interest", (0, 10, 13)), ("exploring", (0, 11, 3)),
        ("matching", (0, 12, 8)), ("panel", (0, 1, 26)), ("placed", (0, 2, 24))), adopted_after=210,
        others=(Other("other", _path(("identified", (0, 8, 26)), ("interest", (0, 9, 2)), ("ended", (0, 9, 30))),
                      "Family withdrew interest", "The family's own circumstances changed"),), sex="M"),
    Story("at panel on 31 March", (2, 1), "partner", _path(
        ("identified", (0, 11, 3)), ("interest", (0, 11, 10)), ("exploring", (0, 11, 26)),
        ("matching", (0, 1, 19)), ("panel", (0, 3, 12)), ("placed", (1, 4, 23))), adopted_after=230,
        others=(Other("other", _path(("identified", (0, 9, 15)), ("interest", (0, 9, 24)), ("ended", (0, 10, 14))),
                      "Other", "The family moved abroad for work"),), sex="M"),
    Story("at matching on 31 March", (1, 2), "partner", _path(
        ("identified", (0, 1, 9)), ("interest", (0, 1, 20)), ("exploring", (0, 2, 5)),
        ("matching", (0, 3, 9)), ("panel", (1, 5, 14)), ("placed", (1, 6, 11))), adopted_after=240,
        others=(Other("own", _path(("identified", (0, 10, 27)), ("interest", (0, 11, 4)), ("ended", (0, 11, 25))),
                      "Family withdrew interest", "The family asked to wait for a younger child"),
                Other("own", _path(("identified", (0, 3, 2)), ("interest", (0, 3, 10))))), sex="M"),
    Story("the plan changed", (1,), "partner", _path(
        ("identified", (0, 4, 21)), ("interest", (0, 4, 29)), ("exploring", (0, 5, 20)), ("ended", (0, 8, 11))),
        plan_changed="Court made a special guardianship order to a grandparent", sex="M"),
)
# An in-house family referred to the partner to be assessed: (outcome, referred on, answered on, words).
# One, as the trio's is the one child's: the demo's referrals stay a dozen or so.
ADOPTER_REFERRAL = ("declined", (0, 9, 8), (0, 9, 29), "Partner has no capacity to assess this quarter")
# After a placement a family is not linked again for this long (they are settling in); after a link
# that did not progress, a little while.
REST_AFTER = {"placed": (365, 180, 30), "ended": (14, 14, 0)}
RETOLD = "The demo's partnership story retells this child's steps"


def _on(fy0: int, anchor: Anchor) -> date:
    years, month, day = anchor
    fy = fy0 + years
    return date(fy if month >= 4 else fy + 1, month, day)


@dataclass
class _Unit:
    """A child alone, or a sibling group to be placed together, that no other story uses."""

    children: list[Child]
    group: SiblingGroup | None
    families: set[int] = dataclasses.field(default_factory=set)   # linked with it so far

    @property
    def youngest(self) -> date:
        return max(c.date_of_birth for c in self.children)

    @property
    def apart(self) -> bool:
        """One of brothers and sisters to be placed apart."""
        return self.group is None and self.children[0].sibling_group_id is not None

    @property
    def eldest(self) -> date:
        return min(c.date_of_birth for c in self.children)


def _free_units(session: Session) -> list[_Unit]:
    """Children whose plan changed, or placed with no link, with no link or referral, and no
    timeliness story (their foster carers adopting, no placement order, or matched before it)."""
    db = session.database()
    used = {r[0] for r in db.execute(
        """SELECT c.id FROM children c JOIN links l ON l.child_id = c.id OR l.sibling_group_id = c.sibling_group_id
           UNION SELECT child_id FROM referrals WHERE child_id IS NOT NULL""")}
    matched = {r[0]: date.fromisoformat(r[1]) for r in db.execute(
        "SELECT child_id, min(date) FROM child_stages WHERE stage = 'match_agreed' GROUP BY child_id")}
    groups = {g.id: g for g in records.all_of(session, SiblingGroup)}
    units: dict[tuple, _Unit] = {}
    left_out: set[tuple] = set()
    for child in records.all_of(session, Child):
        group = groups.get(child.sibling_group_id)
        together = group is not None and group.decision == "together"
        key = ("group", group.id) if together else ("child", child.id)
        story = (child.foster_carers_adopt or child.placement_order_date is None
                 or (child.id in matched and child.placement_order_date > matched[child.id]))
        if (child.archived or child.id in used or story
                or child.stage not in ("plan_changed", "placed", "adoption_order")):
            left_out.add(key)
        units.setdefault(key, _Unit([], group if together else None)).children.append(child)
    return [unit for key, unit in units.items() if key not in left_out]


class _Families:
    """The approved families each story may link with, and when each is busy."""

    def __init__(self, session: Session):
        db = session.database()
        self.rows = list(db.query(
            """SELECT f.id, f.approval_date, f.max_children, f.age_min, f.age_max, a.kind FROM families f
               JOIN agencies a ON a.id = f.agency_id WHERE f.stage = 'approved' AND f.archived = 0
               AND f.approval_date IS NOT NULL
               AND f.id NOT IN (SELECT family_id FROM matrix_families) ORDER BY f.approval_date, f.id"""))
        self.busy: dict[int, list[tuple[date, date, str]]] = {}
        for r in db.query("SELECT family_id, identified_on, status, status_date FROM links WHERE archived = 0"):
            final = r["status"] in ("placed", "ended")
            self.book(r["family_id"], date.fromisoformat(r["identified_on"]),
                      date.fromisoformat(r["status_date"]) if final else None, r["status"])

    def book(self, family_id: int, start: date, end: date | None, status: str) -> None:
        self.busy.setdefault(family_id, []).append((start, end or date.max, status))

    def _rest_needed(self, family_id: int, start: date, end: date | None, status: str) -> int | None:
        """The first tier of REST_AFTER at which the family is free from `start` to `end` (None:
        still going on today), or None when it is busy even with the least rest."""
        for tier in range(3):
            mine_to = date.max if end is None else end + timedelta(days=REST_AFTER.get(status, (0, 0, 0))[tier])
            if all(not (start <= (other_end if other_end == date.max else
                                  other_end + timedelta(days=REST_AFTER.get(other_status, (0, 0, 0))[tier]))
                        and other_start <= mine_to)
                   for other_start, other_end, other_status in self.busy.get(family_id, [])):
                return tier
        return None

    def choose(self, kind: str, unit: _Unit, start: date, end: date | None, status: str,
               not_these: set[int]) -> int | None:
        """A family of `kind` (else in-house, else any) approved a fortnight before `start` and free
        from `start` to `end` (None: still going on today), not one of `not_these`: the most rested,
        then the one whose offer fits best, then one that has not adopted yet and has had fewest links."""
        age = max(0, (start - unit.eldest).days // 365)
        size = len(unit.children)

        def score(r) -> tuple:
            spans = self.busy.get(r["id"], [])
            too_many = max(0, size - (r["max_children"] or 1))
            outside = not ((r["age_min"] or 0) <= age <= (r["age_max"] if r["age_max"] is not None else 18))
            return (self._rest_needed(r["id"], start, end, status), too_many, outside,
                    sum(s == "placed" for *_x, s in spans), len(spans), r["id"])

        for kinds in ((kind,), ("own",), ("own", "partner", "other")):
            free = [score(r) for r in self.rows if r["kind"] in kinds and r["id"] not in not_these
                    and date.fromisoformat(r["approval_date"]) <= start - timedelta(days=14)]
            free = [f for f in free if f[0] is not None]
            if free:
                return min(free)[-1]
        return None


def _agencies(session: Session) -> dict[str, int]:
    return {a.kind: a.id for a in records.all_of(session, Agency) if a.kind in ("own", "partner")}


class _Teller:
    def __init__(self, session: Session, seed: int):
        self.session = session
        self.today = session.today()
        self.fy0 = financial_year(self.today) - 1
        self.rng = random.Random(seed + 29)   # its own stream: the rest of the demo stays as it was
        self.families = _Families(session)
        self.reasons = {r["name"]: r["id"] for r in links.end_reasons(session, include_archived=True)}
        self.agencies = _agencies(session)
        self.made = 0

    def dated(self, steps: Steps) -> list[tuple[str, date]]:
        """The steps that have happened by yesterday (a story still going on stops at today)."""
        return [(status, _on(self.fy0, anchor)) for status, anchor in steps
                if _on(self.fy0, anchor) < self.today]

    # --- the child's own steps -----------------------------------------------------------------

    def plan(self, story: Story) -> dict[str, date]:
        """The child's dates before the links: decision, placement order, search, entering care."""
        first = min(_on(self.fy0, a) for steps in (story.steps, *(o.steps for o in story.others))
                    for _s, a in steps)
        searching = first - timedelta(days=self.rng.randint(20, 75))
        order = searching - timedelta(days=self.rng.randint(6, 24))
        decided = order - timedelta(days=self.rng.randint(45, 130))
        return {"agency_decision": decided, "placement_order": order, "family_finding": searching,
                "entered": decided - timedelta(days=self.rng.randint(90, 270))}

    def clear(self, unit: _Unit) -> None:
        """Clear each child's steps: the history keeps what they were."""
        db = self.session.database()
        for child in unit.children:
            for (step_id,) in db.execute("SELECT id FROM child_stages WHERE child_id = ? ORDER BY id", [child.id]):
                audit.delete(db, "child_stages", step_id, self.session.who, RETOLD)

    def retell(self, unit: _Unit, dates: dict[str, date]) -> None:
        """Start each child's steps again from the agency decision."""
        for child in unit.children:
            entered = min(dates["agency_decision"],
                          max(dates["entered"], child.date_of_birth + timedelta(days=self.rng.randint(2, 9))))
            audit.update(self.session.database(), "children", child.id, {
                "date_entered_care": entered.isoformat(), "placement_order_date": None}, self.session.who)
            for stage in ("agency_decision", "placement_order", "family_finding"):
                records.record_child_stage(self.session, child.id, StageChange(stage, dates[stage]))
        apart = records.get(self.session, SiblingGroup, unit.children[0].sibling_group_id) if unit.apart else None
        if apart is not None and apart.decision_date and apart.decision_date > dates["family_finding"]:
            # Brothers and sisters are found families apart once that is decided.
            records.save(self.session, dataclasses.replace(apart, decision_date=dates["agency_decision"]))

    def child_step(self, unit: _Unit, stage: str, on: date, reason: str = "") -> None:
        for child in unit.children:
            records.record_child_stage(self.session, child.id, StageChange(stage, on, reason))

    # --- links ------------------------------------------------------------------------------------

    def family_for(self, unit: _Unit, kind: str, steps: list[tuple[str, date]],
                   busy_until: tuple[str, date] | None = None) -> int | None:
        """A free family for a link with these steps (None when none is), booked from then on. It
        is busy until the last step when that is "ended", else until `busy_until` (None: still
        going on today)."""
        if not steps:
            return None
        if steps[-1][0] == "ended":
            busy_until = steps[-1]
        until, status = (busy_until[1], busy_until[0]) if busy_until else (None, "")
        family_id = self.families.choose(kind, unit, steps[0][1], until, status, unit.families)
        if family_id is not None:
            self.families.book(family_id, steps[0][1], until, status)
            unit.families.add(family_id)   # a family is linked with a child once
        return family_id

    def link(self, unit: _Unit, family_id: int | None, steps: list[tuple[str, date]], reason: str = "",
             note: str = "", found_at: str = "homefinder_meeting") -> int | None:
        """A link through the use cases, up to its last step (None without a family)."""
        if family_id is None or not steps:
            return None
        link_id = links.add_link(self.session, Link(
            child_id=unit.children[0].id if unit.group is None else None,
            sibling_group_id=unit.group.id if unit.group is not None else None, family_id=family_id,
            identified_on=steps[0][1], found_at=found_at)).record_id
        for status, on in steps[1:]:
            if status == "ended":
                window = links.window(self.session, link_id)
                if window is not None and not window["answer"] and reason == "Family withdrew interest":
                    links.answer_window(self.session, link_id, "decline", on)
                links.end_link(self.session, link_id, self.reasons[reason], note, on)
            elif status == "placed":
                links.place(self.session, link_id, on)
            else:
                links.record_link_status(self.session, link_id, StageChange(status, on))
        self.made += 1
        return link_id

    def refer(self, unit: _Unit, referral: tuple[str, Anchor, Anchor, str]) -> None:
        outcome, referred, answered, words = referral
        reason = ("Sibling group to be placed together; no in-house family approved for them" if len(unit.children) > 1
                  else "No in-house family fits: the partner is asked to find a family")
        self.referral(Referral(kind="child", child_id=unit.children[0].id, referred_on=_on(self.fy0, referred),
                               reason=reason), outcome, _on(self.fy0, answered), words)

    def referral(self, referral: Referral, outcome: str, answered: date, words: str) -> None:
        if referral.referred_on >= self.today:
            return
        referral = dataclasses.replace(referral, from_agency_id=self.agencies["own"],
                                       to_agency_id=self.agencies["partner"])
        referral_id = records.add(self.session, referral).record_id
        acknowledged = referral.referred_on + timedelta(days=(answered - referral.referred_on).days // 2)
        for status, on, reason in (("acknowledged", acknowledged, ""), (outcome, answered, words)):
            if on < self.today:
                records.record_referral_status(self.session, referral_id, StageChange(status, on, reason))

    # --- a story ----------------------------------------------------------------------------------

    def main_family(self, story: Story, unit: _Unit) -> int | None:
        """The family for the story's own link, booked (None when none is free)."""
        steps = self.dated(story.steps)
        placed = [s for s in steps if s[0] == "placed"]
        return self.family_for(unit, story.kind, [s for s in steps if s[0] != "placed"],
                               placed[0] if placed else None)

    def tell(self, story: Story, unit: _Unit, dates: dict[str, date], family_id: int) -> None:
        """The story with these children (their steps cleared) and its link's family."""
        steps = self.dated(story.steps)
        on_of = dict(steps)
        placed = ("placed", on_of["placed"]) if "placed" in on_of else None
        main = [s for s in steps if s[0] != "placed"]
        self.retell(unit, dates)
        if story.referral:
            self.refer(unit, story.referral)
        if "interest" in on_of:
            self.child_step(unit, "linked", on_of["interest"])
        if "panel" in on_of:
            self.child_step(unit, "match_agreed", on_of["panel"])
        for other in story.others:
            if "ended" in (s for s, _a in other.steps):
                other_steps = self.dated(other.steps)
                self.link(unit, self.family_for(unit, other.kind, other_steps), other_steps, other.reason, other.note)
        link_id = self.link(unit, family_id, main, "Plan changed" if story.plan_changed else "",
                            "The child's plan changed" if story.plan_changed else "",
                            found_at="partner_agency" if story.kind == "partner" else "homefinder_meeting")
        for other in story.others:   # still interested while the match went on: the placement ends it
            if "ended" not in (s for s, _a in other.steps) and placed:
                other_steps = self.dated(other.steps)
                self.link(unit, self.family_for(unit, other.kind, other_steps, ("ended", placed[1])),
                          other_steps, found_at="adopter_event")
        if placed:
            links.place(self.session, link_id, placed[1])
        if story.plan_changed and "ended" in on_of:
            self.child_step(unit, "plan_changed", on_of["ended"], story.plan_changed)
        adopted = placed[1] + timedelta(days=story.adopted_after) if placed and story.adopted_after else None
        if adopted is not None and adopted < self.today:
            self.child_step(unit, "adoption_order", adopted)
        self.words_if_waiting(unit)

    def words_if_waiting(self, unit: _Unit) -> None:
        """A child on their own still waiting today (a story going on) has words for a profile evening."""
        for child in unit.children:
            now = records.get(self.session, Child, child.id)
            if now.stage in WAITING_STAGES and not now.personality and now.sibling_group_id is None:
                age = (self.today - now.date_of_birth).days // 365
                words = demo_profiles.profile_words(self.rng, age, demo_profiles.family_sought(self.rng, False))
                records.save(self.session, dataclasses.replace(now, **words))

    def adopter(self) -> None:
        """An in-house family in assessment referred to the partner, whose start was nearest the day."""
        db = self.session.database()
        outcome, referred_on, answered, words = ADOPTER_REFERRAL
        on = _on(self.fy0, referred_on)
        found = db.execute(
            """SELECT f.id FROM families f JOIN agencies a ON a.id = f.agency_id WHERE a.kind = 'own'
               AND f.archived = 0 AND f.stage IN ('enquiry', 'stage_one', 'stage_two')
               AND f.id NOT IN (SELECT family_id FROM referrals WHERE family_id IS NOT NULL)
               ORDER BY abs(julianday((SELECT min(s.date) FROM family_stages s WHERE s.family_id = f.id))
                            - julianday(?)), f.id""", [on.isoformat()]).fetchone()
        if found is not None:
            self.referral(Referral(kind="adopter", family_id=found[0], referred_on=on,
                                   reason="Prospective adopters asked to be assessed by the partner"),
                          outcome, _on(self.fy0, answered), words)


def _assign(teller: _Teller, units: list[_Unit]) -> list[tuple[Story, _Unit, dict[str, date]]]:
    """Each story its children: the earliest story first, and for each a unit of the size it wants,
    old enough (born a month before the agency decision); girls or boys as the story prefers, then
    children alone before one of brothers and sisters placed apart, then the eldest."""
    planned = sorted(((story, teller.plan(story)) for story in STORIES), key=lambda p: p[1]["agency_decision"])
    out = []
    for story, dates in planned:
        for size in story.sizes:
            fit = [u for u in units if len(u.children) == size
                   and u.youngest <= dates["agency_decision"] - timedelta(days=30)]
            if fit:
                unit = min(fit, key=lambda u: (sum(c.sex != story.sex for c in u.children) if story.sex else 0,
                                               u.apart, u.eldest))
                units.remove(unit)
                out.append((story, unit, dates))
                break
    return out


def _still_going_on(teller: _Teller, story: Story) -> bool:
    """Its link would still be going on today: it needs a family with no other link going on now."""
    return teller.dated(story.steps)[-1][0] not in ("placed", "ended")


def add_partnership(session: Session, seed: int = 20130501) -> int:
    """Tell the demo's partnership story in a demo database just made (after its matrices, before
    its fund), in one transaction. Returns how many links were added."""
    with session.writing():
        teller = _Teller(session, seed)
        # A match of 31 March still going on today last: early in April few families have no other link
        # going on (the demo's own matches of 31 March fill that section then).
        told = []
        for story, unit, dates in sorted(_assign(teller, _free_units(session)),
                                         key=lambda assigned: _still_going_on(teller, assigned[0])):
            family_id = teller.main_family(story, unit)
            if family_id is not None:
                told.append((story, unit, dates, family_id))
        for _story, unit, _dates, _family in told:
            teller.clear(unit)
        for story, unit, dates, family_id in told:
            teller.tell(story, unit, dates, family_id)
        teller.adopter()
    return teller.made
