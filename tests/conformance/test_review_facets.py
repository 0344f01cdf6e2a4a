"""The review facets (regional commission, IMRF round table, SDG target) on every backend.

Counts are compared with the oracle, which reads commission membership and round tables
straight from the data files, not through the code under test.
"""

from __future__ import annotations

import pytest

from indexer.search import Query, QueryError
from tests.conformance.oracle import expected

CASES = [
    {},
    {"commission": ("ECA",)},
    {"commission": ("ECLAC", "ESCWA")},
    {"commission": ("ECE",), "region": ("150",)},
    {"roundtable": ("1",)},
    {"roundtable": ("2", "3"), "type": ("programme-project",)},
    {"sdg": ("10.7",)},
    {"sdg": ("16.9", "8.8"), "commission": ("ECA",)},
    {"commission": ("ESCAP",), "roundtable": ("4",), "sdg": ("10.7",)},
]


def facets(results) -> dict:
    return {f: [(v.value, v.count, v.selected) for v in values] for f, values in results.facets.items()}


@pytest.mark.parametrize("filters", CASES)
def test_review_facets_give_the_oracles_results_and_counts(engine, test_practices, filters):
    query = Query(filters=filters, page_size=100)
    results = engine.search(query)
    want_ids, want_facets = expected(test_practices, {p.id for p in test_practices}, query)
    assert {h.id for h in results.hits} == want_ids and results.total == len(want_ids)
    assert facets(results) == want_facets


def test_the_review_facets_are_not_empty_on_the_test_collection(engine):
    counts = facets(engine.search(Query()))
    assert sum(c for _, c, _ in counts["commission"]) > 0
    assert sum(c for _, c, _ in counts["roundtable"]) > 0
    assert counts["sdg"], "no SDG target in the test collection"
    assert [code for code, _, _ in counts["commission"]] == ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"]


@pytest.mark.parametrize(("facet", "value"), [("commission", "ECX"), ("roundtable", "5"), ("sdg", "10.9")])
def test_unknown_review_codes_are_refused(facet, value):
    with pytest.raises(QueryError) as caught:
        Query(filters={facet: (value,)})
    assert caught.value.parameter == facet


@pytest.mark.parametrize("by", ["region", "subregion", "commission"])
@pytest.mark.parametrize("args", [[], [("type", "service")], [("language", "fr"), ("from", "2015")]])
def test_coverage_tables_equal_a_brute_force_count_on_every_backend(engine, test_practices, by, args):
    from werkzeug.datastructures import MultiDict

    from hub.coverage import DIMENSIONS, coverage
    from indexer import vocabulary
    from tests.support import bruteforce

    table = coverage(engine, MultiDict([("by", by), *args]), "en")
    filters = {k: [v] for k, v in args if k != "from"}
    year_from = next((int(v) for k, v in args if k == "from"), None)
    pool = bruteforce.matching(test_practices, filters, year_from=year_from)
    assert table.total == len(pool)
    assert [c.code for c in table.columns] == vocabulary.ALL[DIMENSIONS[by]]().codes
    for row in table.rows:
        for code, count, _ in row.cells:
            has = [p for p in pool if row.objective in bruteforce.values(p, "objective")]
            assert count == sum(1 for p in has if code in bruteforce.values(p, by)), (row.objective, code)


@pytest.mark.parametrize("code", ["SLV", "MAR", "FJI", "FRA"])
def test_country_profiles_equal_a_brute_force_count_on_every_backend(engine, test_practices, code):
    from hub.profile import profile
    from tests.support import bruteforce

    found = profile(engine, code, "en")
    mine = bruteforce.matching(test_practices, {"country": [code]})
    assert found.total == len(mine)
    for facet, rows in (
        ("objective", found.objectives),
        ("principle", found.principles),
        ("type", found.types),
    ):
        for row in rows:
            assert row.count == sum(1 for p in mine if row.code in bruteforce.values(p, facet)), (
                facet,
                row.code,
            )
    assert {s.id for s in found.shared} == {p.id for p in mine if len(p.countries) > 1}
