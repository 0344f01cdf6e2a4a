"""The OpenAPI 3 description of the JSON API, built from the same vocabularies the API checks."""

from __future__ import annotations

from functools import cache
from typing import Any

from hub.params import MAX_SELECTED
from hub.review_openapi import review_paths
from indexer import vocabulary
from indexer.search.interface import FACETS, MAX_PAGE, MAX_PAGE_SIZE, SORTS
from indexer.search.querysyntax import MAX_LENGTH

# Facets whose values are vocabulary codes (the year facet takes years).
FACET_VOCABULARIES = {facet: name for facet, name in FACETS.items() if name is not None}
STRING_LIST = {"type": "array", "items": {"type": "string"}}
NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INT = {"type": "integer", "nullable": True}


def _array_parameter(name: str, codes: list[str], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": description,
        "schema": {"type": "array", "maxItems": MAX_SELECTED, "items": {"type": "string", "enum": codes}},
    }


def _integer_parameter(name: str, low: int, high: int, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": low, "maximum": high},
    }


def search_parameters() -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": "Words (all must match; when fewer than 10 practices have them all, most "
            'will do), "quoted phrases" (always required), -exclusions, OR.',
            "schema": {"type": "string", "maxLength": MAX_LENGTH},
        },
    ]
    for facet, name in FACET_VOCABULARIES.items():
        parameters.append(
            _array_parameter(facet, vocabulary.ALL[name]().codes, f"{facet} codes; several combine with OR")
        )
    parameters.append(
        {
            "name": "year",
            "in": "query",
            "required": False,
            "style": "form",
            "explode": True,
            "description": "start years; several combine with OR",
            "schema": {
                "type": "array",
                "maxItems": MAX_SELECTED,
                "items": {"type": "string", "pattern": "^(19[0-9]{2}|20[0-9]{2})$"},
            },
        }
    )
    parameters += [
        _integer_parameter("from", 1900, 2100, "first start year"),
        _integer_parameter("to", 1900, 2100, "last start year"),
        {"name": "sort", "in": "query", "required": False, "schema": {"type": "string", "enum": list(SORTS)}},
        {
            "name": "expand",
            "in": "query",
            "required": False,
            "description": "1 (default): words that name a concept also search its labels in English, "
            "French and Spanish; 0: only the words typed",
            "schema": {"type": "string", "enum": ["0", "1"]},
        },
        _integer_parameter("page", 1, MAX_PAGE, "page number"),
        _integer_parameter("page_size", 1, MAX_PAGE_SIZE, "results per page (default 20)"),
    ]
    return parameters


def practice_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": [
            "id",
            "title",
            "summary",
            "countries",
            "regions",
            "subregions",
            "scope",
            "objectives",
            "principles",
            "type",
            "start_year",
            "language",
            "implemented_by",
            "submitted_by",
            "provenance",
            "submitted",
        ],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "countries": STRING_LIST,
            "regions": STRING_LIST,
            "subregions": STRING_LIST,
            "scope": {"type": "string"},
            "objectives": {"type": "array", "items": {"type": "integer"}},
            "secondary_objectives": {"type": "array", "items": {"type": "integer"}},
            "principles": STRING_LIST,
            "type": {"type": "string"},
            "start_year": {"type": "integer"},
            "end_year": NULLABLE_INT,
            "ongoing": {"type": "boolean"},
            "language": {"type": "string"},
            "implemented_by": {"type": "string", "description": "who runs the practice"},
            "submitted_by": {"type": "string", "description": "who filed the entry"},
            "implementer_kind": {
                "type": "string",
                "nullable": True,
                "enum": [*vocabulary.implementer_kinds().codes, None],
            },
            "provenance": {"type": "string", "enum": vocabulary.provenance().codes},
            "submitted": {"type": "string", "format": "date"},
            "updated": NULLABLE_STRING,
            "review": {
                "type": "object",
                "nullable": True,
                "properties": {
                    "status": {"type": "string", "enum": vocabulary.review_statuses().codes},
                    "date": {"type": "string", "format": "date"},
                },
            },
            "last_reviewed": NULLABLE_STRING,
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "number"},
                        "unit": {"type": "string"},
                        "year": {"type": "integer"},
                        "source": {"type": "string"},
                    },
                },
            },
            "evaluation": {
                "type": "object",
                "nullable": True,
                "properties": {"url": {"type": "string"}, "finding": {"type": "string"}},
            },
            "budget": NULLABLE_STRING,
            "funding": NULLABLE_STRING,
            "partners": STRING_LIST,
            "sdg_targets": STRING_LIST,
            "sources": STRING_LIST,
            "contact": NULLABLE_STRING,
            "tags": STRING_LIST,
            "translation_of": NULLABLE_STRING,
            "url": {"type": "string"},
            "citation": {
                "type": "object",
                "description": "The recommended citation: text, BibTeX, CSL-JSON",
                "properties": {
                    "text": {"type": "string"},
                    "bibtex": {"type": "string"},
                    "csl_json": {"type": "array", "items": {"type": "object"}},
                },
            },
            "history": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "description": "First published, last changed (git at index time, else the file)",
                        "properties": {
                            "first_published": {"type": "string", "format": "date"},
                            "last_changed": {"type": "string", "format": "date"},
                            "url": NULLABLE_STRING,
                            "from_git": {"type": "boolean"},
                        },
                    },
                ]
            },
        },
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}


