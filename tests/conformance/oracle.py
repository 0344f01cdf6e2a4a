"""The documented search semantics, computed directly from the practices: the reference
that both backends must equal for everything but the matching of words.

- values of one facet combine with OR, facets with AND; the year range filters start_year;
- facet counts are disjunctive: beside every value, selected or not, the number of
  results that have the value when every OTHER facet's selection (and the year range and
  the words) apply, but not its own facet's selection;
- the objective facet holds primary and secondary objectives; the year facet start years;
- provenance is submitted or compiled; evaluation is yes when the practice names one, else no;
- objective, principle, region, type, scope, provenance and evaluation list every value (zeros too); the other
  facets list values that occur in those results, and selected ones.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from indexer import vocabulary
from indexer.model import Practice
from indexer.search.interface import FACETS, Query

# Read straight from the data files, not through the code under test.
_DATA = Path(vocabulary.__file__).parent / "vocabularies"
COMMISSIONS = {
    c["code"]: set(c["members"]) | set(c["associate_members"])
    for c in yaml.safe_load((_DATA / "commissions.yaml").read_text(encoding="utf-8"))["commissions"]
}
ROUNDTABLES = {
    t["code"]: t["objectives"]
    for t in yaml.safe_load((_DATA / "roundtables.yaml").read_text(encoding="utf-8"))["roundtables"]
}
COMPLETE = {
    "objective",
    "principle",
    "region",
    "type",
    "scope",
    "commission",
    "roundtable",
    "provenance",
    "evaluation",
}


def values(practice: Practice, facet: str) -> set[str]:
    return {
        "objective": lambda p: {str(n) for n in p.all_objectives},
        "principle": lambda p: set(p.principles),
        "region": lambda p: set(p.regions),
        "subregion": lambda p: set(p.subregions),
        "country": lambda p: set(p.countries),
        "type": lambda p: {p.type},
        "scope": lambda p: {p.scope},
        "language": lambda p: {p.language},
        "year": lambda p: {str(p.start_year)},
        "commission": lambda p: {
            c for country in p.countries for c in COMMISSIONS if country in COMMISSIONS[c]
        },
        "roundtable": lambda p: {
            t for t, numbers in ROUNDTABLES.items() if set(numbers) & set(p.all_objectives)
        },
        "sdg": lambda p: set(p.sdg_targets),
        "provenance": lambda p: {p.provenance},
        "evaluation": lambda p: {"yes" if p.evaluation else "no"},
    }[facet](practice)


def codes(facet: str, practices: list[Practice]) -> list[str]:
    if FACETS[facet] is None:
        return sorted({str(p.start_year) for p in practices}, reverse=True)
    return vocabulary.ALL[FACETS[facet]]().codes


def expected(practices: list[Practice], matched: set[str], query: Query) -> tuple[set[str], dict]:
    """(result ids, {facet: [(code, count, selected)]}) for the practices whose text matched."""
    chosen = {facet: set(v) for facet, v in query.filters.items() if v}

    def in_range(p: Practice) -> bool:
        return (query.year_from is None or p.start_year >= query.year_from) and (
            query.year_to is None or p.start_year <= query.year_to
        )

    def keep(p: Practice, selection: dict[str, set[str]]) -> bool:
        return all(values(p, facet) & wanted for facet, wanted in selection.items())

    base = [p for p in practices if p.id in matched and in_range(p)]
    results = {p.id for p in base if keep(p, chosen)}
    facets = {}
    for facet in FACETS:
        others = {f: v for f, v in chosen.items() if f != facet}
        listed = []
        for code in codes(facet, practices):
            having = sum(1 for p in base if keep(p, {**others, facet: {code}}))
            if facet in COMPLETE or code in chosen.get(facet, ()) or having:
                listed.append((code, having, code in chosen.get(facet, ())))
        facets[facet] = listed
    return results, facets


def default_order(practices: list[Practice], ids: set[str], query: Query) -> list[str]:
    """The order of a query without words: practices with a selected objective as a PRIMARY
    objective first, then newest submitted, then latest start year, ties by id."""
    wanted = {int(code) for code in query.filters.get("objective", ())}
    chosen = [p for p in practices if p.id in ids]
    return [
        p.id
        for p in sorted(
            chosen,
            key=lambda p: (not (wanted & set(p.objectives)), -p.submitted.toordinal(), -p.start_year, p.id),
        )
    ]


# Word matching, brute force over the practices' text ---------------------------------------
#
# The documented rule, written out independently of both engines (their own Snowball
# stemmers are not used: ``snowballstemmer`` is a third implementation):
# - a practice is read in its language group (en, fr, es, or xx for any other language):
#   words lowercased, accents folded, stemmed in en/fr/es (a word's stem of its accented
#   and of its folded form both count), its group's stop words dropped; its metadata
#   (country names in every language, tags, partners, implementer) is read folded only;
# - a query word or phrase is dropped only in the groups whose stop list holds all its
#   words; every clause must match (one of its alternatives), excluded terms must not;
# - in a group left with nothing to match, the query's words are ordinary words, found
#   in the practice's text as written (folded) or its metadata;
# - when fewer than 10 practices match every clause and at least two clauses are not a
#   lone quoted phrase, a practice need match only two thirds (rounded down, at least
#   one) of the clauses held in its language, not counting the clauses made only of
#   words that some language drops, unless nothing else is held; lone quoted phrases are
#   always required.

import re  # noqa: E402
import unicodedata  # noqa: E402
from functools import cache  # noqa: E402

import snowballstemmer  # noqa: E402
from whoosh.lang import stopwords_for_language  # noqa: E402 - the Snowball stop lists, as data

from indexer.search import expansion  # noqa: E402
from indexer.search.querysyntax import ParsedQuery, Term, parse  # noqa: E402
from indexer.text import plain_text  # noqa: E402

TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|\w+(?:\.?\w+)*")
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def stop_list(group: str) -> frozenset[str]:
    return frozenset(stopwords_for_language(group)) if group in STEMMERS else frozenset()


@cache
def variants(word: str, group: str) -> frozenset[str]:
    """The index terms of one lowercased word in a group."""
    if group not in STEMMERS:
        return frozenset({fold(word)})
    stem = snowballstemmer.stemmer(STEMMERS[group]).stemWord
    return frozenset({fold(stem(word)), stem(fold(word))})


def words(text: str) -> list[str]:
    return [w.lower() for w in TOKEN.findall(text)]


def analysed(text: str, group: str) -> list[frozenset[str]]:
    """Each word of ``text`` that is not a stop word of ``group``, as its set of index terms."""
    return [variants(w, group) for w in words(text) if w not in stop_list(group)]


def group_of(language: str) -> str:
    return language if language in STEMMERS else "xx"


def metadata(practice: Practice) -> str:
    names = [vocabulary.countries().get(code) for code in practice.countries]
    labels = [label for term in names if term for label in term.label.values()]
    return "\n".join([*labels, *practice.tags, *practice.partners, practice.implemented_by])


def contains(sequence: list[frozenset[str]], wanted: list[frozenset[str]]) -> bool:
    """Whether ``wanted`` stands in ``sequence`` in order, next to each other (sets meet)."""
    n = len(wanted)
    return any(all(sequence[i + k] & wanted[k] for k in range(n)) for i in range(len(sequence) - n + 1))


class Reading:
    """One practice as the rule reads it."""

    def __init__(self, practice: Practice) -> None:
        self.id = practice.id
        self.group = group_of(practice.language)
        text = "\n".join([practice.title, practice.summary, plain_text(practice.body)])
        self.text = analysed(text, self.group)
        self.plain = {fold(w) for w in words(text)}
        self.meta = [frozenset({fold(w)}) for w in words(metadata(practice))]

    def has(self, term: Term) -> bool:
        if term.language and term.language != self.group:  # a concept's label, in its language only
            return False
        wanted = analysed(" ".join(term.words), self.group)
        if term.language:
            return contains(self.text, wanted)
        meta = [frozenset({fold(w)}) for w in words(" ".join(term.words))]
        return contains(self.text, wanted) or contains(self.meta, meta)

    def has_plainly(self, term: Term) -> bool:
        if term.language:
            return False
        every = [fold(w) for w in words(" ".join(term.words))]
        meta = [frozenset({w}) for w in every]
        return all(w in self.plain for w in every) or contains(self.meta, meta)


def live(term: Term, group: str) -> bool:
    if term.language and term.language != group:
        return False
    return bool(analysed(" ".join(term.words), group))


FEW = 10  # fewer practices than this with every word: "most" of the words will do


def quoted(clause: tuple[Term, ...]) -> bool:
    """A lone "quoted phrase" (with its concept's labels) is required."""
    typed = [t for t in clause if not t.language]
    return len(typed) == 1 and typed[0].quoted


def weak(clause: tuple[Term, ...]) -> bool:
    """Every alternative is a single word that some stemmed language drops."""
    return all(
        not t.is_phrase and not t.language and any(not analysed(t.words[0], g) for g in STEMMERS)
        for t in clause
    )


def clauses(reading: Reading, parsed: ParsedQuery) -> list[tuple[bool, bool, bool]]:
    """(held, matched, optional) of each clause for a practice."""
    group = reading.group
    wanted = [t for clause in parsed.clauses for t in clause]
    empty = bool(wanted) and not any(live(t, group) for t in wanted)
    found = []
    for clause in parsed.clauses:
        optional = not quoted(clause)
        if empty:
            found.append((True, any(reading.has_plainly(t) for t in clause), optional))
            continue
        alternatives = [t for t in clause if live(t, group)]
        found.append((bool(alternatives), any(reading.has(t) for t in alternatives), optional))
    return found


def excluded(reading: Reading, parsed: ParsedQuery) -> bool:
    return any(live(t, reading.group) and reading.has(t) for t in parsed.excluded)


def has_all(reading: Reading, parsed: ParsedQuery) -> bool:
    return not excluded(reading, parsed) and all(m or not h for h, m, _ in clauses(reading, parsed))


def has_most(reading: Reading, parsed: ParsedQuery) -> bool:
    found = clauses(reading, parsed)
    if excluded(reading, parsed) or any(h and not m and not o for h, m, o in found):
        return False
    held = [(m, weak(c)) for c, (h, m, o) in zip(parsed.clauses, found, strict=True) if h and o]
    if any(not w for _, w in held):  # weak clauses count only where nothing else is held
        held = [(m, w) for m, w in held if not w]
    matched = sum(1 for m, _ in held if m)
    return matched >= (max(1, 2 * len(held) // 3) if held else 0)


def parsed_query(text: str, expand: bool = True) -> ParsedQuery:
    """The query as parsed, and expanded with the thesaurus (``indexer.search.expansion``,
    tested on its own against the thesaurus file): the oracle checks how engines match the
    expanded query."""
    parsed = parse(text)
    return expansion.expand(parsed)[0] if expand else parsed


def matched_clauses(practice: Practice, text: str, expand: bool = True) -> int:
    """How many optional clauses of the query a practice matches (the first key of "most")."""
    return sum(1 for h, m, o in clauses(Reading(practice), parsed_query(text, expand)) if h and m and o)


def match(practices: list[Practice], text: str, expand: bool = True) -> tuple[set[str], str]:
    """(ids, mode) of a query's words: every clause, or "most" of them when fewer than FEW
    practices have every one and at least two clauses may be missed."""
    parsed = parsed_query(text, expand)
    readings = [Reading(p) for p in practices]
    every = {r.id for r in readings if has_all(r, parsed)}
    optional = sum(1 for clause in parsed.clauses if not quoted(clause))
    relaxable = optional >= 2
    if len(every) >= FEW or not relaxable:
        return every, "all"
    return {r.id for r in readings if has_most(r, parsed)}, "most"


def matching(practices: list[Practice], text: str, expand: bool = True) -> set[str]:
    """The ids of the practices that a query's words match, by the rule above."""
    return match(practices, text, expand)[0]
