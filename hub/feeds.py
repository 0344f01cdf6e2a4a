"""Feeds, exports, sitemap and robots.txt: every search the site shows, as a file.

Each response reads one index generation from start to end (a publish in the middle does
not show), streams at most ``EXPORT_MAX_ROWS`` rows for at most ``EXPORT_SECONDS`` (a client
that reads slower loses the connection, never a worker), is rate limited per client
(hub/security.py), and answers a bad parameter with the API's JSON error and its status.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, request, stream_with_context, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from hub import opendata, params, sharing
from hub.api import error
from hub.backend import backend
from hub.packs import file_name
from hub.pages import label
from indexer import vocabulary
from indexer.search import IndexUnavailable, QueryError

feeds = Blueprint("feeds", __name__)
log = logging.getLogger(__name__)
FEED_SIZE = 50
EXPORT_MAX_ROWS = 20_000  # practices in one CSV or JSON Lines export (app.config overrides)
EXPORT_SECONDS = 60.0  # the longest an export or the sitemap may stream (app.config overrides)
SITEMAP_MAX_PRACTICES = 45_000  # a sitemap file holds at most 50,000 URLs; the newest practices


class StreamTooSlow(RuntimeError):
    """A download outlived its time bound; the connection is closed without its last chunk."""


def practice_url(practice_id: str) -> str:
    return url_for("site.practice", practice_id=practice_id, _external=True)


def read_query() -> params.SearchRequest:
    """The search of the URL; a bad parameter is a QueryError (a 400 in JSON) naming it."""
    found = params.read(MultiDict(request.args), "en")
    if found.problems:
        first = found.problems[0]
        raise QueryError(first.parameter, "; ".join(p.message for p in found.problems))
    return found


def bounded(rows: Iterable[str]) -> Iterator[str]:
    """``rows`` until the time bound; then StreamTooSlow, so the client sees a cut download.
    (The first row always goes: with it the server sends the status and headers.)"""
    seconds = float(current_app.config.get("EXPORT_SECONDS", EXPORT_SECONDS))
    deadline = time.monotonic() + seconds
    for number, row in enumerate(rows):
        if number and time.monotonic() > deadline:
            log.warning("%s stopped after %.0f s (EXPORT_SECONDS)", request.path, seconds)
            raise StreamTooSlow(f"{request.path} took longer than {seconds:.0f} s")
        yield row


def max_rows() -> int:
    return int(current_app.config.get("EXPORT_MAX_ROWS", EXPORT_MAX_ROWS))


def describe(found: params.SearchRequest) -> str:
    parts = [f"“{found.query.text}”"] if found.query.text else []
    parts += [label(facet, code, "en") for facet, codes in found.query.filters.items() for code in codes]
    return "GCM Practice Hub: newest practices" + (f" – {', '.join(parts)}" if parts else "")


@feeds.get("/feed.atom")
def atom() -> Response:
    found = read_query()
    query = replace(found.query, sort="newest", page=1, page_size=FEED_SIZE)
    cards = [hit.fields for hit in backend().search(query).hits]
    site = request.url_root.rstrip("/") + params.url("/search", found.params)
    body = opendata.atom_feed(cards, describe(found), request.url, site, practice_url)
    return Response(body, mimetype="application/atom+xml")


def _download(rows: Any, mimetype: str, name: str) -> Response:
    response = Response(stream_with_context(bounded(rows)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@feeds.get("/export.csv")
def export_csv() -> Response:
    found = read_query()
    cards = backend().scan(found.query, limit=max_rows())
    name = file_name(found, "csv")  # says what the search was
    return _download(opendata.csv_rows(cards, practice_url), "text/csv; charset=utf-8", name)


@feeds.get("/export.jsonl")
def export_jsonl() -> Response:
    found = read_query()
    cards = backend().scan(found.query, bodies=True, limit=max_rows())
    rows = opendata.jsonl_rows(cards, practice_url)
    return _download(rows, "application/x-ndjson; charset=utf-8", file_name(found, "jsonl"))


@feeds.get("/sitemap.xml")
def sitemap() -> Response:
    from hub.params import Query

    cards = list(itertools.islice(backend().scan(Query(sort="newest")), SITEMAP_MAX_PRACTICES))
    urls = [url_for("site.home", _external=True), url_for("site.search", _external=True)]
    urls += [url_for("site.objective", number=int(t.code), _external=True) for t in vocabulary.objectives()]
    urls += [url_for("site.region", code=t.code, _external=True) for t in vocabulary.regions()]
    countries = sorted({code for card in cards for code in card["countries"]})
    urls += [url_for("review.country", code=code, _external=True) for code in countries]
    urls += [practice_url(card["id"]) for card in cards]
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    lines = (f"<url><loc>{_escape(url)}</loc></url>\n" for url in urls)
    body = itertools.chain(head, lines, ["</urlset>\n"])
    return Response(stream_with_context(bounded(body)), mimetype="application/xml")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@feeds.get("/robots.txt")
def robots() -> Response:
    text = sharing.robots_txt(url_for("feeds.sitemap", _external=True))
    return Response(text, mimetype="text/plain")


@feeds.errorhandler(QueryError)
def bad_query(failure: QueryError) -> Any:
    return error(400, failure.message, failure.parameter)


@feeds.errorhandler(IndexUnavailable)
def no_index(failure: IndexUnavailable) -> Any:
    return error(503, str(failure))


@feeds.errorhandler(HTTPException)
def http_error(failure: HTTPException) -> Any:
    body, status = error(failure.code or 500, failure.description or failure.name)
    if status == 429:
        body.headers["Retry-After"] = "60"
    return body, status
