"""Coverage: how many practices each objective has in each region, sub-region or commission.

Every number is an exact facet count from the search interface, so both backends answer
and the same URL parameters as a search narrow it (type, scope, language, years,
principle, q, ...). A cell's link opens the search that gives its count.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from hub import params
from indexer import vocabulary
from indexer.search import Query, SearchBackend

# The columns a coverage table can have: a facet and its vocabulary.
DIMENSIONS = {"region": "regions", "subregion": "subregions", "commission": "commissions"}
FEW = 3  # an objective with fewer practices than this is a gap


@dataclass
class Column:
    code: str
    label: str
    total: int
    href: str


@dataclass
class Row:
    objective: str
    label: str
    total: int
    href: str
    cells: list[tuple[str, int, str]]  # (column code, count, search URL)


@dataclass
class Coverage:
    """The table, its totals and gaps, for one set of search parameters."""

    by: str
    total: int
    columns: list[Column]
    rows: list[Row]
    params: MultiDict
    problems: list[params.Problem] = field(default_factory=list)
    countries: dict[str, int] = field(default_factory=dict)  # practices per country (alpha-3)

    @property
    def maximum(self) -> int:
        return max((count for row in self.rows for _, count, _ in row.cells), default=0)

    def empty_cells(self) -> list[tuple[Row, Column]]:
        columns = {c.code: c for c in self.columns}
        return [(row, columns[code]) for row in self.rows for code, count, _ in row.cells if count == 0]

    def thin_objectives(self) -> list[Row]:
        return [row for row in self.rows if row.total < FEW]


EXTRA = ("by", "format")  # coverage's own parameters, after the search's


def url(path: str, current: MultiDict, **changes: object) -> str:
    """``params.url`` that also keeps (or changes) ``by`` and ``format``."""
    extra = []
    for name in EXTRA:
        value = changes.pop(name) if name in changes else current.get(name)
        if value:
            extra.append((name, str(value)))
    base = params.url(path, current, **changes)
    return base + ("&" if "?" in base else "?") + urlencode(extra) if extra else base


def read_dimension(args: MultiDict, problems: list[params.Problem]) -> str:
    by = args.get("by", "region").strip() or "region"
    if by not in DIMENSIONS:
        problems.append(
            params.Problem("by", by, f"{by!r} is not a coverage dimension; use {', '.join(DIMENSIONS)}")
        )
        return "region"
    return by


def coverage(backend: SearchBackend, args: MultiDict, lang: str) -> Coverage:
    """The coverage table of the search that ``args`` describe, columns chosen by ``by``."""
    found = params.read(args, lang)
    by = read_dimension(args, found.problems)
    filters = {f: v for f, v in found.query.filters.items() if f != "objective"}
    base_query = replace(found.query, filters=filters, page=1, page_size=1, sort="relevance")
    base = backend.search(base_query)
    kept = MultiDict(
        [(k, v) for k, v in found.params.items(multi=True) if k not in ("objective", "page", "sort")]
    )
    kept.add("lang", lang)
    row_totals = {v.value: v.count for v in base.facets.get("objective", [])}
    column_totals = {v.value: v.count for v in base.facets.get(by, [])}
    chosen = found.query.selected(by)  # a selection of the column facet keeps only those columns
    terms = [t for t in vocabulary.ALL[DIMENSIONS[by]]() if not chosen or t.code in chosen]
    counts = {term.code: _objective_counts(backend, base_query, by, term.code) for term in terms}
    columns = [
        Column(
            t.code, t.text(lang), column_totals.get(t.code, 0), params.url("/search", kept, **{by: t.code})
        )
        for t in terms
    ]
    rows = []
    for objective in vocabulary.objectives():
        n = objective.code
        cells = [
            (t.code, counts[t.code].get(n, 0), params.url("/search", kept, objective=n, **{by: t.code}))
            for t in terms
        ]
        label = f"{n}. {objective.text(lang)}"
        rows.append(Row(n, label, row_totals.get(n, 0), params.url("/search", kept, objective=n), cells))
    kept.poplist("lang")
    if by != "region":
        kept.add("by", by)
    countries = {v.value: v.count for v in base.facets.get("country", []) if v.count}
    return Coverage(by, base.total, columns, rows, kept, found.problems, countries)


def _objective_counts(backend: SearchBackend, base: Query, facet: str, code: str) -> dict[str, int]:
    """Objective -> practices that have it among the base search's results in one column."""
    query = replace(base, filters={**base.filters, facet: (code,)})
    return {v.value: v.count for v in backend.search(query).facets.get("objective", [])}


def coverage_json(table: Coverage) -> dict[str, Any]:
    """The same numbers as the page, as the API returns them (codes, not labels)."""
    return {
        "by": table.by,
        "total": table.total,
        "columns": [{"code": c.code, "total": c.total} for c in table.columns],
        "objectives": [
            {
                "objective": int(row.objective),
                "total": row.total,
                "counts": {code: count for code, count, _ in row.cells},
            }
            for row in table.rows
        ],
        "countries": dict(sorted(table.countries.items())),
        "gaps": {
            "empty_cells": [
                {"objective": int(r.objective), table.by: c.code} for r, c in table.empty_cells()
            ],
            "objectives_with_fewer_than_three": [int(r.objective) for r in table.thin_objectives()],
        },
    }


def coverage_csv(table: Coverage) -> str:
    """One row per objective, one column per region (or sub-region, or commission): codes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["objective", *(c.code for c in table.columns), "total"])
    for row in table.rows:
        writer.writerow([row.objective, *(count for _, count, _ in row.cells), row.total])
    writer.writerow(["total", *(c.total for c in table.columns), table.total])
    return "\ufeff" + buffer.getvalue()


def shade(count: int, maximum: int) -> int:
    """The step (0-5) of a count on the colour scale; 0 is reserved for no practice."""
    if count <= 0 or maximum <= 0:
        return 0
    return min(5, 1 + (4 * count) // max(maximum, 1))
