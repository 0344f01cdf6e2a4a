"""The Whoosh SearchBackend: builds generations and serves searches from the current one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from indexer import SCHEMA_VERSION
from indexer.model import Practice
from indexer.search.interface import BuildReport, Hit, IndexUnavailable, Query, QueryError, Results
from indexer.search.whoosh_engine import engine, writer
from indexer.search.whoosh_engine.snapshot import Snapshot
from indexer.search.whoosh_engine.store import Store
from indexer.semantic import vectors as semantic_vectors
from indexer.semantic.vectors import PracticeVectors

log = logging.getLogger(__name__)


class WhooshBackend:
    """An index folder on this machine; every process picks up a new generation by itself."""

    name = "whoosh"

    def __init__(self, path: Path | str) -> None:
        self.store = Store(Path(path))
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    # Writing -----------------------------------------------------------------------------

    def build(
        self,
        practices: Iterable[Practice],
        *,
        full: bool = False,
        wait: float = 0.0,
        progress: writer.Progress | None = None,
        vectors: PracticeVectors | None = None,
    ) -> BuildReport:
        """Publish exactly ``practices``; only what changed is rewritten unless ``full``."""
        with self.store.lock(wait):
            return writer.build(self.store, practices, full=full, progress=progress, vectors=vectors)

    def vectors(self) -> PracticeVectors | None:
        """The published generation's vectors (for the next build's cache), or None."""
        try:
            current = self.store.current()
            meta = self.store.meta(current) if current else None
        except IndexUnavailable:
            return None
        if not meta or not meta.get("vectors"):
            return None
        try:
            return semantic_vectors.read(current, meta["vectors"]["checksum"])
        except ValueError as error:
            log.warning("%s", error)
            return None

    # Reading -----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current generation, loaded once; a newer published one replaces it."""
        current = self.store.current()
        loaded = self._snapshot
        if loaded is not None and current is not None and loaded.path == current:
            return loaded
        with self._lock:
            loaded = self._snapshot
            if loaded is not None and loaded.path == current:
                return loaded
            if current is None:
                raise IndexUnavailable(f"there is no index at {self.store.root}; build it with `hub index`")
            try:
                fresh = Snapshot(current, self.store.meta(current))
            except IndexUnavailable:
                raise
            except Exception as error:
                log.error("cannot open index generation %s: %s", current, error)
                if loaded is not None:
                    return loaded  # keep serving the generation we have
                raise IndexUnavailable(
                    f"the index at {self.store.root} is damaged ({error}); rebuild it with `hub index`"
                ) from None
            self._snapshot = fresh
            return fresh

    def _guarded(self, work: Any) -> Any:
        snapshot = self.snapshot()
        try:
            return work(snapshot)
        except QueryError:
            raise
        except Exception as error:  # damaged files raise anything: zlib.error, struct.error, Exception
            log.exception("cannot read index generation %s", snapshot.path)
            raise IndexUnavailable(
                f"the index files cannot be read ({error}); rebuild them with `hub index`"
            ) from None

    def search(self, query: Query) -> Results:
        return self._guarded(lambda snap: engine.search(snap, query))

    def scan(
        self, query: Query, *, bodies: bool = False, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        snapshot = self.snapshot()  # one generation for the whole export
        return engine.scan(snapshot, query, bodies, limit)

    def get_with_related(self, practice_id: str, limit: int = 5) -> tuple[dict[str, Any] | None, list[Hit]]:
        return self._guarded(
            lambda snap: (self._fetch(snap, practice_id), engine.more_like_this(snap, practice_id, limit))
        )

    def more_like_this(self, practice_id: str, limit: int = 5) -> list[Hit]:
        return self._guarded(lambda snap: engine.more_like_this(snap, practice_id, limit))

    def suggest(self, text: str) -> str | None:
        return self._guarded(lambda snap: engine.suggest(snap, text))

    def get(self, practice_id: str) -> dict[str, Any] | None:
        return self._guarded(lambda snap: self._fetch(snap, practice_id))

    @staticmethod
    def _fetch(snap: Snapshot, practice_id: str) -> dict[str, Any] | None:
        row = snap.row_by_id.get(practice_id)
        if row is None:
            return None
        versions = [
            snap.cards[snap.row_by_id[other]]
            for other in snap.translations.get(practice_id, [])
            if other in snap.row_by_id
        ]
        translations = [{"id": c["id"], "title": c["title"], "language": c["language"]} for c in versions]
        body, html = snap.body_and_html(row)
        return {**snap.cards[row], "body": body, "body_html": html, "translations": translations}

    def vectors_in_use(self) -> tuple[str | None, str]:
        """(the serving generation's vector model, None) or (None, why it has no vectors)."""
        try:
            snapshot = self.snapshot()
        except IndexUnavailable as error:
            return None, str(error)
        return (snapshot.vectors.model, "") if snapshot.vectors else (None, snapshot.vectors_problem)

    def ids(self) -> list[str]:
        return list(self.snapshot().ids)

    def health(self) -> dict[str, Any]:
        try:
            snap = self.snapshot()
        except IndexUnavailable as error:
            return {"ok": False, "backend": self.name, "error": str(error)}
        return {
            "ok": True,
            "backend": self.name,
            "generation": snap.generation,
            "practices": snap.size,
            "schema_version": SCHEMA_VERSION,
        }
