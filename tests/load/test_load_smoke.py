"""The load benchmark, bounded: wrk against `hub serve` while `hub index` rebuilds, about 15 seconds.

The full run and its numbers: benchmarks/load/README.md.
"""

from __future__ import annotations

import os
import shutil

import pytest

from benchmarks.load.run import run


def test_serving_while_rebuilding_fails_no_request_and_mixes_no_generation(tmp_path):
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is missing: `./dev test` installs Debian's wrk")
        pytest.skip("wrk is not installed (./dev test installs it)")
    result = run(seconds=12, connections=6, threads=2, workers=2, practices=40, keep=tmp_path / "load")
    assert result["rebuild_failures"] == []
    assert result["rebuilds"] >= 2, result
    assert result["requests"] >= 100, result
    assert result["failed"] == 0, result
    assert result["checked_responses"] >= 10, result
    assert result["mixed_generations"] == 0, result


def test_the_check_catches_a_response_from_the_wrong_generation(tmp_path):
    from benchmarks.load.run import Collections, check_generations

    collections = Collections(a=[object()] * 3, b=[object()] * 3, exclusive={"only-a": "a", "only-b": "b"})
    (tmp_path / "thread-1.log").write_text(
        "g1\t3\t50\tonly-a\n"  # fine: generation g1 holds a
        "g1\t3\t50\tonly-b\n"  # a hit that g1 does not have
        "g2\t4\t100\t\n"  # the match-all query with b's generation but not b's size
        "g9\t3\t50\t\n"  # a generation no build published
    )
    found = check_generations(tmp_path, collections, {"g1": "a", "g2": "b"})
    assert found == {"checked": 4, "unknown_generation": 1, "foreign_hits": 1, "wrong_total": 1}
