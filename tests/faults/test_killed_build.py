"""`hub index` killed with SIGKILL at random points: the previous index serves, the next build succeeds."""

from __future__ import annotations

import random
import time

from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from indexer.search.whoosh_engine.store import KEEP_GENERATIONS, Store
from tests.faults.conftest import hub_index, start_hub_index

KILLS = 10
SEED = 20261130


def test_sigkill_at_random_points_leaves_the_index_serving_and_buildable(collections, tmp_path):
    index = tmp_path / "index"
    assert hub_index(collections.a.path, index).returncode == 0
    started = time.monotonic()
    assert hub_index(collections.b.path, index, "--full").returncode == 0
    duration = time.monotonic() - started  # one whole run: start-up, reading, writing, publishing
    serving = WhooshBackend(index)  # a running app's backend, loaded before the kills
    rng = random.Random(SEED)
    killed_while_writing = 0
    for attempt in range(KILLS):
        before = Store(index).current_id()
        source = collections.a if attempt % 2 == 0 else collections.b
        build = start_hub_index(source.path, index, "--full")
        time.sleep(rng.uniform(0.25 * duration, 1.1 * duration))
        build.kill()
        build.communicate(timeout=10)
        killed_while_writing += bool(list(index.glob("tmp-*")))
        after = Store(index).current_id()
        fresh = WhooshBackend(index)  # a worker started after the kill
        health = fresh.health()
        assert health["ok"], (attempt, health)
        assert after == before or build.returncode == 0 or health["practices"] == len(source.ids)
        served = {hit.id for hit in serving.search(Query(page_size=100)).hits}
        assert served in ({*collections.a.ids}, {*collections.b.ids}), attempt
    assert killed_while_writing >= 2, f"only {killed_while_writing} of {KILLS} kills hit a build in progress"
    # No --wait: a lock left by a killed builder would make this fail. The next build that
    # changes something removes the killed builds' workspaces.
    served = {hit.id for hit in WhooshBackend(index).search(Query(page_size=100)).hits}
    other = collections.b if served == collections.a.ids else collections.a
    result = hub_index(other.path, index)
    assert result.returncode == 0, result.stderr
    assert not list(index.glob("tmp-*")) and not (index / "current.new").exists()
    assert len(list((index / "generations").iterdir())) <= KEEP_GENERATIONS
    assert {h.id for h in WhooshBackend(index).search(Query(page_size=100)).hits} == other.ids
