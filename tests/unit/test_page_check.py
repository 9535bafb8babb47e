"""The background check of every page: its answer, and cancelling it."""
from __future__ import annotations

from homefinder_desktop.services import demo
from homefinder_desktop.services.session import open_session


def _flip(path, offset):
    with open(path, "r+b") as fh:
        fh.seek(offset)
        data = fh.read(16)
        fh.seek(offset)
        fh.write(bytes(b ^ 0xA5 for b in data))


def test_sound_and_damaged_files(tmp_path):
    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    with open_session(path, demo.DEMO_PASSPHRASE, "Test Worker") as session:
        assert session.page_check().run() is None
    _flip(path, (path.stat().st_size // 4096 - 3) * 4096 + 500)
    with open_session(path, demo.DEMO_PASSPHRASE, "Test Worker", verify_pages=False) as session:
        warning = session.page_check().run()
    assert warning and "damaged" in warning


def test_a_check_cancelled_before_it_starts_never_opens_the_file(tmp_path, monkeypatch):
    from homefinder_desktop.storage import maintenance

    path = tmp_path / "demo.hfdb"
    demo.create_demo(path).close()
    with open_session(path, demo.DEMO_PASSPHRASE, "Test Worker") as session:
        check = session.page_check()
        check.cancel()
        monkeypatch.setattr(maintenance.sqlcipher3, "connect",
                            lambda *a, **k: (_ for _ in ()).throw(AssertionError("opened")))
        assert check.run() is None
