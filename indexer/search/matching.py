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
- a clause that is one "quoted phrase" is never optional: a person who quotes means it;
  ``-exclusions`` always exclude;
- a clause is counted for a practice only in the language groups where it is something to
  match (a word dropped as a stop word of the practice's language is neither required nor
  counted); and a *weak* clause, a word that some language ignores (French "à", Spanish
  "sea"), counts only when no other clause is held there: "most of your words" means most
  of the words that carry meaning, and a French question's "à" does not keep an English
  practice out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.search.querysyntax import ParsedQuery, Term

ALL, MOST = "all", "most"
MODES = (ALL, MOST)
FEW = 10  # below this many practices with every word, "most" takes over


def needed(optional: int) -> int:
    """How many of ``optional`` clauses a practice must match: two thirds, at least one."""
    return 0 if optional <= 0 else max(1, (2 * optional) // 3)


def is_mandatory(clause: Sequence[Term]) -> bool:
    """A clause that is one quoted phrase (with a concept's labels, when it names one) must always match."""
    typed = [term for term in clause if term.language is None]
    return len(typed) == 1 and typed[0].quoted


def optional_clauses(parsed: ParsedQuery) -> int:
    return sum(1 for clause in parsed.clauses if not is_mandatory(clause))


def may_relax(parsed: ParsedQuery) -> bool:
    """Whether "most" can differ from "all" for this query (two clauses or more that may be missed)."""
    return needed(optional_clauses(parsed)) < optional_clauses(parsed)


def mode(parsed: ParsedQuery, all_count: int) -> str:
    """The mode of a query whose clauses all match ``all_count`` practices of the collection."""
    return MOST if all_count < FEW and may_relax(parsed) else ALL


@dataclass(frozen=True)
class Shape:
    """What the "most" rule needs to know of a clause: where it is held, whether it is required or weak."""

    held: frozenset[str]
    mandatory: bool
    weak: bool


def rule(shapes: Sequence[Shape], group: str) -> tuple[tuple[int, ...], int]:
    """For a practice of ``group``: the clauses counted, and how many of them it must match."""
    optional = [i for i, shape in enumerate(shapes) if not shape.mandatory and group in shape.held]
    strong = [i for i in optional if not shapes[i].weak]
    counted = strong or optional
    return tuple(counted), needed(len(counted))
