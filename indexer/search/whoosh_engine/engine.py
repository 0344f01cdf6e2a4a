"""Answer a Query from a Snapshot: match, score, count facets, page, highlight, suggest."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from indexer.search import expansion, hybrid, matching, querysyntax, suggestion
from indexer.search.documents import COMPLETE_FACETS, GROUPS, STEMMED, group_of, primary_first
from indexer.search.interface import FACETS, FacetValue, Hit, Query, QueryError, Results, TooManyResults
from indexer.search.querysyntax import ParsedQuery, Term
from indexer.search.whoosh_engine.analysis import PARTS, analyse, field_group, field_name, positions
from indexer.search.whoosh_engine.postings import SLOT
from indexer.search.whoosh_engine.snapshot import Snapshot

Slots = tuple[tuple[str, ...], ...]  # the alternative terms at each position


@lru_cache(maxsize=4096)
def expansions(text: str) -> tuple[tuple[str, Slots], ...]:
    """(field, analysed slots) for a word or phrase in every language group and in meta."""
    result = []
    for group in GROUPS:
        slots = positions(text, group)
        if slots:
            result.extend((field_name(part, group), slots) for part in PARTS)
    folded = positions(text, "xx")
    if folded:
        result.append(("meta", folded))
    return tuple(result)


def is_stopword(term: Term) -> bool:
    """A single word that some stemmed language ignores (suggestions leave it alone)."""
    return not term.is_phrase and any(not analyse(term.words[0], g) for g in GROUPS if g != "xx")


@lru_cache(maxsize=4096)
def _live(text: str) -> frozenset[str]:
    return frozenset(g for g in GROUPS if positions(text, g))


def live_groups(term: Term) -> frozenset[str]:
    """The language groups in which a word or phrase is something to match (not only stop words)."""
    groups = _live(" ".join(term.words))
    return groups & {term.language} if term.language else groups


def term_fields(term: Term) -> tuple[tuple[str, Slots], ...]:
    """(field, slots) of a term: every group's and the metadata, or only its own language's."""
    found = expansions(" ".join(term.words))
    if term.language is None:
        return found
    return tuple((name, slots) for name, slots in found if field_group(name) == term.language)


def empty_groups(parsed: ParsedQuery) -> frozenset[str]:
    """The stemmed groups in which none of the query's wanted terms is left to match."""
    if not parsed.clauses:
        return frozenset()
    live = frozenset().union(*(live_groups(t) for clause in parsed.clauses for t in clause))
    return frozenset(STEMMED) - live


@dataclass
class Matched:
    """The rows a query's words match, their scores, and (in "most" mode) the clauses each matched."""

    mask: np.ndarray
    scores: np.ndarray
    clauses: np.ndarray | None = None
    mode: str = matching.ALL
    every: np.ndarray | None = None  # in "most" mode, the rows with every clause


