"""The ``hub`` command: thin wrappers over ``indexer`` and the web app."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hub.template import write_from_template
from indexer.collection import CollectionError, load
from indexer.source import Problem
from indexer.vocabulary import UI_LANGUAGES

PRACTICES = Path("practices")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gcm-practice-hub")
def main() -> None:
    """GCM Practice Hub: check, index and serve practices of the Global Compact for Migration."""


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the pull request."""
    level = "error" if problem.severity == "error" else "warning"
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line},title={problem.field}::{message}"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="Plain lines, or GitHub Actions annotations.",
)
def check(paths: tuple[Path, ...], strict: bool, output: str) -> None:
    """Validate practice files (default: practices/) and report every problem at once."""
    try:
        collection = load(paths or (PRACTICES,))
    except CollectionError as error:
        raise click.ClickException(str(error)) from None
    for problem in collection.problems:
        click.echo(github_annotation(problem) if output == "github" else str(problem))
    errors, warnings = len(collection.errors), len(collection.warnings)
    summary = f"{collection.files} file(s) checked: {errors} error(s), {warnings} warning(s)" + (
        " (--strict: warnings count as errors)" if strict and warnings else ""
    )
    click.echo(summary, err=True)
    sys.exit(1 if collection.failed(strict) else 0)


@main.command()
@click.argument("title")
@click.option(
    "--language",
    "-l",
    type=click.Choice(UI_LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the template (and of the practice).",
)
@click.option(
    "--directory",
    "-d",
    type=click.Path(path_type=Path, file_okay=False),
    default=PRACTICES,
    show_default=True,
    help="Where to write the file.",
)
def new(title: str, language: str, directory: Path) -> None:
    """Write a new practice file from the template, with its id made from TITLE."""
    try:
        path = write_from_template(title, language, directory)
    except FileExistsError as error:
        raise click.ClickException(f"{error.filename} exists already; choose another title") from None
    click.echo(f"wrote {path}: fill it in, then run `hub check {path}`")
