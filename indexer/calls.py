"""Calls for practices (``indexer/vocabularies/calls.yaml``): read, validated, and open ones.

A call asks for practices on some GCM objectives, optionally from some regions (UN M49
region or sub-region codes), from ``opens`` to ``deadline``. ``hub check`` reports every
problem of the file at once, each with its line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from indexer import vocabulary
from indexer.messages import Message
from indexer.model import ID_PATTERN
from indexer.source import Problem
from indexer.vocabulary import DATA, UI_LANGUAGES

CALLS = DATA / "calls.yaml"
FIELDS = ("id", "title", "text", "objectives", "regions", "opens", "deadline")


@dataclass(frozen=True)
class Call:
    id: str
    title: dict[str, str]
    text: dict[str, str]
    objectives: tuple[int, ...]
    regions: tuple[str, ...]
    opens: dt.date
    deadline: dt.date

    def is_open(self, today: dt.date) -> bool:
        return self.opens <= today <= self.deadline


def _lines(text: str) -> list[dict[str, int]]:
    """For each call, the line of each of its keys (1-based), from the YAML node tree."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    result: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return result
    for key, value in root.value:
        if key.value == "calls" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                lines = {"": item.start_mark.line + 1}
                if isinstance(item, yaml.MappingNode):
                    lines.update({k.value: k.start_mark.line + 1 for k, _ in item.value})
                result.append(lines)
    return result


def read_calls(path: Path = CALLS, display: str | None = None) -> tuple[list[Call], list[Problem]]:
    """The valid calls of a file and every problem found in it."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        lines = _lines(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [Problem(shown, 1, "file", Message("calls_unreadable", reason=str(error).splitlines()[0]))]
    if not isinstance(data, dict) or not isinstance(data.get("calls"), list):
        return [], [Problem(shown, 1, "calls", Message("calls_not_list"))]
    calls, problems, seen = [], [], set()
    for index, item in enumerate(data["calls"]):
        where = lines[index] if index < len(lines) else {"": 1}
        found = _check(item, where, shown, seen)
        problems += found[1]
        if found[0]:
            calls.append(found[0])
    return calls, problems


def _check(item: Any, where: dict[str, int], shown: str, seen: set[str]) -> tuple[Call | None, list[Problem]]:
    problems: list[Problem] = []

    def report(key: str, message: Message) -> None:
        problems.append(Problem(shown, where.get(key, where[""]), key, message))

    if not isinstance(item, dict):
        report("calls", Message("calls_item_not_mapping"))
        return None, problems
    for key in FIELDS:
        if key not in item:
            report(key, Message("calls_missing_field", field=key))
    for key in item:
        if key not in FIELDS:
            report(str(key), Message("calls_unknown_field", field=str(key)))
    call_id = str(item.get("id", ""))
    if "id" in item and not ID_PATTERN.fullmatch(call_id):
        report("id", Message("calls_bad_id", value=call_id))
    elif call_id in seen:
        report("id", Message("calls_repeated_id", value=call_id))
    seen.add(call_id)
    for key in ("title", "text"):
        value = item.get(key)
        if key in item and not (
            isinstance(value, dict)
            and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in UI_LANGUAGES)
        ):
            report(key, Message("calls_needs_languages", field=key, languages=", ".join(UI_LANGUAGES)))
    objectives = item.get("objectives")
    if "objectives" in item and not (
        isinstance(objectives, list)
        and objectives
        and all(isinstance(n, int) and 1 <= n <= 23 for n in objectives)
    ):
        report("objectives", Message("calls_bad_objectives", value=objectives))
    regions = item.get("regions")
    known = set(vocabulary.regions().codes) | set(vocabulary.subregions().codes)
    if "regions" in item and not (isinstance(regions, list) and all(str(r) in known for r in regions)):
        report("regions", Message("calls_bad_regions", value=regions))
    for key in ("opens", "deadline"):
        if key in item and not isinstance(item[key], dt.date):
            report(key, Message("calls_bad_date", field=key, value=item[key]))
    opens, deadline = item.get("opens"), item.get("deadline")
    if isinstance(opens, dt.date) and isinstance(deadline, dt.date) and deadline < opens:
        report("deadline", Message("calls_deadline_before_opening", deadline=deadline, opens=opens))
    if problems:
        return None, problems
    return (
        Call(
            call_id,
            item["title"],
            item["text"],
            tuple(objectives),
            tuple(str(r) for r in regions),
            opens,
            deadline,
        ),
        problems,
    )


@cache
def calls() -> tuple[Call, ...]:
    """The valid calls of the hub's calls file."""
    return tuple(read_calls()[0])


def open_calls(today: dt.date | None = None) -> list[Call]:
    """The calls open today, the nearest deadline first."""
    day = today or dt.date.today()
    return sorted((c for c in calls() if c.is_open(day)), key=lambda c: (c.deadline, c.id))


def get(call_id: str) -> Call | None:
    return next((c for c in calls() if c.id == call_id), None)
