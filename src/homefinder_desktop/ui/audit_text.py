"""The audit trail in words, for the History page and a record's History dialog alike:
when (this laptop's time), what happened, to which record, and each field's old → new value."""
from __future__ import annotations

from datetime import date, datetime

from ..domain.errors import HomefinderError
from ..domain import fund as ledger
from ..domain.formatting import format_date, format_money
from ..domain.needs import words_for
from ..domain.records import (AGENCY_KINDS, CHILD_STAGES, FAMILY_STAGES, PLACEMENT_DECISIONS, REFERRAL_KINDS,
                              REFERRAL_STATUSES, SEXES, Agency, Child, Family, Referral, SiblingGroup, Worker)
from ..domain.links import LINK_SOURCES, LINK_STATUSES, Link
from ..domain.photos import ChildPhoto
from ..services import photos, records
from . import meeting_audit

ACTIONS = {"insert": "Added", "update": "Changed", "archive": "Archived", "restore": "Restored",
           "delete": "Deleted — entered in error"}
TABLES = {"children": ("Child", Child), "families": ("Family", Family), "agencies": ("Agency", Agency),
          "workers": ("Worker", Worker), "sibling_groups": ("Sibling group", SiblingGroup),
          "referrals": ("Referral", Referral), "links": ("Link", Link),
          "link_statuses": ("Status of link", None), "link_windows": ("Window of link", None),
          "link_policies": ("Rule version", None), "end_reasons": ("Reason a link ended", None),
          "child_stages": ("Stage of child", None), "family_stages": ("Stage of family", None),
          "referral_statuses": ("Status of referral", None),
          "database_info": ("Database settings", None),
          "child_photos": ("Photo of child", None),
          "fund_agreements": ("Fund agreement", None), "fund_fee_schedules": ("Fund fee schedule", None),
          "fund_entries": ("Fund ledger entry", None), "fund_postings": ("Fund ledger posting", None),
          "fund_assertions": ("Fund balance check", None), "scorecard_thresholds": ("Scorecard threshold set", None)}
# The fund's amounts are whole pence: the History shows them as money, like every other screen.
FUND_MONEY = {"amount", "expected", "grant", "matched"}
STAGE_TABLES = {"child_stages": (CHILD_STAGES, "child_id", Child),
                "family_stages": (FAMILY_STAGES, "family_id", Family),
                "referral_statuses": (REFERRAL_STATUSES, "referral_id", Referral),
                "link_statuses": (LINK_STATUSES, "link_id", Link)}
STAGE_LABELS = {"date": "Date of stage", "stage": "Stage", "reason": "Reason", "status": "Status"}
INFO_LABELS = {"council_name": "Council", "partner_name": "Partner agency", "demo": "Demo data",
               "database_id": "Database number", "created_with": "Made with Homefinder version",
               "last_restored": "Last restored", "last_plaintext_export": "Last plaintext export",
               "last_list_export": "Last list exported"}
LOOKUPS = {"agency_id": Agency, "social_worker_id": Worker, "sibling_group_id": SiblingGroup,
           "from_agency_id": Agency, "to_agency_id": Agency, "child_id": Child, "family_id": Family}
# The record and the Who column say these (a stage step's owner; a referral names its child or
# family as a field, so those show there).
HIDDEN = {"child_id", "family_id", "referral_id", "link_id", "recorded_by"}
# A photo's row in words: "Photo added" with its description (kind, size), caption, date taken and
# public mark; the kind, pixel size and place in the row are said by the description or not at all.
PHOTO_ACTIONS = {"insert": "Photo added", "update": "Photo changed", "delete": "Photo removed"}
PHOTO_HIDDEN = {"media_type", "width", "height", "added_on"}


def when_text(at: str) -> str:
    """'2026-11-23T18:26:51+00:00' (kept in UTC) -> '23/11/2026 18:26' in this laptop's time."""
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return str(at or "")
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%d/%m/%Y %H:%M")


