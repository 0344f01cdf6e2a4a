from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from indexer.collection import load
from indexer.search.whoosh_engine import WhooshBackend
from tests.practice_text import practice_text

# Tests that are not about search by meaning run without the model (it takes seconds to
# load); the ones that are switch it on themselves (tests/test_semantic.py, test_hybrid.py).
os.environ["HUB_SEMANTIC"] = "off"
# A reviewer's merge (`hub submissions accept`) is made in the reviewer's git name; a fresh
# machine has none configured, so the tests bring their own instead of relying on ~/.gitconfig.
for _variable, _value in {
    "GIT_AUTHOR_NAME": "Hub tests",
    "GIT_AUTHOR_EMAIL": "tests@hub.invalid",
    "GIT_COMMITTER_NAME": "Hub tests",
    "GIT_COMMITTER_EMAIL": "tests@hub.invalid",
}.items():
    os.environ.setdefault(_variable, _value)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "practices"


@pytest.fixture
def write_practice(tmp_path):
    """Write a practice file into tmp_path/practices and return its path."""
    folder = tmp_path / "practices"
    folder.mkdir(exist_ok=True)

    def write(name: str = "test-practice", text: str | bytes | None = None, **fields) -> Path:
        path = folder / f"{name}.md"
        content = practice_text(**fields) if text is None else text
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write


@pytest.fixture
def all_words(monkeypatch):
    """Every query in "all" mode: the syntax's strict meaning, without the "most" fallback."""
    from indexer.search import matching

    monkeypatch.setattr(matching, "FEW", 0)


@pytest.fixture(scope="session")
def test_practices():
    """The committed test collection, validated."""
    collection = load([DATA])
    assert not collection.problems, collection.problems
    return collection.practices


@pytest.fixture(scope="session")
def app(backend):
    """The hub over the test index, without CSRF tokens or rate limits (tests of those make their own)."""
    from hub import create_app

    return create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def backend(tmp_path_factory, test_practices):
    """A Whoosh index of the test collection, built once per session; treat it as read-only."""
    engine = WhooshBackend(tmp_path_factory.mktemp("index"))
    engine.build(test_practices)
    return engine


@pytest.fixture
def submissions_repo(tmp_path):
    """A git repository with the test practices on its main branch."""
    import shutil
    import subprocess

    repo = tmp_path / "hub-content"
    shutil.copytree(DATA, repo / "practices")

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Test")
    git("config", "user.email", "test@example.invalid")
    git("add", "practices")
    git("commit", "-q", "-m", "The practices")
    return SimpleNamespace(path=repo, git=git)
