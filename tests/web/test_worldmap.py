"""The world map on /coverage and the home page: valid SVG, known codes, exact counts."""

from __future__ import annotations

import gzip
import re
from xml.etree import ElementTree as ET

import pytest

from hub import worldmap
from indexer import vocabulary
from tests.support import bruteforce

SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 150 * 1024  # bytes, compressed: the page, its stylesheet and its script


def svg_of(client, url: str) -> ET.Element:
    html = client.get(url).data.decode("utf-8")
    match = re.search(r"<svg class=\"worldmap\".*?</svg>", html, re.DOTALL)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))  # parses as XML, or fails


def test_every_shape_and_point_of_the_data_file_is_a_known_m49_code():
    known = set(vocabulary.country_m49().values())
    data = worldmap.outlines()
    assert set(data["shapes"]) <= known and set(data["points"]) <= known
    assert len(data["shapes"]) > 150
    for small in ("798", "776", "470", "702"):  # Tuvalu, Tonga, Malta, Singapore: circles
        assert small in data["points"], small


@pytest.mark.parametrize("url", ["/coverage", "/coverage?type=service&lang=fr", "/"])
def test_the_map_parses_and_every_country_links_to_its_profile_with_its_count(client, test_practices, url):
    svg = svg_of(client, url)
    m49 = vocabulary.country_m49()
    by_m49 = {v: k for k, v in m49.items()}
    filters = {"type": ["service"]} if "type=" in url else {}
    pool = bruteforce.matching(test_practices, filters)
    lang = "fr" if "lang=fr" in url else "en"
    links = svg.findall(f".//{SVG}a")
    assert len(links) > 200
    for link in links:
        (shape,) = [child for child in link if child.tag in (f"{SVG}path", f"{SVG}circle")]
        code = by_m49[shape.get("data-m49")]
        assert link.get("href") == f"/countries/{code}?lang={lang}"
        count = sum(1 for p in pool if code in p.countries)
        title = shape.find(f"{SVG}title").text
        assert title.startswith(vocabulary.countries().label(code, lang))
        assert re.search(rf": {count} pra", title), (code, title)
        assert shape.get("class").split()[0] == ("shade-0" if count == 0 else shape.get("class").split()[0])


def test_the_table_beside_the_map_gives_the_same_numbers(get, test_practices):
    _, page = get("/coverage?language=en")
    rows = page.select(".map-table tbody tr")
    pool = bruteforce.matching(test_practices, {"language": ["en"]})
    want = {}
    for p in pool:
        for code in p.countries:
            want[code] = want.get(code, 0) + 1
    got = {tr.a["href"].split("/")[2].split("?")[0]: int(tr.td.get_text()) for tr in rows}
    assert got == want
    disclaimer = page.select_one(".disclaimer").get_text()
    assert "do not imply official endorsement or acceptance by the United Nations" in disclaimer


def test_colour_is_never_the_only_carrier(client):
    svg = svg_of(client, "/")
    assert svg.get("aria-hidden") == "true"  # the table carries the numbers for screen readers
    for link in svg.findall(f".//{SVG}a"):
        assert link.get("tabindex") == "-1"
        assert any(child.find(f"{SVG}title") is not None for child in link)


@pytest.mark.parametrize("url", ["/", "/coverage", "/coverage?by=subregion"])
def test_pages_with_the_map_stay_under_150_kb_compressed(client, url):
    total = 0
    for path in (url, "/static/style.css", "/static/enhance.js"):
        with client.get(path) as response:
            assert response.status_code == 200
            total += len(gzip.compress(response.get_data()))
    assert total < BUDGET, f"{url}: {total} bytes compressed"
