"""A file damaged in the middle is found after the window opens, without slowing the start."""
from __future__ import annotations

import pytest

from homefinder_desktop.services import demo
from homefinder_desktop.services.session import open_session
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.main_window import MainWindow

PAGE = 4096


def _flip(path, offset, length=16):
    with open(path, "r+b") as fh:
        fh.seek(offset)
        data = fh.read(length)
        fh.seek(offset)
        fh.write(bytes(b ^ 0xA5 for b in data))


def _open_window(qtbot, path):
    session = open_session(path, demo.DEMO_PASSPHRASE, "Test Worker", verify_pages=False)
    window = MainWindow(AppContext(session))
    qtbot.addWidget(window)
    window.show()
    return window


def test_damage_in_the_middle_of_the_file_is_reported_in_words(qtbot, tmp_path):
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    pages = path.stat().st_size // PAGE
    _flip(path, (pages - 5) * PAGE + 1000)  # a page no start-up query reads
    window = _open_window(qtbot, path)
    # The check may finish before a signal spy could be connected: wait for what the worker sees.
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "damaged" in window.banner_text.text()
    assert "Restore it from your latest backup" in window.banner_text.text()
    # A damaged file must not be made worse: saves are refused in words, nothing is written.
    from datetime import date

    from homefinder_desktop.domain.errors import HomefinderError
    from homefinder_desktop.domain.records import Child
    from homefinder_desktop.services import records

    session = window.ctx.session
    before = session.database().execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(HomefinderError, match="will not change it"):
        records.add(session, Child(first_name="Ottilie", date_of_birth=date(2023, 1, 1), sex="F"))
    with pytest.raises(Exception):  # and SQLite refuses any write that bypassed the services
        session.database().execute("DELETE FROM child_stages")
    assert session.database().execute("SELECT count(*) FROM audit").fetchone()[0] == before
    window._closing_confirmed = True
    window.close()


def test_a_sound_file_raises_no_alarm(qtbot, tmp_path):
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    window = _open_window(qtbot, path)
    seen = []
    window.damage_found.connect(lambda _session, warning: seen.append(warning))
    check, thread = window._page_check
    thread.join(10)
    qtbot.wait(50)  # deliver the result, if it came after the spy was connected
    assert not thread.is_alive()
    assert seen in ([], [""])
    assert not window.banner.isVisible()
    window._closing_confirmed = True
    window.close()


def test_locking_stops_the_check_and_unlocking_runs_it_again(qtbot, tmp_path):
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    window = _open_window(qtbot, path)
    window.lock("Locked.")
    assert window._page_check is None, "no keyed connection may work on while locked"
    assert window.ctx.session.locked
    if window._recheck_pages:  # it was cut short: it must run again after unlocking
        with qtbot.waitSignal(window.damage_found, timeout=10_000):
            assert window.unlock(demo.DEMO_PASSPHRASE)
    else:
        assert window.unlock(demo.DEMO_PASSPHRASE)
    window._closing_confirmed = True
    window.close()
    assert window._page_check is None
