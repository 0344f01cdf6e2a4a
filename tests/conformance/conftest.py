"""Backends under test: Whoosh always; PostgreSQL when a test database is configured.

Without ``HUB_TEST_DATABASE_URL`` the PostgreSQL half is skipped, loudly (a banner at the
end of the run); under CI (``CI`` set) it fails instead, so CI never passes untested.
``scripts/pg-cluster start DIR`` starts a primary and a streaming replica and prints the
variables (``./dev test`` does it when PostgreSQL 15 is installed).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hub.config import url_list

ROOT = Path(__file__).resolve().parents[2]
PRIMARY = os.environ.get("HUB_TEST_DATABASE_URL", "")
REPLICAS = url_list(os.environ.get("HUB_TEST_DATABASE_REPLICA_URLS", ""))
CLUSTER = os.environ.get("HUB_TEST_PG_CLUSTER", "")
NOT_CONFIGURED = (
    "THE POSTGRESQL BACKEND WAS NOT TESTED: HUB_TEST_DATABASE_URL is not set. "
    'Run `eval "$(scripts/pg-cluster start /tmp/hub-pg)"` first (and `scripts/pg-cluster stop /tmp/hub-pg` after), '
    "or use ./dev test"
)
skipped: list[str] = []


def require(condition: bool, message: str) -> None:
    """Skip (fail under CI) a test whose PostgreSQL set-up is missing."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must test every backend)")
    skipped.append(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter) -> None:
    if skipped:
        terminalreporter.write_sep("!", "POSTGRESQL BACKEND NOT TESTED", red=True, bold=True)
        count = sum(
            1 for report in terminalreporter.stats.get("skipped", []) if skipped[0] in str(report.longrepr)
        )
        terminalreporter.write_line(f"{count} test(s) skipped: {skipped[0]}", red=True, bold=True)


@pytest.fixture(scope="session")
def postgres(test_practices):
    """A PostgreSQL backend on the test collection, reading from the replicas.

    max_lag_seconds=0: a replica that has not yet replayed the latest build is skipped, so
    a test that has just rebuilt never reads the previous collection.
    """
    require(bool(PRIMARY), NOT_CONFIGURED)
    from indexer.search.postgres_engine import PostgresBackend

    engine = PostgresBackend(PRIMARY, REPLICAS, max_lag_seconds=0)
    engine.build(test_practices, full=True)
    yield engine
    engine.close()


@pytest.fixture(params=["whoosh", "postgres"])
def engine(request, backend, test_practices):
    """Each backend on the test collection (``backend`` is the session's Whoosh index)."""
    if request.param == "whoosh":
        return backend
    postgres = request.getfixturevalue("postgres")
    postgres.build(test_practices)  # nothing to do unless a test published something else
    return postgres


def cluster(command: str) -> None:
    """Run ``scripts/pg-cluster COMMAND`` on the test cluster (stop-replica, start-replica)."""
    require(bool(CLUSTER), "HUB_TEST_PG_CLUSTER is not set (scripts/pg-cluster start prints it)")
    subprocess.run([str(ROOT / "scripts" / "pg-cluster"), command, CLUSTER], check=True, capture_output=True)
