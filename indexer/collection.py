"""Load and check a whole collection of practice files at once.

``load`` reads every file, validates each, then checks what only the whole collection
shows: duplicate titles, translations that point nowhere, stray files.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.messages import Message
from indexer.model import Practice
from indexer.parsecache import ParseCache
from indexer.source import MAX_BYTES, Problem, SourceError, parse
from indexer.validate import fold, validate

# Contributor templates (templates/practice.<language>.md) are checked like practices,
# but their names are not ids.
TEMPLATE = re.compile(r"practice\.[a-z]{2}\.md")
IGNORED = {"README.md", ".gitkeep", ".DS_Store"}
NEAR_TITLE = 0.92
MAX_PROBLEMS = 50  # per file; the rest are counted in one last line
WORDS = re.compile(r"\w{3,}")


@dataclass
class Collection:
    """The valid practices found and every problem, errors and warnings alike."""

    practices: list[Practice] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def invalid_paths(self, strict: bool = False) -> set[str]:
        """Files with an error (or, when strict, any problem)."""
        return {p.path for p in self.problems if strict or p.severity == "error"}


class CollectionError(Exception):
    """The practices folder itself cannot be read."""


def practice_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The practice files under ``paths``, and a problem for each stray file or missing path."""
    files, problems = [], []
    for path in paths:
        if not path.exists():
            raise CollectionError(f"{path}: no such file or folder")
        if path.is_file():
            files.append(path)
            continue
        try:
            entries = sorted(_walk(path))
        except OSError as error:
            raise CollectionError(f"{path}: cannot be read ({error.strerror})") from None
        for entry in entries:
            if entry.name in IGNORED or entry.name.startswith("."):
                continue
            if entry.is_dir():
                problems.append(Problem(str(entry), 1, "file", Message("in_subfolder", folder=str(path))))
            elif entry.suffix == ".md":
                files.append(entry)
            else:
                problems.append(Problem(str(entry), 1, "file", Message("not_markdown")))
    return files, problems


def _walk(folder: Path) -> Iterable[Path]:
    """The files of a flat practices folder; a subfolder holding .md files is a stray too."""
    for entry in folder.iterdir():
        if entry.is_dir():
            if any(entry.rglob("*.md")):
                yield entry
        else:
            yield entry


def read_one(
    path: Path, display: str | None = None, cache: ParseCache | None = None
) -> tuple[Practice | None, list[Problem]]:
    """Read and validate one file; every failure becomes a Problem."""
    shown = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return None, [Problem(shown, 1, "file", Message("unreadable", reason=error.strerror))]
    check_id = not TEMPLATE.fullmatch(path.name)
    key = ParseCache.key(shown, raw, check_id) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = check_bytes(shown, raw, path.stem, check_id=check_id)
        if cache is not None:
            cache.put(key, found)
    return found


def check_bytes(
    path: str, raw: bytes, practice_id: str, *, check_id: bool = True
) -> tuple[Practice | None, list[Problem]]:
    """Validate a practice file given as bytes (a file, an upload, a test)."""
    try:
        source = parse(path, raw)
    except SourceError as error:
        return None, [Problem(path, error.line, error.field, error.message)]
    practice, problems = validate(source, practice_id, check_id=check_id)
    return practice, bounded(problems)


