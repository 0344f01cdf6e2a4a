"""The ``hub`` command: thin wrappers over ``indexer`` and the web app."""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from hub import config, hosts
from hub.template import write_from_template
from indexer import history
from indexer.calls import read_calls
from indexer.collection import Collection, CollectionError, load
from indexer.concepts import check_concepts
from indexer.source import Problem
from indexer.vocabulary import UI_LANGUAGES

THESAURUS = Path("indexer/vocabularies/concepts.yaml")  # checked by a bare `hub check`, in the collection
THESAURUS_SUFFIXES = (".yaml", ".yml")
CALLS = Path("indexer/vocabularies/calls.yaml")  # calls for practices, checked like the thesaurus
PARSE_CACHE = "parse-cache.json"  # beside the index: validation results of unchanged files


def settings() -> dict[str, object]:
    """The settings for the collection the user stands in (hub/config.py), or a clean error."""
    try:
        return config.from_environment()
    except config.SettingsError as error:
        raise Failure(str(error)) from None


def setting_path(name: str) -> Path:
    """A folder setting, relative to the working directory when it lies inside it."""
    return relative_to_cwd(Path(str(settings()[name])))


def relative_to_cwd(path: Path) -> Path:
    """``path`` as the user would type it: relative when it lies inside the working directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gcm-practice-hub")
def main() -> None:
    """GCM Practice Hub: check, index and serve practices of the Global Compact for Migration."""


def terminal(text: str) -> str:
    """``text`` safe to print: control and format characters shown as escapes, never sent raw.

    A submitter's name or a crafted field name could otherwise erase or forge lines of a
    reviewer's terminal, set its title, or reorder what it shows (bidi overrides).
    """
    return unprintable().sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


@functools.cache
def unprintable() -> re.Pattern[str]:
    """Control characters but tab and line break, format characters but the joiners, separators."""
    formats = (chr(code) for code in range(0xA0, 0x110000) if unicodedata.category(chr(code)) == "Cf")
    kept = "".join(character for character in formats if character not in "\u200c\u200d")
    return re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{kept}]")


def echo(text: str, err: bool = False) -> None:
    click.echo(terminal(text), err=err)


class Failure(click.ClickException):
    """A clean error message and exit 1; what it quotes is printed safely."""

    def format_message(self) -> str:
        return terminal(self.message)


def workflow_data(text: str) -> str:
    """Escaped as GitHub's toolkit escapes a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """Escaped as a workflow command's property: ``:`` and ``,`` would end it early."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: str = "en") -> str:
    """A GitHub Actions workflow command that annotates the pull request."""
    level = "error" if problem.severity == "error" else "warning"
    path, field = workflow_property(problem.path), workflow_property(problem.field)
    return f"::{level} file={path},line={problem.line},title={field}::{workflow_data(problem.text(lang))}"


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
@click.option(
    "--lang",
    type=click.Choice(UI_LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the messages.",
)
def check(paths: tuple[Path, ...], strict: bool, output: str, lang: str) -> None:
    """Validate practice files and concept thesauri (.yaml) and report every problem at once.

    Without PATHS: the collection's practices/ and, when it is there, its
    indexer/vocabularies/concepts.yaml.
    """
    collection = check_paths(paths)
    for problem in collection.problems:
        echo(github_annotation(problem, lang) if output == "github" else problem.render(lang))
    errors, warnings = len(collection.errors), len(collection.warnings)
    summary = f"{collection.files} file(s) checked: {errors} error(s), {warnings} warning(s)" + (
        " (--strict: warnings count as errors)" if strict and warnings else ""
    )
    echo(summary, err=True)
    sys.exit(1 if collection.failed(strict) else 0)


def check_paths(paths: tuple[Path, ...]) -> Collection:
    """Practices and thesauri checked, every problem in one collection; a missing path is a clean error."""
    if not paths:
        thesaurus = relative_to_cwd(config.collection_root() / THESAURUS)
        practices = setting_path("PRACTICES")
        paths = (practices, thesaurus) if thesaurus.is_file() else (practices,)
        calls_file = relative_to_cwd(config.collection_root() / CALLS)
        paths += (calls_file,) if calls_file.is_file() else ()
    thesauri = [path for path in paths if path.suffix in THESAURUS_SUFFIXES and not path.is_dir()]
    practices = [path for path in paths if path not in thesauri]
    try:
        collection = load(practices) if practices else Collection()
    except CollectionError as error:
        raise Failure(str(error)) from None
    for path in thesauri:
        if not path.is_file():
            raise Failure(f"{path}: no such file")
        is_calls = path.name == CALLS.name  # calls for practices, else a concept thesaurus
        collection.problems.extend(read_calls(path)[1] if is_calls else check_concepts(path))
        collection.files += 1
    return collection


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
    default=None,
    help="Where to write the file (default: the collection's practices folder, HUB_PRACTICES).",
)
def new(title: str, language: str, directory: Path | None) -> None:
    """Write a new practice file from the template, with its id made from TITLE."""
    directory = directory or setting_path("PRACTICES")
    try:
        path = write_from_template(title, language, directory)
    except FileExistsError as error:
        raise Failure(f"{error.filename} exists already; choose another title") from None
    echo(f"wrote {path}: fill it in, then run `hub check {path}`")


