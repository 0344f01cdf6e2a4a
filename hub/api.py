"""The JSON API, version 1: the same searches as the site, as data."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from hub import citation, opendata, params
from hub.backend import backend
from hub.openapi import openapi_document
from indexer.search import IndexUnavailable, QueryError

api = Blueprint("api", __name__, url_prefix="/api/v1")


def practice_url(practice_id: str) -> str:
    return url_for("site.practice", practice_id=practice_id, _external=True)


def error(
    status: int, message: str, parameter: str | None = None, headers: dict[str, str] | None = None
) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": {"status": status, "message": message}}
    if parameter:
        body["error"]["parameter"] = parameter
    response = jsonify(body)
    response.headers.update(headers or {})
    return response, status


def read_query() -> params.SearchRequest:
    return params.read(MultiDict(request.args), request.args.get("lang", "en"), sized=True)


@api.get("/search")
def search() -> Any:
    found = read_query()
    if found.problems:
        first = found.problems[0]
        return error(400, "; ".join(p.message for p in found.problems), first.parameter)
    return jsonify(opendata.search_json(backend().search(found.query), practice_url))


@api.get("/practices/<practice_id>")
def practice(practice_id: str) -> Any:
    found = backend().get(practice_id)
    if found is None:
        return error(404, f"there is no practice {practice_id!r}")
    url = practice_url(practice_id)
    cite = citation.formats(found, url)
    history = cite["history"]
    return jsonify(
        {
            **opendata.practice_json(found, url),
            "citation": {"text": cite["text"], "bibtex": cite["bibtex"], "csl_json": cite["csl_json"]},
            "history": {
                "first_published": history.first_published,
                "last_changed": history.last_changed,
                "url": history.url,
                "from_git": history.from_git,
            },
        }
    )


@api.get("/vocabularies")
def vocabularies() -> Any:
    return jsonify(opendata.vocabularies_json())


@api.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document())


@api.after_request
def cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    return response


@api.errorhandler(QueryError)
def bad_query(failure: QueryError) -> Any:
    return error(400, failure.message, failure.parameter)


@api.errorhandler(IndexUnavailable)
def no_index(failure: IndexUnavailable) -> Any:
    current_app.logger.error("the search index is not available: %s", failure)  # for operators only
    return error(503, "the search index is not available; an administrator can build it with `hub index`")


@api.errorhandler(HTTPException)
def http_error(failure: HTTPException) -> Any:
    from hub.views import kept_headers

    return error(failure.code or 500, failure.description or failure.name, headers=kept_headers(failure))
