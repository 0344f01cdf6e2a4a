"""The search core on the test collection: analysis, syntax, ranking, facets, suggestions."""

from __future__ import annotations

import pytest

from indexer.search import Query, QueryError
from indexer.search.interface import FACETS
from indexer.search.querysyntax import parse
from tests.conformance.oracle import matching
from tests.support.cases import FILTER_CASES, MALFORMED_QUERIES, brute_force


def ids(backend, text="", **kw):
    return {hit.id for hit in backend.search(Query(text=text, page_size=100, **kw)).hits}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("remittance", "remittance-fees-portal"),  # English stemming: remittance ~ remittances
        ("remittances", "remittance-fees-portal"),  # *remittances* in Markdown is still found
        ("fees", "remittance-fees-portal"),  # **fees** in Markdown
        ("réfugiés", "maroc-regularisation-exceptionnelle"),
        ("refugies", "maroc-regularisation-exceptionnelle"),
        ("Réfugié", "maroc-regularisation-exceptionnelle"),
        ("régularisé", "maroc-regularisation-exceptionnelle"),  # French stemming
        ("migración", "salvador-atencion-retornados"),
        ("migraciones", "salvador-atencion-retornados"),  # Spanish stemming
        ("retornada", "salvador-atencion-retornados"),
        ("العمال", "arabic-labour-reform"),
        ("法律咨询", "chinese-migrant-services"),  # no spaces in Chinese: characters as a phrase
        ("мигрантов", "russian-migration-centre"),
        ("Morocco", "maroc-regularisation-exceptionnelle"),  # country names, in any language
        ("Maroc", "maroc-regularisation-exceptionnelle"),
    ],
)
def test_words_are_found_in_every_language(backend, text, expected):
    assert expected in ids(backend, text)


def test_a_query_finds_practices_in_all_languages(backend):
    found = ids(backend, "remittances", expand=False)
    assert "remittance-fees-portal" in found  # en
    assert "senegal-fonds-diaspora" not in found  # "envois de fonds" is another word...
    assert "senegal-fonds-diaspora" in ids(backend, "remittances")  # ...that the thesaurus knows
    # One English query word, analysed for every language, finds English and French practices.
    assert {"return-reintegration-desk", "maroc-regularisation-exceptionnelle"} <= ids(backend, "migrants")


def test_all_words_must_match(backend, all_words):
    assert ids(backend, "seasonal remittances") == {"seasonal-worker-scheme"}
    assert ids(backend, "seasonal zzzunknown") == set()


def test_phrases_need_the_words_in_order(backend):
    assert ids(backend, '"seasonal worker"') == {"seasonal-worker-scheme"}
    assert ids(backend, '"worker seasonal"') == set()
    assert "seasonal-worker-scheme" in ids(backend, '"send remittances home"')


def test_exclusions_and_or(backend):
    assert "seasonal-worker-scheme" not in ids(backend, "remittances -seasonal")
    assert "remittance-fees-portal" in ids(backend, "remittances -seasonal")
    either = ids(backend, "harvest OR biométrico")
    assert either == {"seasonal-worker-scheme", "colombia-estatuto-proteccion"}


@pytest.mark.parametrize("text", MALFORMED_QUERIES)
def test_malformed_queries_are_searched_as_plain_words(backend, test_practices, text):
    assert ids(backend, text) == matching(test_practices, text)


def test_field_syntax_is_plain_words(backend):
    assert ids(backend, "title:remittances") == ids(backend, "title remittances")


def test_a_very_long_query_is_refused_clearly(backend):
    with pytest.raises(QueryError) as error:
        backend.search(Query(text="migrants " * 1200))
    assert error.value.parameter == "q" and "limit is 500" in error.value.message


def test_query_syntax_parse():
    parsed = parse('remittances "seasonal worker" -fees harvest OR visa')
    assert [[str(t) for t in clause] for clause in parsed.clauses] == [
        ["remittances"],
        ['"seasonal worker"'],
        ["harvest", "visa"],
    ]
    assert [str(t) for t in parsed.excluded] == ["fees"]


def test_title_ranks_above_summary_above_body(backend):
    ranked = [hit.id for hit in backend.search(Query(text="remittances", expand=False)).hits]
    # in the title > in the summary > in the body only
    assert ranked == ["remittance-fees-portal", "seasonal-worker-scheme", "gender-sensitive-recruitment"]


