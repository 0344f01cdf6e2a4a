"""The PostgreSQL SearchBackend: builds on the primary, reads from the replicas."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg

from indexer.model import Practice
from indexer.search import expansion
from indexer.search.interface import FACETS, BuildReport, Hit, IndexUnavailable, Query, Results
from indexer.search.postgres_engine import building, meaning, reading
from indexer.search.postgres_engine import vectors as stored_vectors
from indexer.search.postgres_engine.query import parse
from indexer.search.postgres_engine.routing import Router, ServedGeneration, address
from indexer.search.postgres_engine.schema import SCHEMA_VERSION, SchemaError
from indexer.semantic.vectors import PracticeVectors

log = logging.getLogger(__name__)


class PostgresBackend:
    """A collection in PostgreSQL: written to ``primary_url``, read from ``replica_urls``."""

    name = "postgres"

    def __init__(
        self,
        primary_url: str,
        replica_urls: Iterable[str] = (),
        *,
        max_lag_seconds: float = 30.0,
        connect_timeout: float = 2.0,
    ) -> None:
        self.primary_url = primary_url
        self.connect_timeout = connect_timeout
        self.router = Router(primary_url, list(replica_urls), max_lag_seconds, connect_timeout)
        self._years: dict[str, list[str]] = {}
        self._vectors: dict[str, PracticeVectors | None] = {}

    # Writing -----------------------------------------------------------------------------

    def build(
        self,
        practices: Iterable[Practice],
        *,
        full: bool = False,
        wait: float = 0.0,
        progress: building.Progress | None = None,
        vectors: PracticeVectors | None = None,
    ) -> BuildReport:
        """Publish exactly ``practices`` on the primary, atomically; raises BuildFailed."""
        where = address(self.primary_url)
        try:
            conn = psycopg.connect(
                self.primary_url, autocommit=True, connect_timeout=max(1, round(self.connect_timeout))
            )
        except psycopg.OperationalError as error:
            raise building.BuildFailed(
                f"the primary database at {where} is unreachable ({first_line(error)}); nothing was "
                "published and the collection that was serving keeps serving"
            ) from None
        try:
            return building.build(conn, practices, full=full, wait=wait, progress=progress, vectors=vectors)
        except SchemaError as error:
            raise building.BuildFailed(str(error)) from None
        except psycopg.OperationalError as error:
            raise building.BuildFailed(
                f"the primary database at {where} failed during the build ({first_line(error)}); nothing was "
                "published and the collection that was serving keeps serving"
            ) from None
        finally:
            conn.close()

    # Reading -----------------------------------------------------------------------------

    def codes(self, conn: psycopg.Connection, collection: ServedGeneration) -> Any:
        generation = collection.tables.generation
        if generation not in self._years:
            self._years[generation] = reading.years(conn, collection.tables)

        def of(facet: str) -> list[str]:
            return self._years[generation] if FACETS[facet] is None else reading.vocabulary_codes(facet)

        return of

    def search(self, query: Query) -> Results:
        parsed = parse(query.text)  # the same QueryError as Whoosh, before any database work
        original = parsed
        parsed, expanded = expansion.expand(parsed) if query.expand else (parsed, ())

        def work(conn: psycopg.Connection, c: ServedGeneration) -> Results:
            near = self.near(conn, c, query, original)
            if near is not None:
                return meaning.search(conn, c.tables, query, parsed, self.codes(conn, c), near)
            return reading.search(conn, c.tables, query, parsed, self.codes(conn, c))

        results = self.router.read(work)
        results.expansions = expanded
        return results

    def near(
        self, conn: psycopg.Connection, c: ServedGeneration, query: Query, original: Any
    ) -> dict[str, float] | None:
        """The practices close in meaning to the query (id -> similarity), or None when meaning is off."""
        if query.meaning is None:
            return None
        return meaning.close(self.generation_vectors(conn, c), query, original)

    def scan(
        self, query: Query, *, bodies: bool = False, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        original = parse(query.text)
        parsed = expansion.expand(original)[0] if query.expand else original

        def work(conn: psycopg.Connection, c: ServedGeneration) -> list[dict[str, Any]]:
            near = self.near(conn, c, query, original)
            if near is not None:
                return meaning.scan(conn, c.tables, query, parsed, near, bodies, limit)
            return reading.scan(conn, c.tables, query, parsed, bodies, limit)

        return iter(self.router.read(work))

    def get_with_related(self, practice_id: str, limit: int = 5) -> tuple[dict[str, Any] | None, list[Hit]]:
        return self.router.read(
            lambda conn, c: (
                reading.get(conn, c.tables, practice_id),
                reading.more_like_this(conn, c.tables, c.practices, practice_id, limit),
            )
        )

    def more_like_this(self, practice_id: str, limit: int = 5) -> list[Hit]:
        return self.router.read(
            lambda conn, c: reading.more_like_this(conn, c.tables, c.practices, practice_id, limit)
        )

    def suggest(self, text: str) -> str | None:
        return self.router.read(lambda conn, c: reading.suggest(conn, c.tables, text))

    def get(self, practice_id: str) -> dict[str, Any] | None:
        return self.router.read(lambda conn, c: reading.get(conn, c.tables, practice_id))

    def vectors(self) -> PracticeVectors | None:
        """The serving generation's vectors, read once per generation (None when it has none)."""
        try:
            return self.router.read(lambda conn, c: self.generation_vectors(conn, c))
        except IndexUnavailable:
            return None

    def generation_vectors(
        self, conn: psycopg.Connection, collection: ServedGeneration
    ) -> PracticeVectors | None:
        generation = collection.tables.generation
        if generation not in self._vectors:
            try:
                found = stored_vectors.read(conn, collection.tables)
            except ValueError as error:  # a damaged row
                log.error("the vectors of generation %s cannot be read: %s", generation, error)
                found = None
            self._vectors = {generation: found}
        return self._vectors[generation]

    def ids(self) -> list[str]:
        return [card["id"] for card in self.scan(Query(page_size=1))]

    def health(self) -> dict[str, Any]:
        try:
            collection = self.router.read(lambda conn, c: c)
        except IndexUnavailable as error:
            return {"ok": False, "backend": self.name, "error": str(error)}
        return {
            "ok": True,
            "backend": self.name,
            "generation": collection.tables.generation,
            "practices": collection.practices,
            "schema_version": SCHEMA_VERSION,
            "server": collection.server,
        }

    def close(self) -> None:
        self.router.close()


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
