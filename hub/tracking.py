"""Where a submission stands, for its submitter: a reference, a private link, a state.

Every submission gets a reference (``GCM-7F3K-92QD``) and a secret token; the status page
``/submissions/<reference>?token=…`` shows its state to whoever holds the link, and to
nobody else (only a hash of the token is kept). Reviewers move it with ``hub submissions``:

    received -> under-review -> accepted (the practice's page) | returned (the reason)

Receipts are small JSON files beside the inbox's git data (never committed), one per
reference, written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

STATES = ("received", "under-review", "accepted", "returned")
FINAL = ("accepted", "returned")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U to misread
REFERENCE = re.compile(r"GCM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


class TrackingError(Exception):
    """A state change that cannot be made; the message says why."""


@dataclass
class Receipt:
    """One submission as its submitter follows it."""

    reference: str
    practice_id: str
    state: str
    token_hash: str
    lang: str
    received: str
    updated: str
    reason: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_reference() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"GCM-{letters[:4]}-{letters[4:]}"


class Tracker:
    """The receipts of one inbox, in a folder of JSON files."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def open(self, practice_id: str, lang: str) -> tuple[Receipt, str]:
        """A new receipt in state ``received``, and the token of its private link."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        while True:
            reference = new_reference()
            if not self._path(reference).exists():
                break
        now = _now()
        receipt = Receipt(reference, practice_id, "received", _hash(token), lang, now, now)
        self._write(receipt)
        return receipt, token

    def find(self, reference: str, token: str) -> Receipt | None:
        """The receipt when ``token`` is its token; None otherwise (whether or not it exists)."""
        receipt = self.get(reference)
        if receipt is None or not hmac.compare_digest(receipt.token_hash, _hash(token)):
            return None
        return receipt

    def get(self, reference: str) -> Receipt | None:
        if not REFERENCE.fullmatch(reference):
            return None
        try:
            return Receipt(**json.loads(self._path(reference).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def latest(self, practice_id: str) -> Receipt | None:
        """The newest receipt of a practice id (a returned practice may be sent again)."""
        found = [r for r in self.all() if r.practice_id == practice_id]
        return max(found, key=lambda r: r.received) if found else None

    def all(self) -> list[Receipt]:
        if not self.folder.is_dir():
            return []
        receipts = (self.get(path.stem) for path in sorted(self.folder.glob("GCM-*.json")))
        return [r for r in receipts if r is not None]

    def move(self, practice_id: str, state: str, reason: str = "") -> list[Receipt]:
        """Set the state of every open receipt of a practice id (one per time it was sent);
        none for a file sent without the form."""
        if state not in STATES:
            raise TrackingError(f"{state!r} is not a state; states: {', '.join(STATES)}")
        moved = [r for r in self.all() if r.practice_id == practice_id and r.state not in FINAL]
        for receipt in moved:
            receipt.state, receipt.reason, receipt.updated = state, reason.strip(), _now()
            self._write(receipt)
        return moved

    def _path(self, reference: str) -> Path:
        return self.folder / f"{reference}.json"

    def _write(self, receipt: Receipt) -> None:
        path = self._path(receipt.reference)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(asdict(receipt), ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.chmod(0o600)
        os.replace(temporary, path)
