"""What the Start page reads beside records.overview and links.due_windows: the children waiting
by how long they have waited, and each running fund agreement's balance and placements."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.fund import FundAgreement
from ..domain.waiting import NOT_RECORDED, WaitingBand, band_starts
from ..storage import dashboard as store
from ..storage import fund as fund_store
from .session import Session, reads


@dataclass(frozen=True)
class BandCount:
    band: WaitingBand
    children: int
    waited_days: int  # the fewest days a child in this band has waited (the Children list's filter)


@reads
def waiting_by_time(session: Session) -> list[BandCount]:
    """Every band, shortest wait first, zeros included (an empty band is news too); then waiting
    children with no stage step on record, only if there are any."""
    today = session.today()
    starts = band_starts(today)
    counts = store.waiting_band_counts(session.database(), starts)
    rows = [BandCount(band, counts.get(band.key, 0), (today - latest).days if latest else 0)
            for band, latest in starts]
    if counts.get(NOT_RECORDED.key):
        rows.append(BandCount(NOT_RECORDED, counts[NOT_RECORDED.key], 0))
    return rows


@dataclass(frozen=True)
class FundProgress:
    agreement: FundAgreement
    balance: int  # pence: the holding accounts together at the end of today
    placed: int   # children with a placement fee drawn by today and not reversed


@reads
def fund_progress(session: Session) -> list[FundProgress]:
    """Each agreement still running today (not archived, not past the last day its money may be
    used), in the Fund page's order. Two sums each, not the whole summary: the Start page is the
    first thing shown."""
    db = session.database()
    today = session.today()
    return [FundProgress(a, fund_store.holding_balance(db, a.id, today), fund_store.children_placed(db, a.id, today))
            for a in fund_store.agreements(db) if a.last_day is None or a.last_day >= today]
