"""The scaled-out search backend: PostgreSQL full-text search with read replicas.

A generation of the collection is a set of tables on the primary (``schema``), written and
published in one transaction (``building``); queries in the shared syntax become SQL with
every piece of user text a parameter (``query``), answered with the Whoosh backend's
semantics (``reading``) from a replica chosen per request (``routing``). Only this package
imports psycopg.
"""

from indexer.search.postgres_engine.backend import PostgresBackend
from indexer.search.postgres_engine.building import BuildFailed

__all__ = ["BuildFailed", "PostgresBackend"]
