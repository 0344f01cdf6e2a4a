"""The spelling suggestion policy, once for every backend: "Did you mean …?" in the reader's language.

A backend supplies a ``Speller``: which query words no practice contains, the collection's
words near a word (folded, with how many practices hold them), and what a query finds.
This module decides:

- only words of four letters or more that no practice contains are corrected, each to
  the most frequent collection word within one edit (two from six letters on);
- in the query's language: the language of the query's other words in the collection, or
  of its accents (ñ, ¿, ç, è…), else the interface language; a candidate must occur in
  a title, summary or keyword of a practice in that language, so a French question is
  never answered in English ("comment réduire" never becomes "common requires");
- with the accents the collection writes the word with in that language ("migrasión"
  becomes "migración", not "migracion");
- offered only when the corrected query finds more: more results, or more results with
  every word (a query of "most" words can show the same practices either way).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from indexer.search import querysyntax
from indexer.search.documents import group_of
from indexer.search.querysyntax import WORD

MIN_LENGTH = 4
LANGUAGES = ("en", "fr", "es")
# Letters that one of the three languages writes and the others do not.
ACCENTS = {"es": set("ñáíóú¿¡"), "fr": set("àâçèêëîïôûùœ")}


def fold(word: str) -> str:
    """Lowercase, without accents (as the engines fold words)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Lexicon:
    """The words of titles, summaries and keywords: folded word -> language -> surface forms."""

    words: dict[str, dict[str, Counter]] = field(default_factory=dict)

    def add(self, text: str, language: str) -> None:
        for word in WORD.findall(text):
            surface = word.lower()
            self.words.setdefault(fold(surface), {}).setdefault(language, Counter())[surface] += 1

    def languages(self, folded: str) -> set[str]:
        return set(self.words.get(folded, {}))

    def surface(self, folded: str, language: str | None) -> str:
        """How the collection writes a word in ``language`` (else in any language), accents kept."""
        forms = self.words.get(folded, {})
        counts = forms.get(language) if language else None
        if not counts:
            counts = sum(forms.values(), Counter())
        return counts.most_common(1)[0][0] if counts else folded


def lexicon(cards: Iterable[Mapping[str, Any]]) -> Lexicon:
    """The lexicon of a generation's cards (title, summary, tags, in their practice's language)."""
    found = Lexicon()
    for card in cards:
        language = group_of(card["language"])
        found.add(" ".join([card["title"], card["summary"], *card.get("tags", [])]), language)
    return found


class Speller(Protocol):
    """What a backend answers for the policy, all from one generation."""

    def unknown(self, words: list[str]) -> list[str]:
        """The words (not stop words) that no practice contains, in any language."""
        ...

    def near(self, folded: str, distance: int) -> list[tuple[str, int]]:
        """Collection words within ``distance`` edits, same first letter: (folded word, practices)."""
        ...

    def lexicon(self) -> Lexicon: ...

    def outcome(self, text: str) -> tuple[int, int]:
        """(results, results with every word) of a query, with the search's filters."""
        ...


def query_language(words: list[str], known: Lexicon, hint: str) -> str:
    """The language of a query: of its words in the collection, else of its accents, else ``hint``."""
    votes: Counter = Counter()
    for word in words:
        languages = known.languages(fold(word)) & set(LANGUAGES)
        for language in languages:
            votes[language] += 1 / len(languages)
    if votes:
        return max(sorted(votes), key=lambda lang: votes[lang])
    letters = set("".join(words).lower())
    for language, accents in ACCENTS.items():
        if letters & accents:
            return language
    return hint if hint in LANGUAGES else "en"


def suggest(text: str, speller: Speller, hint: str = "en") -> str | None:
    """A corrected query in the query's language, or None."""
    try:
        words = querysyntax.parse(text).words()
    except querysyntax.QuerySyntaxError:
        return None
    unknown = [w for w in speller.unknown(words) if len(w) >= MIN_LENGTH]
    if not unknown:
        return None
    known = speller.lexicon()
    language = query_language([w for w in words if w not in unknown], known, hint)
    corrected = text
    for word in unknown:
        best = _closest(word, speller, known, language)
        if best:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _cased(best, word), corrected)
    if corrected == text or not _better(speller.outcome(corrected), speller.outcome(text)):
        return None
    return corrected


def _closest(word: str, speller: Speller, known: Lexicon, language: str) -> str | None:
    candidates = speller.near(fold(word), 2 if len(word) > 5 else 1)
    native = [(n, c) for c, n in candidates if language in known.languages(c)]
    return known.surface(max(native)[1], language) if native else None


def _cased(surface: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return surface.upper()
    return surface[:1].upper() + surface[1:] if typed[:1].isupper() else surface


def _better(corrected: tuple[int, int], original: tuple[int, int]) -> bool:
    """More results, or more of them with every word."""
    return corrected[0] > original[0] or corrected[1] > original[1]
