"""The practice model: its fields (from ``vocabularies/fields.yaml``) and the Practice record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import yaml

from indexer.vocabulary import DATA

# \A and \Z, not ^ and $: "$" also matches before a final newline, and "abc\n" is no id.
# Use ID_PATTERN.fullmatch all the same.
ID_PATTERN = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DERIVED = ("id", "regions", "subregions")
DATES = ("submitted", "updated", "last_reviewed")


@dataclass(frozen=True)
class Field:
    """One front-matter field: how it is checked and how it is labelled.

    A ``record`` is a mapping and ``records`` a list of mappings; ``parts`` are their keys,
    each a Field of a scalar kind. ``form`` is False for a field the hub sets (never typed
    into the web form); ``default`` is what the form proposes.
    """

    name: str
    kind: str
    required: bool
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    vocabulary: str | None = None
    parts: tuple[Field, ...] = ()
    form: bool = True
    default: str | None = None

    @property
    def is_list(self) -> bool:
        return self.kind in {"countries", "objectives", "choices", "texts", "urls", "sdg_targets", "records"}


def _field(item: dict[str, Any]) -> Field:
    parts = tuple(_field(part) for part in item.get("parts", ()))
    return Field(**{**item, "parts": parts})


@cache
def fields() -> dict[str, Field]:
    """Every front-matter field, by name, in the order a practice file lists them."""
    with (DATA / "fields.yaml").open(encoding="utf-8") as handle:
        items = yaml.safe_load(handle)["fields"]
    return {item["name"]: _field(item) for item in items}


@dataclass
class Practice:
    """A valid practice, with its derived fields."""

    id: str
    title: str
    summary: str
    countries: list[str]
    scope: str
    objectives: list[int]
    principles: list[str]
    type: str
    start_year: int
    language: str
    implemented_by: str
    submitted_by: str
    provenance: str
    submitted: dt.date
    implementer_kind: str | None = None
    end_year: int | None = None
    ongoing: bool = False
    secondary_objectives: list[int] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    contact: str | None = None
    tags: list[str] = field(default_factory=list)
    translation_of: str | None = None
    updated: dt.date | None = None
    review: dict[str, Any] | None = None
    last_reviewed: dt.date | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    evaluation: dict[str, str] | None = None
    budget: str | None = None
    funding: str | None = None
    body: str = ""
    regions: list[str] = field(default_factory=list)
    subregions: list[str] = field(default_factory=list)
    # From git at index time (indexer.history): first_published, last_changed, url.
    history: dict[str, str | None] | None = None
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line(self, key: str) -> int:
        """The line of a front-matter field in the practice's file (1 when unknown)."""
        return self.lines.get(key, 1)

    def to_dict(self) -> dict[str, Any]:
        """Every public field as JSON-ready values (dates as ISO strings)."""
        data = asdict(self)
        data.pop("path")
        data.pop("lines")
        for key in DATES:
            if data[key] is not None:
                data[key] = data[key].isoformat()
        if data["review"] is not None:
            data["review"] = {**data["review"], "date": data["review"]["date"].isoformat()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Practice:
        """The practice that ``to_dict`` (plus ``path`` and ``lines``) describes."""
        values = dict(data)
        for key in DATES:
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        if values.get("review"):
            values["review"] = {**values["review"], "date": dt.date.fromisoformat(values["review"]["date"])}
        return cls(**values)

    @property
    def all_objectives(self) -> list[int]:
        """Primary then secondary objectives, without repeats."""
        return list(dict.fromkeys(self.objectives + self.secondary_objectives))
