"""The key file that travels with each database.

A random 256-bit data key encrypts the database (SQLCipher raw key, so opening is
fast). The data key is kept here twice, each copy sealed with AES-256-GCM:
once under a key derived from the worker's passphrase (Argon2id: slow on purpose),
once under a key derived from the recovery key printed at creation and kept by a
manager. Records must outlive any one worker's memory: the recovery key lets a new
passphrase be set without the old one. Changing the passphrase re-seals the data
key only; the database file is not touched.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.errors import HomefinderError, KeyFileMissing, WrongPassphrase, WrongRecoveryKey
from .files import atomic_write

FORMAT = "homefinder-keyfile"
VERSION = 1
KEY_SUFFIX = ".keys"

# Argon2id cost. About half a second on a laptop; tests pass a cheaper cost.
DEFAULT_COST = {"time_cost": 3, "memory_kib": 128 * 1024, "parallelism": 2}
TEST_COST = {"time_cost": 1, "memory_kib": 8 * 1024, "parallelism": 1}

_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read aloud


def key_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEY_SUFFIX)


def new_recovery_key() -> str:
    """Eight groups of four characters from a 32-letter alphabet: 160 random bits."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i:i + 4] for i in range(0, 32, 4))


def normalise_recovery_key(text: str) -> str:
    # Forgive what people do when typing from paper: spaces, dashes, lower case.
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _derive(secret: str, salt: bytes, cost: dict) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=cost["time_cost"],
                           memory_cost=cost["memory_kib"], parallelism=cost["parallelism"],
                           hash_len=32, type=Type.ID)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _seal(data_key: bytes, secret: str, slot: str, database_id: str, cost: dict) -> dict:
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapping = _derive(secret, salt, cost)
    sealed = AESGCM(wrapping).encrypt(nonce, data_key, f"{database_id}/{slot}".encode())
    return {"kdf": "argon2id", **cost, "salt": _b64(salt), "nonce": _b64(nonce), "sealed": _b64(sealed)}


def _open(slot_data: dict, secret: str, slot: str, database_id: str) -> bytes | None:
    cost = {k: slot_data[k] for k in ("time_cost", "memory_kib", "parallelism")}
    wrapping = _derive(secret, _unb64(slot_data["salt"]), cost)
    try:
        return AESGCM(wrapping).decrypt(_unb64(slot_data["nonce"]), _unb64(slot_data["sealed"]),
                                        f"{database_id}/{slot}".encode())
    except InvalidTag:
        return None


@dataclass
class KeyFile:
    path: Path
    database_id: str
    slots: dict

    @classmethod
    def create(cls, db_path: Path, passphrase: str, cost: dict | None = None) -> tuple["KeyFile", bytes, str]:
        """A new data key, sealed under the passphrase and a new recovery key. Not yet written."""
        cost = cost or DEFAULT_COST
        data_key = os.urandom(32)
        recovery = new_recovery_key()
        database_id = str(uuid.uuid4())
        slots = {
            "passphrase": _seal(data_key, passphrase, "passphrase", database_id, cost),
            "recovery": _seal(data_key, normalise_recovery_key(recovery), "recovery", database_id, cost),
        }
        return cls(key_path_for(db_path), database_id, slots), data_key, recovery

    @classmethod
    def load(cls, db_path: Path) -> "KeyFile":
        path = key_path_for(db_path)
        if not path.exists():
            raise KeyFileMissing(db_path.name, path.name)
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("version", 0) > VERSION:
                raise HomefinderError(
                    f"The key file {path.name} was made by a newer version of Homefinder. "
                    "Install the newer version to open this database.")
            _check_slots(data)
            return cls(path, data["database_id"], data["slots"])
        except HomefinderError:
            raise
        except Exception:
            raise HomefinderError(
                f"The key file {path.name} is damaged and cannot be read. Restore the database "
                "and its key file from your latest backup.") from None

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": VERSION, "database_id": self.database_id,
                           "slots": self.slots}, indent=2)

    def save(self, path: Path | None = None) -> None:
        atomic_write(path or self.path, self.to_json().encode("utf-8"))

    def unlock(self, passphrase: str) -> bytes:
        key = _open(self.slots["passphrase"], passphrase, "passphrase", self.database_id)
        if key is None:
            raise WrongPassphrase()
        return key

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        key = _open(self.slots["recovery"], normalise_recovery_key(recovery_key), "recovery",
                    self.database_id)
        if key is None:
            raise WrongRecoveryKey()
        return key

    def with_new_passphrase(self, data_key: bytes, passphrase: str, cost: dict | None = None) -> "KeyFile":
        slots = dict(self.slots)
        slots["passphrase"] = _seal(data_key, passphrase, "passphrase", self.database_id,
                                    cost or _cost_of(self.slots["passphrase"]))
        return KeyFile(self.path, self.database_id, slots)

    def with_new_recovery_key(self, data_key: bytes, cost: dict | None = None) -> tuple["KeyFile", str]:
        recovery = new_recovery_key()
        slots = dict(self.slots)
        slots["recovery"] = _seal(data_key, normalise_recovery_key(recovery), "recovery",
                                  self.database_id, cost or _cost_of(self.slots["recovery"]))
        return KeyFile(self.path, self.database_id, slots), recovery


# What a sound key file holds; anything else is damage (or tampering), refused before Argon2 runs.
_B64_LENGTHS = {"salt": 16, "nonce": 12, "sealed": 48}  # 32-byte key + 16-byte GCM tag
_COST_BOUNDS = {"time_cost": (1, 20), "memory_kib": (8 * 1024, 2 * 1024 * 1024), "parallelism": (1, 16)}


def _check_slots(data: dict) -> None:
    if not isinstance(data.get("database_id"), str) or not isinstance(data.get("slots"), dict):
        raise ValueError("fields")
    for name in ("passphrase", "recovery"):
        slot = data["slots"][name]
        if slot.get("kdf") != "argon2id":
            raise ValueError("kdf")
        for field, length in _B64_LENGTHS.items():
            if len(_unb64(slot[field])) != length:
                raise ValueError(field)
        for field, (low, high) in _COST_BOUNDS.items():
            if not isinstance(slot[field], int) or not low <= slot[field] <= high:
                raise ValueError(field)


def _cost_of(slot: dict) -> dict:
    return {k: slot[k] for k in ("time_cost", "memory_kib", "parallelism")}
