"""Multilingual sentence embeddings behind one small interface.

An ``Encoder`` turns texts into unit vectors, one row per text, and names its model and
version (``model``) so that vectors of one model are never compared with another's, and a
cache never serves a vector of a model that is gone. ``load()`` returns the hub's chosen
model (Google's Universal Sentence Encoder multilingual v3, see README "Meaning"), or raises
``ModelUnavailable`` with the reason; everything that uses meaning then works without it.
Tests pass their own encoder.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class ModelUnavailable(RuntimeError):
    """The model cannot be used (missing, damaged or too slow); the message says why."""


class Encoder(Protocol):
    """Texts in, unit vectors out."""

    model: str  # model name and version: part of every cache key

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dimensions) float32 array of unit rows."""
        ...


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (float32); ModelUnavailable when a row is not a finite vector."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or not np.isfinite(vectors).all():
        raise ModelUnavailable(f"the model returned {vectors.shape} values that are not vectors")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if len(vectors) and not (norms > 0).all():
        raise ModelUnavailable("the model returned a zero vector")
    return vectors / np.where(norms > 0, norms, 1)


_loaded: list[Encoder] = []  # the model, once loaded in this process (its arrays are read-only)
_loading = threading.Lock()


def load() -> Encoder:
    """The hub's model, loaded and checked once per process; ModelUnavailable (with the reason) otherwise."""
    with _loading:
        if not _loaded:
            from indexer.semantic.use import UniversalSentenceEncoder

            _loaded.append(UniversalSentenceEncoder())
        return _loaded[0]


def model_name() -> str:
    """The name and version of the model ``load()`` returns, without loading it."""
    from indexer.semantic.use import model_name as name

    return name()


__all__ = ["Encoder", "ModelUnavailable", "load", "model_name", "unit_rows"]
