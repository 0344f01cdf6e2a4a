"""A fixed, deterministic workload of distinct queries over a generated corpus.

The mix: one word (30%), two words (25%), three words (15%), a "quoted phrase" of two
adjacent words from a practice's body (15%), and the rest words with an exclusion
(``-word``) or an alternative (``OR``). Each query has no facet filter (50%), one (30%)
or two (20%), with values that occur in the corpus (drawn through a random practice, so
frequent values are chosen more often). Words come from the corpus' own vocabulary: half
drawn by how many practices use them (common words), half uniformly (mostly rare ones).
Stop words are never query words: every engine ignores or treats them differently.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Iterable

from whoosh.lang import stopwords_for_language

from benchmarks.corpus import LANGUAGES
from benchmarks.words import CONTENT
from indexer.model import Practice
from indexer.search.interface import Query
from indexer.text import plain_text

KINDS = {"one": 0.30, "two": 0.25, "three": 0.15, "phrase": 0.15, "operator": 0.15}
FILTER_COUNTS = {0: 0.50, 1: 0.30, 2: 0.20}
FILTER_FACETS = ("objective", "region", "country", "type", "language", "principle")
SAMPLE = 1500  # practices read to learn the vocabulary's frequencies
WORD = re.compile(r"\w+")


def _stopwords() -> frozenset[str]:
    return frozenset(w for lang in ("en", "fr", "es") for w in stopwords_for_language(lang))


def _quota(shares: dict, count: int, rng: random.Random) -> list:
    """Exactly ``count`` labels in the given proportions, shuffled."""
    labels = [label for label, share in shares.items() for _ in range(round(share * count))]
    labels = (labels + list(shares) * count)[:count]
    rng.shuffle(labels)
    return labels


class Vocabulary:
    """Query words per language, with their document frequencies in a sample of the corpus."""

    def __init__(self, practices: list[Practice], rng: random.Random) -> None:
        stop = _stopwords()
        sample = rng.sample(practices, min(SAMPLE, len(practices)))
        self.words: dict[str, list[str]] = {}
        self.weights: dict[str, list[int]] = {}
        for lang in LANGUAGES:
            allowed = {w for w in CONTENT[lang] if w not in stop and WORD.fullmatch(w)}
            df: Counter[str] = Counter()
            for practice in (p for p in sample if p.language == lang):
                text = f"{practice.title} {practice.summary} {practice.body}".lower()
                df.update(set(WORD.findall(text)) & allowed)
            self.words[lang] = sorted(df)
            self.weights[lang] = [df[w] for w in self.words[lang]]
        self.allowed = {lang: set(words) for lang, words in self.words.items()}

    def pick(self, lang: str, rng: random.Random, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            if rng.random() < 0.5:
                word = rng.choices(self.words[lang], self.weights[lang])[0]
            else:
                word = rng.choice(self.words[lang])
            if word not in chosen:
                chosen.append(word)
        return chosen


def _phrase(practices: list[Practice], vocab: Vocabulary, rng: random.Random) -> str | None:
    practice = rng.choice(practices)
    words = WORD.findall(plain_text(practice.body).lower())
    allowed = vocab.allowed[practice.language]
    pairs = [(a, b) for a, b in itertools.pairwise(words) if a in allowed and b in allowed and a != b]
    if not pairs:
        return None
    first, second = rng.choice(pairs)
    return f'"{first} {second}"'


def _text(kind: str, practices: list[Practice], vocab: Vocabulary, rng: random.Random) -> str | None:
    lang = rng.choices(list(LANGUAGES), list(LANGUAGES.values()))[0]
    if kind == "phrase":
        return _phrase(practices, vocab, rng)
    if kind in ("one", "two", "three"):
        return " ".join(vocab.pick(lang, rng, ("one", "two", "three").index(kind) + 1))
    words = vocab.pick(lang, rng, 3)
    shape = rng.randrange(4)
    return [
        f"{words[0]} -{words[1]}",
        f"{words[0]} {words[2]} -{words[1]}",
        f"{words[0]} OR {words[1]}",
        f"{words[0]} OR {words[1]} {words[2]}",
    ][shape]


def _values(facet: str, practice: Practice) -> list[str]:
    if facet == "objective":
        return [str(n) for n in practice.all_objectives]
    if facet == "language":
        return [practice.language]
    if facet == "type":
        return [practice.type]
    return list(
        getattr(practice, {"region": "regions", "country": "countries", "principle": "principles"}[facet])
    )


def _filters(count: int, practices: list[Practice], rng: random.Random) -> dict[str, tuple[str, ...]]:
    filters: dict[str, tuple[str, ...]] = {}
    for facet in rng.sample(FILTER_FACETS, count):
        values: list[str] = []
        while not values:
            values = _values(facet, rng.choice(practices))
        chosen = [rng.choice(values)]
        if facet != "language" and rng.random() < 0.15:  # sometimes two values: OR within a facet
            more = [v for v in _values(facet, rng.choice(practices)) if v not in chosen]
            chosen += more[:1]
        filters[facet] = tuple(chosen)
    return filters


def key(query: Query) -> tuple:
    """What makes two queries the same query."""
    return query.text, tuple(sorted((f, tuple(sorted(v))) for f, v in query.filters.items()))


def queries(
    practices: list[Practice], count: int = 300, seed: int = 1, exclude: Iterable[Query] = ()
) -> list[Query]:
    """``count`` distinct queries, none of them in ``exclude``; the same for the same arguments."""
    rng = random.Random(seed)
    vocab = Vocabulary(practices, random.Random(seed + 7919))
    seen = {key(q) for q in exclude}
    result = []
    for kind, filter_count in zip(_quota(KINDS, count, rng), _quota(FILTER_COUNTS, count, rng), strict=True):
        while True:
            text = _text(kind, practices, vocab, rng)
            if text is None:
                continue
            query = Query(text=text, filters=_filters(filter_count, practices, rng), page_size=20)
            if key(query) not in seen:
                seen.add(key(query))
                result.append(query)
                break
    return result


def describe(workload: list[Query]) -> dict[str, int]:
    """How many queries of each shape (for the report)."""
    shapes: Counter[str] = Counter()
    for query in workload:
        text = query.text
        if text.startswith('"'):
            shape = "phrase"
        elif " -" in text or " OR " in text:
            shape = "operator"
        else:
            shape = f"{len(text.split())} word(s)"
        shapes[shape] += 1
        shapes[f"{len(query.filters)} filter(s)"] += 1
    return dict(sorted(shapes.items()))
