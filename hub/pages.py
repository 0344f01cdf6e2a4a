"""What each page shows, computed from a request: views call one of these, then render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from werkzeug.datastructures import MultiDict

from hub import i18n, params
from hub.i18n import gettext as _
from indexer import vocabulary
from indexer.search import FACETS, Query, QueryError, Results, SearchBackend, expansion
from indexer.search.translations import one_per_translation


def N_(message: str) -> str:
    """Mark a message for the catalogues; it is translated where it is shown."""
    return message


FACET_TITLES = {
    "objective": N_("GCM objective"),
    "principle": N_("Guiding principle"),
    "region": N_("Region"),
    "subregion": N_("Sub-region"),
    "country": N_("Country"),
    "type": N_("Type"),
    "scope": N_("Scope"),
    "language": N_("Language"),
    "year": N_("Start year"),
    "commission": N_("Regional commission"),
    "roundtable": N_("IMRF round table"),
    "sdg": N_("SDG target"),
    "provenance": N_("Provenance"),
    "evaluation": N_("Evaluation"),
}
# Facets whose values are many: only the first few show until the reader asks for all.
LONG_FACETS = {"country": 12, "year": 12, "language": 8, "sdg": 8}


def label(facet: str, code: str, lang: str) -> str:
    """A facet value's label in the interface language (objectives keep their number)."""
    name = FACETS[facet]
    if name is None:
        return code
    text = vocabulary.ALL[name]().label(code, lang)
    return f"{code}. {text}" if facet == "objective" else text


@dataclass
class Link:
    text: str
    href: str
    count: int = 0
    selected: bool = False
    aria: str = ""


RESULTS = "#filters"  # facet links come back to the filters and results, not to the top of the page


def facet_groups(results: Results, current: MultiDict, lang: str, path: str) -> list[dict[str, Any]]:
    groups = []
    for facet, values in results.facets.items():
        links = [
            Link(
                label(facet, v.value, lang),
                params.url(path, params.toggled(current, facet, v.value)) + RESULTS,
                v.count,
                v.selected,
            )
            for v in values
        ]
        if facet in ("country", "language"):
            links.sort(key=lambda link: (not link.selected, -link.count, link.text))
        groups.append(
            {
                "name": facet,
                "title": _(FACET_TITLES[facet]),
                "links": links,
                "visible": LONG_FACETS.get(facet, len(links)),
            }
        )
    return groups


def chips(current: MultiDict, lang: str, path: str) -> list[Link]:
    """Removable active filters, each a link with an accessible label."""
    result = []
    for facet in FACETS:
        for value in current.getlist(facet):
            text = f"{_(FACET_TITLES[facet])}: {label(facet, value, lang)}"
            result.append(
                Link(
                    text,
                    params.url(path, params.toggled(current, facet, value)) + RESULTS,
                    aria=_("Remove filter: %(name)s") % {"name": text},
                )
            )
    for name, title in (("from", _("From")), ("to", _("To"))):
        if current.get(name):
            text = f"{title}: {current.get(name)}"
            result.append(
                Link(
                    text,
                    params.url(path, current, **{name: None, "page": None}),
                    aria=_("Remove filter: %(name)s") % {"name": text},
                )
            )
    return result


def concept_help(results: Results, query: Query, current: MultiDict, lang: str, path: str) -> dict[str, Any]:
    """ "Also searched" (the labels the query was expanded with, and a link without them) and the
    facets the query names (objectives, principles, regions, countries), as links to add."""
    # Not "label": on Python 3.12+ (inlined comprehensions) that name would shadow label() below.
    also = [preferred for found in results.expansions for preferred in found.preferred()]
    counts = {(f, v.value): v.count for f, values in results.facets.items() for v in values}
    offers = [
        Link(
            f"{_(FACET_TITLES[facet])}: {label(facet, code, lang)}",
            params.url(path, params.toggled(current, facet, code), page=None),
            counts.get((facet, code), 0),
        )
        for facet, code in expansion.offers(query.text, results.expansions)
        if code not in current.getlist(facet)
    ]
    expanded_again = params.url(path, current, expand=None, page=None)
    return {
        "also": list(dict.fromkeys(also)),
        "without": params.url(path, current, expand="0", page=None) if also else None,
        "with": expanded_again if not query.expand and query.text else None,
        "offers": offers,
    }


