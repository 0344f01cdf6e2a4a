"""A country's profile: its practices by objective, principle, type and year, its regions and
regional commissions, the practices it shares with other countries, and whether it is a GCM
champion country. Every count comes from the search interface, so both backends answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from hub import params
from indexer import vocabulary
from indexer.search import Hit, Query, SearchBackend
from indexer.vocabulary import Champion

NEWEST = 10


@dataclass
class Count:
    code: str
    label: str
    count: int
    href: str


@dataclass
class Shared:
    """A practice of this country that names other countries too."""

    id: str
    title: str
    language: str
    others: list[str]


@dataclass
class Profile:
    code: str
    name: str
    total: int
    search_href: str
    region: tuple[str, str] | None  # (code, label)
    subregion: tuple[str, str] | None
    commissions: list[tuple[str, str]]
    champion: Champion | None
    objectives: list[Count]
    principles: list[Count]
    types: list[Count]
    years: list[Count]
    shared: list[Shared]
    partners: list[Count]  # the other countries, with the number of practices shared
    newest: list[Hit] = field(default_factory=list)

    @property
    def missing_objectives(self) -> list[Count]:
        return [c for c in self.objectives if c.count == 0]


def profile(backend: SearchBackend, code: str, lang: str) -> Profile:
    """The profile of the country ``code`` (a known alpha-3 code)."""
    selection = {"country": (code,)}
    results = backend.search(Query(filters=selection, sort="newest", page_size=NEWEST))
    counts = {facet: {v.value: v.count for v in values} for facet, values in results.facets.items()}
    here = MultiDict([("country", code), ("lang", lang)])

    def listed(facet: str, codes: list[str], keep_zero: bool) -> list[Count]:
        found = counts.get(facet, {})
        return [
            Count(c, _label(facet, c, lang), found.get(c, 0), params.url("/search", here, **{facet: c}))
            for c in codes
            if keep_zero or found.get(c, 0)
        ]

    shared = _shared(backend, code, selection)
    subregion, region = vocabulary.region_of_country(code)
    return Profile(
        code=code,
        name=vocabulary.countries().label(code, lang),
        total=results.total,
        search_href=params.url("/search", here),
        region=(region, vocabulary.regions().label(region, lang)) if region else None,
        subregion=(subregion, vocabulary.subregions().label(subregion, lang)) if subregion else None,
        commissions=[
            (c, vocabulary.commissions().label(c, lang)) for c in vocabulary.commissions_of_country(code)
        ],
        champion=vocabulary.champions().get(code),
        objectives=listed("objective", vocabulary.objectives().codes, True),
        principles=listed("principle", vocabulary.principles().codes, True),
        types=listed("type", vocabulary.types().codes, False),
        years=sorted(listed("year", list(counts.get("year", {})), False), key=lambda c: c.code),
        shared=shared,
        partners=_partners(shared, lang),
        newest=results.hits,
    )


def _label(facet: str, code: str, lang: str) -> str:
    from hub.pages import label

    return label(facet, code, lang)


def _shared(backend: SearchBackend, code: str, selection: dict[str, tuple[str, ...]]) -> list[Shared]:
    cards = backend.scan(Query(filters=selection, sort="newest"))
    return [
        Shared(card["id"], card["title"], card["language"], [c for c in card["countries"] if c != code])
        for card in cards
        if len(card["countries"]) > 1
    ]


def _partners(shared: list[Shared], lang: str) -> list[Count]:
    tally: dict[str, int] = {}
    for practice in shared:
        for other in practice.others:
            tally[other] = tally.get(other, 0) + 1
    return sorted(
        (
            Count(c, vocabulary.countries().label(c, lang), n, f"/countries/{c}?lang={lang}")
            for c, n in tally.items()
        ),
        key=lambda c: (-c.count, c.label),
    )


def profile_json(found: Profile) -> dict[str, Any]:
    """The profile's numbers as data (codes)."""
    return {
        "country": found.code,
        "total": found.total,
        "region": found.region[0] if found.region else None,
        "subregion": found.subregion[0] if found.subregion else None,
        "commissions": [c for c, _ in found.commissions],
        "champion": (
            {"source": found.champion.source_url, "date": found.champion.date} if found.champion else None
        ),
        "objectives": {c.code: c.count for c in found.objectives},
        "principles": {c.code: c.count for c in found.principles},
        "types": {c.code: c.count for c in found.types},
        "years": {c.code: c.count for c in found.years},
        "shared": [{"id": s.id, "countries": s.others} for s in found.shared],
    }
