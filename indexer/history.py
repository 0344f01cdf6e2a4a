"""A practice's history from git, read at index time: first published, last changed, and the
address of the file's history when the repository's remote is a known forge.

Without git (or outside a repository) nothing is attached, and the site falls back on the
file's own ``submitted`` and ``updated`` dates.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from indexer.model import Practice

# Forges whose web pages show a file's commits at <repository>/commits/HEAD/<path>.
FORGES = ("github.com", "gitlab.com", "codeberg.org")
TIMEOUT = 60


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def web_address(remote: str) -> str | None:
    """The https address of a repository from its remote (ssh or https), on a known forge."""
    remote = remote.strip()
    match = re.fullmatch(r"(?:https://(?:[^@/]+@)?|git@|ssh://git@)([^/:]+)[:/](.+?)(?:\.git)?/?", remote)
    if not match or match.group(1) not in FORGES:
        return None
    return f"https://{match.group(1)}/{match.group(2)}"


def dates(folder: Path) -> tuple[Path, dict[Path, tuple[str, str]]] | None:
    """(repository root, {file: (first commit date, last commit date)}) for a folder's files."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    log = _git(folder, "log", "--format=%x00%as", "--name-only", "--no-renames", "--", ".")
    if not top or log is None:
        return None
    root = Path(top.strip())
    found: dict[Path, tuple[str, str]] = {}
    for commit in log.split("\x00")[1:]:
        lines = [line for line in commit.splitlines() if line.strip()]
        if not lines:
            continue
        day, files = lines[0], lines[1:]
        for name in files:
            path = (root / name).resolve()
            last = found[path][1] if path in found else day  # the log runs newest first
            found[path] = (day, last)
    return root, found


def attach(practices: Iterable[Practice]) -> None:
    """Set ``history`` on every practice whose file git knows; leave the others untouched."""
    by_folder: dict[Path, list[Practice]] = {}
    for practice in practices:
        if practice.path:
            by_folder.setdefault(Path(practice.path).resolve().parent, []).append(practice)
    for folder, group in by_folder.items():
        found = dates(folder)
        if found is None:
            continue
        root, files = found
        remote = _git(folder, "remote", "get-url", "origin")
        base = web_address(remote) if remote else None
        for practice in group:
            path = Path(practice.path).resolve()
            if path not in files:
                continue
            first, last = files[path]
            relative = path.relative_to(root).as_posix()
            practice.history = {
                "first_published": first,
                "last_changed": last,
                "url": f"{base}/commits/HEAD/{relative}" if base else None,
            }
