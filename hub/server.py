"""Serve the hub with gunicorn, a production WSGI server."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class HubServer(BaseApplication):
    """gunicorn configured from the command line, serving one app factory per worker."""

    def __init__(self, factory: Any, options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.factory()


def serve(host: str, port: int, workers: int, threads: int = 4) -> None:
    from hub import create_app

    HubServer(
        create_app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 30,
            "graceful_timeout": 10,
            "accesslog": "-",
            "limit_request_line": 8190,
            "limit_request_fields": 100,
            "forwarded_allow_ips": "127.0.0.1",
        },
    ).run()
