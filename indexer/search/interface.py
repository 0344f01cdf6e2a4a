"""The engine-neutral search interface: plain dataclasses in and out, one protocol."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from indexer import vocabulary
from indexer.model import Practice
from indexer.search.hybrid import Meaning

# Facet name (also the URL parameter) -> the vocabulary of its values.
FACETS: dict[str, str | None] = {
    "objective": "objectives",
    "principle": "principles",
    "region": "regions",
    "subregion": "subregions",
    "country": "countries",
    "type": "types",
    "scope": "scopes",
    "language": "languages",
    "year": None,
    "commission": "commissions",
    "roundtable": "roundtables",
    "sdg": "sdg_targets",
    "provenance": "provenance",
    "evaluation": "evaluation",
}
SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000


class QueryError(ValueError):
    """A query that cannot be answered; ``parameter`` names what to fix."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter, self.message = parameter, message


class TooManyResults(QueryError):
    """A scan that would return more rows than its ``limit``: narrow the query."""

    def __init__(self, limit: int) -> None:
        super().__init__("q", f"more than {limit:,} practices match; narrow the search with words or filters")
        self.limit = limit


class IndexUnavailable(RuntimeError):
    """There is no usable index; the message says how to build one."""


@dataclass(frozen=True)
class Query:
    """A search: free text, filters per facet (codes), a start-year range, sort, page."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # Words that name a concept of the thesaurus also search its labels in every language.
    expand: bool = True
    # The reader's interface language (en, fr, es): a suggestion's language when the query's is unclear.
    lang: str = "en"
    meaning: Meaning | None = None  # the query's vector, when the semantic layer is on (see hybrid)

    def __post_init__(self) -> None:
        check_query(self)

    def selected(self, facet: str) -> tuple[str, ...]:
        return tuple(self.filters.get(facet, ()))


def check_query(query: Query) -> None:
    """Raise QueryError for an unknown facet, value, sort or page."""
    for facet, values in query.filters.items():
        if facet not in FACETS:
            raise QueryError(facet, f"{facet!r} is not a facet; facets: {', '.join(FACETS)}")
        for value in values:
            if not is_known(facet, value):
                raise QueryError(facet, f"{value!r} is not a known {facet} code")
    if query.sort not in SORTS:
        raise QueryError("sort", f"{query.sort!r} is not a sort; use {' or '.join(SORTS)}")
    if not 1 <= query.page <= MAX_PAGE:
        raise QueryError("page", f"{query.page} is not a page number (1-{MAX_PAGE})")
    if not 1 <= query.page_size <= MAX_PAGE_SIZE:
        raise QueryError("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")
    for name, year in (("from", query.year_from), ("to", query.year_to)):
        if year is not None and not 1900 <= year <= 2100:
            raise QueryError(name, f"{year} is not a year between 1900 and 2100")


def is_known(facet: str, value: str) -> bool:
    name = FACETS[facet]
    if name is None:
        return bool(re.fullmatch(r"[0-9]{4}", value)) and 1900 <= int(value) <= 2100
    return value in vocabulary.ALL[name]()


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: its code, its count, and whether it is selected."""

    value: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    """One result: the practice's id, its score, its stored fields, a highlighted snippet."""

    id: str
    score: float
    fields: dict[str, Any]
    snippet: str
    matched: tuple[str, ...] = ()  # why it matched: "words", "meaning" (see hybrid)


@dataclass
class Results:
    """A page of results with the exact facet counts for the whole result set."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    page: int = 1
    page_size: int = 20
    generation: str = ""
    # "all": every result has every word; "most": too few did, so these have most of them.
    match: str = "all"
    # The concepts the query's words named, and the labels searched with them (expansion.Expansion).
    expansions: tuple[Any, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass
class BuildReport:
    """What a build did."""

    practices: int
    added: int
    updated: int
    removed: int
    seconds: float
    generation: str
    full: bool


class SearchBackend(Protocol):
    """What the site, the API and the feeds need from a search engine."""

    def build(self, practices: Iterable[Practice], *, full: bool = False, vectors: Any = None) -> BuildReport:
        """Publish exactly these practices (and their vectors), atomically; reuse what did not change."""
        ...

    def search(self, query: Query) -> Results:
        """Ranked hits, snippets, exact facet counts and a spelling suggestion."""
        ...

    def scan(
        self, query: Query, *, bodies: bool = False, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """The stored fields of every result, in the query's order, without facets or paging,
        all from one generation (with ``bodies``, each card's ``body`` too). More than ``limit``
        results raise TooManyResults when this is called, before any row is read."""
        ...

    def get_with_related(self, practice_id: str, limit: int = 5) -> tuple[dict[str, Any] | None, list[Hit]]:
        """``get`` and ``more_like_this`` of one practice, read from one generation."""
        ...

    def more_like_this(self, practice_id: str, limit: int = 5) -> list[Hit]:
        """Practices related to this one."""
        ...

    def suggest(self, text: str) -> str | None:
        """A corrected query when words are not in the index's vocabulary."""
        ...

    def get(self, practice_id: str) -> dict[str, Any] | None:
        """A practice's stored fields, or None: ``body`` (Markdown) and ``body_html`` (rendered
        and sanitised when the index was built: pages never render on request)."""
        ...

    def health(self) -> dict[str, Any]:
        """Whether the index can serve, its generation, size and schema version."""
        ...

    def vectors(self) -> Any:
        """The published generation's PracticeVectors (indexer.semantic.vectors), or None."""
        ...
