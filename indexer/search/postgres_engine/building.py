"""Write a new generation on the primary and switch to it in the same transaction.

One build at a time (a session advisory lock). The new generation's tables start as a copy
of the rows that did not change (their tsvectors are reused), then the changed and added
practices are inserted; indexes, the word table (for suggestions) and the lexeme table
(for related practices) follow. Moving ``hub_meta`` to the new generation is the last
statement of that one transaction: if anything fails before the commit, nothing was
published and the collection that was serving keeps serving.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import psycopg
from psycopg import sql

from indexer.model import Practice
from indexer.rendering import render_many
from indexer.search.documents import changes
from indexer.search.interface import BuildReport
from indexer.search.postgres_engine import document, schema
from indexer.search.postgres_engine import vectors as stored_vectors
from indexer.search.postgres_engine.schema import BUILD_LOCK, Tables
from indexer.semantic.vectors import PracticeVectors

Progress = Callable[[int], None]
INSERT = """INSERT INTO {table} ({stored}, doc, meta, spell) VALUES ({values},
    setweight(to_tsvector(%(cfg)s::text::regconfig, %(title_text)s::text), 'A')
        || setweight(to_tsvector(%(cfg)s::text::regconfig, %(summary_text)s::text), 'B')
        || setweight(to_tsvector(%(cfg)s::text::regconfig, %(body_text)s::text), 'C'),
    to_tsvector('hub_xx'::regconfig, %(meta_text)s::text),
    to_tsvector('hub_xx'::regconfig, concat_ws(' ', %(title_text)s::text, %(summary_text)s::text,
        %(body_text)s::text, %(tags_text)s::text)))"""


class BuildFailed(RuntimeError):
    """Nothing was published; the message says why, for a person."""


def stored_columns() -> list[str]:
    return [c for c in document.COLUMNS if not c.endswith("_text") or c == "tags_text"]


def insert_statement(tables: Tables) -> sql.Composed:
    values = sql.SQL(", ").join(sql.Placeholder(c) for c in stored_columns())
    stored = sql.SQL(", ").join(sql.Identifier(c) for c in stored_columns())
    return sql.SQL(INSERT).format(table=tables.practices, stored=stored, values=values)


def take_lock(conn: psycopg.Connection, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", (BUILD_LOCK,)).fetchone()[0]:
        if time.monotonic() >= deadline:
            raise BuildFailed(
                "another `hub index` is writing to this database; wait for it, or pass --wait SECONDS"
            )
        time.sleep(0.2)


def previous(conn: psycopg.Connection) -> tuple[Tables, dict[str, str]] | None:
    """The serving generation and its practices' fingerprints, or None."""
    found = schema.current(conn)
    if found is None:
        return None
    tables = Tables(found[0])
    exists = conn.execute("SELECT to_regclass(%s)", (f'"practices_{tables.generation}"',)).fetchone()[0]
    if exists is None:
        return None
    columns = conn.execute(sql.SQL("SELECT * FROM {} LIMIT 0").format(tables.practices)).description
    if [column.name for column in columns] != schema.practice_columns():
        return None  # written by a version with other facets: rebuild every row
    rows = conn.execute(sql.SQL("SELECT id, fingerprint FROM {}").format(tables.practices)).fetchall()
    return tables, dict(rows)


def build(
    conn: psycopg.Connection,
    practices: Iterable[Practice],
    *,
    full: bool = False,
    wait: float = 0.0,
    progress: Progress | None = None,
    vectors: PracticeVectors | None = None,
) -> BuildReport:
    """Publish ``practices`` and their vectors as a new generation (``conn``: autocommit, on the primary)."""
    started = time.perf_counter()
    schema.migrate(conn)
    take_lock(conn, wait)
    wanted = {p.id: p for p in practices}
    prints = {pid: document.fingerprint(p) for pid, p in wanted.items()}
    before = None if full else previous(conn)
    added, updated, removed = changes(before[1] if before else None, prints)
    if before and not (added or updated or removed) and same_vectors(conn, before[0], vectors):
        return BuildReport(len(wanted), 0, 0, 0, time.perf_counter() - started, before[0].generation, False)
    tables = Tables(schema.new_generation())
    with conn.transaction():
        schema.create_practices(conn, tables)
        if before:
            conn.execute(
                sql.SQL("INSERT INTO {new} SELECT * FROM {old} WHERE NOT (id = ANY(%s))").format(
                    new=tables.practices, old=before[0].practices
                ),
                (sorted(updated | removed),),
            )
        write = [wanted[pid] for pid in sorted(added | updated)]
        with conn.cursor() as cursor:
            rendered = render_many(p.body for p in write)  # in worker processes, each body timed
            cursor.executemany(insert_statement(tables), map(document.row, write, rendered))
        if progress:
            for n, _ in enumerate(write, 1):
                progress(n)
        schema.finish(conn, tables)
        if vectors is not None:
            stored_vectors.write(conn, tables, vectors)
        schema.publish(conn, tables, len(wanted))
    schema.drop_old(conn, latest(conn))
    return BuildReport(
        len(wanted),
        len(added),
        len(updated),
        len(removed),
        time.perf_counter() - started,
        tables.generation,
        before is None,
    )


def same_vectors(conn: psycopg.Connection, tables: Tables, vectors: PracticeVectors | None) -> bool:
    """Whether the serving generation already holds exactly these vectors (or none, as wanted)."""
    serving = stored_vectors.read(conn, tables)
    if serving is None or vectors is None:
        return serving is None and vectors is None
    return serving.checksum() == vectors.checksum()


def latest(conn: psycopg.Connection) -> set[str]:
    """The serving generation and the one before it (readers may still be using it)."""
    rows = conn.execute("SELECT generation FROM hub_generations ORDER BY created_at DESC LIMIT 2").fetchall()
    return {generation for (generation,) in rows}
