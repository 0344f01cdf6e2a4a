"""The shipped collection keeps the coverage the hub promises."""

from __future__ import annotations

from collections import Counter

import pytest

from indexer import vocabulary
from indexer.collection import load
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def practices():
    collection = load([ROOT / "practices"])
    assert collection.problems == []
    return collection.practices


def test_at_least_40_practices(practices):
    assert len(practices) >= 40


def test_every_objective_is_a_primary_objective_somewhere(practices):
    primary = {n for p in practices for n in p.objectives}
    assert primary == set(range(1, 24))


def test_every_guiding_principle_appears(practices):
    assert {s for p in practices for s in p.principles} == set(vocabulary.principles().codes)


def test_every_region_has_at_least_five_practices(practices):
    per_region = Counter(r for p in practices for r in p.regions)
    assert {code: per_region[code] >= 5 for code in vocabulary.regions().codes} == dict.fromkeys(
        vocabulary.regions().codes, True
    )


def test_several_countries_and_global_practices(practices):
    assert sum(len(p.countries) > 1 for p in practices) >= 2
    assert any(p.scope == "global" for p in practices)


def test_languages_and_translations(practices):
    languages = Counter(p.language for p in practices)
    assert languages["fr"] >= 10 and languages["es"] >= 10
    assert set(languages) == {"en", "fr", "es"}
    by_id = {p.id: p for p in practices}
    translations = [p for p in practices if p.translation_of]
    assert len(translations) >= 3
    assert all(by_id[p.translation_of].language != p.language for p in translations)


def test_champion_countries_are_there_in_their_languages(practices):
    assert any("MAR" in p.countries and p.language == "fr" for p in practices)
    assert any("SLV" in p.countries and p.language == "es" for p in practices)


def test_every_practice_lists_public_sources(practices):
    assert [p.id for p in practices if not p.sources] == []
