"""Every page through Flask's test client, checked on parsed HTML."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from hub import create_app
from hub.i18n import catalogue
from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from tests.support.cases import FILTER_CASES, brute_force


def total_of(page):
    return int(page.select_one("#results-title").get_text().split()[0])


def facet_links(page, facet):
    links = {}
    for a in page.select(f'section.facet[data-facet="{facet}"] li a'):
        query = parse_qs(urlparse(a["href"]).query)
        links[a.select_one(".facet-label").get_text()] = (a, query, int(a.select_one(".count").get_text()))
    return links


def test_the_app_factory_reads_test_config(app):
    assert app.config["TESTING"] and app.config["SECRET_KEY"] == "test"


def test_home_page_lists_23_objectives_with_counts_regions_and_newest(get):
    _, page = get("/")
    objectives = page.select("#objectives li")
    assert len(objectives) == 23
    assert objectives[20].select_one(".number").get_text() == "21"
    assert objectives[20].select_one(".count").get_text() == "2 practices"
    assert [a.select_one(".name").get_text() for a in page.select("#regions a")] == [
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    ]
    newest = [h.get_text() for h in page.select(".result-title")]
    assert newest[0] == "Fair recruitment for women domestic workers"  # submitted 2026-06-30
    assert page.select_one("form[role=search] input[name=q]") is not None


def test_search_page_shows_hits_with_highlighted_snippets(get):
    _, page = get("/search?q=remittances&expand=0")
    assert total_of(page) == 3
    first = page.select(".result")[0]
    assert first.select_one(".result-title a")["href"].startswith("/practices/remittance-fees-portal")
    assert "remittances" in [m.get_text().lower() for m in first.select(".snippet mark")]
    assert [b.get_text() for b in first.select(".badges a")] == ["Objective 20"]
    assert "Australia" in first.select_one(".meta").get_text()


def test_empty_query_lists_every_practice_newest_first(get, test_practices):
    _, page = get("/search")
    assert total_of(page) == len(test_practices)


def test_all_23_objectives_are_listed_even_at_zero(get):
    _, page = get("/search?q=remittances")
    links = facet_links(page, "objective")
    assert len(links) == 23
    assert links["8. Save lives"][2] == 0


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_facet_counts_on_the_page_equal_a_brute_force_count(get, backend, test_practices, filters):
    query = "&".join(f"{facet}={value}" for facet, values in filters.items() for value in values)
    _, page = get(f"/search?q=migrants&{query}")
    matching = {h.id for h in backend.search(Query(text="migrants", page_size=100)).hits}
    assert total_of(page) == len(brute_force(test_practices, matching, filters))
    for facet in ("objective", "region", "language", "type"):
        for _label, (anchor, params, count) in facet_links(page, facet).items():
            linked = set(params.get(facet, ()))
            before = set(filters.get(facet, ()))
            # a link adds its value to the selection, or (selected) removes it
            (value,) = (before - linked) if anchor.get("aria-current") else (linked - before)
            # disjunctive: the value alone in its facet, the other facets' filters kept
            expected = brute_force(test_practices, matching, {**filters, facet: (value,)})
            assert count == len(expected), (facet, _label)


def test_several_values_of_one_facet_combine_with_or_and_facets_with_and(get):
    _, either = get("/search?region=002&region=019")
    _, africa = get("/search?region=002")
    _, americas = get("/search?region=019")
    assert total_of(either) == total_of(africa) + total_of(americas)
    _, both = get("/search?region=019&language=es")
    assert total_of(both) == 2


def test_chips_remove_their_filter_and_clear_all(get):
    _, page = get("/search?q=migrants&objective=21&country=SLV&lang=en")
    chips = page.select(".chips a.chip")
    assert [c.get_text(" ", strip=True).split(" ×")[0] for c in chips] == [
        "GCM objective: 21. Dignified return and reintegration",
        "Country: El Salvador",
    ]
    assert chips[0]["aria-label"] == "Remove filter: GCM objective: 21. Dignified return and reintegration"
    params = parse_qs(urlparse(chips[0]["href"]).query)
    assert params == {"q": ["migrants"], "country": ["SLV"], "lang": ["en"]}
    clear = page.select_one(".chips a.clear")
    assert clear["href"] == "/search?lang=en"


def test_the_url_reproduces_the_page(client):
    url = "/search?q=migrants&objective=21&sort=newest&lang=fr"
    assert client.get(url).data == client.get(url).data


def test_sort_by_newest_is_marked_and_kept_in_links(get):
    _, page = get("/search?q=migrants&sort=newest&lang=en")
    assert page.select_one(".sort a[aria-current]").get_text() == "Newest"
    dates = [a["href"] for a in page.select(".result-title a")]
    assert dates  # results are shown
    chip_or_facet = page.select_one('section.facet[data-facet="region"] li a')["href"]
    assert "sort=newest" in chip_or_facet


def test_pagination_links(get, monkeypatch):
    import hub.params

    monkeypatch.setattr(hub.params, "PAGE_SIZE", 5)
    monkeypatch.setattr(hub.params.read, "__defaults__", (5,))
    _, page = get("/search?q=&lang=en&page=2")
    nav = page.select_one("nav.pagination")
    assert nav.select_one("a[aria-current=page]").get_text() == "2"
    assert nav.select_one("a[rel=prev]")["href"] == "/search?lang=en"
    assert "page=3" in nav.select_one("a[rel=next]")["href"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/search?objective=24", "objective"),
        ("/search?country=XYZ", "country"),
        ("/search?page=abc", "page"),
        ("/search?page=-3", "page"),
        ("/search?from=19x", "from"),
        ("/search?sort=random", "sort"),
        ("/search?principle=%3Cscript%3E", "principle"),
        ("/search?year=1", "year"),
        ("/search?region=Africa", "region"),
    ],
)
def test_bad_parameters_get_a_clear_message_never_a_500(get, url, parameter):
    _, page = get(url, expect=400)
    notice = page.select_one(".notice[role=alert]")
    assert notice is not None and f"{parameter}=" in notice.get_text()
    assert page.select_one("#results-title") is not None  # the rest of the search still runs


def test_an_over_long_query_is_cut_with_a_message(get):
    _, page = get("/search?q=" + "migrants+" * 100, expect=400)
    notice = page.select_one(".notice").get_text()
    assert "longer than 500 characters" in notice and "more than 32 words" in notice
    assert total_of(page) == 0


def test_spelling_suggestion_is_a_link(get):
    _, page = get("/search?q=remitances&lang=en")
    link = page.select_one(".suggestion a")
    assert link.get_text() == "remittances"
    assert parse_qs(urlparse(link["href"]).query)["q"] == ["remittances"]


def test_practice_page_shows_every_field_with_links(get):
    _, page = get("/practices/remittance-fees-portal?lang=en")
    assert page.select_one("h1").get_text() == "Remittance price comparison portal"
    labels = [dt.get_text() for dt in page.select(".fields dt")]
    for expected in [
        "GCM objectives",
        "Secondary objectives",
        "Guiding principles",
        "Countries",
        "Regions",
        "Scope",
        "Type",
        "Start year",
        "Ongoing",
        "Language",
        "Submitted by",
        "Submitted on",
        "Keywords",
    ]:
        assert expected in labels
    objective = page.select_one(".fields dd a[href*='objective=20']")
    assert objective.get_text() == "20. Remittances"
    assert page.select_one(".body em").get_text() == "remittances"  # Markdown rendered
    assert page.select(".related .result")


def test_practice_content_keeps_its_language_and_translations_link(get, tmp_path, test_practices):
    _, page = get("/practices/maroc-regularisation-exceptionnelle?lang=es")
    assert page.select_one("html")["lang"] == "es"
    assert page.select_one("article header")["lang"] == "fr"
    assert page.select_one(".body")["lang"] == "fr"
    assert page.select_one(".fields dt").get_text() == "Objetivos del PMM"


def test_translations_are_linked_both_ways(tmp_path, test_practices):
    import dataclasses

    from bs4 import BeautifulSoup

    original = next(p for p in test_practices if p.id == "maroc-regularisation-exceptionnelle")
    translation = dataclasses.replace(
        original,
        id="morocco-exceptional-regularisation",
        language="en",
        title="Exceptional regularisation",
        translation_of=original.id,
    )
    backend = WhooshBackend(tmp_path)
    backend.build([*test_practices, translation])
    client = create_app({"BACKEND": backend}).test_client()
    for source, target in ((original.id, translation.id), (translation.id, original.id)):
        page = BeautifulSoup(client.get(f"/practices/{source}").data, "html.parser")
        link = page.select_one(".translations a")
        assert link["href"].startswith(f"/practices/{target}")


def test_unknown_practice_is_a_friendly_404_in_the_chosen_language(get):
    _, page = get("/practices/no-such-practice?lang=fr", expect=404)
    assert page.select_one("h1").get_text() == "Page introuvable"
    assert page.select_one("html")["lang"] == "fr"


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/objectives/21?lang=en", "Objective 21: Cooperate in facilitating safe and dignified return"),
        ("/regions/019?lang=es", "Prácticas: Américas"),
        ("/regions/419?lang=en", "Practices in Latin America and the Caribbean"),
    ],
)
def test_browse_pages_are_filtered_searches_with_a_heading(get, url, heading):
    _, page = get(url)
    assert page.select_one("h1").get_text().startswith(heading)
    assert total_of(page) >= 1
    assert page.select(".chips a.chip")


@pytest.mark.parametrize("url", ["/objectives/24", "/regions/999", "/countries/XYZ"])
def test_unknown_browse_pages_are_404(get, url):
    get(url, expect=404)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_pages_in_three_languages(get, lang):
    _, page = get(f"/search?q=migrants&objective=21&lang={lang}")
    assert page.select_one("html")["lang"] == lang
    button = page.select_one("form[role=search] button").get_text()
    assert button == {"en": "Search", "fr": "Rechercher", "es": "Buscar"}[lang]
    facet = facet_links(page, "objective")
    assert any(label.startswith("21. ") for label in facet)
    expected = {
        "en": "21. Dignified return and reintegration",
        "fr": "21. Retour digne et réintégration durable",
        "es": "21. Retorno y reintegración dignos",
    }[lang]
    assert expected in facet


def test_the_language_switcher_keeps_the_search(get):
    _, page = get("/search?q=migrants&objective=21&lang=en")
    switch = {a["lang"]: a["href"] for a in page.select(".languages a")}
    assert parse_qs(urlparse(switch["fr"]).query) == {"q": ["migrants"], "objective": ["21"], "lang": ["fr"]}
    assert page.select_one('.languages a[aria-current="true"]')["lang"] == "en"


def test_browser_language_is_the_default(client):
    from bs4 import BeautifulSoup

    response = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert BeautifulSoup(response.data, "html.parser").select_one("html")["lang"] == "es"


def test_every_interface_message_is_translated():
    from babel.messages.extract import extract_from_dir

    from tests.conftest import ROOT

    method_map = [("hub/**.py", "python"), ("templates/site/**.html", "jinja2")]
    options = {"templates/site/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    messages = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(ROOT), method_map, options, keywords)
    }
    assert len(messages) > 40
    for lang in ("fr", "es"):
        catalog = catalogue(lang)
        missing = [
            m
            for m in messages
            if catalog.gettext(m) == m
            and m
            not in (
                "Type",
                "Error",
                "Error:",
                "Pages",
                "CC BY 4.0",
                "Description",
                "No",
                "%(name)s: %(value)s",
            )
        ]
        assert missing == [], lang


def test_missing_index_page_says_how_to_build_it(tmp_path):
    from bs4 import BeautifulSoup

    client = create_app({"BACKEND": WhooshBackend(tmp_path / "none")}).test_client()
    response = client.get("/search?q=x")
    assert response.status_code == 503
    text = BeautifulSoup(response.data, "html.parser").get_text()
    assert "hub index" in text and "Traceback" not in text
    assert client.get("/health").status_code == 503


def test_script_injection_in_a_practice_is_inert(tmp_path, write_practice):
    from bs4 import BeautifulSoup

    from indexer.collection import load

    body = (
        "\n## Context\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        '[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>\n\n'
        '<div onclick="alert(5)" style="x">raw html</div>\n\n<iframe src="https://evil.example"></iframe>\n'
    )
    write_practice(
        "evil",
        title="<script>alert('t')</script> title",
        body=body,
        summary="Summary with <b>markup</b>".replace("<b>", "").replace("</b>", ""),
        tags=["<img src=x onerror=alert(6)>"],
        partners=['"><script>alert(7)</script>'],
    )
    collection = load([tmp_path / "practices"])
    assert collection.practices, collection.problems
    backend = WhooshBackend(tmp_path / "ix")
    backend.build(collection.practices)
    client = create_app({"BACKEND": backend}).test_client()
    for url in ("/practices/evil", "/search?q=title", "/"):
        page = BeautifulSoup(client.get(url).data, "html.parser")
        scripts = [s.get("src") or s.get("type") for s in page.select("script")]
        assert scripts in (["/static/enhance.js"], ["application/ld+json", "/static/enhance.js"]), url
        assert not page.select("iframe, img, [onerror], [onclick], [style]"), url
        assert not [a for a in page.select("a[href]") if a["href"].lower().startswith("javascript")], url
    page = BeautifulSoup(client.get("/practices/evil").data, "html.parser")
    assert "<script>alert('t')</script> title" in page.select_one("h1").get_text()


@pytest.mark.parametrize("objectives", [("19",), ("4",), ("6", "21"), ("1", "4")])
def test_cards_say_which_selected_objectives_they_serve_and_primaries_come_first(
    get, test_practices, objectives
):
    _, page = get("/search?" + "&".join(f"objective={n}" for n in objectives) + "&lang=en")
    by_title = {p.title: p for p in test_practices}
    wanted = {int(n) for n in objectives}
    cards = page.select("article.result")
    assert cards
    primary_seen = []
    for card in cards:
        practice = by_title[card.select_one(".result-title").get_text(strip=True)]
        shown = [span.get_text(strip=True) for span in card.select(".matched .match")]
        expected = [
            f"Objective {n} ({'primary' if n in practice.objectives else 'secondary'})"
            for n in wanted
            if n in practice.all_objectives
        ]
        assert sorted(shown) == sorted(expected), practice.id
        primary_seen.append(bool(wanted & set(practice.objectives)))
    assert primary_seen == sorted(primary_seen, reverse=True)  # primary matches first
    if objectives in (("19",), ("4",)):  # one primary and one secondary practice each
        assert primary_seen == [True, False]


def test_the_site_titles_exactly_the_interfaces_facets():
    """The facet set is defined once (indexer/search/interface.py); the site only labels it."""
    from hub.pages import FACET_TITLES
    from indexer.search import FACETS

    assert list(FACET_TITLES) == list(FACETS)