def bounded(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """At most ``limit`` problems per file, in order, then one line saying how many more there are."""
    shown: list[Problem] = []
    hidden: dict[str, list[Problem]] = defaultdict(list)
    count: Counter[str] = Counter()
    for problem in problems:
        count[problem.path] += 1
        (shown if count[problem.path] <= limit else hidden[problem.path]).append(problem)
    for path, rest in hidden.items():
        errors = sum(problem.severity == "error" for problem in rest)
        shown.append(
            Problem(
                path,
                rest[0].line,
                "file",
                Message("more_problems", count=len(rest), errors=errors),
                "error" if errors else "warning",
            )
        )
    return shown


def load(paths: Iterable[Path], cache: ParseCache | None = None) -> Collection:
    """Read, validate and cross-check every practice under ``paths``.

    With a ``cache``, files whose bytes were validated before are not parsed again.
    """
    files, problems = practice_files(paths)
    collection = Collection(problems=problems, files=len(files))
    for path in files:
        practice, found = read_one(path, cache=cache)
        collection.problems.extend(found)
        if practice is not None:
            collection.practices.append(practice)
    collection.problems.extend(cross_check(collection.practices))
    collection.problems.sort(key=lambda p: (p.path, p.line, p.field))
    collection.problems = bounded(collection.problems)
    bad = {p.path for p in collection.problems if p.severity == "error"}
    collection.practices = [p for p in collection.practices if p.path not in bad]
    return collection


def cross_check(practices: list[Practice]) -> list[Problem]:
    """Problems between files: duplicate ids and titles, dangling translations."""
    problems: list[Problem] = []
    by_id: dict[str, Practice] = {}
    for practice in practices:
        if practice.id in by_id:
            problems.append(
                Problem(
                    practice.path,
                    1,
                    "id",
                    Message("id_of_other_file", id=practice.id, path=by_id[practice.id].path),
                )
            )
        by_id.setdefault(practice.id, practice)
    for practice in practices:
        target = practice.translation_of
        if target and target not in by_id:
            problems.append(
                Problem(
                    practice.path,
                    practice.line("translation_of"),
                    "translation_of",
                    Message("unknown_translation", target=target),
                )
            )
    problems.extend(duplicate_titles(practices))
    return problems


def duplicate_titles(practices: list[Practice]) -> list[Problem]:
    """Same title in a same country: an error; near-identical titles: a warning."""
    problems = []
    seen: dict[tuple[str, str], Practice] = {}
    near = NearTitles([fold(p.title) for p in practices])
    for index, practice in enumerate(practices):
        title = fold(practice.title)
        for country in practice.countries or ["*"]:
            first = seen.setdefault((title, country), practice)
            if first is not practice:
                problems.append(
                    Problem(
                        practice.path,
                        practice.line("title"),
                        "title",
                        Message("duplicate_title", title=practice.title, path=first.path, country=country),
                    )
                )
                break
        else:
            problems.extend(_near_problems(practice, [practices[i] for i in near.earlier_matches(index)]))
        near.add(index)
    return problems


class NearTitles:
    """Finds earlier titles nearly the same as a title without comparing every pair.

    Near-identical titles share their rare words, so a title is only compared with the
    earlier titles that contain two of its three rarest words (by frequency in the
    collection), or its only word: a typo in any one of those words is still caught.
    """

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        self.words = [set(WORDS.findall(title)) for title in titles]
        self.frequency: Counter[str] = Counter(word for words in self.words for word in words)
        self.by_word: dict[str, list[int]] = defaultdict(list)

    def add(self, index: int) -> None:
        for word in self.words[index]:
            self.by_word[word].append(index)

    def earlier_matches(self, index: int) -> list[int]:
        title = self.titles[index]
        keys = sorted(self.words[index], key=lambda word: (self.frequency[word], word))[:3]
        shared = Counter(other for key in keys for other in self.by_word[key])
        needed = min(2, len(keys))
        candidates = sorted(other for other, count in shared.items() if count >= needed)
        matcher = difflib.SequenceMatcher(None, "", title)  # indexes the title once
        found = []
        for other in candidates:
            if self.titles[other] == title:
                continue
            matcher.set_seq1(self.titles[other])
            if (
                matcher.real_quick_ratio() >= NEAR_TITLE
                and matcher.quick_ratio() >= NEAR_TITLE
                and matcher.ratio() >= NEAR_TITLE
            ):
                found.append(other)
        return found


def _near_problems(practice: Practice, others: list[Practice]) -> list[Problem]:
    return [
        Problem(
            practice.path,
            practice.line("title"),
            "title",
            Message("near_title", title=practice.title, other=other.title, path=other.path),
            "warning",
        )
        for other in others
    ]
