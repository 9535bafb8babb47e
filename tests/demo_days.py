"""The demo as made on a given day, for the tests that check its stories whatever day it is made."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from homefinder_desktop.services import demo


def demo_made_on(day: date | None, folder: Path):
    """A demo made in `folder` as if today were `day` (None: the real today), with a data folder of
    its own (never the worker's)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOMEFINDER_HOME", str(folder / "home"))
        if day is not None:
            real = demo.create_database

            def dated(*args, **kwargs):
                session, recovery = real(*args, **kwargs)
                session.today = lambda: day
                return session, recovery

            patch.setattr(demo, "create_database", dated)
        return demo.create_demo(folder / "demo.hfdb")
