"""Links from a spreadsheet: a team's history of links, each with its status and dates.

Decisions, written down once:
- A child is named by reference (C-00012), never by name and date of birth: two children of the
  same name and birthday are rare but real, and a link to the wrong child is worse than a refused
  row. A sibling group is named by its name; a family by reference (F-00004), or by its name
  when only one family has it.
- Each row is added as the Links page adds one: Identified on its date, which opens the family's
  window under the version of the rule in force that day (so old deadlines stay explainable).
  A later status is recorded as ONE more dated step (Identified, then Matching on its date); the
  steps between are not invented. "Did not progress" needs a reason from the list; "Placed" ends
  the child's other links in progress, as the Placed… button does.
- Whatever add_link would refuse (an archived record, a family not approved, a child in a group
  to be placed together, a child already placed, a link already in progress) is found here first,
  so the preview names it by line.
"""
from __future__ import annotations

from datetime import date

from .errors import FieldProblem, ValidationError
from .formatting import format_date
from .import_cells import Known
from .links import LINK_STATUSES, Link, check_link_status_change
from .records import FAMILY_STAGES, StageChange

REASON = "Reason it did not progress"


def unit_of(link: Link) -> tuple[str, int] | None:
    """("child", id) or ("group", id): what is linked."""
    if link.child_id is not None:
        return "child", link.child_id
    if link.sibling_group_id is not None:
        return "group", link.sibling_group_id
    return None


def link_values(values: dict, new_group: str) -> tuple[dict, StageChange | None, list[FieldProblem]]:
    """A link is added Identified (as the Links page adds one); a later status becomes its step."""
    values = dict(values)
    problems = []
    if new_group:  # a link names a group that exists: none is made for it
        problems.append(FieldProblem("Sibling group", f"“{new_group}” is not a known sibling group"))
    status = values.pop("status", "") or "identified"
    when = values.pop("status_date", None)
    values["status"] = "identified"
    values["status_date"] = values.get("identified_on")
    step = None
    if status != "identified":
        step = StageChange(status, when, reason="")
    elif when is not None and values.get("identified_on") and when != values["identified_on"]:
        problems.append(FieldProblem("Date of status", f"is not the date identified "
                                     f"({format_date(values['identified_on'])}): a link that is still Identified "
                                     "has no later status, so leave it empty or write the same date"))
    return values, step, problems


def link_problems(link: Link, step: StageChange | None, known: Known, today: date) -> list[FieldProblem]:
    """What the Links page would refuse for this row, in its words."""
    problems = list(link.problems(today))
    if link.child_id in known.together_group:
        name = _name(known.children, link.child_id, "The child")
        problems.append(FieldProblem("Child", f"{name} is in the sibling group “{known.together_group[link.child_id]}”, "
                                              "to be placed together: link the sibling group instead"))
    stage = known.family_stage.get(link.family_id) if link.family_id is not None else None
    if stage is not None and stage != "approved":
        problems.append(FieldProblem("Family", f"{_name(known.families, link.family_id, 'The family')} is not "
                                               f"approved at panel ({FAMILY_STAGES.get(stage, stage)}): a window "
                                               "can only be opened for an approved family"))
    unit = unit_of(link)
    if unit and unit in known.placed_units:
        problems.append(FieldProblem("Child" if unit[0] == "child" else "Sibling group", known.placed_units[unit]))
    if unit and link.family_id is not None and (*unit, link.family_id) in known.active_links:
        problems.append(FieldProblem("Family", "already has a link in progress with this child "
                                               f"({known.active_links[(*unit, link.family_id)]})"))
    if step is not None and link.identified_on is not None:
        try:
            # No history: the Identified step is the identified date itself (said once, not twice).
            check_link_status_change([], StageChange(step.stage, step.date, "imported"), today, link.identified_on)
        except ValidationError as exc:
            problems += [p for p in exc.problems if p.field != "Reason"]
    ended = step is not None and step.stage == "ended"
    if ended and link.end_reason_id is None:
        reasons = ", ".join(f"“{n.name}”" for ns in known.end_reasons.values() for n in ns if not n.archived)
        problems.append(FieldProblem(REASON, f"is required when a link did not progress: one of {reasons}"))
    if not ended and (link.end_reason_id is not None or link.ended_reason.strip()):
        status = LINK_STATUSES.get(step.stage if step else "identified", "")
        problems.append(FieldProblem(REASON if link.end_reason_id is not None else "Why it did not progress",
                                     f"is only for a link that did not progress (its Status is {status})"))
    return problems


def _name(table: dict, record_id: int, otherwise: str) -> str:
    """A record's name from Known's table by reference (only for a row with a problem: a scan)."""
    return next((n.name for n in table.values() if n.id == record_id), otherwise)


def sheet_problems(rows: list) -> list[tuple[int, str, str]]:
    """Across rows (ImportedRow of links): the same child and family twice, a child placed twice,
    and a link left in progress beside its child's placement. (line, field, problem)."""
    pairs: dict[tuple, int] = {}
    placed: dict[tuple, int] = {}
    problems = []
    for row in rows:
        unit = unit_of(row.record)
        if unit is None or row.record.family_id is None:
            continue
        pair = (*unit, row.record.family_id)
        first = pairs.setdefault(pair, row.line)
        if first != row.line:
            problems.append((row.line, "Family", f"the same child or group is linked with this family on line {first}"))
        if row.status_step is not None and row.status_step.stage == "placed":
            earlier = placed.setdefault(unit, row.line)
            if earlier != row.line:
                problems.append((row.line, "Status", f"the child or group is already placed on line {earlier}: a "
                                                     "child is placed once"))
    for row in rows:
        unit = unit_of(row.record)
        stage = row.status_step.stage if row.status_step else "identified"
        if unit in placed and stage not in ("placed", "ended"):
            problems.append((row.line, "Status", f"is {LINK_STATUSES[stage]}, but the child or group is placed on "
                                                 f"line {placed[unit]}: a placement ends the other links, so record "
                                                 "this one as Did not progress"))
    return problems


def commit_order(rows: list) -> list:
    """Placements last: placing a child ends its other links, which must all be in by then."""
    return sorted(rows, key=lambda r: r.status_step is not None and r.status_step.stage == "placed")
