"""The schema, grown one migration at a time (sqlite_utils.Migrations).

Never edit a migration that has shipped: add a new one. A database that has
migrations this version does not know was made by a newer Homefinder and is refused.
"""
from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from ..domain.errors import DatabaseTooNew

migrations = Migrations("homefinder")

KNOWN: list[str] = []  # the migrations this version knows, in order


def migration(fn):
    """Register `fn` as the next migration (sqlite-utils runs it; KNOWN remembers its name)."""
    KNOWN.append(fn.__name__)
    return migrations()(fn)


def _audit_guard(db: sqlite_utils.Database) -> None:
    # The audit trail is evidence: nobody, not even the program, may change or remove it.
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END""")
    db.execute("""CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END""")


@migration
def m001_first_records(db: sqlite_utils.Database) -> None:
    # AUTOINCREMENT: an id is never used twice, even after a record entered in error is deleted;
    # otherwise a new record would inherit the deleted one's reference and audit history.
    db.execute("""CREATE TABLE database_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)""")
    db.execute("""CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,            -- UTC, ISO 8601
        who TEXT NOT NULL,           -- the worker's name given at unlock
        table_name TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert','update','archive','restore','delete')),
        changes TEXT NOT NULL        -- JSON: {field: [old, new]}
    )""")
    db.execute("CREATE INDEX audit_record ON audit(table_name, record_id)")
    _audit_guard(db)
    db.execute("""CREATE TABLE agencies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('own','partner','other')),
        phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE workers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        team TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE sibling_groups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        decision TEXT NOT NULL DEFAULT 'together' CHECK (decision IN ('together','apart')),
        decision_date TEXT, decision_reason TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE children (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        first_name TEXT NOT NULL, last_name TEXT NOT NULL DEFAULT '',
        date_of_birth TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('F','M')),
        ethnicity TEXT NOT NULL DEFAULT '', religion TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        date_entered_care TEXT, placement_order_date TEXT,
        stage TEXT NOT NULL, stage_date TEXT,
        sibling_group_id INTEGER REFERENCES sibling_groups(id),
        social_worker_id INTEGER REFERENCES workers(id),
        team TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE child_stages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        child_id INTEGER NOT NULL REFERENCES children(id),
        stage TEXT NOT NULL, date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE families (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL, adopter_one TEXT NOT NULL, adopter_two TEXT NOT NULL DEFAULT '',
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        stage TEXT NOT NULL, stage_date TEXT, approval_date TEXT,
        household TEXT NOT NULL DEFAULT '', area TEXT NOT NULL DEFAULT '',
        social_worker_id INTEGER REFERENCES workers(id),
        notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE family_stages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        family_id INTEGER NOT NULL REFERENCES families(id),
        stage TEXT NOT NULL, date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL
    )""")
    # Indexes for the registers' filters and sorts, which run in SQL.
    for sql in (
        # archived leads: every count and list leaves archived records out, and these indexes
        # answer the start page's counts without reading the (encrypted) table pages.
        "CREATE INDEX children_active_stage ON children(archived, stage)",
        "CREATE INDEX families_active ON families(archived, agency_id, stage)",
        "CREATE INDEX children_stage ON children(stage, stage_date)",
        "CREATE INDEX children_name ON children(last_name, first_name)",
        "CREATE INDEX children_dob ON children(date_of_birth)",
        "CREATE INDEX children_group ON children(sibling_group_id)",
        "CREATE INDEX children_worker ON children(social_worker_id)",
        "CREATE INDEX child_stages_child ON child_stages(child_id, date)",
        "CREATE INDEX families_agency ON families(agency_id, stage)",
        "CREATE INDEX families_name ON families(name)",
        "CREATE INDEX family_stages_family ON family_stages(family_id, date)",
        "CREATE INDEX workers_agency ON workers(agency_id)",
    ):
        db.execute(sql)


@migration
def m002_waiting_index(db: sqlite_utils.Database) -> None:
    # The children list's "waiting since" (the date of a child's agency decision step, else their
    # earliest step) is read per child: with stage in the index, both are one seek, no table read.
    db.execute("CREATE INDEX child_stages_child_stage ON child_stages(child_id, stage, date)")


@migration
def m003_referrals(db: sqlite_utils.Database) -> None:
    # Referrals to the partner: a child for family finding, or adopters for assessment. The
    # status moves through referral_statuses (dated steps), as a child's stage does.
    db.execute("""CREATE TABLE referrals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('child','adopter')),
        child_id INTEGER REFERENCES children(id),
        family_id INTEGER REFERENCES families(id),
        referred_on TEXT NOT NULL,
        from_agency_id INTEGER NOT NULL REFERENCES agencies(id),
        to_agency_id INTEGER NOT NULL REFERENCES agencies(id),
        reason TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open','acknowledged','accepted','declined','withdrawn')),
        status_date TEXT, response_date TEXT,
        outcome TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""CREATE TABLE referral_statuses (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        referral_id INTEGER NOT NULL REFERENCES referrals(id),
        status TEXT NOT NULL, date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL
    )""")
    for sql in (
        "CREATE INDEX referrals_active ON referrals(archived, status, kind, referred_on)",
        "CREATE INDEX referrals_referred ON referrals(referred_on)",
        "CREATE INDEX referrals_child ON referrals(child_id)",
        "CREATE INDEX referrals_family ON referrals(family_id)",
        "CREATE INDEX referrals_from ON referrals(from_agency_id)",
        "CREATE INDEX referrals_to ON referrals(to_agency_id)",
        "CREATE INDEX referral_statuses_referral ON referral_statuses(referral_id, date)",
    ):
        db.execute(sql)


@migration
def m004_needs_and_offers(db: sqlite_utils.Database) -> None:
    # A child's needs profile and a family's offer, in one vocabulary (domain.needs). Levels are
    # codes ('' = not recorded); sets are space-separated codes, so "a family who could manage
    # neglect" is one LIKE over a short text.
    for column in ("health", "disability", "development", "drugs_alcohol", "education",
                   "abuse", "contact", "needs_notes"):
        db.execute(f"ALTER TABLE children ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for column in ("max_children", "age_min", "age_max"):
        db.execute(f"ALTER TABLE families ADD COLUMN {column} INTEGER")
    for column in ("sexes_wanted", "siblings_ok", "health_max", "disability_max", "development_max",
                   "drugs_alcohol_max", "education_max", "abuse_ok", "contact_ok",
                   "ethnicity", "religion", "language", "offer_notes"):
        db.execute(f"ALTER TABLE families ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


@migration
def m005_child_photos(db: sqlite_utils.Database) -> None:
    # Photos live inside the encrypted database, never as loose files. public_ok: whether the
    # photo may be shown at public events (profile evenings, adopter events); off unless chosen.
    db.execute("""CREATE TABLE child_photos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        child_id INTEGER NOT NULL REFERENCES children(id),
        image BLOB NOT NULL,
        media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg','image/png')),
        width INTEGER NOT NULL, height INTEGER NOT NULL,
        caption TEXT NOT NULL DEFAULT '',
        taken_on TEXT,
        public_ok INTEGER NOT NULL DEFAULT 0,
        added_on TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("CREATE INDEX child_photos_child ON child_photos(child_id, position)")


