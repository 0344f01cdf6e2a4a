"""Hybrid search on PostgreSQL: the practices close in meaning join the words' matches.

The generation's vectors are held in the app (read once per generation) and scored with
numpy; the ids at or above the threshold go into the statements as one array parameter,
so the facet counts stay exact over the union. The result rows come back in the words'
order (``reading.ordered``: "most" mode, primary matches first, newest first all hold), are
fused in Python by the engine-neutral ``hybrid.fuse`` (the function the Whoosh backend uses),
and only the page's cards and snippets are fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from psycopg import Connection, sql

from indexer.search import hybrid, matching
from indexer.search.interface import Hit, Query, Results, TooManyResults
from indexer.search.postgres_engine import reading
from indexer.search.postgres_engine.query import Translation, translate
from indexer.search.postgres_engine.schema import Tables
from indexer.search.querysyntax import ParsedQuery
from indexer.semantic.vectors import PracticeVectors


def close(vectors: PracticeVectors | None, query: Query, original: ParsedQuery) -> dict[str, float] | None:
    """Practice id -> similarity of the practices close enough to the query; None when meaning is off."""
    if vectors is None or not hybrid.eligible(original):
        return None
    found = hybrid.similar(query.meaning, vectors.model, vectors.matrix)
    if found is None:
        return None
    mask, sims = found
    return {vectors.ids[row]: float(sims[row]) for row in np.flatnonzero(mask).tolist()}


def prepare(conn: Connection, tables: Tables, parsed: ParsedQuery, near: dict[str, float]) -> tuple:
    """The translation (its mode chosen by the words alone) with the close practices joined."""
    translation = translate(conn, parsed)
    reading.choose_mode(conn, tables, translation, parsed)
    translation.meaning = True
    return translation, {**translation.params, "meaning_ids": sorted(near)}


def in_order(
    conn: Connection,
    tables: Tables,
    translation: Translation,
    query: Query,
    params: dict,
    near: dict[str, float],
) -> tuple[list[str], list[float], set[str]]:
    """(result ids in the query's order, their scores, the ids the words match)."""
    filters = reading.Filters(query, params)
    relevance = translation.has_text and query.sort == "relevance"
    order = reading.order_by("o", relevance, translation.mode == matching.MOST)
    statement = sql.SQL("SELECT o.id, o.score FROM ({}) o ORDER BY {}").format(
        reading.ordered(tables, translation, filters, query, params), order
    )
    rows = conn.execute(statement, params).fetchall()
    ids, scores = [pid for pid, _ in rows], [float(score) for _, score in rows]
    words = sql.SQL("SELECT p.id FROM {} p WHERE p.id = ANY(%(meaning_ids)s::text[]) AND {}").format(
        tables.practices, translation.lexical
    )
    by_words = set(ids) - set(near) | {pid for (pid,) in conn.execute(words, params)}
    if not relevance or not ids:
        return ids, scores, by_words
    tie = np.argsort(np.argsort(np.array(ids, dtype=object)))
    rows_all = np.arange(len(ids))
    lexical = np.array([i for i, pid in enumerate(ids) if pid in by_words], dtype=np.int64)
    sims = np.array([near.get(pid, 0.0) for pid in ids], dtype=np.float64)
    semantic = hybrid.by_similarity(
        np.array([i for i, pid in enumerate(ids) if pid in near], np.int64), sims, tie
    )
    fused_rows, fused = hybrid.fuse(lexical, semantic, rows_all, tie)
    return [ids[i] for i in fused_rows.tolist()], fused.tolist(), by_words


def search(
    conn: Connection,
    tables: Tables,
    query: Query,
    parsed: ParsedQuery,
    codes: Callable[[str], list[str]],
    near: dict[str, float],
) -> Results:
    """``reading.search`` with the practices in ``near`` matching too, ranked by fusion."""
    translation, params = prepare(conn, tables, parsed, near)
    filters = reading.Filters(query, params)
    rows = conn.execute(reading.facet_statement(tables, translation, filters), params).fetchall()
    total, counts = reading.facet_counts(rows, query, filters, codes)
    ids, scores, by_words = in_order(conn, tables, translation, query, params, near)
    start = (query.page - 1) * query.page_size
    page = list(range(start, min(start + query.page_size, len(ids))))
    statement = sql.SQL("SELECT h.id, h.card, {} FROM {} h WHERE h.id = ANY(%(page_ids)s::text[])").format(
        translation.snippet("h"), tables.practices
    )
    found = {
        pid: (card, snippet)
        for pid, card, snippet in conn.execute(statement, {**params, "page_ids": [ids[i] for i in page]})
    }
    has_text = translation.has_text
    hits = [
        Hit(
            ids[i], scores[i], *found[ids[i]], hybrid.matched(has_text and ids[i] in by_words, ids[i] in near)
        )
        for i in page
    ]
    suggested = reading.suggest(conn, tables, query.text, query) if parsed.clauses else None
    return Results(
        total, hits, counts, suggested, query.page, query.page_size, tables.generation, translation.mode
    )


def scan(
    conn: Connection,
    tables: Tables,
    query: Query,
    parsed: ParsedQuery,
    near: dict[str, float],
    bodies: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Every result's card in the query's order (exports), with the practices close in meaning."""
    translation, params = prepare(conn, tables, parsed, near)
    ids = in_order(conn, tables, translation, query, params, near)[0]
    if limit is not None and len(ids) > limit:
        raise TooManyResults(limit)
    statement = sql.SQL("SELECT id, card, {} FROM {} WHERE id = ANY(%(ids)s::text[])").format(
        sql.SQL("body") if bodies else sql.SQL("NULL"), tables.practices
    )
    found = {pid: (card, body) for pid, card, body in conn.execute(statement, {"ids": ids})}
    return [{**found[pid][0], "body": found[pid][1]} if bodies else found[pid][0] for pid in ids]
