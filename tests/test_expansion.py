"""Query-time concept expansion (indexer/search/expansion.py) on a small thesaurus, and offers."""

from __future__ import annotations

import logging

import pytest

from indexer import concepts as thesaurus
from indexer.search import expansion
from indexer.search.querysyntax import parse
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "thesaurus" / "concepts.yaml"


@pytest.fixture
def small(monkeypatch):
    """Expansion over tests/data/thesaurus/concepts.yaml instead of the shipped thesaurus."""
    found, problems = thesaurus.read_concepts(FIXTURE)
    assert not problems and len(found) == 3
    monkeypatch.setattr(expansion, "_index", lambda: expansion.index_of(found))


def shown(parsed):
    return [[(str(t), t.language) for t in clause] for clause in parsed.clauses]


def test_words_that_name_a_concept_become_one_clause_of_its_labels(small):
    parsed, found = expansion.expand(parse("sécurité sociale des migrants"))
    first = shown(parsed)[0]
    assert first[0] == ('"sécurité sociale"', None)  # the words as typed, in every language
    assert ('"social security"', "en") in first and ('"protección social"', "es") in first
    assert ('"protection sociale"', "fr") in first and ('"sécurité sociale"', "fr") not in first
    assert shown(parsed)[1:] == [[("des", None)], [("migrants", None)]]
    assert [e.concept for e in found] == ["social-security"]
    assert found[0].preferred() == ["social security", "sécurité sociale", "seguridad social"]
    assert found[0].objectives == (22,)


def test_the_longest_run_wins_and_case_and_accents_do_not_matter(small):
    parsed, found = expansion.expand(parse("Seasonal Worker remittances"))
    assert [e.concept for e in found] == ["seasonal-work", "remittances"]
    assert len(parsed.clauses) == 2
    assert expansion.expand(parse("SECURITE SOCIALE"))[1][0].concept == "social-security"


def test_or_exclusions_and_unknown_words_are_left_alone(small):
    for text in ["remittances OR diaspora", "migrants -remittances", "zzz qqq"]:
        parsed, found = expansion.expand(parse(text))
        assert shown(parsed) == shown(parse(text)) and found == ()
        assert [str(t) for t in parsed.excluded] == [str(t) for t in parse(text).excluded]


def test_a_quoted_label_is_expanded_and_stays_required(small):
    parsed, found = expansion.expand(parse('"social security"'))
    assert found and parsed.clauses[0][0].quoted
    assert not expansion.expand(parse("social security"))[0].clauses[0][0].quoted


def test_a_broken_thesaurus_turns_expansion_off_and_says_why(monkeypatch, caplog):
    def broken():
        raise thesaurus.ConceptsError("1 error(s) in the thesaurus, first: x")

    monkeypatch.setattr(expansion, "concepts_by_label", broken)
    expansion._index.cache_clear()
    try:
        with caplog.at_level(logging.ERROR):
            parsed, found = expansion.expand(parse("social security"))
        assert found == () and shown(parsed) == shown(parse("social security"))
        assert "query expansion is off" in caplog.text
    finally:
        expansion._index.cache_clear()


def test_the_shipped_thesaurus_expands_the_issues_questions():
    for text, concept in [
        ("sécurité sociale des travailleurs à l'étranger", "social-security"),
        ("reconnaissance des diplômes étrangers", "recognition-of-qualifications"),
        ("reconocimiento de títulos extranjeros", "recognition-of-qualifications"),
        ("protection consulaire", "consular-protection"),
        ("traite", "human-trafficking"),
    ]:
        assert concept in [e.concept for e in expansion.expand(parse(text))[1]], text


@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("reconocimiento de competencias", ("objective", "18")),
        ("protection consulaire", ("objective", "14")),
        ("migrants au Maroc", ("country", "MAR")),
        ("Afrique", ("region", "002")),
    ],
)
def test_a_query_naming_a_vocabulary_term_offers_its_facet(text, offer):
    assert offer in expansion.offers(text, expansion.expand(parse(text))[1])
