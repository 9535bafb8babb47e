"""The demo's matching matrices, so a newcomer sees the matrix at work. For the child whose
competing interest came first: a matrix decided a few days ago by the child's social worker with a
team manager, which ended the other family's link ("Another family chosen at matching meeting")
and moved the child on to Linked. For the other child with competing interest: a matrix still
being rated, with a hard mismatch the records show and areas still to rate. Made through the
same use cases as the screens, so every write is in the history. All fictional, the same every
time."""
from __future__ import annotations

from datetime import date, timedelta

from ..domain.formatting import age_in_years, and_list
from ..domain.matrix import DEFAULT_CATALOGUE, MatrixDecision
from ..domain.needs import ABUSE_KINDS, NONE_CODE, SCALES
from ..domain.records import Child
from ..domain.shortlist import FITS, OUTSIDE_WISHES, ShortlistEntry
from . import links, matrix, records
from .demo_meetings import _weekday
from .session import Session

# The family's side of each area, as a worker would write it: (strengths, weaknesses) for each
# rating. {child} is the child's first name, {family} the family's name, {area} where they live.
AREA_NOTES: dict[str, dict[str, tuple[str, str]]] = {
    "wishes": {
        "strength": ("{child} is just the child {family} hoped for: age, sex and a single child, all "
                     "within their approval.", ""),
        "meets": ("Within the range the family were approved for.", ""),
        "partly": ("Within their approval.", "At the edge of the range they hoped for."),
    },
    "appearance": {
        "strength": ("{child} would not stand out in the family or at the school gate; they see why it "
                     "can matter to a child.", ""),
        "meets": ("Some likeness to {child}; the family say belonging matters more to them than looks.", ""),
        "partly": ("Open to talking about difference.",
                   "{child} would look unlike everyone in the family; they have not yet thought about "
                   "questions from other children."),
    },
    "identity_culture": {
        "strength": ("Share part of {child}'s heritage, with friends and relatives of the same background "
                     "nearby.", ""),
        "meets": ("Have read about {child}'s heritage and found community groups near {area}.",
                  "Links with the community are still to be made; a plan is agreed with their social worker."),
        "partly": ("Willing to learn.", "Little experience of {child}'s culture or faith, and no plan yet "
                                        "for keeping them alive at home."),
    },
    "health": {
        "strength": ("Experienced with children's health needs through work; already registered with a "
                     "GP practice that knows them well.", ""),
        "meets": ("Understand {child}'s health needs and would keep every appointment.", ""),
        "partly": ("Would take on the appointments.", "Have not cared for a child with additional needs; "
                                                      "training is booked but not done."),
    },
    "education": {
        "strength": ("Flexible working; have visited the nursery and school near home already.", ""),
        "meets": ("Good local schools; would work with the school on a plan for starting.", ""),
        "partly": ("Interested in learning.", "Both work full time; how they would manage the school day "
                                              "is not yet clear."),
    },
    "emotional": {
        "strength": ("Completed therapeutic parenting training; calm, patient and reflective at every visit.", ""),
        "meets": ("Understand that {child} may find change hard and would ask for help early.", ""),
        "partly": ("Keen to learn.", "Expect {child} to settle quickly; would need support to understand "
                                     "what early experiences can do."),
    },
    "preparation": {
        "strength": ("Have read {child}'s life-story book and would add to it; already planning a memory box.", ""),
        "meets": ("Would carry on the life-story work with the adoption team's support.", ""),
        "partly": ("Open to it.", "Unsure how to talk about {child}'s early life; would need help with the "
                                  "life-story book."),
    },
    "identity": {
        "strength": ("Already talk openly about adoption; would tell {child} the story from the start, in "
                     "words for each age.", ""),
        "meets": ("Would talk about adoption openly as {child} grows.", ""),
        "partly": ("Willing.", "Have said they would wait until {child} is older to talk about adoption."),
    },
    "family_history": {
        "strength": ("Understand what {child} lived through before care and how it may show later; honest "
                     "and without judgement about the birth family.", ""),
        "meets": ("Accept the history as recorded and would ask for advice when questions come.", ""),
        "partly": ("Honest about their worries.", "Anxious about what the history could mean later; would "
                                                  "need more time with the medical adviser."),
    },
    "attachment": {
        "strength": ("Plan a year at home; have raised a child through a hard start and speak of it warmly "
                     "and realistically.", ""),
        "meets": ("Plan extended leave and understand {child} may take time to trust them.", ""),
        "partly": ("Warm and caring.", "Plan to go back to work within three months; would need to think "
                                       "again about the time {child} needs."),
    },
    "current_carers": {
        "strength": ("Have met the foster carers and agreed to keep in touch after the move.", ""),
        "meets": ("Would work with the foster carers on introductions.", ""),
        "partly": ("Willing.", "Unsure about keeping in touch with the foster carers after the move."),
    },
    "contact": {
        "strength": ("See why contact matters to {child} and would manage it themselves, with support.", ""),
        "meets": ("Would support the contact plan as agreed.", ""),
        "partly": ("Would go along with the plan.", "Uneasy about contact; would need support to manage it."),
    },
    "personality": {
        "strength": ("A lively, outdoor household; {child}'s love of songs and the park would fit well.", ""),
        "meets": ("An active family with time for {child}'s interests.", ""),
        "partly": ("Kind and gentle.", "A quiet household; would need to make room for a lively child."),
    },
    "accommodation": {
        "strength": ("Own home in {area} with a garden and a bedroom ready; a safe distance from the birth "
                     "family.", ""),
        "meets": ("A house in {area} with a spare bedroom.", ""),
        "partly": ("Near good schools.", "A flat with no garden; the second bedroom is also the study."),
    },
    "childs_views": {
        "strength": ("Have asked what {child} likes and would keep the favourite toys and routines.", ""),
        "meets": ("Would take account of what {child} says and shows.", ""),
        "partly": ("Willing.", "Have not yet thought about what {child} might want."),
    },
}

