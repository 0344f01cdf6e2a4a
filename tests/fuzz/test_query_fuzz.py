"""Any string given to the query parser, and to a search, is a result or a clear QueryError."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from indexer.search import Query, QueryError
from indexer.search.querysyntax import MAX_LENGTH, MAX_TERMS, ParsedQuery, QuerySyntaxError, parse

# Text that looks like queries: words, quotes, minus signs, OR, field syntax, wildcards.
PIECES = st.sampled_from(
    [
        '"',
        "-",
        "OR",
        " OR ",
        "or",
        "*",
        "?",
        ":",
        "title:",
        "(",
        ")",
        "'",
        "’",
        ".",
        "\\",
        "\x00",
        " ",
        "\t",
        "\n",
    ]
)
WORDS = st.sampled_from(["women", "remittances", "migrants", "travailleurs", "retorno", "的", "مهاجرين", "ß"])
QUERYISH = st.lists(st.one_of(PIECES, WORDS, st.text(max_size=8)), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=MAX_LENGTH + 20), QUERYISH)


@given(ANY_TEXT)
@example("")
@example('-"')
@example("OR OR -")
@example('"unbalanced phrase')
@example("a " * (MAX_TERMS + 1))
@example("x" * (MAX_LENGTH + 1))
def test_the_parser_returns_a_query_or_a_message(text):
    try:
        parsed = parse(text)
    except QuerySyntaxError as error:
        assert "limit" in str(error) or "shorten" in str(error)
        return
    assert isinstance(parsed, ParsedQuery)
    assert sum(len(c) for c in parsed.clauses) + len(parsed.excluded) <= MAX_TERMS
    for term in [t for clause in parsed.clauses for t in clause] + parsed.excluded:
        assert term.words and all(word.strip() for word in term.words)


@given(ANY_TEXT)
@example("\x00")
@example("-women")
@example('"women migrants" OR -remittances')
def test_any_query_text_searches_or_says_why(backend, text):
    try:
        results = backend.search(Query(text=text))
    except QueryError as error:
        assert error.parameter == "q" and error.message
        return
    assert 0 <= results.total <= len(backend.ids())
    assert len(results.hits) <= results.total
