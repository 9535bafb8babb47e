"""The main window: navigation over the pages, menus, status bar, locking, and switching databases."""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QDialog, QFileDialog, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QPushButton,
                               QStackedWidget, QTextBrowser, QVBoxLayout, QWidget)

from .. import __version__, paths
from ..domain.errors import HomefinderError
from ..services.changes import Changes
from ..services.session import Session
from . import pages as pages_module
from .autolock import IdleWatcher, LockScreen, hide_windows, install_lock_safe_exec, show_windows
from .context import AppContext
from .icons import icon
from .page import Page
from .passphrase_dialog import PassphraseDialog
from .settings_dialog import (LAST_DATABASE_KEY, WORKER_NAME_KEY, SettingsDialog,
                              app_settings, autolock_minutes)
from .unlock_dialog import busy
from .welcome import WelcomeDialog, choose_database_file, open_demo, unlock_file

APP_TITLE = "Homefinder"
COUNTED_TABLES = ("children", "families", "sibling_groups", "agencies", "workers")


def remember_database(session: Session) -> None:
    """This laptop opens the same database next time, with the same worker's name."""
    settings = app_settings()
    settings.setValue(LAST_DATABASE_KEY, str(session.path.resolve()))
    settings.setValue(WORKER_NAME_KEY, session.who)
    settings.sync()


def page_shortcuts(page_entries: list) -> list[str]:
    """Each page's own shortcut, or Ctrl+<position> (1..9) when free; a page past the ninth takes
    the highest number still free (a page with its own key, such as Matching's Ctrl+0, must not
    take a number from the pages after it); later pages may have none."""
    taken = {entry.shortcut for entry in page_entries if entry.shortcut}
    result = []
    for position, entry in enumerate(page_entries, start=1):
        if entry.shortcut:
            result.append(entry.shortcut)
            continue
        free = [f"Ctrl+{n}" for n in range(position, 10) if f"Ctrl+{n}" not in taken] or \
            [f"Ctrl+{n}" for n in range(9, 0, -1) if f"Ctrl+{n}" not in taken]
        result.append(free[0] if free else "")
        if free:
            taken.add(free[0])
    return result


class MainWindow(QMainWindow):
    session_replaced = Signal(object)  # the new AppContext
    damage_found = Signal(object, str)  # session, sentence (from the page-check thread)

    def __init__(self, ctx: AppContext, page_entries: list | None = None):
        super().__init__()
        install_lock_safe_exec()
        self.ctx = ctx
        self.damage_found.connect(self._on_damage_found)
        self._page_check = None
        self._recheck_pages = False
        # pages.PageEntry lines (or Page subclasses): what the navigation lists before any is built
        self.page_entries = list(page_entries if page_entries is not None else pages_module.PAGES)
        self._built: dict[int, Page] = {}
        self.page_actions: list[QAction] = []
        self._hidden_windows: list[QWidget] = []
        self._page_before_lock = 0
        self._closing_confirmed = False
        self._session_closed = False
        self.setWindowIcon(icon("start"))
        self.setMinimumSize(QSize(760, 520))

        # Work area: an optional banner, then navigation beside the pages.
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(210)
        self.nav.setAccessibleName("Navigation")
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner_text = QLabel("")
        self.banner_text.setWordWrap(True)
        dismiss = QPushButton("Dismiss")
        dismiss.clicked.connect(self.banner.hide)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(dismiss)
        self.banner.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        banner_holder = QVBoxLayout()
        banner_holder.setContentsMargins(16, 12, 16, 0)
        banner_holder.addWidget(self.banner)
        right_layout.addLayout(banner_holder)
        right_layout.addWidget(self.stack, 1)
        self.work = QWidget()
        work_layout = QHBoxLayout(self.work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        work_layout.addWidget(self.nav)
        work_layout.addWidget(right, 1)

        self.lock_screen = LockScreen()
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.central = QStackedWidget()
        self.central.addWidget(self.work)
        self.central.addWidget(self.lock_screen)
        self.setCentralWidget(self.central)

        self._build_menus()
        self._build_status_bar()
        self.idle = IdleWatcher(autolock_minutes(), self)
        self.idle.idle.connect(lambda: self.lock("Locked after a while without use."))

        self._install(ctx)
        self._restore_geometry()

    # --- pages ------------------------------------------------------------------------
    def _install(self, ctx: AppContext) -> None:
        """Navigation for `ctx` (a freshly opened session). A page's module is imported and the
        page built the first time it is shown, so start-up pays only for the first page, not for
        every register."""
        self.ctx = ctx
        ctx.changed.connect(self._on_changes)
        ctx.show_record.connect(self._show_record)
        ctx.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._built = {}
        shortcuts = page_shortcuts(self.page_entries)
        for index, (entry, shortcut) in enumerate(zip(self.page_entries, shortcuts)):
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
            item = QListWidgetItem(icon(entry.icon), entry.title)
            item.setToolTip(f"{entry.title} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
                            if shortcut else entry.title)
            item.setSizeHint(QSize(190, 44))
            self.nav.addItem(item)
            action = QAction(icon(entry.icon), entry.title.replace("&", "&&"), self)  # "&" is not a mnemonic
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, i=index: self.show_page(i))
            self.view_menu.addAction(action)
            self.page_actions.append(action)
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(e.title) for e in self.page_entries), default=0)
        self.nav.setFixedWidth(max(210, widest + 90))  # icon, padding and the focus outline
        if self.page_entries:
            self.nav.setCurrentRow(0)
        self._update_window_facts()
        warning = ctx.session.location_warning()
        self.banner_text.setText(warning or "")
        self.banner.setVisible(bool(warning))
        self.idle.start()
        self._check_pages_soon(ctx.session)

    def _check_pages_soon(self, session: Session) -> None:
        """Check every page of the file on the other core while the worker starts work: a
        damaged file is reported within seconds, without slowing the start."""
        check = session.page_check()

        def work() -> None:
            self.damage_found.emit(session, check.run() or "")

        thread = threading.Thread(target=work, name="page-check", daemon=True)
        self._page_check = (check, thread)
        thread.start()

    def _stop_page_check(self) -> bool:
        """Locking or closing must not leave a keyed connection working in the background.
        True if the check was cut short (so it should run again after unlocking)."""
        if self._page_check is None:
            return False
        check, thread = self._page_check
        unfinished = thread.is_alive()
        check.cancel()
        thread.join()
        self._page_check = None
        return unfinished

    def _on_damage_found(self, session: Session, warning: str) -> None:
        if not warning or session is not self.ctx.session:
            return
        session.mark_damaged()
        warning += " Until then Homefinder shows the records but will not change them."
        self.banner_text.setText(warning)
        self.banner.show()
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, warning, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the worker can still reach File > Back up and the menus
        self.damage_box = box

    def page(self, index: int) -> Page:
        """The page at `index`, built now if it has not been shown yet."""
        page = self._built.get(index)
        if page is None:
            page = pages_module.page_class(self.page_entries[index])(self.ctx)
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[index] = page
            if hasattr(page, "set_destinations"):
                page.set_destinations([e.title for e in self.page_entries])
            if hasattr(page, "navigate"):
                page.navigate.connect(self.show_page_titled)
            if hasattr(page, "navigate_filtered"):
                page.navigate_filtered.connect(self.show_page_filtered)
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page, built (tests and the smoke test visit them all)."""
        return [self.page(i) for i in range(len(self.page_entries))]

    def built_pages(self) -> list[Page]:
        return list(self._built.values())

    def _uninstall(self) -> None:
        self._stop_page_check()
        for action in self.page_actions:
            self.view_menu.removeAction(action)
            action.deleteLater()
        self.page_actions.clear()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav.blockSignals(False)
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._built = {}
        try:
            self.ctx.changed.disconnect(self._on_changes)
        except (RuntimeError, TypeError):
            pass

    def show_page(self, index: int) -> None:
        if self.is_locked or not 0 <= index < len(self.page_entries):
            return
        self.nav.setCurrentRow(index)

    def show_page_titled(self, title: str) -> bool:
        for index, entry in enumerate(self.page_entries):
            if entry.title == title:
                self.show_page(index)
                return True
        return False

    def show_page_filtered(self, title: str, filters: dict) -> None:
        """Open a page with its list filtered as a figure elsewhere counted it (a bar clicked on the
        Start page); a page without `show_filtered` just opens."""
        if self.show_page_titled(title):
            page = self.current_page()
            if page is not None and page.title == title and hasattr(page, "show_filtered"):
                page.show_filtered(**filters)

    def _show_record(self, title: str, record_id: int) -> None:
        """One page asks another to show a record (the Links page, a matrix it has just started)."""
        if self.show_page_titled(title):
            page = self.current_page()
            if page is not None and hasattr(page, "show_record"):
                page.show_record(record_id)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.page_entries):
            self.page(row)
            self.stack.setCurrentIndex(row)

    # --- menus --------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, icon_name: str = "") -> QAction:
        action = QAction(icon(icon_name), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        # Ctrl+Shift+N: Ctrl+N belongs to the pages ("New child", "New family").
        self.new_action = self._action(file_menu, "&New database...", self.new_database, "Ctrl+Shift+N")
        self.open_action = self._action(file_menu, "&Open...", self.open_database, QKeySequence.StandardKey.Open)
        self.demo_action = self._action(file_menu, "Open the &demo", self.open_demo_database, "Ctrl+Shift+D")
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, "&Import from a spreadsheet…", self.import_spreadsheet)
        self.import_action.setStatusTip("Add children, families or referrals from an Excel workbook or a CSV file")
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, "&Back up...", self.back_up, "Ctrl+Shift+B", "backup")
        self.restore_action = self._action(file_menu, "&Restore from a backup...", self.restore_backup)
        self.passphrase_action = self._action(file_menu, "Change &passphrase...", self.change_passphrase)
        self.recovery_key_action = self._action(file_menu, "New recovery &key...", self.new_recovery_key)
        self.recovery_key_action.setStatusTip("Make a new recovery key when the printed sheet is lost "
                                              "or the manager who kept it leaves")
        self.lock_action = self._action(file_menu, "&Lock now", lambda: self.lock("Locked."), "Ctrl+L", "lock")
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.view_menu = bar.addMenu("&View")
        tools = bar.addMenu("&Tools")
        self.settings_action = self._action(tools, "&Settings...", self.open_settings, "Ctrl+,", "settings")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action(help_menu, "&Guide", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.about_action = self._action(help_menu, "&About Homefinder", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # What needs the open database, switched off while locked.
        self.unlocked_only = [a for a in (self.new_action, self.open_action, self.demo_action, self.import_action,
                                          self.backup_action, self.restore_action,
                                          self.passphrase_action, self.recovery_key_action, self.lock_action)
                              if a is not None]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(True)
        self.status_file = QLabel()
        self.status_agencies = QLabel()
        self.status_encrypted = QLabel("Encrypted")
        self.status_encrypted.setToolTip("The database and its backups are encrypted; "
                                         "they open only with the passphrase or the recovery key.")
        self.status_worker = QLabel()
        self.status_counts = QLabel()
        for label in (self.status_file, self.status_agencies, self.status_encrypted, self.status_worker):
            bar.addWidget(label)
        bar.addPermanentWidget(self.status_counts)

    def _update_window_facts(self) -> None:
        session = self.ctx.session
        self.status_file.setText(session.path.name)
        self.status_file.setToolTip(str(session.path))
        self.status_worker.setText(f"Signed in as {session.who}")
        if session.locked:
            self.setWindowTitle(f"{APP_TITLE} — locked")
            self.status_agencies.setText("")
            self.status_counts.setText("Locked")
            self.status_encrypted.setText("Encrypted")
            return
        try:
            info = session.info
            data = self._counts()
        except HomefinderError:
            return
        demo = " (demo)" if info.get("demo") == "yes" else ""
        self.setWindowTitle(f"{APP_TITLE} — {info.get('council_name', '')}{demo}")
        self.status_agencies.setText(f"{info.get('council_name', '')} with {info.get('partner_name', '')}")
        self.status_counts.setText(data)

    def _counts(self) -> str:
        from ..services import records

        data = records.counts(self.ctx.session)
        parts = [(data["children"], "child", "children"), (data["families"], "family", "families"),
                 (data["sibling_groups"], "sibling group", "sibling groups")]
        return " · ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in parts)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*COUNTED_TABLES, "database_info"):
            self._update_window_facts()

    # --- locking ----------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.central.currentWidget() is self.lock_screen

    def lock(self, why: str = "Locked.") -> None:
        """Hide every record and forget the key; keep every form and the file lock."""
        if self.is_locked:
            return
        self.idle.stop()
        try:
            is_demo = self.ctx.session.is_demo  # read now: the lock screen cannot ask the database
        except HomefinderError:  # locking must never fail
            is_demo = False
        self._recheck_pages = self._stop_page_check()
        self._page_before_lock = max(self.stack.currentIndex(), 0)
        self.ctx.locked.emit()
        self.ctx.session.lock_now()
        self._hidden_windows = hide_windows(self)
        self.central.setCurrentWidget(self.lock_screen)
        self.nav.setEnabled(False)
        self.banner_was_visible = self.banner.isVisible()
        for action in [*self.unlocked_only, *self.page_actions]:
            action.setEnabled(False)
        self._update_window_facts()
        self.lock_screen.prepare(self.ctx.session.path.name, self.ctx.session.who, is_demo, why)
        self.lock_screen.passphrase.setFocus()

    def unlock(self, passphrase: str) -> bool:
        if not self.is_locked:
            return True
        if not self.lock_screen.try_unlock(self.ctx.session, passphrase):
            return False
        self.central.setCurrentWidget(self.work)
        self.nav.setEnabled(True)
        for action in [*self.unlocked_only, *self.page_actions]:
            action.setEnabled(True)
        self.stack.setCurrentIndex(self._page_before_lock)
        self.nav.setCurrentRow(self._page_before_lock)
        self.ctx.unlocked.emit()
        self._update_window_facts()
        hidden, self._hidden_windows = self._hidden_windows, []
        show_windows(hidden)
        self.idle.start()
        if self._recheck_pages:
            self._recheck_pages = False
            self._check_pages_soon(self.ctx.session)
        return True

    # --- switching databases ---------------------------------------------------------------
    def _confirm_leaving(self, doing: str) -> bool:
        """True when no page holds unsaved work, or the worker chooses to discard it."""
        unsaved = [p.title for p in self.built_pages() if p.has_unsaved_changes()]
        if not unsaved:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_TITLE)
        box.setText(f"You have changes that are not saved yet ({', '.join(unsaved)}).")
        box.setInformativeText(f"Discard them and {doing}, or go back and save them?")
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is discard

    def replace_session(self, session: Session) -> None:
        """Show `session` instead of the current one (already confirmed), and close the old one."""
        old = self.ctx
        self._uninstall()
        old.session.close()
        remember_database(session)
        self._install(AppContext(session))
        self.session_replaced.emit(self.ctx)

    def _same_as_current(self, path: Path) -> bool:
        try:
            return path.resolve() == self.ctx.session.path.resolve()
        except OSError:
            return False

    def new_database(self) -> None:
        if not self._confirm_leaving("create a new database"):
            return
        dialog = WelcomeDialog(self.ctx.session.who, self, start_with_create=True)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.session is not None:
            self.replace_session(dialog.session)

    def open_database(self) -> None:
        path = choose_database_file(self)
        if path is None:
            return
        if self._same_as_current(path):
            QMessageBox.information(self, APP_TITLE, f"{path.name} is already open.")
            return
        if not self._confirm_leaving("open another database"):
            return
        session = unlock_file(self, path, self.ctx.session.who)
        if session is not None:
            self.replace_session(session)

    def open_demo_database(self) -> None:
        if self._same_as_current(paths.demo_database()):
            QMessageBox.information(self, APP_TITLE, "The demo is already open.")
            return
        if not self._confirm_leaving("open the demo"):
            return
        try:
            session = open_demo(self.ctx.session.who)
        except HomefinderError as exc:
            QMessageBox.warning(self, APP_TITLE, str(exc))
            return
        self.replace_session(session)

    # --- other commands ------------------------------------------------------------------------
    def import_spreadsheet(self):
        """File > Import from a spreadsheet…; refused while locked or when the database takes no
        changes. Returns the dialog (None when refused)."""
        from .import_dialog import ImportDialog

        session = self.ctx.session
        if session.locked or self.is_locked:
            return None
        if session.write_refusal:
            QMessageBox.warning(self, "Import from a spreadsheet", session.write_refusal)
            return None
        dialog = ImportDialog(self.ctx, self)
        dialog.open()
        return dialog

    def back_up(self) -> None:
        from ..services import backup

        start = backup.default_backup_folder(self.ctx.session.path)
        folder = QFileDialog.getExistingDirectory(
            self, "Choose where to put the backup (a USB stick or your council's backup drive)",
            str(start if start.exists() else start.parent))
        if not folder:
            return
        try:
            with busy():
                target = backup.backup(self.ctx.session, Path(folder))
        except HomefinderError as exc:
            QMessageBox.warning(self, "Back up", str(exc))
            return
        QMessageBox.information(
            self, "Back up",
            f"The backup is saved as {target.name} in {target.parent}, with its key file beside it. "
            "It is encrypted: it opens only with this database's passphrase or recovery key.")

    def restore_backup(self) -> None:
        """Put a backup in place of the open database. The database as it is now is moved aside,
        never deleted, and nothing is touched until the backup's passphrase has been checked."""
        from ..services import backup

        session = self.ctx.session
        start = backup.default_backup_folder(session.path)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose the backup to restore", str(start if start.exists() else session.path.parent),
            "Homefinder backups (*.hfdb)")
        if not chosen:
            return
        source = Path(chosen)
        passphrase, ok = QInputDialog.getText(
            self, "Restore from a backup",
            f"The passphrase of {source.name}: the one in use on the day it was made.",
            QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            backup.check_backup_key(source, passphrase)
        except HomefinderError as exc:
            QMessageBox.warning(self, "Restore", str(exc))
            return
        answer = QMessageBox.question(
            self, "Restore",
            f"Put {source.name} in place of {session.path.name}?\n\nAnything entered since that backup "
            "will not be in the restored database. The database as it is now is kept beside it "
            "(as a “before-restore” copy), so nothing is lost.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes or not self._confirm_leaving("restore the backup"):
            return
        self._uninstall()
        session.disconnect()  # the file lock stays ours: no other copy can open it meanwhile
        try:
            with busy():
                restored = backup.restore(source, session.path, session.who, passphrase,
                                          held_lock=session.lock)
        except HomefinderError as exc:  # the restore put the database as it was back in place
            try:
                session.reconnect()
            except HomefinderError as again:
                QMessageBox.warning(self, "Restore", f"{exc}\n\n{again}")
                self._closing_confirmed = True
                self.close()  # nothing is open to show; starting again asks for the passphrase
                return
            self._install(self.ctx)
            QMessageBox.warning(self, "Restore", str(exc))
            return
        session.lock_now()  # its key is forgotten; the lock now belongs to the restored session
        self._install(AppContext(restored))
        self.session_replaced.emit(self.ctx)
        aside = restored.before_restore
        QMessageBox.information(
            self, "Restore",
            f"{source.name} is restored. It opens with the passphrase it had when the backup was made "
            "(the one you just typed): use that one from now on, or change it (File > Change "
            "passphrase)." + (f" The database as it was is kept as {aside.name}." if aside else ""))

    def change_passphrase(self) -> None:
        if PassphraseDialog(self.ctx.session, self).exec() == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage("The passphrase is changed. The recovery key is the same.", 10000)

    def new_recovery_key(self) -> str | None:
        """File > New recovery key...: the passphrase re-seals the data key under a new recovery
        key, which is shown once (to print or save). Returns the new key, or None if not made."""
        session = self.ctx.session
        if session.locked:
            return None
        explain = (f"A new recovery key for {session.path.name}, for when the printed sheet is lost or "
                   "the manager who kept it leaves.\n\n"
                   "Once it is made, the old recovery key no longer opens this database. Backups made "
                   "before now keep their own key file, so they still open with the old key. The "
                   "passphrase stays the same.\n\n"
                   "Type your passphrase to make the new key. It is shown once, to print or save.")
        problem = ""
        while True:
            typed = self.ask_passphrase_for_recovery_key(explain + (f"\n\n{problem}" if problem else ""))
            if typed is None:
                return None
            if not typed:
                problem = "Type your passphrase first."
                continue
            try:
                with busy():
                    recovery = session.new_recovery_key(typed)
            except HomefinderError as exc:  # wrong passphrase, too soon, a key file that cannot be written
                problem = str(exc)
                continue
            break
        self.show_new_recovery_key(recovery)
        self.statusBar().showMessage("There is a new recovery key. The old one no longer opens this database.",
                                     10000)
        return recovery

    def ask_passphrase_for_recovery_key(self, text: str) -> str | None:
        """The passphrase typed (None: cancelled)."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle("New recovery key")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setLabelText(text)
        dialog.setOkButtonText("Make a new recovery key")
        dialog.setCancelButtonText("Cancel")
        for label in dialog.findChildren(QLabel):
            label.setWordWrap(True)
        dialog.setMinimumWidth(520)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        typed = dialog.textValue()
        dialog.deleteLater()
        return typed if accepted else None

    def show_new_recovery_key(self, recovery: str) -> None:
        from .recovery_key_dialog import RecoveryKeyDialog

        session = self.ctx.session
        names = (session.council_name, session.partner_name) if not session.locked else ("", "")
        RecoveryKeyDialog(names[0], names[1], session.path.name, recovery, session.today(), self).exec()

    def open_settings(self) -> None:
        if SettingsDialog(self).exec() == QDialog.DialogCode.Accepted:
            self.idle.set_minutes(autolock_minutes())
            self.statusBar().showMessage("Settings saved.", 5000)

    def guide_text(self) -> str:
        """The README's guide for workers (shipped in the bundle beside resources/)."""
        readme = paths.resources_dir().parent / "README.md"
        try:
            text = readme.read_text(encoding="utf-8")
            start = text.index("## Guide for workers")
            end = text.find("\n## ", start + 1)
            return text[start:end if end > 0 else None].replace("## Guide for workers", "# Homefinder guide", 1)
        except (OSError, ValueError):
            return ("# Homefinder\n\nThe guide could not be found beside the program.\n\n"
                    "* **Ctrl+L** locks at once; Homefinder also locks itself after a while without use.\n"
                    "* **File > Back up...** copies the database and its key file.\n"
                    "* If the passphrase is forgotten, the **recovery key** your manager keeps opens it.")

    def show_guide(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Homefinder guide")
        dialog.resize(820, 640)
        browser = QTextBrowser()
        browser.setOpenExternalLinks(True)
        browser.setSearchPaths([str(paths.resources_dir().parent)])
        browser.setMarkdown(self.guide_text())
        close = QPushButton("Close")
        close.clicked.connect(dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        dialog.show()

    def show_about(self) -> None:
        QMessageBox.about(
            self, "About Homefinder",
            f"<h3>Homefinder {__version__}</h3>"
            "<p>Family finding for a council's adoption service and its partner voluntary adoption "
            "agency: children with adoption plans, adoptive families, sibling groups and agencies.</p>"
            "<p>Everything is kept encrypted on this laptop, in one database file and its key file.</p>")

    # --- geometry and closing --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            # 1280x800 suits a laptop; on a smaller screen (a 1280x720 projector) fit inside it.
            screen = self.screen().availableGeometry() if self.screen() else None
            width, height = 1280, 800
            if screen is not None:
                width, height = min(width, screen.width()), min(height, screen.height() - 40)
            self.resize(width, height)
        title = settings.value("main_window/page", "")
        if title:
            self.show_page_titled(str(title))

    def save_geometry(self) -> None:
        settings = app_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        page = self._built.get(self._page_before_lock) if self.is_locked else self.current_page()
        if page is not None:
            settings.setValue("main_window/page", page.title)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if not self._closing_confirmed and not self._confirm_leaving("close Homefinder"):
            event.ignore()
            return
        self._closing_confirmed = True
        self.save_geometry()
        self.idle.remove()
        self._stop_page_check()
        for widget in self._hidden_windows:
            try:
                widget.close()
            except RuntimeError:
                pass
        self._hidden_windows = []
        if not self._session_closed:
            self._session_closed = True
            self.ctx.session.close()
        event.accept()
