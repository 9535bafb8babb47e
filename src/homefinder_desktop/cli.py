"""`homefinder <command>`: the same services as the desktop program, from the command line.

Setting up (init, demo), keeping data safe (check, backup, restore, export), one list out
(export-list), records in from a spreadsheet (import), the upfront fund (fund), the partnership
report (report, in cli_report), passphrases
(change-passphrase, recover) and the recovery key (new-recovery-key).
A worker's error is one sentence on stderr and exit status 1; a mistake in the command itself is
exit status 2; nothing prints a traceback unless Homefinder itself has a bug.

Secrets never go on the command line, where other programs can see them. Each comes from a
prompt (the default), a file named with an option (its first line), or an environment
variable for scripts: HOMEFINDER_PASSPHRASE, HOMEFINDER_NEW_PASSPHRASE, HOMEFINDER_RECOVERY_KEY.
"""
from __future__ import annotations

import argparse
import getpass
import math
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Callable, TypeVar

from . import __version__, paths
from .domain.errors import DatabaseInUse, HomefinderError, TooSoon
from .domain.formatting import pounds

T = TypeVar("T")

PROG = "homefinder"
COMMANDS = {"init", "demo", "check", "backup", "restore", "export", "export-list", "import", "due", "fund",
            "report", "change-passphrase",
            "recover", "new-recovery-key", "help", "--help", "-h", "--version"}

ENV_PASSPHRASE = "HOMEFINDER_PASSPHRASE"
ENV_NEW_PASSPHRASE = "HOMEFINDER_NEW_PASSPHRASE"
ENV_RECOVERY_KEY = "HOMEFINDER_RECOVERY_KEY"
ENV_WORKER = "HOMEFINDER_WORKER"

EXIT_OK, EXIT_WORKER_ERROR, EXIT_USAGE, EXIT_BUG, EXIT_STOPPED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """The command was given wrongly: exit status 2, with a sentence."""


# --- output -------------------------------------------------------------------------------

def say(text: str = "") -> None:
    print(text, flush=True)


