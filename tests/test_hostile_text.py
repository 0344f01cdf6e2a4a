"""Text that could change what a reviewer sees (issue 13): terminal escapes, workflow commands,
invisible format characters, ids with a trailing newline, ids of non-Latin titles, private data.
"""

from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

from hub import submission
from hub.cli import github_annotation, main
from hub.inbox import Inbox
from indexer.collection import check_bytes
from indexer.model import ID_PATTERN
from indexer.source import Problem
from indexer.validate import suggest_id
from tests.practice_text import practice_text

ESCAPES = "\x1b]0;pwned\x07\x1b[2K\r\x1b[1Aaccepted-everything\t2026-01-01\x9b31m"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    return result.output


# Terminal and workflow ---------------------------------------------------------------------


def test_a_submitters_escape_sequences_never_reach_the_commit_or_the_listing(submissions_repo):
    details, problems = submission.submitter(
        MultiDict({"submitter_name": f"Awa{ESCAPES}", "submitter_organisation": "Org\u202eevil"})
    )
    assert not problems
    assert details["submitter_name"] == "Awa]0;pwned[2K [1Aaccepted-everything 2026-01-0131m"
    assert details["submitter_organisation"] == "Orgevil"
    inbox = Inbox(submissions_repo.path)
    inbox.submit("x-practice", practice_text(), details["submitter_name"], details["submitter_organisation"])
    author = submissions_repo.git("log", "-1", "--format=%an%n%B", "submission/x-practice")
    assert "\x1b" not in author and "\x07" not in author and "\u202e" not in author


def test_the_listing_shows_an_old_commits_escapes_as_text(submissions_repo):
    # A commit made before the form cleaned names (or by hand) still holds raw escapes.
    inbox = Inbox(submissions_repo.path)
    inbox.submit("x-practice", practice_text(), f"Awa{ESCAPES}", "Org")
    output = run("submissions", "--repo", str(submissions_repo.path))
    assert "\x1b" not in output and "\x07" not in output and "\r" not in output and "\x9b" not in output
    assert "Awa\\x1b]0;pwned\\x07" in output


def test_check_prints_a_file_name_with_escapes_as_text(write_practice):
    path = write_practice(name="a\x1b[2Jb", title="Test")
    output = run("check", str(path))
    assert "\x1b" not in output and "a\\x1b[2Jb.md" in output


def test_workflow_command_properties_are_escaped():
    problem = Problem("p,x.md", 3, "k,title=Forged::", "m%\r\nx", "warning")
    line = github_annotation(problem)
    assert line == "::warning file=p%2Cx.md,line=3,title=k%2Ctitle=Forged%3A%3A::m%25%0D%0Ax"


def test_check_format_github_escapes_a_crafted_key(write_practice):
    path = write_practice(text=practice_text().replace("---\n", '---\n"x,title=y::z": 1\n', 1))
    output = run("check", "--format", "github", str(path))
    assert "title=x%2Ctitle=y%3A%3Az::unknown field" in output


# Control and format characters ------------------------------------------------------------


def test_a_control_character_escape_in_the_front_matter_is_an_error(write_practice):
    path = write_practice(
        text=practice_text(drop=("title",)).replace("---\n", '---\ntitle: "A\\x1b[2J"\n', 1)
    )
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert [(p.line, p.field, p.severity) for p in problems] == [(2, "title", "error")]
    assert "U+001B, a control character" in problems[0].message


@pytest.mark.parametrize(
    ("changes", "field", "severity"),
    [
        ({"title": "Fair recruitment \u202etxt.exe"}, "title", "warning"),
        ({"summary": "A zero\u200bwidth space."}, "summary", "warning"),
        ({"partners": ["ILO", "UN\u2066HCR"]}, "partners", "warning"),
        ({"sources": ["https://example.org/\u202egro.live"]}, "sources", "error"),
        ({"contact": "https://example.org/\u200b"}, "contact", "error"),
    ],
)
def test_format_characters_are_refused_in_addresses_and_warned_on_in_text(
    write_practice, changes, field, severity
):
    path = write_practice(**changes)
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    found = [(p.field, p.severity) for p in problems if "invisible character" in p.message]
    assert found == [(field, severity)]
    assert run("check", "--strict", str(path)).count("invisible character U+") == 1


def test_a_format_character_in_the_body_is_a_warning_with_its_line(write_practice):
    text = practice_text(body="\n## Context\n\nSee [the site](https://example.org) \u202eevil.\n")
    path = write_practice(text=text)
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    found = [p for p in problems if "invisible" in p.message]
    assert [(p.field, p.line, p.severity) for p in found] == [
        ("body", text.splitlines().index("See [the site](https://example.org) \u202eevil.") + 1, "warning")
    ]
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in found[0].message


def test_joiners_that_scripts_need_are_text(write_practice):
    path = write_practice(title="می\u200cخواهم", language="fa")
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert not [p for p in problems if "invisible" in p.message]


# Ids ---------------------------------------------------------------------------------------


def test_an_id_with_a_trailing_newline_is_no_id(client, write_practice):
    assert not ID_PATTERN.fullmatch("abc\n") and not ID_PATTERN.match("abc\n")
    response = client.post("/submit/download", data={"id": "abc\n", "text": "x"})
    assert response.status_code == 400
    path = write_practice(translation_of="abc\n")
    _, problems = check_bytes(str(path), path.read_bytes(), path.stem)
    assert [p.field for p in problems if p.severity == "error"] == ["translation_of"]


def test_titles_in_any_script_get_distinct_stable_ids():
    titles = [
        "إصلاح نظام العمل",
        "إصلاح نظام الهجرة",
        "Центр миграции",
        "移民服务",
        "移民中心",
        "Centre Центр",
    ]
    ids = [suggest_id(title) for title in titles]
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.fullmatch(practice_id) for practice_id in ids)
    assert ids == [suggest_id(title) for title in titles]
    assert ids[-1].startswith("centre-")
    assert suggest_id("Café  Olé") == "cafe-ole"


def test_two_arabic_submissions_can_wait_together(submissions_repo):
    inbox = Inbox(submissions_repo.path)
    for title in ("إصلاح نظام العمل", "إصلاح نظام الهجرة"):
        text = practice_text(title=title, language="ar")
        assert inbox.submit(suggest_id(title), text, "A", "B").created
    assert len(inbox.pending()) == 2


# Private data ------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_private_data_is_deleted_on_accept_and_reject(submissions_repo, decision):
    inbox = Inbox(submissions_repo.path)
    inbox.submit("x-practice", practice_text(), "A", "B", {"email": "a@example.org"})
    assert inbox.private("x-practice") == {"email": "a@example.org"}
    if decision == "accept":
        inbox.accept("x-practice")
    else:
        inbox.reject("x-practice", "not a practice")
    assert inbox.private("x-practice") is None


def test_a_later_submission_never_inherits_earlier_private_data(submissions_repo):
    inbox = Inbox(submissions_repo.path)
    inbox.submit("x-practice", practice_text(), "A", "B", {"email": "a@example.org"})
    subprocess.run(
        ["git", "-C", str(submissions_repo.path), "branch", "-D", "submission/x-practice"], check=True
    )
    inbox.submit("x-practice", practice_text(), "C", "D")
    assert inbox.private("x-practice") is None


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "become public"), ("fr", "deviennent publics"), ("es", "se hacen públicos")]
)
def test_the_form_says_what_becomes_public(client, lang, words):
    page = BeautifulSoup(client.get(f"/submit?lang={lang}").data, "html.parser")
    assert any(words in help.get_text() for help in page.select("p.help"))
