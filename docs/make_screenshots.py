"""Remake the guide's screenshots from the demo: `.venv/bin/python docs/make_screenshots.py`.

Offscreen, at a laptop size (1280x800), with the program's stylesheet. Everything shown is
fictional demo data. Look at each PNG after making it.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
TMP = tempfile.mkdtemp(prefix="homefinder-shots-")
os.environ["HOMEFINDER_HOME"] = TMP + "/home"

from PySide6.QtCore import QSettings  # noqa: E402

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, TMP + "/settings")

from homefinder_desktop import paths  # noqa: E402
from homefinder_desktop.domain.records import Child  # noqa: E402
from homefinder_desktop.services import demo, records  # noqa: E402
from homefinder_desktop.ui import main_window as mwmod  # noqa: E402
from homefinder_desktop.ui import startup  # noqa: E402
from homefinder_desktop.ui.agencies_page import AgenciesPage  # noqa: E402
from homefinder_desktop.ui.children_page import ChildrenPage  # noqa: E402
from homefinder_desktop.ui.context import AppContext  # noqa: E402
from homefinder_desktop.ui.families_page import FamiliesPage  # noqa: E402
from homefinder_desktop.ui.passphrase_dialog import PassphraseDialog  # noqa: E402
from homefinder_desktop.ui.recovery_key_dialog import RecoveryKeyDialog  # noqa: E402
from homefinder_desktop.ui.referrals_page import ReferralsPage  # noqa: E402
from homefinder_desktop.ui.settings_dialog import SettingsDialog  # noqa: E402
from homefinder_desktop.ui.sibling_groups_page import SiblingGroupsPage  # noqa: E402
from homefinder_desktop.ui.unlock_dialog import UnlockDialog  # noqa: E402
from homefinder_desktop.ui.welcome import WelcomeDialog  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
app = startup.make_application([])


def shot(widget, name: str, size: tuple[int, int] | None = None) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    app.processEvents()
    app.processEvents()
    widget.grab().save(str(OUT / name))
    print("saved", name, f"{widget.width()}x{widget.height()}")


def shell() -> None:
    w = WelcomeDialog("Sam Taylor")
    w.adjustSize()
    shot(w, "shell-welcome.png")
    w.show_page(w.CREATE)
    w.council.setText("Northshire County Council")
    w.partner.setText("Brightpath Adoption")
    w.passphrase.first.setText("harbour lantern quietly 1987")
    w.passphrase.second.setText("harbour lantern quietly")
    w.adjustSize()
    shot(w, "shell-create.png")
    w.close()
    d = RecoveryKeyDialog("Northshire County Council", "Brightpath Adoption", "homefinder.hfdb",
                          "K7QP-M2XD-9FTR-4HWN-B8ZC-3JVE-6LYA-QN5R", date(2026, 11, 23))
    shot(d, "shell-recovery-key.png")
    d.confirm.setChecked(True)
    d.close()


def main_window(session) -> None:
    mw = mwmod.MainWindow(AppContext(session))
    shot(mw, "shell-start.png", (1280, 800))
    mw.show_page_titled("History")
    shot(mw, "shell-history.png")
    mw.show_page_titled("Start")
    mw.lock("Locked after a while without use.")
    shot(mw, "shell-lock.png")
    mw.unlock(demo.DEMO_PASSPHRASE)
    sd = SettingsDialog(mw)
    shot(sd, "shell-settings.png")
    sd.close()
    pd = PassphraseDialog(session, mw)
    shot(pd, "shell-change-passphrase.png")
    pd.close()
    mw._closing_confirmed = True
    mw._stop_page_check()
    mw.hide()


def record_pages(session) -> None:
    ctx = AppContext(session)
    ch = ChildrenPage(ctx)
    kids = [c for c in records.all_of(session, Child) if c.sibling_group_id and c.stage == "family_finding"]
    ch.select_record(kids[0].id)
    shot(ch, "records-children.png", (1280, 800))
    fam = FamiliesPage(ctx)
    fam.move(1)
    shot(fam, "records-families.png", (1280, 800))
    ref = ReferralsPage(ctx)
    ref.move(1)
    shot(ref, "records-referrals.png", (1280, 800))
    grp = SiblingGroupsPage(ctx)
    grp.move(1)
    grp.move(1)
    shot(grp, "records-sibling-groups.png", (1280, 800))
    ag = AgenciesPage(ctx)
    ag.move(1)
    ag.move(1)
    shot(ag, "records-agencies.png", (1280, 800))
    ch.new_record(ask=False)
    e = ch.editor
    e.widgets["first_name"].setText("Tamsin")
    e.widgets["last_name"].setText("Quillfeather")
    e.widgets["date_of_birth"].setText((session.today() + timedelta(days=30)).strftime("%d/%m/%Y"))
    e.widgets["date_entered_care"].setText("31/02/2024")
    ch.save()
    shot(ch, "records-validation-error.png")
    ch.revert()
    ch.select_record(kids[1].id)
    dlg = ch.open_stage_dialog()
    dlg.reason.setPlainText("Link found at the March profile evening")
    shot(dlg, "records-stage-dialog.png", (560, 460))
    dlg.reject()
    ch.editor.widgets["language"].setText("English and Welsh")
    ch.editor.widgets["team"].setText("Permanence Team")
    ch.save()
    dlg = ch.open_stage_dialog()
    dlg.record()
    h = ch.open_history()
    shot(h, "records-history-dialog.png", (800, 600))
    h.close()


def unlock_dialogs() -> None:
    u = UnlockDialog(paths.demo_database(), "Sam Taylor")
    u.passphrase.setText("wrong one here")
    u._open()
    shot(u, "shell-unlock.png")
    u._show_page(1)
    shot(u, "shell-unlock-recovery.png")
    u.close()


def printouts(session) -> None:
    """The children register, page 1, as the worker would print it."""
    import subprocess

    ids = records.child_ids(session, records.RegisterQuery())
    pdf = Path(TMP) / "register.pdf"
    records.save_child_register(session, ids, pdf, records.REGISTER_TITLE)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(Path(TMP) / "reg")],
                   check=True)
    page = next(Path(TMP).glob("reg*.png"))
    (OUT / "report-children-register.png").write_bytes(page.read_bytes())
    print("saved report-children-register.png")


if __name__ == "__main__":
    shell()
    session = demo.create_demo(paths.demo_database(), who="Sam Taylor")
    main_window(session)
    record_pages(session)
    printouts(session)
    session.close()
    unlock_dialogs()
    sys.exit(0)
