"""Hybrid search on both backends against a brute-force oracle.

With the fixed fake encoder (tests/support/encoder.py), the practices close in meaning to a
query are computable: cosine similarity of the stored vectors at or above the threshold,
minus those holding an excluded word. They join the words' matches (which the rest of the
conformance suite holds to its reference), and the facet counts are the oracle's over that
union. The order is reciprocal rank fusion, recomputed here from the two rankings.
"""

from __future__ import annotations

import numpy as np
import pytest

from indexer.search import Query
from indexer.search.hybrid import RRF_K, Meaning
from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic.vectors import embed
from tests.conformance.oracle import expected
from tests.support.encoder import FakeEncoder, vector

EVERYTHING = 100
THRESHOLD = 0.5


@pytest.fixture(scope="module")
def fake_vectors(test_practices):
    return embed(test_practices, FakeEncoder.model, FakeEncoder, None)[0]


@pytest.fixture(params=["whoosh", "postgres"])
def hybrid(request, tmp_path_factory, test_practices, fake_vectors):
    """A backend whose generation holds the fake vectors."""
    if request.param == "whoosh":
        engine = WhooshBackend(tmp_path_factory.mktemp("hybrid"))
        engine.build(test_practices, vectors=fake_vectors)
        yield engine
        return
    postgres = request.getfixturevalue("postgres")
    postgres.build(test_practices, vectors=fake_vectors)
    yield postgres
    postgres.build(test_practices)


def meaning_of(text: str, model: str = FakeEncoder.model) -> Meaning:
    words = " ".join(w for w in text.split() if not w.startswith("-"))
    return Meaning(model, vector(words), THRESHOLD)


def lexical_ids(engine, text: str) -> list[str]:
    return [card["id"] for card in engine.scan(Query(text=text))]


def oracle(engine, vectors, text: str, query: Query, practices):
    """(result ids, facets, expected order, ids close in meaning) computed by brute force."""
    sims = vectors.matrix @ meaning_of(text).vector
    close = {pid for pid, sim in zip(vectors.ids, sims.tolist(), strict=True) if sim >= THRESHOLD}
    for word in (w[1:] for w in text.split() if w.startswith("-")):
        close -= set(lexical_ids(engine, word))
    words = set(lexical_ids(engine, text))
    results, facets = expected(practices, words | close, query)
    plain = Query(text=text, filters=query.filters, page_size=EVERYTHING)
    lexical_order = [h.id for h in engine.search(plain).hits if h.id in results]
    sim_of = dict(zip(vectors.ids, sims.tolist(), strict=True))
    semantic_order = sorted((pid for pid in results if pid in close), key=lambda pid: (-sim_of[pid], pid))
    fused = dict.fromkeys(results, 0.0)
    for ranking in (lexical_order, semantic_order):
        for rank, pid in enumerate(ranking, 1):
            fused[pid] += 1 / (RRF_K + rank)
    order = sorted(results, key=lambda pid: (-fused[pid], pid))
    return results, facets, order, close, words


def facets_of(results):
    return {name: [(v.value, v.count, v.selected) for v in values] for name, values in results.facets.items()}


CASES = [
    ("remesas", {}),
    ("envois de fonds", {}),
    ("consulaire", {}),
    ("retornados", {"language": ("en",)}),
    ("workers money", {}),
    ("travailleurs -recruitment", {}),
    ("regularización", {"region": ("142", "019")}),
    ("remittances", {"objective": ("20",), "type": ("service", "policy-law")}),
]


@pytest.mark.parametrize(("text", "filters"), CASES)
def test_hybrid_results_facets_and_order_equal_the_oracle(
    hybrid, fake_vectors, test_practices, text, filters
):
    query = Query(text=text, filters=filters, page_size=EVERYTHING, meaning=meaning_of(text))
    found = hybrid.search(query)
    results, facets, order, close, words = oracle(hybrid, fake_vectors, text, query, test_practices)
    assert [h.id for h in found.hits] == order and found.total == len(results)
    assert facets_of(found) == facets
    for hit in found.hits:
        assert hit.matched == (
            *(("words",) if hit.id in words else ()),
            *(("meaning",) if hit.id in close else ()),
        )
    assert [c["id"] for c in hybrid.scan(query)] == order


def test_meaning_finds_practices_in_other_languages(hybrid):
    plain = {h.id for h in hybrid.search(Query(text="remesas", expand=False)).hits}
    found = hybrid.search(Query(text="remesas", expand=False, meaning=meaning_of("remesas"))).hits
    assert plain < {h.id for h in found}
    assert any(h.matched == ("meaning",) and h.fields["language"] != "es" for h in found)


def test_pages_of_a_hybrid_search_agree(hybrid):
    meaning = meaning_of("workers money")
    whole = [
        h.id for h in hybrid.search(Query(text="workers money", page_size=EVERYTHING, meaning=meaning)).hits
    ]
    paged = []
    for page in range(1, 5):
        paged += [
            h.id
            for h in hybrid.search(Query(text="workers money", page=page, page_size=2, meaning=meaning)).hits
        ]
    assert paged == whole[:8]


def test_newest_first_keeps_the_union_in_date_order(hybrid, fake_vectors, test_practices):
    query = Query(text="remesas", sort="newest", page_size=EVERYTHING, meaning=meaning_of("remesas"))
    results, *_ = oracle(hybrid, fake_vectors, "remesas", query, test_practices)
    by_id = {p.id: p for p in test_practices}
    order = sorted(results, key=lambda pid: (-by_id[pid].submitted.toordinal(), pid))
    assert [h.id for h in hybrid.search(query).hits] == order


def test_a_quoted_phrase_or_another_model_searches_words_only(hybrid):
    for text, meaning in (
        ('"fonds diaspora"', meaning_of("fonds diaspora")),
        ("remesas", meaning_of("remesas", "other/1")),
    ):
        with_meaning = hybrid.search(Query(text=text, page_size=EVERYTHING, meaning=meaning))
        plain = hybrid.search(Query(text=text, page_size=EVERYTHING))
        assert [h.id for h in with_meaning.hits] == [h.id for h in plain.hits]
        assert all(h.matched == ("words",) for h in with_meaning.hits)


def test_the_fusion_puts_a_practice_found_both_ways_first(hybrid):
    found = hybrid.search(
        Query(text="remittances", page_size=EVERYTHING, meaning=meaning_of("remittances"))
    ).hits
    assert found[0].matched == ("words", "meaning")
    assert np.all(np.diff([h.score for h in found]) <= 0)
