"""Citations parse as BibTeX and CSL-JSON; the history comes from git when there is one."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import bibtexparser
import pytest

from indexer import history
from indexer.collection import load

CSL_TYPES = {"webpage", "report", "document", "article", "book", "dataset"}


def check_csl_item(item: dict) -> None:
    """The required structure of a CSL-JSON item (Citation Style Language, csl-data.json):
    an id, a CSL type, names as objects with a family or literal name, dates as date-parts."""
    assert isinstance(item["id"], str | int) and item["type"] in CSL_TYPES
    assert isinstance(item["title"], str) and isinstance(item["URL"], str)
    for name in item["author"]:
        assert isinstance(name, dict) and ("literal" in name or "family" in name)
    for key in ("issued", "accessed"):
        parts = item[key]["date-parts"]
        assert len(parts) >= 1 and all(1 <= len(p) <= 3 and all(isinstance(n, int) for n in p) for p in parts)


@pytest.mark.parametrize("practice_id", ["remittance-fees-portal", "maroc-regularisation-exceptionnelle"])
def test_the_api_gives_a_citation_that_parses_as_bibtex_and_csl_json(client, test_practices, practice_id):
    data = client.get(f"/api/v1/practices/{practice_id}").get_json()
    practice = next(p for p in test_practices if p.id == practice_id)
    entries = bibtexparser.loads(data["citation"]["bibtex"]).entries
    assert len(entries) == 1
    entry = entries[0]
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["title"] == practice.title
    assert entry["author"] == "{" + practice.submitted_by + "}"
    assert entry["url"].endswith(f"/practices/{practice_id}")
    assert entry["urldate"] == dt.date.today().isoformat()
    items = data["citation"]["csl_json"]
    assert isinstance(items, list)
    for item in items:
        check_csl_item(item)
    assert items[0]["title"] == practice.title and items[0]["author"] == [{"literal": practice.submitted_by}]
    changed = practice.updated or practice.submitted
    assert items[0]["issued"]["date-parts"] == [[changed.year, changed.month, changed.day]]
    assert practice.title in data["citation"]["text"] and changed.isoformat() in data["citation"]["text"]


def test_special_characters_are_escaped_for_bibtex():
    from hub.citation import Citation, as_bibtex

    cite = Citation(
        "x",
        "A & B {Ltd}",
        "50% of 100_000 $ #1 ~ ^",
        "https://e.org/x",
        dt.date(2024, 1, 2),
        dt.date(2024, 2, 3),
        "en",
    )
    entry = bibtexparser.loads(as_bibtex(cite)).entries[0]
    assert entry["title"] == r"50\% of 100\_000 \$ \#1 \textasciitilde{} \textasciicircum{}"
    assert entry["author"] == r"{A \& B \{Ltd\}}"


def test_the_practice_page_shows_the_citation_and_history(get, test_practices):
    _, page = get("/practices/remittance-fees-portal?lang=fr")
    cite = page.select_one("section.cite")
    assert cite.h2.get_text() == "Citer cette pratique"
    practice = next(p for p in test_practices if p.id == "remittance-fees-portal")
    assert practice.submitted.isoformat() in cite.select_one(".history").get_text()
    bib = cite.select("pre code")[0].get_text()
    assert bibtexparser.loads(bib).entries[0]["title"] == practice.title
    for item in json.loads(cite.select("pre code")[1].get_text()):
        check_csl_item(item)


def git(repo, *args, date="2020-01-01T12:00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_history_comes_from_git_first_and_last_commit(tmp_path, write_practice):
    path = write_practice("first-practice")
    repo = path.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "T")
    git(repo, "config", "user.email", "t@example.invalid")
    git(repo, "remote", "add", "origin", "git@github.com:example/hub-content.git")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one", date="2021-03-04T10:00:00")
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "two", date="2023-05-06T10:00:00")
    practices = load([repo]).practices
    history.attach(practices)
    assert practices[0].history == {
        "first_published": "2021-03-04",
        "last_changed": "2023-05-06",
        "url": "https://github.com/example/hub-content/commits/HEAD/first-practice.md",
    }


def test_without_git_the_history_is_the_files_own_dates(tmp_path, write_practice):
    from hub.citation import history as read_history

    path = write_practice("lonely", updated="2025-02-03")
    practices = load([path.parent]).practices
    history.attach(practices)  # not a repository: nothing attached, no error
    assert practices[0].history is None
    found = read_history(practices[0].to_dict())
    assert (found.first_published, found.last_changed, found.url, found.from_git) == (
        practices[0].submitted.isoformat(),
        "2025-02-03",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("https://github.com/org/repo.git", "https://github.com/org/repo"),
        ("git@gitlab.com:org/sub/repo.git", "https://gitlab.com/org/sub/repo"),
        ("/srv/git/repo", None),
        ("https://example.org/org/repo", None),
    ],
)
def test_web_addresses_of_remotes(remote, address):
    assert history.web_address(remote) == address