def test_empty_query_lists_everything_newest_first(backend, test_practices):
    results = backend.search(Query(page_size=100))
    assert results.total == len(test_practices)
    dates = [hit.fields["submitted"] for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_sort_by_newest_and_pagination(backend):
    first = backend.search(Query(text="migrants", sort="newest", page_size=2))
    second = backend.search(Query(text="migrants", sort="newest", page_size=2, page=2))
    everything = backend.search(Query(text="migrants", sort="newest", page_size=100))
    assert [h.id for h in first.hits + second.hits] == [h.id for h in everything.hits[:4]]
    assert first.total == everything.total and first.pages == -(-everything.total // 2)


def test_ranking_is_exact_over_every_match(backend):
    everything = backend.search(Query(text="migrants workers", page_size=100))
    scores = [(-hit.score, hit.id) for hit in everything.hits]
    assert scores == sorted(scores)
    top = backend.search(Query(text="migrants workers", page_size=3))
    assert [h.id for h in top.hits] == [h.id for h in everything.hits[:3]]


def test_snippets_mark_the_words_and_escape_the_rest(backend):
    hit = next(h for h in backend.search(Query(text="remittances")).hits if h.id == "remittance-fees-portal")
    assert "<mark>remittances</mark>" in hit.snippet
    french = backend.search(Query(text="refugies")).hits[0]
    assert "<mark>réfugiés</mark>" in french.snippet


def test_spelling_suggestion_from_the_index_vocabulary(backend):
    assert backend.search(Query(text="remitances")).suggestion == "remittances"
    assert backend.search(Query(text="seasonal harvset")).suggestion == "seasonal harvest"
    assert backend.search(Query(text="remittances")).suggestion is None


def test_more_like_this(backend):
    related = [hit.id for hit in backend.more_like_this("remittance-fees-portal")]
    assert related[0] == "seasonal-worker-scheme" and "remittance-fees-portal" not in related
    assert backend.more_like_this("no-such-practice") == []


@pytest.mark.parametrize(
    "filters", [{"country": ("QQQ",)}, {"objective": ("24",)}, {"colour": ("red",)}, {"year": ("12",)}]
)
def test_unknown_filter_values_are_refused_with_the_parameter(filters):
    with pytest.raises(QueryError) as error:
        Query(filters=filters)
    assert error.value.parameter == next(iter(filters))


@pytest.mark.parametrize("text", ["", "migrants", "remittances OR retornadas"])
@pytest.mark.parametrize("filters", FILTER_CASES)
def test_every_facet_count_equals_a_brute_force_count(backend, test_practices, text, filters):
    query_ids = matching(test_practices, text)
    results = backend.search(Query(text=text, filters=filters, page_size=100))
    assert {h.id for h in results.hits} == brute_force(test_practices, query_ids, filters)
    assert results.total == len(brute_force(test_practices, query_ids, filters))
    for facet in FACETS:  # disjunctive: the value alone in its facet, the other facets' filters kept
        for value in results.facets[facet]:
            expected = brute_force(test_practices, query_ids, {**filters, facet: (value.value,)})
            assert value.count == len(expected), (facet, value)


def test_year_range_filters_on_start_year(backend, test_practices):
    results = backend.search(Query(year_from=2014, year_to=2016, page_size=100))
    assert {h.id for h in results.hits} == {p.id for p in test_practices if 2014 <= p.start_year <= 2016}


def test_objectives_facet_lists_all_23_and_counts_secondary_objectives(backend):
    facets = backend.search(Query()).facets
    assert [v.value for v in facets["objective"]] == [str(n) for n in range(1, 24)]
    counts = {v.value: v.count for v in facets["objective"]}
    assert counts["1"] == 1 and counts["4"] == 2 and counts["23"] == 0  # 1 and 4 are secondary


def test_facets_combinations_are_consistent(backend):
    facets = backend.search(Query()).facets
    for facet in ("region", "language", "objective"):
        for value in facets[facet]:
            if value.count:
                narrowed = backend.search(Query(filters={facet: (value.value,)}))
                assert narrowed.total == value.count
                assert sum(v.count for v in narrowed.facets[facet] if v.selected) == value.count


def test_health_reports_the_generation(backend):
    health = backend.health()
    assert health["ok"] and health["practices"] == 12 and health["generation"]
