"""Serve the hub with gunicorn, a production WSGI server.

What gunicorn adds to the app's own defences (SECURITY.md, "Every response"):

- ``RequestDeadline`` (hub/deadline.py): a request that works longer than
  ``HUB_REQUEST_TIMEOUT`` seconds restarts its worker, and a client that stops reading a
  response frees its thread after that long;
- ``HubWorker``: the responses gunicorn makes itself, before the app sees a request (414 for
  a request line over 8,190 bytes, 400 for a malformed request, 431 for too many headers),
  carry the same protective headers as the app's and the API's JSON error shape.
"""

from __future__ import annotations

import gc
import json
from typing import Any

from flask import Flask
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from hub.backend import installed
from hub.deadline import RequestDeadline
from hub.security import HEADERS


class HubServer(BaseApplication):
    """gunicorn configured from the command line, serving one app factory per worker."""

    def __init__(self, factory: Any, options: dict[str, Any], request_timeout: float = 30.0) -> None:
        self.factory = factory
        self.options = options
        self.request_timeout = request_timeout
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        app = self.factory()
        app.wsgi_app = RequestDeadline(app.wsgi_app, self.request_timeout, self.request_timeout)
        warm_up(app)
        return app


def warm_up(app: Flask) -> None:
    """Load the published index generation, then freeze every object alive so far (gc.freeze)
    out of the collector's way: the cards and facet arrays live as long as the worker, and a
    full collection during a request stays short. Once per worker, at start-up; generations
    published later are collected normally (freezing them would keep old ones forever)."""
    installed(app).health()
    gc.freeze()


def error_response(status: int, reason: str) -> bytes:
    """An HTTP response for an error gunicorn answers itself: protective headers, JSON body."""
    body = json.dumps({"error": {"status": status, "message": reason}}).encode("ascii")
    headers = {
        "Connection": "close",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        **HEADERS,
    }
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error`` with the hub's headers and JSON (``mesg`` is not echoed)."""
    util.write_nonblock(sock, error_response(status_int, reason))


class HubWorker(ThreadWorker):
    """gunicorn's threaded worker, whose own error responses are the hub's."""

    def init_process(self) -> None:
        util.write_error = write_error  # once per worker process, before it serves anything
        super().init_process()


def options(host: str, port: int, workers: int, threads: int = 4, timeout: float = 30.0) -> dict[str, Any]:
    """gunicorn's settings for ``hub serve``."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "hub.server.HubWorker",
        "timeout": max(30, int(timeout) + 5),  # the arbiter's: for work that holds the GIL
        "graceful_timeout": 10,
        "accesslog": "-",
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "forwarded_allow_ips": "127.0.0.1",
    }


def serve(
    host: str, port: int, workers: int, threads: int = 4, factory: Any = None, timeout: float = 30.0
) -> None:
    from hub import create_app

    HubServer(factory or create_app, options(host, port, workers, threads, timeout), timeout).run()
