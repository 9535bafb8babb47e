"""Starting the desktop program: the application object, the first database (the one named,
the last one used, or Welcome), the main window; and the smoke test the packaged build runs."""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ..domain.errors import HomefinderError
from ..services.session import Session, create_database, open_session
from . import error_handler, style
from .context import AppContext
from .main_window import APP_TITLE, MainWindow, remember_database
from .settings_dialog import APPLICATION, LAST_DATABASE_KEY, ORGANISATION, WORKER_NAME_KEY, app_settings
from .unlock_dialog import UnlockDialog
from .welcome import WelcomeDialog


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "homefinder", *argv])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    # No application display name: Qt would add it to every window title ("Homefinder — … — Homefinder").
    style.apply(app)
    return app


def first_session(database: Path | None) -> Session | None:
    """The database to start with: --database, the last one used on this laptop, or Welcome."""
    settings = app_settings()
    who = str(settings.value(WORKER_NAME_KEY, "") or "")
    if database is not None:
        who = os.environ.get("HOMEFINDER_WORKER") or "Worker"
        passphrase = os.environ.get("HOMEFINDER_PASSPHRASE")
        if passphrase is not None:
            try:
                return open_session(database, passphrase, who, verify_pages=False)
            except HomefinderError as exc:
                QMessageBox.warning(None, APP_TITLE, str(exc))
                return None
        dialog = UnlockDialog(database, who)
        return dialog.session if dialog.exec() == QDialog.DialogCode.Accepted else None
    last = str(settings.value(LAST_DATABASE_KEY, "") or "")
    if last and Path(last).exists():
        dialog = UnlockDialog(Path(last), who, offer_welcome=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.session
        if not dialog.welcome_requested:
            return None
        who = dialog.worker_name() or who
    welcome = WelcomeDialog(who)
    return welcome.session if welcome.exec() == QDialog.DialogCode.Accepted else None


def smoke_test(app: QApplication, outdir: Path) -> int:
    """Everything a packaged build needs, end to end, on a throwaway database."""
    from ..reports import recovery_sheet
    from ..services import demo  # its TEST_COST (storage.keyfile's, ui may not import storage)
    from . import print_preview  # PDFium and Qt's printing load only when something is printed

    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="homefinder-smoke-") as tmp:
        session, recovery = create_database(
            Path(tmp) / "smoke.hfdb", "smoke test passphrase", "Smoke test", "Smoke Test Council",
            "Smoke Test Adoption", kdf_cost=demo.TEST_COST, check_strength=False)
        try:
            demo.generate(session, children=10, families=8)
            window = MainWindow(AppContext(session))
            window.show()
            app.processEvents()
            for index in range(len(window.pages)):
                window.show_page(index)
                app.processEvents()
                window.pages[index].grab()  # paints it: a broken page raises here
            window.lock("Smoke test.")
            app.processEvents()
            if not window.unlock("smoke test passphrase"):
                raise RuntimeError("unlocking after a lock failed")
            pdf = recovery_sheet.build_pdf(session.council_name, session.partner_name, session.path.name,
                                           recovery, date.today())
            if not pdf.startswith(b"%PDF"):
                raise RuntimeError("the recovery sheet is not a PDF")
            (outdir / "recovery-sheet.pdf").write_bytes(pdf)
            print_preview.check_printing(pdf, outdir / "printed.pdf")  # PDFium and Qt's printing, bundled
            window._closing_confirmed = True
            window.close()
            app.processEvents()
        finally:
            session.close()
    print("smoke ok", flush=True)
    return 0

def smoke_test_main(outdir: Path) -> int:
    try:
        app = make_application([])
        return smoke_test(app, outdir)
    except Exception:  # noqa: BLE001 - the smoke test reports every failure
        traceback.print_exc()
        return 1


def run(database: Path | None = None, quit_after_shown: bool = False, started: float | None = None) -> int:
    """The desktop program: the first database (or Welcome), then the main window until it closes."""
    started = time.perf_counter() if started is None else started
    app = make_application([])
    error_handler.install()
    session = first_session(database)
    if session is None:
        return 0
    if database is None or "HOMEFINDER_PASSPHRASE" not in os.environ:
        # A scripted start (--database with the passphrase in the environment: benchmarks,
        # tests) must not change which database and name this laptop remembers.
        remember_database(session)
    window = MainWindow(AppContext(session))
    window.show()
    if quit_after_shown:
        def shown() -> None:
            app.processEvents()
            print(f"shown {time.perf_counter() - started:.3f}", flush=True)
            window._closing_confirmed = True
            window.close()
            app.quit()

        QTimer.singleShot(0, shown)
    return app.exec()