class AuditWords:
    """Turns audit rows into words, looking each name up once."""

    def __init__(self, session):
        self.session = session
        self._names: dict[type, dict[int, str]] = {}
        self._people: dict[tuple[type, int], str] = {}
        self._photo_owners: dict[int, int | None] = {}

    def record_name(self, cls: type, record_id) -> str:
        if record_id is None:
            return ""
        if cls in (Agency, Worker, SiblingGroup):
            if cls not in self._names:
                self._names[cls] = records.names(self.session, cls)
            return self._names[cls].get(record_id, f"number {record_id} (since deleted)")
        key = (cls, record_id)
        if key not in self._people:
            try:
                record = records.get(self.session, cls, record_id)
                self._people[key] = (record.display_name if cls is Child else record.reference
                                     if cls in (Referral, Link) else record.name)
            except HomefinderError:
                self._people[key] = f"number {record_id} (since deleted)"
        return self._people[key]

    def record(self, row: dict) -> str:
        """Which record: 'Child: Ivy Ashworth', 'Stage of family: Oakley family'."""
        table, changes = row["table_name"], row["changes"]
        if table in meeting_audit.MEETING_TABLES:
            return meeting_audit.record_text(self.session, row)
        label, cls = TABLES.get(table, (table.replace("_", " ").capitalize(), None))
        if cls is not None:
            return f"{label}: {self.record_name(cls, row['record_id'])}"
        if table == "child_photos":
            owner = self.photo_owner(row["record_id"])
            return f"{label}: {self.record_name(Child, owner)}" if owner else label
        if table in STAGE_TABLES:
            _stages, fk, owner = STAGE_TABLES[table]
            pair = changes.get(fk) or [None, None]
            owner_id = pair[1] if pair[1] is not None else pair[0]
            return f"{label}: {self.record_name(owner, owner_id)}" if owner_id else label
        return label

    def photo_owner(self, photo_id: int) -> int | None:
        if photo_id not in self._photo_owners:
            try:
                self._photo_owners[photo_id] = photos.child_of_photo(self.session, photo_id)
            except HomefinderError:
                self._photo_owners[photo_id] = None
        return self._photo_owners[photo_id]

    def field_label(self, table: str, field: str) -> str:
        if field == "archived":
            return "Archived"
        if field == "reason for deletion":
            return "Reason for deletion"
        if table in meeting_audit.MEETING_TABLES:
            return meeting_audit.field_label(table, field)
        _label, cls = TABLES.get(table, ("", None))
        if cls is not None:
            return cls.label(field)
        if table == "child_photos":
            return ChildPhoto.label(field)
        if table == "database_info":
            return INFO_LABELS.get(field, field.replace("_", " ").capitalize())
        return STAGE_LABELS.get(field, field.replace("_", " ").capitalize())

    def value(self, table: str, field: str, value) -> str:
        if value is None or value == "":
            return "(empty)"
        if table in meeting_audit.MEETING_TABLES and (words := meeting_audit.value_text(self.session, table, field, value)):
            return words
        if table.startswith("fund_"):
            if field in FUND_MONEY and isinstance(value, int):
                return format_money(value)
            if field == "kind" and table == "fund_entries":
                return ledger.KINDS.get(value, str(value))
            if field == "account":
                return ledger.account_words(str(value))
            if field == "fee_stage":
                return ledger.FEE_STAGES.get(value, str(value))
        if field == "status" and table in ("referrals", "referral_statuses"):
            return REFERRAL_STATUSES.get(value, str(value))
        if field == "status" and table in ("links", "link_statuses"):
            return LINK_STATUSES.get(value, str(value))
        if field == "found_at" and table == "links":
            return LINK_SOURCES.get(value, str(value))
        if field == "kind" and table == "referrals":
            return REFERRAL_KINDS.get(value, str(value))
        if field == "stage":
            stages = STAGE_TABLES.get(table, (FAMILY_STAGES if table == "families" else CHILD_STAGES,))[0]
            return stages.get(value, str(value))
        if field in ("archived", "public_ok", "foster_carers_adopt"):
            return "Yes" if value in (1, True, "1") else "No"
        if field == "position" and table == "child_photos" and isinstance(value, int):
            return str(value + 1)  # first, second ... as the worker counts
        if field == "sex":
            return SEXES.get(value, str(value))
        if field == "kind":
            return AGENCY_KINDS.get(value, str(value))
        if field == "decision":
            return PLACEMENT_DECISIONS.get(value, str(value))
        if field in LOOKUPS and isinstance(value, int):
            return self.record_name(LOOKUPS[field], value)
        if table in ("children", "families") and (words := words_for(field, value)) is not None:
            return words or str(value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return format_date(date.fromisoformat(value))
            except ValueError:
                pass
        return str(value)

    def describe(self, row: dict) -> tuple[str, list[str]]:
        """(what happened, one line per field)."""
        action, table = row["action"], row.get("table_name", "")
        changes: dict = row.get("changes") or {}
        if said := meeting_audit.closed_or_reopened(row):
            return said
        if table in STAGE_TABLES and action == "insert":
            stages = STAGE_TABLES[table][0]
            new = {k: v[1] for k, v in changes.items()}
            lines = [f"Date of stage: {self.value(table, 'date', new.get('date'))}"]
            if new.get("reason"):
                lines.append(f"Reason: {new['reason']}")
            if table == "link_statuses":
                return f"Link status recorded: {stages.get(new.get('status'), new.get('status'))}", [
                    line.replace("Date of stage", "Date of status") for line in lines]
            if table == "referral_statuses":
                return f"Status recorded: {stages.get(new.get('status'), new.get('status'))}", [
                    line.replace("Date of stage", "Date of status") for line in lines]
            return f"Stage recorded: {stages.get(new.get('stage'), new.get('stage'))}", lines
        what = ACTIONS.get(action, action.capitalize())
        if table == "child_photos":
            what = PHOTO_ACTIONS.get(action, what)
            changes = {k: v for k, v in changes.items() if k not in PHOTO_HIDDEN
                       and not (k == "position" and action != "update")
                       and not (k == "reason for deletion" and not (v or [None, None])[-1])}
        if table in STAGE_TABLES:
            what = "Stage step " + what[0].lower() + what[1:]
        lines: list[str] = []
        for field, pair in changes.items():
            if (field in HIDDEN and table not in ("referrals", "links", "actions")) or (action in ("archive", "restore") and field == "archived"):
                continue
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            label = self.field_label(table, field)
            if action == "insert":
                lines.append(f"{label}: {self.value(table, field, new)}")
            elif action == "delete":
                if field == "reason for deletion":
                    lines.insert(0, f"Reason for deletion: {new}")
                else:
                    lines.append(f"{label} was: {self.value(table, field, old)}")
            else:
                lines.append(f"{label}: {self.value(table, field, old)} → {self.value(table, field, new)}")
        return what, lines
