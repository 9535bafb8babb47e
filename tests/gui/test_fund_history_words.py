"""The upfront fund on the History page in words: money as pounds and pence, the kind of movement,
the account and the fee stage, never pence or codes."""
from __future__ import annotations

from datetime import date

from homefinder_desktop.domain.fund import FeeRate, FeeSchedule, FundAgreement
from homefinder_desktop.services import fund, records
from homefinder_desktop.ui.audit_text import AuditWords

TODAY = date(2026, 11, 20)


def test_ledger_rows_read_as_money_and_words(new_session, monkeypatch):
    s = new_session
    monkeypatch.setattr(s, "today", lambda: TODAY)
    agreement = FundAgreement(name="Block of 20 placements", agency_id=2, grant=540_000_00, target_placements=20,
                              starts_on=date(2025, 5, 1), spend_by=date(2026, 3, 31), ends_on=date(2027, 3, 31))
    deal = fund.add_agreement(s, agreement, FeeSchedule(date(2025, 5, 1), (FeeRate(1, "placement", 18_000_00),))
                              ).record_id
    fund.record_instalment(s, deal, date(2025, 5, 6), 180_000_00, 1)
    fund.add_assertion(s, deal, date(2025, 6, 30), 180_000_00, "Agency statement")
    words = AuditWords(s)
    said = [(words.record(r), *words.describe(r)) for r in records.recent_changes(s)]
    by_record = {}
    for record, _what, lines in said:
        by_record.setdefault(record, []).extend(lines)
    assert "Grant: £540,000.00" in by_record["Fund agreement"]
    assert "Kind: Instalment received" in by_record["Fund ledger entry"]
    postings = by_record["Fund ledger posting"]
    assert "Amount: £180,000.00" in postings and "Amount: -£180,000.00" in postings
    assert "Account: The council's grant" in postings and "Account: Holding account 2025/26" in postings
    assert "Expected: £180,000.00" in by_record["Fund balance check"]
    assert not any("18000000" in line for lines in by_record.values() for line in lines)
