"""What an imported sheet may name, read in one query per table (so 20,000 rows cost a few
queries, not 20,000)."""
from __future__ import annotations

import sqlite_utils


def children_by_identity(db: sqlite_utils.Database) -> list[dict]:
    """Every child, archived too: reference, names and date of birth (duplicates and referrals)."""
    return list(db.query("SELECT id, reference, first_name, last_name, date_of_birth, archived FROM children"))


def families_by_reference(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT id, reference, name, archived FROM families"))
