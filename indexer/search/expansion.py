"""Query-time concept expansion, for every backend: a reader's words in one language find
practices written in another.

Words of a query that together name a concept of the thesaurus
(``indexer/vocabularies/concepts.yaml``, any of its labels in English, French or
Spanish, compared case- and accent-folded) become one clause: the words as typed, OR
every label of the concept, each label a term of its own language (``Term.language``)
that the backend analyses with that language's analyzer and matches in that language's
practices only. The longest run of words that names a concept wins, left to right;
lone quoted phrases are expanded when they are a label, and words joined by OR or
excluded are left as they are.

The thesaurus missing or broken never breaks a search: expansion is then off, and the
log says why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from indexer import vocabulary
from indexer.concepts import Concept, ConceptsError, concepts, concepts_by_label, fold_label
from indexer.search.interface import FACETS
from indexer.search.querysyntax import WORD, ParsedQuery, Term

log = logging.getLogger(__name__)
LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class Expansion:
    """Words of the query that named a concept, and the labels searched with them."""

    text: str
    concept: str
    labels: dict[str, tuple[str, ...]]  # language -> every label searched, preferred first
    objectives: tuple[int, ...] = ()

    def preferred(self) -> list[str]:
        """The preferred label in each language, once each ("social security · sécurité sociale")."""
        return list(dict.fromkeys(self.labels[lang][0] for lang in LANGUAGES if self.labels.get(lang)))


@cache
def _index() -> tuple[Mapping[str, tuple[Concept, ...]], int]:
    """The shipped thesaurus' label index; empty when the thesaurus cannot be read."""
    try:
        concepts_by_label()  # the thesaurus' own checks: a broken file turns expansion off
        return index_of(concepts())
    except (ConceptsError, OSError) as error:
        log.error("query expansion is off: the concept thesaurus cannot be read (%s)", error)
        return {}, 0


def index_of(found: Iterable[Concept]) -> tuple[Mapping[str, tuple[Concept, ...]], int]:
    """The label index of some concepts (folded label, and its other number -> concepts) and the
    longest label in words."""
    index: dict[str, list[Concept]] = {}
    for concept in found:
        for lang, label in concept.all_labels():
            for form in filter(None, (label, other_number(label, lang))):
                owners = index.setdefault(fold_label(form), [])
                if concept not in owners:
                    owners.append(concept)
    return {k: tuple(v) for k, v in index.items()}, max((len(k.split()) for k in index), default=0)


# Words after which a label's head noun phrase ends ("victims *of* trafficking").
LINKS = {
    "en": {"of", "for", "in", "on", "to", "at", "with", "from", "by", "against", "and", "or"},
    "fr": {
        "de",
        "du",
        "des",
        "d",
        "à",
        "au",
        "aux",
        "en",
        "pour",
        "par",
        "contre",
        "sur",
        "avec",
        "et",
        "ou",
        "l",
        "la",
        "le",
        "les",
    },
    "es": {
        "de",
        "del",
        "a",
        "al",
        "en",
        "para",
        "por",
        "con",
        "contra",
        "sobre",
        "y",
        "o",
        "la",
        "el",
        "los",
        "las",
    },
}
_PLURAL_RULES = {
    "en": [(r"([^aeiou])y$", r"\1ies"), (r"(s|x|z|ch|sh)$", r"\1es"), (r"$", "s")],
    "fr": [(r"[sxz]$", None), (r"al$", "aux"), (r"(eau|eu|au)$", r"\1x"), (r"$", "s")],
    "es": [(r"z$", "ces"), (r"ón$", "ones"), (r"([aeiouéó])$", r"\1s"), (r"[sx]$", None), (r"$", "es")],
}
_SINGULAR_RULES = {
    "en": [(r"ies$", "y"), (r"(ss|us|is)$", None), (r"(x|z|ch|sh|sses)es$", r"\1"), (r"s$", "")],
    "fr": [(r"eaux$", "eau"), (r"aux$", "al"), (r"nus$", "nu"), (r"(ss|us)$", None), (r"[sx]$", "")],
    "es": [(r"ces$", "z"), (r"ones$", "ón"), (r"([^aeiou])es$", r"\1"), (r"(is|us)$", None), (r"s$", "")],
}


def _looks_plural(word: str, lang: str) -> bool:
    if lang == "en":
        return bool(re.search(r"[^su]s$", word)) and not word.endswith(("ss", "us", "is"))
    if lang == "fr":
        return bool(re.search(r"[^s][sx]$", word))
    return bool(re.search(r"[aeiouéó]s$|[^aeiou]es$", word))


def _inflect(word: str, lang: str) -> str | None:
    """The other number of one word (None: the same, or not a word to inflect)."""
    if len(word) < 3 or not word.isalpha() or any(c.isupper() for c in word[1:]):
        return None
    lower = word.lower()
    rules = _SINGULAR_RULES if _looks_plural(lower, lang) else _PLURAL_RULES
    for pattern, replacement in rules[lang]:
        if re.search(pattern, lower):
            return None if replacement is None else re.sub(pattern, replacement, lower, count=1)
    return None


