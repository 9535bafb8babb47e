"""Saving a printout (a PDF) where the worker chose: whole or not at all, readable only by
them, and with a word of warning when the folder is synced to the cloud."""
from __future__ import annotations

from pathlib import Path

from ..domain.safety import printout_warning
from ..storage.files import atomic_write
from .session import filesystem_type


def pdf_path(target: Path | str) -> Path:
    """The file name as chosen, with ".pdf" added if missing (never replacing a dotted name)."""
    target = Path(target).expanduser()
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


def cloud_warning(target: Path | str, what: str = "a printout") -> str | None:
    """A sentence if `target` is in a network or cloud-synced folder, else None."""
    target = Path(target).expanduser()
    return printout_warning(str(target.resolve()), filesystem_type(target), what)


def save_pdf(target: Path | str, pdf: bytes) -> Path:
    """Write `pdf` at `target` (".pdf" added if missing) and return where it went."""
    path = pdf_path(target)
    atomic_write(path, pdf)
    return path
