"""Whatever `hub check --strict` accepts, `hub index` indexes (issue 13).

A file that passed the check and then crashed the build (a lone surrogate in a title
crashed Whoosh with a UnicodeEncodeError that named no file) blocked every later
publish. Here practice files are generated with hostile values in every kind of field,
written as YAML double-quoted strings (so escapes such as "\\ud800" reach the loader);
each one the strict check accepts is built into a fresh index and read back.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from indexer.collection import load
from indexer.search.whoosh_engine import WhooshBackend
from tests.practice_text import BODY, practice_text

# Any code point, surrogates and non-characters included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=40)
HOSTILE = st.sampled_from(
    ["\ud800", "\ufffe", "\U0010ffff", "\x1b[2J", "\u202e", "\u200b", "\x85", "\u2028", "0x" + "f" * 4400]
)
TEXT = st.one_of(ANY_TEXT, HOSTILE, st.builds(lambda a, b: a + b, ANY_TEXT, HOSTILE))
NUMBER = st.one_of(
    st.integers(1900, 2027).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(0, 2**20000).map(hex),
    TEXT.map(json.dumps),
)


def quoted(value: str) -> str:
    return json.dumps(value)  # JSON strings are YAML double-quoted scalars, escapes and all


@st.composite
def practice_file(draw: st.DrawFn) -> str:
    text = practice_text(body=draw(st.one_of(st.just(BODY), TEXT.map(lambda t: BODY + t))), drop=("title",))
    lines = [
        f"title: {quoted(draw(TEXT))}",
        f"tags: [{quoted(draw(TEXT))}]",
        f"partners: [{quoted(draw(TEXT))}]",
        f"sources: [{quoted('https://example.org/' + draw(TEXT))}]",
    ]
    chosen = draw(st.lists(st.sampled_from(lines), max_size=len(lines), unique=True))
    if not any(line.startswith("title:") for line in chosen):
        chosen.append(f"title: {quoted('Test practice')}")
    text = text.replace("start_year: 2014", f"start_year: {draw(NUMBER)}")
    return text.replace("---\n", "---\n" + "\n".join(chosen) + "\n", 1)


@given(practice_file())
@example(practice_text(drop=("title",)).replace("---\n", '---\ntitle: "\\ud800"\n', 1))
@example(practice_text().replace("start_year: 2014", "start_year: 0x" + "f" * 4400))
def test_what_check_strict_accepts_is_indexed(text):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "practices"
        folder.mkdir()
        (folder / "hostile.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        collection = load([folder])
        if collection.failed(strict=True):
            assert all(problem.line >= 1 and problem.message for problem in collection.problems)
            return
        backend = WhooshBackend(Path(scratch) / "index")
        report = backend.build(collection.practices)
        assert report.practices == 1
        stored = backend.get("hostile")
        assert stored is not None and stored["title"] == collection.practices[0].title