def other_number(label: str, lang: str) -> str | None:
    """A label with its head noun phrase in the other number ("migrant worker" <-> "migrant workers").

    English inflects the last word before a link word ("victim of trafficking"); French and
    Spanish every word before it, adjectives agreeing ("travailleurs frontaliers").
    """
    words = WORD.findall(label)
    head = next((i for i, w in enumerate(words) if i and w.lower() in LINKS.get(lang, ())), len(words))
    targets = [head - 1] if lang == "en" else range(head)
    changed = list(words)
    for i in targets:
        changed[i] = _inflect(words[i], lang) or words[i]
    return " ".join(changed) if changed != words else None


def _single(clause: tuple[Term, ...]) -> bool:
    return len(clause) == 1 and clause[0].language is None


def _span(clauses: list[tuple[Term, ...]], start: int) -> tuple[int, str, tuple[Concept, ...]] | None:
    """The longest run of single-term clauses from ``start`` that is a label: (end, text, concepts)."""
    index, longest = _index()
    end = start
    while end < len(clauses) and _single(clauses[end]):
        end += 1
    words: list[str] = []
    lengths = []
    for clause in clauses[start:end]:
        words.extend(clause[0].words)
        lengths.append(len(words))
    for count in range(len(lengths), 0, -1):
        if lengths[count - 1] > longest:
            continue
        text = " ".join(words[: lengths[count - 1]])
        found = index.get(fold_label(text))
        if found:
            return start + count, text, found
    return None


@lru_cache(maxsize=1024)
def _label_terms(concepts: tuple[Concept, ...]) -> tuple[tuple[str, Term], ...]:
    """(folded form, term) of every label of the concepts and of its other number, once each."""
    found: dict[tuple[str, str], Term] = {}
    for concept in concepts:
        for lang, label in concept.all_labels():
            for form in filter(None, (label, other_number(label, lang))):
                words = tuple(WORD.findall(form))
                if words:
                    found.setdefault((lang, fold_label(form)), Term(words, language=lang))
    return tuple((key[1], term) for key, term in found.items())


def concept_clause(
    text: str, concepts: tuple[Concept, ...], quoted: bool
) -> tuple[tuple[Term, ...], Expansion]:
    """The words as typed, OR every label of the concepts in its own language."""
    typed = fold_label(text)
    terms = [Term(tuple(WORD.findall(text)), quoted=quoted)]
    terms += [term for folded, term in _label_terms(concepts) if folded != typed]
    labels: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for concept in concepts:
        for lang, label in concept.all_labels():
            labels[lang].append(label)
    objectives = tuple(sorted({n for concept in concepts for n in concept.objectives}))
    expansion = Expansion(
        text,
        concepts[0].id,
        {lang: tuple(dict.fromkeys(found)) for lang, found in labels.items() if found},
        objectives,
    )
    return tuple(terms), expansion


def expand(parsed: ParsedQuery) -> tuple[ParsedQuery, tuple[Expansion, ...]]:
    """The query with every run of words that names a concept turned into an OR of its labels."""
    if not parsed.clauses or not _index()[0]:
        return parsed, ()
    result = ParsedQuery(excluded=list(parsed.excluded))
    found: list[Expansion] = []
    start = 0
    while start < len(parsed.clauses):
        span = _span(parsed.clauses, start) if _single(parsed.clauses[start]) else None
        if span is None:
            result.clauses.append(parsed.clauses[start])
            start += 1
            continue
        end, text, concepts = span
        quoted = end == start + 1 and parsed.clauses[start][0].quoted
        clause, expansion = concept_clause(text, concepts, quoted)
        start = end
        result.clauses.append(clause)
        found.append(expansion)
    return result, tuple(found)


@cache
def _vocabulary_labels() -> dict[str, list[tuple[str, str]]]:
    """Folded label -> (facet, code) of the objectives, principles, regions and countries."""
    labels: dict[str, list[tuple[str, str]]] = {}
    facets = ("objective", "principle", "region", "subregion", "country")
    for facet in facets:
        name = FACETS[facet]
        for term in vocabulary.ALL[name]():
            for text in [*term.label.values(), *term.title.values()]:
                key = fold_label(text)
                if key and (facet, term.code) not in labels.get(key, []):
                    labels.setdefault(key, []).append((facet, term.code))
    return labels


def offers(text: str, expansions: tuple[Expansion, ...] = ()) -> list[tuple[str, str]]:
    """(facet, code) of the vocabulary terms a query names: any run of its words that is the
    label of an objective, principle, region or country in any language, and the objectives
    of the concepts it was expanded with."""
    words = WORD.findall(text)
    labels = _vocabulary_labels()
    found: list[tuple[str, str]] = []
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            for offer in labels.get(fold_label(" ".join(words[start:end])), []):
                if offer not in found:
                    found.append(offer)
    for expansion in expansions:
        for number in expansion.objectives:
            if ("objective", str(number)) not in found:
                found.append(("objective", str(number)))
    return found
