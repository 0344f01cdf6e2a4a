"""A fixed fake encoder for tests: meaning is a small table of words, so results are computable.

Each word listed in ``CONCEPTS`` adds 1 to its concept's dimension, in whatever language it is
written; every other word adds a little to one of a few hashed dimensions (so two texts that
share no concept are not similar). Vectors are unit rows, as the real model's.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

CONCEPTS = {
    "remittances": 0,
    "remesas": 0,
    "envois": 0,
    "fonds": 0,
    "money": 0,
    "dinero": 0,
    "argent": 0,
    "consular": 1,
    "consulaire": 1,
    "consulares": 1,
    "consulate": 1,
    "consulat": 1,
    "consulado": 1,
    "return": 2,
    "retour": 2,
    "retorno": 2,
    "retornados": 2,
    "reintegration": 2,
    "reintegración": 2,
    "recruitment": 3,
    "recrutement": 3,
    "contratación": 3,
    "workers": 3,
    "travailleurs": 3,
    "trabajadores": 3,
    "missing": 4,
    "disparus": 4,
    "desaparecidos": 4,
    "dead": 4,
    "morts": 4,
    "muertos": 4,
    "regularisation": 5,
    "regularización": 5,
    "regularization": 5,
    "permits": 5,
    "permis": 5,
    "estatuto": 5,
}
DIMENSIONS = 8 + 8
WORD = re.compile(r"\w+")


class FakeEncoder:
    """Deterministic vectors from the concept table; counts how many texts it encoded."""

    model = "fake-concepts/1"

    def __init__(self, model: str | None = None) -> None:
        self.model = model or FakeEncoder.model
        self.encoded = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return np.array([vector(text) for text in texts], dtype=np.float32).reshape(len(texts), DIMENSIONS)


def vector(text: str) -> np.ndarray:
    result = np.zeros(DIMENSIONS, dtype=np.float64)
    for word in WORD.findall(text.lower()):
        if word in CONCEPTS:
            result[CONCEPTS[word]] += 1.0
        else:
            result[8 + zlib.crc32(word.encode()) % 8] += 0.05
    norm = np.linalg.norm(result)
    return (result / norm if norm else result + 1 / np.sqrt(DIMENSIONS)).astype(np.float32)
