"""One vector per practice, computed at index time, cached by content hash.

A practice is embedded from its title, summary and the start of its body. The vectors of a
generation travel with it (``PracticeVectors``): the model that made them, each practice's
id and content hash (so the next build embeds only new or changed texts), and, per
practice, the closest practices written in other languages (precomputed, so the web
workers need no model to show them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.model import Practice
from indexer.semantic import Encoder
from indexer.text import plain_text

BODY_START = 600  # characters of the body's text that are embedded with the title and summary
NEIGHBOURS = 3  # closest practices in other languages, per practice
NEIGHBOUR_FLOOR = 0.35  # below this similarity, a practice is not "close"
BATCH = 64


@dataclass(frozen=True)
class PracticeVectors:
    """The vectors of a collection: row i belongs to ``ids[i]``."""

    model: str
    ids: tuple[str, ...]
    hashes: tuple[str, ...]
    matrix: np.ndarray
    neighbours: dict[str, list[str]] = field(default_factory=dict)

    def row_of(self) -> dict[str, int]:
        return {pid: row for row, pid in enumerate(self.ids)}

    def checksum(self) -> str:
        """SHA-256 of the vectors' bytes and of everything else they carry."""
        digest = hashlib.sha256(np.ascontiguousarray(self.matrix, dtype="<f4").tobytes())
        digest.update(json.dumps(self.header(), sort_keys=True).encode("utf-8"))
        return digest.hexdigest()

    def header(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "ids": list(self.ids),
            "hashes": list(self.hashes),
            "neighbours": self.neighbours,
        }


def practice_text(practice: Practice) -> str:
    """What is embedded: the title, the summary and the start of the body."""
    return f"{practice.title}\n{practice.summary}\n{plain_text(practice.body)[:BODY_START]}"


def content_hash(practice: Practice) -> str:
    """A hash of what the embedded text is made from (cheaper than making the text)."""
    source = "\0".join((f"body-start-{BODY_START}", practice.title, practice.summary, practice.body))
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def embed(
    practices: Iterable[Practice],
    model: str,
    encoder: Callable[[], Encoder],
    previous: PracticeVectors | None,
) -> tuple[PracticeVectors, int]:
    """The collection's vectors and how many were computed; ``encoder()`` is called only if needed."""
    practices = sorted(practices, key=lambda p: p.id)
    hashes = [content_hash(p) for p in practices]
    cached: dict[str, np.ndarray] = {}
    if previous is not None and previous.model == model:
        cached = {h: previous.matrix[row] for row, h in enumerate(previous.hashes)}
    missing = [i for i, h in enumerate(hashes) if h not in cached]
    if missing:
        model_in_use = encoder()
        for start in range(0, len(missing), BATCH):
            part = missing[start : start + BATCH]
            texts = [practice_text(practices[i]) for i in part]
            for i, vector in zip(part, model_in_use.encode(texts), strict=True):
                cached[hashes[i]] = vector
    dimensions = len(next(iter(cached.values()))) if cached else 0
    matrix = np.array([cached[h] for h in hashes], dtype=np.float32).reshape(len(hashes), dimensions)
    ids = tuple(p.id for p in practices)
    return PracticeVectors(model, ids, tuple(hashes), matrix, neighbours(practices, matrix)), len(missing)


def neighbours(practices: list[Practice], matrix: np.ndarray) -> dict[str, list[str]]:
    """Per practice, the closest practices in other languages, not counting its own translations."""
    if not practices or not matrix.size:
        return {}
    languages = np.array([p.language for p in practices])
    groups = np.array([p.translation_of or p.id for p in practices])
    similar = matrix @ matrix.T
    similar[(languages[:, None] == languages[None, :]) | (groups[:, None] == groups[None, :])] = -np.inf
    count = min(NEIGHBOURS, len(practices))
    top = np.argpartition(-similar, count - 1, axis=1)[:, :count]
    found = {}
    for row, practice in enumerate(practices):
        candidates = top[row][np.lexsort((top[row], -similar[row, top[row]]))]
        found[practice.id] = [
            practices[i].id for i in candidates.tolist() if similar[row, i] >= NEIGHBOUR_FLOOR
        ]
    return found


# On disk (the Whoosh generation folder) -------------------------------------------------

MATRIX_FILE = "vectors.npy"
HEADER_FILE = "vectors.json"


def save(vectors: PracticeVectors, folder: Path) -> str:
    """Write the vectors into a generation folder; returns their checksum (for the manifest)."""
    np.save(folder / MATRIX_FILE, np.ascontiguousarray(vectors.matrix, dtype="<f4"), allow_pickle=False)
    (folder / HEADER_FILE).write_text(json.dumps(vectors.header(), ensure_ascii=False), encoding="utf-8")
    return vectors.checksum()


def read(folder: Path, checksum: str) -> PracticeVectors:
    """The vectors of a generation folder; ValueError when they are missing or do not match ``checksum``."""
    try:
        header = json.loads((folder / HEADER_FILE).read_text(encoding="utf-8"))
        matrix = np.load(folder / MATRIX_FILE, allow_pickle=False)
        vectors = PracticeVectors(
            header["model"], tuple(header["ids"]), tuple(header["hashes"]), matrix, header["neighbours"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"the vectors of {folder.name} cannot be read ({error})") from None
    if matrix.ndim != 2 or len(matrix) != len(vectors.ids) or len(vectors.hashes) != len(vectors.ids):
        raise ValueError(f"the vectors of {folder.name} do not match their practices")
    if vectors.checksum() != checksum:
        raise ValueError(f"the vectors of {folder.name} are damaged (their checksum does not match)")
    return vectors
