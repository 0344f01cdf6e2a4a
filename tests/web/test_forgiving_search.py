"""Forgiving matching, concept expansion and suggestions, as the reader sees them: pages and API."""

from __future__ import annotations

import pytest

from hub.i18n import catalogue

MOST_NOTE = "Few practices contain all your words: these contain most of them, those with every word first."


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_page_says_plainly_when_results_have_most_of_the_words(get, lang):
    _, page = get(f"/search?q=seasonal+remittances&lang={lang}")
    note = page.select_one(".match-note")
    assert note is not None and note["data-match"] == "most"
    expected = catalogue(lang).gettext(MOST_NOTE)
    assert (expected != MOST_NOTE) == (lang != "en")  # translated in French and Spanish
    assert note.get_text(strip=True) == expected
    titles = [a.get_text() for a in page.select(".result-title a")]
    assert titles[0] == "Seasonal worker scheme"


def test_no_note_when_results_have_every_word_or_nothing_matches(get):
    _, page = get("/search?q=remittances&lang=en")
    assert page.select_one(".match-note") is None
    _, page = get("/search?q=zzzunknown+qqqunknown&lang=en")
    assert page.select_one(".match-note") is None and page.select_one(".empty-results") is not None


def test_the_api_says_which_match(client):
    assert client.get("/api/v1/search?q=seasonal+remittances").json["match"] == "most"
    data = client.get("/api/v1/search?q=remittances&expand=0").json
    assert data["match"] == "all" and data["total"] == 3
    assert client.get("/api/v1/search").json["match"] == "all"


def test_also_searched_shows_the_labels_and_a_link_without_them(get):
    _, page = get("/search?q=remittances&lang=en")
    also = page.select_one(".also-searched")
    assert "remittances · envois de fonds · remesas" in also.get_text()
    off = also.select_one("a")["href"]
    assert "expand=0" in off
    titles = {a.get_text() for a in page.select(".result-title a")}
    assert "Fonds d'appui à l'investissement de la diaspora" in titles  # French, "envois de fonds"
    _, without = get(off)
    assert without.select_one(".also-searched a")["href"].count("expand") == 0
    assert len(without.select(".result")) == 3  # only the English word


def test_a_named_objective_is_offered_as_a_facet(get):
    _, page = get("/search?q=protection+consulaire&lang=fr")
    offers = [a.get_text(" ", strip=True) for a in page.select(".facet-offers a")]
    assert any("14." in text for text in offers), offers


def test_the_api_returns_the_expansions_and_obeys_expand(client):
    data = client.get("/api/v1/search?q=remittances").json
    assert [e["concept"] for e in data["expansions"]] == ["remittances"]
    assert "envois de fonds" in data["expansions"][0]["labels"]["fr"]
    assert "senegal-fonds-diaspora" in [h["id"] for h in data["hits"]]
    data = client.get("/api/v1/search?q=remittances&expand=0").json
    assert data["expansions"] == [] and "senegal-fonds-diaspora" not in [h["id"] for h in data["hits"]]
    bad = client.get("/api/v1/search?q=remittances&expand=maybe")
    assert bad.status_code == 400 and "expand" in bad.get_data(as_text=True)
