"""The search interface: engine-neutral queries and results, and the backends behind them.

Only the backend modules import a search engine; everything else uses this package's
dataclasses and the ``SearchBackend`` protocol.
"""

from indexer.search.interface import (
    FACETS,
    FacetValue,
    Hit,
    IndexUnavailable,
    Query,
    QueryError,
    Results,
    SearchBackend,
    TooManyResults,
)

__all__ = [
    "FACETS",
    "FacetValue",
    "Hit",
    "IndexUnavailable",
    "Query",
    "QueryError",
    "Results",
    "SearchBackend",
    "TooManyResults",
]
