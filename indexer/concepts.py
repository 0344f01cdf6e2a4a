"""The concept thesaurus, ``indexer/vocabularies/concepts.yaml``: read once, checked by ``hub check``.

Each concept has a preferred label and alternative labels in English, French and Spanish
(in the manner of SKOS ``prefLabel``/``altLabel``) and the GCM objectives it belongs to.
Query expansion reads it through :func:`concepts`; ``hub check`` reports its problems
through :func:`check_concepts`, one ``path:line: concepts[i].field: message`` each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from indexer.messages import Message
from indexer.source import MAX_BYTES, Problem
from indexer.validate import fold
from indexer.vocabulary import DATA, UI_LANGUAGES

THESAURUS = DATA / "concepts.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = ("id", "objectives", "ambiguous", "labels")
LABEL_KEYS = ("pref", "alt")
LANGUAGE_NAMES = {  # inside messages, in the language of the message
    "en": {"en": "English", "fr": "anglais", "es": "inglés"},
    "fr": {"en": "French", "fr": "français", "es": "francés"},
    "es": {"en": "Spanish", "fr": "espagnol", "es": "español"},
}
OBJECTIVES = range(1, 24)


@dataclass(frozen=True)
class Labels:
    """A concept's labels in one language: the preferred one first, then the alternatives."""

    pref: str
    alt: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return (self.pref, *self.alt)


@dataclass(frozen=True, eq=False)
class Concept:
    """One concept of the thesaurus; ``labels`` maps "en", "fr" and "es" to its Labels."""

    id: str
    objectives: tuple[int, ...]
    labels: dict[str, Labels]
    ambiguous: bool = False
    line: int = 0

    def pref(self, lang: str) -> str:
        """The preferred label in ``lang``, falling back to English."""
        return (self.labels.get(lang) or self.labels["en"]).pref

    def all_labels(self) -> list[tuple[str, str]]:
        """Every (language, label) pair, preferred labels first within each language."""
        return [(lang, label) for lang in UI_LANGUAGES for label in self.labels[lang].all]


class ConceptsError(Exception):
    """The shipped thesaurus has errors; ``hub check`` lists them all."""


def fold_label(text: str) -> str:
    """A label as it is compared: case, accents and ligatures (œ, æ) folded, punctuation made one space."""
    folded = fold(text).replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


@cache
def concepts() -> tuple[Concept, ...]:
    """The shipped thesaurus, read once; raises ConceptsError when it has an error."""
    found, problems = read_concepts(THESAURUS)
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    if errors:
        raise ConceptsError(f"{len(errors)} error(s) in the thesaurus, first: {errors[0]}")
    return tuple(found)


@cache
def concepts_by_label() -> dict[str, tuple[Concept, ...]]:
    """Each folded label of the shipped thesaurus (see fold_label) and the concepts it names.

    A label names one concept, or several only when they are all marked ambiguous.
    """
    found: dict[str, list[Concept]] = {}
    for concept in concepts():
        for _, label in concept.all_labels():
            owners = found.setdefault(fold_label(label), [])
            if concept not in owners:
                owners.append(concept)
    return {label: tuple(owners) for label, owners in found.items()}


def check_concepts(path: Path, display: str | None = None) -> list[Problem]:
    """Every problem of a thesaurus file, errors and warnings alike."""
    return read_concepts(path, display)[1]


def read_concepts(path: Path, display: str | None = None) -> tuple[list[Concept], list[Problem]]:
    """The valid concepts of a thesaurus file, and every problem found in it."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [], [Problem(shown, 1, "file", Message("unreadable", reason=error.strerror))]
    reader = _Reader(shown)
    return reader.read(raw), sorted(reader.problems, key=lambda p: (p.line, p.field))


class _Mapping(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 1
    key_lines: dict[Any, int]


class _Sequence(list):
    """A YAML sequence that remembers its line and the line of each item."""

    line: int = 1
    item_lines: list[int]


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the file ten times faster


class _Loader(_BASE):
    """A safe loader whose mappings and sequences keep their lines, and that records keys given twice."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[tuple[int, Any, int]] = []


