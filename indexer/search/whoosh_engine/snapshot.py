"""One index generation, loaded once per process: stored cards, facet sets, scoring data."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import math
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3 as w3
from whoosh.util.numeric import byte_to_length

from indexer import vocabulary
from indexer.search.documents import GROUPS, facet_values, group_of, primary_objectives
from indexer.search.interface import FACETS
from indexer.search.whoosh_engine.analysis import BOOSTS, analyzer, field_part
from indexer.search.whoosh_engine.postings import PostingCache
from indexer.semantic import vectors as semantic_vectors
from indexer.semantic.vectors import PracticeVectors

log = logging.getLogger(__name__)

K1, B = 1.2, 0.75
# Whoosh stores a field's length in one byte; this table turns every byte back into a length.
LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float32)


def decode_positions(value: bytes) -> list[int]:
    """Whoosh 2.7's Positions.decode_positions: a length, then pickled deltas (Whoosh drops
    the pickle's final STOP opcode when it writes them)."""
    if not value.endswith(b"."):
        value += b"."
    return list(itertools.accumulate(pickle.loads(value[4:])))


def translation_groups(cards: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Practice id -> the ids of its other language versions (original and translations)."""
    groups: dict[str, set[str]] = {}
    for card in cards:
        root = card.get("translation_of")
        if root:
            groups.setdefault(root, {root}).add(card["id"])
    result: dict[str, list[str]] = {}
    for members in groups.values():
        for member in members:
            result[member] = sorted(members - {member})
    return result


@dataclass
class Facet:
    """Which rows have which value: parallel arrays, plus the value codes."""

    codes: list[str]
    rows: np.ndarray
    values: np.ndarray

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """How many rows in ``mask`` have each value."""
        return np.bincount(self.values[mask[self.rows]], minlength=len(self.codes))

    def mask(self, codes: tuple[str, ...], size: int) -> np.ndarray:
        wanted = [self.codes.index(code) for code in codes if code in self.codes]
        result = np.zeros(size, dtype=bool)
        result[self.rows[np.isin(self.values, wanted)]] = True
        return result


def _vectors(
    path: Path, meta: dict[str, Any], ids: list[str]
) -> tuple[PracticeVectors | None, np.ndarray | None, str]:
    """The generation's vectors, a matrix with one row per snapshot row, and what is wrong if not."""
    if not meta.get("vectors"):
        return (
            None,
            None,
            f"the index generation {meta['generation']} has no vectors; rebuild it with `hub index`",
        )
    try:
        vectors = semantic_vectors.read(path, meta["vectors"]["checksum"])
    except ValueError as error:
        log.error("%s", error)
        return None, None, f"{error}; rebuild the index with `hub index`"
    rows = vectors.row_of()
    if set(rows) != set(ids):
        return None, None, f"the vectors of {meta['generation']} are not those of its practices"
    return vectors, vectors.matrix[[rows[pid] for pid in ids]], ""


class Snapshot:
    """Everything a search needs from one generation, built on first use."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.generation: str = meta["generation"]
        self.index = whoosh_index.open_dir(str(path))
        self.reader = self.index.reader()
        self.schema = self.reader.schema  # Whoosh re-reads the TOC on every ix.schema
        total = self.reader.doc_count_all()
        self.row_of = np.full(total, -1, dtype=np.int64)
        self.docnums: list[int] = []
        self.cards: list[dict[str, Any]] = []
        for docnum, stored in self.reader.iter_docs():
            self.row_of[docnum] = len(self.cards)
            self.docnums.append(docnum)
            self.cards.append(json.loads(stored["card"]))
        self.size = len(self.cards)
        self.ids = [card["id"] for card in self.cards]
        self.row_by_id = {pid: row for row, pid in enumerate(self.ids)}
        self.translations = translation_groups(self.cards)
        self.id_rank = np.argsort(np.argsort(np.array(self.ids, dtype=object)))
        submitted = [dt.date.fromisoformat(c["submitted"]).toordinal() for c in self.cards]
        self.start_year = np.array([c["start_year"] for c in self.cards], dtype=np.int32)
        # Newest first: submitted, then start year, ties by id.
        self.newest = np.lexsort((self.id_rank, -self.start_year, -np.array(submitted, dtype=np.int64)))
        self.group = np.array([GROUPS.index(group_of(c["language"])) for c in self.cards], dtype=np.int8)
        self.facets = {name: self._facet(name) for name in FACETS}
        self.primary = self._facet("objective", primary_objectives)
        self.postings = PostingCache(self.reader, self.row_of)
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._summary_tokens: dict[int, list[tuple[int, int, frozenset[str]]]] = {}
        self.vectors, self.meaning, self.vectors_problem = _vectors(path, meta, self.ids)
        self._lock = threading.Lock()
        self._lexicon: Any = None
        self._groups: dict[frozenset[str], np.ndarray] = {}

    def in_groups(self, groups: frozenset[str]) -> np.ndarray:
        """The mask of rows whose language group is one of ``groups`` (read-only, computed once)."""
        found = self._groups.get(groups)
        if found is None:
            found = np.isin(self.group, [GROUPS.index(g) for g in groups])
            found.flags.writeable = False
            self._groups[groups] = found
        return found

    def lexicon(self, build: Callable[[list[dict[str, Any]]], Any]) -> Any:
        """The suggestion lexicon of this generation's cards, built once on first use."""
        with self._lock:
            if self._lexicon is None:
                self._lexicon = build(self.cards)
            return self._lexicon

    def close(self) -> None:
        self.reader.close()
        self.index.close()

    def _facet(self, name: str, read: Callable[[dict[str, Any]], list[str]] | None = None) -> Facet:
        vocab = FACETS[name]
        if vocab is None:
            codes = sorted({str(y) for y in self.start_year.tolist()}, reverse=True)
        else:
            codes = vocabulary.ALL[vocab]().codes
        position = {code: i for i, code in enumerate(codes)}
        rows, values = [], []
        for row, card in enumerate(self.cards):
            for code in read(card) if read else facet_values(name, card):
                if code in position:
                    rows.append(row)
                    values.append(position[code])
        return Facet(codes, np.array(rows, dtype=np.int64), np.array(values, dtype=np.int64))

    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        """Per-row field lengths (as Whoosh stores them) and their mean over rows that have the field."""
        with self._lock:
            if field not in self._lengths:
                values = self._read_lengths(field)
                present = values[values > 0]
                self._lengths[field] = (values, float(present.mean()) if len(present) else 1.0)
            return self._lengths[field]

    def _read_lengths(self, field: str) -> np.ndarray:
        """Every row's length of a field: Whoosh 2.7's length column read whole, per segment."""
        everything = np.zeros(len(self.row_of), dtype=np.float32)
        try:
            for leaf, base in self.reader.leaf_readers():
                column = leaf._perdoc._cached_reader(w3._lenfield(field), w3.LENGTHS_COLUMN)
                if column is not None:
                    coded = np.frombuffer(column.load(), dtype=np.uint8)
                    everything[base : base + len(coded)] = LENGTHS[coded]
        except (AttributeError, TypeError):  # another codec: ask document by document
            length = self.reader.doc_field_length
            return np.array([length(d, field, 0) or 0 for d in self.docnums], dtype=np.float32)
        return everything[np.asarray(self.docnums, dtype=np.int64)]

    def term_scores(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, BM25 scores) of a term in a field, boosted by the field's weight."""
        rows, tf = self.postings.get(field, term)
        if not len(rows):
            return rows, tf
        lengths, mean = self.lengths(field)
        idf = math.log(self.size / (len(rows) + 1)) + 1
        norm = K1 * ((1 - B) + B * lengths[rows] / mean)
        boost = BOOSTS[field_part(field)]
        return rows, (boost * idf * (tf * (K1 + 1)) / (tf + norm)).astype(np.float64)

    def document_frequency(self, field: str, term: str) -> int:
        return len(self.postings.get(field, term)[0])

    def occurrences(
        self, field: str, alternatives: tuple[str, ...], rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Sorted keys row * 2**32 + position of the occurrences of any of the terms in a field.

        Given ``rows`` (a mask) that are few beside the terms' documents, and no cached list,
        only those rows are decoded.
        """
        if rows is not None and not self.postings.has_positions(field, alternatives):
            documents = sum(self.document_frequency(field, text) for text in alternatives)
            if np.count_nonzero(rows) * 4 < documents:
                return self.postings.positions(field, alternatives, decode_positions, only=rows)
        return self.postings.positions(field, alternatives, decode_positions)

    def summary_tokens(self, row: int) -> list[tuple[int, int, frozenset[str]]]:
        """(start, end, analysed terms) of each word of a row's summary, computed once."""
        tokens = self._summary_tokens.get(row)
        if tokens is None:
            card = self.cards[row]
            spans: dict[tuple[int, int], set[str]] = {}
            chain = analyzer(group_of(card["language"]))
            for token in chain(card["summary"], chars=True, removestops=False):
                spans.setdefault((token.startchar, token.endchar), set()).add(token.text)
            tokens = [(start, end, frozenset(terms)) for (start, end), terms in sorted(spans.items())]
            self._summary_tokens[row] = tokens
        return tokens

    def body(self, row: int) -> str:
        return self.reader.stored_fields(self.docnums[row]).get("body", "")

    def body_and_html(self, row: int) -> tuple[str, str]:
        """The Markdown body and the safe HTML rendered from it when the index was built."""
        stored = self.reader.stored_fields(self.docnums[row])
        return stored.get("body", ""), stored.get("html", "")
