"""Index generations: atomic switching, the build lock, schema versions, partial rebuilds."""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import pytest
from click.testing import CliRunner

from hub.cli import main
from indexer import SCHEMA_VERSION
from indexer.search import IndexUnavailable, Query
from indexer.search.whoosh_engine import WhooshBackend, writer
from indexer.search.whoosh_engine.store import BuildLocked
from tests.conftest import DATA
from tests.practice_text import practice_text

QUERIES = ["", "migrants", "remittances", '"seasonal worker"', "réfugiés", "retornadas OR harvest"]
# Misspellings: of words every build holds, and of the words only a deleted practice held.
MISSPELT = ["remitances", "seasonal harvset", "quixotik", "ferryboatt registri"]


def snapshot_of(backend):
    """Everything a reader sees, for comparing two indexes."""
    seen = []
    for text in QUERIES:
        results = backend.search(Query(text=text, page_size=100))
        seen.append(
            (
                text,
                results.total,
                [(h.id, round(h.score, 9), h.snippet) for h in results.hits],
                {f: [(v.value, v.count) for v in values] for f, values in results.facets.items()},
            )
        )
    seen += [(text, backend.suggest(text), backend.search(Query(text=text)).suggestion) for text in MISSPELT]
    return seen


def test_a_build_that_fails_halfway_leaves_the_old_index_serving(tmp_path, test_practices, monkeypatch):
    backend = WhooshBackend(tmp_path)
    backend.build(test_practices)
    before = backend.search(Query()).generation
    real = writer.document

    def failing(practice, *rest):
        if practice.id == test_practices[5].id:
            raise OSError(28, "No space left on device")
        return real(practice, *rest)

    monkeypatch.setattr(writer, "document", failing)
    with pytest.raises(OSError):
        backend.build(test_practices, full=True)
    assert backend.search(Query()).generation == before
    assert WhooshBackend(tmp_path).search(Query()).total == len(test_practices)
    monkeypatch.setattr(writer, "document", real)
    report = backend.build(test_practices, full=True)
    assert report.generation != before and not list(tmp_path.glob("tmp-*"))


def test_a_running_reader_picks_up_a_new_generation_without_restart(tmp_path, test_practices):
    reader = WhooshBackend(tmp_path)
    WhooshBackend(tmp_path).build(test_practices[:5])
    assert reader.search(Query()).total == 5
    WhooshBackend(tmp_path).build(test_practices)
    assert reader.search(Query()).total == len(test_practices)


def test_partial_rebuild_equals_full_rebuild(tmp_path, test_practices):
    """Results, scores, snippets, facet counts and spelling suggestions are the same."""
    before = list(test_practices)
    before[3] = dataclasses.replace(before[3], title="Quixotic ferryboat registry")  # words only it has
    changed = list(before)
    changed[0] = dataclasses.replace(changed[0], summary="A new summary about remittances and harvest.")
    del changed[3]  # removed
    added = dataclasses.replace(test_practices[3], id="brand-new-practice", title="A brand new practice")
    changed.append(added)

    partial = WhooshBackend(tmp_path / "partial")
    partial.build(before)
    assert partial.suggest("quixotik") == "quixotic"
    report = partial.build(changed)
    assert (report.added, report.updated, report.removed, report.full) == (1, 1, 1, False)

    full = WhooshBackend(tmp_path / "full")
    full.build(changed, full=True)
    assert snapshot_of(partial) == snapshot_of(full)
    assert partial.suggest("quixotik") is None and partial.suggest("remitances") == "remittances"


def test_an_unchanged_collection_publishes_nothing_new(tmp_path, test_practices):
    backend = WhooshBackend(tmp_path)
    first = backend.build(test_practices)
    again = backend.build(test_practices)
    assert again.generation == first.generation and again.added == again.updated == 0


def test_a_second_build_waits_or_exits_with_a_message(tmp_path, test_practices):
    backend = WhooshBackend(tmp_path)
    held, release = threading.Event(), threading.Event()

    def hold():
        with backend.store.lock():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        with pytest.raises(BuildLocked, match="another `hub index` is building"):
            WhooshBackend(tmp_path).build(test_practices)
        threading.Timer(0.3, release.set).start()
        started = time.monotonic()
        WhooshBackend(tmp_path).build(test_practices, wait=5)
        assert time.monotonic() - started >= 0.2
    finally:
        release.set()
        thread.join()


def test_a_stale_schema_version_says_how_to_rebuild(tmp_path, test_practices):
    backend = WhooshBackend(tmp_path)
    backend.build(test_practices)
    meta_path = backend.store.current() / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["schema_version"] = SCHEMA_VERSION - 1
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexUnavailable, match="rebuild it with `hub index`"):
        WhooshBackend(tmp_path).search(Query())
    assert WhooshBackend(tmp_path).health()["ok"] is False
    # hub index repairs it with a full build
    report = WhooshBackend(tmp_path).build(test_practices)
    assert report.full and WhooshBackend(tmp_path).search(Query()).total == len(test_practices)


def test_no_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexUnavailable, match="build it with `hub index`"):
        WhooshBackend(tmp_path / "nothing").search(Query())


