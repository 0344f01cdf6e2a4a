"""Answer queries from one generation's tables: hits, exact facet counts, suggestions, related.

The semantics are the Whoosh backend's (``whoosh_engine.engine``): values of one facet
combine with OR, facets with AND; the count beside every value is disjunctive, the number
of results that have it within the other facets' selections; relevance ties and the
newest-first order are broken by id; without words, the practices that have a selected
objective as a primary one come first (``documents.primary_first``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg import Connection, sql

from indexer import vocabulary
from indexer.search import expansion, hybrid, matching, querysyntax, suggestion
from indexer.search.documents import COMPLETE_FACETS, primary_first
from indexer.search.interface import FACETS, FacetValue, Hit, Query, Results, TooManyResults
from indexer.search.postgres_engine.document import spaced
from indexer.search.postgres_engine.query import WEIGHTS, Translation, analyse, translate
from indexer.search.postgres_engine.schema import Tables
from indexer.search.querysyntax import ParsedQuery

# Facets listed with every value, even at zero; the others list only values that occur.


def order_by(alias: str, ranked: bool, coordinated: bool = False) -> sql.Composable:
    """Best first (most clauses matched first in "most" mode), or (primary matches first,
    then) newest first, ties by id (byte order, as Python sorts the Whoosh ids)."""
    prefix = sql.SQL("") if alias == "p" else sql.SQL("{}.").format(sql.Identifier(alias))
    if not ranked:
        # In the inner query, primary_match is an output column: it is named bare.
        return sql.SQL(
            '{p}primary_match DESC, {a}.submitted DESC, {a}.start_year DESC, {a}.id COLLATE "C"'
        ).format(p=prefix, a=sql.Identifier(alias))
    first = sql.SQL("{}clauses DESC, ").format(prefix) if coordinated else sql.SQL("")
    return sql.SQL('{f}{p}score DESC, {a}.id COLLATE "C"').format(f=first, p=prefix, a=sql.Identifier(alias))


def choose_mode(conn: Connection, tables: Tables, translation: Translation, parsed: ParsedQuery) -> None:
    """Choose "most" when fewer than ``matching.FEW`` practices of the collection match every clause."""
    if not matching.may_relax(parsed):
        return
    statement = sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {t} p WHERE {every} LIMIT {few}) c").format(
        t=tables.practices, every=translation.every, few=sql.Literal(matching.FEW)
    )
    count = conn.execute(statement, translation.params).fetchone()[0]
    translation.mode = matching.mode(parsed, count)


def column(alias: str, facet: str) -> sql.Composable:
    return sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(f"f_{facet}"))


class Filters:
    """The query's year range and facet selections as SQL on an alias, with their parameters."""

    def __init__(self, query: Query, params: dict[str, Any]) -> None:
        self.facets = [facet for facet, codes in query.filters.items() if codes]
        for facet in self.facets:
            params[f"s_{facet}"] = list(query.filters[facet])
        self.years = []
        bounds = (("year_from", query.year_from, ">="), ("year_to", query.year_to, "<="))
        for name, value, operator in bounds:
            if value is not None:
                params[name] = value
                comparison = sql.SQL(operator)  # one of the two constants above
                self.years.append(sql.SQL("p.start_year {} {}").format(comparison, sql.Placeholder(name)))

    def selected(self, alias: str, facet: str) -> sql.Composable:
        return sql.SQL("{} && {}::text[]").format(column(alias, facet), sql.Placeholder(f"s_{facet}"))

    def all(self, alias: str, but: str | None = None) -> sql.Composable:
        parts = [self.selected(alias, f) for f in self.facets if f != but]
        return sql.SQL(" AND ").join(parts) if parts else sql.SQL("TRUE")

    def base(self, translation: Translation) -> sql.Composable:
        return sql.SQL(" AND ").join([translation.match, *self.years])


