"""Between domain records and rows: dates as ISO text, flags as 0/1."""
from __future__ import annotations

import dataclasses
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
        row[f.name] = value
    return row


def from_row(cls: type[T], row: dict) -> T:
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in row:
            continue
        value = row[f.name]
        hint = hints[f.name]
        if value is not None and date in typing.get_args(hint) or hint is date:
            value = date.fromisoformat(value) if value else None
        elif hint is bool:
            value = bool(value)
        values[f.name] = value
    return cls(**values)
