"""What the use-case tests ask of the database and of a refusal: how many rows a table holds (a
refusal writes nothing), and the sentences a ValidationError names."""
from __future__ import annotations

import pytest

from homefinder_desktop.domain.errors import ValidationError


def count(s, table) -> int:
    return s.database().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def problems(fn, *args, **kw) -> list[str]:
    """Call `fn`, which must refuse: each problem as "Field: problem"."""
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kw)
    return [str(p) for p in exc.value.problems]
