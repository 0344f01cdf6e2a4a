"""A practice as one row of a generation table: texts per language, facet codes, the stored card.

The same practice yields the same card, facet codes and fingerprint as in the Whoosh
backend, so that both engines answer the same questions from the same collection.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any

from indexer import vocabulary
from indexer.model import Practice
from indexer.search.interface import FACETS
from indexer.text import plain_text

# Languages with their own PostgreSQL text search configuration (stop words, Snowball
# stemmer, unaccent); every other language uses ``hub_xx`` (unaccent and lowercase only).
STEMMED = ("en", "fr", "es")
GROUPS = (*STEMMED, "xx")
CONFIGS = {group: f"hub_{group}" for group in GROUPS}
# PostgreSQL's parser reads a run of Han, kana or Hangul characters as one word: spaced out,
# each character is a word, and a query word in these scripts becomes a phrase of them.
CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])")


def group_of(language: str) -> str:
    return language if language in STEMMED else "xx"


def spaced(text: str) -> str:
    """Text with each CJK character standing alone, so that it is a word of its own."""
    return CJK.sub(r" \1 ", text)


def facet_values(facet: str, card: dict[str, Any]) -> list[str]:
    """The codes a practice has for a facet (objective: primary and secondary; year: start)."""
    if facet == "objective":
        return [str(n) for n in dict.fromkeys(card["objectives"] + card["secondary_objectives"])]
    if facet == "year":
        return [str(card["start_year"])]
    key = {"principle": "principles", "region": "regions", "subregion": "subregions", "country": "countries"}
    value = card[key.get(facet, facet)]
    return list(value) if isinstance(value, list) else [value]


def card(practice: Practice) -> dict[str, Any]:
    """The stored fields a result list needs: everything but the body."""
    data = practice.to_dict()
    data.pop("body")
    return data


def fingerprint(practice: Practice) -> str:
    """A hash of everything indexed about a practice."""
    text = json.dumps(practice.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def meta_text(practice: Practice) -> str:
    """Metadata a search also finds, in any language: country names, tags, partners."""
    names = [vocabulary.countries().get(code) for code in practice.countries]
    labels = [label for term in names if term for label in term.label.values()]
    return "\n".join([*labels, *practice.tags, *practice.partners, practice.submitted_by])


# The columns of a generation table filled from Python, in insert order.
COLUMNS = (
    "id",
    "language",
    "grp",
    "cfg",
    "submitted",
    "start_year",
    "translation_of",
    "title",
    "summary_html",
    "body",
    "card",
    "fingerprint",
    *(f"f_{facet}" for facet in FACETS),
    "title_text",
    "summary_text",
    "body_text",
    "meta_text",
    "tags_text",
)


def row(practice: Practice) -> dict[str, Any]:
    """The parameters of one practice's insert (texts are turned into tsvectors in SQL)."""
    data = card(practice)
    group = group_of(practice.language)
    body = plain_text(practice.body)
    values: dict[str, Any] = {
        "id": practice.id,
        "language": practice.language,
        "grp": group,
        "cfg": CONFIGS[group],
        "submitted": practice.submitted,
        "start_year": practice.start_year,
        "translation_of": practice.translation_of,
        "title": practice.title,
        "summary_html": html.escape(practice.summary),
        "body": practice.body,
        "card": json.dumps(data, ensure_ascii=False),
        "fingerprint": fingerprint(practice),
        "title_text": spaced(practice.title),
        "summary_text": spaced(practice.summary),
        "body_text": spaced(body),
        "meta_text": spaced(meta_text(practice)),
        "tags_text": spaced("\n".join(practice.tags)),
    }
    for facet in FACETS:
        values[f"f_{facet}"] = facet_values(facet, data)
    return values
