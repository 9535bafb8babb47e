"""The fictional demo data set, and the large sets the benchmarks use.

Every person here is invented: first names and surnames are drawn separately from
common-name lists, places are made up. A fixed seed makes the same data set each
time (relative to the day it is made, so ages and waiting times stay plausible).
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ..domain.errors import DatabaseInUse, HomefinderError
from ..domain.records import (CHILD_STAGE_ORDER, REFERRAL_CLOSED_STATUSES, WAITING_STAGES, Agency, Child, Family,
                              Referral, SiblingGroup, StageChange, Worker)
from ..storage import audit
from ..storage import records as store
from ..storage.keyfile import TEST_COST, key_path_for
from .session import Session, create_database, open_session

DEMO_PASSPHRASE = "fictional demo data only"  # printed in the README: the demo holds no real people
DEMO_WHO = "Demo data generator"
DEMO_COUNCIL = "Northshire County Council"
DEMO_PARTNER = "Brightpath Adoption"
SEED = 20130501

GIRLS = ["Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Poppy", "Ella", "Evie",
         "Sophia", "Grace", "Willow", "Daisy", "Ruby", "Maisie", "Phoebe", "Esme", "Aisha", "Zara",
         "Maya", "Niamh", "Orla", "Layla", "Hannah", "Chloe", "Erin", "Leah", "Nia"]
BOYS = ["Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theo",
        "Jack", "Charlie", "Freddie", "Alfie", "Finley", "Jacob", "Reuben", "Tommy", "Kai", "Zain",
        "Ethan", "Louie", "Rory", "Callum", "Dylan", "Owen", "Mason", "Kian", "Ryan", "Elliot"]
SURNAMES = ["Ashworth", "Bramley", "Calloway", "Dunmore", "Ellison", "Fairbairn", "Garside", "Holloway",
            "Inglby", "Jessop", "Kettering", "Lockwood", "Marsden", "Northcott", "Oakley", "Pemberton",
            "Quarrie", "Radcliffe", "Sandford", "Thwaite", "Underhill", "Varley", "Whitlock", "Yardley",
            "Abara", "Bhatt", "Chowdhury", "Da Silva", "Eze", "Fofana", "Gill", "Hussain", "Kowalski",
            "Mensah", "Nowak", "Okafor", "Patel", "Rahman", "Sokolova", "Tran", "Walsh", "Brennan"]
ADULTS = ["Sarah", "James", "Emma", "Daniel", "Rachel", "Tom", "Priya", "Michael", "Helen", "David",
          "Laura", "Chris", "Fatima", "Andrew", "Claire", "Mark", "Joanne", "Paul", "Yasmin", "Stephen",
          "Nicola", "Gareth", "Bola", "Kevin", "Sian", "Imran", "Lucy", "Adam", "Megan", "Rob"]
AREAS = ["Ashby Market", "Kingsmere", "Longford Vale", "Holmbridge", "Castlereach", "Wexley",
         "Marlow Heath", "Thornbury Fields", "Elmstead", "Stonegate", "Fenwick", "Harrowdene"]
ETHNICITIES = ["White British"] * 10 + ["White and Black Caribbean", "White and Asian", "Black British",
                                         "Asian British (Pakistani)", "White Irish", "Gypsy/Roma",
                                         "White and Black African", "Any other White background"]
RELIGIONS = ["None", "None", "None", "Christian", "Christian", "Muslim", "Not known"]
LANGUAGES = ["English"] * 12 + ["English and Polish", "English and Urdu"]
HOUSEHOLDS = ["Married couple, no children", "Single adopter", "Civil partners, one birth child aged 9",
              "Married couple, one adopted child aged 6", "Unmarried couple, no children",
              "Single adopter, works part time", "Married couple, two teenage birth children",
              "Foster carers wishing to adopt"]
TEAMS = ["Children in Care North", "Children in Care South", "Permanence Team", "Fostering Team"]


def _pick_stage(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.10:
        return "agency_decision"
    if r < 0.22:
        return "placement_order"
    if r < 0.48:
        return "family_finding"
    if r < 0.60:
        return "linked"
    if r < 0.68:
        return "match_agreed"
    if r < 0.82:
        return "placed"
    if r < 0.95:
        return "adoption_order"
    return "plan_changed"


def _history(rng: random.Random, stage: str, today: date) -> list[StageChange]:
    """Dated steps from the agency decision to `stage`, spaced as real cases move, ending
    some weeks (or, for finished cases, years) before today."""
    gaps = {"placement_order": (40, 160), "family_finding": (5, 40), "linked": (30, 240),
            "match_agreed": (30, 110), "placed": (7, 35), "adoption_order": (120, 330)}
    if stage == "plan_changed":
        stop = rng.choice(["placement_order", "family_finding", "linked"])
        path = CHILD_STAGE_ORDER[:CHILD_STAGE_ORDER.index(stop) + 1]
    else:
        path = CHILD_STAGE_ORDER[:CHILD_STAGE_ORDER.index(stage) + 1]
    offsets = [0]
    for name in path[1:]:
        offsets.append(offsets[-1] + rng.randint(*gaps[name]))
    if stage == "plan_changed":
        offsets.append(offsets[-1] + rng.randint(30, 200))
        path = path + ["plan_changed"]
    # Children still waiting reached their stage recently; finished cases may be years old.
    waiting = stage in ("agency_decision", "placement_order", "family_finding", "linked", "match_agreed")
    since_last = rng.randint(3, 200) if waiting else rng.randint(10, 365 * 4)
    start = today - timedelta(days=offsets[-1] + since_last)
    reasons = ["Court made a special guardianship order to a grandparent",
               "Returned to birth father after a positive parenting assessment",
               "Long-term fostering with current carers agreed as the plan"]
    return [StageChange(name, start + timedelta(days=off), rng.choice(reasons) if name == "plan_changed" else "")
            for name, off in zip(path, offsets)]


def generate(session: Session, children: int = 60, families: int = 40, seed: int = SEED,
             referrals: int = 12) -> dict:
    """Add a fictional, plausible data set to an open (empty) database, in one transaction."""
    # The stories' builders are imported here, not at the top: every start of the program imports
    # this module (for the demo's passphrase on the lock and unlock screens) but few build a demo.
    from . import demo_links, demo_profiles, demo_timeliness

    rng = random.Random(seed)
    # Needs and offers draw on streams of their own, so the children and families stay as they were.
    needs_rng, offer_rng = random.Random(seed + 11), random.Random(seed + 13)
    profile_rng = random.Random(seed + 19)  # the profile words, likewise
    today = session.today()
    timeliness = demo_timeliness.Stories(today, seed)  # and the scorecard's dates
    db = session.database()
    who = session.who
    counts = {"children": 0, "families": 0, "sibling_groups": 0, "workers": 0, "agencies": 0}
    with session.writing():
        agencies = {a.kind: a.id for a in store.all_of(db, Agency) if a.kind in ("own", "partner")}
        others = []
        for name, phone in (("Fernbrook Adoption Trust", "01632 960 118"),
                            ("Westmarch Borough Council Adoption Service", "01632 960 442"),
                            ("Harbourside Family Placement", "01632 960 731")):
            others.append(store.add(db, Agency(name=name, kind="other", phone=phone,
                                               email="enquiries@example.org.uk"), who))
            counts["agencies"] += 1
        workers: dict[str, list[int]] = {"own": [], "partner": [], "other": []}
        staff = [("own", "Social worker", 8), ("own", "Team manager", 2), ("partner", "Social worker", 5),
                 ("partner", "Family finder", 1), ("other", "Social worker", 3)]
        used = set()
        for kind, role, n in staff:
            for _ in range(n):
                while True:
                    name = f"{rng.choice(ADULTS)} {rng.choice(SURNAMES)}"
                    if name not in used:
                        used.add(name)
                        break
                agency_id = agencies[kind] if kind != "other" else rng.choice(others)
                first = name.split()[0].lower()
                worker_id = store.add(db, Worker(name=name, role=role, agency_id=agency_id,
                                                 team=rng.choice(TEAMS) if kind == "own" else "",
                                                 phone=f"01632 96{rng.randint(1000, 9999)}",
                                                 email=f"{first}.{rng.randint(10, 99)}@example.org.uk"), who)
                workers[kind].append(worker_id)
                counts["workers"] += 1
        own_workers = workers["own"]

        made = 0
        used_names: set[tuple[str, str]] = set()
        group_surnames: set[str] = set()
        while made < children:
            # About a third of children are in sibling groups of two or three.
            size = 1 if rng.random() < 0.68 or children - made < 2 else rng.choice([2, 2, 2, 3])
            size = min(size, children - made)
            surname = rng.choice(SURNAMES)
            if size > 1:
                # One "Marsden siblings" group only: two groups of one name would confuse anyone.
                free = [name for name in SURNAMES if name not in group_surnames]
                surname = rng.choice(free) if free else surname
                group_surnames.add(surname)
            stage = _pick_stage(rng)
            steps = timeliness.unit_steps(_history(rng, stage, today), size)
            adm = steps[0].date
            group_id = None
            apart = False
            if size > 1:
                apart = rng.random() < 0.1
                group = SiblingGroup(name=f"{surname} siblings", decision="apart" if apart else "together",
                                     decision_date=adm if apart else None,
                                     decision_reason="Assessment found the children's needs are best met "
                                                     "in separate families" if apart else "")
                group_id = store.add(db, group, who)
                counts["sibling_groups"] += 1
            # Most children are under two at the agency decision; "harder to place" older ones are fewer.
            band = rng.random()
            eldest_age_days = (rng.randint(60, 730) if band < 0.55 else rng.randint(730, 1825)
                               if band < 0.88 else rng.randint(1825, 2920))
            if size > 1:
                eldest_age_days = max(eldest_age_days, 400 * size)
            worker = rng.choice(own_workers)
            unit_needs = demo_profiles.unit_needs(needs_rng, size, apart)
            # Words for profile evenings: the children waiting for a family, and every sibling group's.
            described = steps[-1].stage in WAITING_STAGES or size > 1
            sought = demo_profiles.family_sought(profile_rng, size > 1 and not apart) if described else ""
            for i in range(size):
                sex = rng.choice("FM")
                first = rng.choice(GIRLS if sex == "F" else BOYS)
                for _ in range(20):  # no two children of one name (large sets may repeat)
                    if (first, surname) not in used_names:
                        break
                    first = rng.choice(GIRLS if sex == "F" else BOYS)
                used_names.add((first, surname))
                born = adm - timedelta(days=max(30, eldest_age_days - i * rng.randint(300, 700)))
                entered = max(born + timedelta(days=rng.randint(1, 60)), adm - timedelta(days=rng.randint(30, 300)))
                po = next((s.date for s in steps if s.stage == "placement_order"), None)
                child = Child(first_name=first, last_name=surname, date_of_birth=born, sex=sex,
                              ethnicity=rng.choice(ETHNICITIES), religion=rng.choice(RELIGIONS),
                              language=rng.choice(LANGUAGES), date_entered_care=min(entered, adm),
                              placement_order_date=po, stage=steps[-1].stage, stage_date=steps[-1].date,
                              sibling_group_id=group_id, social_worker_id=worker,
                              team=rng.choice(TEAMS[:3]),
                              **demo_profiles.child_needs(needs_rng, unit_needs, (today - born).days // 365,
                                                          steps[-1].stage),
                              **(demo_profiles.profile_words(profile_rng, (today - born).days // 365, sought)
                                 if described else {}))
                child_id = store.add(db, timeliness.child(child, steps), who)
                for step in steps:
                    audit.insert(db, "child_stages", {"child_id": child_id, "stage": step.stage,
                                                      "date": step.date.isoformat(), "reason": step.reason,
                                                      "recorded_by": who}, who)
                counts["children"] += 1
            made += size

        for _ in range(families):
            r = rng.random()
            kind = "own" if r < 0.45 else "partner" if r < 0.8 else "other"
            agency_id = agencies[kind] if kind != "other" else rng.choice(others)
            surname = rng.choice(SURNAMES)
            one = f"{rng.choice(ADULTS)} {surname}"
            household = rng.choice(HOUSEHOLDS)
            two = "" if household.startswith("Single") else f"{rng.choice(ADULTS)} {rng.choice([surname, rng.choice(SURNAMES)])}"
            s = rng.random()
            stage = ("approved" if s < 0.55 else "stage_two" if s < 0.7 else "stage_one" if s < 0.8
                     else "enquiry" if s < 0.87 else "on_hold" if s < 0.94 else "withdrawn")
            path = ["enquiry", "stage_one", "stage_two", "approved"]
            upto = path.index(stage) if stage in path else 2
            offsets = [0]
            for _ in range(upto):
                offsets.append(offsets[-1] + rng.randint(40, 150))
            if stage in ("on_hold", "withdrawn"):
                offsets.append(offsets[-1] + rng.randint(10, 90))
            # Families in assessment moved recently; approved ones may have waited years since.
            since_last = rng.randint(3, 120) if stage not in ("approved", "withdrawn") else rng.randint(10, 365 * 4)
            enquiry = today - timedelta(days=offsets[-1] + since_last)
            dates = [enquiry + timedelta(days=off) for off in offsets]
            steps = [StageChange(name, d) for name, d in zip(path[:upto + 1], dates)]
            if stage in ("on_hold", "withdrawn"):
                steps.append(StageChange(stage, dates[-1],
                                         "Family asked to pause for a change in circumstances"
                                         if stage == "on_hold" else "Family decided adoption is not right for them now"))
            approval = next((st.date for st in steps if st.stage == "approved"), None)
            fam = Family(name=f"{surname} family" if two else f"{one}", adopter_one=one, adopter_two=two,
                         agency_id=agency_id, stage=steps[-1].stage, stage_date=steps[-1].date,
                         approval_date=approval, household=household, area=rng.choice(AREAS),
                         social_worker_id=rng.choice(workers[kind]) if workers[kind] else None,
                         **(demo_profiles.offer(offer_rng, household) if steps[-1].stage in ("approved", "stage_two")
                            else {}))
            family_id = store.add(db, fam, who)
            for step in steps:
                audit.insert(db, "family_stages", {"family_id": family_id, "stage": step.stage,
                                                   "date": step.date.isoformat(), "reason": step.reason,
                                                   "recorded_by": who}, who)
            counts["families"] += 1
        if referrals:
            counts["referrals"] = _referrals(db, who, today, agencies, referrals, seed)
        counts["links"] = demo_profiles.add_links(db, who, today, seed)
        counts["links"] += demo_links.add_windows(db, who, today)  # windows, competing interest
        demo_timeliness.add_threshold_set(db, who, today)
    return counts


CHILD_REFERRAL_REASONS = [
    "No in-house family fits: the partner is asked to find a family",
    "Sibling group of two to be placed together; no in-house family approved for two",
    "Needs a family near Castlereach for contact with a grandparent",
    "Older child with additional needs; widen the search to the partner's adopters",
]
ADOPTER_REFERRAL_REASONS = [
    "Enquiry from adopters living outside the council's area",
    "Foster carers wishing to adopt the child in their care",
    "Prospective adopters asked to be assessed by the partner",
]
REFERRAL_OUTCOMES = {
    "child": {"accepted": "Partner accepted: family finding under way",
              "declined": "Partner has no family who could meet the child's needs",
              "withdrawn": "Referral withdrawn: an in-house family came forward"},
    "adopter": {"accepted": "Partner accepted: assessment begins next month",
                "declined": "Partner has no capacity to assess this quarter",
                "withdrawn": "Adopters withdrew their enquiry"},
}


def _referrals(db, who: str, today: date, agencies: dict[str, int], n: int, seed: int) -> int:
    """About `n` referrals from the council to the partner, of both kinds, some open and some
    closed, each with a dated status history ending before today. Their own random stream,
    so the children and families stay as they were."""
    rng = random.Random(seed + 7)
    waiting = [r[0] for r in db.execute(
        "SELECT id FROM children WHERE stage IN ('placement_order', 'family_finding', 'linked') ORDER BY id")]
    assessing = [r[0] for r in db.execute(
        "SELECT id FROM families WHERE stage IN ('enquiry', 'stage_one', 'stage_two') ORDER BY id")]
    rng.shuffle(waiting)
    rng.shuffle(assessing)
    made = 0
    for i in range(n):
        kind = "child" if i % 3 != 2 else "adopter"
        pool = waiting if kind == "child" else assessing
        if not pool:
            continue
        record_id = pool.pop()
        referred = today - timedelta(days=rng.randint(4, 320))
        ending = rng.choice(["open", "open", "acknowledged", "accepted", "accepted", "declined", "withdrawn"])
        path = ["open"] if ending == "open" else ["open", "acknowledged"] if ending == "acknowledged" \
            else ["open", "acknowledged", ending] if rng.random() < 0.7 else ["open", ending]
        dates = [referred]
        for _ in path[1:]:
            step = dates[-1] + timedelta(days=rng.randint(1, 21))
            dates.append(min(step, today - timedelta(days=1)))
        outcome = REFERRAL_OUTCOMES[kind].get(ending, "")
        referral = Referral(kind=kind, child_id=record_id if kind == "child" else None,
                            family_id=record_id if kind == "adopter" else None, referred_on=referred,
                            from_agency_id=agencies["own"], to_agency_id=agencies["partner"],
                            reason=rng.choice(CHILD_REFERRAL_REASONS if kind == "child" else ADOPTER_REFERRAL_REASONS),
                            status=path[-1], status_date=dates[-1],
                            response_date=dates[1] if len(dates) > 1 else None, outcome=outcome)
        referral_id = store.add(db, referral, who)
        for status, when in zip(path, dates):
            audit.insert(db, "referral_statuses", {
                "referral_id": referral_id, "status": status, "date": when.isoformat(),
                "reason": outcome if status in REFERRAL_CLOSED_STATUSES else "", "recorded_by": who}, who)
        made += 1
    return made


def create_demo(path: Path, who: str = DEMO_WHO, children: int = 60, families: int = 40,
                seed: int = SEED) -> Session:
    """A new demo database at `path`, opened. Its passphrase is DEMO_PASSPHRASE."""
    session, _recovery = create_database(path, DEMO_PASSPHRASE, who, DEMO_COUNCIL, DEMO_PARTNER,
                                         kdf_cost=TEST_COST, check_strength=False,
                                         extra_info={"demo": "yes"})
    from . import demo_fund, demo_matrices, demo_meetings, demo_partnership
    from .photos import add_demo_photos

    generate(session, children=children, families=families, seed=seed)
    add_demo_photos(session, seed=seed)  # children's-drawing pictures: no photo of a real person
    demo_meetings.add_meetings(session)  # minutes, actions carried forward, a profile evening
    demo_matrices.add_matrices(session)  # a decided matching matrix and one still being rated
    demo_partnership.add_partnership(session, seed)  # placements, links ended, matches at 31 March, referrals
    demo_fund.add_fund(session)  # the upfront fund: instalments, fees drawn, rollover, reallocations, checks
    return session


def remove_demo(path: Path) -> None:
    """Delete the demo database at `path` (to make it afresh). Anything that does not open as
    the demo, with the demo's passphrase and its "demo" mark, is left alone."""
    try:
        session = open_session(path, DEMO_PASSPHRASE, DEMO_WHO)
    except DatabaseInUse:
        raise
    except HomefinderError:
        raise HomefinderError(f"{path.name} does not open as the demo, so it was left alone. "
                              "Name another file with --database.") from None
    try:
        if not session.is_demo:
            raise HomefinderError(f"{path.name} is not a demo database, so it was left alone.")
    finally:
        session.close()
    for leftover in (path, key_path_for(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
        if leftover.exists():
            leftover.unlink()
