"""Hostile practice files (issue 13): any bytes give located problems, bounded, never a traceback.

Each test replays a reproduction from the adversarial test of a production instance.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from hub.cli import main
from indexer.collection import MAX_PROBLEMS, check_bytes, load
from indexer.source import MAX_MESSAGE
from tests.practice_text import practice_text

HUGE_HEX = "0x" + "f" * 4400  # int() reads it; str() of it raises "Exceeds the limit (4300 digits)"


def hostile(field_line: str, drop: tuple[str, ...] = ()) -> str:
    """A valid practice with one raw front-matter line added (after the fields it replaces are dropped)."""
    text = practice_text(drop=drop)
    return text.replace("---\n", f"---\n{field_line}\n", 1)


@pytest.mark.parametrize(
    ("line", "drop", "field"),
    [
        (f"start_year: {HUGE_HEX}", ("start_year",), "start_year"),
        (f"end_year: {HUGE_HEX}", (), "end_year"),
        (f"objectives: [5, {HUGE_HEX}]", ("objectives",), "objectives"),
        (f"? {HUGE_HEX}\n: 1", (), "front matter"),
    ],
)
def test_a_number_of_thousands_of_digits_is_a_located_error(write_practice, line, drop, field):
    path = write_practice(text=hostile(line, drop))
    practice, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert practice is None
    assert [(p.line, p.field) for p in problems if "too large" in p.message] == [(2, field)]
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: {field}: a number of about" in result.output


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('title: "\\ud800"', "U+D800"),
        ('title: "ok \\uDFFF ok"', "U+DFFF"),
        ('title: "\\uFFFE"', "U+FFFE"),
        ('title: "\\U0010FFFF"', "U+10FFFF"),
        ('title: "\\uFDD0"', "U+FDD0"),
    ],
)
def test_a_lone_surrogate_or_non_character_fails_check_strict_with_its_line(write_practice, line, code):
    path = write_practice(text=hostile(line, ("title",)))
    result = CliRunner().invoke(main, ["check", "--strict", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: title: holds {code}" in result.output
    assert "is required" not in result.output  # one error for the field, not two


def test_a_surrogate_in_a_list_item_names_the_items_line(write_practice):
    text = practice_text().replace("submitted:", 'tags:\n- fine\n- "\\ud800"\nsubmitted:')
    path = write_practice(text=text)
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    line = text.splitlines().index('- "\\ud800"') + 1
    assert [(p.line, p.field) for p in problems] == [(line, "tags")]


def test_hub_index_refuses_what_check_refuses_and_names_the_file(tmp_path, write_practice):
    path = write_practice(text=hostile('title: "\\ud800"', ("title",)))
    result = CliRunner().invoke(
        main, ["index", "--practices", str(path.parent), "--index", str(tmp_path / "index")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:2: title: holds U+D800" in result.output


def test_a_megabyte_of_unknown_keys_is_refused_fast_and_briefly():
    keys = "".join(f"k{i:06d}: 1\n" for i in range(110_000))
    raw = ("---\n" + keys)[: 1024 * 1024 - 100].rsplit("\n", 1)[0].encode() + b"\n---\nbody\n"
    started = time.perf_counter()
    practice, problems = check_bytes("x.md", raw, "x")
    assert time.perf_counter() - started < 2  # it took 20 s and answered 37 MB
    assert practice is None and len(problems) == 1
    assert problems[0].message.startswith("the front matter is 1,04")


def test_problems_per_file_are_capped_then_counted(write_practice):
    keys = "".join(f"unknown{i}: 1\n" for i in range(3000))
    path = write_practice(text=practice_text().replace("---\n", "---\n" + keys, 1))
    started = time.perf_counter()
    practice, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert time.perf_counter() - started < 2
    assert practice is None and len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message.startswith(f"and {3000 - MAX_PROBLEMS} more problem(s) (")
    assert sum(len(str(p)) for p in problems) < 20_000
    # The list of known fields is given once, not with every unknown key.
    assert sum("known fields:" in p.message for p in problems) == 1
    collection = load([path.parent])
    assert len(collection.problems) == MAX_PROBLEMS + 1


def test_a_quoted_value_cannot_make_a_message_long(write_practice):
    path = write_practice(start_year="x" * 100_000)
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert problems and all(len(p.message) <= MAX_MESSAGE for p in problems)


def test_the_preview_answers_a_huge_number_with_the_error(client):
    response = client.post(
        "/submit/preview", data={"text": hostile(f"start_year: {HUGE_HEX}", ("start_year",))}
    )
    assert response.status_code == 200
    assert b"too large for any field" in response.data
