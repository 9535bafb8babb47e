"""`homefinder` with a command (init, demo, check, backup, ...) runs the command line;
without one it starts the desktop program."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from . import cli

    if argv and argv[0] in cli.COMMANDS:
        return cli.main(argv)
    from . import app  # Qt is imported only for the desktop program

    return app.main(argv)


if __name__ == "__main__":
    sys.exit(main())
