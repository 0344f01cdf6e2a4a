"""Relevance of the shipped collection's search on the judged questions of tests/relevance/.

    .venv/bin/python -m benchmarks.relevance                 # every mode, Whoosh
    .venv/bin/python -m benchmarks.relevance --mode lexical  # one mode

Modes: ``words`` is the matching before issue 12 (every word, no concept expansion);
``lexical`` is the hub's lexical search (forgiving matching and concept expansion);
``hybrid`` adds search by meaning (the real model, vectors built for the collection,
reciprocal rank fusion; ``--threshold`` overrides the similarity a practice needs to join,
``--calibrate`` prints the figures for a range of thresholds). Prints a Markdown table: recall@10, MRR,
cross-language recall@10 (only the relevant practices written in another language than
the question) and the zero-result rate, and writes benchmarks/results/relevance-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from indexer.collection import load
from indexer.search import Query, SearchBackend, matching

ROOT = Path(__file__).resolve().parent.parent
JUDGMENTS = ROOT / "tests" / "relevance" / "judgments.yaml"
PRACTICES = ROOT / "practices"
TOP = 10


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    text: str
    relevant: tuple[str, ...]


def questions(path: Path = JUDGMENTS) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [Question(q["id"], q["lang"], q["text"], tuple(q["relevant"])) for q in data]


@contextmanager
def words_only() -> Iterator[None]:
    """Every word required, as before forgiving matching."""
    before = matching.FEW
    matching.FEW = 0
    try:
        yield
    finally:
        matching.FEW = before


@contextmanager
def unchanged() -> Iterator[None]:
    yield


# mode -> (Query options, context the searches run in)
MODES: dict[str, tuple[dict, Callable[[], contextmanager]]] = {
    "words": ({"expand": False}, words_only),
    "lexical": ({}, unchanged),
    "hybrid": ({}, unchanged),
}


def evaluate(backend: SearchBackend, mode: str, judged: list[Question], languages: dict[str, str]) -> dict:
    """recall@10, MRR, cross-language recall@10 and zero-result rate of one mode."""
    options, context = MODES[mode]
    recalls, reciprocal, cross_found, cross_total, empty, rows = [], [], 0, 0, 0, []
    with context():
        for q in judged:
            results = backend.search(Query(text=q.text, page_size=TOP, **options))
            ranked = [hit.id for hit in results.hits]
            found = [pid for pid in q.relevant if pid in ranked]
            recalls.append(len(found) / len(q.relevant))
            first = next((i for i, pid in enumerate(ranked, 1) if pid in q.relevant), None)
            reciprocal.append(1 / first if first else 0.0)
            other = [pid for pid in q.relevant if languages[pid] != q.lang]
            cross_total += len(other)
            cross_found += sum(1 for pid in other if pid in ranked)
            empty += results.total == 0
            rows.append({"id": q.id, "text": q.text, "total": results.total, "top": ranked, "found": found})
    n = len(judged)
    return {
        "mode": mode,
        "recall@10": sum(recalls) / n,
        "mrr": sum(reciprocal) / n,
        "cross-language recall@10": cross_found / cross_total if cross_total else 0.0,
        "zero-result rate": empty / n,
        "questions": rows,
    }


def collection_languages() -> dict[str, str]:
    return {p.id: p.language for p in load([PRACTICES]).practices}


def whoosh(folder: Path) -> SearchBackend:
    from indexer.search.whoosh_engine import WhooshBackend

    backend = WhooshBackend(folder)
    backend.build(load([PRACTICES]).practices)
    return backend


def hybrid_backend(folder: Path, threshold: float | None = None) -> SearchBackend:
    """The hub's search by words and meaning over practices/ (the real model, loaded here)."""
    from indexer import semantic
    from indexer.search import hybrid
    from indexer.search.meaning import HybridBackend
    from indexer.search.whoosh_engine import WhooshBackend
    from indexer.semantic.vectors import embed

    practices = load([PRACTICES]).practices
    model = semantic.load()
    vectors, _ = embed(practices, model.model, lambda: model, None)
    backend = WhooshBackend(folder)
    backend.build(practices, vectors=vectors)
    chosen = hybrid.THRESHOLD if threshold is None else threshold
    return HybridBackend(
        backend, lambda: model, background=False, slow_seconds=float("inf"), threshold=chosen
    )


def calibrate(judged: list[Question], languages: dict[str, str], folder: Path) -> list[dict]:
    """The hybrid figures, and the mean result count, for thresholds from 0.20 to 0.50."""
    backend = hybrid_backend(folder)
    figures = []
    for step in range(7):
        backend.threshold = 0.20 + 0.05 * step
        backend._cache.clear()
        found = evaluate(backend, "hybrid", judged, languages)
        found["mode"] = f"hybrid, threshold {backend.threshold:.2f}"
        found["mean results"] = sum(q["total"] for q in found["questions"]) / len(judged)
        figures.append(found)
    return figures


def table(figures: list[dict]) -> str:
    lines = [
        "| mode | recall@10 | MRR | cross-language recall@10 | zero-result rate |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f['mode']} | {f['recall@10']:.2f} | {f['mrr']:.2f} | "
            f"{f['cross-language recall@10']:.2f} | {f['zero-result rate']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--mode", choices=list(MODES), action="append", help="a mode (default: every mode)")
    parser.add_argument("--threshold", type=float, help="the hybrid mode's similarity threshold")
    parser.add_argument("--calibrate", action="store_true", help="the hybrid mode at thresholds 0.20-0.50")
    args = parser.parse_args(argv)
    judged, languages = questions(), collection_languages()
    with tempfile.TemporaryDirectory() as folder:
        if args.calibrate:
            figures = calibrate(judged, languages, Path(folder) / "hybrid")
            for f in figures:
                print(f"{f['mode']}: mean {f['mean results']:.1f} results per question")
        else:
            backend = whoosh(Path(folder) / "words")
            modes = args.mode or list(MODES)
            meaning = hybrid_backend(Path(folder) / "hybrid", args.threshold) if "hybrid" in modes else None
            figures = [
                evaluate(meaning if mode == "hybrid" else backend, mode, judged, languages) for mode in modes
            ]
    print(f"{len(judged)} judged questions, {len(languages)} practices (Whoosh)\n")
    print(table(figures))
    out = ROOT / "benchmarks" / "results" / f"relevance-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
