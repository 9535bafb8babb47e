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


def child_photos(session) -> None:
    """A child's Photos box (demo pictures are drawings, no real child), one photo chosen."""
    from homefinder_desktop.services import photos

    ch = ChildrenPage(AppContext(session))
    child = next(c for c in records.all_of(session, Child)
                 if len({p.public_ok for p in photos.photos_of(session, c.id)}) == 2)
    ch.select_record(child.id)
    ch.resize(1280, 800)
    ch.show()
    app.processEvents()  # laid out, so the form can scroll down to the photos
    ch.photos_box.parentWidget().parentWidget().parentWidget().ensureWidgetVisible(ch.photos_box)
    ch.photos_box.list.setCurrentRow(0)
    shot(ch, "records-child-photos.png")


def needs_and_offers(session) -> None:
    """Children in family finding with no active link, one child's needs profile; and what an
    approved family offers."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    from homefinder_desktop.domain.records import Family

    def scroll_to(page, heading: str) -> None:
        """The form scrolled so this section heading is at its top."""
        area, title = page.findChild(QScrollArea), page.editor.widgets[heading]
        area.verticalScrollBar().setValue(title.mapTo(area.widget(), QPoint(0, 0)).y() - 4)

    ctx = AppContext(session)
    ch = ChildrenPage(ctx)
    ch.resize(1280, 800)
    ch.show()
    ch.link_filter.setChecked(True)
    ch.stage_filter.setCurrentIndex(ch.stage_filter.findData("family_finding"))
    shown = set(ch.model.ids)
    child = next(c for c in records.all_of(session, Child)
                 if c.id in shown and c.needs_notes and len(c.abuse) >= 2 and c.sibling_group_id is None)
    ch.select_record(child.id)
    app.processEvents()  # laid out, so the form can scroll down to the needs
    scroll_to(ch, "heading_needs")
    shot(ch, "records-child-needs.png")
    fam = FamiliesPage(ctx)
    fam.resize(1280, 800)
    fam.show()
    family = next(f for f in records.all_of(session, Family) if f.stage == "approved" and f.offer_notes
                  and f.max_children and f.max_children > 1)
    fam.select_record(family.id)
    app.processEvents()
    scroll_to(fam, "heading_what_they_offer_and_want")
    shot(fam, "records-family-offer.png")


def referrals_printed(session) -> None:
    """The open referrals with Export list… and Save list as PDF… in the title row, and page 1 of
    the referrals register as the worker would print it."""
    import subprocess

    ref = ReferralsPage(AppContext(session))
    ref.move(1)
    shot(ref, "records-referrals-open.png", (1280, 800))
    pdf = Path(TMP) / "referrals.pdf"
    records.save_referral_register(session, ref.model.ids, pdf,
                                   records.referral_register_title(session, ref.model.query))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(Path(TMP) / "refs")],
                   check=True)
    (OUT / "report-referrals-register.png").write_bytes(next(Path(TMP).glob("refs*.png")).read_bytes())
    print("saved report-referrals-register.png")


def spreadsheet_import(session) -> None:
    """File > Import from a spreadsheet…: the example children (ready), and a sheet with problems."""
    from homefinder_desktop.ui.import_dialog import ImportDialog

    dialog = ImportDialog(AppContext(session))
    dialog.resize(1200, 700)
    dialog.load(paths.resources_dir() / "examples" / "children.xlsx")
    shot(dialog, "import-ready.png")
    sheet = Path(TMP) / "children-to-check.csv"
    sheet.write_text("Forename,Surname,DOB,Gender,Stage,Stage since,Placement order,Social worker\n"
                     "Poppy,Examplewood,14/03/2021,Girl,Family finding,01/09/2025,20/08/2025,Megan Mensah\n"
                     "Jasper,Examplewood,02/11/2027,Boy,Family finding,01/09/2025,20/08/2025,Megan Mensah\n"
                     "Tilly,Sampleford,09/01/24,F,Agency decision,16/02/2026,03/01/2026,Michael Tran\n"
                     "Reggie,Demoson,23/07/2019,M,Waiting,05/06/2026,,Nobody Known\n", encoding="utf-8")
    dialog.load(sheet)
    dialog.problems.setCurrentRow(1)
    dialog.show_problem(dialog.problems.currentItem())
    shot(dialog, "import-problems.png")
    dialog.close()


def links_and_windows(session) -> None:
    """The Links page on a child two families want (competing interest), the window panel; and
    the rule versions dialog."""
    from PySide6.QtWidgets import QScrollArea

    from homefinder_desktop.services import links
    from homefinder_desktop.ui.link_policy_dialog import LinkPolicyDialog
    from homefinder_desktop.ui.links_page import LinksPage

    page = LinksPage(AppContext(session))
    page.resize(1280, 800)
    page.show()
    rows = links.link_rows(session)
    contested = next(r for r in rows if links.competition(session, r["id"]) is not None)
    page.select_record(contested["id"])
    app.processEvents()
    area = page.findChild(QScrollArea)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    shot(page, "links-competing.png")
    dialog = LinkPolicyDialog(AppContext(session), page)
    shot(dialog, "links-rule-versions.png")
    dialog.close()


def meetings(session) -> None:
    """The Homefinder meeting screen at 1280x720 (the agenda, the partner flag, a decision typed)
    and page 1 of its minutes as PDF, rendered with pdftoppm."""
    import subprocess

    from homefinder_desktop.services import meetings as meeting_service
    from homefinder_desktop.ui.meetings_page import MeetingsPage

    page = MeetingsPage(AppContext(session))
    latest = next(r for r in meeting_service.meeting_rows(session, ("homefinder",)) if not r["closed"])
    page.list.setCurrentRow(next(i for i in range(page.list.count())
                                 if page.list.item(i).data(0x0100) == latest["id"]))
    shot(page, "meetings-homefinder.png", (1280, 720))
    page.close()
    with tempfile.TemporaryDirectory(prefix="homefinder-minutes-") as tmp:
        pdf = meeting_service.save_minutes_pdf(session, latest["id"], Path(tmp) / "minutes.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / "report-minutes-homefinder")], check=True)
    print("saved report-minutes-homefinder.png")


def matching(session) -> None:
    """The demo's open matrix on the Matching page (1280x720), the shortlist for its child, the
    presentation window with the privacy switch on, and page 2 of the decided matrix's printed
    record (privacy on), rendered with pdftoppm."""
    import subprocess

    from homefinder_desktop.services import matrix
    from homefinder_desktop.services.matrix_record import save_matrix_record
    from homefinder_desktop.ui.matching_page import MatchingPage
    from homefinder_desktop.ui.shortlist_dialog import ShortlistDialog

    rows = matrix.matrix_rows(session)
    still_open = next(r for r in rows if not r["decided_on"])
    decided = next(r for r in rows if r["decided_on"])
    page = MatchingPage(AppContext(session))
    page.resize(1280, 720)
    page.show()
    page.show_matrix(still_open["id"])
    shot(page, "matching-matrix.png", (1280, 720))
    dialog = ShortlistDialog(page.ctx, page, child_id=still_open["child_id"], group_id=still_open["sibling_group_id"])
    shot(dialog, "matching-shortlist.png", (1280, 720))
    dialog.close()
    window = page.present()
    window.showNormal()  # offscreen has no screen to fill: grab it at a projector's 1280x720
    shot(window, "matching-present.png", (1280, 720))
    window.close()
    page.close()
    with tempfile.TemporaryDirectory(prefix="homefinder-matrix-") as tmp:
        pdf = save_matrix_record(session, decided["id"], Path(tmp) / "matrix.pdf", private=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "2", "-l", "2", "-singlefile", str(pdf),
                        str(OUT / "report-matrix-record")], check=True)
    print("saved report-matrix-record.png")


def fund(session) -> None:
    """The demo's upfront fund on the Fund page (1280x800: the figures, the forecast and the failing
    balance check), and page 1 of the statement for the grant year, rendered with pdftoppm."""
    import subprocess

    from homefinder_desktop.domain.fund import period_of_year
    from homefinder_desktop.services import fund as fund_service
    from homefinder_desktop.services.fund_print import save_statement_pdf
    from homefinder_desktop.ui.fund_page import FundPage

    page = FundPage(AppContext(session))
    shot(page, "fund-page.png", (1280, 800))
    page.close()
    agreement = fund_service.agreements(session)[0]
    start, end = period_of_year(agreement.financial_years[0])
    with tempfile.TemporaryDirectory(prefix="homefinder-fund-") as tmp:
        pdf = save_statement_pdf(session, agreement.id, start, end, Path(tmp) / "statement.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / "report-fund-statement")], check=True)
    print("saved report-fund-statement.png")


def profile_booklet(session) -> None:
    """A child's page of a profile-evening booklet for the demo's children in family finding,
    rendered with pdftoppm."""
    import subprocess

    from homefinder_desktop.services.profiles import save_booklet
    from homefinder_desktop.services.records import RegisterQuery

    with tempfile.TemporaryDirectory(prefix="homefinder-booklet-") as tmp:
        pdf = save_booklet(session, query=RegisterQuery(stage="family_finding"), level="event",
                           event_title="Winter profile evening", event_date=date.today() + timedelta(days=14),
                           target=Path(tmp) / "booklet.pdf")
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "3", "-l", "3", "-singlefile", str(pdf),
                        str(OUT / "report-profile-booklet")], check=True)
    print("saved report-profile-booklet.png")


def reports(session) -> None:
    """The Reports page's two tabs on the demo (1280x800), page 1 of the partnership report's PDF
    for the last full financial year, and the profile booklet's print preview."""
    import subprocess

    from homefinder_desktop.services import partnership
    from homefinder_desktop.services.profiles import booklet_pdf
    from homefinder_desktop.services.records import RegisterQuery
    from homefinder_desktop.ui import print_preview
    from homefinder_desktop.ui.reports_page import ReportsPage

    page = ReportsPage(AppContext(session))
    shot(page, "reports-partnership.png", (1280, 800))
    page.view("Timeliness")
    shot(page, "reports-timeliness.png", (1280, 800))
    report = page.views[0].report
    page.close()
    with tempfile.TemporaryDirectory(prefix="homefinder-partnership-") as tmp:
        pdf = partnership.save_pdf(session, report, Path(tmp) / "partnership.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / "report-partnership")], check=True)
    print("saved report-partnership.png")
    pdf = booklet_pdf(session, query=RegisterQuery(stage="family_finding"), level="event",
                      event_title="Winter profile evening", event_date=date.today() + timedelta(days=14))
    pages = print_preview.PdfPages(pdf)
    dialog = print_preview.preview_dialog(None, "Profile booklet — Winter profile evening", pages)
    shot(dialog, "report-print-preview.png", (1280, 720))
    dialog.close()
    pages.close()


if __name__ == "__main__":
    shell()
    session = demo.create_demo(paths.demo_database(), who="Sam Taylor")
    main_window(session)
    record_pages(session)
    printouts(session)
    referrals_printed(session)
    child_photos(session)
    needs_and_offers(session)
    spreadsheet_import(session)
    links_and_windows(session)
    meetings(session)
    matching(session)
    fund(session)
    profile_booklet(session)
    reports(session)
    session.close()
    unlock_dialogs()
    sys.exit(0)
