"""Singular and plural of every thesaurus label meet, in each language (issue 12).

The walk goes over every label of the shipped thesaurus (and of the test thesaurus). For
each, the other number is made here with plain rules of the three languages (English:
the head noun; French and Spanish: the head noun phrase, adjectives agreeing), and the
test asks whether a practice that writes that form is found: whether one of the terms
the query's concept is searched with analyses to the same index terms, position by
position, with the Whoosh analyzer of that language. Snowball alone keeps some forms
apart (Spanish "ciudad" and "ciudades", French words in -al/-aux): the expansion
searches both numbers.
"""

from __future__ import annotations

import re

import pytest

from indexer import concepts as thesaurus
from indexer.search import expansion
from indexer.search.whoosh_engine.analysis import positions
from tests.conftest import ROOT

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


def toggle(word: str, lang: str) -> str | None:
    """The other number of a word by the plainest rule of each language."""
    if len(word) < 4 or not word.isalpha() or any(c.isupper() for c in word[1:]):
        return None
    w = word.lower()
    if lang == "en":
        if w.endswith("ies"):
            return w[:-3] + "y"
        if w.endswith(("ss", "us", "is", "x", "ch", "sh")):
            return w + "es"
        if w.endswith("s"):
            return w[:-1]
        return w[:-1] + "ies" if re.search(r"[^aeiou]y$", w) else w + "s"
    if lang == "fr":
        if w.endswith("eaux"):
            return w[:-1]
        if w.endswith("aux"):
            return w[:-3] + "al"
        if w.endswith("us"):
            return w[:-1] if w.endswith("nus") else None
        if re.search(r"[^s][sx]$", w):
            return w[:-1]
        if w.endswith(("eau", "eu")):
            return w + "x"
        return None if w.endswith(("s", "z")) else w[:-2] + "aux" if w.endswith("al") else w + "s"
    if w.endswith("ces"):
        return w[:-3] + "z"
    if re.search(r"[^aeiou]es$", w):
        return w[:-2]
    if re.search(r"(is|us)$", w):  # crisis, virus: the same in both numbers
        return None
    if re.search(r"[aeiouéó]s$", w):
        return w[:-1]
    if w.endswith("z"):
        return w[:-1] + "ces"
    return w + "s" if re.search(r"[aeiouéó]$", w) else None


def other(label: str, lang: str) -> str | None:
    words = re.findall(r"\w+", label)
    head = next((i for i, w in enumerate(words) if i and w.lower() in LINKS[lang]), len(words))
    targets = [head - 1] if lang == "en" else range(head)
    changed = list(words)
    for i in targets:
        changed[i] = toggle(words[i], lang) or words[i]
    return " ".join(changed) if changed != words else None


def meets(searched: list[tuple], form: str, lang: str) -> bool:
    wanted = positions(form, lang)
    return any(
        len(slots) == len(wanted) and all(set(a) & set(b) for a, b in zip(slots, wanted, strict=True))
        for slots in searched
    )


def walk(found: list[thesaurus.Concept]) -> list[str]:
    missed = []
    for concept in found:
        clause, _ = expansion.concept_clause(concept.labels["en"].pref, (concept,), False)
        for lang, label in concept.all_labels():
            searched = [positions(" ".join(t.words), lang) for t in clause if t.language in (lang, None)]
            form = other(label, lang) if not re.search(r"\d", label) else None
            if form and positions(form, lang) and not meets(searched, form, lang):
                missed.append(f"{concept.id} ({lang}): {label!r} does not meet {form!r}")
    return missed


def test_the_rules_of_this_test():
    assert (
        other("migrant worker", "en") == "migrant workers"
        and other("victims of trafficking", "en") == "victim of trafficking"
    )
    assert other("travailleurs frontaliers", "fr") == "travailleur frontalier"
    assert other("ciudad", "es") is None and toggle("ciudades", "es") == "ciudad"
    assert toggle("census", "en") == "censuses" and other("envois de fonds", "fr") == "envoi de fonds"


@pytest.mark.parametrize(
    "path", [thesaurus.THESAURUS, ROOT / "tests" / "data" / "thesaurus" / "concepts.yaml"]
)
def test_singular_and_plural_of_every_label_meet(path):
    found, problems = thesaurus.read_concepts(path)
    assert found and not [p for p in problems if p.severity == "error"]
    missed = walk(found)
    assert not missed, f"{len(missed)} label(s): " + "; ".join(missed[:15])
