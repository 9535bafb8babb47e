"""Saving a printout: whole, private, and with a warning for a cloud-synced folder."""
from __future__ import annotations

import stat

from homefinder_desktop.services import printouts


def test_a_printout_is_private_and_keeps_a_dotted_name(tmp_path):
    saved = printouts.save_pdf(tmp_path / "Recovery key - homefinder.v2", b"%PDF-1.4 test")
    assert saved.name == "Recovery key - homefinder.v2.pdf"
    assert saved.read_bytes() == b"%PDF-1.4 test"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [saved.name], "no partial file left beside it"


def test_a_cloud_synced_folder_is_named_before_saving(tmp_path):
    synced = tmp_path / "OneDrive - Northshire County Council" / "Documents"
    synced.mkdir(parents=True)
    warning = printouts.cloud_warning(synced / "children-register.pdf")
    assert "cloud-synced folder (OneDrive - Northshire County Council)" in warning
    assert "unencrypted" in warning
    assert printouts.cloud_warning(tmp_path / "children-register.pdf") is None
