"""The JSON API, its OpenAPI document (schemathesis), the Atom feed, exports, sitemap, JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlparse

import feedparser
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from hub import create_app
from indexer.collection import load
from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend


def test_the_api_matches_its_openapi_document(app):
    """Property-based requests generated from the OpenAPI document, validated against it."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /api/v1/search",
        "GET /api/v1/practices/{id}",
        "GET /api/v1/vocabularies",
        "GET /api/v1/coverage",
        "GET /api/v1/countries/{code}",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate()

        check()


def test_search_returns_hits_facets_and_licence(client, backend):
    data = client.get("/api/v1/search?q=migrants&objective=21&page_size=1").json
    expected = backend.search(Query(text="migrants", filters={"objective": ("21",)}))
    assert data["total"] == expected.total and data["page_size"] == 1 and len(data["hits"]) == 1
    hit = data["hits"][0]
    assert hit["id"] == expected.hits[0].id and hit["url"].endswith(f"/practices/{hit['id']}")
    assert {
        "title",
        "summary",
        "countries",
        "regions",
        "objectives",
        "principles",
        "snippet",
        "score",
    } <= set(hit)
    assert {f["value"]: f["count"] for f in data["facets"]["objective"]}["21"] == expected.total
    assert data["licence"]["id"] == "CC-BY-4.0"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/search?objective=0", "objective"),
        ("/api/v1/search?country=mars", "country"),
        ("/api/v1/search?page_size=500", "page_size"),
        ("/api/v1/search?page=0", "page"),
        ("/api/v1/search?sort=oldest", "sort"),
        ("/api/v1/search?from=1800", "from"),
    ],
)
def test_bad_parameters_are_json_errors(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400 and response.is_json
    assert response.json["error"]["parameter"] == parameter and response.json["error"]["message"]


def test_practice_endpoint_has_the_whole_practice(client):
    data = client.get("/api/v1/practices/salvador-atencion-retornados").json
    assert data["regions"] == ["019"] and data["subregions"] == ["419"]
    assert data["body_markdown"].lstrip().startswith("## Contexto")
    assert "<h2>Contexto</h2>" in data["body_html"]
    missing = client.get("/api/v1/practices/nothing-here")
    assert missing.status_code == 404 and missing.json["error"]["status"] == 404
    assert client.get("/api/v1/no-such-endpoint").json["error"]["status"] == 404


def test_vocabularies_have_labels_in_three_languages(client):
    data = client.get("/api/v1/vocabularies").json
    assert len(data["objectives"]) == 23 and len(data["principles"]) == 10
    assert data["objectives"][4]["label"]["fr"] == "Filières de migration régulière"
    morocco = next(c for c in data["countries"] if c["code"] == "MAR")
    assert morocco == {
        "code": "MAR",
        "label": {"en": "Morocco", "fr": "Maroc", "es": "Marruecos"},
        "subregion": "015",
        "region": "002",
    }
    assert [r["code"] for r in data["regions"]] == ["002", "019", "142", "150", "009"]


def test_cors_is_open_for_get(client):
    response = client.get("/api/v1/vocabularies", headers={"Origin": "https://other.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_atom_feed_is_valid_and_follows_the_search(client, test_practices):
    response = client.get("/feed.atom?objective=21")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    ids = [e.link.rsplit("/", 1)[1] for e in feed.entries]
    assert sorted(ids) == sorted(p.id for p in test_practices if 21 in p.all_objectives)
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert "21. Dignified return and reintegration" in feed.feed.title
    assert feed.entries[0].tags[0].term == "objective-21"


def test_csv_export_round_trips_the_whole_result_set(client, backend):
    response = client.get("/export.csv?q=workers")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = list(backend.scan(Query(text="workers")))
    assert [r["id"] for r in rows] == [c["id"] for c in expected]
    first = next(r for r in rows if r["id"] == "seasonal-worker-scheme")
    assert (
        first["countries"] == "NZL; TON; WSM" and first["objectives"] == "5; 6" and first["ongoing"] == "true"
    )


def test_csv_neutralises_formulas(tmp_path, write_practice):
    write_practice(
        "formula",
        title='=HYPERLINK("http://evil.example","click")',
        tags=["+cmd|' /C calc'!A0"],
        submitted_by="@SUM(1+1)",
    )
    backend = WhooshBackend(tmp_path / "ix")
    backend.build(load([tmp_path / "practices"]).practices)
    client = create_app({"BACKEND": backend}).test_client()
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv").data.decode("utf-8-sig"))))
    assert rows[0]["title"].startswith("'=") and rows[0]["tags"].startswith("'+")
    assert rows[0]["submitted_by"] == "'@SUM(1+1)"


def test_jsonl_export_has_every_practice_with_its_body(client, test_practices):
    lines = client.get("/export.jsonl").data.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["id"] for r in records) == sorted(p.id for p in test_practices)
    assert all(r["body_markdown"] and r["url"] for r in records if r["language"] in ("en", "fr", "es"))


def test_exports_stream(app, client):
    response = client.get("/export.csv", buffered=False)
    assert response.is_streamed
    response.close()


def test_the_search_page_links_to_the_same_search_as_data(get):
    _, page = get("/search?q=migrants&objective=21&page=1&lang=fr")
    links = {a.get_text(): a["href"] for a in page.select(".data-links a")}
    for name, path in (("CSV", "/export.csv"), ("JSON Lines", "/export.jsonl")):
        url = urlparse(links[name])
        assert url.path == path and parse_qs(url.query) == {"q": ["migrants"], "objective": ["21"]}
    feed = page.select_one('link[rel=alternate][type="application/atom+xml"]')["href"]
    assert parse_qs(urlparse(feed).query) == {"q": ["migrants"], "objective": ["21"]}


def test_practice_pages_carry_json_ld(get):
    _, page = get("/practices/salvador-atencion-retornados")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "CreativeWork" and data["inLanguage"] == "es"
    assert data["spatialCoverage"][0]["identifier"] == "SLV"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_sitemap_and_robots(client, test_practices):
    sitemap = client.get("/sitemap.xml").data.decode()
    for practice in test_practices:
        assert f"/practices/{practice.id}</loc>" in sitemap
    assert "/objectives/23</loc>" in sitemap and "/countries/SLV</loc>" in sitemap
    robots = client.get("/robots.txt").data.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots
