"""The world map: a server-side SVG choropleth of practices per country, no JavaScript.

Outlines come from ``hub/worldmap.json``, built once by ``scripts/build-world-map.py``
from Natural Earth 1:110m (via the npm package world-atlas); states the scale drops are
circles at their capital. Every country links to its profile and has a title with its
count; the page prints the same numbers in a table, and colour is never the only carrier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hub.coverage import shade
from indexer import vocabulary

DATA = Path(__file__).parent / "worldmap.json"


@cache
def outlines() -> dict[str, Any]:
    """The map data: view box, shapes and capital points by M49 code, plain land."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass
class Place:
    code: str  # ISO alpha-3
    m49: str
    name: str
    count: int
    href: str


def places(counts: dict[str, int], lang: str, link: Any) -> list[Place]:
    """Every country the map draws, with its count (0 when none) and its profile's address."""
    drawn = outlines()
    by_m49 = {m49: code for code, m49 in vocabulary.country_m49().items()}
    result = []
    for m49 in sorted(set(drawn["shapes"]) | set(drawn["points"])):
        code = by_m49[m49]
        name = vocabulary.countries().label(code, lang)
        result.append(Place(code, m49, name, counts.get(code, 0), link(code)))
    return result


def svg(counts: dict[str, int], lang: str, link: Any, title: str, describe: Any) -> Markup:
    """The map as SVG markup. ``describe(name, count)`` writes a country's title."""
    drawn = outlines()
    top = max(counts.values(), default=0)
    x, y, width, height = drawn["view_box"]
    parts = [
        f'<svg class="worldmap" viewBox="{x * 10} {y * 10} {width * 10} {height * 10}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    parts += [f'<path class="land" d="{d}"/>' for d in drawn["land"]]
    for place in places(counts, lang, link):
        label = escape(describe(place.name, place.count))
        step = shade(place.count, top)
        shape = drawn["shapes"].get(place.m49)
        if shape:
            body = (
                f'<path class="shade-{step}" data-m49="{place.m49}" d="{shape}"><title>{label}</title></path>'
            )
        else:
            cx, cy = drawn["points"][place.m49]
            body = (
                f'<circle class="shade-{step} small" data-m49="{place.m49}" cx="{round(cx * 10)}" '
                f'cy="{round(cy * 10)}" r="28"><title>{label}</title></circle>'
            )
        parts.append(f'<a href="{escape(place.href)}" tabindex="-1">{body}</a>')
    parts.append("</svg>")
    return Markup("".join(parts))