def facet_statement(tables: Tables, translation: Translation, filters: Filters) -> sql.Composable:
    """One statement: per facet, per value, the counts within the other facets' selections."""
    parts = []
    for facet in FACETS:
        name, others = sql.Literal(facet), filters.all("b", but=facet)
        parts.append(
            sql.SQL(
                "SELECT {n}, v, count(*) FROM base b CROSS JOIN LATERAL unnest({col}) AS v "
                "WHERE {others} GROUP BY v"
            ).format(n=name, col=column("b", facet), others=others)
        )
    parts.append(sql.SQL("SELECT '', NULL, count(*) FROM base b WHERE {}").format(filters.all("b")))
    columns = sql.SQL(", ").join(sql.SQL("p.{}").format(sql.Identifier(f"f_{f}")) for f in FACETS)
    return sql.SQL("WITH base AS MATERIALIZED (SELECT {cols} FROM {t} p WHERE {where}) {union}").format(
        cols=columns,
        t=tables.practices,
        where=filters.base(translation),
        union=sql.SQL(" UNION ALL ").join(parts),
    )


def facet_counts(
    rows: list[tuple], query: Query, filters: Filters, codes: Callable[[str], list[str]]
) -> tuple[int, dict[str, list[FacetValue]]]:
    within: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    total = 0
    for facet, value, count in rows:
        if not facet:
            total = count
        else:
            within[facet][value] = count
    counts = {}
    for facet in FACETS:
        selected = set(query.selected(facet))
        shown = []
        for code in codes(facet):
            found = within[facet].get(code, 0)
            if facet in COMPLETE_FACETS or code in selected or found:
                shown.append(FacetValue(code, found, code in selected))
        counts[facet] = shown
    return total, counts


def ordered(
    tables: Tables, translation: Translation, filters: Filters, query: Query, params: dict[str, Any]
) -> sql.Composable:
    """The matching practices in the query's order (page limits added by the caller)."""
    coordinated = translation.mode == matching.MOST
    order = order_by("p", translation.has_text and query.sort == "relevance", coordinated)
    first = primary_first(query, translation.has_text)
    params["primary_first"] = list(first)
    primary = (
        sql.SQL(
            "EXISTS (SELECT 1 FROM json_array_elements_text(p.card->'objectives') o "
            "WHERE o = ANY(%(primary_first)s::text[]))"
        )
        if first
        else sql.SQL("FALSE")
    )
    return sql.SQL(
        "SELECT p.id, p.submitted, p.start_year, p.grp, p.cfg, p.summary_html, p.card, {score} AS score, "
        "{clauses} AS clauses, {primary} AS primary_match FROM {t} p WHERE {where} AND {selected} "
        "ORDER BY {order}"
    ).format(
        primary=primary,
        score=translation.score,
        clauses=translation.coordination if coordinated else sql.SQL("0"),
        t=tables.practices,
        where=filters.base(translation),
        selected=filters.all("p"),
        order=order,
    )


def search(
    conn: Connection, tables: Tables, query: Query, parsed: ParsedQuery, codes: Callable[[str], list[str]]
) -> Results:
    translation = translate(conn, parsed)
    choose_mode(conn, tables, translation, parsed)
    params = dict(translation.params)
    filters = Filters(query, params)
    rows = conn.execute(facet_statement(tables, translation, filters), params).fetchall()
    total, counts = facet_counts(rows, query, filters, codes)
    params.update(limit=query.page_size, offset=(query.page - 1) * query.page_size)
    order = order_by(
        "h", translation.has_text and query.sort == "relevance", translation.mode == matching.MOST
    )
    page = sql.SQL(
        "SELECT h.id, h.score, h.card, {snippet} "
        "FROM ({rows} LIMIT %(limit)s OFFSET %(offset)s) h ORDER BY {order}"
    )
    statement = page.format(
        snippet=translation.snippet("h"),
        rows=ordered(tables, translation, filters, query, params),
        order=order,
    )
    matched = hybrid.matched(translation.has_text, False)
    hits = [
        Hit(pid, float(score), card, snippet, matched)
        for pid, score, card, snippet in conn.execute(statement, params)
    ]
    suggested = suggest(conn, tables, query.text, query) if parsed.clauses else None
    return Results(
        total, hits, counts, suggested, query.page, query.page_size, tables.generation, translation.mode
    )


