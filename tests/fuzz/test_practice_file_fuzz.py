"""Any bytes given as a practice file are a Practice or a list of located problems, never an exception."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from indexer.collection import check_bytes
from indexer.model import Practice
from tests.conftest import DATA

VALID = [path.read_bytes() for path in sorted(DATA.glob("*.md"))]
# Bytes that YAML, Markdown and UTF-8 decoders treat specially.
SPECIAL = st.sampled_from(
    [
        b"---\n",
        b"...\n",
        b": ",
        b"- ",
        b"&a ",
        b"*a",
        b"!!python/object:os.system ",
        b"!!binary ",
        b"{",
        b"[",
        b"'",
        b'"',
        b"\t",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\x00",
        b"<script>",
        b"]]>",
        b"\\u0000",
        b"2026-02-30",
        b"1e999",
        b"~",
        b"? ",
        b"|\n",
        b">-\n",
        b"#",
        b"%YAML 1.1\n",
        b"[[[[[[[[[[[[[[[[[[[[[[[[",
        b"\n",
        # Issue 13: numbers Python cannot print, YAML escapes of what is not text, terminal
        # escapes, invisible and bidi format characters, a trailing newline after an id.
        b"0x" + b"f" * 4400,
        b"start_year: 0x" + b"f" * 4400 + b"\n",
        b'"\\ud800"',
        b'title: "\\udfff"\n',
        b'"\\uFFFE"',
        b'"\\U0010FFFF"',
        b'"\\x1b]0;pwned\\x07"',
        b"\x1b[2J",
        "\u202e".encode(),
        "\u200b".encode(),
        "\u2066".encode(),
        b'translation_of: "abc\\n"\n',
        b"[" * 2000,
    ]
)


def check(raw: bytes) -> None:
    practice, problems = check_bytes("fuzzed.md", raw, "fuzzed")
    assert practice is not None or problems
    assert practice is None or isinstance(practice, Practice)
    for problem in problems:
        assert problem.path == "fuzzed.md" and problem.line >= 1 and problem.message
        assert problem.severity in ("error", "warning")
        str(problem)


@given(st.binary(max_size=4096))
@example(b"")
@example(b"---\n---\n")
@example(b"---\n" + b"[" * 10_000 + b"\n---\n")
@example(b"---\na: &x [1]\nb: *x\n---\n")
@example(b"---\nstart_year: 0x" + b"f" * 4400 + b"\n---\n")
@example(b'---\ntitle: "\\ud800"\n---\n')
@example(b"---\n!!python/object/apply:os.system ['true']\n---\n")
def test_any_bytes_are_a_practice_or_problems(raw):
    check(raw)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid practice file with a few bytes replaced, inserted, deleted or lines swapped."""
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        if action == "insert":
            data[at:at] = draw(st.one_of(SPECIAL, st.binary(min_size=1, max_size=8)))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@given(mutated())
def test_mutated_practice_files_are_a_practice_or_problems(raw):
    check(raw)
