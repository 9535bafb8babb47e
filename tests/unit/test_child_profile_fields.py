"""The child's profile words for profile evenings have their own columns (m010), added to a
database made before them without losing anything."""
from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from homefinder_desktop.storage import migrations


def test_an_older_database_gains_the_profile_columns_empty_and_keeps_its_children():
    db = sqlite_utils.Database(memory=True)
    older = Migrations("homefinder")  # the migrations that shipped before m010, as one then ran them
    for m in migrations.migrations._migrations:
        if m.name != "m010_child_profile":
            older()(m.fn)
    older.apply(db)
    assert "personality" not in db["children"].columns_dict
    db["children"].insert({"first_name": "Ivy", "last_name": "Example", "date_of_birth": "2022-03-01",
                           "sex": "F", "stage": "family_finding", "reference": "C-00001",
                           "notes": "Personality: not for printing"})
    migrations.migrate(db)
    row = next(db["children"].rows)
    assert (row["personality"], row["interests"], row["family_sought"]) == ("", "", "")
    assert row["first_name"] == "Ivy" and row["notes"] == "Personality: not for printing"
    assert "m010_child_profile" in [m.name for m in migrations.migrations.applied(db)]

