"""The disk fills up during a build (a file-size limit, RLIMIT_FSIZE): a clear error, the old index serves."""

from __future__ import annotations

import resource
import signal

from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from indexer.search.whoosh_engine.store import Store
from tests.faults.conftest import clear_failure, hub_index

LIMIT = 64 * 1024  # bytes: the new generation's segment files are larger


def small_disk() -> None:
    """In the child: writes past LIMIT fail with EFBIG (as with ENOSPC) instead of killing it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_full_disk_fails_the_build_clearly_and_the_old_index_serves(collections, tmp_path):
    index = tmp_path / "index"
    assert hub_index(collections.a.path, index).returncode == 0
    before = Store(index).current_id()
    serving = WhooshBackend(index)
    serving.search(Query())

    result = hub_index(collections.b.path, index, preexec_fn=small_disk)

    clear_failure(result, "could not be written", "File too large", "previous index keeps serving")
    assert Store(index).current_id() == before
    for backend in (serving, WhooshBackend(index)):
        assert {h.id for h in backend.search(Query(page_size=100)).hits} == collections.a.ids
    # With room again, the next build succeeds and removes the partial workspace.
    result = hub_index(collections.b.path, index)
    assert result.returncode == 0, result.stderr
    assert not list(index.glob("tmp-*"))
    assert {h.id for h in WhooshBackend(index).search(Query(page_size=100)).hits} == collections.b.ids
