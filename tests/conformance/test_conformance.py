"""One suite, every backend: each compared with ``oracle`` (brute force over the files) or
with facts read from the files, never with another backend or with itself.

What must be equal is compared exactly: result sets and their order for filter-only
queries, every facet count, the result sets of word queries (from a list whose stems both
engines and the oracle agree on), the query syntax, the errors, the stored fields (the
files' values), and the top hits of a few chosen queries. Scores are never compared:
Whoosh scores with BM25F and PostgreSQL with ts_rank_cd (cover density, weighted by
field), so only the orders they are designed to agree on are (title > summary > body).
Stemming details also differ (Whoosh stems a word's accented and folded forms; PostgreSQL
removes accents first), and Whoosh lets a phrase skip stop words ("labour of migration"
matches "labour migration") where PostgreSQL keeps the gap, which is why word queries are
drawn from a list that both read alike (docs/scaling.md lists the differences).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.search import Query, QueryError, TooManyResults
from tests.conformance.oracle import default_order, expected, match, matched_clauses, matching
from tests.support.cases import FILTER_CASES, MALFORMED_QUERIES

EVERYTHING = 100


def ids(engine, text="", **kw) -> set[str]:
    return {hit.id for hit in engine.search(Query(text=text, page_size=EVERYTHING, **kw)).hits}


def facets(results) -> dict:
    return {f: [(v.value, v.count, v.selected) for v in values] for f, values in results.facets.items()}


def everything(test_practices) -> set[str]:
    return {p.id for p in test_practices}


# Filter-only queries: the result set, its order and every facet count ---------------------

YEAR_CASES = [{"year_from": 2010}, {"year_to": 2014}, {"year_from": 2008, "year_to": 2016}]


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_filters_give_the_oracles_results_and_facet_counts(engine, test_practices, filters):
    query = Query(filters=filters, page_size=EVERYTHING)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, everything(test_practices), query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facets(results) == want_facets


@pytest.mark.parametrize("years", YEAR_CASES)
@pytest.mark.parametrize("filters", [{}, {"region": ("019",)}, {"objective": ("6", "21")}])
def test_year_ranges_filter_the_start_year(engine, test_practices, filters, years):
    query = Query(filters=filters, page_size=EVERYTHING, **years)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, everything(test_practices), query)
    assert {h.id for h in results.hits} == want_ids
    assert facets(results) == want_facets


@pytest.mark.parametrize("filters", FILTER_CASES[:5])
def test_filter_only_order_is_primary_matches_then_newest_then_id(engine, test_practices, filters):
    query = Query(filters=filters, page_size=EVERYTHING)
    results = engine.search(query)
    want_ids, _ = expected(test_practices, everything(test_practices), query)
    assert [h.id for h in results.hits] == default_order(test_practices, want_ids, query)
    pages = [engine.search(Query(filters=filters, page_size=2, page=n)).hits for n in (1, 2, 3)]
    assert [h.id for page in pages for h in page] == [h.id for h in results.hits][:6]
    assert [c["id"] for c in engine.scan(Query(filters=filters))] == [h.id for h in results.hits]


# Word queries: the oracle's result sets and facet counts --------------------------------

# Words and queries that both engines analyse alike (stems agree; no stop-word edge cases).
AGREED = [
    "migrants",
    "remittances",
    "remittance",
    "workers",
    "seasonal",
    "harvest",
    "refugies",
    "réfugiés",
    "migración",
    "Morocco",
    "Maroc",
    "мигрантов",
    "العمال",
    "法律咨询",
    "remittances OR retornadas",
    "migrants workers",
    "migrants -women",
    '"seasonal worker"',
    '"worker seasonal"',
    "harvest OR biométrico",
    "seasonal zzzunknown",
    "title:remittances",
]


@pytest.mark.parametrize("text", AGREED)
def test_word_queries_find_what_the_oracle_finds(engine, test_practices, text):
    assert ids(engine, text) == matching(test_practices, text)


@pytest.mark.parametrize("text", ["migrants", "remittances OR retornadas", "migrants -women"])
@pytest.mark.parametrize("filters", FILTER_CASES)
def test_facet_counts_with_words(engine, test_practices, text, filters):
    query = Query(text=text, filters=filters, page_size=EVERYTHING)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, matching(test_practices, text), query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facets(results) == want_facets


# Forgiving matching: all the words, or most of them when too few practices have them all ----

MOST_CASES = [
    "seasonal remittances",
    "seasonal zzzunknown",
    "migrants workers women",
    "remittances fees women seasonal",
    'remittances "seasonal worker"',
    '"seasonal worker" zzzunknown',
    "harvest OR biométrico remittances",
    "remittances seasonal -fees",
    "sea deaths zzzunknown",
    "réfugiés régularisation retornados",
    "migrants",
    "zzzunknown qqqunknown",
    "sea remittances seasonal",
    "has harvest zzzunknown",
    "the son mes",
    "à l'étranger remittances",
]


@pytest.mark.parametrize("text", MOST_CASES)
def test_too_few_with_every_word_gives_those_with_most_of_them(engine, test_practices, text):
    query = Query(text=text, page_size=EVERYTHING)
    results = engine.search(query)
    want, mode = match(test_practices, text)
    assert results.match == mode
    want_ids, want_facets = expected(test_practices, want, query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facets(results) == want_facets
    by_id = {p.id: p for p in test_practices}
    coordination = [matched_clauses(by_id[h.id], text) for h in results.hits]
    assert coordination == sorted(coordination, reverse=True)  # every word first, then most
    assert [c["id"] for c in engine.scan(query)] == [h.id for h in results.hits]


@pytest.mark.parametrize("filters", FILTER_CASES[:6])
def test_most_mode_facet_counts_are_exact(engine, test_practices, filters):
    text = "remittances fees women seasonal"
    query = Query(text=text, filters=filters, page_size=EVERYTHING)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, matching(test_practices, text), query)
    assert results.match == "most"
    assert {h.id for h in results.hits} == want_ids and facets(results) == want_facets


def test_most_is_chosen_only_below_the_threshold(engine, test_practices, monkeypatch):
    from indexer.search import matching as policy

    assert engine.search(Query(text="seasonal remittances")).match == "most"
    monkeypatch.setattr(policy, "FEW", 1)  # one practice has both words: enough
    results = engine.search(Query(text="seasonal remittances"))
    assert results.match == "all" and [h.id for h in results.hits] == ["seasonal-worker-scheme"]
    assert engine.search(Query(text="remittances")).match == "all"  # one clause: nothing to relax
    assert engine.search(Query(text='"seasonal worker"')).match == "all"


def test_a_quoted_phrase_is_always_required(engine, test_practices):
    results = engine.search(Query(text='"seasonal worker" zzzunknown', page_size=EVERYTHING))
    assert results.match == "all" and results.total == 0  # only one clause may be missed
    results = engine.search(Query(text='remittances fees "seasonal worker"', page_size=EVERYTHING))
    assert results.match == "most" and {h.id for h in results.hits} == {"seasonal-worker-scheme"}


# The query syntax ------------------------------------------------------------------------


def test_query_syntax_means_the_same(engine, all_words):
    assert ids(engine, "seasonal remittances") == {"seasonal-worker-scheme"}  # every word
    assert ids(engine, '"seasonal worker"') == {"seasonal-worker-scheme"}  # a phrase, in order
    assert ids(engine, '"worker seasonal"') == set()
    assert "seasonal-worker-scheme" in ids(engine, '"send remittances home"')
    assert "seasonal-worker-scheme" not in ids(engine, "remittances -seasonal")  # exclusion
    assert "remittance-fees-portal" in ids(engine, "remittances -seasonal")
    assert ids(engine, "harvest OR biométrico") == {"seasonal-worker-scheme", "colombia-estatuto-proteccion"}
    assert ids(engine, "title:remittances") == ids(engine, "title remittances")  # no field syntax


# Words that one language ignores and another does not: "sea" is a Spanish stop word and an
# English noun, "son" French and Spanish, "mes" French, "has" English and Spanish, "estados"
# Spanish; "the" is English only. Each finds the practices that contain it, never everything.
STOP_WORD_CASES = [
    "sea",
    "son",
    "mes",
    "has",
    "estados",
    "the",
    "sea deaths",
    "deaths sea",
    "the sea",
    "sea OR harvest",
    "remittances -the",
    "estados -sea",
    "the remittances",
    '"at sea"',
    "de la",
]


@pytest.mark.parametrize("text", STOP_WORD_CASES)
def test_stop_words_are_dropped_only_in_their_own_language(engine, test_practices, text):
    query = Query(text=text, page_size=EVERYTHING)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, matching(test_practices, text), query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facets(results) == want_facets


def test_stop_words_never_match_everything(engine, test_practices):
    for text in ("sea", "son", "mes", "has", "estados", "the"):
        assert 0 < len(ids(engine, text)) < len(test_practices), text
    assert ids(engine, "sea") == {"missing-migrants-data", "salvador-atencion-retornados"}
    assert ids(engine, "sea deaths") == {"missing-migrants-data"}
    assert "missing-migrants-data" not in ids(engine, "de la")  # French and Spanish stop words


@pytest.mark.parametrize(
    "text", [*MALFORMED_QUERIES, "'; DROP TABLE hub_meta; --", "remittances' OR '1'='1", "a:b & c | !d <-> e"]
)
def test_malformed_queries_are_plain_words(engine, test_practices, text):
    assert ids(engine, text) == matching(test_practices, text)


def test_an_over_long_query_is_the_same_error(engine):
    with pytest.raises(QueryError) as error:
        engine.search(Query(text="migrants " * 1200))
    assert error.value.parameter == "q" and "limit is 500" in error.value.message
    with pytest.raises(QueryError):
        list(engine.scan(Query(text="migrants " * 1200)))


# Ranking, snippets, suggestions, related practices, stored fields -------------------------


def test_title_ranks_above_summary_above_body(engine):
    ranked = [hit.id for hit in engine.search(Query(text="remittances", expand=False)).hits]
    assert ranked == ["remittance-fees-portal", "seasonal-worker-scheme", "gender-sensitive-recruitment"]


@pytest.mark.parametrize(
    ("text", "top"),
    [
        ("remittances", "remittance-fees-portal"),
        ("seasonal", "seasonal-worker-scheme"),
        ("régularisation", "maroc-regularisation-exceptionnelle"),
        ("diaspora", "senegal-fonds-diaspora"),
    ],
)
def test_expected_top_hit(engine, text, top):
    assert engine.search(Query(text=text)).hits[0].id == top


def test_relevance_ties_are_broken_by_id_and_pages_agree(engine):
    everything_ = engine.search(Query(text="migrants workers", page_size=EVERYTHING))
    keys = [(-hit.score, hit.id) for hit in everything_.hits]
    assert keys == sorted(keys)
    top = engine.search(Query(text="migrants workers", page_size=3))
    assert [h.id for h in top.hits] == [h.id for h in everything_.hits[:3]]
    assert [c["id"] for c in engine.scan(Query(text="migrants workers"))] == [h.id for h in everything_.hits]


def test_snippets_mark_the_words_and_escape_the_rest(engine):
    hit = next(h for h in engine.search(Query(text="remittances")).hits if h.id == "remittance-fees-portal")
    assert "<mark>remittances</mark>" in hit.snippet
    assert "<mark>réfugiés</mark>" in engine.search(Query(text="refugies")).hits[0].snippet
    plain = engine.search(Query(page_size=EVERYTHING)).hits
    assert all("<mark>" not in h.snippet and "<" not in h.snippet.replace("&lt;", "") for h in plain)


def test_spelling_suggestions(engine):
    assert engine.search(Query(text="remitances")).suggestion == "remittances"
    assert engine.search(Query(text="seasonal harvset")).suggestion == "seasonal harvest"
    assert engine.search(Query(text="remittances")).suggestion is None
    assert engine.suggest("remitances") == "remittances"


def test_more_like_this(engine):
    related = [hit.id for hit in engine.more_like_this("remittance-fees-portal")]
    assert related[0] == "seasonal-worker-scheme" and "remittance-fees-portal" not in related
    assert engine.more_like_this("no-such-practice") == []


def test_stored_fields_are_the_files(engine, test_practices):
    versions = {}
    for practice in test_practices:
        versions.setdefault(practice.translation_of or practice.id, set()).add(practice.id)
    for practice in test_practices:
        stored = engine.get(practice.id)
        assert {name: stored[name] for name in practice.to_dict()} == practice.to_dict()
        others = versions[practice.translation_of or practice.id] - {practice.id}
        assert sorted(t["id"] for t in stored["translations"]) == sorted(others)
        assert stored["body_html"].strip() and "<script" not in stored["body_html"]
    assert engine.get("no-such-practice") is None


def test_a_scan_reads_bodies_and_refuses_more_than_its_limit(engine, test_practices):
    files = {p.id: p for p in test_practices}
    cards = list(engine.scan(Query(sort="newest"), bodies=True))
    assert [c["id"] for c in cards] == default_order(test_practices, set(files), Query(sort="newest"))
    assert all(card["body"] == files[card["id"]].body for card in cards)
    assert all("body" not in card for card in engine.scan(Query()))
    with pytest.raises(TooManyResults) as refused:
        engine.scan(Query(), limit=len(files) - 1)  # refused before any row is read
    assert refused.value.parameter == "q"
    assert len(list(engine.scan(Query(), limit=len(files)))) == len(files)


def test_a_practice_with_its_related_practices(engine, test_practices):
    practice, related = engine.get_with_related("remittance-fees-portal")
    assert practice["title"] == next(p.title for p in test_practices if p.id == "remittance-fees-portal")
    assert [hit.id for hit in related] == [hit.id for hit in engine.more_like_this("remittance-fees-portal")]
    assert related[0].id == "seasonal-worker-scheme"
    assert engine.get_with_related("no-such-practice") == (None, [])


def test_health(engine, test_practices):
    health = engine.health()
    assert health["ok"] and health["practices"] == len(test_practices) and health["generation"]


# An incremental build answers as a full build of the same files -------------------------


@pytest.fixture(params=["whoosh", "postgres"])
def writable(request, tmp_path, test_practices):
    """A backend this test may rebuild; the PostgreSQL one gets the test collection back after."""
    if request.param == "whoosh":
        from indexer.search.whoosh_engine import WhooshBackend

        yield WhooshBackend(tmp_path / "index")
        return
    postgres = request.getfixturevalue("postgres")
    yield postgres
    postgres.build(test_practices, full=True)


def test_an_incremental_build_suggests_only_words_the_files_hold(writable, test_practices):
    before = list(test_practices)
    before[3] = replace(before[3], title="Quixotic ferryboat registry")  # words no other file has
    after = before[:3] + before[4:]
    misspelt = ["quixotik", "ferryboatt", "remitances", "seasonal harvset"]
    writable.build(before, full=True)
    assert writable.suggest("quixotik") == "quixotic"
    writable.build(after)  # incremental: one practice deleted
    incremental = [(writable.suggest(t), writable.search(Query(text=t)).suggestion) for t in misspelt]
    writable.build(after, full=True)
    full = [(writable.suggest(t), writable.search(Query(text=t)).suggestion) for t in misspelt]
    assert incremental == full
    assert incremental[:2] == [(None, None), (None, None)]  # no file holds quixotic or ferryboat
    assert incremental[2:] == [("remittances",) * 2, ("seasonal harvest",) * 2]


def test_suggestions_keep_the_querys_language_and_accents(engine):
    assert engine.search(Query(text="permiso de proteccón")).suggestion == "permiso de protección"
    assert engine.search(Query(text="Remitances")).suggestion == "Remittances"
    assert engine.search(Query(text="seasonal harvest")).suggestion is None  # nothing to correct
