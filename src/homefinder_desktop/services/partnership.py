"""The partnership report for any period (domain.partnership): the links' counts from SQL, the money
and the placements against each fund agreement's target from the fund's own summaries, and the
timeliness measures from services.timeliness; and the report as a PDF, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

from ..domain.partnership import (EXPLORING_STATUSES, MATCH_STATUSES, InProgress, Linked, NotProgressed,
                                  PartnershipReport, as_json, csv_rows, fund_part, in_progress_from, placed_from,
                                  reasons_in_order, referrals_from, timeliness_from)
from ..domain.records import Agency
from ..domain.timeliness import check_period
from ..storage import partnership as store
from ..storage.files import atomic_write
from . import fund, records, timeliness
from .list_export import confidential_note, guard
from .session import Session, reads

__all__ = ["partnership_report", "report_pdf", "save_pdf", "csv_text", "save_csv", "json_text", "WATCHED_TABLES"]

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# What the report is read from: a change to any of these may change it.
WATCHED_TABLES = (*fund.FUND_TABLES, "links", "link_statuses", "end_reasons", "children", "child_stages",
                  "sibling_groups", "families", "agencies", "referrals", "referral_statuses", "database_info",
                  "scorecard_thresholds")


def _in_progress(db, end: date) -> tuple[InProgress, InProgress]:
    parts = {"exploring": EXPLORING_STATUSES, "matches": MATCH_STATUSES}
    links, children, families = store.in_progress_at(db, end, parts)
    return tuple(in_progress_from(statuses, links, children.get(name, 0), families.get(name, 0))
                 for name, statuses in parts.items())


def _fund_parts(session: Session, start: date, end: date) -> list:
    """Each agreement whose dates meet the period, from the fund's summaries the day before it and
    at its end."""
    agencies = records.names(session, Agency)
    before = start - timedelta(days=1)
    out = []
    for agreement in fund.agreements(session):
        if not (agreement.starts_on <= end and (agreement.last_day is None or agreement.last_day >= start)):
            continue
        # No entry is dated before the agreement starts: a period beginning with it needs no summary before.
        # What the ledger held and moved, not what the balance still buys: no fees-due walk.
        earlier = fund.summary(session, agreement.id, before, fees_owed=False) if before >= agreement.starts_on \
            else None
        out.append(fund_part(agreement.name, agencies.get(agreement.agency_id, ""), agreement.target_placements,
                             earlier, fund.summary(session, agreement.id, end, fees_owed=False)))
    return out


@reads
def partnership_report(session: Session, start: date, end: date) -> PartnershipReport:
    """The report for `start` to `end` inclusive. A period ending before it starts is refused
    (ValidationError at "To"); a period with nothing in it gives a report that says so (`empty`)."""
    check_period(start, end)
    db = session.database()
    counts = store.period_links(db, start, end)
    exploring, matches = _in_progress(db, end)
    return PartnershipReport(
        start, end, session.council_name, session.partner_name, session.today(),
        placed=placed_from(counts["children"], counts["placements"]),
        not_progressed=NotProgressed(*counts["ended"], reasons_in_order(counts["reasons"])),
        potentially_linked=Linked(*counts["linked"]), exploring=exploring, matches=matches,
        referrals=referrals_from(store.referrals(db, start, end)), fund=tuple(_fund_parts(session, start, end)),
        timeliness=timeliness_from(timeliness.cohort_for(session, start, end)))


# --- the report out ------------------------------------------------------------------------------

def report_pdf(session: Session, report: PartnershipReport) -> bytes:
    from ..reports import partnership as printout  # ReportLab only when printing

    return printout.report_pdf(report, session.today())


def save_pdf(session: Session, report: PartnershipReport, target: Path | str) -> Path:
    """Write the report as a PDF where the worker chose (".pdf" added if missing)."""
    from . import printouts

    return printouts.save_pdf(target, report_pdf(session, report))


def csv_text(session: Session, report: PartnershipReport) -> str:
    """section,measure,value: one row per figure (see domain.partnership.csv_rows)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for section, measure, value in csv_rows(report, confidential_note(session)):
        # A figure stays a number (a balance may be "-150.00"); words, such as a set's name, are guarded.
        writer.writerow([guard(section), guard(measure), value if _NUMBER.fullmatch(value) else guard(value)])
    return out.getvalue()


def save_csv(session: Session, report: PartnershipReport, target: Path | str) -> Path:
    """Write the CSV where the worker chose (".csv" added if missing), whole or not at all."""
    path = Path(target).expanduser()
    if path.suffix.lower() != ".csv":
        path = path.with_name(path.name + ".csv")
    # UTF-8 with a byte-order mark: Excel then reads "£" and names with accents rightly.
    atomic_write(path, ("\ufeff" + csv_text(session, report)).encode("utf-8"))
    return path


def json_text(session: Session, report: PartnershipReport) -> str:
    return json.dumps(as_json(report, confidential_note(session)), indent=2, ensure_ascii=False) + "\n"