class Evaluator:
    """The work of one search against one snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snap = snapshot
        self.size = snapshot.size
        self._marked: dict[str, frozenset[str]] = {}

    def term(self, term: Term) -> tuple[np.ndarray, np.ndarray]:
        """(mask, scores) of the rows a word or phrase matches, in any field and language."""
        scores = np.zeros(self.size, dtype=np.float64)
        for field, slots in term_fields(term):
            if len(slots) == 1:
                scores += self.slot(field, slots[0])
            else:  # a concept's labels come back query after query: keep their positions cached
                scores += self.phrase(field, slots, cached=term.language is not None)
        return scores > 0, scores

    def slot(self, field: str, alternatives: tuple[str, ...]) -> np.ndarray:
        """Dense scores of a position's alternative terms in a field (the best one counts)."""
        scores = np.zeros(self.size, dtype=np.float64)
        for text in alternatives:
            rows, score = self.snap.term_scores(field, text)
            if len(rows):
                scores[rows] = np.maximum(scores[rows], score)
        return scores

    def phrase(self, field: str, slots: Slots, cached: bool = False) -> np.ndarray:
        """Dense scores of the rows where the slots stand in order, next to each other.

        Occurrences are sorted keys row * 2**32 + position. Starting from the rarest slot,
        each candidate start is kept only when the key of every other slot, at its offset,
        is present: a binary search per candidate, never a sort of the common words' lists.
        """
        dense = [self.slot(field, alternatives) for alternatives in slots]
        present = np.logical_and.reduce([d > 0 for d in dense])
        result = np.zeros(self.size, dtype=np.float64)
        if not present.any():
            return result
        counts = [sum(self.snap.document_frequency(field, t) for t in alternatives) for alternatives in slots]
        order = sorted(range(len(slots)), key=lambda i: counts[i])
        starts = self.snap.occurrences(field, slots[order[0]], None if cached else present) - order[0]
        starts = starts[present[np.maximum(starts // SLOT, 0)]]
        for i in order[1:]:
            if not len(starts):
                return result
            needed = np.zeros(self.size, dtype=bool)
            needed[np.clip(starts // SLOT, 0, self.size - 1)] = True
            keys = self.snap.occurrences(field, slots[i], None if cached else needed)
            wanted = starts + i
            found = np.searchsorted(keys, wanted)
            starts = starts[keys[np.minimum(found, len(keys) - 1)] == wanted] if len(keys) else starts[:0]
        rows = np.unique(starts // SLOT)
        result[rows] = sum(d[rows] for d in dense)
        return result

    def clauses(self, parsed: ParsedQuery) -> list[tuple[np.ndarray, frozenset[str], np.ndarray]]:
        """(matched, held, scores) per clause: the rows it matches, the language groups held to it,
        the rows' scores.

        A term is held only in the language groups that analyse it to something (a word
        that is only a stop word of a group is dropped there). A group left with no word to
        match searches the query's words there as ordinary words (``plain``).
        """
        empty = empty_groups(parsed)
        plain_rows = self.snap.in_groups(empty) if empty else None
        result = []
        for clause in parsed.clauses:
            matched = np.zeros(self.size, dtype=bool)
            scores = np.zeros(self.size, dtype=np.float64)
            held: frozenset[str] = frozenset()
            for term in clause:
                rows = self.snap.in_groups(live_groups(term))
                term_mask, term_scores = self.term(term)
                matched |= term_mask & rows
                scores += term_scores * rows
                held |= live_groups(term)
            if plain_rows is not None:
                plain, plain_scores = self.plain(clause)
                matched = np.where(plain_rows, plain, matched)
                scores = np.where(plain_rows, plain_scores, scores)
            result.append((matched, held | empty, scores))
        return result

    def match(self, parsed: ParsedQuery) -> Matched:
        """The rows that match all clauses, or most of them when all is too few (``matching``)."""
        allowed = np.ones(self.size, dtype=bool)
        for term in parsed.excluded:
            allowed &= ~(self.term(term)[0] & self.snap.in_groups(live_groups(term)))
        clauses = self.clauses(parsed)
        scores = sum((s for _, _, s in clauses), np.zeros(self.size, dtype=np.float64))
        every = allowed.copy()
        for matched, held, _ in clauses:
            every &= matched | ~self.snap.in_groups(held)
        if matching.mode(parsed, int(np.count_nonzero(every))) == matching.ALL:
            return Matched(every, scores)
        shapes = [
            matching.Shape(held, matching.is_mandatory(clause), all(is_stopword(t) for t in clause))
            for clause, (_, held, _) in zip(parsed.clauses, clauses, strict=True)
        ]
        enough = np.zeros(self.size, dtype=bool)
        for group in GROUPS:
            counted, need = matching.rule(shapes, group)
            count = sum((clauses[i][0].astype(np.int64) for i in counted), np.zeros(self.size, np.int64))
            enough |= self.snap.in_groups(frozenset({group})) & (count >= need)
        coordination = np.zeros(self.size, dtype=np.int64)
        for shape, (matched, held, _) in zip(shapes, clauses, strict=True):
            held_rows = self.snap.in_groups(held)
            if shape.mandatory:
                allowed &= matched | ~held_rows
            else:
                coordination += matched & held_rows
        return Matched(allowed & enough, scores, coordination, matching.MOST, every)

    def plain(self, clause: tuple[Term, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(mask, scores) of a clause's words as ordinary words: in a practice's stop words or metadata."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size, dtype=np.float64)
        for term in clause:
            if term.language:  # a concept's label: only in its own language's analysis
                continue
            found = np.ones(self.size, dtype=bool)
            term_scores = np.zeros(self.size, dtype=np.float64)
            for alternatives in positions(" ".join(term.words), "xx"):
                found &= (slot := self.slot("stops", alternatives)) > 0
                term_scores += slot
            meta = dict(expansions(" ".join(term.words))).get("meta")
            if meta:
                meta_scores = self.phrase("meta", meta) if len(meta) > 1 else self.slot("meta", meta[0])
                found |= meta_scores > 0
                term_scores += meta_scores
            mask |= found
            scores += term_scores * found
        return mask, scores

    def meaning(self, query: Query) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows close enough in meaning, similarities), without the excluded words; None when off."""
        parsed = _parse(query.text)
        if not hybrid.eligible(parsed) or self.snap.vectors is None:
            return None
        found = hybrid.similar(query.meaning, self.snap.vectors.model, self.snap.meaning)
        if found is None:
            return None
        mask, sims = found
        for term in parsed.excluded:
            mask &= ~(self.term(term)[0] & self.snap.in_groups(live_groups(term)))
        return mask, sims

    def filters(self, query: Query) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The year-range mask and a mask per facet with a selection."""
        years = np.ones(self.size, dtype=bool)
        if query.year_from is not None:
            years &= self.snap.start_year >= query.year_from
        if query.year_to is not None:
            years &= self.snap.start_year <= query.year_to
        masks = {
            facet: self.snap.facets[facet].mask(codes, self.size)
            for facet, codes in query.filters.items()
            if codes
        }
        return years, masks

    def facet_counts(
        self, query: Query, base: np.ndarray, masks: dict[str, np.ndarray]
    ) -> dict[str, list[FacetValue]]:
        """Disjunctive counts: for each value, the results having it within the other facets' filters."""
        counts = {}
        for name, facet in self.snap.facets.items():
            others = base.copy()
            for other, mask in masks.items():
                if other != name:
                    others &= mask
            within = facet.counts(others)
            selected = set(query.selected(name))
            counts[name] = [
                FacetValue(code, int(within[i]), code in selected)
                for i, code in enumerate(facet.codes)
                if name in COMPLETE_FACETS or code in selected or within[i]
            ]
        return counts

    def newest(self, mask: np.ndarray, query: Query, has_text: bool) -> np.ndarray:
        """The rows of ``mask`` newest first; primary matches of the selected objectives first
        when there are no words to rank by (``documents.primary_first``)."""
        order = self.snap.newest[mask[self.snap.newest]]
        first = primary_first(query, has_text)
        if not first:
            return order
        primary = self.snap.primary.mask(first, self.size)[order]
        return np.concatenate([order[primary], order[~primary]])

    def ranked(self, mask: np.ndarray, matched: Matched, query: Query, has_text: bool) -> list[int]:
        """The rows of the requested page, best first (ties by id), exactly."""
        end = query.page * query.page_size
        start = end - query.page_size
        if query.sort == "newest" or not has_text:
            return self.newest(mask, query, has_text)[start:end].tolist()
        return self.by_relevance(mask, matched, end)[start:end].tolist()

    def by_relevance(self, mask: np.ndarray, matched: Matched, end: int | None = None) -> np.ndarray:
        """The rows of ``mask`` best first: most clauses matched, then score, then id (the first ``end``)."""
        rows = np.flatnonzero(mask)
        scores = matched.scores
        if matched.clauses is not None:
            order = np.lexsort((self.snap.id_rank[rows], -scores[rows], -matched.clauses[rows]))
            return rows[order]
        if end is not None and len(rows) > end:
            top = scores[rows]
            threshold = np.partition(top, len(top) - end)[len(top) - end]
            rows = rows[top >= threshold]
        return rows[np.lexsort((self.snap.id_rank[rows], -scores[rows]))]

    def snippet(self, row: int, parsed: ParsedQuery) -> str:
        """The summary, with the query's words marked, as safe HTML."""
        summary = self.snap.cards[row]["summary"]
        wanted = self._terms(self.snap.cards[row]["language"], parsed)
        parts, last = [], 0
        for start, end, terms in self.snap.summary_tokens(row) if wanted else ():
            if terms & wanted:
                parts += [
                    html.escape(summary[last:start]),
                    "<mark>",
                    html.escape(summary[start:end]),
                    "</mark>",
                ]
                last = end
        parts.append(html.escape(summary[last:]))
        return "".join(parts)

    def _terms(self, language: str, parsed: ParsedQuery) -> frozenset[str]:
        group = group_of(language)
        if group not in self._marked:  # once per language group and search
            words = " ".join(dict.fromkeys(parsed.words()))
            self._marked[group] = frozenset(t for t, _ in analyse(words, group)) if words else frozenset()
        return self._marked[group]


def search(snapshot: Snapshot, query: Query) -> Results:
    """Run a query against one generation."""
    parsed, expanded = _expanded(query)
    run = Evaluator(snapshot)
    found = Matches(run, query, parsed)
    end = query.page * query.page_size
    rows = found.order(end)[end - query.page_size : end].tolist()
    has_text = bool(parsed.clauses)
    hits = [
        Hit(
            snapshot.ids[r],
            float(found.scores[r]),
            snapshot.cards[r],
            run.snippet(r, parsed),
            hybrid.matched(has_text and bool(found.matched.mask[r]), found.near(r)),
        )
        for r in rows
    ]
    total = int(np.count_nonzero(found.results))
    suggested = suggest(snapshot, query.text, query) if parsed.clauses else None
    return Results(
        total,
        hits,
        run.facet_counts(query, found.base, found.masks),
        suggested,
        query.page,
        query.page_size,
        snapshot.generation,
        match=found.matched.mode,
        expansions=expanded,
    )


class Matches:
    """The rows a query matches by its words and, with the semantic layer, by meaning (``hybrid``)."""

    def __init__(self, run: Evaluator, query: Query, parsed: ParsedQuery) -> None:
        self.run, self.query, self.has_text = run, query, bool(parsed.clauses)
        self.matched = run.match(parsed)
        self.scores = self.matched.scores
        self.meaning = run.meaning(query)
        matching_rows = self.matched.mask | self.meaning[0] if self.meaning else self.matched.mask
        years, self.masks = run.filters(query)
        self.base = matching_rows & years
        self.results = self.base.copy()
        for mask in self.masks.values():
            self.results &= mask

    def near(self, row: int) -> bool:
        return bool(self.meaning and self.meaning[0][row])

    def order(self, end: int | None = None) -> np.ndarray:
        """The result rows in the query's order (at least the first ``end``)."""
        run = self.run
        if self.query.sort == "newest" or not self.has_text:
            return run.newest(self.results, self.query, self.has_text)
        if not self.meaning:
            return run.by_relevance(self.results, self.matched, end)
        semantic, sims = self.meaning
        lexical = run.by_relevance(self.results & self.matched.mask, self.matched)
        close = hybrid.by_similarity(np.flatnonzero(self.results & semantic), sims, run.snap.id_rank)
        rows, fused = hybrid.fuse(lexical, close, np.flatnonzero(self.results), run.snap.id_rank)
        self.scores = np.zeros(run.size, dtype=np.float64)
        self.scores[rows] = fused
        return rows


def scan(
    snapshot: Snapshot, query: Query, bodies: bool = False, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every result's card in the query's order (for exports): no facets, no snippets.

    The rows are chosen now (TooManyResults beyond ``limit``) and read as they are consumed,
    all from ``snapshot``; with ``bodies`` each card carries its body too.
    """
    parsed, _ = _expanded(query)
    order = Matches(Evaluator(snapshot), query, parsed).order()
    if limit is not None and len(order) > limit:
        raise TooManyResults(limit)
    if bodies:
        return ({**snapshot.cards[row], "body": snapshot.body(row)} for row in order.tolist())
    return (snapshot.cards[row] for row in order.tolist())


def _expanded(query: Query) -> tuple[ParsedQuery, tuple[expansion.Expansion, ...]]:
    parsed = _parse(query.text)
    return expansion.expand(parsed) if query.expand else (parsed, ())


def _parse(text: str) -> ParsedQuery:
    try:
        return querysyntax.parse(text)
    except querysyntax.QuerySyntaxError as error:
        raise QueryError("q", str(error)) from None


def unknown_words(snapshot: Snapshot, words: list[str]) -> list[str]:
    """Query words that no field of the index contains, in any language."""
    missing = []
    for word in words:
        found = any(
            snapshot.document_frequency(field, text)
            for field, slots in expansions(word)
            if len(slots) == 1
            for text in slots[0]
        )
        if not found and not is_stopword(Term((word,))):
            missing.append(word)
    return missing


class Speller:
    """What the suggestion policy (``indexer.search.suggestion``) asks of one generation."""

    def __init__(self, snapshot: Snapshot, query: Query | None = None) -> None:
        self.snap = snapshot
        self.query = query or Query()

    def unknown(self, words: list[str]) -> list[str]:
        return unknown_words(self.snap, words)

    def near(self, folded: str, distance: int) -> list[tuple[str, int]]:
        # Whoosh's lexicon keeps the words of deleted documents until segments merge (after an
        # incremental build): only words that a practice of this generation holds are offered.
        found = self.snap.reader.terms_within("spell", folded, distance, prefix=1)
        counts = [(word, self.snap.document_frequency("spell", word)) for word in found]
        return [(word, count) for word, count in counts if count]

    def lexicon(self) -> suggestion.Lexicon:
        return self.snap.lexicon(suggestion.lexicon)

    def outcome(self, text: str) -> tuple[int, int]:
        parsed, _ = _expanded(replace(self.query, text=text, page=1))
        run = Evaluator(self.snap)
        matched = run.match(parsed)
        years, masks = run.filters(self.query)
        shown = years.copy()
        for facet_mask in masks.values():
            shown &= facet_mask
        every = matched.mask if matched.every is None else matched.every
        return int(np.count_nonzero(matched.mask & shown)), int(np.count_nonzero(every & shown))


def suggest(snapshot: Snapshot, text: str, query: Query | None = None) -> str | None:
    """A corrected query in the query's language that finds more (``indexer.search.suggestion``)."""
    hint = query.lang if query else "en"
    return suggestion.suggest(text, Speller(snapshot, query), hint)


def more_like_this(snapshot: Snapshot, practice_id: str, limit: int = 5) -> list[Hit]:
    """Practices that share this one's most distinctive words."""
    row = snapshot.row_by_id.get(practice_id)
    if row is None:
        return []
    card = snapshot.cards[row]
    group = group_of(card["language"])
    tokens = [t for t, _ in analyse(f"{card['title']} {card['summary']} {' '.join(card['tags'])}", group)]
    weights = {}
    for token in set(tokens):
        df = max(snapshot.document_frequency(field_name(part, group), token) for part in PARTS)
        if 1 < df <= max(2, snapshot.size // 2):
            weights[token] = tokens.count(token) / df
    keys = sorted(weights, key=lambda t: (-weights[t], t))[:15]
    scores = np.zeros(snapshot.size)
    for token in keys:
        for part in PARTS:
            rows, score = snapshot.term_scores(field_name(part, group), token)
            np.add.at(scores, rows, score)
    scores[row] = 0
    for other, other_card in enumerate(snapshot.cards):
        if other_card.get("translation_of") == practice_id or card.get("translation_of") == other_card["id"]:
            scores[other] = 0
    candidates = np.flatnonzero(scores > 0)
    order = candidates[np.lexsort((snapshot.id_rank[candidates], -scores[candidates]))][:limit]
    return [
        Hit(snapshot.ids[r], float(scores[r]), snapshot.cards[r], html.escape(snapshot.cards[r]["summary"]))
        for r in order.tolist()
    ]


__all__ = ["FACETS", "more_like_this", "search", "suggest"]
