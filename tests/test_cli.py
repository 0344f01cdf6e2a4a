"""The hub command line: check's output and exit codes, new, and the shipped files."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from hub.cli import main
from hub.template import TEMPLATES, from_template
from indexer.collection import load
from tests.conftest import ROOT


@pytest.fixture
def runner():
    return CliRunner()


def test_check_prints_one_line_per_problem_and_fails(runner, write_practice):
    path = write_practice(objectives=[24], countries=["MOR"])
    result = runner.invoke(main, ["check", str(path.parent)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        f"{path}:5: countries: 'MOR' is not an ISO 3166-1 alpha-3 code; did you mean 'MAR' (Morocco)?"
        in lines
    )
    assert any(
        line.startswith(f"{path}:") and "objectives: 24 is not a GCM objective" in line for line in lines
    )
    assert "2 error(s)" in result.stderr


def test_check_passes_on_a_valid_file_and_strict_fails_on_warnings(runner, write_practice):
    path = write_practice(contact="ana.perez@gmail.com")
    assert runner.invoke(main, ["check", str(path)]).exit_code == 0
    strict = runner.invoke(main, ["check", "--strict", str(path)])
    assert strict.exit_code == 1 and "warning: " in strict.stdout


def test_check_github_format(runner, write_practice):
    path = write_practice(objectives=[24])
    result = runner.invoke(main, ["check", "--format", "github", str(path)])
    assert result.stdout.startswith(f"::error file={path},line=")
    assert "title=objectives::24 is not a GCM objective (1-23)" in result.stdout


def test_check_a_missing_folder_is_a_clean_error(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_new_writes_a_valid_file_named_from_the_title(runner, tmp_path):
    result = runner.invoke(main, ["new", "Programa de Atención: retornados", "-l", "es", "-d", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "programa-de-atencion-retornados.md"
    collection = load([path])
    assert collection.problems == []
    assert collection.practices[0].title == "Programa de Atención: retornados"
    again = runner.invoke(main, ["new", "Programa de Atención: retornados", "-d", str(tmp_path)])
    assert again.exit_code == 1 and "exists already" in again.stderr


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_templates_pass_strict_check(language):
    path = TEMPLATES / f"practice.{language}.md"
    collection = load([path])
    assert collection.problems == [] and collection.practices[0].language == language


def test_template_filled_in_keeps_the_comments():
    text = from_template("A title", "en", dt.date(2026, 5, 1))
    assert 'title: "A title"' in text and "submitted: 2026-05-01" in text
    assert text.count("\n#") > 5


def test_everything_shipped_passes_strict_check():
    collection = load([ROOT / "practices", *sorted(TEMPLATES.glob("practice.*.md"))])
    assert [str(p) for p in collection.problems] == []
