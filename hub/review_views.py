"""Pages and data for GCM reviews: coverage, country profiles, review packs. Views stay thin."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from hub import coverage, i18n, packs, params, profile, review_pages
from hub.api import error as api_error
from hub.backend import backend
from hub.opendata import LICENCE
from indexer import vocabulary
from indexer.search import IndexUnavailable, QueryError

review = Blueprint("review", __name__)
review_api = Blueprint("review_api", __name__, url_prefix="/api/v1")


@review.get("/coverage")
def coverage_page() -> tuple[str, int]:
    context, status = review_pages.coverage_page(backend())
    return render_template("coverage.html", **context), status


@review.get("/countries/<code>")
def country(code: str) -> str:
    context = review_pages.country_page(backend(), code) or abort(404)
    return render_template("country.html", **context)


@review_api.get("/countries/<code>")
def country_data(code: str) -> Any:
    if code.upper() not in vocabulary.countries():
        return api_error(404, f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    found = profile.profile(backend(), code.upper(), request.args.get("lang", "en"))
    return jsonify({**profile.profile_json(found), "licence": LICENCE})


@review_api.get("/coverage")
def coverage_data() -> Any:
    table = coverage.coverage(backend(), MultiDict(request.args), request.args.get("lang", "en"))
    if table.problems:
        return api_error(400, "; ".join(p.message for p in table.problems), table.problems[0].parameter)
    if request.args.get("format", "json") not in ("json", "csv"):
        return api_error(400, "format must be json or csv", "format")
    if request.args.get("format") == "csv":
        response = Response(coverage.coverage_csv(table), mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="gcm-coverage-by-{table.by}.csv"'
        return response
    return jsonify({**coverage.coverage_json(table), "licence": LICENCE})


DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _pack(kind: str) -> Response:
    args = MultiDict(request.args)
    found = params.read(args, i18n.current())
    if found.problems:
        raise BadRequest("; ".join(p.message for p in found.problems))
    build = packs.docx_pack if kind == "docx" else packs.xlsx_pack
    body, name = build(backend(), args, i18n.current(), practice_url)
    response = Response(body, mimetype=DOWNLOADS[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def practice_url(practice_id: str) -> str:
    return url_for("site.practice", practice_id=practice_id, _external=True)


@review.get("/export.docx")
def export_docx() -> Response:
    return _pack("docx")


@review.get("/export.xlsx")
def export_xlsx() -> Response:
    return _pack("xlsx")


@review_api.errorhandler(QueryError)
def bad_query(failure: QueryError) -> Any:
    return api_error(400, failure.message, failure.parameter)


@review_api.errorhandler(IndexUnavailable)
def no_index(failure: IndexUnavailable) -> Any:
    return api_error(503, str(failure))


@review_api.after_request
def cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    return response


@review.app_context_processor
def review_helpers() -> dict[str, Any]:
    """Templates show a practice's derived commissions and round tables (page and preview)."""

    def derived(practice: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
        from hub.opendata import review_codes

        lang = i18n.current()
        codes = review_codes(practice)
        return {
            "commissions": [(c, vocabulary.commissions().label(c, lang)) for c in codes["commissions"]],
            "roundtables": [(t, vocabulary.roundtables().label(t, lang)) for t in codes["roundtables"]],
        }

    return {"review_facets": derived}
