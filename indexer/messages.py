"""The validator's messages in every interface language, from one catalogue.

``indexer/messages.yaml`` holds every message a submitter can see from ``hub check``,
the web form and the preview: an id, then the text in each language (``en``, ``fr``,
``es``), with ``{named}`` parameters in ``str.format`` syntax (``{value!r}`` quotes a
value, ``{size:,}`` groups digits). An optional ``form:`` block gives the words for the
web form when the file's words would be jargon there (YAML keys, ``true``); it may leave
out a parameter, never add one::

    end_or_ongoing:
      en: "give end_year, or 'ongoing: true' when the practice runs on"
      fr: "..."
      es: "..."
      form: {en: "give the end year, or tick 'Ongoing'", fr: "...", es: "..."}

To report a new problem: add the entry to the catalogue in all three languages, then
``checker.report(field, Message("the-id", value=...))`` (or
``Problem(path, line, field, Message(...))``). A ``Message`` *is* its English text (a
``str``), so everything that prints or compares messages keeps working; its ``render``
gives it in another language. tests/test_messages.py fails when an id is missing,
a language is missing, the parameters differ between languages, or a problem in
``indexer/`` is reported with a plain string instead of a ``Message``.

A parameter is shown as given, except:
- a ``Message`` (e.g. ``Message("noun_scopes")``) is rendered in the same language;
- a mapping of labels by language (a field's ``help``, a country's ``label``) gives the
  label of that language (English when it has none).
This module imports nothing from ``hub`` or Flask: the ``hub`` passes the language in.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).parent / "messages.yaml"
DEFAULT = "en"


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Every message by id: ``{lang: text}``, and optionally ``form: {lang: text}``."""
    with CATALOGUE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["messages"]


class Message(str):
    """A catalogue message with its parameters; as a ``str``, its English text."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Message:
        text = _format(code, params, DEFAULT, form=False)
        message = super().__new__(cls, text)
        message.code, message.params = code, params
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.params))

    def render(self, lang: str = DEFAULT, *, form: bool = False) -> str:
        """The message in ``lang``; ``form=True`` prefers the web form's wording."""
        return _format(self.code, self.params, lang, form=form)

    def shortened(self, limit: int) -> str:
        """This message within about ``limit`` characters: long quoted values are cut."""
        if len(self) <= limit:
            return self
        cut = max(limit // 4, 20)
        params = {
            name: value[: cut - 1] + "…" if isinstance(value, str) and len(value) > cut else value
            for name, value in self.params.items()
        }
        shorter = Message(self.code, **params)
        return shorter if len(shorter) <= limit else str(shorter)[: limit - 1] + "…"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: _encode(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        return cls(data["code"], **{k: _decode(v) for k, v in data["params"].items()})


def _rebuild(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)


def render(message: str, lang: str = DEFAULT, *, form: bool = False) -> str:
    """Any message in ``lang``: a ``Message`` is translated, a plain string stays as it is."""
    return message.render(lang, form=form) if isinstance(message, Message) else str(message)


def placeholders(text: str) -> set[str]:
    """The parameter names a catalogue text uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _format(code: str, params: dict[str, Any], lang: str, *, form: bool) -> str:
    entry = catalogue()[code]
    texts = entry.get("form", entry) if form else entry
    template = texts.get(lang) or entry.get(lang) or entry[DEFAULT]
    return template.format(**{name: _value(value, lang, form) for name, value in params.items()})


def _value(value: Any, lang: str, form: bool) -> Any:
    if isinstance(value, Message):
        return value.render(lang, form=form)
    if isinstance(value, Mapping) and DEFAULT in value:
        return value.get(lang) or value[DEFAULT]
    return value


def _encode(value: Any) -> Any:
    return {"$message": value.to_json()} if isinstance(value, Message) else value


def _decode(value: Any) -> Any:
    if isinstance(value, Mapping) and "$message" in value:
        return Message.from_json(value["$message"])
    return value
