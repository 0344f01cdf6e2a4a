"""The submissions inbox: web submissions as branches of a local git repository.

A submission is one commit on a new branch ``submission/<id>`` that adds
``practices/<id>.md`` to the repository's current branch. Git stays the store and the
audit trail: reviewers accept (merge after ``hub check --strict``) or reject (an
annotated tag records why). Commits are written with git's plumbing, so the working tree
of the repository is never touched while the site runs; a branch is created atomically
and never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hub.tracking import Tracker
from indexer import vocabulary
from indexer.collection import load
from indexer.messages import Message
from indexer.source import Problem

PREFIX = "submission/"
NOREPLY = "submissions@gcm-practice-hub.invalid"


class InboxError(Exception):
    """Something a person can act on: a conflict, a failed check, a missing repository."""


@dataclass
class Submitted:
    branch: str
    commit: str
    created: bool


@dataclass
class Pending:
    id: str
    branch: str
    author: str
    date: str
    problems: list[Problem]


class Inbox:
    """A local git repository that receives submissions."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not (self.path / ".git").exists() and not (self.path / "HEAD").exists():
            raise InboxError(f"{self.path} is not a git repository")

    @classmethod
    def create(cls, path: Path | str) -> Inbox:
        """The inbox at ``path``; a new git repository with one empty commit when there is none."""
        path = Path(path)
        if not (path / ".git").exists() and not (path / "HEAD").exists():
            path.mkdir(parents=True, exist_ok=True)
            who = {
                "GIT_AUTHOR_NAME": "GCM Practice Hub",
                "GIT_AUTHOR_EMAIL": NOREPLY,
                "GIT_COMMITTER_NAME": "GCM Practice Hub",
                "GIT_COMMITTER_EMAIL": NOREPLY,
            }
            for args in (
                ["init", "--quiet", "-b", "main"],
                ["commit", "--quiet", "--allow-empty", "-m", "Inbox"],
            ):
                done = subprocess.run(
                    ["git", "-C", str(path), *args], capture_output=True, text=True, env={**os.environ, **who}
                )
                if done.returncode != 0:
                    raise InboxError(f"cannot create the inbox {path}: {done.stderr.strip()}")
        return cls(path)

    def tracker(self) -> Tracker:
        """The submitters' receipts of this inbox (inside .git: never committed)."""
        return Tracker(Path(self.git("rev-parse", "--absolute-git-dir")) / "hub-status")

    def git(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None, check: bool = True
    ) -> str:
        result = subprocess.run(
            ["git", "-C", str(self.path), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
        )
        if check and result.returncode != 0:
            raise InboxError(f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout.strip()

    def base(self) -> str:
        return self.git("symbolic-ref", "--short", "HEAD")

    def _exists(self, ref: str) -> bool:
        return bool(self.git("rev-parse", "--verify", "--quiet", ref, check=False))

    def _file_on(self, ref: str, practice_id: str) -> str | None:
        path = f"{ref}:practices/{practice_id}.md"
        return self.git("show", path) + "\n" if self._exists(path) else None

    def submit(
        self, practice_id: str, text: str, name: str, organisation: str, private: dict[str, str] | None = None
    ) -> Submitted:
        """Commit the file on ``submission/<id>``; the same file twice is one submission."""
        branch = PREFIX + practice_id
        if self._exists(f"refs/heads/{branch}"):
            return self._same_or_conflict(branch, practice_id, text)
        base = self.base()
        if self._file_on(base, practice_id) is not None:
            raise InboxError(Message("id_exists", id=practice_id))
        commit = self._commit(base, practice_id, text, name, organisation)
        try:  # the empty old value makes git refuse a branch that exists (a double click's twin)
            self.git("update-ref", f"refs/heads/{branch}", commit, "")
        except InboxError:
            return self._same_or_conflict(branch, practice_id, text)
        self._keep_private(practice_id, private)  # always: never an older submission's details
        return Submitted(branch, commit, True)

    def _same_or_conflict(self, branch: str, practice_id: str, text: str) -> Submitted:
        if self._file_on(branch, practice_id) == text.rstrip("\n") + "\n":
            return Submitted(branch, self.git("rev-parse", branch), False)
        raise InboxError(Message("submission_waiting", id=practice_id))

    def _commit(self, base: str, practice_id: str, text: str, name: str, organisation: str) -> str:
        blob = self.git("hash-object", "-w", "--stdin", stdin=text)
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.git("read-tree", base, env=env)
            self.git(
                "update-index", "--add", "--cacheinfo", f"100644,{blob},practices/{practice_id}.md", env=env
            )
            tree = self.git("write-tree", env=env)
        who = {
            "GIT_AUTHOR_NAME": f"{name} ({organisation})",
            "GIT_AUTHOR_EMAIL": NOREPLY,
            "GIT_COMMITTER_NAME": "GCM Practice Hub",
            "GIT_COMMITTER_EMAIL": NOREPLY,
        }
        message = (
            f"Submit practice {practice_id}\n\nSubmitted through the web form by {name}, "
            f"{organisation}.\n\nSubmitted-by: {name}\nOrganisation: {organisation}\n"
        )
        return self.git("commit-tree", tree, "-p", base, stdin=message, env=who)

    def _private_dir(self) -> Path:
        # Inside .git: never committed, never pushed, readable by the reviewers of this machine.
        return Path(self.git("rev-parse", "--absolute-git-dir")) / "hub-private"

    def _keep_private(self, practice_id: str, details: dict[str, str] | None) -> None:
        folder = self._private_dir()
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / f"{practice_id}.json"
        if not details:
            path.unlink(missing_ok=True)
            return
        path.write_text(json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8")
        path.chmod(0o600)

    def private(self, practice_id: str) -> dict[str, str] | None:
        path = self._private_dir() / f"{practice_id}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def pending(self) -> list[Pending]:
        """Waiting submissions, each with the problems `hub check --strict` finds."""
        # NUL-separated: an author name may hold tabs or line breaks (\r, \x1c, \u2028...).
        out = self.git(
            "for-each-ref",
            "--format=%(refname:short)%00%(authorname)%00%(authordate:short)%00",
            f"refs/heads/{PREFIX}",
        )
        result = []
        for record in filter(None, out.split("\x00\n")):
            branch, author, date = record.rstrip("\x00").split("\x00")
            practice_id = branch[len(PREFIX) :]
            result.append(Pending(practice_id, branch, author, date, self.check(practice_id)))
        return result

    def check(self, practice_id: str) -> list[Problem]:
        """Problems (errors and warnings) of the practices branch with this submission added."""
        text = self._file_on(PREFIX + practice_id, practice_id)
        if text is None:
            raise InboxError(f"there is no pending submission {practice_id!r}")
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "practices"
            source = self.path / "practices"
            shutil.copytree(source, folder) if source.exists() else folder.mkdir()
            (folder / f"{practice_id}.md").write_text(text, encoding="utf-8")
            problems = load([folder]).problems
        shown = f"practices/{practice_id}.md"
        return [
            Problem(
                shown if p.path.endswith(f"/{practice_id}.md") else p.path.replace(scratch + "/", ""),
                p.line,
                p.field,
                p.message,
                p.severity,
            )
            for p in problems
        ]

    def accept(self, practice_id: str, status: str = "reviewed", today: dt.date | None = None) -> str:
        """After a strict check, record the review (``status``, the day) on the submission and merge it."""
        if status not in vocabulary.review_statuses() or status == "submitted":
            raise InboxError(f"{status!r} is not a review status to accept with; use reviewed or validated")
        problems = self.check(practice_id)
        if problems:
            listed = "\n".join(str(p) for p in problems)
            raise InboxError(f"hub check --strict fails; nothing was merged:\n{listed}")
        if self.git("status", "--porcelain", "--untracked-files=no"):
            raise InboxError(f"{self.path} has uncommitted changes; commit or stash them first")
        branch = PREFIX + practice_id
        self._record_review(branch, practice_id, status, today or dt.date.today())
        merged = subprocess.run(
            [
                "git",
                "-C",
                str(self.path),
                "merge",
                "--no-ff",
                "-m",
                f"Accept submission {practice_id}",
                branch,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if merged.returncode != 0:
            self.git("merge", "--abort", check=False)
            raise InboxError(f"the merge failed: {merged.stderr.strip() or merged.stdout.strip()}")
        self.git("branch", "-d", branch)
        self._keep_private(practice_id, None)  # the reviewers are done with it
        return self.git("rev-parse", "HEAD")

    def _record_review(self, branch: str, practice_id: str, status: str, day: dt.date) -> None:
        """A commit on the submission's branch that sets its ``review`` line."""
        text = self._file_on(branch, practice_id) or ""
        reviewed = with_review(text, status, day)
        blob = self.git("hash-object", "-w", "--stdin", stdin=reviewed)
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.git("read-tree", branch, env=env)
            path = f"practices/{practice_id}.md"
            self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.git("write-tree", env=env)
        who = {"GIT_COMMITTER_NAME": "GCM Practice Hub", "GIT_COMMITTER_EMAIL": NOREPLY}
        who |= {"GIT_AUTHOR_NAME": "GCM Practice Hub", "GIT_AUTHOR_EMAIL": NOREPLY}
        message = f"Review {practice_id}: {status} on {day.isoformat()}\n"
        commit = self.git("commit-tree", tree, "-p", branch, stdin=message, env=who)
        self.git("update-ref", f"refs/heads/{branch}", commit, self.git("rev-parse", branch))

    def reject(self, practice_id: str, reason: str) -> None:
        """Record why in an annotated tag ``rejected/<id>``, then remove the branch."""
        branch = PREFIX + practice_id
        if not self._exists(f"refs/heads/{branch}"):
            raise InboxError(f"there is no pending submission {practice_id!r}")
        if not reason.strip():
            raise InboxError("give a reason: it is recorded for the submitter")
        tag = f"rejected/{practice_id}"
        if self._exists(f"refs/tags/{tag}"):
            tag += "-" + self.git("rev-parse", "--short", branch)
        env = {"GIT_COMMITTER_NAME": "GCM Practice Hub", "GIT_COMMITTER_EMAIL": NOREPLY}
        self.git("tag", "-a", tag, "-m", f"Rejected: {reason.strip()}", branch, env=env)
        self.git("branch", "-D", branch)
        self._keep_private(practice_id, None)


def with_review(text: str, status: str, day: dt.date) -> str:
    """The practice file's text with its front matter's ``review`` set (replaced or added)."""
    line = f"review: {{status: {status}, date: {day.isoformat()}}}"
    lines = text.split("\n")
    end = next((n for n, item in enumerate(lines[1:], 1) if item.rstrip() in ("---", "...")), len(lines))
    for n in range(1, end):
        if re.match(r"review\s*:", lines[n]):
            stop = n + 1
            while stop < end and lines[stop][:1] in (" ", "\t"):
                stop += 1  # a block mapping's indented lines
            return "\n".join([*lines[:n], line, *lines[stop:]])
    after = next((n + 1 for n in range(1, end) if re.match(r"submitted\s*:", lines[n])), end)
    return "\n".join([*lines[:after], line, *lines[after:]])
