"""What a use case changed, so each screen refreshes only what it shows (Anki's OpChanges)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    tables: frozenset[str] = field(default_factory=frozenset)
    record_id: int | None = None  # the record the worker acted on, where there is one

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))

    @classmethod
    def of(cls, *tables: str, record_id: int | None = None) -> "Changes":
        return cls(frozenset(tables), record_id)
