"""Read a practice file safely: its bytes, its front matter with line numbers, its body.

python-frontmatter splits and writes practice files elsewhere in the hub; here the split
is done line by line because a submitter needs the line of every field, which neither
python-frontmatter nor ``yaml.safe_load`` keep.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from indexer.messages import Message, render

MAX_BYTES = 1024 * 1024
DELIMITER = "---"
MAX_FRONT_MATTER = 64 * 1024  # characters; a real one is under 5,000, YAML reads ~70 KB a second
MAX_MESSAGE = 400  # characters of a problem's message; values quoted in it are cut
# No field holds a number this large; Python cannot even print one of 4,300 digits.
MAX_NUMBER = 10**18
# Lone surrogates (YAML's "\ud800" escape), Unicode non-characters and control characters
# other than tab and line breaks (YAML's "\x1b" escape reaches a reviewer's terminal): no
# front-matter text may hold them.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located by path, line and field."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        # A quoted value can be a megabyte long.
        if isinstance(self.message, str) and len(self.message) > MAX_MESSAGE:
            message = self.message
            short = message.shortened(MAX_MESSAGE) if isinstance(message, Message) else None
            object.__setattr__(self, "message", short or message[: MAX_MESSAGE - 1] + "…")

    def __str__(self) -> str:
        return self.render()

    def text(self, lang: str = "en", *, form: bool = False) -> str:
        """The message alone in ``lang`` (see indexer/messages.py); ``form``: the web form's words."""
        return render(self.message, lang, form=form)

    def render(self, lang: str = "en") -> str:
        """``path:line: field: message``, the message in ``lang``."""
        prefix = "" if self.severity == "error" else render(Message("warning_prefix"), lang)
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.text(lang)}"


@dataclass
class Source:
    """A parsed file: front-matter values with the line of each key and list item."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    item_lines: dict[str, list[int]]
    body: str
    body_line: int
    end_line: int
    problems: list[Problem] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # fields whose value could not be kept
    # For a mapping value, or a list of mappings: the line of each of their keys.
    part_lines: dict[str, list[dict[str, int]]] = field(default_factory=dict)

    def line(self, key: str, index: int | None = None, part: str | None = None) -> int:
        """The line of ``key``, of its ``index``-th item or of that item's ``part``; else line 1."""
        if part is not None:
            parts = self.part_lines.get(key, [])
            found = parts[index or 0].get(part) if (index or 0) < len(parts) else None
            if found:
                return found
        if index is not None and index < len(self.item_lines.get(key, [])):
            return self.item_lines[key][index]
        return self.lines.get(key, 1)


class SourceError(Exception):
    """The file cannot be read as a practice at all."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


class InvalidDate(str):
    """A scalar that YAML takes for a timestamp but that is no real date."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no 'billion laughs') and keeps bad dates as text."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in a practice", problem_mark=mark
            )
        return super().compose_node(parent, index)


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)
    if isinstance(value, dt.datetime):
        return InvalidDate(node.value)
    return value


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def decode(raw: bytes) -> str:
    """The file's text, or a SourceError for an empty, oversized or non-UTF-8 file."""
    if len(raw) > MAX_BYTES:
        raise SourceError(1, "file", Message("file_too_large", size=len(raw)))
    if not raw.strip():
        raise SourceError(1, "file", Message("file_empty"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(line, "file", Message("not_utf8", byte=error.start)) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(line, "file", Message("nul_character"))
    return text


def split(text: str) -> tuple[list[str], list[str], int]:
    """(front-matter lines, body lines, line number of the closing delimiter)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != DELIMITER:
        raise SourceError(1, "front matter", Message("no_front_matter"))
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in (DELIMITER, "..."):
            return lines[1 : number - 1], lines[number:], number
    raise SourceError(1, "front matter", Message("front_matter_unclosed"))


def parse(path: str, raw: bytes) -> Source:
    """Parse a practice file's bytes; raises SourceError when it is not a practice at all."""
    front, body, closing = split(decode(raw))
    size = sum(len(line) + 1 for line in front)
    if size > MAX_FRONT_MATTER:
        raise SourceError(
            2, "front matter", Message("front_matter_too_long", size=size, limit=MAX_FRONT_MATTER)
        )
    loader = None
    try:
        # The reader refuses characters YAML does not allow as soon as it is built.
        loader = _StrictLoader("\n".join(front))
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line = "\n".join(front)[: error.position].count("\n") + 2
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise SourceError(line, "front matter", Message("yaml_character", code=code)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        reason = error.problem or "invalid YAML"
        raise SourceError(line, "front matter", Message("invalid_yaml", reason=reason)) from None
    except yaml.YAMLError as error:
        raise SourceError(1, "front matter", Message("invalid_yaml", reason=str(error))) from None
    except RecursionError:
        raise SourceError(1, "front matter", Message("yaml_too_deep")) from None
    finally:
        if loader is not None:
            loader.dispose()
    source = Source(path, {}, {}, {}, "\n".join(body), closing + 1, closing)
    if node is None:
        raise SourceError(1, "front matter", Message("front_matter_empty"))
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(node.start_mark.line + 2, "front matter", Message("front_matter_not_mapping"))
    _read_mapping(loader, node, source)
    return source


def _read_mapping(loader: _StrictLoader, node: yaml.MappingNode, source: Source) -> None:
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        try:
            key = loader.construct_object(key_node, deep=True)
            value = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, TypeError, ValueError, RecursionError) as error:
            source.problems.append(
                Problem(source.path, line, "front matter", Message("invalid_yaml", reason=str(error)))
            )
            continue
        unreadable = not_text(key) or not_text(value)
        if unreadable:
            name = key if isinstance(key, str) and not not_text(key) else "front matter"
            if isinstance(value, list) and isinstance(value_node, yaml.SequenceNode) and not not_text(key):
                bad = next(i for i, item in enumerate(value) if not_text(item))
                line = value_node.value[bad].start_mark.line + 2
            source.problems.append(Problem(source.path, line, name, unreadable))
            source.refused.add(name)
            continue
        if not isinstance(key, str):
            source.problems.append(Problem(source.path, line, str(key), Message("key_not_text")))
            continue
        if key in source.data:
            source.problems.append(
                Problem(source.path, line, key, Message("key_twice", line=source.lines[key]))
            )
            continue
        source.data[key] = value
        source.lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            source.item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
            source.part_lines[key] = [_key_lines(item) for item in value_node.value]
        elif isinstance(value_node, yaml.MappingNode):
            source.part_lines[key] = [_key_lines(value_node)]


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def not_text(value: Any) -> Message | None:
    """Why a constructed YAML value cannot be kept (a huge number, a non-character), or None.

    Checked before anything formats the value: ``str()`` of an integer of more than 4,300
    digits raises, and a lone surrogate cannot be written as UTF-8.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, int) and not -MAX_NUMBER < item < MAX_NUMBER:
            return Message("number_too_large", digits=item.bit_length() * 3 // 10)
        if isinstance(item, str):
            found = NOT_TEXT.search(item)
            if found:
                return Message(_kind(found.group()), code=ord(found.group()))
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set):
            pending.extend(item)
    return None


def _kind(character: str) -> str:
    """The catalogue id of the message about a character that is not text."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return "not_text_surrogate"
    return "not_text_control" if code < 0xA0 else "not_text_noncharacter"
