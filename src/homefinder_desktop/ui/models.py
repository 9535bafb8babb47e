"""Table models for the registers.

The children and families models are lazy, as Anki's browser is: they hold only the
ordered list of ids a RegisterQuery finds (filtering and sorting run in SQL), and fetch
the rows for the part of the list on screen in blocks of BLOCK_SIZE. A list of 20,000
children opens at once and only a few hundred rows are ever read.

Columns are named (COL_*); DisplayRole is British (23/11/2026, "2 years", stage labels),
UserRole is the raw value (ISO dates, stage codes), ID_ROLE the record's id.
While the database is locked, `clear()` drops every id and row.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain.formatting import age_text, format_date
from ..domain.records import (AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, PLACEMENT_DECISIONS, REFERRAL_STATUSES, SEXES,
                              days_text, waiting_text)
from ..services import records
from ..services.records import ReferralQuery, RegisterQuery
from .context import AppContext

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2

ARCHIVED_COLOUR = QColor("#6b6b6b")

AGENCY_KIND_SHORT = {"own": "Council's own", "partner": "Partner", "other": "Other"}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class _Base(QAbstractTableModel):
    """Shared roles and header handling; subclasses supply COLUMNS and _row()."""

    # (header, sort key or None)
    COLUMNS: list[tuple[str, str | None]] = []

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx

    # -- Qt interface ---------------------------------------------------------
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section][0]
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        if not (0 <= index.row() < self.rowCount() and 0 <= index.column() < len(self.COLUMNS)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, ID_ROLE, ARCHIVED_ROLE):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row["id"]
        archived = bool(row.get("archived"))
        if role == ARCHIVED_ROLE:
            return archived
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(ARCHIVED_COLOUR) if archived else None
        if role == Qt.ItemDataRole.FontRole:
            if archived:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.raw(row, index.column())
        text = self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{text} (archived)" if archived and text else None
        return text

    # -- subclasses -------------------------------------------------------------
    def _row(self, row: int) -> dict | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def display(self, row: dict, column: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def raw(self, row: dict, column: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def sort_key(self, column: int) -> str | None:
        return self.COLUMNS[column][1] if 0 <= column < len(self.COLUMNS) else None


class LazyRegisterModel(_Base):
    """Holds the ordered ids from a RegisterQuery; fetches rows in blocks, caches them."""

    BLOCK_SIZE = 200

    def __init__(self, ctx: AppContext, query: RegisterQuery | None = None, parent=None):
        super().__init__(ctx, parent)
        self.query = query or RegisterQuery()
        self._ids: list[int] = []
        self._rows: dict[int, dict] = {}
        self._blocks: set[int] = set()
        self.row_fetches = 0  # how many times rows were read (for tests and benchmarks)

    # -- what subclasses fetch ---------------------------------------------------
    def _fetch_ids(self) -> list[int]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _fetch_rows(self, ids: list[int]) -> dict[int, dict]:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- state ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def cached_row_count(self) -> int:
        return len(self._rows)

    def reload(self) -> None:
        """Run the query again (filters, sort) and forget the cached rows."""
        if self.ctx.session.locked:
            self.clear()
            return
        ids = self._fetch_ids()
        self.beginResetModel()
        self._ids = list(ids)
        self._rows.clear()
        self._blocks.clear()
        self.endResetModel()

    def clear(self) -> None:
        """Hold no record data at all (the database is locked)."""
        self.beginResetModel()
        self._ids = []
        self._rows.clear()
        self._blocks.clear()
        self.endResetModel()

    def set_query(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.query, key, value)
        self.reload()

    def row_of(self, record_id: int | None) -> int:
        try:
            return self._ids.index(record_id)  # type: ignore[arg-type]
        except ValueError:
            return -1

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.sort_key(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key.startswith("-"):  # e.g. age: youngest first is the latest date of birth first
            key, descending = key[1:], not descending
        self.query.sort, self.query.descending = key, descending
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = [] if self.ctx.session.locked else list(self._fetch_ids())
        self._rows.clear()
        self._blocks.clear()
        # Keep the selection on the same records in their new places.
        persistent = self.persistentIndexList()
        if persistent:
            where = {record_id: i for i, record_id in enumerate(self._ids)}
            for old in persistent:
                new_row = where.get(old_ids[old.row()], -1) if 0 <= old.row() < len(old_ids) else -1
                self.changePersistentIndex(old, self.index(new_row, old.column()) if new_row >= 0 else QModelIndex())
        self.layoutChanged.emit()

    def _row(self, row: int) -> dict | None:
        record_id = self._ids[row]
        found = self._rows.get(record_id)
        if found is not None:
            return found
        block = row // self.BLOCK_SIZE
        if block in self._blocks or self.ctx.session.locked:
            return None  # deleted since the ids were read
        self._blocks.add(block)
        start = block * self.BLOCK_SIZE
        self.row_fetches += 1
        self._rows.update(self._fetch_rows(self._ids[start:start + self.BLOCK_SIZE]))
        return self._rows.get(record_id)


class ChildrenModel(LazyRegisterModel):
    COL_REFERENCE, COL_NAME, COL_AGE, COL_SEX, COL_STAGE, COL_SINCE, COL_WAITING, COL_GROUP, COL_WORKER = range(9)
    COLUMNS = [("Reference", "reference"), ("Name", "name"), ("Age", "-date_of_birth"), ("Sex", "sex"),
               ("Stage", "stage"), ("Since", "stage_date"),
               # Days waiting for a match: fewest first when ascending ("waiting" itself puts the
               # longest wait first); children not waiting are blank and always last.
               ("Waiting", "-waiting"),
               ("Sibling group", "sibling_group"), ("Social worker", "social_worker")]

    def _fetch_ids(self) -> list[int]:
        return records.child_ids(self.ctx.session, self.query)

    def _fetch_rows(self, ids: list[int]) -> dict[int, dict]:
        return records.child_rows(self.ctx.session, ids)

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_REFERENCE:
            return row["reference"] or ""
        if column == self.COL_NAME:
            last, first = row["last_name"] or "", row["first_name"] or ""
            return f"{last}, {first}" if last else first
        if column == self.COL_AGE:
            return age_text(_date(row["date_of_birth"]), self.ctx.session.today())
        if column == self.COL_SEX:
            return SEXES.get(row["sex"], row["sex"] or "")
        if column == self.COL_STAGE:
            return CHILD_STAGES.get(row["stage"], row["stage"] or "")
        if column == self.COL_SINCE:
            return format_date(_date(row["stage_date"]))
        if column == self.COL_GROUP:
            return row["sibling_group"] or ""
        if column == self.COL_WORKER:
            return row["social_worker"] or ""
        if column == self.COL_WAITING:
            return waiting_text(_date(row["waiting_since"]), self.ctx.session.today())
        return ""

    def waiting_days(self, row: dict) -> int | None:
        since = _date(row["waiting_since"])
        return (self.ctx.session.today() - since).days if since else None

    def raw(self, row: dict, column: int) -> Any:
        if column == self.COL_WAITING:  # days waiting (int), None for a child not waiting
            return self.waiting_days(row)
        return {self.COL_REFERENCE: row["reference"],
                self.COL_NAME: (row["last_name"], row["first_name"]),
                self.COL_AGE: row["date_of_birth"], self.COL_SEX: row["sex"], self.COL_STAGE: row["stage"],
                self.COL_SINCE: row["stage_date"], self.COL_GROUP: row["sibling_group"],
                self.COL_WORKER: row["social_worker"]}.get(column)


class FamiliesModel(LazyRegisterModel):
    COL_REFERENCE, COL_NAME, COL_AGENCY, COL_STAGE, COL_APPROVED, COL_AREA, COL_WORKER = range(7)
    COLUMNS = [("Reference", "reference"), ("Family", "name"), ("Agency", "agency"), ("Stage", "stage"),
               ("Approved", "approval_date"), ("Area", "area"), ("Social worker", "social_worker")]

    def _fetch_ids(self) -> list[int]:
        return records.family_ids(self.ctx.session, self.query)

    def _fetch_rows(self, ids: list[int]) -> dict[int, dict]:
        return records.family_rows(self.ctx.session, ids)

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_REFERENCE:
            return row["reference"] or ""
        if column == self.COL_NAME:
            return row["name"] or ""
        if column == self.COL_AGENCY:
            return row["agency"] or ""
        if column == self.COL_STAGE:
            return FAMILY_STAGES.get(row["stage"], row["stage"] or "")
        if column == self.COL_APPROVED:
            return format_date(_date(row["approval_date"]))
        if column == self.COL_AREA:
            return row["area"] or ""
        if column == self.COL_WORKER:
            return row["social_worker"] or ""
        return ""

    def raw(self, row: dict, column: int) -> Any:
        return {self.COL_REFERENCE: row["reference"], self.COL_NAME: row["name"],
                self.COL_AGENCY: row["agency"], self.COL_STAGE: row["stage"],
                self.COL_APPROVED: row["approval_date"], self.COL_AREA: row["area"],
                self.COL_WORKER: row["social_worker"]}.get(column)


REFERRAL_KIND_SHORT = {"child": "Child", "adopter": "Adopter"}


class ReferralsModel(LazyRegisterModel):
    """Referrals to the partner: open ones only at first, newest referral first."""

    # How long each has been open comes early: it is what the weekly call is about.
    (COL_REFERENCE, COL_REFERRED, COL_KIND, COL_REFERRED_ON, COL_AGE, COL_STATUS, COL_RESPONSE,
     COL_DAYS, COL_TO) = range(9)
    COLUMNS = [("Reference", "reference"), ("Child or family", "name"), ("Kind", "kind"),
               ("Referred on", "referred_on"),
               # Open for: fewest days first when ascending (the latest referral first).
               ("Open for", "-referred_on"), ("Status", "status"),
               ("Response", "response_date"), ("Days to a response", "days_to_response"),
               ("To agency", "to_agency")]

    def __init__(self, ctx: AppContext, query: ReferralQuery | None = None, parent=None):
        super().__init__(ctx, query or ReferralQuery(), parent)

    def _fetch_ids(self) -> list[int]:
        return records.referral_ids(self.ctx.session, self.query)

    def _fetch_rows(self, ids: list[int]) -> dict[int, dict]:
        return records.referral_rows(self.ctx.session, ids)

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_REFERENCE:
            return row["reference"] or ""
        if column == self.COL_REFERRED:
            return row["referred"] or ""
        if column == self.COL_KIND:
            return REFERRAL_KIND_SHORT.get(row["kind"], row["kind"] or "")
        if column == self.COL_REFERRED_ON:
            return format_date(_date(row["referred_on"]))
        if column == self.COL_TO:
            return row["to_agency"] or ""
        if column == self.COL_STATUS:
            return REFERRAL_STATUSES.get(row["status"], row["status"] or "")
        if column == self.COL_RESPONSE:
            return format_date(_date(row["response_date"]))
        if column == self.COL_DAYS:
            return days_text(row["days_to_response"])
        if column == self.COL_AGE:
            return days_text(row["age_days"])
        return ""

    def raw(self, row: dict, column: int) -> Any:
        return {self.COL_REFERENCE: row["reference"], self.COL_REFERRED: row["referred"],
                self.COL_KIND: row["kind"], self.COL_REFERRED_ON: row["referred_on"],
                self.COL_TO: row["to_agency"], self.COL_STATUS: row["status"],
                self.COL_RESPONSE: row["response_date"], self.COL_DAYS: row["days_to_response"],
                self.COL_AGE: row["age_days"]}.get(column)


class SmallListModel(_Base):
    """A short list (sibling groups, agencies, workers) read whole: a few hundred rows at most.

    `loader(query)` returns the rows; the search text filters them here, on the text shown.
    """

    def __init__(self, ctx: AppContext, loader: Callable[[RegisterQuery], list[dict]], parent=None):
        super().__init__(ctx, parent)
        self._loader = loader
        self.query = RegisterQuery()
        self._data: list[dict] = []
        self._sort: tuple[int, bool] | None = None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._data)

    def _load(self) -> list[dict]:
        rows = [] if self.ctx.session.locked else list(self._loader(self.query) or [])
        words = self.query.search.strip().casefold()
        if words:
            rows = [r for r in rows
                    if words in " ".join(self.display(r, c) for c in range(len(self.COLUMNS))).casefold()]
        if self._sort is not None:
            column, descending = self._sort
            rows.sort(key=lambda r: (self.raw(r, column) is None,
                                     str(self.raw(r, column) or "").casefold()
                                     if not isinstance(self.raw(r, column), int) else self.raw(r, column)),
                      reverse=descending)
        return rows

    def reload(self) -> None:
        rows = self._load()
        self.beginResetModel()
        self._data = rows
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        old = self._data
        self._data = self._load()
        persistent = self.persistentIndexList()
        if persistent:
            where = {r["id"]: i for i, r in enumerate(self._data)}
            for p in persistent:
                new_row = where.get(old[p.row()]["id"], -1) if 0 <= p.row() < len(old) else -1
                self.changePersistentIndex(p, self.index(new_row, p.column()) if new_row >= 0 else QModelIndex())
        self.layoutChanged.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self._data = []
        self.endResetModel()

    def cached_row_count(self) -> int:
        return len(self._data)

    @property
    def ids(self) -> list[int]:
        return [r["id"] for r in self._data]

    def row_of(self, record_id: int | None) -> int:
        return next((i for i, r in enumerate(self._data) if r["id"] == record_id), -1)

    def id_at(self, row: int) -> int | None:
        return self._data[row]["id"] if 0 <= row < len(self._data) else None

    def _row(self, row: int) -> dict | None:
        return self._data[row]

    def raw(self, row: dict, column: int) -> Any:
        key = self.COLUMNS[column][1]
        return row.get(key) if key else None


class SiblingGroupsModel(SmallListModel):
    COL_NAME, COL_CHILDREN, COL_DECISION, COL_DECIDED = range(4)
    COLUMNS = [("Group", "name"), ("Children", "children"), ("Placement decision", "decision"),
               ("Decided", "decision_date")]

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_NAME:
            return row["name"] or ""
        if column == self.COL_CHILDREN:
            return str(row["children"])
        if column == self.COL_DECISION:
            return PLACEMENT_DECISIONS.get(row["decision"], row["decision"] or "")
        if column == self.COL_DECIDED:
            return format_date(_date(row["decision_date"]))
        return ""


class AgenciesModel(SmallListModel):
    COL_NAME, COL_KIND, COL_PHONE, COL_WORKERS = range(4)
    COLUMNS = [("Agency", "name"), ("Kind", "kind"), ("Phone", "phone"), ("Contacts", "workers")]

    def display(self, row: dict, column: int) -> str:
        if column == self.COL_NAME:
            return row["name"] or ""
        if column == self.COL_KIND:
            return AGENCY_KIND_SHORT.get(row["kind"], AGENCY_KINDS.get(row["kind"], ""))
        if column == self.COL_PHONE:
            return row["phone"] or ""
        if column == self.COL_WORKERS:
            return str(row["workers"])
        return ""


class WorkersModel(SmallListModel):
    COL_NAME, COL_ROLE, COL_TEAM, COL_PHONE, COL_EMAIL = range(5)
    COLUMNS = [("Name", "name"), ("Role", "role"), ("Team", "team"), ("Phone", "phone"), ("Email", "email")]

    def display(self, row: dict, column: int) -> str:
        key = self.COLUMNS[column][1]
        return str(row.get(key) or "") if key else ""
