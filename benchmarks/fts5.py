"""The reference engine: the same search work on SQLite FTS5, from the standard library.

One FTS5 table holds each practice's id, title, summary and plain-text body
(``unicode61 remove_diacritics 2``, no stemming); a facet table holds one row per
(practice, facet, value). A search answers exactly what ``SearchBackend.search`` answers:

1. the query (parsed by the hub's own ``querysyntax``) becomes an FTS5 MATCH expression;
   every matching row and its bm25 score (title 3, summary 2, body 1) go into a temporary
   table, so the MATCH is evaluated once;
2. the facet filters (OR within a facet, AND across facets) restrict that set; its size
   is the total;
3. the top page by score (ties by id), their stored cards, and the ``snippet()`` of their
   summary;
4. the count of every facet value over the filtered set; for a facet with a selection,
   over the set filtered by the *other* facets, plus the counts outside the selection
   (as the Whoosh backend computes them for "add this value" counts).

Nothing is cached between queries: every query is evaluated from the tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indexer import vocabulary
from indexer.model import Practice
from indexer.search import documents, querysyntax
from indexer.search.interface import FACETS, FacetValue, Hit, Query, Results
from indexer.text import plain_text

COMPLETE = {"objective", "principle", "region", "type", "scope"}
WEIGHTS = "0.0, 3.0, 2.0, 1.0"  # id (unindexed), title, summary, body
SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, body,
                                     tokenize = "unicode61 remove_diacritics 2");
CREATE TABLE cards(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, card TEXT);
CREATE TABLE facet(practice_id INTEGER, facet TEXT, value TEXT);
"""
INDEXES = """
CREATE INDEX facet_by_value ON facet(facet, value, practice_id);
CREATE INDEX facet_by_practice ON facet(practice_id, facet, value);
"""


