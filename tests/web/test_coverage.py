"""/coverage and /api/v1/coverage: every number equals a brute-force count over the files."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlencode, urlparse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import vocabulary
from tests.support import bruteforce

DIMENSIONS = {"region": "regions", "subregion": "subregions", "commission": "commissions"}
NARROWING = {
    "type": vocabulary.types().codes,
    "scope": vocabulary.scopes().codes,
    "language": ["en", "fr", "es"],
    "principle": vocabulary.principles().codes,
    "roundtable": vocabulary.roundtables().codes,
}
FILTERS = st.lists(st.sampled_from(sorted(NARROWING)), unique=True, max_size=2).flatmap(
    lambda keys: st.fixed_dictionaries(
        {k: st.lists(st.sampled_from(NARROWING[k]), min_size=1, max_size=2, unique=True) for k in keys}
    )
)


def expected_table(practices, by: str, filters: dict, **years) -> dict:
    pool = bruteforce.matching(practices, filters, **years)
    columns = vocabulary.ALL[DIMENSIONS[by]]().codes
    return {
        "total": len(pool),
        "columns": {c: sum(1 for p in pool if c in bruteforce.values(p, by)) for c in columns},
        "cells": {
            (n, c): sum(
                1 for p in pool if n in bruteforce.values(p, "objective") and c in bruteforce.values(p, by)
            )
            for n in vocabulary.objectives().codes
            for c in columns
        },
        "rows": {
            n: sum(1 for p in pool if n in bruteforce.values(p, "objective"))
            for n in vocabulary.objectives().codes
        },
    }


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    by=st.sampled_from(sorted(DIMENSIONS)),
    filters=FILTERS,
    year_from=st.one_of(st.none(), st.integers(2000, 2024)),
)
def test_api_counts_equal_a_brute_force_count(client, test_practices, by, filters, year_from):
    args = [("by", by), *((f, v) for f, values in filters.items() for v in values)]
    if year_from:
        args.append(("from", str(year_from)))
    response = client.get("/api/v1/coverage?" + urlencode(args))
    assert response.status_code == 200, response.data
    data = response.get_json()
    want = expected_table(test_practices, by, filters, year_from=year_from)
    assert data["total"] == want["total"]
    assert {c["code"]: c["total"] for c in data["columns"]} == want["columns"]
    for row in data["objectives"]:
        n = str(row["objective"])
        assert row["total"] == want["rows"][n]
        assert row["counts"] == {c: want["cells"][(n, c)] for c in want["columns"]}
    empty = {(str(g["objective"]), g[by]) for g in data["gaps"]["empty_cells"]}
    assert empty == {key for key, count in want["cells"].items() if count == 0}
    thin = {str(n) for n in data["gaps"]["objectives_with_fewer_than_three"]}
    assert thin == {n for n, count in want["rows"].items() if count < 3}


def test_every_cell_of_the_page_shows_its_count_and_links_to_its_search(get, client, test_practices):
    _, page = get("/coverage?type=service&type=programme-project")
    filters = {"type": ["service", "programme-project"]}
    want = expected_table(test_practices, "region", filters)
    table = page.select_one("table.coverage")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[1:6] == [vocabulary.regions().label(c) for c in vocabulary.regions().codes]
    rows = table.select("tbody tr")
    assert len(rows) == 23
    for number, tr in zip(vocabulary.objectives().codes, rows, strict=True):
        cells = tr.select("td")
        for code, td in zip(vocabulary.regions().codes, cells, strict=False):
            assert int(td.get_text(strip=True)) == want["cells"][(number, code)]
            assert td["class"][0].startswith("shade-")
            link = td.a["href"]
            assert parse_qs(urlparse(link).query)["type"] == filters["type"]
        assert int(cells[-1].get_text(strip=True)) == want["rows"][number]
    # A cell's link gives exactly the cell's count.
    td = rows[9].select("td")[3]  # objective 10, Europe
    api = client.get("/api/v1/search?" + urlparse(td.a["href"]).query).get_json()
    assert api["total"] == int(td.get_text(strip=True))


def test_the_columns_switch_to_subregions_and_commissions(get, test_practices):
    for by, vocab in (("subregion", "subregions"), ("commission", "commissions")):
        _, page = get(f"/coverage?by={by}&lang=fr")
        headers = [th.get_text(strip=True) for th in page.select("table.coverage thead th")][1:-1]
        assert headers == [t.text("fr") for t in vocabulary.ALL[vocab]()]
        current = page.select_one(".switch a[aria-current]")
        assert f"by={by}" in current["href"]


def test_a_selected_region_keeps_only_its_column(client, test_practices):
    data = client.get("/api/v1/coverage?region=002&region=150").get_json()
    assert [c["code"] for c in data["columns"]] == ["002", "150"]
    assert data["total"] == bruteforce.count(test_practices, {"region": ["002", "150"]})


def test_gaps_link_to_the_form_with_the_objective_and_region(get, test_practices):
    _, page = get("/coverage")
    links = page.select(".gaps a")
    assert links
    first = urlparse(links[0]["href"])
    assert first.path == "/submit" and "objectives" in parse_qs(first.query)


def test_csv_keeps_codes_and_the_same_numbers(client, test_practices):
    response = client.get("/api/v1/coverage?by=commission&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["objective", "ECA", "ECE", "ECLAC", "ESCAP", "ESCWA", "total"]
    want = expected_table(test_practices, "commission", {})
    for row in rows[1:24]:
        assert [int(x) for x in row[1:6]] == [want["cells"][(row[0], c)] for c in rows[0][1:6]]
    assert rows[24][0] == "total" and int(rows[24][-1]) == want["total"]


def test_bad_parameters_get_the_same_clear_errors_as_search(client, get):
    for url, parameter in (
        ("/api/v1/coverage?by=country", "by"),
        ("/api/v1/coverage?type=law", "type"),
        ("/api/v1/coverage?format=xml", "format"),
    ):
        response = client.get(url)
        assert response.status_code == 400
        assert response.get_json()["error"]["parameter"] == parameter
    _, page = get("/coverage?by=country&type=law", expect=400)
    notice = page.select_one(".notice").get_text(" ", strip=True)
    assert "'country' is not a coverage dimension" in notice and "'law'" in notice
