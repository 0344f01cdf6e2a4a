"""The query syntax for people, parsed once and shared by every search backend.

- words: all must match (``remittances women``);
- "quoted phrases": the words in this order;
- ``-word`` or ``-"a phrase"``: exclude;
- ``OR`` between two terms: either (``refugees OR asylum``).

Anything else is read as plain words: field syntax (``title:x``), wildcards, lone
operators and unbalanced quotes never raise. Only a query too long to be a question is
refused, with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LENGTH = 500
MAX_TERMS = 32
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+(?:['’.]\w+)*", re.UNICODE)


class QuerySyntaxError(ValueError):
    """The query cannot be searched; the message says why, for a person."""


@dataclass(frozen=True)
class Term:
    """A word, or a phrase when it holds several words.

    ``language`` (en, fr or es) restricts a term to that language: it is analysed with that
    language's analyzer and matched in that language's practices only (concept labels,
    see ``expansion``). ``None``: every language, and the metadata.
    """

    words: tuple[str, ...]
    language: str | None = None
    quoted: bool = False  # typed "in quotes": required even when most words will do

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass
class ParsedQuery:
    """Clauses that must all match (each a set of alternatives) and terms to exclude."""

    clauses: list[tuple[Term, ...]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def words(self) -> list[str]:
        """Every word a reader asked for (for highlighting and suggestions)."""
        return [w for clause in self.clauses for term in clause for w in term.words]


def _words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


def parse(text: str) -> ParsedQuery:
    """Parse a query; raises QuerySyntaxError only for an over-long query."""
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError(f"the query is {len(text):,} characters long; the limit is {MAX_LENGTH}")
    query = ParsedQuery()
    pending_or = False
    for match in TOKEN.finditer(text):
        negative, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            pending_or = bool(query.clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negative, bare = "-", bare[1:]
        words = _words(phrase if phrase is not None else bare or "")
        if not words:
            continue
        terms = [Term(words, quoted=True)] if phrase is not None else [Term((w,)) for w in words]
        if negative:
            query.excluded.extend(terms)
            pending_or = False
            continue
        _add(query, terms, pending_or)
        pending_or = False
    if sum(len(c) for c in query.clauses) + len(query.excluded) > MAX_TERMS:
        raise QuerySyntaxError(f"the query has more than {MAX_TERMS} words or phrases; shorten it")
    return query


def _add(query: ParsedQuery, terms: list[Term], joined: bool) -> None:
    """Add terms as clauses; the first joins the previous clause after an OR."""
    if joined and query.clauses:
        query.clauses[-1] = (*query.clauses[-1], terms[0])
        terms = terms[1:]
    query.clauses.extend((term,) for term in terms)
