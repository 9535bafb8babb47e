"""`homefinder` with a command (init, demo, check, backup, ...) runs the command line;
without one it starts the desktop program."""
from __future__ import annotations

import sys
import time

t0 = time.perf_counter()  # start-up is measured from here (app.start_time)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A word (init, backup, a typo) is a command; the desktop program's own flags all start
    # with "--". Deciding here keeps the command line's imports out of the program's start-up.
    if argv and (not argv[0].startswith("-") or argv[0] in ("-h", "--help", "--version")):
        from . import cli

        return cli.main(argv)
    from . import app  # Qt is imported only for the desktop program

    return app.main(argv)


if __name__ == "__main__":
    sys.exit(main())
