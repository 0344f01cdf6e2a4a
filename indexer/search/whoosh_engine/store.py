"""Index generations on disk: built aside, published by an atomic switch, under a lock.

Layout of the index folder::

    current -> generations/<id>     a symlink, replaced atomically (rename)
    generations/<id>/               a complete Whoosh index plus meta.json
    tmp-<pid>-<id>/                 a build in progress (removed if its builder died)
    build.lock                      flock()ed by the one running build

Readers resolve ``current`` and never see a partial index; a build that fails or is
killed leaves the published generation serving, and its leftovers are removed by the
next build. The lock is a kernel file lock, so a killed builder leaves no stale lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer import SCHEMA_VERSION
from indexer.search.interface import IndexUnavailable

CURRENT = "current"
GENERATIONS = "generations"
KEEP_GENERATIONS = 3
META = "meta.json"


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


class Store:
    """The index folder and its generations."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def generations(self) -> Path:
        return self.root / GENERATIONS

    def current(self) -> Path | None:
        """The published generation's folder, or None when nothing is published."""
        link = self.root / CURRENT
        try:
            target = os.readlink(link)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise IndexUnavailable(f"the index at {self.root} cannot be read: {error.strerror}") from None
        return (self.root / target).resolve()

    def current_id(self) -> str | None:
        path = self.current()
        return path.name if path else None

    def meta(self, generation: Path) -> dict[str, Any]:
        """A generation's meta.json; IndexUnavailable when it is missing, corrupt or stale."""
        try:
            meta = json.loads((generation / META).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise IndexUnavailable(
                f"the index generation {generation.name} is incomplete or was "
                "deleted; rebuild it with `hub index`"
            ) from None
        except (OSError, ValueError) as error:
            raise IndexUnavailable(
                f"the index metadata is unreadable ({error}); rebuild it with `hub index`"
            ) from None
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"the index was built with schema version {meta.get('schema_version')} "
                f"and this hub reads version {SCHEMA_VERSION}; rebuild it with "
                "`hub index`"
            )
        return meta

    @contextmanager
    def lock(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the build lock; wait up to ``wait`` seconds, then BuildLocked."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "build.lock").open("a+") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise BuildLocked(
                            f"another `hub index` is building {self.root}; wait for it "
                            "to finish or pass --wait SECONDS"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def remove_leftovers(self) -> None:
        """Remove the workspaces of builds that died (call with the lock held)."""
        for leftover in self.root.glob("tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def new_workspace(self) -> Path:
        """A fresh folder for a build (call with the lock held)."""
        generation = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        path = self.root / f"tmp-{os.getpid()}-{generation}"
        path.mkdir(parents=True)
        return path

    def publish(self, workspace: Path, meta: dict[str, Any]) -> Path:
        """Write meta.json, move the workspace into generations/ and switch ``current`` to it."""
        _write_durably(workspace / META, json.dumps(meta, ensure_ascii=False, indent=1))
        self.generations.mkdir(exist_ok=True)
        final = self.generations / workspace.name.split("-", 2)[2]
        os.rename(workspace, final)
        link = self.root / f"{CURRENT}.new"
        link.unlink(missing_ok=True)
        os.symlink(Path(GENERATIONS) / final.name, link)
        os.replace(link, self.root / CURRENT)
        _fsync_dir(self.root)
        self.prune()
        return final

    def prune(self) -> None:
        """Delete old generations, keeping the newest few for readers still on them."""
        current = self.current()
        generations = sorted(self.generations.iterdir(), key=lambda p: p.name)
        for old in generations[:-KEEP_GENERATIONS]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)


def _write_durably(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
