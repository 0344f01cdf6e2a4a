"""Practices as data: JSON for the API, Atom entries, CSV and JSON Lines rows, JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from xml.etree import ElementTree as ET

from indexer import vocabulary
from indexer.model import fields
from indexer.search import Results
from indexer.search.documents import facet_values
from indexer.vocabulary import UI_LANGUAGES

LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def _csv_columns() -> tuple[str, ...]:
    """One column per field of the model, a record's parts as ``field.part``; then the derived ones."""
    names = []
    for spec in fields().values():
        names += [f"{spec.name}.{part.name}" for part in spec.parts] if spec.kind == "record" else [spec.name]
    return ("id", *names, "regions", "subregions", "commissions", "roundtables", "url")


CSV_COLUMNS = _csv_columns()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATOM = "http://www.w3.org/2005/Atom"
# Category schemes of feed entries: tag URIs (RFC 4151) naming the practice field they come from.
IMPLEMENTED_BY = "tag:gcm-practice-hub,2026:implemented_by"
PROVENANCE = "tag:gcm-practice-hub,2026:provenance"


def search_json(results: Results, url_for_practice: Any) -> dict[str, Any]:
    """A page of results as the API returns it."""
    return {
        "total": results.total,
        "match": results.match,
        "page": results.page,
        "page_size": results.page_size,
        "pages": results.pages,
        "hits": [
            {
                **hit.fields,
                "score": round(hit.score, 6),
                "snippet": hit.snippet,
                "matched": list(hit.matched),
                "url": url_for_practice(hit.id),
            }
            for hit in results.hits
        ],
        "facets": {
            facet: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
            for facet, values in results.facets.items()
        },
        "suggestion": results.suggestion,
        "expansions": [
            {
                "text": found.text,
                "concept": found.concept,
                "labels": {lang: list(labels) for lang, labels in found.labels.items()},
                "objectives": list(found.objectives),
            }
            for found in results.expansions
        ],
        "licence": LICENCE,
    }


def practice_json(practice: dict[str, Any], url: str) -> dict[str, Any]:
    """The whole practice: fields, derived regions, the body as Markdown and as safe HTML."""
    data = {key: value for key, value in practice.items() if key != "body"}
    return {
        **data,
        **review_codes(practice),
        "body_markdown": practice["body"],
        "body_html": practice["body_html"],
        "url": url,
        "licence": LICENCE,
    }


def vocabularies_json() -> dict[str, Any]:
    """Every controlled vocabulary with its labels in the interface languages."""

    def terms(name: str) -> list[dict[str, Any]]:
        return [{"code": t.code, "label": t.label} for t in vocabulary.ALL[name]()]

    objectives = [
        {"number": int(t.code), "label": t.label, "title": t.title} for t in vocabulary.objectives()
    ]
    regions = [
        {
            "code": r.code,
            "label": r.label,
            "subregions": [
                {"code": s.code, "label": s.label} for s in vocabulary.subregions() if s.parent == r.code
            ],
        }
        for r in vocabulary.regions()
    ]
    countries = []
    for c in vocabulary.countries():
        subregion, region = vocabulary.region_of_country(c.code)
        countries.append({"code": c.code, "label": c.label, "subregion": subregion, "region": region})
    return {
        "languages_of_labels": list(UI_LANGUAGES),
        "objectives": objectives,
        "principles": terms("principles"),
        "regions": regions,
        "countries": countries,
        "types": terms("types"),
        "scopes": terms("scopes"),
        "languages": terms("languages"),
        "provenance": terms("provenance"),
        "review_statuses": terms("review_statuses"),
        "evaluation": terms("evaluation"),
        "implementer_kinds": terms("implementer_kinds"),
        "licence": LICENCE,
    }


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralise("; ".join(figure(item) if isinstance(item, dict) else str(item) for item in value))
    return neutralise(str(value))


def figure(result: dict[str, Any]) -> str:
    """One ``results`` figure as text: ``16000 graduates (2021, https://...)``."""
    return f"{result['value']} {result['unit']} ({result['year']}, {result['source']})"


