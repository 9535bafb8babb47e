"""A change to a child's needs reads in words in the History, never as stored codes."""
from __future__ import annotations

import dataclasses

from homefinder_desktop.domain.records import Child, Family
from homefinder_desktop.services import records
from homefinder_desktop.ui.audit_text import AuditWords


def test_child_needs_change_in_words(demo_session):
    child = next(c for c in records.all_of(demo_session, Child)
                 if c.abuse != ("neglect", "domestic") and c.education != "ehcp" and c.contact != ("none",))
    changed = dataclasses.replace(child, abuse=("neglect", "domestic"), education="ehcp", contact=("none",))
    records.save(demo_session, changed)
    row = records.history(demo_session, Child, child.id)[-1]
    _what, lines = AuditWords(demo_session).describe(row)
    text = "\n".join(lines)
    assert "Neglect; Domestic abuse witnessed" in text
    assert "EHC plan" in text and "No contact planned" in text
    assert "neglect domestic" not in text and "ehcp" not in text


def test_family_offer_change_in_words(demo_session):
    family = next(f for f in records.all_of(demo_session, Family)
                  if f.sexes_wanted != "F" and f.disability_max not in ("none", "") and f.abuse_ok != ("sexual",))
    changed = dataclasses.replace(family, max_children=2, age_min=0, age_max=4, siblings_ok="yes",
                                  sexes_wanted="F", disability_max="none", abuse_ok=("sexual",))
    records.save(demo_session, changed)
    row = records.history(demo_session, Family, family.id)[-1]
    _what, lines = AuditWords(demo_session).describe(row)
    text = "\n".join(lines)
    assert "Girls" in text and "Sexual abuse" in text
    assert any(line.startswith("Disability they can meet") and line.endswith("→ None") for line in lines)
