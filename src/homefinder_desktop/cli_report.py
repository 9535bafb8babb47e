"""`homefinder report partnership --from DATE --to DATE`: the partnership report for a period, as
text to read (the default), JSON or CSV for a script or a spreadsheet, or saved as a PDF to print.

The period is checked before the passphrase is asked for: a date that is not one names its option,
and a period that ends before it starts is refused, exit status 2, with nothing read or written.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import date
from pathlib import Path

from . import paths
from .cli import (EXIT_OK, UsageError, _aligned, _database_option, _option_date, _secret_options, _who_option,
                  open_for, say, warn)

DESCRIPTION = """\
The partnership report for any period, in the evaluation's sections: the children placed (with how
many families, girls and boys, ages at placement, sibling-group placements, in-house families
against the partner's), the links explored that did not progress (by reason), the children and
families potentially linked, the links still being explored and the matches still active at the
period's end, the referrals made and where they stood at its end, each upfront fund agreement (its
balance, the money moved and children placed against the target) and timeliness (A1, A2).
Counts only: no child is named. --format json gives a stable shape (docs/guide-cli.md); csv gives
one row per figure (section,measure,value); --pdf saves it to print. A period with nothing in it
says so and is not an error."""


def add_command(command) -> None:
    """Register `report` with the parser `cli.build_parser` is making (`command` is its helper)."""
    p = command("report", "the partnership report for a period (text, JSON, CSV or PDF)", DESCRIPTION, cmd_report)
    p.add_argument("kind", choices=("partnership",), help="which report (partnership)")
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--from", dest="start", metavar="DATE", required=True,
                   help="the first day of the period, e.g. 2025-04-01 or 01/04/2025")
    p.add_argument("--to", dest="end", metavar="DATE", required=True,
                   help="the last day of the period, e.g. 2026-03-31 or 31/03/2026")
    p.add_argument("--format", choices=("text", "json", "csv"), default=None,
                   help="text to read (the default), json, or csv (section,measure,value)")
    p.add_argument("--pdf", metavar="FILE", help="save the report as a PDF to print instead")
    _secret_options(p, recovery_flag=False)
    _who_option(p)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    start, end = _option_date(args.start, "--from"), _option_date(args.end, "--to")
    for value, option in ((start, "--from"), (end, "--to")):
        if value is None:
            raise UsageError(f"{option} needs a date, e.g. 2025-04-01 or 01/04/2025.")
    if end < start:
        raise UsageError("--to is before --from: the period ends before it starts. Nothing was read or written.")
    return start, end


def cmd_report(args: argparse.Namespace) -> int:
    from .services import partnership

    start, end = _period(args)
    if args.pdf and args.format:
        raise UsageError("--pdf saves the report as a PDF: leave out --format.")
    session = open_for(args, busy="{name} is open in Homefinder: its Reports page shows the report. "
                                  "Or close it there and run this again.")
    try:
        report = partnership.partnership_report(session, start, end)
        if args.pdf:
            return _save_pdf(session, report, args.pdf)
        fmt = args.format or "text"
        if fmt == "json":
            sys.stdout.write(partnership.json_text(session, report))
        elif fmt == "csv":
            sys.stdout.write(partnership.csv_text(session, report))
        else:
            _text(session, report)
        sys.stdout.flush()
    finally:
        session.close()
    return EXIT_OK


def _save_pdf(session, report, target: str) -> int:
    from .services import partnership
    from .services.printouts import cloud_warning

    path = partnership.save_pdf(session, report, Path(target).expanduser())
    say(f"The partnership report is in {path}. It is CONFIDENTIAL: print it or send it securely, then delete "
        "the file.")
    warning = cloud_warning(path, what="a report")
    if warning:
        warn(f"Warning: {warning}")
    return EXIT_OK


def _value(figure) -> str:
    from .domain.formatting import format_money

    if figure.value is None:
        return "–"
    if figure.money:
        return format_money(figure.value)
    return f"{figure.value:,}" if isinstance(figure.value, (int, float)) else str(figure.value)


def _text(session, report) -> None:
    from .domain.partnership import EMPTY_SECTION, SECTIONS, figures, section_title
    from .services.list_export import confidential_note

    say(confidential_note(session))
    say(report.title)
    say()
    for sentence in report.summary():
        say(textwrap.fill(sentence, 100))
    by_section: dict[str, list] = {}
    for figure in figures(report):
        by_section.setdefault(figure.section, []).append(figure)
    for key in SECTIONS:
        # Each fund agreement is a section of its own ("fund:<its name>").
        for section in [k for k in by_section if k.startswith("fund:")] if report.fund and key == "fund" else [key]:
            say()
            say(section_title(section))
            if section in EMPTY_SECTION and report.section_empty(section):
                say(f"  {EMPTY_SECTION[section]}")
                continue
            for line in _aligned([[f.measure, _value(f)] for f in by_section[section]], right={1}, indent="  "):
                say(line)