def csv_value(row: dict[str, Any], column: str) -> Any:
    """A column's value; ``field.part`` reads a part of a record field."""
    name, _, part = column.partition(".")
    value = row.get(name)
    return (value or {}).get(part) if part else value


def review_codes(card: dict[str, Any]) -> dict[str, list[str]]:
    """The derived review facets of a practice: its regional commissions and IMRF round tables."""
    known = {key: card.get(key) or [] for key in ("countries", "objectives", "secondary_objectives")}
    return {
        "commissions": facet_values("commission", known),
        "roundtables": facet_values("roundtable", known),
    }


def csv_rows(cards: Iterable[dict[str, Any]], url_for_practice: Any) -> Iterator[str]:
    """UTF-8 CSV text, a header row then one row per practice, line by line (streamed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + flush()  # the byte-order mark tells spreadsheets the file is UTF-8
    for card in cards:
        row = {**card, **review_codes(card), "url": url_for_practice(card["id"])}
        writer.writerow([csv_cell(csv_value(row, column)) for column in CSV_COLUMNS])
        yield flush()


def jsonl_rows(cards: Iterable[dict[str, Any]], url_for_practice: Any) -> Iterator[str]:
    """One JSON object a line: each card read with its ``body`` (``scan(..., bodies=True)``)."""
    for card in cards:
        fields = {key: value for key, value in card.items() if key != "body"}
        row = {**fields, "body_markdown": card.get("body", ""), "url": url_for_practice(card["id"])}
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _date(value: str | None) -> str:
    day = dt.date.fromisoformat(value) if value else dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(
    cards: list[dict[str, Any]], title: str, self_url: str, site_url: str, url_for_practice: Any
) -> bytes:
    """An Atom 1.0 feed of practices, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add(feed, "id", self_url)
    add(feed, "title", title)
    add(feed, "updated", max((_date(c.get("updated") or c["submitted"]) for c in cards), default=_date(None)))
    add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    add(feed, "link", rel="alternate", href=site_url, type="text/html")
    add(feed, "rights", f"{LICENCE['name']} ({LICENCE['url']})")
    add(add(feed, "author"), "name", "GCM Practice Hub")
    for card in cards:
        entry = add(feed, "entry")
        link = url_for_practice(card["id"])
        add(entry, "id", link)
        add(entry, "title", card["title"])
        add(entry, "updated", _date(card.get("updated") or card["submitted"]))
        add(entry, "published", _date(card["submitted"]))
        add(entry, "link", rel="alternate", href=link, type="text/html", hreflang=card["language"])
        add(entry, "summary", card["summary"])
        # The author is who filed the entry; the implementer is what the entry is about.
        add(add(entry, "author"), "name", card["submitted_by"])
        for number in card["objectives"]:
            add(
                entry,
                "category",
                term=f"objective-{number}",
                label=vocabulary.objectives().label(str(number), "en"),
            )
        implementer = card.get("implemented_by")
        if implementer:
            label = f"Implemented by {implementer}"
            add(entry, "category", term=implementer, scheme=IMPLEMENTED_BY, label=label)
        if card.get("provenance"):
            add(entry, "category", term=card["provenance"], scheme=PROVENANCE)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def json_ld(practice: dict[str, Any], url: str) -> str:
    """schema.org metadata of a practice page."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": practice["title"],
        "abstract": practice["summary"],
        "inLanguage": practice["language"],
        "dateCreated": practice["submitted"],
        "dateModified": practice.get("updated") or practice["submitted"],
        "keywords": practice.get("tags", []),
        "spatialCoverage": [
            {"@type": "Country", "name": vocabulary.countries().label(code, "en"), "identifier": code}
            for code in practice["countries"]
        ],
        "about": [
            *(vocabulary.objectives().get(str(n)).title["en"] for n in practice["objectives"]),
            {"@type": "Organization", "name": practice.get("implemented_by") or practice["submitted_by"]},
        ],
        "creator": {"@type": "Organization", "name": practice["submitted_by"]},
        "citation": practice.get("sources", []),
        "license": LICENCE["url"],
    }
    # Written inside HTML: no character may end the script element or open markup.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
