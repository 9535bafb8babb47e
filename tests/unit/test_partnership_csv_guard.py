"""The partnership report's CSV: words the worker typed (a threshold set's name) that a spreadsheet
would run as a formula are made plain text, as every other export does; the figures stay numbers,
a negative balance too."""
from __future__ import annotations

import csv
import io
from datetime import date

from homefinder_desktop.domain.partnership import FundPart, PartnershipReport, Timeliness
from homefinder_desktop.domain.timeliness import MeasureResult
from homefinder_desktop.services import partnership


def test_a_name_that_reads_as_a_formula_is_plain_text_and_numbers_stay_numbers(new_session):
    report = PartnershipReport(
        date(2025, 4, 1), date(2026, 3, 31), "Northshire County Council", "Brightpath Adoption", date(2026, 11, 24),
        fund=(FundPart("Block of 20", "Brightpath Adoption", 20, 1, 1, 0, -150_00, 0, 150_00, 0, 0, 0),),
        timeliness=Timeliness(MeasureResult("a1", 0, None, 0, 426), MeasureResult("a2", 0, None, 0, 121),
                              "+10% stretch target"))
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(partnership.csv_text(new_session, report)))}
    assert rows[("Timeliness (Adoption Scorecard)", "Threshold set")] == "'+10% stretch target"
    assert rows[("The upfront fund: Block of 20", "Balance at the end (£)")] == "-150.00"
    assert rows[("The upfront fund: Block of 20", "Target placements")] == "20"
