"""Run the search benchmark: Whoosh backend against the SQLite FTS5 reference, same process.

    .venv/bin/python -m benchmarks.run --sizes 2000 20000 [--queries 300] [--runs 3]

For each size: generate the corpus; time the Whoosh full build, a few one-practice
publishes, and the FTS5 build; warm both engines with a separate workload; then time every
query of the measured workload on both engines, interleaved (the engine that goes first
alternates). Each run uses its own workload (seeds 1, 1001, 2001, ...): no query is
asked twice in the whole benchmark, so no result can come from a cache. Prints a Markdown
table and writes everything to ``benchmarks/results/<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import generate, practice_text, write_files
from benchmarks.fts5 import Fts5Reference
from benchmarks.workload import describe, key, queries
from indexer.collection import cross_check, load, read_one
from indexer.model import Practice
from indexer.parsecache import ParseCache
from indexer.search.interface import Query
from indexer.search.postgres_engine import PostgresBackend
from indexer.search.whoosh_engine import WhooshBackend, engine

RESULTS = Path(__file__).parent / "results"
TARGETS = {  # size -> (full build s, one changed file s, p50 ms, p99 ms)
    2000: (10.0, 0.5, 2.0, 8.0),
    20000: (90.0, 1.0, 8.0, 40.0),
}
ENGINES = ("whoosh", "fts5")  # always measured; PostgreSQL too with --postgres
PUBLISHES = 3  # one-changed-practice publishes timed per size


def timed(work: Callable, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work(*args, **kwargs)
    return time.perf_counter() - started, result


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def summary_stats(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {
        "p50": float(np.percentile(ms, 50)),
        "p90": float(np.percentile(ms, 90)),
        "p99": float(np.percentile(ms, 99)),
        "mean": float(ms.mean()),
        "max": float(ms.max()),
    }


def shape(query: Query) -> str:
    text = query.text
    if text.startswith('"'):
        return "phrase"
    if " -" in text or " OR " in text:
        return "operator"
    return f"{len(text.split())} word(s)"


# Building --------------------------------------------------------------------------------------


def revise(practice: Practice, mark: str) -> Practice:
    """The practice with its summary changed (still under the 600-character limit)."""
    note = f" (revised {mark})."
    return dataclasses.replace(practice, summary=practice.summary[: 599 - len(note)].rstrip(". ") + note)


def publish_changes(backend: WhooshBackend, practices: list[Practice]) -> list[float]:
    """Change one practice at a time and publish; the seconds of each incremental build."""
    seconds = []
    for n in range(PUBLISHES):
        index = (n + 1) * len(practices) // (PUBLISHES + 1)
        practices[index] = revise(practices[index], str(n))
        elapsed, report = timed(backend.build, practices)
        if (report.updated, report.added, report.removed, report.full) != (1, 0, 0, False):
            raise RuntimeError(f"an incremental publish did not update exactly one practice: {report}")
        seconds.append(elapsed)
    return seconds


def publish_file(backend: WhooshBackend, practices: list[Practice], folder: Path) -> dict[str, float]:
    """The ``hub index`` path for one edited file: read every file (parsing only the edited
    one, thanks to the parse cache the previous run left), cross-check, build."""
    result: dict[str, float] = {}
    result["write_files_s"], paths = timed(write_files, practices, folder)
    cache_path = folder.parent / "parse-cache.json"
    previous = ParseCache(cache_path)
    result["read_validate_uncached_s"], _ = timed(lambda: [read_one(p, cache=previous) for p in paths])
    previous.save()
    changed = revise(practices[len(practices) // 7], "file")
    (folder / f"{changed.id}.md").write_text(practice_text(changed), encoding="utf-8")

    def read_all() -> list[Practice | None]:
        cache = ParseCache(cache_path)
        found = [read_one(p, cache=cache)[0] for p in paths]
        cache.save()
        return found

    result["read_validate_s"], loaded = timed(read_all)
    invalid = [str(path) for path, practice in zip(paths, loaded, strict=True) if practice is None]
    if invalid:
        raise RuntimeError(f"generated practice files do not validate: {invalid[:3]}")
    result["cross_check_s"] = timed(cross_check, loaded)[0]
    result["build_s"], report = timed(backend.build, loaded)
    if report.updated != 1 or report.full:
        raise RuntimeError(f"the file publish did not update exactly one practice: {report}")
    result["total_s"] = result["read_validate_s"] + result["cross_check_s"] + result["build_s"]
    return result


def check_corpus(count: int = 200) -> int:
    """Write ``count`` generated practices as files and load them as ``hub check`` does; the errors."""
    with tempfile.TemporaryDirectory(prefix="gcm-bench-check-") as folder:
        write_files(generate(count), folder)
        collection = load([Path(folder)])
    for problem in collection.problems[:10]:
        log(f"corpus check: {problem}")
    if len(collection.practices) != count:
        raise RuntimeError(f"only {len(collection.practices)} of {count} generated practices are valid")
    return len(collection.errors)


# Searching -------------------------------------------------------------------------------------


def clear_caches(backend: WhooshBackend) -> None:
    """Forget every decoded posting list and query expansion (for the no-cache diagnostic)."""
    backend.snapshot().postings.clear()
    engine.expansions.cache_clear()


def measure(engines: dict[str, Any], workload: list[Query]) -> dict[str, Any]:
    """Time every query on every engine, interleaved; the engine that goes first rotates."""
    names = list(engines)
    times: dict[str, list[float]] = {name: [] for name in names}
    totals: dict[str, list[int]] = {name: [] for name in names}
    for i, query in enumerate(workload):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            elapsed, results = timed(engines[name].search, query)
            times[name].append(elapsed)
            totals[name].append(results.total)
    return {"times": times, "totals": totals}


def run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size}
    out["load_average_start"] = os.getloadavg()
    log(f"{size}: generating the corpus")
    out["generate_s"], practices = timed(generate, size, args.seed)
    with tempfile.TemporaryDirectory(prefix=f"gcm-bench-{size}-") as tmp_name:
        tmp = Path(tmp_name)
        backend = WhooshBackend(tmp / "whoosh")
        log(f"{size}: Whoosh full build")
        out["whoosh_full_build_s"], _ = timed(backend.build, practices, full=True)
        log(f"{size}: full build {out['whoosh_full_build_s']:.1f} s; one-practice publishes")
        out["whoosh_publish_one_s"] = publish_changes(backend, practices)
        log(f"{size}: FTS5 build")
        fts = Fts5Reference(tmp / "fts5.sqlite")
        out["fts5_build_s"], _ = timed(fts.build, practices)
        out["whoosh_open_snapshot_s"], _ = timed(backend.snapshot)
        out["whoosh_index_bytes"] = sum(
            f.stat().st_size for f in (tmp / "whoosh" / "current").resolve().iterdir()
        )
        out["fts5_db_bytes"] = fts.path.stat().st_size
        engines: dict[str, Any] = {"whoosh": backend, "fts5": fts}
        if args.postgres:
            log(f"{size}: PostgreSQL full build")
            postgres = PostgresBackend(args.postgres, args.postgres_replicas)
            out["postgres_full_build_s"], _ = timed(postgres.build, practices, full=True)
            out["postgres_publish_one_s"] = publish_changes(postgres, list(practices))  # its own edits
            engines["postgres"] = postgres

        log(f"{size}: workloads")
        workloads: list[list[Query]] = []
        for run in range(args.runs):
            workloads.append(
                queries(
                    practices, args.queries, seed=1 + 1000 * run, exclude=[q for w in workloads for q in w]
                )
            )
        asked = [q for w in workloads for q in w]
        warm = queries(practices, args.queries, seed=2, exclude=asked)
        nocache = queries(practices, min(args.queries, 200), seed=3, exclude=asked + warm)
        profiled = queries(practices, args.queries, seed=4, exclude=asked + warm + nocache)
        every = asked + warm + nocache + profiled
        assert len({key(q) for q in every}) == len(every), "a query is asked twice"
        out["workload"] = describe(workloads[0])

        log(f"{size}: warm-up ({len(warm)} other queries)")
        measure(engines, warm)
        out["runs"] = []
        by_shape: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"whoosh": [], "fts5": []})
        for run, workload in enumerate(workloads):
            log(f"{size}: run {run + 1}/{args.runs}")
            measured = measure(engines, workload)
            stats = {name: summary_stats(t) for name, t in measured["times"].items()}
            stats["ratio_p50"] = stats["whoosh"]["p50"] / stats["fts5"]["p50"]
            stats["ratio_p99"] = stats["whoosh"]["p99"] / stats["fts5"]["p99"]
            stats["mean_total"] = {name: statistics.mean(t) for name, t in measured["totals"].items()}
            plain = [i for i, query in enumerate(workload) if shape(query) != "phrase"]
            for name, t in measured["times"].items():
                stats[f"{name}_without_phrases"] = summary_stats([t[i] for i in plain])
            stats["queries"] = [
                {
                    "text": query.text,
                    "filters": {f: list(v) for f, v in query.filters.items()},
                    **{f"{name}_ms": round(measured["times"][name][i] * 1000, 3) for name in engines},
                    **{f"{name}_total": measured["totals"][name][i] for name in engines},
                }
                for i, query in enumerate(workload)
            ]
            out["runs"].append(stats)
            for query, tw, tf in zip(
                workload, measured["times"]["whoosh"], measured["times"]["fts5"], strict=True
            ):
                by_shape[shape(query)]["whoosh"].append(tw)
                by_shape[shape(query)]["fts5"].append(tf)
                by_shape[f"{len(query.filters)} filter(s)"]["whoosh"].append(tw)
                by_shape[f"{len(query.filters)} filter(s)"]["fts5"].append(tf)
        out["median"] = {
            name: {
                stat: statistics.median(r[name][stat] for r in out["runs"]) for stat in ("p50", "p99", "mean")
            }
            for name in engines
        }
        for name in engines:
            out["median"][f"{name}_without_phrases"] = {
                stat: statistics.median(r[f"{name}_without_phrases"][stat] for r in out["runs"])
                for stat in ("p50", "p99", "mean")
            }
        out["median"]["ratio_p50"] = statistics.median(r["ratio_p50"] for r in out["runs"])
        out["median"]["ratio_p99"] = statistics.median(r["ratio_p99"] for r in out["runs"])
        out["by_shape"] = {
            s: {n: summary_stats(t) for n, t in v.items()} for s, v in sorted(by_shape.items())
        }

        log(f"{size}: Whoosh with its posting cache cleared before every query ({len(nocache)} queries)")
        cold = []
        for query in nocache:
            clear_caches(backend)
            cold.append(timed(backend.search, query)[0])
        out["whoosh_no_posting_cache"] = summary_stats(cold)

        if args.profile:
            log(f"{size}: profiling Whoosh searches ({len(profiled)} queries)")
            out["profile"] = profile(
                lambda: [backend.search(q) for q in profiled], RESULTS / f"profile-search-{size}.txt"
            )
            out["profile"]["queries"] = len(profiled)
            log(f"{size}: profiling a one-practice publish")
            practices[1] = revise(practices[1], "profiled")
            out["profile_publish"] = profile(
                lambda: backend.build(practices), RESULTS / f"profile-publish-{size}.txt"
            )
        if not args.skip_files:
            log(f"{size}: the hub-index path for one changed file")
            out["file_publish"] = publish_file(backend, practices, tmp / "practices")
        fts.close()
        if "postgres" in engines:
            engines["postgres"].close()
    out["load_average_end"] = os.getloadavg()
    return out


def profile(work: Callable[[], Any], report: Path) -> dict[str, Any]:
    """cProfile ``work``; the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(stream.getvalue(), encoding="utf-8")
    total = sum(row[2] for row in stats.stats.values())

    def top(index: int, count: int) -> list[dict[str, Any]]:
        rows = sorted(stats.stats.items(), key=lambda item: item[1][index], reverse=True)[:count]
        return [
            {
                "function": f"{Path(path).name}:{line}({name})",
                "calls": calls[1],
                "own_s": round(calls[2], 3),
                "cumulative_s": round(calls[3], 3),
            }
            for (path, line, name), calls in rows
        ]

    return {
        "total_own_s": round(total, 3),
        "by_own_time": top(2, 12),
        "by_cumulative": top(3, 30),
        "report": str(report),
    }


