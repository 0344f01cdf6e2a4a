"""Search by meaning at 2,000 practices: search latency, index-time embedding, memory.

    PYTHONPATH=. .venv/bin/python -m benchmarks.hybrid [--size 2000] [--queries 300]

Measures, with the real model (USE multilingual v3) on the generated corpus
(``benchmarks.corpus``) and its workload (``benchmarks.workload``, 300 distinct queries):

- the cold embedding of every practice (model already loaded), and the model's load time;
- search p50/p99 on the Whoosh backend, words only and hybrid (each hybrid query embedded
  afresh: the query cache is emptied before every query);
- what embedding adds to `hub index` for one changed practice: reading the previous
  vectors, hashing, embedding the one practice, recomputing the other-language
  neighbours, writing the vectors (model loaded), and, separately, loading the model in a
  fresh process, which `hub index` must do before it can embed anything;
- the resident memory of a process with the index open and the model loaded (a web worker).

Prints the figures beside the targets of issue 12 (benchmarks/README.md, "Search by meaning").
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from benchmarks.workload import queries
from indexer import semantic
from indexer.search.meaning import HybridBackend
from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic.vectors import embed

TARGETS = {
    "hybrid_p50_ms": 8.0,
    "hybrid_p99_ms": 25.0,
    "lexical_p50_ms": 3.0,
    "one_change_s": 0.2,
    "rss_mb": 300,
}
LOAD = (
    "import time; t = time.perf_counter(); from indexer import semantic; semantic.load(); "
    "print(time.perf_counter() - t)"
)


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
    }


def timed_searches(search, workload) -> dict[str, float]:
    for query in workload[:20]:
        search(query)  # warm the posting caches
    seconds = []
    for query in workload:
        started = time.perf_counter()
        search(query)
        seconds.append(time.perf_counter() - started)
    return percentiles(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args(argv)
    loads = [
        float(subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True).stdout)
    ]
    practices = generate(args.size, 0)
    model = semantic.load()
    started = time.perf_counter()
    vectors, computed = embed(practices, model.model, lambda: model, None)
    cold = time.perf_counter() - started
    folder = Path(tempfile.mkdtemp(prefix="hybrid-bench-"))
    engine = WhooshBackend(folder / "index")
    engine.build(practices, vectors=vectors)
    changed = [dataclasses.replace(practices[7], summary=practices[7].summary + " Revised."), *practices[8:]]
    changed += practices[:7]
    plain = WhooshBackend(folder / "plain")
    plain.build(practices)
    started = time.perf_counter()
    plain.build(changed)
    words_only_build = time.perf_counter() - started
    started = time.perf_counter()
    revised, embedded = embed(changed, model.model, lambda: model, engine.vectors())
    embedding = time.perf_counter() - started
    started = time.perf_counter()
    engine.build(changed, vectors=revised)
    with_vectors_build = time.perf_counter() - started
    added = embedding + with_vectors_build - words_only_build
    engine.build(practices, vectors=vectors)
    hybrid = HybridBackend(engine, lambda: model, background=False, slow_seconds=float("inf"))
    workload = queries(practices, args.queries, seed=1)

    def hybrid_search(query):
        hybrid._cache.clear()
        return hybrid.search(query)

    lexical = timed_searches(engine.search, workload)
    mixed = timed_searches(hybrid_search, workload)
    joined = sum(1 for q in workload[:100] for h in hybrid.search(q).hits if h.matched == ("meaning",))
    report = {
        "practices": args.size,
        "queries": len(workload),
        "model": model.model,
        "model_load_s_fresh_process": loads[0],
        "cold_embedding_s": cold,
        "cold_embedding_ms_each": cold / computed * 1000,
        "one_change_embedding_step_s": embedding,
        "one_change_embedded": embedded,
        "one_change_build_s_words_only": words_only_build,
        "one_change_build_s_with_vectors": with_vectors_build,
        "one_change_added_s_model_loaded": added,
        "lexical": lexical,
        "hybrid": mixed,
        "meaning_only_hits_in_first_100_queries": joined,
        "rss_mb_index_and_model": resident_mb(),
    }
    print(json.dumps(report, indent=1))
    print(
        f"hybrid p50 {mixed['p50_ms']:.1f} ms (target {TARGETS['hybrid_p50_ms']}), "
        f"p99 {mixed['p99_ms']:.1f} ms (target {TARGETS['hybrid_p99_ms']}); "
        f"lexical p50 {lexical['p50_ms']:.1f} ms; one change adds {added:.2f} s + model load "
        f"{loads[0]:.1f} s (target {TARGETS['one_change_s']} s); cold embedding {cold:.1f} s; "
        f"resident {resident_mb():.0f} MB (target {TARGETS['rss_mb']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
