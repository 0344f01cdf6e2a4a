"""A generation's practice vectors in PostgreSQL: one table, read whole once per generation.

The pgvector extension is not packaged for the Debian PostgreSQL that CI installs, and the
collection is small: the app reads the vectors once per generation (``vectors_<g>``, float32
bytes per practice) and scores them with numpy.
"""

from __future__ import annotations

import numpy as np
from psycopg import Connection, sql

from indexer.search.postgres_engine.schema import Tables
from indexer.semantic.vectors import PracticeVectors

TABLE = """CREATE TABLE {vectors} (
    id text PRIMARY KEY,
    model text NOT NULL,
    hash text NOT NULL,
    vector bytea NOT NULL,
    neighbours text[] NOT NULL)"""


def write(conn: Connection, tables: Tables, vectors: PracticeVectors) -> None:
    """Create the generation's vector table and fill it (inside the build's transaction)."""
    conn.execute(sql.SQL(TABLE).format(vectors=tables.vectors))
    matrix = np.ascontiguousarray(vectors.matrix, dtype="<f4")
    rows = (
        (pid, vectors.model, vectors.hashes[i], matrix[i].tobytes(), vectors.neighbours.get(pid, []))
        for i, pid in enumerate(vectors.ids)
    )
    with conn.cursor() as cursor:
        cursor.executemany(sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s)").format(tables.vectors), rows)


def read(conn: Connection, tables: Tables) -> PracticeVectors | None:
    """The generation's vectors, or None when it has none (built without a model, or before them)."""
    exists = conn.execute("SELECT to_regclass(%s)", (f'"vectors_{tables.generation}"',)).fetchone()[0]
    if exists is None:
        return None
    rows = conn.execute(
        sql.SQL('SELECT id, model, hash, vector, neighbours FROM {} ORDER BY id COLLATE "C"').format(
            tables.vectors
        )
    ).fetchall()
    if not rows:
        return None
    matrix = np.vstack([np.frombuffer(bytes(row[3]), dtype="<f4") for row in rows]).astype(np.float32)
    return PracticeVectors(
        rows[0][1],
        tuple(row[0] for row in rows),
        tuple(row[2] for row in rows),
        matrix,
        {row[0]: list(row[4]) for row in rows},
    )
