"""No page, feed or export attributes a compiled practice to its implementer as a submission."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import pytest

COMPILED = "remittance-fees-portal"  # compiled, with a figure and an evaluation (tests/data)
SUBMITTED = "chinese-migrant-services"  # submitted by a focal point, validated
NOTES = {
    "en": "Compiled from public sources by the hub's editors; not an official submission of Kingdom of Morocco.",
    "fr": "Compilée à partir de sources publiques par les éditeurs du hub ; ce n’est pas une soumission "
    "officielle de Kingdom of Morocco.",
    "es": "Compilada a partir de fuentes públicas por los editores del hub; no es una presentación oficial "
    "de Kingdom of Morocco.",
}


def described(page) -> dict[str, str]:
    """The practice page's 'About this practice' list, term -> text."""
    terms = page.select("aside.fields dt")
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in terms}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_compiled_practice_says_so_on_its_page(get, lang):
    _, page = get(f"/practices/{COMPILED}?lang={lang}")
    note = page.select_one("article.practice .provenance-note")
    assert note.get_text(strip=True) == NOTES[lang]


def test_the_page_names_implementer_submitter_provenance_and_review(get):
    _, page = get(f"/practices/{COMPILED}")
    about = described(page)
    assert about["Implemented by"] == "Kingdom of Morocco"
    assert about["Submitted by"] == "GCM Practice Hub editors"
    assert about["Provenance"] == "Compiled from public sources"
    assert about["Review"] == "Reviewed by the hub's editors, 2026-02-01"


def test_a_submitted_practice_has_no_compiled_note(get):
    _, page = get(f"/practices/{SUBMITTED}")
    assert page.select("article.practice > .provenance-note") == []
    assert described(page)["Review"].startswith("Validated by the implementer")


def test_evidence_is_shown_with_year_and_source(get):
    _, page = get(f"/practices/{COMPILED}")
    figures = page.select(".evidence ul.results li")
    assert [li.get_text(" ", strip=True) for li in figures] == ["7,000 people reached (2020, source )"]
    assert figures[0].select_one("a")["href"] == f"https://www.example.org/reports/{COMPILED}"
    evaluation = page.select_one(".evidence .evaluation")
    assert "reached its targets" in evaluation.get_text()
    assert evaluation.select_one("a")["href"] == f"https://www.example.org/evaluations/{COMPILED}"
    _, french = get(f"/practices/{COMPILED}?lang=fr")
    assert french.select_one(".evidence ul.results data").get_text() == "7\u202f000"


def test_result_cards_carry_the_note_of_compiled_practices_only(get, test_practices):
    _, page = get("/search?q=&lang=es")
    cards = page.select("article.result")
    compiled = {p.id for p in test_practices if p.provenance == "compiled"}
    assert len(cards) == len(test_practices)
    for card in cards:
        practice_id = card.select_one(".result-title a")["href"].split("/")[-1].split("?")[0]
        note = card.select_one(".provenance-note")
        assert (note is not None) is (practice_id in compiled), practice_id
        if note:
            assert note.get_text(strip=True).startswith("Compilada a partir de fuentes públicas")


def test_provenance_and_evaluation_are_facets_of_the_search_page(get, test_practices):
    _, page = get("/search?provenance=compiled&evaluation=yes")
    want = [p for p in test_practices if p.provenance == "compiled" and p.evaluation]
    assert len(page.select("article.result")) == len(want) > 0


def test_the_atom_author_is_the_submitter_and_the_implementer_a_category(client):
    feed = feedparser.parse(client.get("/feed.atom?provenance=compiled").data)
    assert not feed.bozo and feed.entries
    for entry in feed.entries:
        assert entry.author == "GCM Practice Hub editors"
        implementer = [t for t in entry.tags if t.scheme == "tag:gcm-practice-hub,2026:implemented_by"]
        assert [t.term for t in implementer] == ["Kingdom of Morocco"]


def test_json_ld_creator_is_the_submitter_and_the_implementer_is_what_it_is_about(get):
    _, page = get(f"/practices/{COMPILED}")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["creator"] == {"@type": "Organization", "name": "GCM Practice Hub editors"}
    assert {"@type": "Organization", "name": "Kingdom of Morocco"} in data["about"]


def test_the_api_and_the_exports_carry_provenance_and_evidence(client):
    data = client.get(f"/api/v1/practices/{COMPILED}").json
    assert (data["implemented_by"], data["submitted_by"], data["provenance"]) == (
        "Kingdom of Morocco",
        "GCM Practice Hub editors",
        "compiled",
    )
    assert data["review"] == {"status": "reviewed", "date": "2026-02-01"}
    assert data["results"][0]["value"] == 7000
    rows = list(
        csv.DictReader(io.StringIO(client.get("/export.csv?provenance=compiled").data.decode("utf-8-sig")))
    )
    row = next(r for r in rows if r["id"] == COMPILED)
    assert (row["provenance"], row["review.status"], row["review.date"]) == (
        "compiled",
        "reviewed",
        "2026-02-01",
    )
    assert row["evaluation.url"] == f"https://www.example.org/evaluations/{COMPILED}"
    assert row["results"] == f"7000 people reached (2020, https://www.example.org/reports/{COMPILED})"
    lines = client.get("/export.jsonl?evaluation=yes").data.decode("utf-8").splitlines()
    assert lines and all(json.loads(line)["evaluation"]["url"] for line in lines)
    facets = client.get("/api/v1/search").json["facets"]
    assert {v["value"] for v in facets["provenance"]} == {"submitted", "compiled"}
    assert {v["value"] for v in facets["evaluation"]} == {"yes", "no"}