def warn(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- secrets and names ------------------------------------------------------------------------

def _first_line(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            line = fh.readline()
    except OSError as exc:
        raise UsageError(f"Cannot read the {what} file {path} ({exc.strerror or exc}).") from None
    line = line.rstrip("\r\n")
    if not line:
        raise UsageError(f"The {what} file {path} has nothing on its first line.")
    return line


def _prompt(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("No answer was typed. Type it when asked, or give a file or an environment "
                         "variable (see --help).") from None


def passphrase(args: argparse.Namespace, prompt: str) -> str:
    """The passphrase that opens a database: --passphrase-file, HOMEFINDER_PASSPHRASE, or asked."""
    if getattr(args, "passphrase_file", None):
        return _first_line(args.passphrase_file, "passphrase")
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    typed = _prompt(prompt)
    if not typed:
        raise UsageError("No passphrase was typed. Nothing was changed.")
    return typed


def new_passphrase(args: argparse.Namespace, file_option: str = "new_passphrase_file",
                   env: str = ENV_NEW_PASSPHRASE) -> str:
    """A passphrase being chosen: from a file or the environment once, or typed twice."""
    if getattr(args, file_option, None):
        return _first_line(getattr(args, file_option), "new passphrase")
    if os.environ.get(env):
        return os.environ[env]
    say("Choose a passphrase: at least 10 characters; a few unrelated words work well.")
    first = _prompt("New passphrase: ")
    second = _prompt("The same passphrase again: ")
    if first != second:
        raise HomefinderError("The two passphrases are not the same. Nothing was changed: try again.")
    return first


def recovery_key(args: argparse.Namespace) -> str:
    if getattr(args, "recovery_key_file", None):
        return _first_line(args.recovery_key_file, "recovery key")
    if os.environ.get(ENV_RECOVERY_KEY):
        return os.environ[ENV_RECOVERY_KEY]
    typed = _prompt("Recovery key (eight groups of four letters and digits, from the printed sheet): ")
    if not typed.strip():
        raise UsageError("No recovery key was typed. Nothing was changed.")
    return typed


def worker_name(args: argparse.Namespace) -> str:
    """The name written beside every change: --who, HOMEFINDER_WORKER, or the computer login."""
    if getattr(args, "who", None):
        return args.who
    if os.environ.get(ENV_WORKER):
        return os.environ[ENV_WORKER]
    try:
        return getpass.getuser()
    except Exception:
        return "Homefinder command line"


def patiently(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run fn; if too many wrong passphrases mean it must wait, wait, then try once more."""
    try:
        return fn(*args, **kwargs)
    except TooSoon as exc:
        seconds = max(1, math.ceil(exc.wait_seconds))
        warn(f"After several wrong passphrases, Homefinder waits before the next try. "
             f"Waiting {seconds} seconds…")
        time.sleep(exc.wait_seconds)
        return fn(*args, **kwargs)


def existing_database(args: argparse.Namespace) -> Path:
    path = Path(args.database).expanduser()
    if not path.exists():
        raise HomefinderError(f"There is no database at {path}. Make one with “homefinder init”, "
                              "or name the file with --database.")
    return path


def open_for(args: argparse.Namespace, *, busy: str | None = None, use_recovery_key: bool = False,
             secret: str | None = None):
    """Open the database named by --database, asking for its passphrase (or recovery key)."""
    from .services.session import open_session

    path = existing_database(args)
    who = worker_name(args)
    try:
        if use_recovery_key:
            key = recovery_key(args)
            session = patiently(open_session, path, "", who, recovery_key=key)
        else:
            if secret is None:
                secret = passphrase(args, f"Passphrase for {path.name}: ")
            session = patiently(open_session, path, secret, who)
    except DatabaseInUse as exc:
        raise DatabaseInUse(busy.format(name=path.name) if busy else str(exc)) from None
    warning = session.location_warning()
    if warning:
        warn(f"Warning: {warning}")
    return session


def hand_over_recovery_key(args: argparse.Namespace, session, recovery: str, heading: str,
                           note: str = "") -> None:
    """Show the recovery key this once, and write the printable sheet if --recovery-key-pdf."""
    say()
    say(f"{heading} (shown only this once):")
    say()
    say(f"    {recovery}")
    say()
    say("Print this page or write the key down now, and give it to your manager to keep locked "
        "away. It is the only way into the database if the passphrase is forgotten; Homefinder "
        "keeps no copy of it.")
    if note:
        say(note)
    if args.recovery_key_pdf:
        from .reports import recovery_sheet  # ReportLab only when a sheet is asked for

        from .services import printouts

        target = printouts.save_pdf(args.recovery_key_pdf, recovery_sheet.build_pdf(
            session.council_name, session.partner_name, session.path.name, recovery, date.today()))
        say(f"The recovery key sheet is in {target}: print it, then delete the file.")


# --- commands ------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from .services.session import create_database

    path = Path(args.database).expanduser()
    if path.exists():
        raise HomefinderError(f"{path.name} already exists in {path.parent}. Choose another name "
                              "with --database, or open it.")
    council = args.council or _ask("Council (printed on every report): ")
    partner = args.partner or _ask("Partner agency (printed on every report): ")
    who = worker_name(args)
    secret = new_passphrase(args, "passphrase_file", ENV_PASSPHRASE)
    session, recovery = create_database(path, secret, who, council, partner)
    try:
        say(f"Made the encrypted database {path}")
        say(f"and its key file {path.name}.keys, which must always stay beside it.")
        hand_over_recovery_key(args, session, recovery, "RECOVERY KEY")
        warning = session.location_warning()
        if warning:
            warn(f"Warning: {warning}")
    finally:
        session.close()
    return EXIT_OK


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError("Give --council and --partner: they are printed on every report.")
    try:
        return input(prompt)
    except EOFError:
        raise UsageError("Give --council and --partner: they are printed on every report.") from None


def cmd_demo(args: argparse.Namespace) -> int:
    from .services import demo

    path = Path(args.database).expanduser()
    if path.exists() and args.replace:
        _remove_demo(path)
    elif path.exists():
        raise HomefinderError(f"{path} already exists. Open it with the passphrase "
                              f"“{demo.DEMO_PASSPHRASE}”, or add --replace to make it again.")
    if args.children < 0 or args.families < 0:
        raise UsageError("--children and --families must be 0 or more.")
    seed = demo.SEED if args.seed is None else args.seed
    session = demo.create_demo(path, children=args.children, families=args.families, seed=seed)
    try:
        from .services import records

        counts = records.overview(session)
    finally:
        session.close()
    say(f"Made the demo database {path}:")
    say(f"{counts['children']} children, {counts['families_total']} families, "
        f"{counts['sibling_groups']} sibling groups, {counts['agencies']} agencies, "
        f"{counts['workers']} workers. Every person in it is invented.")
    say(f"Its passphrase is: {demo.DEMO_PASSPHRASE}")
    return EXIT_OK


def _remove_demo(path: Path) -> None:
    """--replace: only a database that says it is the demo is removed."""
    from .services import demo

    demo.remove_demo(path)


def cmd_check(args: argparse.Namespace) -> int:
    from .services.check import check

    path = existing_database(args)
    if args.recovery_key:
        report = patiently(check, path, recovery_key=recovery_key(args))
    else:
        report = patiently(check, path, passphrase(args, f"Passphrase for {path.name}: "))
    say(f"Checking {path}")
    for name, ok, detail in report:
        say(f"  {'ok  ' if ok else 'FAIL'}  {name}: {detail}")
    if report.ok:
        say(report.summary())
        return EXIT_OK
    warn(report.summary())
    return EXIT_WORKER_ERROR


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.backup import backup, default_backup_folder

    session = open_for(args, busy="{name} is open in Homefinder. Back it up from there with "
                                  "File > Back up, or close Homefinder and run this again. "
                                  "Nothing was copied.")
    try:
        try:
            target = backup(session, args.to)
        except KeyboardInterrupt:
            warn("Stopped: the backup was not finished, and nothing half-written was left behind. "
                 "Your database is unchanged.")
            return EXIT_STOPPED
        size = target.stat().st_size
        say(f"Backed up {session.path.name} to {target} ({size / 1_048_576:.1f} MB),")
        say(f"with its key file {target.name}.keys beside it. Keep the two together.")
        say("The backup opens with the passphrase the database has today.")
        if target.parent == default_backup_folder(session.path) or \
                _same_disk(target.parent, session.path.parent):
            say("This copy is on the same disk as the database: it guards against mistakes, not "
                "against losing the laptop. Copy it to an encrypted drive as well.")
    finally:
        session.close()
    return EXIT_OK


def _same_disk(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def cmd_restore(args: argparse.Namespace) -> int:
    from .services.backup import restore

    source = Path(args.from_).expanduser()
    live = Path(args.database).expanduser()
    if not source.exists():
        raise HomefinderError(f"There is no backup at {source}.")
    if not args.yes and sys.stdin.isatty() and live.exists():
        say(f"This replaces {live} with the backup {source.name}. The database as it is now is kept "
            "beside it, renamed, so nothing is lost.")
        try:
            answer = input("Restore now? Type yes to go ahead: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            say("Nothing was changed.")
            return EXIT_OK
    who = worker_name(args)
    if args.recovery_key:
        session = patiently(restore, source, live, who, recovery_key=recovery_key(args))
    else:
        secret = passphrase(args, f"Passphrase the backup {source.name} was made with: ")
        session = patiently(restore, source, live, who, passphrase=secret)
    try:
        aside = session.before_restore
        say(f"Restored {live} from the backup {source.name}.")
        if aside is not None:
            say(f"The database as it was before is kept as {aside} (with its key file): delete it "
                "once you are sure you do not need it.")
        say("It opens with the passphrase the backup was made with.")
    finally:
        session.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .services.export import NOTE, export
    from .services.printouts import cloud_warning

    session = open_for(args, busy="{name} is open in Homefinder. Close it there, then run the "
                                  "export again. Nothing was written.")
    try:
        files = export(session, Path(args.to), args.format, plaintext=args.plaintext)
    finally:
        session.close()
    folder = files[0].parent if files else Path(args.to)
    say(f"Exported {session.path.name} to {folder}:")
    for f in files:
        say(f"  {f.name}")
    say(NOTE)
    warning = cloud_warning(folder / "export", what="an export")
    if warning:
        warn(f"Warning: {warning}")
    return EXIT_OK


def _stage_code(stages: dict[str, str], given: str | None, which: str) -> str | None:
    """A stage as its code (family_finding) or its label ("Family finding"), any case."""
    return _code(stages, given, f"{which} stage")


def _code(choices: dict[str, str], given: str | None, what: str, more: dict[str, str] | None = None) -> str | None:
    """A code from its code or its words, any case ("2_to_4", "2 to 4"); `more` adds other words."""
    if not given:
        return None
    wanted = " ".join(given.replace("_", " ").casefold().split())
    for code, label in choices.items():
        if wanted in (" ".join(code.replace("_", " ").casefold().split()), label.casefold()):
            return code
    if more and wanted in more:
        return more[wanted]
    raise UsageError(f"There is no {what} “{given}”. Choose one of: " + ", ".join(choices) + ".")


def _social_worker_id(session, name: str | None) -> int | None:
    """The id of the (one) worker of this name, any case."""
    if not name:
        return None
    from .domain.import_cells import name_key
    from .domain.records import Worker
    from .services import records

    found = [i for i, n in records.names(session, Worker).items() if name_key(n) == name_key(name)]
    if len(found) != 1:
        raise HomefinderError(f"There is {'no social worker' if not found else 'more than one social worker'} "
                              f"called “{name}”: give the name as the Agencies & contacts page shows it. "
                              "Nothing was written.")
    return found[0]


# Each list's own filter options (argparse dest -> the list), refused on another list.
LIST_OPTIONS = {"age_band": "children", "sex": "children", "in_sibling_group": "children",
                "social_worker": "children", "waiting_over": "children", "active_link": "children",
                "agency_kind": "families", "kind": "referrals", "all_referrals": "referrals", "open_over": "referrals"}


def _list_query(args: argparse.Namespace):
    """The RegisterQuery (a ReferralQuery for referrals) the options ask for, as the page's filters."""
    from .domain.records import AGE_BANDS, AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, REFERRAL_KINDS, SEXES
    from .services.records import ReferralQuery, RegisterQuery

    for option, which in LIST_OPTIONS.items():
        if getattr(args, option) is not None and which != args.list:
            raise UsageError(f"--{option.replace('_', '-').replace('all-referrals', 'all')} is for the {which} "
                             "list only.")
    if args.list == "referrals":
        if args.stage:
            raise UsageError("--stage is for the children and families lists; referrals have --kind, "
                             "--all and --open-over.")
        return ReferralQuery(search=args.search or "", kind=_code(REFERRAL_KINDS, args.kind, "kind of referral",
                                                                  {"adopters": "adopter"}),
                             open_only=not args.all_referrals, older_than=_days(args.open_over, "--open-over"))
    stages, which = (CHILD_STAGES, "child") if args.list == "children" else (FAMILY_STAGES, "family")
    query = RegisterQuery(search=args.search or "", stage=_stage_code(stages, args.stage, which))
    if args.list == "families":
        query.agency_kind = _code(AGENCY_KINDS, args.agency_kind, "kind of agency",
                                  {"council": "own", "in house": "own", "in-house": "own"})
        return query
    bands = {code: label for code, (label, _youngest, _stops) in AGE_BANDS.items()}
    query.age_band = _code(bands, args.age_band, "age band")
    query.sex = _code(SEXES, args.sex, "sex", {"f": "F", "m": "M", "girl": "F", "boy": "M"})
    query.in_sibling_group = args.in_sibling_group
    query.waiting_longer_than = _days(args.waiting_over, "--waiting-over")
    query.no_active_link = args.active_link
    return query


def _days(value: int | None, option: str) -> int | None:
    if value is not None and value < 1:
        raise UsageError(f"{option} is a number of days, 1 or more.")
    return value


def cmd_export_list(args: argparse.Namespace) -> int:
    from .domain.importing import NOUN
    from .services import list_export
    from .services.printouts import cloud_warning

    query = _list_query(args)
    export = {"children": list_export.export_children, "families": list_export.export_families,
              "referrals": list_export.export_referrals}[args.list]
    session = open_for(args, busy="{name} is open in Homefinder. Export the list there (Export list… "
                                  "on its page), or close it and run this again. Nothing was written.")
    try:
        if args.list == "children":
            query.social_worker_id = _social_worker_id(session, args.social_worker)
        done = export(session, query, Path(args.to), args.format)
    finally:
        session.close()
    noun = NOUN[args.list][0 if done.rows == 1 else 1]
    say(f"Exported {done.rows:,} {noun} from {session.path.name} to {done.path}")
    say(f"{done.note}. {list_export.PRIVACY}")
    warning = cloud_warning(done.path, what="an exported list")
    if warning:
        warn(f"Warning: {warning}")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    """The families to chase: windows on active links overdue, due today, or closing this week."""
    from .domain.formatting import format_date
    from .domain.link_windows import WINDOW_STATES
    from .services import links

    session = open_for(args, busy="{name} is open in Homefinder: its Start page shows what is due. "
                                  "Or close it and run this again.")
    try:
        due = links.due_windows(session)
        today = session.today()
    finally:
        session.close()
    total = sum(len(rows) for rows in due.values())
    say(f"Windows to say yes, as at {format_date(today)}: "
        + ("nothing is due this week." if not total else f"{total} to chase."))
    for state, rows in due.items():
        if not rows:
            continue
        say(f"\n{WINDOW_STATES[state]} ({len(rows)})")
        for row in rows:
            say(f"  {row['reference']}  {row['unit']} and {row['family']} ({row['agency']}): "
                f"until {format_date(date.fromisoformat(row['closes']))}, {row['policy']}")
    return EXIT_OK


# --- the upfront fund ---------------------------------------------------------------------------

# Each `fund` action's own options (argparse dest -> the actions that read it), refused on another.
FUND_OPTIONS = {"agreement": ("balance", "statement", "record"), "on": ("balance",), "start": ("statement",),
                "end": ("statement",), "format": ("statement",), "pdf": ("statement",), "dry_run": ("record",),
                "file": ("record",)}
FUND_OPTION_NAMES = {"start": "--from", "end": "--to", "dry_run": "--dry-run", "file": "FILE"}


def _option_date(text: str | None, option: str) -> date | None:
    from .domain.formatting import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}.") from None


def _check_fund_options(args: argparse.Namespace) -> None:
    for dest, actions in FUND_OPTIONS.items():
        if getattr(args, dest) not in (None, False) and args.action not in actions:
            name = FUND_OPTION_NAMES.get(dest, f"--{dest}")
            raise UsageError(f"{name} is for “fund {' or '.join(actions)}” only, not “fund {args.action}”.")
    if args.action == "statement" and (not args.start or not args.end):
        raise UsageError("A statement needs --from and --to, e.g. --from 01/04/2025 --to 31/03/2026.")
    if args.pdf and args.format:
        raise UsageError("--pdf saves the statement as a PDF: leave out --format.")
    if args.action == "record" and not args.file:
        raise UsageError("Name the CSV file of movements, e.g. homefinder fund record movements.csv.")


def cmd_fund(args: argparse.Namespace) -> int:
    """The upfront fund: the agreements, a balance, a statement, or movements recorded from a file."""
    _check_fund_options(args)
    on = _option_date(args.on, "--on")
    start, end = _option_date(args.start, "--from"), _option_date(args.end, "--to")
    if start and end and end < start:
        raise UsageError("--to is before --from: the period ends before it starts.")
    if args.action == "record":
        from .services.list_import import read_sheet

        read_sheet(args.file)  # a file that cannot be read: said before any passphrase
    nothing = " Nothing was recorded." if args.action == "record" else ""
    session = open_for(args, busy="{name} is open in Homefinder: close it there, then run this again." + nothing)
    try:
        if args.action == "list":
            return _fund_list(session)
        agreement_id = _agreement_id(session, args.agreement)
        if args.action == "balance":
            return _fund_balance(session, agreement_id, on)
        if args.action == "statement":
            return _fund_statement(session, agreement_id, start, end, args.format or "text", args.pdf)
        return _fund_record(session, agreement_id, Path(args.file).expanduser(), args.dry_run)
    finally:
        session.close()


def _agreement_id(session, given: int | None) -> int:
    """The agreement asked for, or the only one there is."""
    from .domain.errors import NotFound
    from .services import fund

    name = session.path.name
    if given is not None:
        try:
            return fund.agreement(session, given).id
        except NotFound:
            raise HomefinderError(f"{name} has no agreement {given}: “homefinder fund list” shows them.") from None
    found = fund.agreements(session)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise HomefinderError(f"{name} has no upfront fund agreement yet: make one on the Fund page of the desktop "
                              "program (New agreement…).")
    raise HomefinderError(f"{name} has {len(found)} agreements: choose one with --agreement ID "
                          "(“homefinder fund list” shows them).")


def _aligned(rows: list[list[str]], right: set[int], indent: str = "") -> list[str]:
    """Rows as text columns, two spaces apart; the columns in `right` aligned right (money)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
            .rstrip() for r in rows]


def _fund_list(session) -> int:
    from .domain.formatting import format_money
    from .domain.records import Agency
    from .services import fund, records

    found = fund.agreements(session)
    if not found:
        say(f"{session.path.name} has no upfront fund agreement yet.")
        return EXIT_OK
    agencies = records.names(session, Agency)
    rows = [["ID", "Agreement", "Agency", "Grant", "Balance now"]]
    rows += [[str(a.id), a.name, agencies.get(a.agency_id, ""), format_money(a.grant),
              format_money(fund.balance(session, a.id))] for a in found]
    for line in _aligned(rows, right={0, 3, 4}):
        say(line)
    return EXIT_OK


def _fund_balance(session, agreement_id: int, on: date | None) -> int:
    from .domain.formatting import format_date, format_money
    from .domain.records import Agency
    from .services import fund, records

    summary = fund.summary(session, agreement_id, on)
    agreement = summary.agreement
    agency = records.names(session, Agency).get(agreement.agency_id, "")
    say(f"{agreement.name}, held by {agency}: as at {format_date(summary.on)}")
    left = ("no fee schedule in force" if summary.placements_affordable is None else
            f"{summary.placements_affordable} more {'child' if summary.placements_affordable == 1 else 'children'} "
            f"at {format_money(summary.fee_for_one)} each")
    # Paid in is the instalments; money returned is a line of its own, so the figures add up to the
    # balance as the Fund page's do.
    rows = [["Holding balance", format_money(summary.balance)], ["Grant", format_money(agreement.grant)],
            ["Paid in", format_money(summary.paid_in)], ["Fees drawn", format_money(summary.fees)],
            *[[f"Reallocated: {words}", format_money(summary.reallocated.get(p, 0))] for p, words in
              (("link_worker", "link worker"), ("advertising", "advertising"))],
            ["Returned to the council", format_money(summary.returned)],
            ["Placements", summary.target_words], ["The balance still pays for", left]]
    for line in _aligned(rows, right=set(), indent="  "):
        say(line)
    say(summary.forecast)
    for check in summary.failing_checks:
        warn(f"Warning: {check.describe()}")
    return EXIT_OK


def _movement_words(entry, mask=lambda memo: memo) -> str:
    """An entry in words, its memo through `mask`; a reversal names the entry it corrects first,
    where a terminal's column does not cut it off."""
    import dataclasses

    from .domain.fund import entry_number

    if entry.kind == "reversal" and entry.reverses_id is not None:
        return f"Reversal of {entry_number(entry.reverses_id)}: {mask(entry.memo)}"
    return dataclasses.replace(entry, memo=mask(entry.memo)).describe()


def _statement_rows(statement, mask) -> list[tuple[str, str, str, int | None, int | None, int]]:
    """(date, entry, movement, in, out, balance after): the opening line, each entry, the closing
    line. `mask` reduces the names in a worker's memo to initials: the statement goes to the agency."""
    from .domain.formatting import format_date
    from .domain.fund import entry_number

    rows = [(format_date(statement.start), "", "Opening balance", None, None, statement.opening)]
    for line in statement.lines:
        e = line.entry
        words = _movement_words(e, mask)
        rows.append((format_date(e.on), entry_number(e.id), words, line.change if line.change > 0 else None,
                     -line.change if line.change < 0 else None, line.balance))
    rows.append((format_date(statement.end), "", "Closing balance", None, None, statement.closing))
    return rows


def _short(words: str, most: int = 60) -> str:
    """A movement's words cut to fit a terminal's table (CSV keeps them whole)."""
    return words if len(words) <= most else words[:most - 1] + "…"


def _pounds(pence: int | None) -> str:
    return "" if pence is None else pounds(pence)


def _fund_statement(session, agreement_id: int, start: date, end: date, fmt: str, pdf: str | None) -> int:
    from .domain.formatting import format_date, format_money
    from .services import fund
    from .services.list_export import confidential_note, guard

    if pdf:
        return _fund_statement_pdf(session, agreement_id, start, end, pdf)
    from .services.fund_print import MemoMask

    statement = fund.statement(session, agreement_id, start, end)
    rows = _statement_rows(statement, MemoMask(session))
    if fmt == "csv":
        import csv

        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow([confidential_note(session)])
        out.writerow(["Date", "Entry", "Movement", "Money in (£)", "Money out (£)", "Balance (£)"])
        out.writerows([day, entry, guard(words), _pounds(money_in), _pounds(money_out), _pounds(balance)]
                      for day, entry, words, money_in, money_out, balance in rows)
        sys.stdout.flush()
        return EXIT_OK
    say(confidential_note(session))
    say(f"Holding account statement: {statement.agreement.name}, {format_date(start)} to {format_date(end)}")
    say()

    def money(pence: int | None) -> str:
        return "" if pence is None else format_money(pence)

    table = [["Date", "Entry", "Movement", "In", "Out", "Balance"]]
    table += [[day, entry, _short(words), money(money_in), money(money_out),
               money(balance)] for day, entry, words, money_in, money_out, balance in rows]
    for line in _aligned(table, right={3, 4, 5}):
        say(line)
    say()
    say(f"Money in {format_money(statement.money_in)}, money out {format_money(statement.money_out)}; "
        f"{len(statement.lines):,} {'entry' if len(statement.lines) == 1 else 'entries'}.")
    return EXIT_OK


def _fund_statement_pdf(session, agreement_id: int, start: date, end: date, target: str) -> int:
    from .services.printouts import cloud_warning

    try:
        from .services.fund_print import save_statement_pdf
    except ModuleNotFoundError as exc:
        if not (exc.name or "").endswith("fund_print"):
            raise   # something it needs is missing: a bug to report, not a missing feature
        raise HomefinderError("PDF statements are not available in this version.") from None
    path = save_statement_pdf(session, agreement_id, start, end, Path(target).expanduser())
    say(f"The statement is in {path}. It is CONFIDENTIAL: print it or send it securely, then delete the file.")
    warning = cloud_warning(path, what="a statement")
    if warning:
        warn(f"Warning: {warning}")
    return EXIT_OK


def _fund_record(session, agreement_id: int, path: Path, dry_run: bool) -> int:
    from .domain.formatting import format_date, format_money
    from .domain.fund import entry_number
    from .domain.importing import ImportRefused
    from .services import fund, fund_import

    name = fund.agreement(session, agreement_id).name
    try:
        done = fund_import.record_file(session, agreement_id, path, dry_run=dry_run)
    except ImportRefused as exc:
        for problem in exc.problems:
            warn(str(problem))
        n = len(exc.problems)
        warn(f"{'Nothing would be recorded' if dry_run else 'Nothing was recorded'}: {n:,} "
             f"problem{'' if n == 1 else 's'}. Correct the file and run it again.")
        return EXIT_WORKER_ERROR
    n = len(done.recorded)
    movements = f"{n:,} movement{'' if n == 1 else 's'}"
    say(f"{path.name}: {movements} to record on “{name}”, checked against the ledger:" if dry_run else
        f"Recorded {movements} from {path.name} on “{name}” in {session.path.name}:")
    rows = []
    for r in done.recorded:
        e = r.entry
        change = e.holding_change
        way = "in" if change > 0 else "out" if change < 0 else "between years"
        rows.append([f"line {r.line}", *([] if dry_run else [entry_number(e.id)]), format_date(e.on),
                     _short(_movement_words(e)), format_money(abs(change) or e.amount), way])
    for line in _aligned(rows, right={len(rows[0]) - 2}, indent="  "):
        say(line)
    if dry_run:
        say(f"The holding balance would then be {format_money(done.balance)}.")
        say(f"No problems. Nothing was written (--dry-run): run it again without --dry-run to record {movements}.")
    else:
        say(f"The holding balance is now {format_money(done.balance)}.")
    return EXIT_OK


def _mapping_options(kind: str, given: list[str] | None) -> list[tuple[str, str | None]]:
    """--map "Heading=field" (or "Heading=" to leave a column out), checked before any file is read."""
    from .domain.importing import field_named

    result = []
    for item in given or []:
        heading, sep, name = item.rpartition("=")
        if not sep or not heading.strip():
            raise UsageError(f"--map “{item}” should be \"Heading=field\", e.g. --map \"DOB=date_of_birth\".")
        try:
            result.append((heading.strip(), field_named(kind, name)))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return result


def cmd_import(args: argparse.Namespace) -> int:
    from .domain.importing import NOUN, ImportRefused, fields_for, guess_mapping, remap
    from .services import list_import

    overrides = _mapping_options(args.kind, args.map)
    source = Path(args.file).expanduser()
    sheet = list_import.read_sheet(source, args.sheet)  # a file that cannot be read: said before any passphrase
    mapping = guess_mapping(args.kind, sheet.headings)
    for heading, attr in overrides:
        mapping = remap(mapping, heading, attr)
    session = open_for(args, busy="{name} is open in Homefinder. Import there (File > Import from a "
                                  "spreadsheet…), or close it and run this again. Nothing was imported.")
    one, many = NOUN[args.kind]
    try:
        if args.dry_run:
            preview = list_import.preview(session, args.kind, sheet, mapping)
        else:
            done = list_import.commit(session, args.kind, source, mapping, args.sheet)
    except ImportRefused as exc:
        return _refused(exc.problems)
    finally:
        session.close()
    if not args.dry_run:
        say(f"Imported {done.count:,} {one if done.count == 1 else many} from {source.name} into "
            f"{session.path.name}.")
        if done.new_groups:
            say(done.groups_sentence())
        return EXIT_OK
    where = f"{source.name}" + (f" (sheet “{sheet.name}”)" if sheet.name else "")
    say(f"{where}: {preview.count:,} {one if preview.count == 1 else many} to import, read as:")
    fields = {f.attr: f for f in fields_for(args.kind)}
    width = max([len(h) for h in sheet.headings] + [0])
    for heading in sheet.headings:
        attr = preview.mapping.get(heading)
        read_as = f"{fields[attr].label} ({fields[attr].name})" if attr else "left out"
        say(f"  {heading:<{width}}  ->  {read_as}")
    unused = [f.name for f in fields.values() if f.attr not in preview.mapping.values()]
    if unused:
        say("Other fields (--map \"Heading=field\"): " + ", ".join(unused))
    for note in preview.notes:
        say(note)
    if preview.problems:
        return _refused(preview.problems, dry_run=True)
    say(f"No problems. Nothing was written (--dry-run): run it again without --dry-run to import "
        f"{preview.count:,} {one if preview.count == 1 else many}.")
    return EXIT_OK


def _refused(problems, dry_run: bool = False) -> int:
    for problem in problems:
        warn(str(problem))
    n = len(problems)
    warn(f"{'Nothing would be imported' if dry_run else 'Nothing was imported'}: {n:,} problem{'' if n == 1 else 's'}. "
         "Correct the sheet (or the --map options) and run it again.")
    return EXIT_WORKER_ERROR


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    path = existing_database(args)
    old = passphrase(args, f"Current passphrase for {path.name}: ")
    session = open_for(args, secret=old,
                       busy="{name} is open in Homefinder: change the passphrase there "
                            "(File > Change passphrase), or close it and run this again.")
    try:
        new = new_passphrase(args)
        patiently(session.change_passphrase, old, new)
    finally:
        session.close()
    say(f"The passphrase for {session.path.name} is changed. The recovery key is unchanged.")
    say("Backups made before now still open with the old passphrase.")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from .services.session import recover

    path = existing_database(args)
    key = recovery_key(args)
    new = new_passphrase(args)
    try:
        session = patiently(recover, path, key, new, worker_name(args))
    except DatabaseInUse:
        raise DatabaseInUse(f"{path.name} is open in another copy of Homefinder: close it there, "
                            "then run this again.") from None
    session.close()
    say(f"{path.name} now opens with the new passphrase. The recovery key stays the same: keep the "
        "printed sheet where it was.")
    return EXIT_OK


def cmd_new_recovery_key(args: argparse.Namespace) -> int:
    path = existing_database(args)
    secret = passphrase(args, f"Passphrase for {path.name}: ")
    session = open_for(args, secret=secret,
                       busy="{name} is open in Homefinder: make the new recovery key there "
                            "(File > New recovery key), or close it and run this again. Nothing was changed.")
    try:
        recovery = patiently(session.new_recovery_key, secret)
        say(f"{path.name} has a new recovery key. The old recovery key no longer opens it.")
        say()
        hand_over_recovery_key(args, session, recovery, "NEW RECOVERY KEY",
                               "The passphrase is unchanged. Backups made before now carry their own "
                               "key file: they still open with the old recovery key, not this one.")
    finally:
        session.close()
    return EXIT_OK


# --- the parser ------------------------------------------------------------------------------

class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


def _database_option(p: argparse.ArgumentParser, default: Callable[[], Path], what: str) -> None:
    p.add_argument("--database", metavar="PATH", default=None, dest="database",
                   help=f"the database file (default: {what})")
    p.set_defaults(_default_database=default)


def _secret_options(p: argparse.ArgumentParser, recovery_flag: bool = True) -> None:
    p.add_argument("--passphrase-file", metavar="FILE",
                   help=f"read the passphrase from the first line of FILE (or set {ENV_PASSPHRASE}; "
                        "otherwise you are asked)")
    if recovery_flag:
        p.add_argument("--recovery-key", action="store_true",
                       help="unlock with the recovery key from the printed sheet instead of the "
                            f"passphrase (asked for, or read from --recovery-key-file or {ENV_RECOVERY_KEY})")
        p.add_argument("--recovery-key-file", metavar="FILE",
                       help="read the recovery key from the first line of FILE")


def _who_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--who", metavar="NAME",
                   help=f"your name, written beside every change (default: {ENV_WORKER}, "
                        "or your login name)")


EPILOG = f"""\
Passphrases are never given on the command line. Homefinder asks for them, or reads
them from a file (--passphrase-file) or from the environment ({ENV_PASSPHRASE},
{ENV_NEW_PASSPHRASE}, {ENV_RECOVERY_KEY}) when a script runs it.

Exit status: 0 done; 1 Homefinder could not do it (the reason is printed); 2 the command
was given wrongly. Run "homefinder COMMAND --help" for each command. Without a command,
"homefinder" starts the desktop program.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=_Formatter, epilog=EPILOG, add_help=False,
        description="Homefinder from the command line: set up a database, check it, back it up, "
                    "restore it, export it or one of its lists, import records from a spreadsheet, "
                    "see and record the upfront fund, make the partnership report, "
                    "change or recover its passphrase, "
                    "and make a new recovery key.")
    parser.add_argument("-h", "--help", action="help", help="show this help and stop")
    parser.add_argument("--version", action="version", version=f"Homefinder {__version__}",
                        help="show the version and stop")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, summary: str, description: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=description, formatter_class=_Formatter,
                           add_help=False)
        p.add_argument("-h", "--help", action="help", help="show this help and stop")
        p.set_defaults(func=func)
        return p

    p = command("init", "make a new, empty encrypted database",
                "Make a new encrypted database and its key file, for your council and partner agency.\n"
                "You choose a passphrase (asked twice). The recovery key is printed once: print it or\n"
                "write it down, and give it to your manager to keep safe.", cmd_init)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--council", metavar="NAME", help="your council's name, printed on every report")
    p.add_argument("--partner", metavar="NAME", help="the partner adoption agency's name")
    _who_option(p)
    p.add_argument("--passphrase-file", metavar="FILE",
                   help=f"read the new passphrase from the first line of FILE (or set {ENV_PASSPHRASE}; "
                        "otherwise you are asked twice)")
    p.add_argument("--recovery-key-pdf", metavar="FILE",
                   help="also save the recovery key sheet as a PDF, to print (then delete it)")

    p = command("demo", "make the fictional demo database",
                "Make a demo database full of invented children, families and workers, to try\n"
                "Homefinder or to train with. Every person in it is fictional. It prints its passphrase.",
                cmd_demo)
    _database_option(p, paths.demo_database, "demo.hfdb in your Homefinder data folder")
    p.add_argument("--children", type=int, default=60, metavar="N", help="how many children (default 60)")
    p.add_argument("--families", type=int, default=40, metavar="M", help="how many families (default 40)")
    p.add_argument("--seed", type=int, default=None, metavar="S",
                   help="a number that picks the data: the same number makes the same people")
    p.add_argument("--replace", action="store_true", help="replace an existing demo database")

    p = command("check", "check that a database is whole and opens",
                "Check a database without changing it: the key file, the passphrase, every page of\n"
                "the encrypted file, the tables and the links between records, and the version.\n"
                "Works while the database is open in Homefinder. Exit status 1 if anything is wrong.",
                cmd_check)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    _secret_options(p)

    p = command("backup", "copy the database and its key file somewhere safe",
                "Copy the database, while it stays as it is, into a new encrypted file with its key\n"
                "file beside it. The copy is checked before it is kept; a backup that is stopped or\n"
                "runs out of space leaves nothing half-written and no earlier backup is touched.\n"
                "The backup opens with the passphrase the database has today.", cmd_backup)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--to", metavar="PATH",
                   help="a backup file name, or a folder for a dated name such as "
                        "homefinder-backup-2026-11-23-1015.hfdb (default: a Backups folder beside "
                        "the database)")
    _secret_options(p, recovery_flag=False)
    _who_option(p)

    p = command("restore", "put a backup back in place of the database",
                "Replace the database with a backup. The database as it is now is not deleted: it is\n"
                "renamed to <name>.before-restore-<date-time>, with its key file. Afterwards the\n"
                "database opens with the passphrase the backup was made with.", cmd_restore)
    p.add_argument("--from", dest="from_", metavar="BACKUP", required=True, help="the backup file (.hfdb)")
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    _secret_options(p)
    _who_option(p)
    p.add_argument("--yes", action="store_true", help="do not ask before replacing the database")

    p = command("export", "write every record out unencrypted (CSV or JSON)",
                "Write every table out as CSV files (one per table) or one JSON file, with schema.json\n"
                "describing the tables. The files are NOT encrypted: --plaintext is required to say you\n"
                "know. Keep them on an encrypted drive and delete them when done. The export is\n"
                "recorded in the database's audit trail.", cmd_export)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")
    p.add_argument("--to", metavar="FOLDER", required=True, help="an empty folder for the files")
    p.add_argument("--plaintext", action="store_true",
                   help="confirm that you want unencrypted files (required)")
    _secret_options(p, recovery_flag=False)
    _who_option(p)

    p = command("export-list", "write a list (children, families or referrals) to a spreadsheet",
                "Write the children, families or referrals list, as the desktop program lists it (filtered\n"
                "by the options below, sorted as the page sorts it), to an Excel workbook or a CSV file,\n"
                "with dates as 23/11/2026 and stages in words. The file is NOT encrypted: keep it on an\n"
                "encrypted drive and delete it when done. Each export is recorded in the audit trail.",
                cmd_export_list)
    p.add_argument("list", choices=("children", "families", "referrals"), help="which list")
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--to", metavar="FILE", required=True,
                   help="the file to write (.xlsx or .csv added if missing; an existing file is replaced)")
    p.add_argument("--format", choices=("csv", "xlsx"), default=None,
                   help="xlsx or csv (default: as the file name ends, else xlsx)")
    p.add_argument("--stage", metavar="S", help="only this stage, e.g. family_finding or \"Family finding\"")
    p.add_argument("--search", metavar="TEXT", help="only records matching TEXT, as the list's search box")
    kids = p.add_argument_group("children only")
    kids.add_argument("--age-band", metavar="BAND",
                      help="under_2, 2_to_4, 5_to_7 or 8_and_over (or \"2 to 4\"...): ages today")
    kids.add_argument("--sex", metavar="SEX", help="F or M (or female, male, girl, boy)")
    group = kids.add_mutually_exclusive_group()
    group.add_argument("--in-sibling-group", dest="in_sibling_group", action="store_const", const=True,
                       help="only children in a sibling group")
    group.add_argument("--not-in-sibling-group", dest="in_sibling_group", action="store_const", const=False,
                       help="only children not in a sibling group")
    kids.add_argument("--social-worker", metavar="NAME", help="only this social worker's children")
    kids.add_argument("--waiting-over", type=int, metavar="DAYS",
                      help="only children waiting for a match more than DAYS since the agency decision")
    group = kids.add_mutually_exclusive_group()
    group.add_argument("--no-active-link", dest="active_link", action="store_const", const=True,
                       help="only children with no active link (nor their sibling group)")
    group.add_argument("--with-active-link", dest="active_link", action="store_const", const=False,
                       help="only children with an active link")
    fams = p.add_argument_group("families only")
    fams.add_argument("--agency-kind", metavar="KIND", help="own (the council's), partner or other")
    refs = p.add_argument_group("referrals only")
    refs.add_argument("--kind", metavar="KIND", help="child or adopter")
    refs.add_argument("--all", dest="all_referrals", action="store_const", const=True,
                      help="closed referrals too (without it, only open and acknowledged ones)")
    refs.add_argument("--open-over", type=int, metavar="DAYS", help="only referrals open more than DAYS")
    _secret_options(p, recovery_flag=False)
    _who_option(p)

    p = command("import", "add children, families, referrals or links from a spreadsheet (XLSX or CSV)",
                "Add children, families, referrals or links from an Excel workbook or a CSV file (UTF-8). The\n"
                "first row holds the headings; Homefinder works out which column holds which field\n"
                "(DOB, Surname, Social worker...), and --map changes that. Every row is checked as the\n"
                "form would check it: if any row has a problem, each one is printed (\"line 7, Date\n"
                "of birth: is in the future\") and nothing is imported. --dry-run checks and shows\n"
                "how the columns are read, and writes nothing. Social workers, agencies, children\n"
                "(C-00012) and families (F-00004) must exist; a new sibling group is made.\n"
                "Links keep their history: each is added Identified on its date (the family's window\n"
                "opened under the rule then in force), then moved to its Status on the Status date;\n"
                "Did not progress needs a Reason from the list, and Placed ends the child's other links.",
                cmd_import)
    p.add_argument("kind", choices=("children", "families", "referrals", "links"), help="what the rows are")
    p.add_argument("file", metavar="FILE", help="the spreadsheet: .xlsx or .csv")
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--map", action="append", metavar="HEADING=FIELD",
                   help="read the column HEADING as FIELD (e.g. \"DOB=date_of_birth\", or \"Age=\" to leave "
                        "it out); repeat for more columns. --dry-run lists the fields")
    p.add_argument("--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="check and show what would be imported; write nothing")
    _secret_options(p, recovery_flag=False)
    _who_option(p)

    p = command("due", "list the link windows overdue, due today or closing this week",
                "List every family whose window to say yes to a link is overdue, due today, or closes in\n"
                "the next seven days (the 5/5 rule, or the version of it the window was opened under):\n"
                "the link, the child or sibling group, the family and its agency, and the deadline.",
                cmd_due)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    _secret_options(p)
    _who_option(p)

    p = command("fund", "the upfront fund: agreements, balance, statement, movements from a CSV file",
                "The upfront fund the council paid the partner agency. `fund list` shows the agreements;\n"
                "`fund balance` the holding balance, placements against the target, what the balance still\n"
                "pays for, and any balance the agency's statement gives that the ledger does not agree with;\n"
                "`fund statement` the holding account for a period, with a running balance (as text, CSV\n"
                "or PDF); `fund record FILE` records movements from a CSV file (Date, Movement, Amount,\n"
                "Link, Stage, Purpose, Salary, From year, Instalment, Reverses, Memo). Every cell is read\n"
                "first; then every row is checked against the ledger in one go, and if any row has a\n"
                "problem nothing at all is recorded. --agreement may be left out when there is only one.",
                cmd_fund)
    p.add_argument("action", choices=("list", "balance", "statement", "record"), help="what to do")
    p.add_argument("file", nargs="?", metavar="FILE", help="record: the CSV file of movements (or an .xlsx workbook)")
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--agreement", type=int, metavar="ID", help="the agreement's ID, as “fund list” shows it")
    p.add_argument("--on", metavar="DATE", help="balance: as at the end of DATE (default: today), e.g. 31/03/2026")
    p.add_argument("--from", dest="start", metavar="DATE", help="statement: the first day, e.g. 01/04/2025")
    p.add_argument("--to", dest="end", metavar="DATE", help="statement: the last day, e.g. 31/03/2026")
    p.add_argument("--format", choices=("text", "csv"), default=None,
                   help="statement: a table to read (text, the default) or CSV rows for a spreadsheet")
    p.add_argument("--pdf", metavar="FILE", help="statement: save it as a PDF to print instead")
    p.add_argument("--dry-run", action="store_true",
                   help="record: check every row against the ledger and show what would be recorded; write nothing")
    _secret_options(p, recovery_flag=False)
    _who_option(p)

    from . import cli_report  # `report`: its own module, as the command line grows

    cli_report.add_command(command)

    p = command("change-passphrase", "choose a new passphrase",
                "Choose a new passphrase for a database. The database itself is not rewritten and\n"
                "the recovery key stays the same. Backups made earlier keep the old passphrase.",
                cmd_change_passphrase)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    _secret_options(p, recovery_flag=False)
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=f"read the new passphrase from FILE (or set {ENV_NEW_PASSPHRASE}; otherwise "
                        "you are asked twice)")
    _who_option(p)

    p = command("recover", "forgotten passphrase: use the recovery key to set a new one",
                "Open a database with the recovery key from its printed sheet, and choose a new\n"
                "passphrase. The recovery key stays the same.", cmd_recover)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    p.add_argument("--recovery-key-file", metavar="FILE",
                   help=f"read the recovery key from FILE (or set {ENV_RECOVERY_KEY}; otherwise you "
                        "are asked)")
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=f"read the new passphrase from FILE (or set {ENV_NEW_PASSPHRASE}; otherwise "
                        "you are asked twice)")
    _who_option(p)

    p = command("new-recovery-key", "make a new recovery key (the printed sheet is lost)",
                "Make a new recovery key, for when the printed sheet is lost or the manager who kept it\n"
                "leaves. The passphrase is checked first. The new key is printed once; from then on the\n"
                "old recovery key no longer opens the database. The passphrase stays the same and the\n"
                "database itself is not rewritten. Backups made earlier keep the old recovery key.",
                cmd_new_recovery_key)
    _database_option(p, paths.default_database, "homefinder.hfdb in your Homefinder data folder")
    _secret_options(p, recovery_flag=False)
    p.add_argument("--recovery-key-pdf", metavar="FILE",
                   help="also save the new recovery key sheet as a PDF, to print (then delete it)")
    _who_option(p)

    p = command("help", "show this help, or a command's help", "Show help.", None)
    p.add_argument("topic", nargs="?", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse exits 2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command in (None, "help"):
        topic = getattr(args, "topic", None)
        if topic:
            return main([topic, "--help"])
        parser.print_help()
        return EXIT_OK
    if hasattr(args, "database") and args.database is None:
        args.database = str(args._default_database())
    if args.command == "export" and not args.plaintext:
        warn(f"{PROG} export: an export writes every record unencrypted, so it needs --plaintext to "
             "say you know. Nothing was written.")
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        warn(f"{PROG} {args.command}: {exc}")
        return EXIT_USAGE
    except HomefinderError as exc:
        warn(str(exc))
        return EXIT_WORKER_ERROR
    except KeyboardInterrupt:
        warn("Stopped. Nothing half-done was kept.")
        return EXIT_STOPPED
    except Exception:  # a bug: say so plainly, with the details a developer needs
        warn("Homefinder hit a problem it did not expect. This is a bug in Homefinder, not something "
             "you did. Your data is as it was after the last completed save. Please send the text "
             "below to whoever supports Homefinder:\n")
        traceback.print_exc()
        return EXIT_BUG
