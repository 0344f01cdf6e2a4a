"""Exports, the sitemap, feeds and the practice page: one generation per response, bounded work,
per-client rate limits and the API's JSON errors."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup

from hub import create_app
from hub.feeds import StreamTooSlow
from indexer.search.whoosh_engine import WhooshBackend
from tests.support.publishing import PublishesMidway

DOWNLOADS = ["/export.csv", "/export.jsonl", "/feed.atom"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def error_of(response, status, parameter=None):
    """The documented JSON error: {"error": {"status", "message", "parameter"}}."""
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    found = response.get_json()["error"]
    assert found["status"] == status and found["message"]
    if parameter:
        assert found["parameter"] == parameter
    return found


@pytest.mark.parametrize("path", DOWNLOADS)
@pytest.mark.parametrize(
    ("query", "parameter"), [("objective=24", "objective"), ("sort=oldest", "sort"), ("from=3000", "from")]
)
def test_a_bad_parameter_gets_the_json_error(client, path, query, parameter):
    found = error_of(client.get(f"{path}?{query}"), 400, parameter)
    assert query.split("=")[1] in found["message"]


def test_an_export_over_the_row_bound_is_refused_before_it_starts(backend, test_practices):
    app = create_app({"BACKEND": backend, "TESTING": True, "EXPORT_MAX_ROWS": 3})
    client = app.test_client()
    for path in ("/export.csv", "/export.jsonl"):
        found = error_of(client.get(path), 400, "q")
        assert "more than 3 practices" in found["message"]
    narrow = client.get("/export.csv?country=NZL")
    assert narrow.status_code == 200
    rows = list(csv.DictReader(io.StringIO(narrow.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["id"] for row in rows] == [p.id for p in test_practices if "NZL" in p.countries]


@pytest.mark.parametrize("path", ["/export.csv", "/export.jsonl", "/sitemap.xml"])
def test_a_download_stops_at_its_time_bound(backend, path):
    app = create_app({"BACKEND": backend, "TESTING": True, "EXPORT_SECONDS": -1})
    response = app.test_client().get(path)
    assert response.status_code == 200  # the status went out before the rows
    with pytest.raises(StreamTooSlow):
        response.get_data()


@pytest.mark.parametrize(
    ("path", "setting"),
    [
        ("/export.csv", "RATELIMIT_EXPORT"),
        ("/export.jsonl", "RATELIMIT_EXPORT"),
        ("/sitemap.xml", "RATELIMIT_SITEMAP"),
        ("/feed.atom", "RATELIMIT_FEED"),
    ],
)
def test_downloads_are_rate_limited_per_client(backend, path, setting):
    app = create_app(
        {"BACKEND": backend, "TESTING": True, "RATELIMIT_ENABLED": True, setting: "2 per minute"}
    )
    client = app.test_client()
    assert [client.get(path).status_code for _ in range(2)] == [200, 200]
    refused = client.get(path)
    error_of(refused, 429)
    assert refused.headers["Retry-After"]
    assert client.get(path, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


# One generation per response ---------------------------------------------------------------


def marked(practices, generation):
    """The practices with their generation written into every body and title."""
    return [
        replace(p, title=f"{p.title} ({generation})", body=f"{p.body}\n\nGeneration {generation}.")
        for p in practices
    ]


@pytest.fixture
def midway(tmp_path, test_practices):
    """An app over generation A that publishes generation B (bodies and titles changed, the
    first half of the practices deleted) in the middle of the first response."""
    engine = WhooshBackend(tmp_path / "index")
    engine.build(marked(test_practices, "A"))
    later = marked(test_practices[len(test_practices) // 2 :], "B")
    wrapped = PublishesMidway(engine, later)
    app = create_app({"BACKEND": wrapped, "TESTING": True})
    return app.test_client(), wrapped, {p.id for p in test_practices}


def test_the_json_lines_export_reads_one_generation(midway):
    client, wrapped, ids = midway
    rows = [json.loads(line) for line in client.get("/export.jsonl").get_data(as_text=True).splitlines()]
    assert wrapped.published
    assert {row["id"] for row in rows} == ids
    assert all(
        row["title"].endswith("(A)") and row["body_markdown"].endswith("Generation A.") for row in rows
    )


def test_the_csv_export_reads_one_generation(midway):
    client, wrapped, ids = midway
    text = client.get("/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert wrapped.published
    assert {row["id"] for row in rows} == ids
    assert all(row["title"].endswith("(A)") for row in rows)


def test_the_sitemap_reads_one_generation(midway):
    client, wrapped, ids = midway
    urls = [loc.text for loc in ElementTree.fromstring(client.get("/sitemap.xml").data).iter(f"{SITEMAP}loc")]
    listed = {url.rsplit("/", 1)[1] for url in urls if "/practices/" in url}
    assert wrapped.published
    assert listed == ids


def test_the_feed_reads_one_generation(midway):
    client, wrapped, _ = midway
    feed = feedparser.parse(client.get("/feed.atom").data)
    assert wrapped.published
    assert feed.entries and all(entry.title.endswith("(A)") for entry in feed.entries)


def test_a_practice_page_reads_the_practice_and_its_related_practices_from_one_generation(
    midway, test_practices
):
    client, wrapped, _ = midway
    first = test_practices[0].id  # deleted in generation B, as are the practices related to it
    page = BeautifulSoup(client.get(f"/practices/{first}").data, "html.parser")
    assert wrapped.published
    assert page.h1.get_text(strip=True).endswith("(A)")
    related = [a.get_text(strip=True) for a in page.select(".related .result-title a")]
    assert related and all(title.endswith("(A)") for title in related)
