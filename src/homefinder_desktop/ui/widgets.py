"""Reusable pieces for the record screens: a British date field, pick lists, a label that
wraps into the room it needs, the questions the pages ask, and the table view they share."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QAbstractItemView, QCalendarWidget, QComboBox, QDialog,
                               QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
                               QMessageBox, QPlainTextEdit, QPushButton, QTableView, QToolButton, QVBoxLayout,
                               QWidget, QWidgetAction)

from ..domain.formatting import format_date, parse_date


ERROR_COLOUR = "#b00020"
UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


# --- dates ---------------------------------------------------------------------

class DateEdit(QWidget):
    """A date typed as 23/11/2026 (or picked from a calendar); empty means no date.

    `date()` returns a datetime.date or None and raises ValueError, with a sentence for the
    worker, when the text is not a real date.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setMaxLength(10)
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.line.textChanged.connect(self.changed)
        self.line.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip("Choose the date from a calendar")
        self.button.setAccessibleName("Calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self._menu)
        self.calendar.setLocale(UK)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(self.calendar)
        self._menu.addAction(action)
        self._menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button.clicked.connect(self._popup)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def _popup(self) -> None:
        self._menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _prepare_calendar(self) -> None:
        try:
            current = self.date()
        except ValueError:
            current = None
        current = current or date.today()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _picked(self, qdate: QDate) -> None:
        self.setDate(date(qdate.year(), qdate.month(), qdate.day()))
        self._menu.close()
        self.line.setFocus()

    def _tidy(self) -> None:
        """23/1/2024 becomes 23/01/2024 once the worker leaves the field."""
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None and self.line.text() != format_date(value):
            self.line.setText(format_date(value))

    def date(self) -> date | None:
        return parse_date(self.line.text())

    def setDate(self, value: date | None) -> None:
        self.line.setText(format_date(value))

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:
        self.line.setText(text)

    def setReadOnly(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)


# --- pick lists --------------------------------------------------------------------

class ChoiceCombo(QComboBox):
    """A fixed vocabulary (code -> label); `value()` is the code. An empty choice is optional."""

    def __init__(self, choices: dict[str, str], blank: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, "")
        for code, label in choices.items():
            self.addItem(label, code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def value(self) -> str:
        return self.currentData() or ""

    def setValue(self, code: str | None) -> None:
        i = self.findData(code or "")
        self.setCurrentIndex(i if i >= 0 else 0)


class LookupCombo(QComboBox):
    """Names of records (id -> name), with "(none)" first; `value()` is the id or None."""

    NONE = "(none)"

    def __init__(self, parent: QWidget | None = None, none_text: str = NONE):
        super().__init__(parent)
        self._none_text = none_text
        self.addItem(none_text, None)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setMaxVisibleItems(20)

    def set_names(self, names: dict[int, str]) -> None:
        """Replace the list, keeping the chosen id."""
        keep = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._none_text, None)
        for record_id, name in names.items():
            self.addItem(name, record_id)
        self.blockSignals(False)
        self.setValue(keep)

    def value(self) -> int | None:
        return self.currentData()

    def setValue(self, record_id: int | None) -> None:
        i = self.findData(record_id) if record_id is not None else 0
        if i < 0:  # not in the list (e.g. archived and left out): keep it visible
            self.addItem(f"(record {record_id})", record_id)
            i = self.count() - 1
        self.setCurrentIndex(i)


# --- errors beside the fields -----------------------------------------------------------

class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its lines need at its width: QFormLayout
    does not ask (heightForWidth), so a two-line message would be cut off by the next row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Text at the top: while a wider layout settles, spare height falls below, not above.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        if not self.wordWrap() or self.width() <= 0:
            return
        # The text's own height at this width (the style's size rules take the minimum into account,
        # so measure from zero), and no more: an old, narrower measure must not leave a gap.
        before = self.minimumHeight()
        self.setMinimumHeight(0)
        needed = self.heightForWidth(self.width())
        self.setMinimumHeight(needed if needed > 0 else before)


def ask_unsaved(parent: QWidget, what: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                      f"You have changed {what} and not saved it.", parent=parent)
    box.setInformativeText("Save the changes, discard them, or go back to the form?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


class ReasonDialog(QDialog):
    """Asks for a reason before something serious (deleting a record entered in error)."""

    def __init__(self, parent: QWidget | None, title: str, question: str, action: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel(question, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Why is this record being deleted?")
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        layout.addWidget(buttons)
        self.resize(480, 260)


def ask_reason(parent: QWidget, title: str, question: str, action: str) -> str | None:
    dialog = ReasonDialog(parent, title, question, action)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.reason.toPlainText().strip()
    return None


def set_big_title(label: QLabel) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)


def connect_debounced(timer_owner: QWidget, signal, slot: Callable[[], None], msec: int = 200):
    """Run `slot` once `signal` has been quiet for `msec` ms (search boxes)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(timer_owner)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    signal.connect(lambda *_: timer.start())
    return timer


def make_table_view(parent: QWidget, model, widths: dict[int, int | str] | None = None) -> QTableView:
    """A register view that never measures every row (so a lazy model stays lazy)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    vh = view.verticalHeader()
    vh.hide()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setStretchLastSection(True)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    fm = view.fontMetrics()
    bold = view.font()
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    header_fm = QFontMetrics(bold)
    for column, sample in (widths or {}).items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        text = sample if isinstance(sample, str) else "n" * sample
        # room for typical cell text, and for the bold heading with its padding and sort arrow
        hh.resizeSection(column, max(fm.horizontalAdvance(text) + 18, header_fm.horizontalAdvance(title) + 30))
    return view


def _suffixes(file_filter: str) -> list[str]:
    """".xlsx" from "Excel workbook (*.xlsx)" (each pattern's suffix, in order)."""
    return [s.lower() for s in re.findall(r"\*(\.[\w.]+)", file_filter)]


def ask_where_to_save(parent: QWidget, title: str, suggested: Path, filters: list[str]) -> Path | None:
    """The save dialog for a file of personal data (a printout, an exported list), with the
    suffix of the chosen filter added if the name has none of the filters' suffixes; and a
    second question if the folder chosen is synced to the cloud or on a network (the file is
    personal data in plain text). None: not saving."""
    from ..services import printouts

    chosen, selected = QFileDialog.getSaveFileName(parent, title, str(suggested), ";;".join(filters))
    if not chosen:
        return None
    target = Path(chosen).expanduser()
    known = [s for f in filters for s in _suffixes(f)]
    if known and target.suffix.lower() not in known:
        target = target.with_name(target.name + (_suffixes(selected or "") or known)[0])
    warning = printouts.cloud_warning(target)
    if warning:
        answer = QMessageBox.question(parent, title, f"{warning}\n\nSave it there anyway?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return target


def ask_where_to_save_pdf(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """The save dialog for a printout (".pdf" added if missing), as ask_where_to_save."""
    return ask_where_to_save(parent, title, suggested, ["PDF files (*.pdf)"])


def default_save_folder() -> Path:
    """Documents, or the home folder where there is none."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


LIST_EXPORT_FILTERS = ["Excel workbook (*.xlsx)", "CSV (*.csv)"]


def export_list(page, noun: str, export_fn, *, as_shown: bool = False) -> Path | None:
    """A record page's list, as filtered and sorted, to a spreadsheet the worker chooses:
    `export_fn(session, query, target, fmt)` is one of services.list_export's export_children,
    export_families, export_referrals, export_sibling_groups or export_agencies; `noun` is what
    the list holds ("children", "agencies and contacts"). `as_shown`: the page sorts and searches
    a short list itself, so the records are passed in the order shown (`ids=`). Says where it went,
    what it holds, and that it is personal data. Returns the file (None: not saved)."""
    from dataclasses import replace

    from ..services import list_export
    from .unlock_dialog import busy

    session = page.ctx.session
    if session.locked:
        return None
    query = replace(page.model.query)  # as shown now, whatever changes while the dialog is open
    shown = {"ids": page.model.ids} if as_shown else {}
    stem = noun.replace(" ", "-")
    suggested = default_save_folder() / f"{stem}-{session.today().isoformat()}.xlsx"
    chosen = ask_where_to_save(page, f"Export the {noun} list", suggested, LIST_EXPORT_FILTERS)
    if chosen is None:
        return None
    fmt = "csv" if chosen.suffix.lower() == ".csv" else "xlsx"
    with busy():
        done = page.ctx.run(page, export_fn, session, query, chosen, fmt, **shown)
    if done is None:
        return None
    page.ctx.status.emit(f"Exported the {noun} list ({done.counted}) to {done.path.name}")
    kind = "an Excel workbook" if done.fmt == "xlsx" else "a CSV file"
    QMessageBox.information(page, f"{noun[0].upper()}{noun[1:]} list exported",
                            f"The list of {done.counted} is saved as {kind}, {done.path.name}, in "
                            f"{done.path.parent}.\n\n"
                            f"{done.note}. {list_export.PRIVACY}")
    return done.path


def list_button(page, text: str, tooltip: str, slot) -> QPushButton:
    """A button in a record page's title row that acts on the list (Export list…, Save list as
    PDF…); the page turns it off while locked."""
    button = QPushButton(text, page)
    button.setToolTip(tooltip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def print_list(page, noun: str, title_fn, save_fn, offer_to_open) -> Path | None:
    """A record page's list, as filtered and in its order, as a PDF printout (a register):
    `title_fn(session, query)` says which records it holds, `save_fn(session, ids, target, title)`
    writes it (services.records.save_referral_register, say); then `offer_to_open(saved, count)`
    asks whether to open it in the PDF viewer to print. Returns where it was saved (None: not saved)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from .unlock_dialog import busy

    session = page.ctx.session
    if session.locked:
        return None
    ids = page.model.ids
    title = page.ctx.run(page, title_fn, session, page.model.query)
    if title is None:
        return None
    suggested = default_save_folder() / f"{noun}-register-{session.today().isoformat()}.pdf"
    chosen = ask_where_to_save_pdf(page, f"Save the {noun} list as a PDF", suggested)
    if chosen is None:
        return None
    with busy():
        saved = page.ctx.run(page, save_fn, session, ids, chosen, title)
    if saved is None:
        return None
    page.ctx.status.emit(f"Saved the {noun} list as {saved.name}")
    if offer_to_open(saved, len(ids)):
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(saved)))
    return saved


def offer_to_open_pdf(parent: QWidget, title: str, what: str, saved: Path) -> bool:
    """True if the worker wants the saved printout opened in the system's PDF viewer, to print it.
    `what`: "The list of 12 referrals"."""
    box = QMessageBox(QMessageBox.Icon.Information, title, f"{what} is saved as {saved.name} in {saved.parent}.",
                      parent=parent)
    box.setInformativeText("Open it in your PDF viewer to print it. It holds personal details: keep it "
                           "on an encrypted drive, and delete it once it is printed.")
    open_button = box.addButton("Open to print", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    return box.clickedButton() is open_button


def offer_column_choice(view: QTableView, settings_key: str) -> None:
    """Right-click a list's headings to hide or show columns (a laptop screen cannot show every
    column beside the form). The choice is remembered on this laptop; one column always stays."""
    from .settings_dialog import app_settings

    model, header = view.model(), view.horizontalHeader()
    columns = model.columnCount()
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    # Remembered by heading, not position: a column added later must not shift the choice.
    stored = app_settings().value(settings_key, []) or []
    hidden = {stored} if isinstance(stored, str) else set(stored)  # an ini file gives one as a string
    if not set(titles) <= hidden:
        for column, title in enumerate(titles):
            view.setColumnHidden(column, title in hidden)

    def remember() -> None:
        settings = app_settings()
        settings.setValue(settings_key, [t for c, t in enumerate(titles) if view.isColumnHidden(c)])
        settings.sync()

    def toggle(column: int, shown: bool) -> None:
        view.setColumnHidden(column, not shown)
        remember()

    def build_menu() -> QMenu:
        menu = QMenu(view)
        menu.setTitle("Columns")
        visible = [c for c in range(columns) if not view.isColumnHidden(c)]
        for column in range(columns):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(column in visible)
            action.setEnabled(not (column in visible and len(visible) == 1))
            action.toggled.connect(lambda shown, c=column: toggle(c, shown))
        return menu

    def menu_at(point) -> None:
        view.column_menu = build_menu()  # kept, so it is not collected while open
        view.column_menu.popup(header.mapToGlobal(point))

    view.build_column_menu = build_menu
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(menu_at)
    header.setToolTip("Right-click the headings to choose which columns to show.")
