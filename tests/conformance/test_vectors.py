"""Both backends keep a generation's practice vectors, read them back whole, and publish anew
when only the vectors changed."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic.vectors import embed
from tests.support.encoder import FakeEncoder


@pytest.fixture(params=["whoosh", "postgres"])
def fresh(request, tmp_path, test_practices):
    """A backend to write to: a Whoosh folder of its own, or the test database (restored after)."""
    if request.param == "whoosh":
        yield WhooshBackend(tmp_path / "index")
        return
    postgres = request.getfixturevalue("postgres")
    yield postgres
    postgres.build(test_practices)  # back to the collection without vectors


def test_vectors_round_trip_and_publish_a_new_generation(fresh, test_practices):
    first = fresh.build(test_practices)
    assert fresh.vectors() is None
    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    second = fresh.build(test_practices, vectors=vectors)
    assert second.generation != first.generation
    found = fresh.vectors()
    assert found.model == FakeEncoder.model and found.ids == vectors.ids and found.hashes == vectors.hashes
    assert np.array_equal(found.matrix, vectors.matrix) and found.neighbours == vectors.neighbours
    assert fresh.build(test_practices, vectors=vectors).generation == second.generation
    assert fresh.build(test_practices).generation != second.generation and fresh.vectors() is None