@cache
def openapi_document() -> dict[str, Any]:
    hit = {
        "allOf": [
            {"$ref": "#/components/schemas/Practice"},
            {
                "type": "object",
                "required": ["score", "snippet", "url", "matched"],
                "properties": {
                    "score": {"type": "number"},
                    "snippet": {"type": "string"},
                    "matched": {
                        "description": "Why it matched: its words, the query's concepts, its meaning",
                        "type": "array",
                        "items": {"type": "string", "enum": ["words", "concepts", "meaning"]},
                    },
                },
            },
        ]
    }
    facet_value = {
        "type": "object",
        "required": ["value", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "count": {
                "type": "integer",
                "minimum": 0,
                "description": "Results with this value, given the other facets' filters (disjunctive)",
            },
            "selected": {"type": "boolean"},
        },
    }
    results = {
        "type": "object",
        "required": ["total", "match", "page", "page_size", "pages", "hits", "facets", "licence"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "match": {
                "type": "string",
                "enum": ["all", "most"],
                "description": "all: every result has every word; most: fewer than 10 practices had "
                "them all, so these have most of them (those with every word first)",
            },
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "pages": {"type": "integer"},
            "hits": {"type": "array", "items": hit},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": facet_value}},
            "suggestion": NULLABLE_STRING,
            "expansions": {
                "type": "array",
                "description": "words of q that named a concept of the thesaurus, and the labels "
                "searched with them in every language (none with expand=0)",
                "items": {
                    "type": "object",
                    "required": ["text", "concept", "labels", "objectives"],
                    "properties": {
                        "text": {"type": "string"},
                        "concept": {"type": "string"},
                        "labels": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                        "objectives": {"type": "array", "items": {"type": "integer"}},
                    },
                },
            },
            "licence": {"$ref": "#/components/schemas/Licence"},
        },
    }
    full = {
        "allOf": [
            {"$ref": "#/components/schemas/Practice"},
            {
                "type": "object",
                "required": ["body_markdown", "body_html", "licence"],
                "properties": {
                    "body_markdown": {"type": "string"},
                    "body_html": {"type": "string"},
                    "licence": {"$ref": "#/components/schemas/Licence"},
                },
            },
        ]
    }
    errors = {
        "400": _json(ERROR, "A parameter is not valid"),
        "503": _json(ERROR, "The index is not available"),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "GCM Practice Hub API",
            "version": "1.0.0",
            "description": "Promising practices for the Global Compact for Safe, Orderly and Regular "
            "Migration, as open data (CC BY 4.0).",
            "license": {"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": {
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search practices",
                    "parameters": search_parameters(),
                    "responses": {"200": _json(results, "A page of results with facet counts"), **errors},
                }
            },
            "/api/v1/practices/{id}": {
                "get": {
                    "operationId": "practice",
                    "summary": "One practice",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                        }
                    ],
                    "responses": {
                        "200": _json(full, "The practice"),
                        "404": _json(ERROR, "No such practice"),
                        "503": errors["503"],
                    },
                }
            },
            **review_paths(search_parameters(), errors, _json),
            "/api/v1/vocabularies": {
                "get": {
                    "operationId": "vocabularies",
                    "summary": "Controlled vocabularies",
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "required": ["objectives", "principles", "regions", "countries", "types"],
                            },
                            "Every vocabulary with labels in EN, FR and ES",
                        )
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Practice": practice_schema(),
                "Licence": {
                    "type": "object",
                    "required": ["id", "url"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "url": {"type": "string"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "message": {"type": "string"},
                                "parameter": {"type": "string"},
                            },
                        }
                    },
                },
            }
        },
    }
