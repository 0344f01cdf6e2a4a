"""Hybrid retrieval: the words a query matches, joined by the practices close to it in meaning.

Engine-neutral. The query's vector (``Meaning``) rides on the ``Query``; each backend scores
it against the vectors of the generation it answers from (``similar``), lets the practices
at or above the calibrated threshold join the result set (so facet counts stay exact over
what is shown), and ranks the result set by reciprocal rank fusion of the two rankings
(``fuse``, Cormack et al. 2009): a practice's score is the sum over the rankings it is in of
1 / (K + its rank there), ranks counted within the result set, ties by id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.search import querysyntax

RRF_K = 60
# Cosine similarity at or above which a practice matches a query by meaning alone
# (calibrated on the judged questions: see benchmarks/README.md, "Hybrid search").
THRESHOLD = 0.25
WORDS, CONCEPTS, MEANING = "words", "concepts", "meaning"


@dataclass(frozen=True, eq=False)
class Meaning:
    """A query's vector, the model that made it, and the similarity a practice needs to join."""

    model: str
    vector: np.ndarray
    threshold: float = THRESHOLD


def eligible(parsed: querysyntax.ParsedQuery) -> bool:
    """Free words search by meaning too; a quoted phrase asks for exactly those words."""
    return bool(parsed.clauses) and not any(term.is_phrase for clause in parsed.clauses for term in clause)


def meaning_text(parsed: querysyntax.ParsedQuery) -> str:
    """The words whose meaning is searched (not the excluded ones)."""
    return " ".join(parsed.words())


def similar(
    meaning: Meaning | None, model: str | None, matrix: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """(mask of rows at or above the threshold, similarities), or None when meaning cannot apply."""
    if (
        meaning is None
        or matrix is None
        or model != meaning.model
        or matrix.shape[1:] != meaning.vector.shape
    ):
        return None
    sims = matrix @ meaning.vector.astype(np.float32)
    return sims >= meaning.threshold, sims.astype(np.float64)


def ranks(order: np.ndarray, size: int) -> np.ndarray:
    """1-based rank of each row in ``order`` (rows best first), 0 for rows not in it."""
    result = np.zeros(size, dtype=np.int64)
    result[np.asarray(order, dtype=np.int64)] = np.arange(1, len(order) + 1)
    return result


def by_similarity(rows: np.ndarray, sims: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """``rows`` most similar first, ties by ``tie`` (the id order)."""
    return rows[np.lexsort((tie[rows], -sims[rows]))]


def fuse(lexical_order: np.ndarray, semantic_order: np.ndarray, rows: np.ndarray, tie: np.ndarray) -> tuple:
    """(``rows`` in fused order, their fused scores): 1 / (RRF_K + rank) summed over both rankings.

    Rows are indexes into ``tie``; both orders hold only rows of ``rows`` (the result set).
    """
    fused = np.zeros(len(tie), dtype=np.float64)
    for order in (lexical_order, semantic_order):
        rank = ranks(order, len(tie))
        fused += np.where(rank > 0, 1.0 / (RRF_K + np.maximum(rank, 1)), 0.0)
    ordered = rows[np.lexsort((tie[rows], -fused[rows]))]
    return ordered, fused[ordered]


def matched(lexical: bool, semantic: bool) -> tuple[str, ...]:
    return (*((WORDS,) if lexical else ()), *((MEANING,) if semantic else ()))


def vectors_problem(found: tuple[str | None, str], model: str) -> str:
    """Why a generation's vectors cannot serve queries of ``model`` ('' when they can).

    ``found`` is (the vectors' model, '') or (None, why there are none), as a backend's
    ``vectors_in_use()`` returns it.
    """
    vectors_model, problem = found
    if vectors_model is None:
        return problem or "the index has no vectors; rebuild it with `hub index`"
    if vectors_model != model:
        return f"the index's vectors were made by {vectors_model}, not {model}; rebuild it with `hub index`"
    return ""
