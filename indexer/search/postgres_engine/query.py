"""The shared query syntax, translated into SQL conditions on a generation's practices.

``querysyntax.parse`` reads the query once, for both engines. Each word or phrase is then
analysed by PostgreSQL itself, in one statement with the words as a parameter array:
``phraseto_tsquery`` per language configuration, and whether it is a stop word. The
tsqueries come back as text and go into the search statements again only as parameters
(cast with ``::tsquery``); the statements' shape (how many clauses, alternatives and
exclusions) is composed with ``psycopg.sql`` from the parsed structure. No text a person
typed is ever part of SQL.

A practice is matched in its own language's configuration (``p.grp``) and in its folded
metadata (``p.meta``: country names in every language, tags, partners), as the Whoosh
backend matches a word in every language group's fields and in ``meta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg import Connection, sql

from indexer.search import matching, querysyntax
from indexer.search.documents import GROUPS, STEMMED
from indexer.search.interface import QueryError
from indexer.search.postgres_engine.document import CONFIGS, spaced
from indexer.search.querysyntax import ParsedQuery, Term

# ts_rank_cd weights, in PostgreSQL's order {D, C, B, A}: metadata, body, summary, title.
WEIGHTS = sql.Literal("{0.3, 0.3, 0.6, 1.0}")
HEADLINE = sql.Literal("StartSel=<mark>, StopSel=</mark>, HighlightAll=true")


def _analysis_columns() -> sql.Composed:
    columns = []
    for group in GROUPS:
        config = sql.Literal(CONFIGS[group])
        columns.append(sql.SQL("phraseto_tsquery({}::regconfig, u.t)::text").format(config))
        columns.append(sql.SQL("plainto_tsquery({}::regconfig, u.t)::text").format(config))
    stop = sql.SQL(" OR ").join(
        sql.SQL("numnode(plainto_tsquery({}::regconfig, u.t)) = 0").format(sql.Literal(CONFIGS[g]))
        for g in STEMMED
    )
    folded = sql.SQL("ARRAY(SELECT lexeme FROM unnest(to_tsvector('hub_xx'::regconfig, u.t)))")
    return sql.SQL(", ").join([*columns, stop, folded])


ANALYSE = sql.SQL("SELECT {} FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY u.n").format(
    _analysis_columns()
)


@dataclass(frozen=True)
class Analysed:
    """A word or phrase as PostgreSQL reads it: a tsquery per group ('' when it has no lexeme)."""

    phrase: dict[str, str]
    words: dict[str, str]
    stop: bool
    folded: tuple[str, ...]


def analyse(conn: Connection, texts: list[str]) -> dict[str, Analysed]:
    """Each text (spaced for CJK) analysed in every configuration, in one statement."""
    unique = list(dict.fromkeys(spaced(t) for t in texts))
    if not unique:
        return {}
    found = {}
    for text, values in zip(unique, conn.execute(ANALYSE, (unique,)).fetchall(), strict=True):
        phrase = {g: values[2 * i] for i, g in enumerate(GROUPS)}
        words = {g: values[2 * i + 1] for i, g in enumerate(GROUPS)}
        found[text] = Analysed(phrase, words, bool(values[-2]), tuple(values[-1]))
    return found


def parse(text: str) -> ParsedQuery:
    try:
        return querysyntax.parse(text)
    except querysyntax.QuerySyntaxError as error:
        raise QueryError("q", str(error)) from None


def term_text(term: Term) -> str:
    return spaced(" ".join(term.words))


@dataclass(frozen=True)
class Clause:
    """A clause as SQL: the rows it matches, the language groups held to it, whether it is optional."""

    matched: sql.Composable
    held: frozenset[str]
    mandatory: bool
    weak: bool = False

    @property
    def shape(self) -> matching.Shape:
        return matching.Shape(self.held, self.mandatory, self.weak)

    @property
    def required(self) -> sql.Composable:
        """Matched wherever it is held."""
        if self.held >= set(GROUPS):
            return sql.SQL("({})").format(self.matched)
        return sql.SQL("({} OR NOT {})").format(self.matched, in_groups(self.held))


@dataclass
class Translation:
    """A parsed query as SQL on ``p`` (a generation's practices): condition, score, headline.

    ``mode`` is ``matching.ALL`` (every clause) until the caller has counted the rows that
    match every clause and chosen ``matching.MOST``.
    """

    has_text: bool = False
    clauses: list[Clause] = field(default_factory=list)
    conditions: list[sql.Composable] = field(default_factory=list)
    scores: list[sql.Composable] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    highlight: dict[str, str] = field(default_factory=dict)
    terms: int = 0
    mode: str = matching.ALL
    meaning: bool = False  # practices in %(meaning_ids)s match too (see postgres_engine.meaning)

    @property
    def every(self) -> sql.Composable:
        """Every clause matches and no exclusion does."""
        parts = [c.required for c in self.clauses] + self.conditions
        return sql.SQL(" AND ").join(parts) if parts else sql.SQL("TRUE")

    @property
    def match(self) -> sql.Composable:
        """The words' match, or with ``meaning`` that or being close (and holding no excluded word)."""
        if not self.meaning:
            return self.lexical
        close = sql.SQL(" AND ").join([sql.SQL("p.id = ANY(%(meaning_ids)s::text[])"), *self.conditions])
        return sql.SQL("(({}) OR ({}))").format(self.lexical, close)

    @property
    def lexical(self) -> sql.Composable:
        if self.mode == matching.ALL:
            return self.every
        parts = [c.required for c in self.clauses if c.mandatory] + self.conditions
        parts.append(self.enough())
        return sql.SQL(" AND ").join(parts)

    @property
    def coordination(self) -> sql.Composable:
        """How many optional clauses a row matches (its first sort key in "most" mode)."""
        return self.count([i for i, c in enumerate(self.clauses) if not c.mandatory])

    @property
    def score(self) -> sql.Composable:
        return sql.SQL(" + ").join(self.scores) if self.scores else sql.SQL("0::real")

    def count(self, numbers: list[int] | tuple[int, ...]) -> sql.Composable:
        if not numbers:
            return sql.SQL("0")
        return sql.SQL(" + ").join(sql.SQL("({})::int").format(self.clauses[i].matched) for i in numbers)

    def enough(self) -> sql.Composable:
        """Per language group, the row matches enough of the clauses counted there (``matching.rule``)."""
        shapes = [c.shape for c in self.clauses]
        cases = []
        for group in GROUPS:
            counted, need = matching.rule(shapes, group)
            cases.append(
                sql.SQL("WHEN {} THEN {} >= {}").format(
                    sql.Literal(group), self.count(counted), sql.Literal(need)
                )
            )
        return sql.SQL("(CASE p.grp {} END)").format(sql.SQL(" ").join(cases))

    def add(self, analysed: Analysed, language: str | None = None) -> int:
        """Register a term's tsqueries as parameters; return its number.

        A term of one ``language`` (a concept's label) keeps only that language's tsquery.
        """
        number, self.terms = self.terms, self.terms + 1
        for group in GROUPS:
            keep = language is None or group == language
            self.params[f"t{number}_{group}"] = analysed.phrase[group] if keep else ""
        self.params[f"w{number}"] = analysed.words["xx"] if language is None else ""
        return number

    def live(self, number: int) -> tuple[str, ...]:
        """The language groups in which the term is something to match (not only stop words)."""
        return tuple(g for g in GROUPS if self.params[f"t{number}_{g}"])

    def term_match(self, number: int) -> sql.Composable:
        """The term is in the practice's text (in its own language) or in its metadata.

        Only in the groups where it is live: a group whose stop words it is drops it.
        """
        parts = [
            sql.SQL("(p.grp = {} AND p.doc @@ {}::tsquery)").format(
                sql.Literal(group), sql.Placeholder(f"t{number}_{group}")
            )
            for group in GROUPS
            if self.params[f"t{number}_{group}"]
        ]
        if self.params[f"t{number}_xx"]:
            parts.append(
                sql.SQL("({} AND p.meta @@ {}::tsquery)").format(
                    in_groups(self.live(number)), sql.Placeholder(f"t{number}_xx")
                )
            )
        return sql.SQL("({})").format(sql.SQL(" OR ").join(parts)) if parts else sql.SQL("FALSE")

    def plain_match(self, number: int) -> sql.Composable:
        """The term's words as ordinary words: anywhere in the practice's text, or in its metadata."""
        if not self.params[f"w{number}"]:
            return sql.SQL("FALSE")
        return sql.SQL("(p.spell @@ {w}::tsquery OR p.meta @@ {m}::tsquery)").format(
            w=sql.Placeholder(f"w{number}"), m=sql.Placeholder(f"t{number}_xx")
        )

    def term_score(self, number: int) -> sql.Composable:
        """ts_rank_cd of the term in the practice's weighted text, plus in its metadata."""
        cases = [
            sql.SQL("WHEN {} THEN {}::tsquery").format(sql.Literal(g), sql.Placeholder(f"t{number}_{g}"))
            for g in GROUPS
            if self.params[f"t{number}_{g}"]
        ]
        if not cases:
            return sql.SQL("0")
        text = sql.SQL("CASE p.grp {} END").format(sql.SQL(" ").join(cases))
        score = sql.SQL("coalesce(ts_rank_cd({w}, p.doc, {q}), 0)").format(w=WEIGHTS, q=text)
        if not self.params[f"t{number}_xx"]:
            return score
        meta = sql.SQL("ts_rank_cd({}, p.meta, {}::tsquery)").format(
            WEIGHTS, sql.Placeholder(f"t{number}_xx")
        )
        return sql.SQL("{} + {}").format(score, meta)

    def snippet(self, row: str = "h") -> sql.Composable:
        """The escaped summary with the query's words in <mark> (ts_headline does not escape)."""
        summary = sql.SQL("{}.summary_html").format(sql.Identifier(row))
        if not any(self.highlight.values()):
            return summary
        cases = [
            sql.SQL("WHEN {} THEN {}::tsquery").format(sql.Literal(g), sql.Placeholder(f"hl_{g}"))
            for g in GROUPS
            if self.highlight[g]
        ]
        query = sql.SQL("CASE {r}.grp {cases} END").format(
            r=sql.Identifier(row), cases=sql.SQL(" ").join(cases)
        )
        return sql.SQL("coalesce(ts_headline({r}.cfg::regconfig, {s}, {q}, {o}), {s})").format(
            r=sql.Identifier(row), s=summary, q=query, o=HEADLINE
        )


def in_groups(groups: tuple[str, ...] | frozenset[str]) -> sql.Composable:
    """``p.grp`` is one of these language groups (constants of this package)."""
    if not groups:
        return sql.SQL("FALSE")
    return sql.SQL("p.grp IN ({})").format(sql.SQL(", ").join(sql.Literal(g) for g in sorted(groups)))


def translate(conn: Connection, parsed: ParsedQuery) -> Translation:
    """Every clause must match (any of its terms), excluded terms must not; scores add up.

    As in the Whoosh backend, a term is dropped only in the language groups whose stop
    words it is made of; a group left with nothing to match searches the query's words
    there as ordinary words, so that "sea" finds the practices that contain it.
    """
    terms = [t for clause in parsed.clauses for t in clause] + list(parsed.excluded)
    words = " ".join(parsed.words())
    analysed = analyse(conn, [term_text(t) for t in terms] + ([words] if words else []))
    result = Translation(has_text=bool(parsed.clauses))
    clauses = [[result.add(analysed[term_text(t)], t.language) for t in clause] for clause in parsed.clauses]
    live = {g for numbers in clauses for n in numbers for g in result.live(n)}
    empty = frozenset(STEMMED) - live if clauses else frozenset()
    for clause, numbers in zip(parsed.clauses, clauses, strict=True):
        held = frozenset(g for n in numbers for g in result.live(n))
        matched = sql.SQL(" OR ").join(result.term_match(n) for n in numbers)
        if empty:  # a group with only stop words to match reads them as ordinary words
            plain = sql.SQL(" OR ").join(result.plain_match(n) for n in numbers)
            matched = sql.SQL("(NOT {e} AND ({m})) OR ({e} AND ({p}))").format(
                e=in_groups(empty), m=matched, p=plain
            )
        weak = all(not t.is_phrase and not t.language and analysed[term_text(t)].stop for t in clause)
        result.clauses.append(Clause(matched, held | empty, matching.is_mandatory(clause), weak))
        result.scores.extend(result.term_score(n) for n in numbers)
    for term in parsed.excluded:
        result.conditions.append(
            sql.SQL("NOT {}").format(result.term_match(result.add(analysed[term_text(term)])))
        )
    result.highlight = analysed[spaced(words)].words if words else dict.fromkeys(GROUPS, "")
    for group, text in result.highlight.items():
        if text:
            result.params[f"hl_{group}"] = text
    return result