practices_option = click.option(
    "--practices",
    "practices_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of practice files (HUB_PRACTICES; default: the collection's practices/).",
)
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index folder (HUB_INDEX; default: the collection's var/index).",
)


@main.command()
@practices_option
@index_option
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--skip-invalid", is_flag=True, help="Publish the valid practices and list the invalid ones.")
@click.option(
    "--wait", type=float, default=0.0, show_default=True, help="Seconds to wait for another build to finish."
)
@click.option(
    "--backend",
    "backend_name",
    type=click.Choice(["whoosh", "postgres"]),
    default=None,
    help="Where to publish: the Whoosh index folder, or PostgreSQL (HUB_SEARCH_BACKEND, HUB_DATABASE_URL).",
)
def index(
    practices_dir: Path | None,
    index_dir: Path | None,
    full: bool,
    skip_invalid: bool,
    wait: float,
    backend_name: str | None,
) -> None:
    """Build the search index from the practices and publish it atomically."""
    practices_dir = practices_dir or setting_path("PRACTICES")
    index_dir = index_dir or setting_path("INDEX")
    backend_name = backend_name or str(settings()["SEARCH_BACKEND"])
    collection = load_or_fail(practices_dir, cache=index_dir / PARSE_CACHE)
    for problem in collection.problems:
        echo(str(problem), err=True)
    if collection.errors and not skip_invalid:
        raise Failure(
            f"{len(collection.errors)} error(s) in {len(collection.invalid_paths())} file(s): nothing was "
            "published (the previous index keeps serving). Fix them, or pass --skip-invalid."
        )
    for path in sorted(collection.invalid_paths()):
        echo(f"skipped {path}", err=True)
    report = build_index(collection, index_dir, full, wait, backend_name)
    echo(
        f"indexed {report.practices} practice(s): {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {len(collection.invalid_paths())} skipped, in {report.seconds:.2f} s "
        f"({'full' if report.full else 'incremental'}; generation {report.generation})"
    )


def load_or_fail(folder: Path, cache: Path | None = None) -> Collection:
    """The collection, or a clean error; with ``cache``, unchanged files are not parsed again."""
    from indexer.parsecache import ParseCache

    parsed = ParseCache(cache) if cache is not None else None
    try:
        collection = load([folder], cache=parsed)
    except CollectionError as error:
        raise Failure(str(error)) from None
    if parsed is not None:
        try:
            parsed.save()
        except OSError as error:  # a cache that cannot be written only costs time next run
            echo(f"note: the parse cache {cache} could not be written ({error.strerror})", err=True)
    return collection


