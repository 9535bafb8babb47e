"""The printed record of a matching matrix: the ratings, notes and decision, with the privacy
switch as the worker set it (on: first names and ages only, no surnames)."""
from __future__ import annotations

from pathlib import Path

from . import matrix
from .session import Session


def matrix_record_pdf(session: Session, matrix_id: int, *, private: bool) -> bytes:
    from ..reports import matrix_record  # ReportLab only when printing

    sheet = matrix.open_matrix(session, matrix_id)
    return matrix_record.build_pdf(session.council_name, session.partner_name, sheet, session.today(),
                                   private=private)


def save_matrix_record(session: Session, matrix_id: int, target: Path | str, *, private: bool) -> Path:
    """Write the record where the worker chose (".pdf" added if missing); returns where it went."""
    from . import printouts

    return printouts.save_pdf(target, matrix_record_pdf(session, matrix_id, private=private))
