"""Build practice file texts for tests: a valid default, fields overridden or removed."""

from __future__ import annotations

import re

import yaml

BASE = {
    "title": "Test practice",
    "summary": "A practice used by the tests.",
    "countries": ["MAR"],
    "scope": "national",
    "objectives": [5],
    "principles": ["human-rights"],
    "type": "policy-law",
    "start_year": 2014,
    "ongoing": True,
    "language": "en",
    "implemented_by": "Kingdom of Morocco",
    "submitted_by": "Ministry of Foreign Affairs, GCM focal point",
    "provenance": "submitted",
    "submitted": "2026-01-15",
}

BODY = """
## Context

Why.

## What was done

What.

## Results

Results.

## Lessons learned

Lessons.

## Sustainability and replicability

How it lasts.
"""


def practice_text(body: str = BODY, drop: tuple[str, ...] = (), **fields: object) -> str:
    """A practice file: BASE with ``fields`` merged in and ``drop`` removed."""
    data = {**BASE, **fields}
    for key in drop:
        data.pop(key, None)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    # Dates stay unquoted so that YAML reads them as dates, as in a real file.
    front = re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", front)
    return f"---\n{front}---\n{body}"
