"""Counting practices the slow, obvious way: straight from the practice files and data files.

The reference for every count the review pages show (coverage, map, profiles). It reads
commission membership and round tables from the YAML files itself, not through the code
under test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from indexer.model import Practice

DATA = Path(__file__).resolve().parents[2] / "indexer" / "vocabularies"


def _yaml(name: str):
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))[name]


COMMISSIONS = {c["code"]: set(c["members"]) | set(c["associate_members"]) for c in _yaml("commissions")}
ROUNDTABLES = {t["code"]: {str(n) for n in t["objectives"]} for t in _yaml("roundtables")}


def values(practice: Practice, facet: str) -> set[str]:
    """The codes a practice has for a facet."""
    objectives = {str(n) for n in practice.objectives + practice.secondary_objectives}
    table = {
        "objective": lambda: objectives,
        "principle": lambda: set(practice.principles),
        "region": lambda: set(practice.regions),
        "subregion": lambda: set(practice.subregions),
        "country": lambda: set(practice.countries),
        "type": lambda: {practice.type},
        "scope": lambda: {practice.scope},
        "language": lambda: {practice.language},
        "year": lambda: {str(practice.start_year)},
        "commission": lambda: {c for c, members in COMMISSIONS.items() if members & set(practice.countries)},
        "roundtable": lambda: {t for t, numbers in ROUNDTABLES.items() if numbers & objectives},
        "sdg": lambda: set(practice.sdg_targets),
    }
    return table[facet]()


def matching(
    practices: Iterable[Practice],
    filters: Mapping[str, Iterable[str]],
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Practice]:
    """The practices with one of the values of every filtered facet, in the year range."""
    return [
        p
        for p in practices
        if all(values(p, facet) & set(codes) for facet, codes in filters.items() if codes)
        and (year_from is None or p.start_year >= year_from)
        and (year_to is None or p.start_year <= year_to)
    ]


def count(practices: Iterable[Practice], filters: Mapping[str, Iterable[str]], **years: int | None) -> int:
    return len(matching(practices, filters, **years))
