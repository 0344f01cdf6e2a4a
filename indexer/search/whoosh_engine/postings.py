"""Posting lists read in bulk from Whoosh's files into numpy arrays, with a bounded cache.

Whoosh stores postings in blocks; reading a whole list block by block and decoding it
with numpy is what makes exact scoring over every matching document fast. The block
layout is Whoosh 2.7's ``W3LeafMatcher``; any other matcher is read through Whoosh's
public matcher API, more slowly but with the same result.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader

SLOT = 1 << 32  # occurrence keys: row * SLOT + position
Postings = tuple[np.ndarray, np.ndarray]  # rows (int32, sorted), term frequencies (float32)
EMPTY: Postings = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def _unwrap(matcher: object) -> object:
    # Deleted documents are dropped by the row map instead of Whoosh's per-call filter.
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def read_postings(matcher: object, with_positions: bool = False) -> tuple[list, list, list]:
    """(doc numbers, weights, encoded values) of a whole posting list."""
    matcher = _unwrap(matcher)
    ids: list = []
    weights: list = []
    values: list = []
    if isinstance(matcher, W3LeafMatcher):
        while not matcher._atend:
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights[: len(matcher._ids)])
            if with_positions:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
        return ids, weights, values
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if with_positions:
            values.append(matcher.value())
        matcher.next()
    return ids, weights, values


class PostingCache:
    """Decoded posting lists of one index generation, least recently used first out."""

    def __init__(self, reader: IndexReader, row_of: np.ndarray, budget: int = 4_000_000) -> None:
        self.leaves = list(reader.leaf_readers())
        self.row_of = row_of
        self.budget = budget
        self.size = 0
        self.lists: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self.occurrences: OrderedDict[tuple[str, tuple[str, ...]], np.ndarray] = OrderedDict()
        self.occurrence_size = 0
        self.lock = threading.Lock()

    def has_positions(self, field: str, terms: tuple[str, ...]) -> bool:
        with self.lock:
            return (field, terms) in self.occurrences

    def clear(self) -> None:
        """Forget every decoded list (the benchmark's no-cache diagnostic uses it)."""
        with self.lock:
            self.lists.clear()
            self.occurrences.clear()
            self.size = self.occurrence_size = 0

    def get(self, field: str, term: str) -> Postings:
        key = (field, term)
        with self.lock:
            if key in self.lists:
                self.lists.move_to_end(key)
                return self.lists[key]
        postings = self._load(field, term)
        with self.lock:
            self.lists[key] = postings
            self.size += len(postings[0])
            while self.size > self.budget and len(self.lists) > 1:
                _, (rows, _) = self.lists.popitem(last=False)
                self.size -= len(rows)
        return postings

    def _load(self, field: str, term: str) -> Postings:
        rows, weights = [], []
        for leaf, base in self.leaves:
            if (field, term) not in leaf:
                continue
            ids, tfs, _ = read_postings(leaf.postings(field, term))
            rows.append(self.row_of[np.asarray(ids, dtype=np.int64) + base])
            weights.append(np.asarray(tfs, dtype=np.float32))
        if not rows:
            return EMPTY
        row, weight = np.concatenate(rows), np.concatenate(weights)
        live = row >= 0
        row, weight = row[live].astype(np.int32), weight[live]
        order = np.argsort(row, kind="stable")
        return row[order], weight[order]

    def positions(
        self,
        field: str,
        terms: tuple[str, ...],
        decode: Callable[[bytes], list],
        only: np.ndarray | None = None,
    ) -> np.ndarray:
        """Every occurrence of any of ``terms`` in ``field``: one sorted array of row * 2**32 + position.

        The variants of one word stand at the same positions, so their union is cached as one.
        With ``only`` (a mask of rows), just those rows are decoded, and nothing is cached:
        decoding is the cost, and a phrase of common words needs few of their rows.
        """
        key = (field, terms)
        with self.lock:
            if key in self.occurrences:
                self.occurrences.move_to_end(key)
                return self.occurrences[key]
        rows, found = [], []
        for term in terms:
            for leaf, base in self.leaves:
                if (field, term) not in leaf:
                    continue
                ids, _, encoded = read_postings(leaf.postings(field, term), with_positions=True)
                for docnum, value in zip(ids, encoded, strict=True):
                    row = int(self.row_of[docnum + base])
                    if row >= 0 and (only is None or only[row]):
                        where = decode(value)
                        rows.extend([row] * len(where))
                        found.extend(where)
        keys = np.unique(np.array(rows, dtype=np.int64) * SLOT + np.array(found, dtype=np.int64))
        if only is not None:
            return keys
        with self.lock:
            self.occurrences[key] = keys
            self.occurrence_size += len(keys)
            while self.occurrence_size > self.budget and len(self.occurrences) > 1:
                _, dropped = self.occurrences.popitem(last=False)
                self.occurrence_size -= len(dropped)
        return keys
