"""Text analysis per language, and the Whoosh schema that uses it.

A practice's text goes into the fields of its language group (``en``, ``fr``, ``es``,
or ``xx`` for any other language), each with its own stop words and Snowball stemmer.
Stemmers need accents (French "réfugiés" stems to "réfugi", but "refugies" to "refug"),
so each word is indexed under two terms at one position: its stem folded, and the stem
of its folded form. A query word is analysed the same way and matches either, so
``refugies``, ``réfugiés`` and ``Réfugié`` meet. A query is analysed for every group, so
it finds practices in any language.

Stop words are dropped from a language's fields, but each practice also keeps the stop
words of its own language, folded, in the field ``stops``: a query made only of words
that a language ignores searches them there, as ordinary words, in that language's
practices (``sea`` is a Spanish stop word and an English noun).
"""

from __future__ import annotations

from functools import cache

from whoosh import fields
from whoosh.analysis import Analyzer, CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from indexer.search.documents import CJK_CHARACTERS, GROUPS, STEMMED

PARTS = ("title", "summary", "body")
BOOSTS = {"title": 3.0, "summary": 2.0, "body": 1.0, "meta": 1.0, "stops": 1.0}
# Words, numbers like 10.7, and each Han, kana or Hangul character on its own, so that
# Chinese or Japanese text without spaces is still findable (a query word becomes a phrase).
TOKENS = CJK_CHARACTERS + r"|\w+(?:\.?\w+)*"


def fold(text: str) -> str:
    """Lowercase text without accents."""
    return text.translate(accent_map)


class FoldedStemFilter(Filter):
    """Emit a word's folded stem and, when it differs, the stem of its folded form."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._stems: dict[str, tuple[str, ...]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldedStemFilter) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(("FoldedStemFilter", self.lang))

    def __getstate__(self) -> dict:
        return {"lang": self.lang}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["lang"])

    def variants(self, word: str) -> tuple[str, ...]:
        found = self._stems.get(word)
        if found is None:
            stem = stemmer_for_language(self.lang)
            first, second = fold(stem(word)), stem(fold(word))
            found = (first,) if first == second else (first, second)
            if len(self._stems) < 200_000:
                self._stems[word] = found
        return found

    def __call__(self, tokens):  # noqa: ANN001 - Whoosh's filter protocol
        for token in tokens:
            for variant in self.variants(token.text):
                token.text = variant
                yield token


@cache
def analyzer(group: str) -> Analyzer:
    """The analyzer of a language group; ``xx`` only folds case and accents."""
    chain = RegexTokenizer(TOKENS) | LowercaseFilter()
    if group in STEMMED:
        stop = frozenset(stopwords_for_language(group))
        return chain | StopFilter(stoplist=stop, minsize=1) | FoldedStemFilter(group)
    return chain | CharsetFilter(accent_map)


def field_name(part: str, group: str) -> str:
    return f"{part}_{group}"


TEXT_FIELDS = [field_name(part, group) for group in GROUPS for part in PARTS] + ["meta"]


def field_group(name: str) -> str:
    """The analysis group of a text field (``xx``, folding only, for meta and spell)."""
    return name.rsplit("_", 1)[1] if "_" in name else "xx"


def field_part(name: str) -> str:
    return name.split("_", 1)[0]


def schema() -> fields.Schema:
    """The index schema: text per language group, folded metadata, stored cards and bodies."""
    text = {name: fields.TEXT(analyzer=analyzer(field_group(name)), phrase=True) for name in TEXT_FIELDS}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        spell=fields.TEXT(analyzer=analyzer("xx"), phrase=False),
        stops=fields.TEXT(analyzer=analyzer("xx"), phrase=False),
        card=fields.STORED(),
        body=fields.STORED(),
        html=fields.STORED(),
        **text,
    )


def analyse(text: str, group: str) -> list[tuple[str, int]]:
    """(term, position) pairs of ``text`` analysed for ``group``."""
    return [(token.text, token.pos) for token in analyzer(group)(text, positions=True)]


def positions(text: str, group: str) -> tuple[tuple[str, ...], ...]:
    """The alternatives at each position of ``text`` analysed for ``group``, in order."""
    slots: dict[int, list[str]] = {}
    for term, pos in analyse(text, group):
        slots.setdefault(pos, [])
        if term not in slots[pos]:
            slots[pos].append(term)
    return tuple(tuple(slots[pos]) for pos in sorted(slots))


def stop_text(text: str, group: str) -> str:
    """The words of ``text`` that ``group``'s stop list holds, in order (for the ``stops`` field)."""
    if group not in STEMMED:
        return ""
    stop = frozenset(stopwords_for_language(group))
    words = (token.text for token in (RegexTokenizer(TOKENS) | LowercaseFilter())(text))
    return " ".join(word for word in words if word in stop)
