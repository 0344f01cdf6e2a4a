"""A practices folder that is missing, not a folder, unreadable or vanishing mid-build: a clear message,
and the published index keeps serving."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

from click.testing import CliRunner

from hub.cli import main
from indexer.search.whoosh_engine.store import Store
from tests.faults.conftest import clear_failure, hub_index, start_hub_index


def published(collections, tmp_path):
    index = tmp_path / "index"
    assert hub_index(collections.a.path, index).returncode == 0
    return index, Store(index).current_id()


def test_a_missing_folder(collections, tmp_path):
    index, generation = published(collections, tmp_path)
    clear_failure(hub_index(tmp_path / "nowhere", index), "nowhere: no such file or folder")
    assert Store(index).current_id() == generation


def test_a_folder_that_is_a_dangling_link(collections, tmp_path):
    index, generation = published(collections, tmp_path)
    (tmp_path / "practices").symlink_to(tmp_path / "moved-away")
    clear_failure(hub_index(tmp_path / "practices", index), "no such file or folder")
    assert Store(index).current_id() == generation


def test_a_folder_that_is_not_a_folder(collections, tmp_path):
    index, generation = published(collections, tmp_path)
    os.mkfifo(tmp_path / "practices")
    clear_failure(hub_index(tmp_path / "practices", index), "cannot be read", "Not a directory")
    assert Store(index).current_id() == generation


def test_an_unreadable_folder(collections, tmp_path, monkeypatch):
    """chmod 000 does not stop root, who runs CI: the refusal is simulated where it would happen."""
    index, generation = published(collections, tmp_path)
    folder = tmp_path / "practices"
    shutil.copytree(collections.b.path, folder)
    real_iterdir = Path.iterdir

    def refused(path):
        if path == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_iterdir(path)

    monkeypatch.setattr(Path, "iterdir", refused)
    result = CliRunner().invoke(main, ["index", "--practices", str(folder), "--index", str(index)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "cannot be read (Permission denied)" in result.output
    assert Store(index).current_id() == generation


def test_unreadable_files_are_named_and_nothing_is_published(collections, tmp_path, monkeypatch):
    index, generation = published(collections, tmp_path)
    folder = tmp_path / "practices"
    shutil.copytree(collections.b.path, folder)
    victim = sorted(folder.glob("*.md"))[3]
    real_open = Path.open

    def refused(path, *args, **kwargs):
        if path == victim:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    result = CliRunner().invoke(main, ["index", "--practices", str(folder), "--index", str(index)])
    assert result.exit_code == 1
    assert f"{victim}:1: file: cannot be read (Permission denied)" in result.output
    assert "nothing was published (the previous index keeps serving)" in result.output
    assert Store(index).current_id() == generation


def test_a_folder_that_vanishes_during_the_build(collections, tmp_path):
    index, generation = published(collections, tmp_path)
    rng = random.Random(7)
    for attempt in range(3):
        folder = tmp_path / f"practices-{attempt}"
        shutil.copytree(collections.b.path, folder)
        build = start_hub_index(folder, index)
        time.sleep(rng.uniform(0.3, 1.2))
        shutil.rmtree(folder)
        _, err = build.communicate(timeout=120)
        assert "Traceback" not in err, err
        if build.returncode == 0:  # it had read everything before the folder went
            generation = Store(index).current_id()
            continue
        assert build.returncode == 1 and "Error: " in err, err
        assert Store(index).current_id() == generation
