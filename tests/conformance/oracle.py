"""The documented search semantics, computed directly from the practices: the reference
that both backends must equal for everything but the matching of words.

- values of one facet combine with OR, facets with AND; the year range filters start_year;
- the count beside an unselected value is the number of results if that value were ADDED
  to its facet's selection; beside a selected value (or in a facet without a selection),
  the number of results without that facet's selection that have the value;
- the objective facet holds primary and secondary objectives; the year facet start years;
- objective, principle, region, type and scope list every value (zeros too); the other
  facets list values that occur in those results, and selected ones.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from indexer import vocabulary
from indexer.model import Practice
from indexer.search.interface import FACETS, Query

# Read straight from the data files, not through the code under test.
_DATA = Path(vocabulary.__file__).parent / "vocabularies"
COMMISSIONS = {
    c["code"]: set(c["members"]) | set(c["associate_members"])
    for c in yaml.safe_load((_DATA / "commissions.yaml").read_text(encoding="utf-8"))["commissions"]
}
ROUNDTABLES = {
    t["code"]: t["objectives"]
    for t in yaml.safe_load((_DATA / "roundtables.yaml").read_text(encoding="utf-8"))["roundtables"]
}
COMPLETE = {"objective", "principle", "region", "type", "scope", "commission", "roundtable"}


def values(practice: Practice, facet: str) -> set[str]:
    return {
        "objective": lambda p: {str(n) for n in p.all_objectives},
        "principle": lambda p: set(p.principles),
        "region": lambda p: set(p.regions),
        "subregion": lambda p: set(p.subregions),
        "country": lambda p: set(p.countries),
        "type": lambda p: {p.type},
        "scope": lambda p: {p.scope},
        "language": lambda p: {p.language},
        "year": lambda p: {str(p.start_year)},
        "commission": lambda p: {
            c for country in p.countries for c in COMMISSIONS if country in COMMISSIONS[c]
        },
        "roundtable": lambda p: {
            t for t, numbers in ROUNDTABLES.items() if set(numbers) & set(p.all_objectives)
        },
        "sdg": lambda p: set(p.sdg_targets),
    }[facet](practice)


def codes(facet: str, practices: list[Practice]) -> list[str]:
    if FACETS[facet] is None:
        return sorted({str(p.start_year) for p in practices}, reverse=True)
    return vocabulary.ALL[FACETS[facet]]().codes


def expected(practices: list[Practice], matched: set[str], query: Query) -> tuple[set[str], dict]:
    """(result ids, {facet: [(code, count, selected)]}) for the practices whose text matched."""
    chosen = {facet: set(v) for facet, v in query.filters.items() if v}

    def in_range(p: Practice) -> bool:
        return (query.year_from is None or p.start_year >= query.year_from) and (
            query.year_to is None or p.start_year <= query.year_to
        )

    def keep(p: Practice, selection: dict[str, set[str]]) -> bool:
        return all(values(p, facet) & wanted for facet, wanted in selection.items())

    base = [p for p in practices if p.id in matched and in_range(p)]
    results = {p.id for p in base if keep(p, chosen)}
    facets = {}
    for facet in FACETS:
        others = {f: v for f, v in chosen.items() if f != facet}
        listed = []
        for code in codes(facet, practices):
            having = sum(1 for p in base if keep(p, others) and code in values(p, facet))
            count = having
            if facet in chosen and code not in chosen[facet]:
                count = sum(1 for p in base if keep(p, {**others, facet: chosen[facet] | {code}}))
            if facet in COMPLETE or code in chosen.get(facet, ()) or having:
                listed.append((code, count, code in chosen.get(facet, ())))
        facets[facet] = listed
    return results, facets
