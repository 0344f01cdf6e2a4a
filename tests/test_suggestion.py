"""The suggestion policy (indexer/search/suggestion.py) on its own, with a speller that is data."""

from __future__ import annotations

from indexer.search import suggestion


class Collection:
    """A speller over a few practices' words: folded word -> (languages, surface, practices)."""

    def __init__(self, words: dict[str, tuple[str, str, int]], finds: dict[str, tuple[int, int]]):
        self.words, self.finds = words, finds
        self.known = suggestion.Lexicon()
        for _, (language, surface, count) in words.items():
            for _ in range(count):
                self.known.add(surface, language)

    def unknown(self, words):
        return [w for w in words if suggestion.fold(w) not in self.words and w not in ("de", "la", "los")]

    def near(self, folded, distance):
        def edits(a, b):
            row = list(range(len(b) + 1))
            for i, x in enumerate(a, 1):
                row, prev = [i], row
                for j, y in enumerate(b, 1):
                    row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x != y)))
            return row[-1]

        return [
            (w, n)
            for w, (_, _, n) in self.words.items()
            if w[0] == folded[0] and edits(w, folded) <= distance
        ]

    def lexicon(self):
        return self.known

    def outcome(self, text):
        return self.finds.get(text, (0, 0))


WORDS = {
    "common": ("en", "common", 9),
    "requires": ("en", "requires", 9),
    "reduire": ("fr", "réduire", 2),
    "migracion": ("es", "migración", 3),
    "migration": ("en", "migration", 20),
    "remittances": ("en", "remittances", 4),
    "remesas": ("es", "remesas", 3),
    "seasonal": ("en", "seasonal", 2),
    "harvest": ("en", "harvest", 1),
}


def test_a_french_question_is_not_answered_in_english():
    speller = Collection(WORDS, {"common requires": (5, 5)})
    assert suggestion.suggest("comment requièrent", speller, "fr") is None


def test_a_spanish_word_keeps_its_language_and_accents():
    speller = Collection(WORDS, {"remesas y migración": (3, 1), "remesas y migrasión": (1, 0)})
    assert suggestion.suggest("remesas y migrasión", speller, "en") == "remesas y migración"


def test_the_language_comes_from_accents_then_the_interface():
    known = suggestion.Lexicon()
    assert suggestion.query_language(["¿cómo", "xyz"], known, "en") == "es"
    assert suggestion.query_language(["françaises"], known, "en") == "fr"
    assert suggestion.query_language(["réduire"], known, "es") == "es"  # é: French or Spanish
    assert suggestion.query_language(["zzz"], known, "fr") == "fr"


def test_offered_only_when_it_finds_more():
    same = Collection(WORDS, {"seasonal harvest": (1, 1), "seasonal harvset": (1, 1)})
    assert suggestion.suggest("seasonal harvset", same, "en") is None
    more = Collection(WORDS, {"seasonal harvest": (1, 1), "seasonal harvset": (1, 0)})
    assert suggestion.suggest("seasonal harvset", more, "en") == "seasonal harvest"


def test_capitals_are_kept_and_short_words_left_alone():
    speller = Collection(WORDS, {"Remittances": (4, 4)})
    assert suggestion.suggest("Remitances", speller, "en") == "Remittances"
    assert suggestion.suggest("remx", Collection(WORDS, {}), "en") is None
