"""Turn practices into Whoosh documents and write a generation, fully or incrementally."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer import SCHEMA_VERSION
from indexer.model import Practice
from indexer.rendering import Rendered, render_many
from indexer.search.documents import card, changes, fingerprint, group_of, meta_text
from indexer.search.interface import BuildReport
from indexer.search.whoosh_engine.analysis import PARTS, field_name, schema, stop_text
from indexer.search.whoosh_engine.store import Store
from indexer.semantic import vectors as semantic_vectors
from indexer.semantic.vectors import PracticeVectors

Progress = Callable[[int], None]
# Whoosh analyses and writes in this many processes on a full build (one segment each).
PROCS = max(1, min(4, os.cpu_count() or 1))
VECTOR_FILES = (semantic_vectors.MATRIX_FILE, semantic_vectors.HEADER_FILE)  # written anew by each build
PARALLEL_FROM = 500  # below this, starting processes costs more than rendering


def document(practice: Practice, rendered: Rendered) -> dict[str, Any]:
    """The Whoosh document of a practice, with its body rendered (safe HTML and text)."""
    group = group_of(practice.language)
    texts = {"title": practice.title, "summary": practice.summary, "body": rendered.text}
    doc = {field_name(part, group): texts[part] for part in PARTS}
    doc.update(
        id=practice.id,
        meta=meta_text(practice),
        stops=stop_text("\n".join(texts.values()), group),
        # Suggestions come from the words of titles, summaries and keywords: real, well-spelt
        # words, and a fraction of the cost of analysing every body twice.
        spell="\n".join([practice.title, practice.summary, *practice.tags]),
        card=json.dumps(card(practice), ensure_ascii=False),
        body=practice.body,
        html=rendered.html,
    )
    return doc


def build(
    store: Store,
    practices: Iterable[Practice],
    *,
    full: bool = False,
    progress: Progress | None = None,
    vectors: PracticeVectors | None = None,
) -> BuildReport:
    """Publish exactly ``practices`` (and their vectors) as a new generation (call with the lock held)."""
    started = time.perf_counter()
    wanted = {p.id: p for p in practices}
    prints = {pid: fingerprint(p) for pid, p in wanted.items()}
    store.remove_leftovers()
    previous = _previous(store) if not full else None
    added, updated, removed = changes(previous[1]["fingerprints"] if previous else None, prints)
    checksum = vectors.checksum() if vectors is not None else None
    same_vectors = previous is not None and previous[1].get("vectors", {}).get("checksum") == checksum
    if previous is not None and not (added or updated or removed) and same_vectors:
        return BuildReport(
            len(wanted), 0, 0, 0, time.perf_counter() - started, previous[1]["generation"], False
        )
    workspace = store.new_workspace()
    if previous is None:
        _write_full(workspace, wanted.values(), progress)
    else:
        _link_generation(previous[0], workspace)
        if added or updated or removed:
            changed = [wanted[i] for i in sorted(added | updated)]
            _write_changes(workspace, changed, updated | removed, progress)
    if vectors is not None:
        semantic_vectors.save(vectors, workspace)
    generation = workspace.name.split("-", 2)[2]
    meta = {
        "schema_version": SCHEMA_VERSION,
        "generation": generation,
        "practices": len(wanted),
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "fingerprints": prints,
        "files": manifest(workspace),
        "vectors": {"model": vectors.model, "checksum": checksum} if vectors is not None else {},
    }
    store.publish(workspace, meta)
    return BuildReport(
        len(wanted),
        len(added),
        len(updated),
        len(removed),
        time.perf_counter() - started,
        generation,
        previous is None,
    )


def _previous(store: Store) -> tuple[Path, dict[str, Any]] | None:
    current = store.current()
    if current is None:
        return None
    try:
        meta = store.meta(current)
        if manifest(current) != meta.get("files"):
            return None  # a file was deleted, truncated or rewritten: rebuild in full
        whoosh_index.open_dir(str(current)).close()
    except Exception:
        return None
    return current, meta


def manifest(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of each index file: what a damaged generation changes."""
    files = {}
    for entry in sorted(folder.iterdir()):
        if entry.name != "meta.json" and not entry.name.endswith("LOCK"):
            stat = entry.stat()
            files[entry.name] = [stat.st_size, stat.st_mtime_ns]
    return files


def _write_full(folder: Path, practices: Iterable[Practice], progress: Progress | None) -> None:
    ix = whoosh_index.create_in(str(folder), schema())
    _write(ix, ix.writer(limitmb=256, procs=PROCS, multisegment=PROCS > 1), practices, set(), progress)


def _documents(practices: Iterable[Practice]) -> Iterator[dict[str, Any]]:
    """Whoosh documents; Markdown is rendered in worker processes with a time limit each
    (``indexer.rendering``), several at once when there are many."""
    practices = list(practices)
    processes = PROCS if len(practices) >= PARALLEL_FROM else 1
    rendered = render_many((practice.body for practice in practices), processes)
    yield from map(document, practices, rendered)


def _write(
    ix: Any, writer: Any, practices: Iterable[Practice], stale: set[str], progress: Progress | None
) -> None:
    """Delete the stale ids, add the practices, commit; cancel everything on any failure."""
    try:
        for practice_id in sorted(stale):
            writer.delete_by_term("id", practice_id)
        for n, doc in enumerate(_documents(practices), 1):
            writer.add_document(**doc)
            if progress:
                progress(n)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def _link_generation(source: Path, target: Path) -> None:
    """Hard-link the immutable files of a generation into a new workspace."""
    for entry in source.iterdir():
        if entry.name.endswith("LOCK") or entry.name in ("meta.json", *VECTOR_FILES):
            continue
        try:
            os.link(entry, target / entry.name)
        except OSError:
            # Another filesystem, or links not allowed: copy instead.
            (target / entry.name).write_bytes(entry.read_bytes())


def _write_changes(folder: Path, changed: list[Practice], stale: set[str], progress: Progress | None) -> None:
    ix = whoosh_index.open_dir(str(folder))
    _write(ix, ix.writer(limitmb=128), changed, stale, progress)
