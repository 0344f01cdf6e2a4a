"""The database schema: numbered migrations, the collection pointer, and generation tables.

A collection is published as a *generation*: three tables named after it
(``practices_<g>``, ``words_<g>``, ``lexemes_<g>``), written once and never changed. The
one-row table ``hub_meta`` names the generation that serves. A build writes its tables and
moves the pointer in one transaction, so a reader (which reads the pointer once per
request and then names that generation's tables) sees the old collection or the new one,
never a mix. The previous generation is kept until the next build, for readers that are
still using it; older ones are dropped.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

from psycopg import Connection, errors, sql

from indexer.search.documents import STEMMED
from indexer.search.interface import FACETS, IndexUnavailable

GENERATION = re.compile(r"\d{14}_[0-9a-f]{6}")
MIGRATION_LOCK = 0x6875625F6D6967  # pg_advisory_xact_lock key of migrations ("hub_mig")
BUILD_LOCK = 0x6875625F626C64  # pg_try_advisory_lock key of builds ("hub_bld")


def _configurations() -> list[str]:
    """Text search configurations: Snowball stemming after unaccent; ``hub_xx`` only folds."""
    names = {"en": "english", "fr": "french", "es": "spanish"}
    statements = []
    for group in STEMMED:
        language = names[group]
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION hub_{group} (COPY = {language})",
            f"ALTER TEXT SEARCH CONFIGURATION hub_{group} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {language}_stem",
        ]
    return [
        *statements,
        "CREATE TEXT SEARCH CONFIGURATION hub_xx (COPY = simple)",
        "ALTER TEXT SEARCH CONFIGURATION hub_xx ALTER MAPPING FOR asciiword, asciihword, "
        "hword_asciipart, hword, hword_part, word WITH unaccent, simple",
    ]


# (version, what it does, statements): applied in order, each version once, on the primary.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "extensions, text search configurations, the collection pointer",
        [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            *_configurations(),
            """CREATE TABLE hub_meta (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                generation text NOT NULL,
                practices integer NOT NULL,
                published_at timestamptz NOT NULL)""",
            """CREATE TABLE hub_generations (
                generation text PRIMARY KEY,
                created_at timestamptz NOT NULL DEFAULT now())""",
        ],
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class SchemaError(RuntimeError):
    """The database's schema cannot be used by this version of the hub."""


