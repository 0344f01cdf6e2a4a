"""Search benchmark: a synthetic corpus, a fixed workload, and an SQLite FTS5 reference.

Run ``.venv/bin/python -m benchmarks.run --sizes 2000 20000``; see ``benchmarks/README.md``.
"""
