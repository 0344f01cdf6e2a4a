"""A cache of validated practice files, keyed by their bytes, so that `hub index` after a
one-file change re-reads every file but parses and validates only the one that changed.

An entry is reused only when the file's name and bytes, the validator's own code, the
vocabularies and the day (dates are checked against today) are all the same. A missing,
stale or damaged cache is simply rebuilt: it can cost time, never a wrong result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from indexer.messages import Message
from indexer.model import Practice
from indexer.source import Problem

HERE = Path(__file__).parent
Result = tuple[Practice | None, list[Problem]]


@cache
def code_version() -> str:
    """A hash of everything a validation result depends on, besides the file itself."""
    digest = hashlib.sha256(dt.date.today().isoformat().encode())
    sources = [
        HERE / name
        for name in (
            "source.py",
            "validate.py",
            "model.py",
            "collection.py",
            "vocabulary.py",
            "messages.py",
            "citations.py",
            "messages.yaml",
        )
    ]
    for path in [*sources, *sorted((HERE / "vocabularies").glob("*.yaml"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _practice(data: dict[str, Any] | None) -> Practice | None:
    if data is None:
        return None
    return Practice.from_dict(data)


def _encode(result: Result) -> dict[str, Any]:
    practice, problems = result
    data = None
    if practice is not None:
        data = {**practice.to_dict(), "path": practice.path, "lines": practice.lines}
    return {"practice": data, "problems": [_problem(p) for p in problems]}


def _problem(problem: Problem) -> dict[str, Any]:
    data = asdict(problem)
    if isinstance(problem.message, Message):
        data["message"] = {"$message": problem.message.to_json()}
    return data


def _unproblem(data: dict[str, Any]) -> Problem:
    message = data["message"]
    if isinstance(message, dict):
        message = Message.from_json(message["$message"])
    return Problem(**{**data, "message": message})


class ParseCache:
    """Validation results on disk, one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: dict[str, dict[str, Any]] = {}
        self.hits = 0
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("version") == code_version():
                self.entries = stored["entries"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    @staticmethod
    def key(shown: str, raw: bytes, check_id: bool) -> str:
        return hashlib.sha256(f"{shown}\0{check_id}\0".encode() + raw).hexdigest()

    def get(self, key: str) -> Result | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            result = _practice(entry["practice"]), [_unproblem(p) for p in entry["problems"]]
        except (KeyError, TypeError, ValueError):
            return None
        self.used[key] = entry
        self.hits += 1
        return result

    def put(self, key: str, result: Result) -> None:
        self.used[key] = _encode(result)

    def save(self) -> None:
        """Keep what this run used (entries of deleted files go), written atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        text = json.dumps({"version": code_version(), "entries": self.used}, ensure_ascii=False)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.path)