# How each kind of family's column reads: the most promising (chosen, in a decided matrix), another
# that fits, and one the records show a hard mismatch for. Areas not named are "meets".
PATTERNS: dict[str, dict[str, str]] = {
    "best": {"attachment": "strength", "emotional": "strength", "contact": "strength", "identity": "strength",
             "current_carers": "strength", "preparation": "strength", "health": "strength"},
    "fits": {"education": "strength", "personality": "strength", "attachment": "partly",
             "accommodation": "partly", "preparation": "partly"},
    "mismatch": {"accommodation": "strength", "emotional": "partly", "identity_culture": "partly",
                 "current_carers": "partly", "contact": "partly"},
}
HARD_MISMATCH_NOTE = ("Outside what {family} were approved for: they would need to talk it through with their "
                      "social worker, and any change would go back to panel.")
DECIDED_NEEDS = ("health", "emotional", "family_history", "attachment", "contact", "identity_culture",
                 "personality", "childs_views")
OPEN_NEEDS = ("health", "emotional", "contact", "childs_views")
# A child whose search is on: a matrix is held for a child still waiting.
WAITING_STAGES = ("placement_order", "family_finding", "linked")
# In the open matrix, how many areas (in the catalogue's order) have been rated for each family so
# far; a hard mismatch is always rated.
OPEN_RATED = (9, 5, 3, 2)

_CONTACT_NEEDS = {"letterbox": "letterbox contact with birth mother once a year",
                  "siblings": "direct contact with brothers or sisters twice a year",
                  "birth_parents": "direct contact with birth parents twice a year",
                  "relatives": "direct contact with a grandparent"}


