"""A practice as one row of a generation table: texts per language, facet codes, the stored card.

The same practice yields the same card, facet codes and fingerprint as in the Whoosh
backend, so that both engines answer the same questions from the same collection.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from indexer.model import Practice
from indexer.rendering import Rendered
from indexer.search.documents import (
    CJK_CHARACTERS,
    GROUPS,
    card,
    facet_values,
    fingerprint,
    group_of,
    meta_text,
)
from indexer.search.interface import FACETS

# Languages with their own PostgreSQL text search configuration (stop words, Snowball
# stemmer, unaccent); every other language uses ``hub_xx`` (unaccent and lowercase only).
CONFIGS = {group: f"hub_{group}" for group in GROUPS}
# PostgreSQL's parser reads a run of Han, kana or Hangul characters as one word: spaced out,
# each character is a word, and a query word in these scripts becomes a phrase of them.
CJK = re.compile(f"({CJK_CHARACTERS})")


def spaced(text: str) -> str:
    """Text with each CJK character standing alone, so that it is a word of its own."""
    return CJK.sub(r" \1 ", text)


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
    "body_html",
    "card",
    "fingerprint",
    *(f"f_{facet}" for facet in FACETS),
    "title_text",
    "summary_text",
    "body_text",
    "meta_text",
    "tags_text",
)


def row(practice: Practice, rendered: Rendered) -> dict[str, Any]:
    """The parameters of one practice's insert (texts are turned into tsvectors in SQL)."""
    data = card(practice)
    group = group_of(practice.language)
    body = rendered.text
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
        "body_html": rendered.html,
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
