"""Queries and filters several test modules run, and the brute-force filter they check against."""

from __future__ import annotations

from tests.conformance.oracle import values

# Input a person may type by mistake (or on purpose): searched as plain words, never an error.
MALFORMED_QUERIES = [
    '"unbalanced',
    "OR",
    "- -",
    "AND OR NOT",
    "title:remittances",
    "*ances",
    "remit*",
    '""',
    "((",
    "\x00",
    "🙂",
    "-",
    '-"',
    "a" * 400,
    "OR remittances OR",
    "'; DROP TABLE practices; --",
]

FILTER_CASES = [
    {},
    {"objective": ("21",)},
    {"objective": ("21", "6")},
    {"objective": ("7",), "language": ("fr",)},
    {"region": ("019", "002")},
    {"region": ("019",), "type": ("service",)},
    {"country": ("SLV", "MAR"), "principle": ("people-centred",)},
    {"subregion": ("419",), "scope": ("national",)},
    {"year": ("2007", "2014")},
    {"language": ("en",), "objective": ("20", "8", "6")},
    {"provenance": ("compiled",)},
    {"evaluation": ("yes",), "provenance": ("submitted",)},
    {"evaluation": ("no",), "region": ("019",)},
]


def brute_force(practices, query_ids, filters, year_from=None, year_to=None):
    """The result set: text matches, each facet OR within, AND across, and the year range."""

    def keep(p, facets):
        if (year_from and p.start_year < year_from) or (year_to and p.start_year > year_to):
            return False
        return all(values(p, f) & set(v) for f, v in facets.items() if v)

    return {p.id for p in practices if p.id in query_ids and keep(p, filters)}
