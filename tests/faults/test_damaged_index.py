"""An index file corrupted or deleted under a running app: the previous generation or a clear 503,
never a 500 or a hung worker; then `hub index` (without --full) repairs it."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from hub import create_app
from hub.security import GENERATION_HEADER
from indexer.search.whoosh_engine import WhooshBackend
from indexer.search.whoosh_engine.store import Store
from tests.faults.conftest import hub_index

URLS = [
    "/search?q=migrants",
    "/search?q=workers+women",
    "/api/v1/search?q=return",
    "/",
    "/export.csv?q=rights",
]
# Asked only after the damage: their postings are not in the running worker's memory yet.
NEW_URLS = ["/search?q=programme", "/api/v1/search?q=health+services", "/search?q=%22labour+migration%22"]


def flip_bytes(path):
    data = bytearray(path.read_bytes())
    for at in range(64, len(data), 61):
        data[at] ^= 0xA5
    with path.open("r+b") as handle:  # in place: the open readers see it too
        handle.write(data)


def corrupt_segments(generation):
    for path in generation.glob("*.seg"):
        flip_bytes(path)


def delete_segments(generation):
    for path in generation.glob("*.seg"):
        path.unlink()


def corrupt_meta(generation):
    (generation / "meta.json").write_text("{not json", encoding="utf-8")


def delete_generation(generation):
    shutil.rmtree(generation)


DAMAGE = {f.__name__: f for f in (corrupt_segments, delete_segments, corrupt_meta, delete_generation)}


def app_for(index):
    return create_app({"BACKEND": WhooshBackend(index), "TESTING": True, "SECRET_KEY": "t"})


def fetch(client, url):
    response = client.get(url)
    response.get_data()
    return response


def assert_clear(response, generation):
    """The generation served before the damage, or the page that says to run `hub index`."""
    assert response.status_code in (200, 503), (response.request.url, response.status_code)
    if response.status_code == 200:
        assert response.headers.get(GENERATION_HEADER, generation) == generation
    elif not response.request.path.startswith("/api/"):
        text = BeautifulSoup(response.data, "html.parser").get_text()
        assert "hub index" in text and "Traceback" not in text


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_under_a_running_app_then_hub_index_repairs_it(collections, tmp_path, within, damage):
    index = tmp_path / "index"
    assert hub_index(collections.a.path, index).returncode == 0
    generation = Store(index).current_id()
    running = app_for(index).test_client()
    for url in URLS:
        assert within(20, fetch, running, url).status_code == 200

    damage(Store(index).current())

    for client in (running, app_for(index).test_client()):  # a worker already up, and a new one
        for url in [*URLS, *NEW_URLS, "/health"]:
            assert_clear(within(20, fetch, client, url), generation)
    assert within(20, fetch, app_for(index).test_client(), "/health").status_code == 503

    result = hub_index(collections.a.path, index)  # the same practices; no --full
    assert result.returncode == 0, result.stderr
    repaired = Store(index).current_id()
    assert repaired != generation
    for client in (running, app_for(index).test_client()):
        for url in [*URLS, *NEW_URLS]:
            response = within(20, fetch, client, url)
            assert response.status_code == 200, (url, response.data[:300])
            assert response.headers.get(GENERATION_HEADER, repaired) == repaired
