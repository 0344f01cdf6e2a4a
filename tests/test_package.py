"""The hub as a package: the wheel carries everything it needs and serves a collection anywhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import DATA, ROOT
from tests.support.network import free_port, wait_for

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SOURCES = ("pyproject.toml", "README.md", "hub", "indexer", "templates")
TIMEOUT = 120


def source_packages() -> set[str]:
    """Every folder of hub/, indexer/ and templates/ that holds files, named as installed."""
    names = set()
    for top, installed in (("hub", "hub"), ("indexer", "indexer"), ("templates", "hub.templates")):
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]:
            if (
                folder.is_dir()
                and folder.name != "__pycache__"
                and any(p.is_file() for p in folder.iterdir())
            ):
                names.add(".".join([installed, *folder.relative_to(ROOT / top).parts]))
    return names


def test_pyproject_names_every_package_of_the_source_tree():
    assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == source_packages()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with the hub's wheel installed and nothing else of this tree.

    The dependencies are the test environment's own (a .pth line), so no network is needed.
    """
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(source)], work)
    (wheel,) = (work / "dist").glob("gcm_practice_hub-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for top, installed_as in (("hub", "hub"), ("indexer", "indexer"), ("templates", "hub/templates")):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                name = "/".join([installed_as, *path.relative_to(ROOT / top).parts])
                assert name in shipped, f"{name} is not in the wheel (pyproject.toml's package-data)"
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    python = venv / "bin" / "python"
    run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], work)
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work))
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return venv


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done.stdout.strip()


def clean_environment() -> dict[str, str]:
    """This process's environment without HUB_ settings or paths that lead back to the source tree."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("HUB_") and k != "PYTHONPATH"}
    return {**keep, "HUB_SECRET_KEY": "package-test"}


def test_the_wheel_serves_a_collection_anywhere(installed, tmp_path):
    hub, env = str(installed / "bin" / "hub"), clean_environment()
    where = run([str(installed / "bin" / "python"), "-c", "import hub; print(hub.__file__)"], tmp_path, env)
    assert Path(where).is_relative_to(installed), where

    collection = tmp_path / "ministry-hub"
    shutil.copytree(DATA, collection / "practices")
    inside = collection / "practices"
    # `hub new` from a sub-folder writes into the collection's practices/, from the packaged template.
    out = run([hub, "new", "Ventanilla de empleo", "--language", "es"], inside, env)
    written = collection / "practices" / "ventanilla-de-empleo.md"
    assert written.is_file(), out
    assert 'title: "Ventanilla de empleo"' in written.read_text(encoding="utf-8")

    checked = subprocess.run(
        [hub, "check"], cwd=inside, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(list(DATA.glob('*.md'))) + 1} file(s) checked: 0 error(s)" in checked.stderr

    indexed = run([hub, "index"], collection, env)
    assert indexed.startswith(f"indexed {len(list(DATA.glob('*.md'))) + 1} practice(s)"), indexed
    assert (collection / "var" / "index").exists()

    port, log = free_port(), (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [hub, "serve", "--port", str(port), "--workers", "1"],
        cwd=inside,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", 30, server)
        search = page(f"http://127.0.0.1:{port}/search?q=seasonal+harvest")
        titles = [a.get_text(strip=True) for a in search.select("article.result .result-title a")]
        assert titles[:1] == ["Seasonal worker scheme"], titles
        practice = page(f"http://127.0.0.1:{port}/practices/ventanilla-de-empleo")
        assert practice.h1.get_text(strip=True) == "Ventanilla de empleo"
        stylesheet = practice.select_one("link[rel=stylesheet]")["href"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as response:
            assert b"font" in response.read()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
    served = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "GET /practices/ventanilla-de-empleo" in served, served


def page(url: str) -> BeautifulSoup:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return BeautifulSoup(response.read(), "html.parser")
