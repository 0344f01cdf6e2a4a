"""Search by meaning through the site and the API (a fixed fake model), and /health."""

from __future__ import annotations

import pytest

from hub import create_app
from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic.vectors import embed
from tests.support.encoder import FakeEncoder


@pytest.fixture(scope="module")
def meaning_index(tmp_path_factory, test_practices):
    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    engine = WhooshBackend(tmp_path_factory.mktemp("meaning"))
    engine.build(test_practices, vectors=vectors)
    return engine


def hub_client(backend, encoder=FakeEncoder):
    config = {"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "SEMANTIC": "on", "ENCODER": encoder}
    return create_app(config).test_client()


def test_the_api_says_why_each_hit_matched(meaning_index):
    client = hub_client(meaning_index)
    words_only = create_app({"BACKEND": meaning_index, "TESTING": True, "SEMANTIC": "off"}).test_client()
    plain = words_only.get("/api/v1/search?q=remesas&expand=0&page_size=100").get_json()
    found = client.get("/api/v1/search?q=remesas&expand=0&page_size=100").get_json()
    assert {h["id"] for h in plain["hits"]} < {h["id"] for h in found["hits"]}
    assert all(h["matched"] == ["words"] for h in plain["hits"])
    by_meaning = [h for h in found["hits"] if h["matched"] == ["meaning"]]
    assert by_meaning and {h["language"] for h in by_meaning} - {"es"}
    assert found["total"] == len(found["hits"])
    assert sum(v["count"] for v in found["facets"]["language"]) == found["total"]


def test_a_filter_only_search_has_no_reasons_and_no_meaning(meaning_index):
    found = hub_client(meaning_index).get("/api/v1/search?objective=20").get_json()
    assert found["hits"] and all(h["matched"] == [] for h in found["hits"])


def test_the_search_page_shows_practices_found_by_meaning(meaning_index):
    response = hub_client(meaning_index).get("/search?q=remesas")
    assert response.status_code == 200 and b"remittance-fees-portal" in response.data


def test_health_reports_the_semantic_layer(meaning_index, tmp_path, test_practices):
    status = hub_client(meaning_index).get("/health").get_json()
    assert status["ok"] and status["semantic"] == {"on": True, "model": FakeEncoder.model, "reason": None}
    bare = WhooshBackend(tmp_path / "bare")
    bare.build(test_practices)
    status = hub_client(bare).get("/health").get_json()
    assert status["ok"] and not status["semantic"]["on"] and "has no vectors" in status["semantic"]["reason"]
    other = hub_client(meaning_index, lambda: FakeEncoder("fake-concepts/2")).get("/health").get_json()
    assert not other["semantic"]["on"] and "rebuild it with `hub index`" in other["semantic"]["reason"]


@pytest.mark.parametrize("path", ["/export.csv?q=remesas&expand=0", "/export.jsonl?q=remesas&expand=0"])
def test_exports_and_downloads_work_with_search_by_meaning_on(meaning_index, path):
    # The exports call scan() with bodies= and limit=, which the hybrid wrapper must pass on
    # (a 500 under `hub serve` found by the load run, where the model is on).
    response = hub_client(meaning_index).get(path)
    assert response.status_code == 200
    assert b"remittance-fees-portal" in response.data
