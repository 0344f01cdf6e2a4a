"""Sharing and crawling (descriptions, Open Graph, canonical and hreflang, favicon, robots),
and the search page's phone-friendly structure, through Flask's test client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest


def meta(page, name=None, prop=None):
    tag = page.select_one(f'meta[name="{name}"]' if name else f'meta[property="{prop}"]')
    return tag["content"] if tag else None


def test_a_practice_page_describes_itself_for_links_and_search_engines(get, test_practices):
    practice = test_practices[0]
    _, page = get(f"/practices/{practice.id}?lang=fr")
    assert meta(page, "description") == meta(page, prop="og:description")
    assert meta(page, "description").startswith(practice.summary[:60])
    assert meta(page, prop="og:type") == "article"
    assert meta(page, prop="og:title").startswith(practice.title)
    assert meta(page, prop="og:locale") == "fr_FR"
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"http://localhost/practices/{practice.id}?lang=fr"
    assert meta(page, prop="og:url") == canonical
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert set(alternates) == {"en", "fr", "es", "x-default"}
    assert parse_qs(urlparse(alternates["es"]).query) == {"lang": ["es"]}
    assert meta(page, "robots") is None


def test_descriptions_differ_between_pages(get):
    _, home = get("/?lang=en")
    _, browse = get("/regions/019?lang=en")
    assert meta(home, "description") != meta(browse, "description")
    assert "practice" in meta(browse, "description")


@pytest.mark.parametrize(
    "url, indexed",
    [
        ("/regions/019?lang=es", True),
        ("/objectives/21", True),
        ("/regions/019?type=service&lang=es", False),
        ("/search?q=migrants", False),
        ("/search?objective=6&region=002", False),
        ("/submit?lang=fr", False),
    ],
)
def test_only_practice_browse_and_profile_pages_are_indexed(get, url, indexed):
    _, page = get(url)
    assert (meta(page, "robots") is None) == indexed
    if not indexed:
        assert meta(page, "robots") == "noindex, follow"


def test_robots_txt_keeps_crawlers_off_facet_combinations(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/search", "/export.csv", "/submit", "/submissions/", "/api/"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /practices" not in text and "Sitemap: http://localhost/sitemap.xml" in text


def test_there_is_a_favicon(get, client):
    _, page = get("/")
    icon = page.select_one('link[rel="icon"]')["href"]
    with client.get(icon) as response:
        assert response.status_code == 200 and b"<svg" in response.data


def test_filters_are_a_disclosure_before_the_results_and_their_links_come_back_to_them(get):
    _, page = get("/search?region=019&lang=es")
    filters = page.select_one("details.filters")
    results = page.select_one("#results")
    assert filters is not None and filters.find_next_sibling("section") is results
    assert filters.select_one("summary").get_text(" ", strip=True).startswith("Filtros")
    assert "(1 seleccionado(s))" in filters.select_one("summary").get_text()
    assert all(a["href"].endswith("#filters") for a in filters.select(".facet a"))
    skip = [a["href"] for a in page.select("a.skip")]
    assert "#results" in skip


def test_the_page_number_is_in_the_title_and_heading(get):
    _, page = get("/search?lang=en")  # 12 test practices, 20 a page: one page
    assert "page" not in page.select_one("title").get_text()
    _, second = get("/search?page=2&lang=en")
    assert "page 2 of 1" in second.select_one("title").get_text()
    assert "page 2 of 1" in second.select_one("#results-title").get_text()


def test_a_page_beyond_the_last_says_so_and_links_to_the_last_page(get):
    _, page = get("/search?q=migrants&page=9&lang=fr")
    message = page.select_one(".empty-results")
    assert "Il n’y a pas de page 9 : cette recherche en compte 1." in message.get_text()
    last = message.select_one("a")["href"]
    assert "page=" not in last and "q=migrants" in last and last.endswith("#filters")