# Reporting -------------------------------------------------------------------------------------


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return f"{value:.2f}"
    return f"{value:.2f} ({'ok' if value <= target else 'MISSED'}, target {target:g})"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| practices | Whoosh full build s | one practice published s | file edit via hub index s | "
        "Whoosh p50 ms | Whoosh p99 ms | FTS5 p50 ms | FTS5 p99 ms | p99 ratio W/F | FTS5 build s |",
        "|---:|---|---|---|---|---|---:|---:|---|---:|",
    ]
    for out in results:
        build, one, p50, p99 = TARGETS.get(out["size"], (None,) * 4)
        med = out["median"]
        publish = statistics.median(out["whoosh_publish_one_s"])
        files = out.get("file_publish", {}).get("total_s")
        ratio = med["ratio_p99"]
        lines.append(
            f"| {out['size']:,} | {verdict(out['whoosh_full_build_s'], build)} | {verdict(publish, one)} | "
            f"{'-' if files is None else f'{files:.1f}'} | {verdict(med['whoosh']['p50'], p50)} | "
            f"{verdict(med['whoosh']['p99'], p99)} | {med['fts5']['p50']:.2f} | {med['fts5']['p99']:.2f} | "
            f"{ratio:.2f} ({'ok' if ratio <= 1 else 'MISSED'}, target <= 1) | {out['fts5_build_s']:.1f} |"
        )
    if any("postgres" in out["median"] for out in results):
        lines += [
            "",
            "| practices | backend | full build s | one practice published s | p50 ms | p99 ms |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for out in results:
            for name in ("whoosh", "postgres"):
                if name in out["median"]:
                    med = out["median"][name]
                    lines.append(
                        f"| {out['size']:,} | {name} | {out[f'{name}_full_build_s']:.1f} | "
                        f"{statistics.median(out[f'{name}_publish_one_s']):.2f} | {med['p50']:.2f} | "
                        f"{med['p99']:.2f} |"
                    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--queries", type=int, default=300, help="queries per measured run")
    parser.add_argument("--runs", type=int, default=3, help="measured runs (each with its own workload)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the Whoosh searches and a publish at each size"
    )
    parser.add_argument("--skip-files", action="store_true", help="skip the file-based hub-index path")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("HUB_TEST_DATABASE_URL"),
        help="also measure the PostgreSQL backend on this primary (default: $HUB_TEST_DATABASE_URL)",
    )
    parser.add_argument(
        "--postgres-replicas",
        nargs="*",
        default=os.environ.get("HUB_TEST_DATABASE_REPLICA_URLS", "").replace(",", " ").split(),
        help="its read replicas (default: $HUB_TEST_DATABASE_REPLICA_URLS)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    code = code_state()
    log("checking that generated practice files pass `hub check`")
    check_corpus()
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    results = []
    for size in args.sizes:
        results.append(run_size(size, args))
        save(path, results, code, args, time.perf_counter() - started)
    print(table(results))
    print(f"\n{time.perf_counter() - started:.0f} s in all; details in {path}")
    return 0


def save(
    path: Path, results: list[dict[str, Any]], code: dict[str, Any], args: argparse.Namespace, seconds: float
) -> None:
    """Write what has been measured so far (after every size, so a failure loses nothing)."""
    document = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "code": code,
        "arguments": vars(args),
        "seconds": seconds,
        "results": results,
    }
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")


def code_state() -> dict[str, Any]:
    """Which engine code was measured: the commit, and a digest of the search modules as they were."""
    import hashlib
    import subprocess

    root = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for path in sorted((root / "indexer" / "search").rglob("*.py")):
        digest.update(path.read_bytes())

    def git(*words: str) -> str:
        try:
            return subprocess.run(
                ["git", *words], cwd=root, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "search_code_sha256": digest.hexdigest()[:16],
        "uncommitted": git("status", "--porcelain", "--", "indexer").splitlines(),
    }


def machine() -> dict[str, Any]:
    import sqlite3

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "processor": platform.processor() or platform.machine(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