@migration
def m006_links(db: sqlite_utils.Database) -> None:
    # A possible pairing of a child, or a sibling group as one unit, with a family. Its status
    # moves through link_statuses (dated steps): identified -> interest -> exploring -> matching
    # -> panel -> placed, or ended (did not progress, with a reason).
    db.execute("""CREATE TABLE links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        child_id INTEGER REFERENCES children(id),
        sibling_group_id INTEGER REFERENCES sibling_groups(id),
        family_id INTEGER NOT NULL REFERENCES families(id),
        found_at TEXT NOT NULL DEFAULT '',
        identified_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'identified' CHECK (status IN
            ('identified','interest','exploring','matching','panel','placed','ended')),
        status_date TEXT,
        ended_reason TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0,
        CHECK ((child_id IS NULL) <> (sibling_group_id IS NULL))
    )""")
    db.execute("""CREATE TABLE link_statuses (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        link_id INTEGER NOT NULL REFERENCES links(id),
        status TEXT NOT NULL, date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL
    )""")
    for sql in (
        # "Children with no active link" is a NOT EXISTS over these two, per child and per group.
        "CREATE INDEX links_child ON links(child_id, archived, status)",
        "CREATE INDEX links_group ON links(sibling_group_id, archived, status)",
        "CREATE INDEX links_family ON links(family_id, archived, status)",
        "CREATE INDEX link_statuses_link ON link_statuses(link_id, date)",
    ):
        db.execute(sql)


