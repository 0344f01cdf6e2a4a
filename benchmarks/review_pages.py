"""Time and weigh the review pages (issue 17) on the repository's practices.

    .venv/bin/python -m benchmarks.review_pages

Builds a Whoosh index of practices/ in a temporary folder, requests each page through
Flask's test client (no network), and prints the median of 5 timed requests and the page's
weight: for HTML pages, the page plus its stylesheet and script, gzip-compressed (the
budget is 150 KB); for downloads, the bytes sent.
"""

from __future__ import annotations

import gzip
import statistics
import tempfile
import time
from pathlib import Path

from hub import create_app
from indexer.collection import load
from indexer.search.whoosh_engine import WhooshBackend

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/coverage",
    "/coverage?by=subregion",
    "/coverage?by=commission",
    "/countries/MEX",
    "/api/v1/coverage?by=subregion",
    "/export.docx",
    "/export.xlsx",
]
BUDGET = 150 * 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = WhooshBackend(Path(folder))
        practices = load([ROOT / "practices"]).practices
        backend.build(practices)
        client = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "bench"}).test_client()
        print(f"{len(practices)} practices\n\n| page | median ms | weight (bytes) |\n|---|---:|---:|")
        for url in PAGES:
            client.get(url).get_data()  # warm
            times = []
            for _ in range(5):
                started = time.perf_counter()
                body = client.get(url).get_data()
                times.append((time.perf_counter() - started) * 1000)
            weight = len(body)
            if not url.startswith(("/api/", "/export")):
                weight = len(gzip.compress(body))
                for asset in ("/static/style.css", "/static/enhance.js"):
                    with client.get(asset) as response:
                        weight += len(gzip.compress(response.get_data()))
                weight_text = f"{weight} gzip{' OVER BUDGET' if weight > BUDGET else ''}"
            else:
                weight_text = str(weight)
            print(f"| `{url}` | {statistics.median(times):.0f} | {weight_text} |")


if __name__ == "__main__":
    main()
