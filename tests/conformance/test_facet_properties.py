"""Property tests: for any combination of words, facet selections and a year range, both
backends give the oracle's result set, its disjunctive facet counts and, without words, its
order (primary matches of the selected objectives first, then newest)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.search import Query
from tests.conformance.oracle import codes, default_order, expected, matching, values

EVERYTHING = 100
# Words both engines read alike (see AGREED in test_conformance.py), and no words.
TEXTS = ["", "", "migrants", "remittances OR retornadas", "workers", "migrants -women", "réfugiés"]
FACET_NAMES = [
    "objective",
    "principle",
    "region",
    "subregion",
    "country",
    "type",
    "scope",
    "language",
    "year",
]
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)


@st.composite
def queries(draw, practices) -> Query:
    """A query: words from TEXTS, up to three facets with one to three values each (values
    the collection has, and sometimes one it lacks), sometimes a start-year range."""
    filters = {}
    for facet in draw(st.lists(st.sampled_from(FACET_NAMES), max_size=3, unique=True)):
        present = sorted({v for p in practices for v in values(p, facet)})
        pool = present + [c for c in codes(facet, practices)[:3] if c not in present]
        filters[facet] = tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)))
    years = draw(st.one_of(st.none(), st.tuples(st.integers(2000, 2020), st.integers(0, 10))))
    year_from, year_to = (years[0], years[0] + years[1]) if years else (None, None)
    text = draw(st.sampled_from(TEXTS))
    return Query(text=text, filters=filters, year_from=year_from, year_to=year_to, page_size=EVERYTHING)


def facet_table(results) -> dict:
    return {f: [(v.value, v.count, v.selected) for v in listed] for f, listed in results.facets.items()}


@PROPERTY
@given(data=st.data())
def test_any_query_gives_the_oracles_results_counts_and_order(engine, test_practices, data):
    query = data.draw(queries(test_practices))
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, matching(test_practices, query.text), query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facet_table(results) == want_facets
    if not query.text:
        order = default_order(test_practices, want_ids, query)
        assert [h.id for h in results.hits] == order
        assert [card["id"] for card in engine.scan(query)] == order  # exports keep the order


@PROPERTY
@given(data=st.data())
def test_a_selected_facets_counts_do_not_depend_on_its_own_selection(engine, test_practices, data):
    """Disjunctive faceting: adding a value to a facet changes the results, never that facet's counts."""
    query = data.draw(queries(test_practices))
    facet = data.draw(st.sampled_from(FACET_NAMES))
    without = Query(
        text=query.text,
        filters={f: v for f, v in query.filters.items() if f != facet},
        year_from=query.year_from,
        year_to=query.year_to,
    )
    counts = {v.value: v.count for v in engine.search(query).facets[facet]}
    alone = {v.value: v.count for v in engine.search(without).facets[facet]}
    assert {code: n for code, n in counts.items() if n} == {code: n for code, n in alone.items() if n}
