"""Load while rebuilding: wrk against `hub serve` while `hub index` rebuilds the collection again and again.

    .venv/bin/python -m benchmarks.load.run --seconds 60 [--connections 32] [--workers 3] [--practices 1000]

1. Generates two collections of the same size that share most practices: ``a`` has a tenth
   that ``b`` lacks and ``b`` a tenth that ``a`` lacks (their "exclusive" practices).
2. Indexes ``a``, starts ``hub serve --workers N`` on 127.0.0.1 and waits for /health.
3. Runs wrk with ``mix.lua``, a weighted mix of searches with random words, facet clicks,
   practice pages, the JSON API, feeds and CSV exports, while a loop runs ``hub index``
   alternately on ``b`` and ``a`` (every third build ``--full``), recording which collection
   each published generation holds.
4. Checks every JSON API search response against the generation it names in its
   ``X-Hub-Generation`` header (see README.md, "What is checked").

Prints the results as JSON and as a Markdown table row; exits 1 on any failed request or
any response that mixes generations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.corpus import generate, write_files
from indexer import vocabulary
from indexer.model import Practice

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HUB = [sys.executable, "-c", "from hub.cli import main; main()"]
GENERATION = re.compile(r"generation (\S+)\)")
# The mix: (weight, kind). Weights are shares of requests, in percent.
MIX = [
    (28, "search"),
    (15, "facet"),
    (17, "practice"),
    (12, "api_search"),
    (4, "api_all"),
    (3, "api_practice"),
    (6, "home"),
    (9, "feed"),
    (6, "csv"),
]


@dataclass
class Collections:
    a: list[Practice]
    b: list[Practice]
    exclusive: dict[str, str]  # practice id -> "a" or "b"

    @property
    def core(self) -> list[Practice]:
        return [p for p in self.a if p.id not in self.exclusive]


def make_collections(size: int, folder: Path, seed: int = 1) -> Collections:
    extra = max(size // 10, 3)
    practices = generate(size + extra, seed=seed)
    a, b = practices[:size], practices[extra:]
    write_files(a, folder / "a")
    write_files(b, folder / "b")
    exclusive = {p.id: "a" for p in practices[:extra]} | {p.id: "b" for p in practices[size:]}
    return Collections(a, b, exclusive)


def request_paths(collections: Collections, count: int, seed: int = 2) -> list[str]:
    """``count`` request paths drawn by the weights of MIX."""
    rng = random.Random(seed)
    core = collections.core
    words = sorted({w.lower() for p in core for w in re.findall(r"\w{4,}", p.title)})
    countries = sorted({c for p in core for c in p.countries})
    regions = [term.code for term in vocabulary.regions()]

    def query() -> str:
        return " ".join(rng.sample(words, rng.choice([1, 1, 2])))

    def objective() -> str:
        return str(rng.choice([5, 6, 7, 16, 23, rng.randint(1, 23)]))

    def one(kind: str) -> str:
        if kind == "search":
            params: dict[str, Any] = {"q": query()}
            if rng.random() < 0.2:
                params["sort"] = "newest"
            if rng.random() < 0.1:
                params["page"] = 2
            return "/search?" + urlencode(params)
        if kind == "facet":
            choice = rng.randrange(5)
            if choice == 0:
                return "/search?" + urlencode({"objective": objective(), "region": rng.choice(regions)})
            if choice == 1:
                return "/search?" + urlencode({"q": query(), "objective": objective()})
            if choice == 2:
                return f"/objectives/{objective()}"
            if choice == 3:
                return f"/regions/{rng.choice(regions)}"
            return f"/countries/{rng.choice(countries)}"
        if kind == "practice":
            return f"/practices/{rng.choice(core).id}"
        if kind == "api_search":
            return "/api/v1/search?" + urlencode({"q": query(), "page_size": 50})
        if kind == "api_all":
            return "/api/v1/search?" + urlencode({"page_size": 100, "sort": "newest"})
        if kind == "api_practice":
            return f"/api/v1/practices/{rng.choice(core).id}"
        if kind == "home":
            return "/"
        if kind == "feed":
            return "/feed.atom" + ("?" + urlencode({"objective": objective()}) if rng.random() < 0.7 else "")
        return "/export.csv?" + urlencode({"objective": objective(), "region": rng.choice(regions)})

    kinds = [kind for weight, kind in MIX for _ in range(weight)]
    return [one(rng.choice(kinds)) for _ in range(count)]


def hub_index(practices: Path, index: Path, *args: str) -> tuple[bool, str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [*HUB, "index", "--practices", str(practices), "--index", str(index), "--wait", "120", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    found = GENERATION.search(result.stdout)
    ok = result.returncode == 0 and found is not None
    return ok, found.group(1) if found else result.stderr[-500:], time.monotonic() - started


@dataclass
class Rebuilder:
    """Runs `hub index` on b, a, b, ... until stopped; remembers which generation holds what."""

    folder: Path
    index: Path
    generations: dict[str, str] = field(default_factory=dict)
    builds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            side = "b" if number % 2 == 0 else "a"
            ok, generation, seconds = hub_index(
                self.folder / side, self.index, *(["--full"] if number % 3 == 2 else [])
            )
            if ok:
                self.generations[generation] = side
                self.builds.append(seconds)
            else:
                self.failures.append(generation)
            number += 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the hub did not answer {url} within {seconds} s")


def start_server(index: Path, practices: Path, port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "HUB_INDEX": str(index), "HUB_PRACTICES": str(practices), "HUB_SECRET_KEY": "load"}
    env["HUB_RATELIMIT_ENABLED"] = "false"  # one wrk client stands for many readers
    env.pop("FLASK_DEBUG", None)
    command = [*HUB, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("w") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def check_generations(folder: Path, collections: Collections, generations: dict[str, str]) -> dict[str, int]:
    """Compare every logged API search with the collection its generation was built from."""
    sizes = {"a": len(collections.a), "b": len(collections.b)}
    found = {"checked": 0, "unknown_generation": 0, "foreign_hits": 0, "wrong_total": 0}
    for log in folder.glob("thread-*.log"):
        for line in log.read_text().splitlines():
            generation, total, page_size, seen = line.split("\t")
            found["checked"] += 1
            side = generations.get(generation)
            if side is None:
                found["unknown_generation"] += 1
                continue
            if any(collections.exclusive[pid] != side for pid in filter(None, seen.split(","))):
                found["foreign_hits"] += 1
            if page_size == "100" and int(total) != sizes[side]:  # the match-all query
                found["wrong_total"] += 1
    return found


def run(
    seconds: int = 60,
    connections: int = 32,
    threads: int = 2,
    workers: int = 3,
    practices: int = 1000,
    keep: Path | None = None,
) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (./dev test installs it)")
    folder = Path(keep or tempfile.mkdtemp(prefix="hub-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    collections = make_collections(practices, folder)
    (folder / "paths.txt").write_text("\n".join(request_paths(collections, 5000)) + "\n")
    (folder / "exclusive.txt").write_text("".join(f"{i}\t{s}\n" for i, s in collections.exclusive.items()))
    index = folder / "index"
    rebuilder = Rebuilder(folder, index)
    ok, generation, _ = hub_index(folder / "a", index)
    if not ok:
        raise SystemExit(f"the first build failed: {generation}")
    rebuilder.generations[generation] = "a"
    port = free_port()
    server = start_server(index, folder / "a", port, workers, folder / "server.log")
    loop = threading.Thread(target=rebuilder.run, daemon=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60)
        loop.start()
        command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        command += ["-s", str(HERE / "mix.lua"), f"http://127.0.0.1:{port}"]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "HUB_LOAD_DIR": str(folder)},
            timeout=seconds + 60,
        )
    finally:
        rebuilder.stop.set()
        if loop.is_alive():
            loop.join(timeout=600)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    line = next((x for x in result.stdout.splitlines() if x.startswith("LOADJSON ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    wrk_totals = json.loads(line.removeprefix("LOADJSON "))
    mixed = check_generations(folder, collections, rebuilder.generations)
    socket_errors = sum(wrk_totals[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    summary = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "seconds": seconds,
        "connections": connections,
        "workers": workers,
        "practices": practices,
        "requests": wrk_totals["requests"],
        "rps": round(wrk_totals["requests"] / (wrk_totals["duration_us"] / 1e6), 1),
        "p50_ms": round(wrk_totals["p50_us"] / 1000, 1),
        "p90_ms": round(wrk_totals["p90_us"] / 1000, 1),
        "p99_ms": round(wrk_totals["p99_us"] / 1000, 1),
        "max_ms": round(wrk_totals["max_us"] / 1000, 1),
        "failed": wrk_totals["failed_responses"] + socket_errors,
        "socket_errors": socket_errors,
        "statuses": wrk_totals["statuses"],
        "rebuilds": len(rebuilder.builds),
        "rebuild_failures": rebuilder.failures,
        "rebuild_seconds_median": round(sorted(rebuilder.builds)[len(rebuilder.builds) // 2], 2)
        if rebuilder.builds
        else None,
        "generations": len(rebuilder.generations),
        "checked_responses": mixed["checked"],
        "mixed_generations": mixed["unknown_generation"]
        + mixed["foreign_hits"]
        + mixed["wrong_total"]
        + wrk_totals["multi_generation"]
        + wrk_totals["untagged"],
        "mixed_detail": {
            **mixed,
            "multi": wrk_totals["multi_generation"],
            "untagged": wrk_totals["untagged"],
        },
        "folder": str(folder),
    }
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return summary


def table_row(s: dict[str, Any]) -> str:
    return (
        f"| {s['date']} | {s['practices']} | {s['workers']} | {s['connections']} | {s['seconds']} s "
        f"| {s['requests']:,} | {s['rps']} | {s['p50_ms']} ms | {s['p99_ms']} ms | {s['failed']} "
        f"| {s['rebuilds']} | {s['checked_responses']:,} | {s['mixed_generations']} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--practices", type=int, default=1000, help="practices in each collection")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (logs, index)")
    args = parser.parse_args(argv)
    summary = run(args.seconds, args.connections, args.threads, args.workers, args.practices, args.keep)
    print(json.dumps(summary, indent=1))
    print(table_row(summary))
    return 1 if summary["failed"] or summary["mixed_generations"] or summary["rebuild_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
