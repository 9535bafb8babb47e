"""The desktop program: open (or create) a database, then show the main window.

`main(argv)` flags, used by packaging and the benchmarks:
  --database PATH        open PATH directly (passphrase from HOMEFINDER_PASSPHRASE, else asked;
                         the worker's name from HOMEFINDER_WORKER, else "Worker")
  --quit-after-shown     print "shown <seconds since start>" once the window is painted, then exit 0
  --smoke-test OUTDIR    a throwaway database with a small demo set; visit every page; write
                         OUTDIR/recovery-sheet.pdf; print "smoke ok"; exit 0 (1 on any error)

This module is the composition root and stays free of Qt (only ui imports PySide6): it reads
the flags and hands over to ui.startup.run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

T0 = time.perf_counter()  # the earliest moment this module knows of; __main__.t0 wins if set


def start_time() -> float:
    main_module = sys.modules.get("homefinder_desktop.__main__")
    t0 = getattr(main_module, "t0", None) or getattr(main_module, "T0", None)
    return t0 if isinstance(t0, float) else T0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="homefinder", description="Homefinder desktop program")
    parser.add_argument("--database", type=Path, help="open this database directly")
    parser.add_argument("--quit-after-shown", action="store_true", help="exit once the window is shown")
    parser.add_argument("--smoke-test", type=Path, metavar="OUTDIR", help="check the program works, then exit")
    known, _qt_args = parser.parse_known_args(argv)
    return known


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    from .ui import startup

    if args.smoke_test is not None:
        return startup.smoke_test_main(args.smoke_test)
    return startup.run(database=args.database, quit_after_shown=args.quit_after_shown,
                           started=start_time())