def _refuse_aliases(text: str) -> None:
    """Raise a located error at the first alias (*name): a thesaurus has no use for them."""
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed", problem_mark=event.start_mark
            )


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    result = _Mapping()
    result.line, result.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | bool | float | None):
            raise yaml.MarkedYAMLError(problem="a key must be plain text", problem_mark=key_node.start_mark)
        if key in result:
            loader.repeated.append((line, key, result.key_lines[key]))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> _Sequence:
    result = _Sequence(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def _line(container: Any, key: Any, default: int) -> int:
    if isinstance(container, _Mapping):
        return container.key_lines.get(key, container.line)
    if isinstance(container, _Sequence) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return getattr(container, "line", default)


@dataclass
class _Reader:
    """Reads a thesaurus file, collecting every problem before giving up on anything."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    seen_ids: dict[str, int] = field(default_factory=dict)
    seen_labels: dict[str, tuple[int, str, bool, int]] = field(default_factory=dict)

    def problem(self, line: int, where: str, message: Message, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, line, where, message, severity))

    def read(self, raw: bytes) -> list[Concept]:
        items = self.top(raw)
        found = []
        for index, item in enumerate(items):
            concept = self.concept(index, item, _line(items, index, 1))
            if concept is not None:
                found.append(concept)
        return found

    def top(self, raw: bytes) -> list[Any]:
        data = self.load(raw)
        if data is None:
            return []
        if not isinstance(data, dict) or "concepts" not in data:
            self.problem(getattr(data, "line", 1), "concepts", Message("concepts_not_mapping"))
            return []
        for key in data:
            if key != "concepts":
                self.problem(_line(data, key, 1), str(key), Message("concepts_unknown_top_key"))
        if not isinstance(data["concepts"], list) or not data["concepts"]:
            self.problem(_line(data, "concepts", 1), "concepts", Message("concepts_empty_list"))
            return []
        return data["concepts"]

    def load(self, raw: bytes) -> Any:
        if len(raw) > 4 * MAX_BYTES:
            self.problem(1, "file", Message("concepts_file_too_large", size=len(raw)))
            return None
        loader = None
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
            _refuse_aliases(text)
            loader = _Loader(text)
            data = loader.get_single_data()
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problem(line, "file", Message("not_utf8", byte=error.start))
            return None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.problem(
                mark.line + 1 if mark else 1, "file", Message("invalid_yaml", reason=error.problem or error)
            )
            return None
        except (yaml.YAMLError, RecursionError) as error:
            self.problem(1, "file", Message("invalid_yaml", reason=str(error)))
            return None
        finally:
            if loader is not None:
                loader.dispose()
        for line, key, first in loader.repeated:
            self.problem(line, str(key), Message("key_twice", line=first))
        if data is None:
            self.problem(1, "file", Message("concepts_file_empty"))
        return data

    def concept(self, index: int, item: Any, line: int) -> Concept | None:
        where = f"concepts[{index}]"
        if not isinstance(item, dict):
            self.problem(line, where, Message("concepts_item_not_mapping"))
            return None
        before = len(self.problems)
        for key in item:
            if key not in KEYS:
                self.problem(_line(item, key, line), f"{where}.{key}", Message("concepts_unknown_key"))
        concept_id = self.concept_id(where, item, line)
        objectives = self.objectives(where, item, line)
        ambiguous = item.get("ambiguous", False)
        if not isinstance(ambiguous, bool):
            self.problem(
                _line(item, "ambiguous", line), f"{where}.ambiguous", Message("not_a_flag", value=ambiguous)
            )
            ambiguous = False
        labels = self.labels(where, item, line, (index, concept_id or where, ambiguous))
        if len(self.problems) > before and any(p.severity == "error" for p in self.problems[before:]):
            return None
        return Concept(concept_id or "", objectives, labels, ambiguous, line)

    def concept_id(self, where: str, item: dict, line: int) -> str | None:
        value, at = item.get("id"), _line(item, "id", line)
        if not isinstance(value, str) or not SLUG.match(value):
            message = (
                Message("required_plain") if value is None else Message("concepts_not_slug", value=value)
            )
            self.problem(at, f"{where}.id", message)
            return None
        if value in self.seen_ids:
            self.problem(
                at, f"{where}.id", Message("concepts_id_twice", value=value, line=self.seen_ids[value])
            )
            return None
        self.seen_ids[value] = at
        return value

    def objectives(self, where: str, item: dict, line: int) -> tuple[int, ...]:
        value = item.get("objectives", [])
        if not isinstance(value, list):
            self.problem(
                _line(item, "objectives", line), f"{where}.objectives", Message("concepts_objectives_list")
            )
            return ()
        found: list[int] = []
        for position, number in enumerate(value):
            at = _line(value, position, _line(item, "objectives", line))
            if isinstance(number, bool) or not isinstance(number, int):
                self.problem(at, f"{where}.objectives", Message("objective_not_number", value=number))
            elif number not in OBJECTIVES:
                self.problem(at, f"{where}.objectives", Message("not_objective", value=number))
            elif number in found:
                self.problem(at, f"{where}.objectives", Message("listed_twice", value=number))
            else:
                found.append(number)
        return tuple(found)

    def labels(self, where: str, item: dict, line: int, owner: tuple[int, str, bool]) -> dict[str, Labels]:
        value, at = item.get("labels"), _line(item, "labels", line)
        if not isinstance(value, dict):
            self.problem(at, f"{where}.labels", Message("concepts_labels_missing"))
            return {}
        for lang in value:
            if lang not in UI_LANGUAGES:
                self.problem(
                    _line(value, lang, at), f"{where}.labels.{lang}", Message("concepts_unknown_language")
                )
        found = {}
        for lang in UI_LANGUAGES:
            lang_line = _line(value, lang, at) if lang in value else at
            labels = self.language(f"{where}.labels.{lang}", lang, value.get(lang), lang_line)
            if labels is not None:
                found[lang] = labels
                self.unique(f"{where}.labels.{lang}", labels, lang_line, owner)
        return found

    def language(self, where: str, lang: str, value: Any, line: int) -> Labels | None:
        name = LANGUAGE_NAMES[lang]
        if value is None:
            self.problem(line, where, Message("concepts_language_missing", language=name))
            return None
        if not isinstance(value, dict):
            self.problem(line, where, Message("concepts_labels_not_mapping"))
            return None
        for key in value:
            if key not in LABEL_KEYS:
                self.problem(line, where, Message("concepts_unknown_label_key", key=key))
        pref, alt = value.get("pref"), value.get("alt", [])
        if not self.is_label(pref):
            self.problem(line, where, Message("concepts_pref_missing", language=name))
            return None
        if not isinstance(alt, list):
            self.problem(line, where, Message("concepts_alt_not_list"))
            return None
        bad = [label for label in alt if not self.is_label(label)]
        for label in bad:
            self.problem(line, where, Message("concepts_alt_bad", label=label))
        return Labels(pref.strip(), tuple(label.strip() for label in alt if label not in bad))

    @staticmethod
    def is_label(value: Any) -> bool:
        return isinstance(value, str) and any(ch.isalnum() for ch in value) and '"' not in value

    def unique(self, where: str, labels: Labels, line: int, owner: tuple[int, str, bool]) -> None:
        index, concept_id, ambiguous = owner
        here: dict[str, str] = {}
        for label in labels.all:
            key = fold_label(label)
            if key in here:
                self.problem(
                    line, where, Message("concepts_label_repeated", label=label, first=here[key]), "warning"
                )
                continue
            here[key] = label
            first = self.seen_labels.setdefault(key, (index, concept_id, ambiguous, line))
            if first[0] == index:
                continue
            if not (ambiguous and first[2]):
                self.problem(
                    line, where, Message("concepts_label_shared", label=label, other=first[1], line=first[3])
                )
