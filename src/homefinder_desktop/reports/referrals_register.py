"""The referrals register: the referrals list as filtered, on landscape A4, for the weekly call
with the partner and the monthly Homefinder meeting. Its chief use is the open referrals with
how long each has waited, so "Open for" stands beside the date referred.

Rows are plain dicts: what services.records.referral_register_rows returns (the referrals list's
row with the reason added), in the order the list shows.
"""
from __future__ import annotations

from datetime import date

from ..domain.formatting import format_date
from ..domain.records import REFERRAL_CLOSED_STATUSES, REFERRAL_STATUSES, days_text
from . import styles
from .styles import as_date, text

TITLE = "Referrals"
KIND_SHORT = {"child": "Child", "adopter": "Adopter"}

# (heading, share of the page width)
COLUMNS = [
    ("Reference", 0.075),
    ("Child or family", 0.15),
    ("Kind", 0.065),
    ("Referred on", 0.08),
    ("Open for", 0.07),
    ("Status", 0.095),
    ("Response", 0.08),
    ("Days to a response", 0.075),
    ("To", 0.12),
    ("Reason, or outcome once closed", 0.19),
]


def _days(value) -> str:
    try:
        return days_text(int(value)) if value not in (None, "") else ""
    except (TypeError, ValueError):
        return ""


def row_cells(row: dict) -> list[str]:
    """One referral's row as the texts printed, in COLUMNS order. A closed referral shows its
    outcome where an open one shows why it was made."""
    status = text(row.get("status"))
    kind = text(row.get("kind"))
    closed = status in REFERRAL_CLOSED_STATUSES
    why = f"Outcome: {text(row.get('outcome'))}" if closed and text(row.get("outcome")) else text(row.get("reason"))
    return [
        text(row.get("reference")),
        text(row.get("referred")),
        KIND_SHORT.get(kind, kind.capitalize()),
        format_date(as_date(row.get("referred_on"))),
        _days(row.get("age_days")),
        REFERRAL_STATUSES.get(status, status.capitalize()),
        format_date(as_date(row.get("response_date"))),
        _days(row.get("days_to_response")),
        text(row.get("to_agency")),
        why,
    ]


class ReferralsRegister(styles.Register):
    columns = COLUMNS
    nothing = ("No referrals match.", "Nothing in the referrals list matched the search or filter that "
                                      "was in use when this was printed.")

    def cells(self, row: dict) -> list[str]:
        return row_cells(row)

    def summary(self) -> str:
        count = len(self.rows)
        counted = "No referrals" if count == 0 else "1 referral" if count == 1 else f"{count:,} referrals"
        ages = [int(r["age_days"]) for r in self.rows if r.get("age_days") not in (None, "")]
        oldest = f"; the oldest open referral has waited {days_text(max(ages))}" if ages else ""
        return (f"{counted}{oldest} \u2013 printed {format_date(self.printed)}. \u201cOpen for\u201d counts "
                "the days from the referral to the printed date; \u201cdays to a response\u201d, to the "
                "partner's first answer.")


def build_pdf(council_name: str, partner_name: str, rows: list[dict], printed: date, title: str = TITLE) -> bytes:
    """The register as PDF bytes. `rows` are dicts with reference, referred (the child's or the
    family's name), kind, referred_on, age_days (days open; None once closed), status,
    response_date, days_to_response, to_agency, reason and outcome. An empty list prints
    "No referrals match."."""
    return ReferralsRegister(council_name, partner_name, rows, printed, title or TITLE).render()
