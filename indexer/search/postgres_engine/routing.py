"""Where a read goes: round-robin over the replicas, then the primary; never a dead or lagging server.

Each request starts at the next replica in turn. A server that cannot be reached (refused,
timed out, shut down mid-query) is skipped for a few seconds and the request moves on to
the next replica, then to the primary; a server marked down is probed with one short
direct connection before it gets traffic again, so a dead server never holds a request
for longer than the connect timeout.

A replica *lags* when it serves a collection generation other than the primary's and the
primary published its generation more than ``max_lag_seconds`` ago: such a replica is
skipped until it catches up. The primary's generation is looked up at most once per
``min(1 s, max_lag_seconds / 2)`` per process, so right after a publish a replica may serve
the previous collection for up to the bound plus that interval (and always one whole
collection). ``max_lag_seconds=0`` asks the primary on every replica read.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from indexer.search.interface import IndexUnavailable
from indexer.search.postgres_engine import schema
from indexer.search.postgres_engine.schema import Tables

log = logging.getLogger(__name__)
T = TypeVar("T")
DOWN_SECONDS = 5.0  # how long a failed server is left alone before it is probed again
CHECK_SECONDS = 1.0  # at most this long the primary's generation is trusted when judging lag
# A replica cancelled the query to replay the primary's changes: retry on the next server
# without blaming this one. (A generation dropped mid-request, 42P01, is retried too.)
RETRY_ELSEWHERE = {"40001"}


def address(url: str) -> str:
    """host:port/database of a connection URL, without the password (for messages)."""
    parts = conninfo_to_dict(url)
    return f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


def connection_lost(error: psycopg.Error) -> bool:
    """Whether an error means the server is unreachable or going away (not a bad statement)."""
    state = getattr(error, "sqlstate", None)
    return state is None or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


@dataclass(frozen=True)
class ServedGeneration:
    """The generation a server serves, as read at the start of a request."""

    tables: Tables
    practices: int
    age: float
    server: str


class Server:
    """One PostgreSQL server and its connection pool (opened on first use)."""

    def __init__(self, url: str, role: str, connect_timeout: float) -> None:
        self.url, self.role, self.address = url, role, address(url)
        self.connect_timeout = connect_timeout
        self.down_until = 0.0
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def __str__(self) -> str:
        return f"{self.role} {self.address}"

    @property
    def down(self) -> bool:
        return self.down_until > time.monotonic()

    def pool(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url,
                    min_size=0,
                    max_size=8,
                    open=True,
                    timeout=self.connect_timeout + 1,
                    check=ConnectionPool.check_connection,
                    name=f"hub-{self.role}-{self.address}",
                    kwargs={
                        "autocommit": True,
                        "connect_timeout": max(1, round(self.connect_timeout)),
                        "application_name": "gcm-practice-hub",
                        "options": "-c statement_timeout=15000",
                    },
                )
            return self._pool

    def mark_down(self, error: Exception) -> None:
        if not self.down:
            log.warning("%s is unavailable (%s); reads go elsewhere", self, str(error).strip())
        self.down_until = time.monotonic() + DOWN_SECONDS

    def probe(self) -> bool:
        """After a failure: can we connect again? (One direct connection, short timeout.)"""
        if self.down_until == 0.0:
            return True
        try:
            psycopg.connect(self.url, connect_timeout=max(1, round(self.connect_timeout))).close()
        except psycopg.Error as error:
            self.mark_down(error)
            return False
        self.down_until = 0.0
        return True

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


class Router:
    """Reads spread over replicas with per-request failover; the primary as the last resort."""

    def __init__(
        self, primary_url: str, replica_urls: list[str], max_lag_seconds: float, connect_timeout: float
    ) -> None:
        self.primary = Server(primary_url, "primary", connect_timeout)
        self.replicas = [Server(url, "replica", connect_timeout) for url in replica_urls]
        self.max_lag = max_lag_seconds
        self._turn = itertools.count()
        self._primary_seen: tuple[float, str, float] | None = None  # (when, generation, age then)

    def order(self) -> list[Server]:
        """The servers to try for one request: live replicas from the next in turn, the primary,
        then servers marked down (tried last rather than not at all)."""
        start = next(self._turn) % len(self.replicas) if self.replicas else 0
        rotated = self.replicas[start:] + self.replicas[:start]
        servers = [*rotated, self.primary]
        return [s for s in servers if not s.down] + [s for s in servers if s.down]

    def read(self, work: Callable[[psycopg.Connection, ServedGeneration], T]) -> T:
        problems = []
        for server in self.order():
            if not server.probe():
                problems.append(f"{server}: unreachable")
                continue
            try:
                with server.pool().connection() as conn:
                    collection = self.collection(conn, server)
                    if collection is None:
                        problems.append(f"{server}: no collection yet")
                        continue
                    if server.role == "replica" and self.lagging(collection):
                        problems.append(f"{server}: lags behind the primary")
                        continue
                    try:
                        return work(conn, collection)
                    except psycopg.errors.UndefinedTable:
                        if self.still_current(conn, server, collection):
                            raise  # a mistake in a statement, not a generation that went away
                        problems.append(f"{server}: the collection changed during the request")
            except psycopg.OperationalError as error:  # includes the pool's timeout
                if not connection_lost(error) and getattr(error, "sqlstate", None) not in RETRY_ELSEWHERE:
                    raise
                if connection_lost(error):
                    server.mark_down(error)
                problems.append(f"{server}: {str(error).strip() or type(error).__name__}")
        if problems and all(p.endswith("no collection yet") for p in problems):
            raise IndexUnavailable(
                f"there is no collection in the database at {self.primary.address}; "
                "build it with `hub index --backend postgres`"
            )
        raise IndexUnavailable("no database server could answer: " + "; ".join(problems))

    def collection(self, conn: psycopg.Connection, server: Server) -> ServedGeneration | None:
        found = schema.current(conn)
        if found is None:
            return None
        generation, practices, age = found
        if server.role == "primary":
            self._primary_seen = (time.monotonic(), generation, age)
        return ServedGeneration(Tables(generation), practices, age, str(server))

    def still_current(self, conn: psycopg.Connection, server: Server, collection: ServedGeneration) -> bool:
        now = self.collection(conn, server)
        return now is not None and now.tables == collection.tables

    def lagging(self, collection: ServedGeneration) -> bool:
        """Whether a replica's collection is older than the primary's by more than the bound."""
        seen = self._primary_seen
        trusted = min(CHECK_SECONDS, self.max_lag / 2)
        stale = seen is None or time.monotonic() - seen[0] > trusted
        if seen is not None and seen[1] == collection.tables.generation and not stale:
            return False
        seen = self.look_at_primary() or seen
        if seen is None or seen[1] == collection.tables.generation:
            return False
        return seen[2] + (time.monotonic() - seen[0]) > self.max_lag

    def look_at_primary(self) -> tuple[float, str, float] | None:
        """The primary's generation and its age, or None when the primary cannot say."""
        if self.primary.down:
            return None
        try:
            with self.primary.pool().connection() as conn:
                self.collection(conn, self.primary)
        except psycopg.OperationalError as error:
            if connection_lost(error):
                self.primary.mark_down(error)
            return None
        return self._primary_seen

    def close(self) -> None:
        for server in [self.primary, *self.replicas]:
            server.close()
