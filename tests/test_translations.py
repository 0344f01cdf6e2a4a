"""A practice and its translations as one result (indexer/search/translations.py), on a page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from hub import create_app
from indexer.collection import load
from indexer.search.interface import Hit
from indexer.search.translations import one_per_translation
from indexer.search.whoosh_engine import WhooshBackend


def hit(pid, language, root=None):
    return Hit(pid, 1.0, {"id": pid, "language": language, "translation_of": root, "title": pid}, "")


def test_translations_fold_into_one_hit_in_the_readers_language():
    hits = [hit("en-a", "en"), hit("b", "en"), hit("fr-a", "fr", "en-a"), hit("es-a", "es", "en-a")]
    french = one_per_translation(hits, "fr")
    assert [g.hit.id for g in french] == ["fr-a", "b"]  # at the place of the best-ranked version
    assert [v.id for v in french[0].others] == ["en-a", "es-a"]
    english = one_per_translation(hits, "en")
    assert [g.hit.id for g in english] == ["en-a", "b"] and [v.id for v in english[0].others] == [
        "fr-a",
        "es-a",
    ]
    german = one_per_translation(hits, "de")
    assert german[0].hit.id == "en-a"  # no version in that language: the best-ranked one
    assert one_per_translation([], "en") == []


def test_the_search_page_shows_one_card_with_language_badges(tmp_path, write_practice):
    write_practice(
        "remesas-original", title="Remesas baratas", summary="Un portal de remesas.", language="es"
    )
    write_practice(
        "remittances-translation",
        title="Cheap remittances",
        summary="A remittance portal.",
        language="en",
        translation_of="remesas-original",
    )
    write_practice("other-remittances", title="Remittance fund", summary="Remittances for investment.")
    backend = WhooshBackend(tmp_path / "index")
    backend.build(load([tmp_path / "practices"]).practices)
    app = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False})
    for lang, shown, other in (("en", "Cheap remittances", "ES"), ("es", "Remesas baratas", "EN")):
        page = BeautifulSoup(app.test_client().get(f"/search?q=remittances&lang={lang}").data, "html.parser")
        cards = page.select(".result")
        assert len(cards) == 2, [c.get_text() for c in cards]
        titles = [c.select_one(".result-title a").get_text() for c in cards]
        assert shown in titles and "Remittance fund" in titles
        card = cards[titles.index(shown)]
        assert [a.get_text() for a in card.select(".versions a.language-badge")] == [other]
        assert card.select_one(".versions .current").get_text() == lang.upper()
