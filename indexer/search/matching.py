"""How many of a query's words a practice must contain: all of them, or most when all is too few.

The policy, once, for every backend (in the manner of Elasticsearch's ``match`` with
``minimum_should_match``):

- every clause of the query (a word, a "quoted phrase", or alternatives joined by OR) must
  match: the ``all`` mode;
- when fewer than ``FEW`` practices of the whole collection match all of them (filters
  aside, so that a facet's counts stay the results of clicking it), and the query has at
  least two clauses that may be missed, a practice need only match ``needed(n)`` of its
  ``n`` such clauses: the ``most`` mode, ranked by how many clauses it matches, then by
  score, so that practices with every word still come first;
- a clause that is one quoted phrase is never optional: a person who quotes means it;
  ``-exclusions`` always exclude;
- a clause is counted for a practice only in the language groups where it is something to
  match (a word dropped as a stop word of the practice's language is neither required nor
  counted).
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.search.querysyntax import ParsedQuery, Term

ALL, MOST = "all", "most"
MODES = (ALL, MOST)
FEW = 10  # below this many practices with every word, "most" takes over


def needed(optional: int) -> int:
    """How many of ``optional`` clauses a practice must match: two thirds, at least one."""
    return 0 if optional <= 0 else max(1, (2 * optional) // 3)


def is_mandatory(clause: Sequence[Term]) -> bool:
    """A clause that is one quoted phrase must always match."""
    return len(clause) == 1 and clause[0].is_phrase


def optional_clauses(parsed: ParsedQuery) -> int:
    return sum(1 for clause in parsed.clauses if not is_mandatory(clause))


def may_relax(parsed: ParsedQuery) -> bool:
    """Whether "most" can differ from "all" for this query (two clauses or more that may be missed)."""
    return needed(optional_clauses(parsed)) < optional_clauses(parsed)


def mode(parsed: ParsedQuery, all_count: int) -> str:
    """The mode of a query whose clauses all match ``all_count`` practices of the collection."""
    return MOST if all_count < FEW and may_relax(parsed) else ALL
