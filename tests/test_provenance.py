"""Provenance and evidence fields: who runs, who filed, how far reviewed, what the sources show."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.collection import load
from tests.practice_text import practice_text


def problems_of(path):
    return [p for p in load([path.parent]).problems if p.path == str(path)]


def old_format(**fields):
    """A file as written before implemented_by existed: submitted_by named the implementer."""
    drop = tuple(name for name in ("implemented_by", "provenance") if name not in fields)
    return practice_text(drop=drop, submitted_by="Kingdom of Morocco", **fields)


def test_an_old_file_is_read_with_a_deprecation_warning_on_its_submitted_by_line(write_practice):
    path = write_practice(text=old_format())
    collection = load([path.parent])
    (practice,) = collection.practices
    assert practice.implemented_by == "Kingdom of Morocco"
    assert practice.provenance == "submitted"
    (warning,) = collection.problems
    line = next(n for n, text in enumerate(old_format().splitlines(), 1) if text.startswith("submitted_by"))
    assert (warning.severity, warning.field, warning.line) == ("warning", "submitted_by", line)
    assert "deprecated" in warning.message and "implemented_by" in warning.message


def test_an_old_file_fails_strict_check(write_practice):
    path = write_practice(text=old_format())
    assert [p.field for p in load([path.parent]).problems if p.severity == "warning"] == ["submitted_by"]


def test_an_old_file_keeps_a_provenance_it_states(write_practice):
    path = write_practice(text=old_format(provenance="compiled"))
    assert load([path.parent]).practices[0].provenance == "compiled"


@pytest.mark.parametrize(
    ("drop", "field"),
    [(("submitted_by",), "submitted_by"), (("provenance",), "provenance")],
)
def test_the_new_format_requires_submitter_and_provenance(write_practice, drop, field):
    path = write_practice(drop=drop)
    errors = [p for p in problems_of(path) if p.severity == "error"]
    assert [(p.field, "is required" in p.message) for p in errors] == [(field, True)]


def test_evidence_fields_are_read(write_practice):
    path = write_practice(
        review={"status": "reviewed", "date": dt.date(2026, 3, 1)},
        last_reviewed=dt.date(2026, 3, 2),
        results=[{"value": 16000, "unit": "graduates", "year": 2021, "source": "https://example.org/r"}],
        evaluation={"url": "https://example.org/e", "finding": "Graduates found work."},
        budget="AUD 10 million a year (2022)",
        funding="Department of Foreign Affairs and Trade",
    )
    collection = load([path.parent])
    assert collection.problems == []
    practice = collection.practices[0]
    assert practice.review == {"status": "reviewed", "date": dt.date(2026, 3, 1)}
    assert practice.results[0]["value"] == 16000 and practice.evaluation["finding"] == "Graduates found work."
    assert practice.to_dict()["review"] == {"status": "reviewed", "date": "2026-03-01"}
    assert practice.to_dict()["last_reviewed"] == "2026-03-02"


FIGURE = {"value": 16000, "unit": "graduates", "year": 2021, "source": "https://example.org/r"}
EVIDENCE_ERRORS = [
    ({"results": [{**FIGURE, "value": "16,000"}]}, "results", "item 1: value: '16,000' is not a number"),
    ({"results": [FIGURE, {**FIGURE, "year": 1800}]}, "results", "item 2: year: 1800 is not a year"),
    ({"results": [{"value": 3, "unit": "x", "year": 2020}]}, "results", "item 1: source is required"),
    ({"results": [{**FIGURE, "sources": "x"}]}, "results", "item 1: unknown key 'sources'"),
    ({"results": ["16000 graduates"]}, "results", "item 1 must be a mapping"),
    ({"evaluation": "https://example.org/e"}, "evaluation", "must be a mapping"),
    ({"evaluation": {"url": "nope", "finding": "x"}}, "evaluation", "url: 'nope' is not a web address"),
    ({"review": {"status": "approved", "date": dt.date(2026, 1, 1)}}, "review", "status: 'approved' is not"),
    ({"review": {"status": "reviewed"}}, "review", "date is required"),
    ({"provenance": "official"}, "provenance", "'official' is not a known provenance"),
]


@pytest.mark.parametrize(("fields", "field", "message"), EVIDENCE_ERRORS)
def test_bad_evidence_is_an_error_on_its_line(write_practice, fields, field, message):
    path = write_practice(**fields)
    text = path.read_text(encoding="utf-8").splitlines()
    errors = [p for p in problems_of(path) if p.severity == "error"]
    assert len(errors) == 1, errors
    assert errors[0].field == field and message in errors[0].message, errors[0]
    key_line = next(n for n, line in enumerate(text, 1) if line.startswith(f"{field}:"))
    part = message.split(": ")[-2].split(" ")[-1] if message.count(": ") > 1 else None
    assert key_line <= errors[0].line <= key_line + 10
    if part:  # the line of the part itself
        assert text[errors[0].line - 1].lstrip("- ").startswith(f"{part}:"), (part, text[errors[0].line - 1])


def test_the_second_figure_is_located_on_its_own_line(write_practice):
    path = write_practice(results=[FIGURE, {**FIGURE, "year": "soon"}])
    (error,) = [p for p in problems_of(path) if p.severity == "error"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[error.line - 1].strip() == "year: soon"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("https://www.yumpu.com/es/document/view/1/ley", "yumpu.com is a document-sharing site"),
        ("https://es.scribd.com/document/1/ley", "scribd.com is a document-sharing site"),
        ("https://www.ine.gob.cl/", "is a home page"),
        ("https://www.make-it-in-germany.com/en/", "is a home page"),
        ("https://aptc.edu.au", "is a home page"),
        ("http://www.inlctp.justice.gov.tn/?p=7580", None),  # a page, by its query
        ("https://www.ine.gob.cl/estadisticas/demograficas", None),
        ("https://notscribd.com/x", None),  # a host matches itself and its subdomains only
    ],
)
def test_weak_sources_are_warned_on_their_line(write_practice, url, warned):
    path = write_practice(sources=["https://www.ilo.org/x", url])
    problems = problems_of(path)
    if warned is None:
        assert problems == []
        return
    (warning,) = problems
    assert (warning.severity, warning.field) == ("warning", "sources") and warned in warning.message
    assert url in path.read_text(encoding="utf-8").splitlines()[warning.line - 1]
