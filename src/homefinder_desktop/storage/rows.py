"""Between domain records and rows: dates as ISO text, flags as 0/1."""
from __future__ import annotations

import dataclasses
import functools
import typing
from datetime import date
from typing import TypeVar

T = TypeVar("T")


def to_row(record) -> dict:
    row = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, tuple):  # a set of vocabulary codes, e.g. kinds of abuse history
            value = " ".join(value)
        row[f.name] = value
    return row


@functools.cache
def _conversions(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, 'date' | 'bool' | 'codes' | '') for each field: worked out once per record class."""
    hints = typing.get_type_hints(cls)
    result = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        hint = hints[f.name]
        kind = ("date" if hint is date or date in typing.get_args(hint) else "bool" if hint is bool
                else "codes" if typing.get_origin(hint) is tuple else "")
        result.append((f.name, kind))
    return tuple(result)


def from_row(cls: type[T], row: dict) -> T:
    values = {}
    for name, kind in _conversions(cls):
        if name not in row:
            continue
        value = row[name]
        if kind == "date":
            value = date.fromisoformat(value) if value else None
        elif kind == "bool":
            value = bool(value)
        elif kind == "codes":
            value = tuple(value.split()) if value else ()
        values[name] = value
    return cls(**values)
