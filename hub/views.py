"""The site's pages: each view reads the request, calls one function, renders one template."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from hub import citation, i18n, opendata, pages, params, sharing
from hub.backend import backend
from hub.i18n import gettext as _
from hub.render import safe_url
from indexer import vocabulary
from indexer.model import fields
from indexer.search import IndexUnavailable, QueryError
from indexer.vocabulary import UI_LANGUAGES

site = Blueprint("site", __name__)


@site.get("/")
def home() -> str:
    return render_template("home.html", **pages.home_page(backend()))


@site.get("/search")
def search() -> tuple[str, int]:
    context, status = pages.search_page(backend())
    return render_template("search.html", **context), status


@site.get("/objectives/<int:number>")
def objective(number: int) -> tuple[str, int]:
    term = vocabulary.objectives().get(str(number)) or abort(404)
    heading = _("Objective %(n)s: %(title)s") % {"n": number, "title": term.title.get(i18n.current())}
    return browse("objective", str(number), heading)


@site.get("/regions/<code>")
def region(code: str) -> tuple[str, int]:
    term = vocabulary.regions().get(code) or vocabulary.subregions().get(code) or abort(404)
    facet = "region" if code in vocabulary.regions() else "subregion"
    return browse(facet, code, _("Practices in %(place)s") % {"place": term.text(i18n.current())})


def browse(facet: str, code: str, heading: str) -> tuple[str, int]:
    context, status = pages.search_page(backend(), request.path, {facet: code}, heading)
    return render_template("search.html", **context), status


@site.get("/practices/<practice_id>")
def practice(practice_id: str) -> str:
    context = pages.practice_page(backend(), practice_id) or abort(404)
    url = url_for("site.practice", practice_id=practice_id, _external=True)
    return render_template(
        "practice.html",
        json_ld=Markup(opendata.json_ld(context["practice"], url)),
        cite=citation.formats(context["practice"], url),
        **context,
    )


@site.get("/health")
def health() -> tuple[Any, int]:
    status = backend().health()
    if not status["ok"]:  # the reason names folders and servers: for the log, not the public
        current_app.logger.error("health: %s", status.get("error"))
        status["error"] = "the search index is not available; an administrator can build it with `hub index`"
    return jsonify(status), 200 if status["ok"] else 503


@site.app_context_processor
def helpers() -> dict[str, Any]:
    lang = i18n.current()
    here = MultiDict(request.args) if request else MultiDict()
    return {
        "lang": lang,
        "ui_languages": [
            (code, vocabulary.languages().label(code, code), params.url(request.path, here, lang=code))
            for code in UI_LANGUAGES
        ],
        "label": lambda facet, code: pages.label(facet, code, lang),
        "vocab": vocabulary.ALL,
        "field_label": lambda name: fields()[name].label.get(lang, name),
        "safe_url": safe_url,
        "search_url": lambda **kw: params.url("/search", MultiDict({"lang": lang}), **kw),
        "country_name": lambda code: vocabulary.countries().label(code, lang),
        "number": lambda value: format_decimal(value, locale=lang),
        "Markup": Markup,
        "sharing": sharing.page_meta(lang) if request else {},
    }


def kept_headers(error: HTTPException) -> dict[str, str]:
    """The headers an HTTP error carries besides its own body's: ``Allow`` on a 405."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def register_errors(app: Flask) -> None:
    @app.errorhandler(IndexUnavailable)
    def no_index(error: IndexUnavailable) -> tuple[str, int]:
        app.logger.error("the search index is not available: %s", error)  # its path: for operators only
        return render_template(
            "error.html",
            code=503,
            title=_("The search index is not available"),
            message=None,
            hint=_("An administrator can build it with `hub index`."),
        ), 503

    @app.errorhandler(QueryError)
    def bad_query(error: QueryError) -> tuple[str, int]:
        return render_template(
            "error.html", code=400, title=_("This search cannot be run"), message=str(error), hint=None
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if request.path.startswith("/api/"):
            from hub.api import error as api_error

            return api_error(error.code or 500, error.description or error.name, headers=kept_headers(error))
        titles = {
            400: _("This request cannot be answered"),
            404: _("Page not found"),
            405: _("Method not allowed"),
            413: _("Too much data"),
        }
        title = titles.get(error.code or 500, _("Something went wrong"))
        page = render_template("error.html", code=error.code, title=title, message=None, hint=None)
        return page, error.code or 500, kept_headers(error)

    @app.errorhandler(Exception)
    def crash(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error", exc_info=error)
        return render_template(
            "error.html",
            code=500,
            title=_("Something went wrong"),
            message=_("The error was logged; please try again later."),
            hint=None,
        ), 500
