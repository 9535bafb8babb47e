"""How strong a new passphrase is, in words (zxcvbn's estimate of guesses)."""
from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attack"


@dataclass
class Strength:
    score: int  # 0..4
    acceptable: bool
    message: str


def strength(passphrase: str, context: list[str] | None = None) -> Strength:
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, False, f"Use at least {MIN_LENGTH} characters: a few unrelated words work well.")
    from zxcvbn import zxcvbn  # its word lists take 15 ms to load: only when a passphrase is chosen

    result = zxcvbn(passphrase[:100], user_inputs=[c for c in (context or []) if c])
    score = int(result["score"])
    if score < MIN_SCORE:
        hint = result["feedback"].get("warning") or "Too easy to guess."
        suggestions = " ".join(result["feedback"].get("suggestions") or [])
        return Strength(score, False, f"{hint} {suggestions}".strip())
    return Strength(score, True, "Strong." if score == 4 else "Good.")