def scan(
    conn: Connection,
    tables: Tables,
    query: Query,
    parsed: ParsedQuery,
    bodies: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Every result's card in order (with its body when asked); TooManyResults beyond ``limit``."""
    translation = translate(conn, parsed)
    choose_mode(conn, tables, translation, parsed)
    params = dict(translation.params)
    body = sql.SQL(", (SELECT b.body FROM {} b WHERE b.id = r.id)").format(tables.practices)
    statement = sql.SQL("SELECT r.card{} FROM ({}) r").format(
        body if bodies else sql.SQL(""), ordered(tables, translation, Filters(query, params), query, params)
    )
    if limit is not None:
        statement = sql.SQL("{} LIMIT {}").format(statement, sql.Literal(limit + 1))
    rows = conn.execute(statement, params).fetchall()
    if limit is not None and len(rows) > limit:
        raise TooManyResults(limit)
    return [{**row[0], "body": row[1]} if bodies else row[0] for row in rows]


def years(conn: Connection, tables: Tables) -> list[str]:
    """The start years of the collection, newest first (the year facet's values)."""
    statement = sql.SQL("SELECT DISTINCT start_year FROM {} ORDER BY start_year DESC").format(
        tables.practices
    )
    return [str(year) for (year,) in conn.execute(statement)]


def vocabulary_codes(facet: str) -> list[str]:
    return vocabulary.ALL[FACETS[facet]]().codes


def get(conn: Connection, tables: Tables, practice_id: str) -> dict[str, Any] | None:
    found = conn.execute(
        sql.SQL("SELECT card, body, body_html, translation_of FROM {} WHERE id = %s").format(
            tables.practices
        ),
        (practice_id,),
    ).fetchone()
    if found is None:
        return None
    card, body, html, root = found
    others = conn.execute(
        sql.SQL(
            "SELECT id, title, language FROM {} WHERE (id = %(root)s OR translation_of = %(root)s) "
            'AND id <> %(id)s ORDER BY id COLLATE "C"'
        ).format(tables.practices),
        {"root": root or practice_id, "id": practice_id},
    ).fetchall()
    translations = [{"id": i, "title": t, "language": lang} for i, t, lang in others]
    return {**card, "body": body, "body_html": html, "translations": translations}


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def unknown_words(conn: Connection, tables: Tables, words: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(word, folded lexemes) of query words that no practice contains, in any language."""
    analysed = analyse(conn, words)
    translation, checks, candidates = Translation(), [], []
    for word in words:
        found = analysed[spaced(word)]
        if found.stop:
            continue
        number = translation.add(found)
        checks.append(
            sql.SQL("EXISTS (SELECT 1 FROM {} p WHERE {})").format(
                tables.practices, translation.term_match(number)
            )
        )
        candidates.append((word, found.folded))
    if not checks:
        return []
    known = conn.execute(
        sql.SQL("SELECT {}").format(sql.SQL(", ").join(checks)), translation.params
    ).fetchone()
    return [candidate for candidate, present in zip(candidates, known, strict=True) if not present]


_LEXICONS: dict[str, suggestion.Lexicon] = {}


class Speller:
    """What the suggestion policy (``indexer.search.suggestion``) asks of one generation."""

    def __init__(self, conn: Connection, tables: Tables, query: Query | None = None) -> None:
        self.conn, self.tables, self.query = conn, tables, query or Query()

    def unknown(self, words: list[str]) -> list[str]:
        return [word for word, _ in unknown_words(self.conn, self.tables, words)]

    def near(self, folded: str, distance_: int) -> list[tuple[str, int]]:
        return closest(self.conn, self.tables, folded, distance_)

    def lexicon(self) -> suggestion.Lexicon:
        generation = self.tables.generation
        if generation not in _LEXICONS:
            cards = [
                card
                for (card,) in self.conn.execute(sql.SQL("SELECT card FROM {}").format(self.tables.practices))
            ]
            _LEXICONS.clear()  # one generation at a time
            _LEXICONS[generation] = suggestion.lexicon(cards)
        return _LEXICONS[generation]

    def outcome(self, text: str) -> tuple[int, int]:
        parsed = querysyntax.parse(text)
        parsed = expansion.expand(parsed)[0] if self.query.expand else parsed
        translation = translate(self.conn, parsed)
        choose_mode(self.conn, self.tables, translation, parsed)
        params = dict(translation.params)
        filters = Filters(self.query, params)
        statement = sql.SQL(
            "SELECT count(*) FILTER (WHERE {match}), count(*) FILTER (WHERE {every}) FROM {t} p "
            "WHERE {years} AND {selected}"
        ).format(
            match=translation.match,
            every=translation.every,
            t=self.tables.practices,
            years=sql.SQL(" AND ").join([sql.SQL("TRUE"), *filters.years]),
            selected=filters.all("p"),
        )
        shown, every = self.conn.execute(statement, params).fetchone()
        return shown, every


def suggest(conn: Connection, tables: Tables, text: str, query: Query | None = None) -> str | None:
    """A corrected query in the query's language that finds more (``indexer.search.suggestion``)."""
    return suggestion.suggest(text, Speller(conn, tables, query), query.lang if query else "en")


def closest(conn: Connection, tables: Tables, word: str, within: int) -> list[tuple[str, int]]:
    """Collection words within ``within`` edits that start with the same letter, with their practices."""
    with conn.transaction():
        conn.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2")
        rows = conn.execute(
            sql.SQL(
                "SELECT word, ndoc FROM {} WHERE word %% %(w)s AND left(word, 1) = left(%(w)s, 1) "
                "ORDER BY similarity(word, %(w)s) DESC, word LIMIT 100"
            ).format(tables.words),
            {"w": word},
        ).fetchall()
    return [(candidate, ndoc) for candidate, ndoc in rows if distance(word, candidate) <= within]


def tsquery_literal(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def more_like_this(conn: Connection, tables: Tables, size: int, practice_id: str, limit: int) -> list[Hit]:
    """Practices (in the same language group) sharing this one's most distinctive lexemes."""
    tokens = conn.execute(
        sql.SQL(
            "SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1), l.ndoc FROM {p} p CROSS JOIN "
            "LATERAL unnest(ts_filter(p.doc, '{{a,b}}') || to_tsvector(p.cfg::regconfig, p.tags_text)) AS u "
            "JOIN {lex} l ON l.grp = p.grp AND l.lexeme = u.lexeme WHERE p.id = %s"
        ).format(p=tables.practices, lex=tables.lexemes),
        (practice_id,),
    ).fetchall()
    weights = {lexeme: tf / df for lexeme, tf, df in tokens if 1 < df <= max(2, size // 2)}
    keys = sorted(weights, key=lambda t: (-weights[t], t))[:15]
    if not keys:
        return []
    rows = conn.execute(
        sql.SQL(
            "SELECT o.id, ts_rank_cd({w}, o.doc, %(q)s::tsquery) AS score, o.card, o.summary_html "
            "FROM {p} o, {p} me WHERE me.id = %(id)s AND o.grp = me.grp AND o.doc @@ %(q)s::tsquery "
            "AND o.id <> me.id AND o.translation_of IS DISTINCT FROM me.id "
            "AND o.id IS DISTINCT FROM me.translation_of "
            'ORDER BY score DESC, o.id COLLATE "C" LIMIT %(limit)s'
        ).format(w=WEIGHTS, p=tables.practices),
        {"q": " | ".join(tsquery_literal(k) for k in keys), "id": practice_id, "limit": limit},
    ).fetchall()
    return [Hit(pid, float(score), card, summary) for pid, score, card, summary in rows]
