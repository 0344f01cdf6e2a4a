"""The PostgreSQL backend beyond the shared semantics: configuration, the atomic switch,
replicas (routing, lag, failover), `hub index` against it, and parameters-only SQL."""

from __future__ import annotations

import ast
import re
import threading
import time
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from hub import config
from hub.cli import main
from indexer.search import Query
from tests.conformance.conftest import CLUSTER, PRIMARY, REPLICAS, ROOT, cluster, require
from tests.conftest import DATA

PACKAGE = ROOT / "indexer" / "search" / "postgres_engine"
UNREACHABLE = "postgresql://hub:secret@127.0.0.1:1/hub"  # nothing listens on port 1


def reader(max_lag_seconds: float = 30.0):
    from indexer.search.postgres_engine import PostgresBackend

    require(bool(REPLICAS), "HUB_TEST_DATABASE_REPLICA_URLS is not set (scripts/pg-cluster start prints it)")
    return PostgresBackend(PRIMARY, REPLICAS, max_lag_seconds=max_lag_seconds, connect_timeout=1)


def served_by(engine, role: str, within: float = 10.0) -> bool:
    """Whether reads are served by a server of this role, waiting for replication up to ``within``."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if engine.health().get("server", "").startswith(role):
            return True
        time.sleep(0.1)
    return False


# Without a database ------------------------------------------------------------------------


def test_the_postgres_backend_needs_a_primary_url():
    with pytest.raises(ValueError, match="HUB_DATABASE_URL"):
        config.backend_for({"SEARCH_BACKEND": "postgres", "INDEX": "x"})
    with pytest.raises(ValueError, match="'whoosh' or 'postgres'"):
        config.backend_for({"SEARCH_BACKEND": "elastic", "INDEX": "x"})


def test_replica_urls_are_comma_or_space_separated():
    assert config.url_list("postgresql://a/h, postgresql://b/h\npostgresql://c/h") == [
        "postgresql://a/h",
        "postgresql://b/h",
        "postgresql://c/h",
    ]
    engine = config.backend_for(
        {"SEARCH_BACKEND": "postgres", "DATABASE_URL": UNREACHABLE, "DATABASE_REPLICA_URLS": UNREACHABLE}
    )
    assert engine.name == "postgres" and len(engine.router.replicas) == 1
    engine.close()


def test_hub_index_without_a_database_url_is_a_clean_error():
    result = CliRunner().invoke(
        main, ["index", "--backend", "postgres", "--practices", str(DATA)], env={"HUB_DATABASE_URL": None}
    )
    assert result.exit_code == 1 and "HUB_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.output


def test_hub_index_with_the_primary_unreachable_fails_clearly():
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        ["index", "--backend", "postgres", "--practices", str(DATA)],
        env={"HUB_DATABASE_URL": UNREACHABLE},
    )
    assert result.exit_code == 1, result.output
    assert "the primary database at 127.0.0.1:1/hub is unreachable" in result.stderr
    assert "the collection that was serving keeps serving" in result.stderr
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert time.monotonic() - started < 10


def test_no_sql_is_built_from_strings():
    """Every statement is a constant or composed with psycopg.sql: no f-string, + or % in SQL."""
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"execute", "executemany", "SQL"} and isinstance(
                node.args[0], ast.JoinedStr | ast.BinOp
            ):
                problems.append(f"{path.name}:{node.lineno}: {name}() of a string built at run time")
    assert not problems, problems


def test_only_the_postgres_package_imports_psycopg():
    importers = [
        path.relative_to(ROOT)
        for folder in ("hub", "indexer")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"^\s*(import|from) psycopg", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert importers and all(Path(*p.parts[:3]) == Path("indexer/search/postgres_engine") for p in importers)


# With the test cluster ---------------------------------------------------------------------


def test_hub_index_publishes_to_postgres(postgres):
    runner = CliRunner()
    env = {"HUB_DATABASE_URL": PRIMARY}
    result = runner.invoke(main, ["index", "--backend", "postgres", "--practices", str(DATA)], env=env)
    assert result.exit_code == 0, result.output
    assert "indexed 12 practice(s)" in result.stdout
    assert postgres.search(Query()).total == 12


def test_reads_go_to_the_replicas(postgres):
    engine = reader()
    try:
        assert served_by(engine, "replica")
        assert engine.search(Query(text="remittances", expand=False)).total == 3
    finally:
        engine.close()


def test_readers_see_the_old_collection_or_the_new_never_a_mix(postgres, test_practices):
    """Builds publish while readers search: each answer is one whole generation."""
    everything = frozenset(p.id for p in test_practices)
    smaller = [p for p in test_practices if p.language != "en"]
    expected = {everything, frozenset(p.id for p in smaller)}
    engine, seen, problems, done = reader(max_lag_seconds=0), {}, [], threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                results = engine.search(Query(page_size=100))
            except Exception as error:  # any error is a failure of the switch
                problems.append(repr(error))
                continue
            got = frozenset(h.id for h in results.hits)
            by_language = sum(v.count for v in results.facets["language"])
            if got not in expected or results.total != len(got) or by_language != len(got):
                problems.append(
                    f"mixed answer from {results.generation}: {len(got)} hits, {results.total} total"
                )
            if seen.setdefault(results.generation, got) != got:
                problems.append(f"generation {results.generation} answered two different collections")

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for n in range(6):
            postgres.build(smaller if n % 2 == 0 else test_practices)
            time.sleep(0.05)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
        engine.close()
    assert not problems, problems[:5]
    assert len(seen) >= 2  # the readers did see the collection change


def test_a_replica_stopped_mid_run_does_not_fail_requests(postgres):
    require(bool(CLUSTER), "HUB_TEST_PG_CLUSTER is not set (scripts/pg-cluster start prints it)")
    engine = reader()
    assert served_by(engine, "replica")
    answers, failures, done = [], [], threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                answers.append(engine.search(Query(text="migrants")).total)
            except Exception as error:
                failures.append(repr(error))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.3)
        cluster("stop-replica")
        before = len(answers)
        time.sleep(1.0)
        assert len(answers) > before  # still answering, from the primary
        assert engine.health()["server"].startswith("primary")
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
        cluster("start-replica")
        engine.close()
    assert not failures, failures[:5]
    assert len(set(answers)) == 1


def test_a_lagging_replica_is_skipped_until_it_catches_up(postgres, test_practices):
    require(bool(CLUSTER), "HUB_TEST_PG_CLUSTER is not set (scripts/pg-cluster start prints it)")
    port = psycopg.conninfo.conninfo_to_dict(REPLICAS[0]).get("port")
    superuser = psycopg.connect(host=CLUSTER, port=port, user="postgres", dbname="hub", autocommit=True)
    engine = reader(max_lag_seconds=0.5)
    try:
        assert served_by(engine, "replica")
        superuser.execute("SELECT pg_wal_replay_pause()")
        postgres.build(test_practices[:5])
        time.sleep(0.5 + 0.25 + 0.2)  # the bound, the interval of looking at the primary, a margin
        assert engine.search(Query()).total == 5  # from the primary: the replica is behind
        assert engine.health()["server"].startswith("primary")
        superuser.execute("SELECT pg_wal_replay_resume()")
        assert served_by(engine, "replica")
        assert engine.search(Query()).total == 5
    finally:
        superuser.execute("SELECT pg_wal_replay_resume()")
        superuser.close()
        engine.close()
        postgres.build(test_practices)


def test_hub_index_with_the_primary_down_keeps_the_replicas_serving(postgres, test_practices):
    require(bool(CLUSTER), "HUB_TEST_PG_CLUSTER is not set (scripts/pg-cluster start prints it)")
    engine = reader()
    assert served_by(engine, "replica")
    generation = engine.search(Query()).generation
    cluster("stop-primary")
    try:
        result = CliRunner().invoke(
            main,
            ["index", "--backend", "postgres", "--practices", str(DATA), "--full"],
            env={"HUB_DATABASE_URL": PRIMARY},
        )
        assert (
            result.exit_code == 1 and "is unreachable" in result.stderr and "keeps serving" in result.stderr
        )
        results = engine.search(Query())
        assert results.total == len(test_practices) and results.generation == generation
    finally:
        cluster("start-primary")
        engine.close()