def build_index(  # noqa: ANN201
    collection: Collection, index_dir: Path, full: bool, wait: float, backend_name: str = "whoosh"
):
    chosen = {**settings(), "INDEX": str(index_dir), "SEARCH_BACKEND": backend_name}
    try:
        backend = config.backend_for(chosen)
    except ValueError as error:
        raise Failure(str(error)) from None
    total = len(collection.practices)
    history.attach(collection.practices)  # first published, last changed: from git when there is one
    try:
        vectors = practice_vectors(backend, collection, full, chosen)
        if sys.stderr.isatty():
            with click.progressbar(length=total, label="indexing", file=sys.stderr) as bar:
                return backend.build(
                    collection.practices,
                    full=full,
                    wait=wait,
                    progress=lambda n: bar.update(1),
                    vectors=vectors,
                )
        return backend.build(collection.practices, full=full, wait=wait, vectors=vectors)
    except build_failures(backend_name) as error:
        raise Failure(str(error)) from None
    except OSError as error:
        raise Failure(
            f"the index could not be written ({error.strerror or error}); the previous index keeps serving"
        ) from None
    finally:
        getattr(backend, "close", lambda: None)()


def practice_vectors(backend, collection: Collection, full: bool, settings: dict):  # noqa: ANN001, ANN201
    """The practices' vectors for search by meaning (only new or changed texts are embedded), or None."""
    from indexer import semantic
    from indexer.semantic.vectors import embed

    if not config.is_on(settings.get("SEMANTIC")):
        return None
    previous = None if full else backend.vectors()
    try:
        vectors, computed = embed(collection.practices, semantic.model_name(), semantic.load, previous)
    except semantic.ModelUnavailable as error:
        click.echo(f"note: search by meaning is off ({error}); words still find practices", err=True)
        return None
    if computed:
        click.echo(f"embedded {computed} new or changed practice(s) for search by meaning", err=True)
    return vectors


def build_failures(backend_name: str) -> tuple[type[Exception], ...]:
    """The errors a backend's build raises with a message for people (nothing was published)."""
    if backend_name == "postgres":
        from indexer.search.postgres_engine import BuildFailed

        return (BuildFailed,)
    from indexer.search.whoosh_engine.store import BuildLocked

    return (BuildLocked,)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@practices_option
@index_option
def serve(host: str, port: int, workers: int, practices_dir: Path | None, index_dir: Path | None) -> None:
    """Serve the hub with gunicorn; builds the index first when there is none."""
    from hub.server import serve as run_server

    chosen = settings()
    practices_dir = (practices_dir or Path(str(chosen["PRACTICES"]))).resolve()
    index_dir = (index_dir or Path(str(chosen["INDEX"]))).resolve()
    chosen.update(PRACTICES=str(practices_dir), INDEX=str(index_dir))
    name = str(chosen["SEARCH_BACKEND"])
    try:
        health = config.backend_for(chosen).health()
    except ValueError as error:
        raise Failure(str(error)) from None
    if not health["ok"]:
        reason = health.get("error")
        echo(f"no usable {name} index ({reason}): building it from {practices_dir}", err=True)
        collection = load_or_fail(practices_dir)
        for problem in collection.errors:
            echo(f"skipped: {problem}", err=True)
        report = build_index(collection, index_dir, full=True, wait=60, backend_name=name)
        echo(f"indexed {report.practices} practice(s) in {report.seconds:.2f} s", err=True)
    data = config.data_folder(chosen).resolve()
    # The workers read their settings from the environment: the same folders as this command.
    os.environ.update(HUB_PRACTICES=str(practices_dir), HUB_INDEX=str(index_dir), HUB_DATA=str(data))
    # Every worker, and the next start, signs and checks forms with the same secret.
    config.secret_key({**chosen, "DATA": str(data)})
    inbox, local = config.inbox_path({**chosen, "DATA": str(data)})
    where = "the local inbox" if local else "the repository"
    echo(
        f"submissions from the web form go to {where} {inbox.resolve()}; review them with `hub submissions`",
        err=True,
    )
    try:
        hosts.public_url(chosen["PUBLIC_URL"])  # every worker would refuse to start
    except ValueError as error:
        raise Failure(str(error)) from None
    if not chosen["PUBLIC_URL"]:
        echo(
            "note: HUB_PUBLIC_URL is not set, so absolute URLs follow each request's Host header; "
            "set it when serving the public (SECURITY.md, 'The public address')",
            err=True,
        )
    try:
        timeout = float(str(chosen["REQUEST_TIMEOUT"]))
    except ValueError:
        value = chosen["REQUEST_TIMEOUT"]
        raise Failure(f"HUB_REQUEST_TIMEOUT={value!r} is not a number of seconds") from None
    echo(f"serving the GCM Practice Hub on http://{host}:{port}/ ({workers} workers)", err=True)
    run_server(host, port, workers, timeout=timeout)


