"""The semantic layer in front of any backend: it adds the query's meaning, or steps aside.

``HybridBackend`` wraps a ``SearchBackend``. Its model loads in a background thread (the
first searches are answered by words alone); each query with free words is then embedded
once (kept in a small cache) and passed on as ``Query.meaning``. Whatever goes wrong with
the model (missing, damaged, failing, too slow), searches go on by words, ``health()``
reports the semantic layer off with the reason, and the log says why; nothing here raises
into a request.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from indexer import semantic
from indexer.search import hybrid, querysyntax
from indexer.search.interface import Query, Results
from indexer.semantic import Encoder

log = logging.getLogger(__name__)
SLOW_SECONDS = 1.0  # one query embedding slower than this (normally a few ms) turns meaning off a while
COOL_DOWN_SECONDS = 60.0  # then the model is tried again
CACHED_QUERIES = 2048


class HybridBackend:
    """A SearchBackend whose searches also match by meaning when the model and the vectors allow."""

    def __init__(
        self,
        inner: Any,
        load: Callable[[], Encoder] = semantic.load,
        *,
        background: bool = True,
        slow_seconds: float = SLOW_SECONDS,
        threshold: float = hybrid.THRESHOLD,
    ) -> None:
        self.inner = inner
        self.slow_seconds = slow_seconds
        self.threshold = threshold
        self._load = load
        self._encoder: Encoder | None = None
        self._reason = "the model is loading"
        self._off_until = 0.0
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        if background:
            threading.Thread(target=self._start, name="semantic-model", daemon=True).start()
        else:
            self._start()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # build, get, more_like_this, suggest, vectors, ...

    def _start(self) -> None:
        started = time.perf_counter()
        try:
            encoder = self._load()
        except Exception as error:  # ModelUnavailable, or anything a broken package raises
            reason = str(error) if isinstance(error, semantic.ModelUnavailable) else repr(error)
            self._switch_off(f"the model could not be loaded: {reason}", forever=True)
            return
        self._encoder, self._reason = encoder, ""
        log.info(
            "search by meaning is on (%s, loaded in %.1f s)", encoder.model, time.perf_counter() - started
        )

    def _switch_off(self, reason: str, forever: bool = False) -> None:
        self._reason = reason
        self._off_until = float("inf") if forever else time.monotonic() + COOL_DOWN_SECONDS
        log.warning("search by meaning is off: %s; searches match words only", reason)

    # The query's meaning ---------------------------------------------------------------------

    def meaning(self, text: str) -> hybrid.Meaning | None:
        """The vector of a query's words, or None when the layer is off (never raises)."""
        encoder = self._encoder
        if encoder is None or time.monotonic() < self._off_until:
            return None
        with self._lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
        started = time.perf_counter()
        try:
            vector = encoder.encode([text])[0]
        except Exception as error:
            log.exception("the model failed on a query")
            self._switch_off(f"the model failed: {error!r}")
            return None
        seconds = time.perf_counter() - started
        if seconds > self.slow_seconds:
            self._switch_off(
                f"the model is too slow: {seconds * 1000:.0f} ms for one query "
                f"(limit {self.slow_seconds * 1000:.0f} ms)"
            )
        found = hybrid.Meaning(encoder.model, vector, self.threshold)
        with self._lock:
            self._cache[text] = found
            while len(self._cache) > CACHED_QUERIES:
                self._cache.popitem(last=False)
        return found

    def with_meaning(self, query: Query) -> Query:
        """The query, with its meaning when it has free words and the layer is on."""
        if not query.text or query.meaning is not None:
            return query
        try:
            parsed = querysyntax.parse(query.text)
        except querysyntax.QuerySyntaxError:
            return query  # the backend refuses it with the usual message
        if not hybrid.eligible(parsed):
            return query
        found = self.meaning(hybrid.meaning_text(parsed))
        return dataclasses.replace(query, meaning=found) if found is not None else query

    # The SearchBackend protocol ----------------------------------------------------------------

    def search(self, query: Query) -> Results:
        return self.inner.search(self.with_meaning(query))

    def scan(
        self, query: Query, *, bodies: bool = False, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        return self.inner.scan(self.with_meaning(query), bodies=bodies, limit=limit)

    def health(self) -> dict[str, Any]:
        status = self.inner.health()
        status["semantic"] = self.semantic_health()
        return status

    def semantic_health(self) -> dict[str, Any]:
        """Whether search by meaning is on, with which model, and if not, why."""
        encoder = self._encoder
        reason = self._reason if (encoder is None or time.monotonic() < self._off_until) else ""
        if not reason:
            reason = hybrid.vectors_problem(self.inner.vectors_in_use(), encoder.model)
        return {"on": not reason, "model": encoder.model if encoder else None, "reason": reason or None}
