"""Errors a worker can act on. Each carries a sentence written for the worker.

Anything else that goes wrong is a bug, and is reported as one.
"""
from __future__ import annotations

from dataclasses import dataclass


class HomefinderError(Exception):
    """A problem the worker can understand and act on; str() is the sentence to show."""


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the label the worker sees, e.g. "Date of birth"
    problem: str  # e.g. "is in the future"

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


class ValidationError(HomefinderError):
    """One or more fields are wrong; nothing was saved."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = list(problems)
        sentences = "; ".join(str(p).rstrip(". ") for p in self.problems)
        super().__init__(f"Nothing was saved. {sentences}.")

    def for_field(self, field: str) -> list[str]:
        return [p.problem for p in self.problems if p.field == field]


class WrongPassphrase(HomefinderError):
    def __init__(self, wait_seconds: float = 0, what: str = "this database"):
        self.wait_seconds = wait_seconds
        msg = f"That passphrase is not right for {what}."
        if wait_seconds:
            msg += f" After several wrong tries, the next try waits {wait_seconds:.0f} seconds."
        super().__init__(msg)


class TooSoon(HomefinderError):
    """Repeated wrong passphrases: the next try must wait."""

    def __init__(self, wait_seconds: float):
        self.wait_seconds = wait_seconds
        super().__init__(
            f"Too many wrong passphrases. Please wait {wait_seconds:.0f} seconds before trying again."
        )


class WrongRecoveryKey(HomefinderError):
    def __init__(self):
        super().__init__(
            "That recovery key is not right for this database. Check it against the printed sheet: "
            "it is eight groups of four letters and digits."
        )


class KeyFileMissing(HomefinderError):
    def __init__(self, db_name: str, key_name: str):
        super().__init__(
            f"The key file {key_name} is missing. A Homefinder database ({db_name}) is always kept "
            "together with its key file in the same folder; copy both, or restore from a backup."
        )


class NotADatabase(HomefinderError):
    pass


class DatabaseDamaged(HomefinderError):
    pass


class DatabaseTooNew(HomefinderError):
    pass


class DatabaseInUse(HomefinderError):
    pass


class DiskFull(HomefinderError):
    pass


class ReadOnlyLocation(HomefinderError):
    pass


class BackupFailed(HomefinderError):
    pass


class NotFound(HomefinderError):
    pass


class PossibleDuplicate(HomefinderError):
    """Another record looks like the same person. Not saved; the worker may confirm and save."""

    def __init__(self, message: str, matches: list[str]):
        self.matches = matches
        super().__init__(message)
