"""Country profiles at /countries/<alpha-3> and /api/v1/countries/<alpha-3>: counts equal a
brute-force count over the practice files; regions, commissions and champion status from
the data files."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import vocabulary
from tests.support import bruteforce

TEST_COUNTRIES = ["SLV", "QAT", "CHN", "COL", "PHL", "ARE", "SAU", "MAR", "AUS", "FJI", "RUS", "NZL", "TON"]


def tally(practices, facet: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in practices:
        for code in bruteforce.values(p, facet):
            counts[code] = counts.get(code, 0) + 1
    return counts


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(code=st.one_of(st.sampled_from(TEST_COUNTRIES), st.sampled_from(vocabulary.countries().codes)))
def test_profile_numbers_equal_a_brute_force_count(client, test_practices, code):
    data = client.get(f"/api/v1/countries/{code}").get_json()
    mine = bruteforce.matching(test_practices, {"country": [code]})
    assert data["total"] == len(mine)
    for facet, key in (("objective", "objectives"), ("principle", "principles")):
        want = tally(mine, facet)
        assert data[key] == {c: want.get(c, 0) for c in data[key]}
        assert len(data[key]) == len(vocabulary.ALL[key]())
    assert data["types"] == tally(mine, "type")
    assert data["years"] == tally(mine, "year")
    shared = {p.id: sorted(set(p.countries) - {code}) for p in mine if len(p.countries) > 1}
    assert {s["id"]: sorted(s["countries"]) for s in data["shared"]} == shared
    assert data["commissions"] == sorted(
        (c for c, members in bruteforce.COMMISSIONS.items() if code in members),
        key=vocabulary.commissions().codes.index,
    )


def test_the_profile_page_shows_every_objective_with_its_count_and_search(get, test_practices):
    _, page = get("/countries/slv?lang=fr")
    assert page.select_one("h1").get_text() == "Salvador"
    mine = bruteforce.matching(test_practices, {"country": ["SLV"]})
    want = tally(mine, "objective")
    cells = page.select(".objective-cells li")
    assert len(cells) == 23
    for number, cell in zip(vocabulary.objectives().codes, cells, strict=True):
        assert int(cell.select_one(".count").get_text()) == want.get(number, 0)
        query = parse_qs(urlparse(cell.a["href"]).query)
        assert query["country"] == ["SLV"] and query["objective"] == [number]
    search = page.find("a", string="Rechercher ces pratiques")
    assert search and parse_qs(urlparse(search["href"]).query)["country"] == ["SLV"]


def test_a_champion_country_shows_its_source_and_date(get):
    _, page = get("/countries/MAR")
    facts = page.select_one(".profile-facts").get_text(" ", strip=True)
    champion = [d for d in page.select(".profile-facts div") if "champion" in d.dt.get_text()]
    assert champion[0].dd.strong.get_text() == "Yes"
    source = page.select_one(".profile-facts a[href^='https://migrationnetwork.un.org']")
    assert source and "Accra" in source.get_text()
    assert "2023-11-30" in facts
    _, other = get("/countries/FJI")
    assert "Not listed as a champion country" in other.select_one(".profile-facts").get_text()


@pytest.mark.parametrize(
    ("code", "commissions"), [("EGY", ["ECA", "ESCWA"]), ("FRA", ["ECE", "ECLAC", "ESCAP"])]
)
def test_countries_in_two_commissions_show_both(get, code, commissions):
    _, page = get(f"/countries/{code}")
    links = page.select(".profile-facts a[href*='commission=']")
    assert [parse_qs(urlparse(a["href"]).query)["commission"][0] for a in links] == commissions


def test_unknown_countries_are_404_on_the_page_and_the_api(get, client):
    get("/countries/XYZ", expect=404)
    response = client.get("/api/v1/countries/XYZ")
    assert response.status_code == 404 and "XYZ" in response.get_json()["error"]["message"]