def test_hub_index_publishes_and_summarises(tmp_path):
    result = CliRunner().invoke(main, ["index", "--practices", str(DATA), "--index", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "indexed 12 practice(s): 12 added" in result.stdout
    assert WhooshBackend(tmp_path).search(Query()).total == 12


def test_hub_index_refuses_to_publish_errors_unless_told(tmp_path, write_practice):
    write_practice("good")
    write_practice("bad", objectives=[24], title="Another")
    folder = tmp_path / "practices"
    runner = CliRunner()
    refused = runner.invoke(main, ["index", "--practices", str(folder), "--index", str(tmp_path / "ix")])
    assert refused.exit_code == 1
    assert "bad.md:" in refused.stderr and "nothing was published" in refused.stderr
    assert not (tmp_path / "ix" / "current").exists()
    skipped = runner.invoke(
        main, ["index", "--practices", str(folder), "--index", str(tmp_path / "ix"), "--skip-invalid"]
    )
    assert skipped.exit_code == 0 and "skipped" in skipped.stderr and "bad.md" in skipped.stderr
    assert "1 skipped" in skipped.stdout
    assert [h.id for h in WhooshBackend(tmp_path / "ix").search(Query()).hits] == ["good"]


def test_hub_index_on_a_missing_folder_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(
        main, ["index", "--practices", str(tmp_path / "gone"), "--index", str(tmp_path)]
    )
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_documents_rendered_in_worker_processes_equal_a_serial_build(tmp_path, test_practices, monkeypatch):
    serial = WhooshBackend(tmp_path / "serial")
    serial.build(test_practices, full=True)
    monkeypatch.setattr(writer, "PARALLEL_FROM", 1)
    monkeypatch.setattr(writer, "PROCS", 2)
    parallel = WhooshBackend(tmp_path / "parallel")
    parallel.build(test_practices, full=True)
    assert snapshot_of(parallel) == snapshot_of(serial)


def test_field_lengths_read_in_bulk_equal_whooshs_own(tmp_path, test_practices):
    import numpy as np

    backend = WhooshBackend(tmp_path)
    backend.build(test_practices[:6])
    backend.build(test_practices)  # a second segment, and deleted documents in none
    snapshot = backend.snapshot()
    for field in ("title_en", "summary_fr", "body_es", "body_xx", "meta"):
        per_document = [snapshot.reader.doc_field_length(d, field, 0) or 0 for d in snapshot.docnums]
        assert np.array_equal(snapshot._read_lengths(field), np.array(per_document, dtype=np.float32))


def test_hub_index_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    import shutil

    from indexer import collection as collection_module
    from indexer.parsecache import ParseCache

    folder = tmp_path / "practices"
    shutil.copytree(DATA, folder)
    (folder / "with-a-warning.md").write_text(practice_text(title="Warned", contact="ana.perez@gmail.com"))
    runner = CliRunner()
    arguments = ["index", "--practices", str(folder), "--index", str(tmp_path / "ix")]
    assert runner.invoke(main, arguments).exit_code == 0
    parsed = []
    real = collection_module.check_bytes
    monkeypatch.setattr(
        collection_module, "check_bytes", lambda *a, **k: parsed.append(a[0]) or real(*a, **k)
    )
    changed = folder / "seasonal-worker-scheme.md"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("harvest", "fruit harvest"), encoding="utf-8"
    )
    result = runner.invoke(main, arguments)
    assert result.exit_code == 0 and "1 updated" in result.stdout
    assert parsed == [str(changed)]
    assert [h.id for h in WhooshBackend(tmp_path / "ix").search(Query(text="fruit")).hits] == [
        "seasonal-worker-scheme"
    ]
    # A damaged cache only costs time: everything is parsed again, with the same result.
    (tmp_path / "ix" / "parse-cache.json").write_text("{not json", encoding="utf-8")
    parsed.clear()
    assert runner.invoke(main, arguments).exit_code == 0 and len(parsed) == 13
    # Cached results are the validator's own, problems included.
    cache = ParseCache(tmp_path / "ix" / "parse-cache.json")
    fresh = collection_module.load([folder])
    cached = collection_module.load([folder], cache=cache)
    assert cache.hits == 13
    assert cached.problems == fresh.problems and [p.field for p in cached.warnings] == ["contact"]
    assert [p.to_dict() for p in cached.practices] == [p.to_dict() for p in fresh.practices]
    assert [p.lines for p in cached.practices] == [p.lines for p in fresh.practices]


def test_loading_a_generation_leaves_the_garbage_collector_alone(tmp_path, test_practices):
    """No process-wide side effect in a constructor: only the server's start-up freezes."""
    import gc

    from hub import create_app
    from hub.server import warm_up

    backend = WhooshBackend(tmp_path)
    backend.build(test_practices)
    frozen = gc.get_freeze_count()
    assert backend.search(Query()).total == len(test_practices)  # loads the generation
    assert gc.get_freeze_count() == frozen
    try:
        warm_up(create_app({"BACKEND": WhooshBackend(tmp_path), "TESTING": True}))
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
