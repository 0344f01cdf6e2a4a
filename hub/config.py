"""The hub's settings, declared once: defaults, then environment variables ``HUB_<NAME>``.

This table feeds the app factory, the command line and the README.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = [
    Setting("INDEX", str(ROOT / "var" / "index"), "folder of the Whoosh index (built by `hub index`)"),
    Setting("PRACTICES", str(ROOT / "practices"), "folder of the practice files"),
    Setting("SECRET_KEY", None, "secret for signed cookies; a random one per start when unset"),
    Setting("SEARCH_BACKEND", "whoosh", "search engine: whoosh (files on each node) or postgres"),
    Setting("DATABASE_URL", None, "PostgreSQL primary for the postgres backend: `hub index` writes here"),
    Setting(
        "DATABASE_REPLICA_URLS",
        "",
        "PostgreSQL read replicas, comma- or space-separated; reads fall back to the primary",
    ),
    Setting("DATABASE_MAX_LAG", "30", "seconds a replica may serve an older collection than the primary"),
    Setting("SUBMISSIONS_REPO", None, "local git repository that receives web submissions"),
    Setting("ENV", "", "`production` refuses to start the app in debug mode"),
    Setting(
        "PROXY_HOPS", "0", "trusted reverse proxies in front of the hub on other machines (X-Forwarded-*)"
    ),
    Setting("RATELIMIT_STORAGE_URI", "memory://", "where rate limits are counted (e.g. redis://host:6379)"),
]


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every setting: its default, overridden by ``HUB_<NAME>`` when set."""
    environ = os.environ if environ is None else environ
    return {s.name: environ.get(f"HUB_{s.name}", s.default) for s in SETTINGS}


def url_list(value: str | list[str] | None) -> list[str]:
    """URLs from a comma- or space-separated setting (or a list)."""
    if not value:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\s]+", value)
    return [item for item in items if item]


def backend_for(settings: Mapping[str, Any]) -> Any:
    """The search backend the settings name; ValueError (naming the variable) when misconfigured."""
    name = settings.get("SEARCH_BACKEND") or "whoosh"
    if name == "whoosh":
        from indexer.search.whoosh_engine import WhooshBackend

        return WhooshBackend(settings["INDEX"])
    if name != "postgres":
        raise ValueError(f"HUB_SEARCH_BACKEND={name!r} is not a search backend; use 'whoosh' or 'postgres'")
    if not settings.get("DATABASE_URL"):
        raise ValueError(
            "HUB_SEARCH_BACKEND=postgres needs HUB_DATABASE_URL, the primary database "
            "(e.g. postgresql://hub:secret@db1.example.org:5432/hub)"
        )
    try:
        max_lag = float(settings.get("DATABASE_MAX_LAG") or 30)
    except ValueError:
        raise ValueError(
            f"HUB_DATABASE_MAX_LAG={settings.get('DATABASE_MAX_LAG')!r} is not a number of seconds"
        ) from None
    from indexer.search.postgres_engine import PostgresBackend

    replicas = url_list(settings.get("DATABASE_REPLICA_URLS"))
    return PostgresBackend(settings["DATABASE_URL"], replicas, max_lag_seconds=max_lag)
