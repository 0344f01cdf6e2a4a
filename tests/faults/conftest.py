"""Fault tests run the real `hub index` in a child process and hurt it: kill it, fill its disk,
break its files, take its practices away. The app under test is served in-process."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks.corpus import generate, write_files
from tests.conftest import ROOT

HERE = Path(__file__).parent
# Backends that the faults leave behind hold Whoosh's open files until they are collected.
QUIET = ["ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"]
HUB = [sys.executable, "-c", "from hub.cli import main; main()"]
TIMEOUT = 120  # seconds for one `hub index`; a build here takes about two
# These faults hurt the index build; the embedding model's own faults are tested in
# tests/faults/test_semantic_faults.py, so these children skip loading it.
CHILD_ENV = {**os.environ, "HUB_SEMANTIC": "off"}


def hub_index(practices: Path, index: Path, *args: str, **popen) -> subprocess.CompletedProcess:
    """Run `hub index` to the end (or to its timeout) and return what it did."""
    command = [*HUB, "index", "--practices", str(practices), "--index", str(index), *args]
    popen.setdefault("env", CHILD_ENV)
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, **popen)


def start_hub_index(practices: Path, index: Path, *args: str) -> subprocess.Popen:
    command = [*HUB, "index", "--practices", str(practices), "--index", str(index), *args]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=CHILD_ENV
    )


def clear_failure(result: subprocess.CompletedProcess, *words: str) -> None:
    """`hub index` failed as a user error: exit 1, a one-line reason, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("Error: ") or "\nError: " in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.fixture(scope="session")
def collections(tmp_path_factory):
    """Two collections of 80 generated practices with different ids: a rebuild changes everything."""
    root = tmp_path_factory.mktemp("collections")
    made = {}
    for name, seed in (("a", 11), ("b", 12)):
        practices = generate(80, seed=seed)
        write_files(practices, root / name)
        made[name] = SimpleNamespace(path=root / name, ids={p.id for p in practices})
    assert not made["a"].ids & made["b"].ids
    return SimpleNamespace(**made)


@pytest.fixture
def within():
    """Run a call with a deadline: a hung worker fails the test instead of hanging it."""
    pool = ThreadPoolExecutor(max_workers=4)

    def run(seconds: float, call, *args):
        return pool.submit(call, *args).result(timeout=seconds)

    yield run
    pool.shutdown(wait=False, cancel_futures=True)


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            for rule in QUIET:
                item.add_marker(pytest.mark.filterwarnings(rule))


@pytest.fixture(autouse=True)
def collect_garbage():
    """Close what a test's broken backends left open, inside the test (and its warning filters)."""
    yield
    gc.collect()
