"""What every backend derives from a practice the same way: cards, facet codes, fingerprints.

Engine-neutral, so that the Whoosh and PostgreSQL backends answer the same questions
from the same collection.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from indexer import vocabulary
from indexer.model import Practice

# Languages analysed with their own stop words and stemmer; any other is group "xx".
STEMMED = ("en", "fr", "es")
GROUPS = (*STEMMED, "xx")
# Han, kana and Hangul: scripts written without spaces, where every backend makes each
# character a word of its own (a query word in them becomes a phrase of characters).
CJK_CHARACTERS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
# Facets listed with every value of their vocabulary, even at zero; the others list only
# the values that occur (or are selected).
COMPLETE_FACETS = frozenset(
    {
        "objective",
        "principle",
        "region",
        "type",
        "scope",
        "commission",
        "roundtable",
        "provenance",
        "evaluation",
    }
)
_CARD_KEYS = {
    "principle": "principles",
    "region": "regions",
    "subregion": "subregions",
    "country": "countries",
}


def _commissions(card: dict[str, Any]) -> list[str]:
    """The regional commissions of a practice's countries (a country may belong to two)."""
    found = {c for country in card["countries"] for c in vocabulary.commissions_of_country(country)}
    return [code for code in vocabulary.commissions().codes if code in found]


def _roundtables(card: dict[str, Any]) -> list[str]:
    """The IMRF round tables of a practice's objectives, primary and secondary."""
    found = {vocabulary.roundtable_of_objective(n) for n in card["objectives"] + card["secondary_objectives"]}
    return [code for code in vocabulary.roundtables().codes if code in found]


# Review facets, derived from fields the card already has (no new stored field).
_REVIEW_FACETS = {
    "commission": _commissions,
    "roundtable": _roundtables,
    "sdg": lambda card: list(dict.fromkeys(card.get("sdg_targets", []))),
}

_FINGERPRINTED = tuple(f.name for f in dataclasses.fields(Practice) if f.name not in ("path", "lines"))


def group_of(language: str) -> str:
    """The analysis group of a practice language."""
    return language if language in STEMMED else "xx"


def facet_values(facet: str, card: dict[str, Any]) -> list[str]:
    """The codes a practice has for a facet (objective: primary and secondary; year: start)."""
    if facet == "objective":
        return [str(n) for n in dict.fromkeys(card["objectives"] + card["secondary_objectives"])]
    if facet == "year":
        return [str(card["start_year"])]
    if facet in _REVIEW_FACETS:
        return _REVIEW_FACETS[facet](card)
    if facet == "evaluation":
        return ["yes" if card.get("evaluation") else "no"]
    value = card[_CARD_KEYS.get(facet, facet)]
    return list(value) if isinstance(value, list) else [value]


def primary_objectives(card: dict[str, Any]) -> list[str]:
    """The codes of a practice's primary objectives (the objective facet also holds secondary ones)."""
    return [str(n) for n in card["objectives"]]


def primary_first(query: Any, has_text: bool) -> tuple[str, ...]:
    """The selected objectives whose primary practices come first, or () for the plain order.

    Without words to rank by (and without an explicit ``sort=newest``), the results are
    ordered: practices with a selected objective as a primary objective first, then the
    newest (submitted, then start year), ties by id.
    """
    if has_text or query.sort != "relevance":
        return ()
    return tuple(query.filters.get("objective", ()))


def card(practice: Practice) -> dict[str, Any]:
    """The stored fields a result list needs: everything but the body."""
    data = practice.to_dict()
    data.pop("body")
    return data


def fingerprint(practice: Practice) -> str:
    """A hash of everything indexed about a practice (without copying it: builds hash them all)."""
    data = {name: getattr(practice, name) for name in _FINGERPRINTED}
    # Facets derived from vocabulary files change when those files do: a changed
    # commission list rewrites the practices it touches.
    data["derived"] = {name: derive(data) for name, derive in _REVIEW_FACETS.items()}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def meta_text(practice: Practice) -> str:
    """Metadata a search also finds, in any language: country names, keywords, partners."""
    names = [vocabulary.countries().get(code) for code in practice.countries]
    labels = [label for term in names if term for label in term.label.values()]
    return "\n".join([*labels, *practice.tags, *practice.partners, practice.implemented_by])


def changes(before: dict[str, str] | None, after: dict[str, str]) -> tuple[set[str], set[str], set[str]]:
    """(added, updated, removed) ids between two id -> fingerprint maps (None: nothing before)."""
    old = before or {}
    added = set(after) - set(old)
    removed = set(old) - set(after)
    updated = {pid for pid in set(after) & set(old) if old[pid] != after[pid]}
    return added, updated, removed