def fts_term(term: querysyntax.Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"'


def to_match(parsed: querysyntax.ParsedQuery) -> tuple[str | None, str | None]:
    """(positive MATCH expression, MATCH expression of the exclusions); either may be None."""
    clauses = []
    for clause in parsed.clauses:
        terms = [fts_term(t) for t in clause]
        clauses.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    positive = " AND ".join(clauses) or None
    excluded = " OR ".join(fts_term(t) for t in parsed.excluded) or None
    return positive, excluded


class Fts5Reference:
    """An FTS5 database file answering the hub's queries."""

    name = "sqlite-fts5"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.db: sqlite3.Connection | None = None
        self.codes: dict[str, list[str]] = {}

    def build(self, practices: Iterable[Practice]) -> int:
        """Write every practice into a fresh database file; returns how many."""
        self.path.unlink(missing_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.executescript(SCHEMA)
        ordered = sorted(practices, key=lambda p: p.id)  # rowid order is id order: ties by id
        db.execute("BEGIN")
        for row, practice in enumerate(ordered, 1):
            db.execute(
                "INSERT INTO docs(rowid, id, title, summary, body) VALUES (?, ?, ?, ?, ?)",
                (row, practice.id, practice.title, practice.summary, plain_text(practice.body)),
            )
            card = documents.card(practice)
            db.execute(
                "INSERT INTO cards VALUES (?, ?, ?)", (row, practice.id, json.dumps(card, ensure_ascii=False))
            )
            db.executemany(
                "INSERT INTO facet VALUES (?, ?, ?)",
                [(row, name, code) for name in FACETS for code in documents.facet_values(name, card)],
            )
        db.execute("COMMIT")
        db.executescript(INDEXES)
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.execute("ANALYZE")
        self.open(db)
        return len(ordered)

    def open(self, db: sqlite3.Connection | None = None) -> None:
        self.db = db or sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS m(rowid INTEGER PRIMARY KEY, score REAL)")
        years = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT value FROM facet WHERE facet = 'year' ORDER BY value DESC"
            )
        ]
        self.codes = {
            name: (vocabulary.ALL[vocab]().codes if vocab else years) for name, vocab in FACETS.items()
        }

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    # Searching ---------------------------------------------------------------------------

    def search(self, query: Query) -> Results:
        db = self.db
        assert db is not None, "build() or open() first"
        parsed = querysyntax.parse(query.text)
        positive, excluded = to_match(parsed)
        db.execute("BEGIN")
        try:
            self._match(positive, excluded)
            filters = {f: codes for f, codes in query.filters.items() if codes}
            where, params = _where(filters)
            total = db.execute(f"SELECT count(*) FROM m WHERE {where}", params).fetchone()[0]
            hits = self._page(query, positive, where, params, bool(parsed.clauses))
            facets = self._facets(query, filters)
        finally:
            db.execute("COMMIT")
        return Results(total, hits, facets, None, query.page, query.page_size, "fts5")

    def _match(self, positive: str | None, excluded: str | None) -> None:
        """Fill the temporary table ``m`` with the matching rows and their scores."""
        db = self.db
        db.execute("DELETE FROM m")
        if positive:
            db.execute(
                f"INSERT INTO m SELECT rowid, bm25(docs, {WEIGHTS}) FROM docs WHERE docs MATCH ?", (positive,)
            )
        else:
            db.execute("INSERT INTO m SELECT rowid, 0 FROM cards")
        if excluded:
            db.execute(
                "DELETE FROM m WHERE rowid IN (SELECT rowid FROM docs WHERE docs MATCH ?)", (excluded,)
            )

    def _page(
        self, query: Query, positive: str | None, where: str, params: list, has_text: bool
    ) -> list[Hit]:
        db = self.db
        offset = (query.page - 1) * query.page_size
        if has_text and query.sort == "relevance":
            sql = f"SELECT rowid, score FROM m WHERE {where} ORDER BY score, rowid LIMIT ? OFFSET ?"
        else:  # newest first, as the Whoosh backend orders a query without words
            sql = (
                f"SELECT m.rowid, m.score FROM m JOIN cards c ON c.rowid = m.rowid WHERE {where} "
                "ORDER BY json_extract(c.card, '$.submitted') DESC, m.rowid LIMIT ? OFFSET ?"
            )
        page = db.execute(sql, [*params, query.page_size, offset]).fetchall()
        if not page:
            return []
        rows = [row for row, _ in page]
        marks = ",".join("?" * len(rows))
        cards = dict(db.execute(f"SELECT rowid, card FROM cards WHERE rowid IN ({marks})", rows))
        snippets = {}
        if positive:
            snippets = dict(
                db.execute(
                    f"SELECT rowid, snippet(docs, 2, '<mark>', '</mark>', '…', 64) FROM docs "
                    f"WHERE docs MATCH ? AND rowid IN ({marks})",
                    [positive, *rows],
                )
            )
        hits = []
        for row, score in page:
            card = json.loads(cards[row])
            hits.append(Hit(card["id"], -float(score), card, snippets.get(row) or card["summary"]))
        return hits

    def _facets(self, query: Query, filters: dict[str, tuple[str, ...]]) -> dict[str, list[FacetValue]]:
        db = self.db
        plain = [name for name in FACETS if name not in filters]
        where, params = _where(filters)
        marks = ",".join("?" * len(plain))
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for name, value, count in db.execute(
            f"SELECT f.facet, f.value, count(*) FROM m JOIN facet f ON f.practice_id = m.rowid "
            f"WHERE f.facet IN ({marks}) AND {where} GROUP BY f.facet, f.value",
            [*plain, *params],
        ):
            counts[name][value] = count
        shown = dict(counts)
        for name, codes in filters.items():
            others = {f: c for f, c in filters.items() if f != name}
            counts[name], shown[name] = self._selected_counts(name, codes, others)
        result = {}
        for name in FACETS:
            selected = set(query.selected(name))
            result[name] = [
                FacetValue(code, shown[name].get(code, 0), code in selected)
                for code in self.codes[name]
                if name in COMPLETE or code in selected or counts[name].get(code)
            ]
        return result

    def _selected_counts(
        self, name: str, codes: tuple[str, ...], others: dict[str, tuple[str, ...]]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """(counts within the other filters, counts shown): a selected value shows its own count,
        any other value what adding it to the selection gives."""
        db = self.db
        where, params = _where(others)
        within = dict(
            db.execute(
                f"SELECT f.value, count(*) FROM m JOIN facet f ON f.practice_id = m.rowid "
                f"WHERE f.facet = ? AND {where} GROUP BY f.value",
                [name, *params],
            )
        )
        inside, inside_params = _where({name: codes})
        total = db.execute(
            f"SELECT count(*) FROM m WHERE {where} AND {inside}", [*params, *inside_params]
        ).fetchone()[0]
        extra = dict(
            db.execute(
                f"SELECT f.value, count(*) FROM m JOIN facet f ON f.practice_id = m.rowid "
                f"WHERE f.facet = ? AND {where} AND NOT {inside} GROUP BY f.value",
                [name, *params, *inside_params],
            )
        )
        shown = {
            code: within.get(code, 0) if code in codes else total + extra.get(code, 0)
            for code in self.codes[name]
        }
        return within, shown


def _where(filters: dict[str, tuple[str, ...]]) -> tuple[str, list[Any]]:
    """SQL restricting ``m.rowid`` to the practices that have a selected value of every facet."""
    parts, params = [], []
    for name, codes in filters.items():
        parts.append(
            f"m.rowid IN (SELECT practice_id FROM facet WHERE facet = ? AND value IN "
            f"({','.join('?' * len(codes))}))"
        )
        params += [name, *codes]
    return (" AND ".join(parts) or "1"), params