def migrate(conn: Connection) -> int:
    """Bring the schema to SCHEMA_VERSION (one migrator at a time); return the version found."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            """CREATE TABLE IF NOT EXISTS hub_schema (
                version integer PRIMARY KEY,
                description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        found = conn.execute("SELECT coalesce(max(version), 0) FROM hub_schema").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise SchemaError(
                f"the database schema is version {found}, newer than this hub's ({SCHEMA_VERSION}); "
                "upgrade the hub"
            )
        for version, description, statements in MIGRATIONS:
            if version > found:
                for statement in statements:
                    conn.execute(sql.SQL(statement))  # constants of this module only
                conn.execute(
                    "INSERT INTO hub_schema (version, description) VALUES (%s, %s)", (version, description)
                )
    return found


def new_generation() -> str:
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + "_" + secrets.token_hex(3)


@dataclass(frozen=True)
class Tables:
    """The tables of one generation, as SQL identifiers."""

    generation: str

    def __post_init__(self) -> None:
        if not GENERATION.fullmatch(self.generation):
            raise IndexUnavailable(f"{self.generation!r} is not a collection generation")

    @property
    def practices(self) -> sql.Identifier:
        return sql.Identifier(f"practices_{self.generation}")

    @property
    def words(self) -> sql.Identifier:
        return sql.Identifier(f"words_{self.generation}")

    @property
    def lexemes(self) -> sql.Identifier:
        return sql.Identifier(f"lexemes_{self.generation}")

    @property
    def vectors(self) -> sql.Identifier:
        return sql.Identifier(f"vectors_{self.generation}")


FACET_COLUMNS = sql.SQL(",\n").join(
    sql.SQL("{} text[] NOT NULL").format(sql.Identifier(f"f_{facet}")) for facet in FACETS
)

PRACTICES_TABLE = """CREATE TABLE {practices} (
    id text PRIMARY KEY,
    language text NOT NULL,
    grp text NOT NULL,
    cfg text NOT NULL,
    submitted date NOT NULL,
    start_year integer NOT NULL,
    translation_of text,
    title text NOT NULL,
    summary_html text NOT NULL,
    body text NOT NULL,
    body_html text NOT NULL,
    card json NOT NULL,
    fingerprint text NOT NULL,
    {facets},
    tags_text text NOT NULL,
    doc tsvector NOT NULL,
    meta tsvector NOT NULL,
    spell tsvector NOT NULL)"""


def practice_columns() -> list[str]:
    """The column names of a generation's practices table, in order."""
    names = re.findall(r"^\s+(\w+) ", PRACTICES_TABLE.split("(", 1)[1], re.MULTILINE)
    facets = [f"f_{facet}" for facet in FACETS]
    at = names.index("fingerprint") + 1
    return [*names[:at], *facets, *names[at:]]


def create_practices(conn: Connection, tables: Tables) -> None:
    conn.execute(sql.SQL(PRACTICES_TABLE).format(practices=tables.practices, facets=FACET_COLUMNS))


def finish(conn: Connection, tables: Tables) -> None:
    """Index a filled practices table and derive its word and lexeme tables."""
    p = tables.practices
    for column in ("doc", "meta"):
        conn.execute(sql.SQL("CREATE INDEX ON {} USING gin ({})").format(p, sql.Identifier(column)))
    conn.execute(
        sql.SQL(
            "CREATE TABLE {words} AS SELECT s.lexeme AS word, count(*)::integer AS ndoc "
            "FROM {p}, unnest({p}.spell) AS s GROUP BY s.lexeme"
        ).format(words=tables.words, p=p)
    )
    conn.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY (word)").format(tables.words))
    conn.execute(sql.SQL("CREATE INDEX ON {} USING gin (word gin_trgm_ops)").format(tables.words))
    conn.execute(
        sql.SQL(
            "CREATE TABLE {lexemes} AS SELECT {p}.grp, d.lexeme, count(*)::integer AS ndoc "
            "FROM {p}, unnest({p}.doc) AS d GROUP BY {p}.grp, d.lexeme"
        ).format(lexemes=tables.lexemes, p=p)
    )
    conn.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY (grp, lexeme)").format(tables.lexemes))
    for table in (p, tables.words, tables.lexemes):
        conn.execute(sql.SQL("ANALYZE {}").format(table))


def publish(conn: Connection, tables: Tables, practices: int) -> None:
    """Point hub_meta (and the ``practices`` view, for people with psql) at a generation."""
    conn.execute("INSERT INTO hub_generations (generation) VALUES (%s)", (tables.generation,))
    conn.execute(
        """INSERT INTO hub_meta (singleton, generation, practices, published_at)
           VALUES (true, %s, %s, now())
           ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation,
               practices = EXCLUDED.practices, published_at = EXCLUDED.published_at""",
        (tables.generation, practices),
    )
    conn.execute("DROP VIEW IF EXISTS practices")
    conn.execute(sql.SQL("CREATE VIEW practices AS SELECT * FROM {}").format(tables.practices))


def current(conn: Connection) -> tuple[str, int, float] | None:
    """(generation, practices, seconds since it was published), or None before the first build."""
    if conn.execute("SELECT to_regclass('hub_meta')").fetchone()[0] is None:
        return None
    found = conn.execute(
        "SELECT generation, practices, extract(epoch FROM now() - published_at)::float8 FROM hub_meta"
    ).fetchone()
    return None if found is None else (found[0], found[1], found[2])


def drop_old(conn: Connection, keep: set[str]) -> list[str]:
    """Drop the tables of generations not in ``keep``; skip any still in use (retried next build)."""
    dropped = []
    rows = conn.execute("SELECT generation FROM hub_generations ORDER BY generation").fetchall()
    for (generation,) in rows:
        if generation in keep or not GENERATION.fullmatch(generation):
            continue
        tables = Tables(generation)
        try:
            with conn.transaction():
                conn.execute("SET LOCAL lock_timeout = '2s'")
                conn.execute(
                    sql.SQL("DROP TABLE IF EXISTS {}, {}, {}, {}").format(
                        tables.practices, tables.words, tables.lexemes, tables.vectors
                    )
                )
                conn.execute("DELETE FROM hub_generations WHERE generation = %s", (generation,))
        except errors.LockNotAvailable:  # a long reader holds it: leave it for the next build
            continue
        dropped.append(generation)
    return dropped
