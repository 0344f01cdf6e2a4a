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
    assert titles[0] == "Seasonal worker scheme" and len(titles) == 3


def test_no_note_when_results_have_every_word_or_nothing_matches(get):
    _, page = get("/search?q=remittances&lang=en")
    assert page.select_one(".match-note") is None
    _, page = get("/search?q=zzzunknown+qqqunknown&lang=en")
    assert page.select_one(".match-note") is None and page.select_one(".empty-results") is not None


def test_the_api_says_which_match(client):
    assert client.get("/api/v1/search?q=seasonal+remittances").json["match"] == "most"
    data = client.get("/api/v1/search?q=remittances").json
    assert data["match"] == "all" and data["total"] == 3
    assert client.get("/api/v1/search").json["match"] == "all"
