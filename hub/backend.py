"""The app's search backend: the app factory installs it, every view gets it from ``backend()``."""

from __future__ import annotations

from flask import Flask, current_app

from indexer.search import SearchBackend

EXTENSION = "search"  # the key in ``app.extensions``


def install(app: Flask, engine: SearchBackend) -> None:
    app.extensions[EXTENSION] = engine


def installed(app: Flask) -> SearchBackend:
    return app.extensions[EXTENSION]


def backend() -> SearchBackend:
    """The search backend of the app serving this request."""
    return current_app.extensions[EXTENSION]
