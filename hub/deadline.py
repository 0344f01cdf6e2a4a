"""A deadline that a busy request cannot escape: past it, the worker process is replaced.

gunicorn's ``timeout`` restarts a worker whose main loop stops answering the arbiter, but a
gthread worker's main loop keeps answering while one of its threads computes: a request
that burns CPU for ten minutes is never stopped. ``RequestDeadline`` notes when each thread
starts working on a request (the view, and each chunk of a streamed body, but not the time
spent waiting for a slow client to read); a watchdog thread ends the whole process
(``os._exit``) when one stretch of work lasts longer than ``seconds``. gunicorn then starts
a fresh worker, as it would for a sync worker's timeout; the requests that process was
serving are cut. Work in C code that holds the GIL stops the watchdog too, and then the
arbiter's own ``timeout`` ends the worker. Measured figures are in SECURITY.md.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

log = logging.getLogger(__name__)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RequestDeadline:
    """WSGI middleware: no stretch of work on one request may last more than ``seconds``.

    Under gunicorn it also gives the client's socket a ``write_seconds`` timeout: a client
    that stops reading a streamed export frees its thread after that long, instead of
    holding it for ever (gthread sockets block without a timeout).
    """

    def __init__(
        self,
        app: WSGIApp,
        seconds: float,
        write_seconds: float | None = None,
        expire: Callable[[], None] | None = None,
    ) -> None:
        self.app, self.seconds, self.write_seconds = app, seconds, write_seconds
        self.expire = expire or (lambda: os._exit(70))  # EX_SOFTWARE; gunicorn starts a new worker
        self.busy: dict[int, float] = {}  # thread -> when its current stretch of work began
        self.lock = threading.Lock()
        self.watching: int | None = None  # the process whose watchdog runs

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self._watch()
        client = environ.get("gunicorn.socket")
        if client is not None and self.write_seconds:
            client.settimeout(self.write_seconds)
        with self._working():
            body = self.app(environ, start_response)
        return _Timed(self, body)

    def _working(self) -> _Stretch:
        return _Stretch(self)

    def _watch(self) -> None:
        """Start the watchdog once per process (a forked worker does not inherit threads)."""
        with self.lock:
            if self.watching == os.getpid():
                return
            self.watching = os.getpid()
        threading.Thread(target=self._watchdog, name="request-deadline", daemon=True).start()

    def _watchdog(self) -> None:
        step = min(1.0, self.seconds / 4)
        while True:
            time.sleep(step)
            with self.lock:
                oldest = min(self.busy.values(), default=None)
            if oldest is not None and time.monotonic() - oldest > self.seconds:
                log.error("a request worked for more than %s s: restarting this worker", self.seconds)
                self.expire()
                return


class _Stretch:
    """Marks the current thread busy for the length of a ``with`` block."""

    def __init__(self, deadline: RequestDeadline) -> None:
        self.deadline = deadline

    def __enter__(self) -> None:
        with self.deadline.lock:
            self.deadline.busy[threading.get_ident()] = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        with self.deadline.lock:
            self.deadline.busy.pop(threading.get_ident(), None)


class _Timed:
    """A response body whose every chunk is produced under the deadline, and sent outside it."""

    def __init__(self, deadline: RequestDeadline, body: Iterable[bytes]) -> None:
        self.deadline, self.body = deadline, body

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self.body)
        while True:
            with self.deadline._working():
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            with self.deadline._working():
                close()
