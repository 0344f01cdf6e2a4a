"""What the review pages show (coverage, country profiles), computed from a request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from werkzeug.datastructures import MultiDict

from hub import coverage, i18n, params
from hub.i18n import gettext as _
from hub.i18n import ngettext
from hub.pages import N_
from indexer import vocabulary
from indexer.search import SearchBackend

HEADINGS = {
    "region": N_("Coverage: practices per objective and region"),
    "subregion": N_("Coverage: practices per objective and sub-region"),
    "commission": N_("Coverage: practices per objective and regional commission"),
}
DIMENSION_TITLES = {
    "region": N_("Regions"),
    "subregion": N_("Sub-regions"),
    "commission": N_("Regional commissions"),
}


def coverage_page(backend: SearchBackend) -> tuple[dict[str, Any], int]:
    """The coverage page's context and status (400 when a parameter was left out)."""
    lang = i18n.current()
    table = coverage.coverage(backend, MultiDict(request.args), lang)
    here = MultiDict(table.params)
    here.add("lang", lang)
    switch = [
        (
            _(DIMENSION_TITLES[by]),
            coverage.url("/coverage", here, by=None if by == "region" else by),
            by == table.by,
        )
        for by in coverage.DIMENSIONS
    ]
    data = MultiDict(table.params)
    context = {
        "table": table,
        "switch": switch,
        "heading": _(HEADINGS[table.by]),
        "shade": lambda count: coverage.shade(count, table.maximum),
        "gaps": gap_links(table, lang),
        "json_url": coverage.url("/api/v1/coverage", data),
        "csv_url": coverage.url("/api/v1/coverage", data, format="csv"),
        "search_href": params.url("/search", here),
        "legend": legend(table.maximum),
        "world": world_map(table.countries, lang),
        "calls": calls_view(lang),
    }
    return context, 400 if table.problems else 200


def gap_links(table: coverage.Coverage, lang: str) -> list[dict[str, Any]]:
    """Per objective: the columns without a practice, each a link to submit one."""
    result = []
    thin = {row.objective for row in table.thin_objectives()}
    columns = {c.code: c for c in table.columns}
    for row in table.rows:
        empty = [columns[code] for code, count, _ in row.cells if count == 0]
        if not empty and row.objective not in thin:
            continue
        links = [(c.label, submit_url(row.objective, table.by, c.code, lang)) for c in empty]
        result.append(
            {
                "row": row,
                "thin": row.objective in thin,
                "links": links,
                "submit": submit_url(row.objective, None, None, lang),
            }
        )
    return result


def submit_url(objective: str, facet: str | None, code: str | None, lang: str) -> str:
    """The submission form with the objective ticked (and the region asked for shown)."""
    args = MultiDict([("objectives", objective)])
    if facet and code:
        args.add(facet, code)
    args.add("lang", lang)
    return "/submit?" + urlencode(list(args.items(multi=True)))


def legend(maximum: int) -> list[tuple[int, str]]:
    """The colour steps with the counts each stands for."""
    steps: dict[int, list[int]] = {}
    for count in range(0, maximum + 1):
        steps.setdefault(coverage.shade(count, maximum), []).append(count)
    return [(step, f"{c[0]}" if c[0] == c[-1] else f"{c[0]}–{c[-1]}") for step, c in sorted(steps.items())]


def world_map(counts: dict[str, int], lang: str) -> dict[str, Any]:
    """The map's SVG and the table that gives its numbers (countries with a practice)."""
    from hub import worldmap

    def link(code: str) -> str:
        return f"/countries/{code}?lang={lang}"

    def describe(name: str, count: int) -> str:
        return ngettext("%(name)s: %(num)s practice", "%(name)s: %(num)s practices", count, name=name)

    title = _("Practices per country")
    rows = sorted(
        (p for p in worldmap.places(counts, lang, link) if p.count),
        key=lambda p: (-p.count, p.name),
    )
    listed = {p.code for p in rows}
    rows += [  # countries the map cannot draw (no outline, no capital) still get their row
        worldmap.Place(code, "", vocabulary.countries().label(code, lang), n, link(code))
        for code, n in sorted(counts.items())
        if n and code not in listed
    ]
    top = max(counts.values(), default=0)
    return {
        "svg": worldmap.svg(counts, lang, link, title, describe),
        "rows": rows,
        "legend": legend(top),
        "title": title,
    }


def country_page(backend: SearchBackend, code: str) -> dict[str, Any] | None:
    """The profile page's context, or None for an unknown country."""
    from hub import profile

    term = vocabulary.countries().get(code.upper())
    if term is None:
        return None
    lang = i18n.current()
    found = profile.profile(backend, term.code, lang)
    links = {
        "submit": lambda n: submit_url(n, None, None, lang) + f"&countries={term.code}",
        "region_coverage": f"/coverage?region={found.region[0]}&lang={lang}" if found.region else None,
        "commission_coverage": [
            (label, f"/coverage?commission={c}&lang={lang}&by=commission") for c, label in found.commissions
        ],
    }
    top = max((c.count for c in found.objectives), default=0)
    return {"profile": found, "links": links, "shade": lambda n: coverage.shade(n, top)}


def calls_view(lang: str) -> list[dict[str, Any]]:
    """The calls for practices open today, as the home and coverage pages show them."""
    from indexer import calls

    return [
        {
            "id": call.id,
            "title": call.title.get(lang) or call.title["en"],
            "text": call.text.get(lang) or call.text["en"],
            "objectives": [vocabulary.objectives().label(str(n), lang) for n in call.objectives],
            "numbers": list(call.objectives),
            "regions": [
                (vocabulary.regions().get(r) or vocabulary.subregions().get(r)).text(lang)
                for r in call.regions
            ],
            "deadline": call.deadline.isoformat(),
            "submit": f"/submit?call={call.id}&lang={lang}",
        }
        for call in calls.open_calls()
    ]


def asked_for(args: MultiDict, lang: str) -> tuple[MultiDict, list[str]]:
    """What /submit is opened with: fields to fill in (objectives, countries) and what was asked."""
    from indexer import calls

    values, notes = MultiDict(), []
    objectives = [n for n in args.getlist("objectives") if n in vocabulary.objectives()]
    call = calls.get(args.get("call", ""))
    if call:
        objectives += [str(n) for n in call.objectives if str(n) not in objectives]
        notes.append(
            _(
                "You are answering the call “%(title)s” (deadline %(deadline)s).",
                title=call.title.get(lang) or call.title["en"],
                deadline=call.deadline.isoformat(),
            )
        )
    for number in objectives:
        values.add("objectives", number)
    for code in args.getlist("countries"):
        if code.upper() in vocabulary.countries():
            values.add("countries", code.upper())
    place = args.get("region") or args.get("subregion") or args.get("commission")
    term = place and (
        vocabulary.regions().get(place)
        or vocabulary.subregions().get(place)
        or vocabulary.commissions().get(place)
    )
    if objectives and term:
        names = ", ".join(f"{n}. {vocabulary.objectives().label(n, lang)}" for n in objectives)
        notes.append(_("Asked for: %(objectives)s, in %(place)s.", objectives=names, place=term.text(lang)))
    return values, notes
