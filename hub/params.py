"""The URL is a public contract: read search parameters into a Query, and write them back.

Parameter names are short and stable (``q``, ``objective``, ``principle``, ``region``,
``subregion``, ``country``, ``type``, ``scope``, ``language``, ``year``, ``from``, ``to``,
``sort``, ``expand``, ``page``, ``lang``); values are codes, never translated labels. A bad value is
dropped with a message that names it, so a mistyped link still shows a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from indexer.search import FACETS, Query
from indexer.search.interface import MAX_PAGE, MAX_PAGE_SIZE, SORTS, is_known
from indexer.search.querysyntax import MAX_LENGTH

PAGE_SIZE = 20
# str.isdigit() accepts "¹²", which int() refuses: numbers in URLs are ASCII digits.
ASCII_DIGITS = re.compile(r"[0-9]{1,6}")
# Values of one facet a search may select: each facet link repeats the selection, so a URL
# selecting every country made a 2.5 MB page (a region or a commission selects many at once).
MAX_SELECTED = 20
MAX_REPORTED = 3  # unknown values named per facet; the rest are counted
ORDER = ["q", *FACETS, "from", "to", "sort", "expand", "page", "page_size", "lang"]


@dataclass
class Problem:
    parameter: str
    value: str
    message: str


@dataclass
class SearchRequest:
    """The query read from a URL, the problems found in it, and the parameters kept."""

    query: Query
    problems: list[Problem] = field(default_factory=list)
    params: MultiDict = field(default_factory=MultiDict)


def _year(args: MultiDict, name: str, problems: list[Problem]) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    if ASCII_DIGITS.fullmatch(raw) and 1900 <= int(raw) <= 2100:
        return int(raw)
    problems.append(Problem(name, raw, f"{raw!r} is not a year (1900-2100)"))
    return None


def read(args: MultiDict, lang: str, page_size: int = PAGE_SIZE, *, sized: bool = False) -> SearchRequest:
    """A Query from request arguments; invalid values are reported and left out.

    ``sized`` lets the request choose its ``page_size`` (1-100), as the API does.
    """
    problems: list[Problem] = []
    if sized and "page_size" in args:
        page_size = _number(args.get("page_size", ""), "page_size", 1, MAX_PAGE_SIZE, problems) or page_size
    kept = MultiDict()
    text = " ".join(args.get("q", "").split())
    if len(text) > MAX_LENGTH:
        problems.append(Problem("q", text[:40] + "…", f"the query is longer than {MAX_LENGTH} characters"))
        text = text[:MAX_LENGTH]
    if text:
        kept.add("q", text)
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values = _selected(args, facet, problems)
        for value in values:
            kept.add(facet, value)
        if values:
            filters[facet] = tuple(values)
    year_from, year_to = _year(args, "from", problems), _year(args, "to", problems)
    for name, value in (("from", year_from), ("to", year_to)):
        if value is not None:
            kept.add(name, str(value))
    sort = args.get("sort", "relevance")
    if sort not in SORTS:
        problems.append(Problem("sort", sort, f"{sort!r} is not a sort order"))
        sort = "relevance"
    elif sort != "relevance":
        kept.add("sort", sort)
    page = _page(args.get("page", "1"), problems)
    expand = _expand(args.get("expand", "1"), problems)
    if not expand:
        kept.add("expand", "0")
    query = Query(
        text=text,
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page,
        page_size=page_size,
        expand=expand,
        lang=lang,
    )
    return SearchRequest(query, problems, kept)


def _selected(args: MultiDict, facet: str, problems: list[Problem]) -> list[str]:
    """The known values of a facet, at most MAX_SELECTED; unknown ones reported (a few)."""
    values: list[str] = []
    unknown, dropped = [], 0
    for raw in args.getlist(facet):
        value = raw.strip().upper() if facet == "country" else raw.strip()
        if value and is_known(facet, value):
            if value in values:
                continue
            if len(values) == MAX_SELECTED:
                dropped += 1
            else:
                values.append(value)
        elif value:
            unknown.append(raw)
    for raw in unknown[:MAX_REPORTED]:
        problems.append(Problem(facet, raw[:40], f"{raw[:40]!r} is not a known {facet} code"))
    if len(unknown) > MAX_REPORTED:
        extra = len(unknown) - MAX_REPORTED
        problems.append(Problem(facet, "", f"and {extra} more unknown {facet} value(s)"))
    if dropped:
        problems.append(
            Problem(
                facet,
                "",
                f"at most {MAX_SELECTED} {facet} values can be selected at once; "
                f"{dropped} more were left out",
            )
        )
    return values


def _expand(raw: str, problems: list[Problem]) -> bool:
    """``expand=0`` turns concept expansion off; ``1`` (the default) keeps it."""
    if raw.strip() in ("0", "1"):
        return raw.strip() == "1"
    problems.append(Problem("expand", raw, f"{raw!r} is not 0 or 1"))
    return True


def _page(raw: str, problems: list[Problem]) -> int:
    return _number(raw, "page", 1, MAX_PAGE, problems) or 1


def _number(raw: str, name: str, low: int, high: int, problems: list[Problem]) -> int | None:
    text = raw.strip()
    if ASCII_DIGITS.fullmatch(text) and low <= int(text) <= high:
        return int(text)
    problems.append(Problem(name, raw, f"{raw!r} is not a whole number from {low} to {high}"))
    return None


def url(path: str, params: MultiDict, **changes: object) -> str:
    """``path`` with ``params``; a change of None removes a parameter, a list replaces it."""
    merged = MultiDict(params)
    for name, value in changes.items():
        merged.poplist(name)
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is not None and item != "":
                merged.add(name, str(item))
    ordered = [(name, value) for name in ORDER for value in merged.getlist(name)]
    return path + ("?" + urlencode(ordered) if ordered else "")


def toggled(params: MultiDict, facet: str, value: str) -> MultiDict:
    """The parameters with a facet value added, or removed when it was there; page reset."""
    result = MultiDict(params)
    values = result.poplist(facet)
    values = [v for v in values if v != value] if value in values else [*values, value]
    for item in values:
        result.add(facet, item)
    result.poplist("page")
    return result