@main.group(invoke_without_command=True)
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The submissions repository (HUB_SUBMISSIONS_REPO; default: the local inbox <HUB_DATA>/inbox).",
)
@click.pass_context
def submissions(context: click.Context, repo: Path | None) -> None:
    """List the submissions waiting for review, with their reference, state and check status.

    Each command tells the submitter too: their status page shows "under review" (review),
    "accepted" with the practice's link (accept) or "returned" with the reason (reject).
    """
    from hub.inbox import Inbox, InboxError

    chosen = settings()
    default, local = config.inbox_path(chosen)
    repo = repo or default
    if local and repo == default and not repo.exists():
        if context.invoked_subcommand is None:
            echo(f"no submission yet: the local inbox {repo} is created by the first one", err=True)
            return
        raise Failure(f"no submission yet: the local inbox {repo} does not exist")
    try:
        context.obj = Review(Inbox(repo), local and repo == default, Path(str(chosen["PRACTICES"])))
    except InboxError as error:
        raise Failure(str(error)) from None
    if context.invoked_subcommand is not None:
        return
    waiting = context.obj.inbox.pending()
    tracker = context.obj.inbox.tracker()
    for item in waiting:
        errors = [p for p in item.problems if p.severity == "error"]
        status = (
            "passes hub check --strict"
            if not item.problems
            else (f"{len(errors)} error(s), {len(item.problems) - len(errors)} warning(s)")
        )
        receipt = tracker.latest(item.id)
        state = f"{receipt.reference} {receipt.state}" if receipt else "-"
        echo(f"{item.id}\t{item.date}\t{item.author}\t{state}\t{status}")
    echo(f"{len(waiting)} submission(s) waiting", err=True)


@dataclass
class Review:
    """What the review commands act on: the inbox, and the collection a local inbox feeds."""

    inbox: Any
    local: bool
    practices: Path


@submissions.command()
@click.argument("practice_id")
@click.pass_obj
def review(work: Review, practice_id: str) -> None:
    """Mark a submission as under review (its submitter's status page says so)."""
    if not work.inbox.tracker().move(practice_id, "under-review"):
        raise Failure(f"no open submission {practice_id!r} with a status page")
    echo(f"{practice_id} is under review")


@submissions.command()
@click.argument("practice_id")
@click.option(
    "--validated", is_flag=True, help="The implementer validated the entry (review status 'validated')."
)
@click.pass_obj
def accept(work: Review, practice_id: str, validated: bool) -> None:
    """Merge a submission after hub check --strict passes, recording its review status and date.

    From the local inbox, the file is also copied into the collection's practices folder.
    """
    from hub.inbox import InboxError

    target = work.practices / f"{practice_id}.md"
    if work.local and target.exists():
        raise Failure(f"{target} exists already; nothing was merged")
    try:
        commit = work.inbox.accept(practice_id, "validated" if validated else "reviewed")
    except InboxError as error:
        raise Failure(str(error)) from None
    if work.local:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work.inbox.path / "practices" / f"{practice_id}.md", target)
        echo(f"copied to {target}")
    work.inbox.tracker().move(practice_id, "accepted")
    echo(f"accepted {practice_id} ({commit[:10]}); run `hub index` to make it searchable")


@submissions.command()
@click.argument("practice_id")
@click.option("--reason", required=True, help="Why the submission is returned (shown to the submitter).")
@click.pass_obj
def reject(work: Review, practice_id: str, reason: str) -> None:
    """Return a submission with the reason: recorded in a tag rejected/<id>, shown to the submitter."""
    from hub.inbox import InboxError

    try:
        work.inbox.reject(practice_id, reason)
    except InboxError as error:
        raise Failure(str(error)) from None
    work.inbox.tracker().move(practice_id, "returned", reason)
    echo(f"rejected {practice_id}: {reason}")