@migration
def m007_family_finding(db: sqlite_utils.Database) -> None:
    # The in-house-first rule, in versions (domain.link_windows): phases is JSON, e.g.
    # [{"who": "own", "length": 5, "unit": "working"}, {"who": "others", "length": 5, ...}].
    db.execute("""CREATE TABLE link_policies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        effective_to TEXT,
        phases TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    # One family's window on one link, with the version of the rule it was opened under, so an
    # old deadline still explains itself after the rule changes.
    db.execute("""CREATE TABLE link_windows (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        link_id INTEGER NOT NULL UNIQUE REFERENCES links(id),
        policy_id INTEGER NOT NULL REFERENCES link_policies(id),
        who TEXT NOT NULL CHECK (who IN ('own','others')),
        opens TEXT NOT NULL, closes TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('','pursue','decline')),
        answered_on TEXT
    )""")
    # "Did not progress" reasons: an editable list, so the evaluation can count them.
    db.execute("""CREATE TABLE end_reasons (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("ALTER TABLE links ADD COLUMN end_reason_id INTEGER REFERENCES end_reasons(id)")
    # Meetings of every kind, and events (profile evenings, adopter events), which are dated
    # gatherings with attendees and a record too.
    db.execute("""CREATE TABLE meetings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('homefinder','partner_call','strategic','heads_of_service',
                                           'operational','other','profile_evening','adopter_event')),
        held_on TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        attendees TEXT NOT NULL DEFAULT '',
        apologies TEXT NOT NULL DEFAULT '',
        minutes TEXT NOT NULL DEFAULT '',
        closed INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    # A line of a meeting: an agenda line about a child or group, a call-sheet line about a link,
    # a decision or a milestone. ask_partner: the child has no active link and the partner is
    # asked for families.
    db.execute("""CREATE TABLE meeting_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        kind TEXT NOT NULL CHECK (kind IN ('child','link','decision','milestone','note')),
        child_id INTEGER REFERENCES children(id),
        sibling_group_id INTEGER REFERENCES sibling_groups(id),
        link_id INTEGER REFERENCES links(id),
        position INTEGER NOT NULL DEFAULT 0,
        ask_partner INTEGER NOT NULL DEFAULT 0,
        checked INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("""CREATE TABLE actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        text TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        due_on TEXT,
        done_on TEXT,
        carried_from INTEGER REFERENCES actions(id),
        child_id INTEGER REFERENCES children(id),
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    # Who was shown and who came to an event; an expression of interest opens a link (links.event_id).
    db.execute("""CREATE TABLE event_children (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        child_id INTEGER REFERENCES children(id),
        sibling_group_id INTEGER REFERENCES sibling_groups(id),
        CHECK ((child_id IS NULL) <> (sibling_group_id IS NULL))
    )""")
    db.execute("""CREATE TABLE event_families (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        family_id INTEGER NOT NULL REFERENCES families(id)
    )""")
    db.execute("ALTER TABLE links ADD COLUMN event_id INTEGER REFERENCES meetings(id)")
    for sql in (
        "CREATE INDEX link_windows_closes ON link_windows(answer, closes)",
        "CREATE INDEX link_windows_policy ON link_windows(policy_id)",
        "CREATE INDEX links_status ON links(archived, status, status_date)",
        "CREATE INDEX links_event ON links(event_id)",
        "CREATE INDEX meetings_kind ON meetings(archived, kind, held_on)",
        "CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, position)",
        "CREATE INDEX meeting_items_child ON meeting_items(child_id)",
        "CREATE INDEX meeting_items_link ON meeting_items(link_id)",
        "CREATE INDEX actions_open ON actions(archived, done_on, due_on)",
        "CREATE INDEX actions_meeting ON actions(meeting_id)",
        "CREATE INDEX event_children_meeting ON event_children(meeting_id)",
        "CREATE INDEX event_families_meeting ON event_families(meeting_id)",
    ):
        db.execute(sql)


@migration
def m008_matching_matrix(db: sqlite_utils.Database) -> None:
    # The areas a matrix asks about, in versions: criteria is JSON (domain.matrix.Criterion
    # fields). A matrix keeps the version it was held under, so it reads as it did.
    db.execute("""CREATE TABLE matrix_catalogues (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        version INTEGER NOT NULL UNIQUE,
        effective_from TEXT NOT NULL,
        criteria TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""")
    # One matrix for one child or sibling group. A decided matrix never changes (the triggers
    # below); reopening makes a new version pointing at it (previous_id).
    db.execute("""CREATE TABLE matrices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reference TEXT NOT NULL UNIQUE,
        child_id INTEGER REFERENCES children(id),
        sibling_group_id INTEGER REFERENCES sibling_groups(id),
        catalogue_id INTEGER NOT NULL REFERENCES matrix_catalogues(id),
        held_on TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        previous_id INTEGER UNIQUE REFERENCES matrices(id),
        reopened_reason TEXT NOT NULL DEFAULT '',
        decided_on TEXT,
        family_id INTEGER REFERENCES families(id),
        reason TEXT NOT NULL DEFAULT '',
        social_worker TEXT NOT NULL DEFAULT '',
        manager TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0,
        CHECK ((child_id IS NULL) <> (sibling_group_id IS NULL))
    )""")
    db.execute("""CREATE TABLE matrix_families (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        matrix_id INTEGER NOT NULL REFERENCES matrices(id),
        family_id INTEGER NOT NULL REFERENCES families(id),
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (matrix_id, family_id)
    )""")
    # The child's need in each area, in the worker's words.
    db.execute("""CREATE TABLE matrix_needs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        matrix_id INTEGER NOT NULL REFERENCES matrices(id),
        criterion TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        UNIQUE (matrix_id, criterion)
    )""")
    # A family's capacity in one area: the rating and notes, and what the records said when the
    # matrix was started or last refreshed (prefill, JSON), so a decided matrix keeps its evidence
    # even when a record changes later.
    db.execute("""CREATE TABLE matrix_cells (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        matrix_id INTEGER NOT NULL REFERENCES matrices(id),
        criterion TEXT NOT NULL,
        family_id INTEGER NOT NULL REFERENCES families(id),
        rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','strength','meets','partly','concern')),
        strengths TEXT NOT NULL DEFAULT '',
        weaknesses TEXT NOT NULL DEFAULT '',
        prefill TEXT NOT NULL DEFAULT '',
        UNIQUE (matrix_id, criterion, family_id)
    )""")
    # The record of a decision is evidence: once decided_on is set, nothing of the matrix changes.
    db.execute("""CREATE TRIGGER matrices_decided BEFORE UPDATE ON matrices WHEN OLD.decided_on IS NOT NULL
                  BEGIN SELECT RAISE(ABORT, 'a decided matrix cannot be changed'); END""")
    db.execute("""CREATE TRIGGER matrices_no_delete BEFORE DELETE ON matrices WHEN OLD.decided_on IS NOT NULL
                  BEGIN SELECT RAISE(ABORT, 'a decided matrix cannot be deleted'); END""")
    for table in ("matrix_families", "matrix_needs", "matrix_cells"):
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            db.execute(f"""CREATE TRIGGER {table}_decided_{event.lower()} BEFORE {event} ON {table}
                WHEN (SELECT decided_on FROM matrices WHERE id = {row}.matrix_id) IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'a decided matrix cannot be changed'); END""")
    for sql in (
        "CREATE INDEX matrices_child ON matrices(child_id)",
        "CREATE INDEX matrices_group ON matrices(sibling_group_id)",
        "CREATE INDEX matrices_held ON matrices(archived, held_on)",
        "CREATE INDEX matrix_families_matrix ON matrix_families(matrix_id, position)",
        "CREATE INDEX matrix_families_family ON matrix_families(family_id)",
        "CREATE INDEX matrix_cells_matrix ON matrix_cells(matrix_id)",
    ):
        db.execute(sql)

@migration
def m009_fund_ledger(db: sqlite_utils.Database) -> None:
    # The upfront fund (domain.fund): agreements, their fee schedules in versions, and a
    # double-entry ledger in integer pence that is only ever added to.
    db.execute("""CREATE TABLE fund_agreements (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        grant INTEGER NOT NULL CHECK (grant > 0),
        target_placements INTEGER,
        starts_on TEXT NOT NULL,
        spend_by TEXT NOT NULL,
        ends_on TEXT,
        notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    # rates is JSON: [{"children": 1, "stage": "placement", "amount": 1800000}, ...]
    db.execute("""CREATE TABLE fund_fee_schedules (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id INTEGER NOT NULL REFERENCES fund_agreements(id),
        effective_from TEXT NOT NULL,
        rates TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (agreement_id, effective_from)
    )""")
    db.execute("""CREATE TABLE fund_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id INTEGER NOT NULL REFERENCES fund_agreements(id),
        on_date TEXT NOT NULL,
        fy INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('instalment','fee','rollover','reallocation','return','reversal')),
        memo TEXT NOT NULL DEFAULT '',
        link_id INTEGER REFERENCES links(id),
        fee_stage TEXT NOT NULL DEFAULT '',
        children INTEGER NOT NULL DEFAULT 0,
        instalment INTEGER,
        purpose TEXT NOT NULL DEFAULT '',
        matched INTEGER NOT NULL DEFAULT 0,
        reverses_id INTEGER UNIQUE REFERENCES fund_entries(id),
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE fund_postings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER NOT NULL REFERENCES fund_entries(id),
        account TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount <> 0)
    )""")
    # The ledger is evidence both partners rely on: a mistake is corrected by a linked reversal,
    # never by changing or removing an entry. Not even the program may.
    for table in ("fund_entries", "fund_postings"):
        db.execute(f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                       BEGIN SELECT RAISE(ABORT, 'the fund ledger cannot be changed: record a reversal'); END""")
        db.execute(f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                       BEGIN SELECT RAISE(ABORT, 'the fund ledger cannot be changed: record a reversal'); END""")
    # Balances agreed with the agency's own statements, checked against the ledger.
    db.execute("""CREATE TABLE fund_assertions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id INTEGER NOT NULL REFERENCES fund_agreements(id),
        on_date TEXT NOT NULL,
        expected INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    for sql in (
        "CREATE INDEX fund_entries_agreement ON fund_entries(agreement_id, on_date, id)",
        "CREATE INDEX fund_entries_link ON fund_entries(link_id, fee_stage)",
        "CREATE INDEX fund_postings_entry ON fund_postings(entry_id, account, amount)",
        "CREATE INDEX fund_assertions_agreement ON fund_assertions(agreement_id, on_date)",
    ):
        db.execute(sql)


@migration
def m010_child_profile(db: sqlite_utils.Database) -> None:
    # The words a profile evening's page says about a child, written for adopters: kept apart
    # from the worker's own notes, so nothing from the notes can reach a printed profile.
    for column in ("personality", "interests", "family_sought"):
        db.execute(f"ALTER TABLE children ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


@migration
def m011_timeliness(db: sqlite_utils.Database) -> None:
    # The Adoption Scorecard's A10: a child adopted by their foster carers is counted from the
    # day they moved in with those carers, not from the day they moved in as an adopted child.
    db.execute("ALTER TABLE children ADD COLUMN foster_carers_adopt INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE children ADD COLUMN foster_placement_date TEXT")
    # Threshold sets are data: the scorecard's days for the three-year period from 1 April of
    # first_year; a council may add its own.
    db.execute("""CREATE TABLE scorecard_thresholds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        first_year INTEGER NOT NULL,
        a1_days INTEGER NOT NULL CHECK (a1_days > 0),
        a2_days INTEGER NOT NULL CHECK (a2_days > 0),
        archived INTEGER NOT NULL DEFAULT 0
    )""")
    # The published thresholds as they were when this shipped, written out: a migration must
    # never change when domain.timeliness.SCORECARD_THRESHOLDS does.
    for name, first_year, a1_days, a2_days in (("Adoption Scorecard 2011–14", 2011, 639, 213),
                                               ("Adoption Scorecard 2012–15", 2012, 547, 182),
                                               ("Adoption Scorecard 2013–16", 2013, 487, 152),
                                               ("Adoption Scorecard 2014–17", 2014, 426, 121)):
        db.execute("INSERT INTO scorecard_thresholds (name, first_year, a1_days, a2_days) VALUES (?, ?, ?, ?)",
                   [name, first_year, a1_days, a2_days])


def check_not_newer(db: sqlite_utils.Database) -> None:
    """Refuse a database that a newer Homefinder has migrated past what we know."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - set(KNOWN)
    if version > len(KNOWN) or unknown:
        raise DatabaseTooNew(
            "This database was made or updated by a newer version of Homefinder. This version "
            "cannot open it safely: install the newer version. Nothing was changed.")


def migrate(db: sqlite_utils.Database) -> None:
    check_not_newer(db)
    # Opening must not write when nothing is pending: a database only read stays byte-identical.
    if migrations.pending(db):
        migrations.apply(db)
    if db.execute("PRAGMA user_version").fetchone()[0] != len(KNOWN):
        db.execute(f"PRAGMA user_version = {len(KNOWN)}")
