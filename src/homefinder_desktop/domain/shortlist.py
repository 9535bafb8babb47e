"""The shortlist: for a child (or sibling group), every family, each with the reasons it fits or
not, to choose the two to five for a matching matrix.

No family is dropped silently: a family that does not fit stays in the list, saying which rule
removed it. The order is explained in each entry's own words (ShortlistEntry.explanation).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .formatting import format_date
from .links import LINK_STATUSES, Link
from .matrix import FIT, MISMATCH, SHOWN, UNKNOWN, as_profile, checks, fit_checks
from .records import FAMILY_STAGES

# A family with a link this far on with another child is spoken for: not free for a new matrix.
COMMITTED_LINK_STATUSES = ("matching", "panel", "placed")

# Why a family is not in the running, from the first rule that applies (the tiers of the order).
FITS, OUTSIDE_WISHES, SPOKEN_FOR, NOT_AVAILABLE = 0, 1, 2, 3


@dataclass(frozen=True)
class ShortlistEntry:
    family: object                    # the Family record
    fits: bool
    removed_by: str | None            # the rule that removed it, in words; None when it fits
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]  # the hard mismatches
    to_ask: tuple[str, ...]           # what is not recorded (never a fit, never a mismatch)
    side_by_side: tuple[str, ...]     # ethnicity, religion, language: for people to judge
    hard_mismatches: int
    unknowns: int
    in_house: bool
    agency_kind: str                  # "own" / "partner" / "other", "" when the family has no agency
    tier: int                         # FITS, OUTSIDE_WISHES, SPOKEN_FOR or NOT_AVAILABLE
    rank: int | None                  # 1, 2, ... for families that fit; None for those removed
    explanation: str                  # why it is where it is in the list


def _availability(family) -> str | None:
    if getattr(family, "archived", False):
        return "Archived: no longer an active family"
    if family.stage == "on_hold":
        return "On hold: not available for matching"
    if family.stage == "withdrawn":
        return "Withdrawn from adoption"
    if family.stage != "approved":
        return f"Not approved at panel ({FAMILY_STAGES.get(family.stage, family.stage)})"
    return None


def _is_this_child(link: Link, profile) -> bool:
    if profile.sibling_group_id is not None and link.sibling_group_id == profile.sibling_group_id:
        return True
    return link.child_id is not None and link.child_id in profile.child_ids


def committing_link(links: Sequence[Link], profile, family) -> Link | None:
    """The family's link that commits them to another child (None when they are free): one at
    matching, panel or placed. A placement before the family were approved again no longer
    commits them: they were assessed afresh for another child."""
    for link in links:
        if link.status not in COMMITTED_LINK_STATUSES or _is_this_child(link, profile):
            continue
        if (link.status == "placed" and family.approval_date and link.status_date
                and family.approval_date > link.status_date):
            continue
        return link
    return None


def _commitment(links: Sequence[Link], profile, family) -> str | None:
    link = committing_link(links, profile, family)
    if link is None:
        return None
    ref = f"link {link.reference}, " if link.reference else ""
    return f"Already committed to another child ({ref}{LINK_STATUSES[link.status].lower()})"


def _sort_key(tier: int, hard: int, unknown: int, in_house: bool, family) -> tuple:
    approved = family.approval_date or date.max  # no approval date: after every dated family
    return (tier, hard, unknown, not in_house, approved, (family.name or "").casefold(), family.id or 0)


def shortlist(child_or_profile, families: Sequence, today: date,
              active_links_by_family: Mapping[int, Sequence[Link]] | None = None,
              agency_kinds: Mapping[int, str] | None = None) -> list[ShortlistEntry]:
    """Every family in `families`, ranked for this child (or sibling group).

    The order, and how each entry explains it:
      1. Families that fit come first, ranked 1, 2, ...; then those removed by their stated
         wishes (a hard mismatch), then those committed to another child (a link at matching,
         panel or placed), then those not available (not approved, on hold, withdrawn, archived).
      2. Within each: fewer hard mismatches first, then fewer things not recorded (each is a
         question to ask, never counted as a fit),
      3. then the council's own (in-house) families first, by custom (agency kind "own"),
      4. then the longest approved (earliest approval date) first, as they have waited longest,
      5. then by family name, so the order is stable.
    `active_links_by_family`: family id -> that family's links (active or placed), to tell a
    family committed elsewhere; a link with this child is a reason for, not against.
    `agency_kinds`: agency id -> "own" / "partner" / "other".
    """
    profile = as_profile(child_or_profile)
    links_of = active_links_by_family or {}
    kinds = agency_kinds or {}
    rows = []
    memo: dict = {}
    for family in families:
        found = checks(profile, family, today, fit_checks(profile, family, today, memo))
        links = links_of.get(family.id, ())
        reasons_for = [c.why for c in found if c.outcome == FIT]
        for link in links:
            if _is_this_child(link, profile) and link.is_active:
                reasons_for.append(f"Already linked with this child ({LINK_STATUSES[link.status].lower()})")
        against = [c for c in found if c.outcome == MISMATCH]
        unknown = [c.why for c in found if c.outcome == UNKNOWN]
        kind = kinds.get(family.agency_id, "")
        in_house = kind == "own"
        removed, tier = _availability(family), NOT_AVAILABLE
        if removed is None:
            removed, tier = _commitment(links, profile, family), SPOKEN_FOR
        if removed is None and against:
            topics = "; ".join(dict.fromkeys(c.topic.lower() for c in against))
            removed, tier = f"Outside the family's stated wishes ({topics})", OUTSIDE_WISHES
        if removed is None:
            tier = FITS
        rows.append((_sort_key(tier, len(against), len(unknown), in_house, family), dict(
            family=family, fits=removed is None, removed_by=removed, reasons_for=tuple(reasons_for),
            reasons_against=tuple(c.why for c in against), to_ask=tuple(unknown),
            side_by_side=tuple(c.why for c in found if c.outcome == SHOWN),
            hard_mismatches=len(against), unknowns=len(unknown), in_house=in_house, agency_kind=kind,
            tier=tier)))
    rows.sort(key=lambda row: row[0])
    out, rank = [], 0
    for _key, row in rows:
        if row["fits"]:
            rank += 1
        row["rank"] = rank if row["fits"] else None
        out.append(ShortlistEntry(**row, explanation=_explain(row, today)))
    return out


def _explain(row: dict, today: date) -> str:
    family = row["family"]
    head = f"Ranked {row['rank']}" if row["fits"] else f"Not ranked ({row['removed_by']})"
    parts = []
    n = row["hard_mismatches"]
    parts.append("no hard mismatch" if n == 0 else f"{n} hard mismatch{'es' if n > 1 else ''}")
    u = row["unknowns"]
    parts.append("nothing left to ask" if u == 0 else f"{u} thing{'s' if u > 1 else ''} not recorded to ask about")
    parts.append("an in-house family (considered first by custom)" if row["in_house"] else "not an in-house family")
    if family.approval_date:
        days = (today - family.approval_date).days
        parts.append(f"approved {format_date(family.approval_date)} ({days:,} day{'s' if days != 1 else ''} ago)")
    else:
        parts.append("no approval date recorded")
    return f"{head}: {', '.join(parts)}."
