"""The OpenAPI description of the review endpoints: coverage and country profiles."""

from __future__ import annotations

import copy
from typing import Any

from hub.coverage import DIMENSIONS
from hub.params import MAX_SELECTED

COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
COVERAGE = {
    "type": "object",
    "required": ["by", "total", "columns", "objectives", "countries", "gaps", "licence"],
    "properties": {
        "by": {"type": "string", "enum": list(DIMENSIONS)},
        "total": {"type": "integer", "minimum": 0},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "total"],
                "properties": {"code": {"type": "string"}, "total": {"type": "integer", "minimum": 0}},
            },
        },
        "objectives": {
            "type": "array",
            "minItems": 23,
            "maxItems": 23,
            "items": {
                "type": "object",
                "required": ["objective", "total", "counts"],
                "properties": {
                    "objective": {"type": "integer", "minimum": 1, "maximum": 23},
                    "total": {"type": "integer", "minimum": 0},
                    "counts": COUNTS,
                },
            },
        },
        "countries": COUNTS,
        "gaps": {"type": "object", "required": ["empty_cells", "objectives_with_fewer_than_three"]},
    },
}
PROFILE = {
    "type": "object",
    "required": ["country", "total", "commissions", "objectives", "principles", "types", "years", "shared"],
    "properties": {
        "country": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "total": {"type": "integer", "minimum": 0},
        "region": {"type": "string", "nullable": True},
        "subregion": {"type": "string", "nullable": True},
        "commissions": {"type": "array", "items": {"type": "string"}},
        "champion": {"type": "object", "nullable": True},
        "objectives": COUNTS,
        "principles": COUNTS,
        "types": COUNTS,
        "years": COUNTS,
        "shared": {"type": "array", "items": {"type": "object", "required": ["id", "countries"]}},
    },
}


def review_paths(
    search_parameters: list[dict[str, Any]], errors: dict[str, Any], json: Any
) -> dict[str, Any]:
    """The paths of /api/v1/coverage and /api/v1/countries/{code}."""
    kept = [
        copy.deepcopy(p)
        for p in search_parameters
        if p["name"] not in ("page", "page_size", "sort", "expand")
    ]
    for parameter in kept:
        if parameter["schema"].get("type") == "array":
            parameter["schema"]["maxItems"] = MAX_SELECTED  # more values of one facet are refused
    coverage_parameters = [
        *kept,
        {
            "name": "by",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(DIMENSIONS)},
        },
        {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["json", "csv"]},
        },
    ]
    coverage_ok = json(COVERAGE, "Practices per objective and column, with the gaps")
    coverage_ok["content"]["text/csv"] = {"schema": {"type": "string"}}
    return {
        "/api/v1/coverage": {
            "get": {
                "operationId": "coverage",
                "summary": "Coverage: practices per objective and region, sub-region or regional commission",
                "parameters": coverage_parameters,
                "responses": {"200": coverage_ok, **errors},
            }
        },
        "/api/v1/countries/{code}": {
            "get": {
                "operationId": "country",
                "summary": "A country's profile as numbers",
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                    }
                ],
                "responses": {
                    "200": json(PROFILE, "The profile"),
                    "404": errors.get("404") or json({"type": "object"}, "No such country"),
                    "503": errors["503"],
                },
            }
        },
    }