def needs_for(child: Child, today: date) -> dict[str, str]:
    """The child's side of each area, as a worker would write it, from what the records say."""
    name, age = child.first_name, age_in_years(child.date_of_birth, today)

    def level(scale):
        return SCALES[scale][1].get(getattr(child, scale), "not recorded").lower()

    abuse = [ABUSE_KINDS[k].lower() for k in child.abuse if k in ABUSE_KINDS]
    history = (f"The history includes {and_list(abuse)}. {name} needs a family who can talk about it honestly, "
               f"a little at a time." if abuse else
               "No abuse or neglect is known; the birth parents' own histories are in the child permanence report.")
    if child.drugs_alcohol not in ("", NONE_CODE):
        history += f" Exposure to drugs or alcohol: {level('drugs_alcohol')}."
    contact = [_CONTACT_NEEDS[k] for k in child.contact if k in _CONTACT_NEEDS]
    months = max(1, (today - child.date_entered_care).days // 30) if child.date_entered_care else None
    school = ("Too young for school; goes to a playgroup with the foster carer." if age < 3 else
              "Starts school next September and needs a settled start." if age < 5 else
              "At primary school; " + ("no extra help needed in class." if child.education in ("", NONE_CODE)
                                       else f"{level('education')}."))
    return {
        "health": f"Health needs: {level('health')}. Disability: {level('disability')}. Developmental "
                  f"uncertainty: {level('development')}. Health assessment up to date; the paediatrician's "
                  "report is on file.",
        "education": school,
        "emotional": f"Unsettled at night since the last move; needs calm routines and adults who stay patient "
                     f"when {name} tests them.",
        "family_history": history,
        "attachment": f"Close to the foster carer{f' after {months} months' if months else ''}; needs help to "
                      "carry that trust to a new family.",
        "contact": (f"Plan: {and_list(contact)}." if contact else "No contact with the birth family is planned."),
        "identity_culture": " ".join(f"{label}: {getattr(child, label.lower()) or 'not recorded'}."
                                     for label in ("Ethnicity", "Religion", "Language"))
                            + " Needs a family who will keep this heritage alive at home.",
        "personality": ("Loves songs, the park and anything with water; curious and quick to laugh." if age < 6 else
                        "Loves football and drawing; chatty once settled, quiet with new adults."),
        "childs_views": (f"Too young to say; the foster carer says {name} is happiest with a familiar routine "
                         "and a favourite blanket." if age < 4 else
                         f"{name} has said a new family should be kind, have a garden and let {name} keep "
                         "seeing the people who matter."),
    }


def _in_the_running(entry: ShortlistEntry) -> bool:
    """A family a matrix may hold: one that fits, or one outside a stated wish (a hard mismatch the
    matrix shows), but never one committed elsewhere or not approved."""
    return entry.tier in (FITS, OUTSIDE_WISHES)


def _waiting(session: Session) -> list[tuple[Child, list[dict]]]:
    """Children waiting on their own for a family, each with its links going on in the order they
    were identified: those with competing interest first (the competition that began first, first),
    then those still in family finding (with a link first), then the rest."""
    by_child: dict[int, list[dict]] = {}
    for row in links.link_rows(session, "current"):
        if row["child_id"] is not None and row["sibling_group_id"] is None:
            by_child.setdefault(row["child_id"], []).append(row)
    out = [(child, sorted(by_child.get(child.id, []), key=lambda r: (str(r["identified_on"]), r["id"])))
           for child in records.all_of(session, Child)
           if child.sibling_group_id is None and child.stage in WAITING_STAGES]
    return sorted(out, key=lambda item: (len(item[1]) < 2, item[0].stage != "family_finding", not item[1],
                                         str(item[1][-1]["identified_on"]) if item[1] else "", item[0].id))


def _families_for(session: Session, child: Child, linked: list[dict], size: int) -> list[ShortlistEntry]:
    """The child's linked families still in the running; then, up to `size`, the best-ranked
    families that fit (those with no link going on first), then those outside a stated wish."""
    entries = matrix.shortlist_for(session, child_id=child.id)
    by_id = {e.family.id: e for e in entries}
    busy = {r["family_id"] for r in links.link_rows(session, "current") if r["child_id"] != child.id}
    chosen = [by_id[r["family_id"]] for r in linked
              if r["family_id"] in by_id and _in_the_running(by_id[r["family_id"]])]
    taken = {e.family.id for e in chosen}
    rest = [e for e in entries if e.family.id not in taken and _in_the_running(e)]
    more = sorted((e for e in rest if e.fits), key=lambda e: (e.family.id in busy, e.rank))
    more += [e for e in rest if not e.fits and e.family.id not in busy]
    return chosen + more[:max(0, size - len(chosen))]


def _rate_column(session: Session, matrix_id: int, cells: dict, child: Child, family, pattern: str, areas) -> None:
    words = {"child": child.first_name, "family": family.name, "area": family.area or "their area"}
    for code in DEFAULT_CATALOGUE.codes:
        cell = cells[(code, family.id)]
        hard = cell.prefill is not None and cell.prefill.hard_mismatch
        if hard:
            # The worker agrees with the records (which the cell shows beside the rating).
            matrix.rate(session, matrix_id, code, family.id, "concern", "", HARD_MISMATCH_NOTE.format(**words))
        elif code in areas:
            rating = PATTERNS[pattern].get(code, "meets")
            strengths, weaknesses = AREA_NOTES[code][rating]
            matrix.rate(session, matrix_id, code, family.id, rating, strengths.format(**words),
                        weaknesses.format(**words))


def _pattern(entry: ShortlistEntry, best_id: int) -> str:
    return "best" if entry.family.id == best_id else "mismatch" if entry.hard_mismatches else "fits"


def _workers(session: Session, child: Child) -> tuple[str, str]:
    """The child's social worker and a team manager of the council, by name."""
    rows = records.worker_rows(session)
    worker = next((r["name"] for r in rows if r["id"] == child.social_worker_id), "Child's social worker")
    manager = next((r["name"] for r in rows if r["role"] == "Team manager" and r["agency"] == session.council_name),
                   next((r["name"] for r in rows if r["role"] == "Team manager"), "Team manager"))
    return worker, manager


def _mismatch_areas(session: Session, matrix_id: int, family_id: int) -> list[str]:
    sheet = matrix.open_matrix(session, matrix_id)
    return [sheet.catalogue.criterion(code).title.lower() for (code, fid), cell in sheet.cells.items()
            if fid == family_id and cell.prefill is not None and cell.prefill.hard_mismatch]


def _decided(session: Session, child: Child, linked: list[dict], today: date) -> bool:
    entries = _families_for(session, child, linked, 3)
    if len(entries) < 2:
        return False
    linked_ids = [r["family_id"] for r in linked]
    # The first linked family that fits, else the first free family that fits (the list's order).
    best = next((e for e in entries if e.fits), entries[0])
    decided_on = _weekday(today - timedelta(days=4))
    held_on = min(_weekday(today - timedelta(days=9)), decided_on)
    matrix_id = matrix.start_matrix(session, [e.family.id for e in entries], child_id=child.id,
                                    held_on=held_on).record_id
    needs = needs_for(child, today)
    for code in DECIDED_NEEDS:
        matrix.write_need(session, matrix_id, code, needs[code])
    cells = matrix.open_matrix(session, matrix_id).cells
    for entry in entries:
        _rate_column(session, matrix_id, cells, child, entry.family, _pattern(entry, best.family.id),
                     DEFAULT_CATALOGUE.codes)
    meets = "were the closest match" if best.hard_mismatches else "can meet every need the records show"
    linked_words = f"; already linked with {child.first_name}" if best.family.id in linked_ids else ""
    why = [f"{best.family.name} {meets} and were rated strongest on attachment, emotional needs and contact"
           f"{linked_words}."]
    for entry in entries:
        if entry is best:
            continue
        areas = _mismatch_areas(session, matrix_id, entry.family.id)
        why.append(f"{entry.family.name}: the records show a hard mismatch ({'; '.join(areas)})." if areas else
                   f"{entry.family.name} would meet {child.first_name}'s needs, but plan less time at home in "
                   "the first year.")
    worker, manager = _workers(session, child)
    matrix.decide(session, matrix_id, MatrixDecision(best.family.id, decided_on, " ".join(why), worker, manager))
    return True


def _still_open(session: Session, child: Child, linked: list[dict], today: date) -> bool:
    entries = _families_for(session, child, linked, 3)
    if not any(e.hard_mismatches for e in entries):
        # Show what a hard mismatch looks like: the best-ranked family outside a stated wish.
        ids = {e.family.id for e in entries}
        outside = [e for e in matrix.shortlist_for(session, child_id=child.id)
                   if not e.fits and _in_the_running(e) and e.family.id not in ids]
        entries += outside[:1]
    if len(entries) < 2:
        return False
    matrix_id = matrix.start_matrix(session, [e.family.id for e in entries], child_id=child.id,
                                    held_on=_weekday(today - timedelta(days=1))).record_id
    needs = needs_for(child, today)
    for code in OPEN_NEEDS:
        matrix.write_need(session, matrix_id, code, needs[code])
    best = next((e for e in entries if e.fits), entries[0])
    cells = matrix.open_matrix(session, matrix_id).cells
    for position, entry in enumerate(entries):
        rated = DEFAULT_CATALOGUE.codes[:OPEN_RATED[min(position, len(OPEN_RATED) - 1)]]
        _rate_column(session, matrix_id, cells, child, entry.family, _pattern(entry, best.family.id), rated)
    return True


def add_matrices(session: Session) -> int:
    """Add the demo's matrices to a demo database just made (after its links and meetings), in one
    transaction: a decided one for the first child with competing interest, and one still open for
    the next waiting child. Returns how many were made."""
    today = session.today()
    made = 0
    with session.writing():
        waiting = _waiting(session)
        competing = next(((child, linked) for child, linked in waiting if len(linked) > 1), None)
        if competing is not None:
            made += _decided(session, *competing, today)
        for child, linked in waiting:
            if competing is None or child.id != competing[0].id:
                if _still_open(session, child, linked, today):
                    made += 1
                    break
    return made
