"""Feeds, exports, sitemap and robots.txt: every search the site shows, as a file."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, request, stream_with_context, url_for
from werkzeug.datastructures import MultiDict

from hub import opendata, params
from hub.pages import label
from indexer import vocabulary
from indexer.search import SearchBackend

feeds = Blueprint("feeds", __name__)
FEED_SIZE = 50


def backend() -> SearchBackend:
    return current_app.extensions["search"]


def practice_url(practice_id: str) -> str:
    return url_for("site.practice", practice_id=practice_id, _external=True)


def read_query() -> params.SearchRequest:
    found = params.read(MultiDict(request.args), "en")
    if found.problems:
        from werkzeug.exceptions import BadRequest

        raise BadRequest("; ".join(p.message for p in found.problems))
    return found


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
    response = Response(stream_with_context(rows), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@feeds.get("/export.csv")
def export_csv() -> Response:
    cards = backend().scan(read_query().query)
    return _download(opendata.csv_rows(cards, practice_url), "text/csv; charset=utf-8", "gcm-practices.csv")


@feeds.get("/export.jsonl")
def export_jsonl() -> Response:
    engine = backend()
    cards = engine.scan(read_query().query)

    def body_of(practice_id: str) -> str:
        found = engine.get(practice_id)
        return found["body"] if found else ""

    rows = opendata.jsonl_rows(cards, body_of, practice_url)
    return _download(rows, "application/x-ndjson; charset=utf-8", "gcm-practices.jsonl")


@feeds.get("/sitemap.xml")
def sitemap() -> Response:
    from hub.params import Query

    urls = [url_for("site.home", _external=True), url_for("site.search", _external=True)]
    urls += [url_for("site.objective", number=int(t.code), _external=True) for t in vocabulary.objectives()]
    urls += [url_for("site.region", code=t.code, _external=True) for t in vocabulary.regions()]
    cards = list(backend().scan(Query()))
    countries = sorted({code for card in cards for code in card["countries"]})
    urls += [url_for("review.country", code=code, _external=True) for code in countries]
    urls += [practice_url(card["id"]) for card in cards]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<url><loc>{_escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return Response("\n".join(lines) + "\n", mimetype="application/xml")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@feeds.get("/robots.txt")
def robots() -> Response:
    text = (
        "User-agent: *\nDisallow: /export.csv\nDisallow: /export.jsonl\nDisallow: /submit\n"
        f"Sitemap: {url_for('feeds.sitemap', _external=True)}\n"
    )
    return Response(text, mimetype="text/plain")