def pagination(results: Results, current: MultiDict, path: str) -> dict[str, Any]:
    page, pages = results.page, results.pages
    window = range(max(1, page - 2), min(pages, page + 2) + 1)
    return {
        "page": page,
        "pages": pages,
        "beyond": page > pages and results.total > 0,
        "last": params.url(path, current, page=pages if pages > 1 else None) + RESULTS,
        "previous": params.url(path, current, page=page - 1 if page > 2 else None) if page > 1 else None,
        "next": params.url(path, current, page=page + 1) if page < pages else None,
        "links": [
            Link(str(n), params.url(path, current, page=n if n > 1 else None), selected=n == page)
            for n in window
        ],
    }


def search_page(
    backend: SearchBackend,
    path: str = "/search",
    preset: dict[str, str] | None = None,
    heading: str | None = None,
) -> tuple[dict[str, Any], int]:
    """The context of a search page and its HTTP status (400 when a parameter was bad)."""
    lang = i18n.current()
    args = MultiDict(request.args)
    for name, value in (preset or {}).items():
        if value not in args.getlist(name):
            args.add(name, value)
    found = params.read(args, lang)
    try:
        results = backend.search(found.query)
    except QueryError as error:
        found.problems.append(params.Problem(error.parameter, found.query.text[:40], error.message))
        results = Results(0, [], {}, page_size=found.query.page_size)
    current = MultiDict(found.params)
    current.add("lang", lang)
    base = "/search"
    context = {
        "results": results,
        "query": found.query,
        "problems": found.problems,
        "facets": facet_groups(results, current, lang, base),
        "chips": chips(current, lang, base),
        "concepts": concept_help(results, found.query, current, lang, base),
        "grouped": one_per_translation(results.hits, lang),
        "clear": params.url(base, MultiDict([("lang", lang)])),
        "pagination": pagination(results, current, path if preset else base),
        "sorts": [
            Link(
                _("Relevance"),
                params.url(base, current, sort=None, page=None),
                selected=found.query.sort == "relevance",
            ),
            Link(
                _("Newest"),
                params.url(base, current, sort="newest", page=None),
                selected=found.query.sort == "newest",
            ),
        ],
        "params": current,
        "heading": heading,
        "hidden": [(k, v) for k, v in current.items(multi=True) if k not in ("q", "page", "from", "to")],
        "data_links": data_links(found.params),
    }
    return context, 400 if found.problems else 200


def data_links(current: MultiDict) -> dict[str, str]:
    """The same search as a feed, as exports and through the API (no page: the whole set)."""
    whole = MultiDict([(k, v) for k, v in current.items(multi=True) if k not in ("page", "lang")])
    return {
        "atom": params.url("/feed.atom", whole),
        "csv": params.url("/export.csv", whole),
        "jsonl": params.url("/export.jsonl", whole),
        "api": params.url("/api/v1/search", MultiDict(current)),
        # Review packs in the interface language (issue 17).
        "docx": params.url("/export.docx", whole, lang=i18n.current()),
        "xlsx": params.url("/export.xlsx", whole, lang=i18n.current()),
        "coverage": params.url("/coverage", whole, lang=i18n.current()),
    }


def world_map(counts: dict[str, int], lang: str) -> dict[str, Any]:
    from hub import review_pages  # it builds on this module's helpers

    return review_pages.world_map({code: n for code, n in counts.items() if n}, lang)


def open_calls(lang: str) -> list[dict[str, Any]]:
    from hub import review_pages

    return review_pages.calls_view(lang)


def home_page(backend: SearchBackend) -> dict[str, Any]:
    everything = backend.search(Query(sort="newest", page_size=6))
    counts = {f: {v.value: v.count for v in values} for f, values in everything.facets.items()}
    return {
        "total": everything.total,
        "newest": everything.hits,
        "objective_counts": counts["objective"],
        "region_counts": counts["region"],
        "world": world_map(counts["country"], i18n.current()),
        "calls": open_calls(i18n.current()),
    }


def practice_page(backend: SearchBackend, practice_id: str) -> dict[str, Any] | None:
    """The practice and its related practices, read from one index generation."""
    practice, related = backend.get_with_related(practice_id)
    if practice is None:
        return None
    return {"practice": practice, "related": related}
