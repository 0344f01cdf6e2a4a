"""The hub's settings, declared once: defaults, then ``hub.toml``, then variables ``HUB_<NAME>``.

This table feeds the app factory, the command line and the README. Folders follow the
collection the user stands in, as git and MkDocs do: the nearest folder upwards from the
working directory that holds ``hub.toml`` or ``practices/`` (else the working directory).
Relative folders in ``hub.toml`` are read from its own folder; in ``HUB_<NAME>`` variables
and command-line options, from the working directory.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COLLECTION_FILE = "hub.toml"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    folder: bool = False  # a path: the default and hub.toml's value are relative to the collection


SETTINGS = [
    Setting(
        "DATA",
        "var",
        "the instance's data folder: the index (by default), the local submissions inbox, the secret key",
        folder=True,
    ),
    Setting(
        "INDEX",
        None,
        "folder of the Whoosh index (built by `hub index`); default `<HUB_DATA>/index`",
        folder=True,
    ),
    Setting("PRACTICES", "practices", "folder of the practice files", folder=True),
    Setting(
        "SECRET_KEY",
        None,
        "secret for signed cookies and forms; when unset, generated once into `<HUB_DATA>/secret-key`",
    ),
    Setting("SEARCH_BACKEND", "whoosh", "search engine: whoosh (files on each node) or postgres"),
    Setting("DATABASE_URL", None, "PostgreSQL primary for the postgres backend: `hub index` writes here"),
    Setting(
        "DATABASE_REPLICA_URLS",
        "",
        "PostgreSQL read replicas, comma- or space-separated; reads fall back to the primary",
    ),
    Setting("DATABASE_MAX_LAG", "30", "seconds a replica may serve an older collection than the primary"),
    Setting(
        "SUBMISSIONS_REPO",
        None,
        "local git repository that receives web submissions; when unset, the inbox `<HUB_DATA>/inbox`",
    ),
    Setting("REVIEW_DAYS", "10", "working days the reviewers usually take, as the submitters are told"),
    Setting("ENV", "", "`production` refuses to start the app in debug mode"),
    Setting(
        "PROXY_HOPS",
        "0",
        "trusted reverse proxies on other machines (X-Forwarded-*); see SECURITY.md, Behind a reverse proxy",
    ),
    Setting(
        "SEMANTIC",
        "on",
        "search by meaning across languages (multilingual sentence embeddings): on, or off",
    ),
    Setting("RATELIMIT_STORAGE_URI", "memory://", "where rate limits are counted (e.g. redis://host:6379)"),
    Setting(
        "RATELIMIT_ENABLED",
        None,
        "`false` turns the per-client rate limits off (a load test from one address); on by default",
    ),
    Setting(
        "PUBLIC_URL",
        None,
        "the site's address (https://host): absolute URLs are built from it and other Host headers get a 400",
    ),
    Setting(
        "EXTRA_HOSTS", "", "more host names the site answers for (with PUBLIC_URL), comma- or space-separated"
    ),
    Setting(
        "REQUEST_TIMEOUT",
        "30",
        "seconds of work one request may take under `hub serve` before its worker is restarted; "
        "also how long a client may stop reading",
    ),
]


class SettingsError(ValueError):
    """A ``hub.toml`` that cannot be read, or names a setting that does not exist."""


def collection_root(start: Path | None = None) -> Path:
    """The nearest folder upwards from ``start`` (the working directory) that holds ``hub.toml``
    or ``practices/``; ``start`` itself when none does."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / COLLECTION_FILE).is_file() or (folder / "practices").is_dir():
            return folder
    return start


def collection_file(root: Path) -> dict[str, Any]:
    """The settings ``root/hub.toml`` declares (lower-case names: ``practices = "content"``)."""
    path = root / COLLECTION_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: {error}") from None
    known = {s.name.lower() for s in SETTINGS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(f"{path}: {', '.join(unknown)}: not a setting; use {', '.join(sorted(known))}")
    return {name.upper(): value for name, value in data.items()}


def from_environment(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """Every setting: its default (folders in the collection), then ``hub.toml``, then ``HUB_<NAME>``."""
    environ = os.environ if environ is None else environ
    root = collection_root(cwd)
    declared = collection_file(root)
    settings = {}
    for setting in SETTINGS:
        value = declared.get(setting.name, setting.default)
        if setting.folder and value is not None:
            value = str(root / str(value))
        if f"HUB_{setting.name}" in environ:
            value = environ[f"HUB_{setting.name}"]
        settings[setting.name] = value
    if settings["INDEX"] is None:
        settings["INDEX"] = str(Path(settings["DATA"]) / "index")
    return settings


def data_folder(settings: Mapping[str, Any]) -> Path:
    """The instance's data folder (``HUB_DATA``), where the hub keeps what it generates."""
    return Path(str(settings.get("DATA") or "var"))


def inbox_path(settings: Mapping[str, Any]) -> tuple[Path, bool]:
    """(the submissions repository, whether it is the local inbox under the data folder)."""
    if settings.get("SUBMISSIONS_REPO"):
        return Path(str(settings["SUBMISSIONS_REPO"])), False
    return data_folder(settings) / "inbox", True


def secret_key(settings: Mapping[str, Any]) -> str:
    """``HUB_SECRET_KEY``, else the key kept in ``<HUB_DATA>/secret-key``, generated the first
    time: restarts and every worker sign forms with the same key, so none is lost to a restart."""
    if settings.get("SECRET_KEY"):
        return str(settings["SECRET_KEY"])
    path = data_folder(settings) / "secret-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: of two workers starting together, one writes and both read its key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_written(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip()


def _read_when_written(path: Path) -> str:
    for _ in range(50):
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        time.sleep(0.02)
    raise SettingsError(f"{path} is empty; delete it and start again")


def is_on(value: Any) -> bool:
    """A switch setting: off for off, 0, false or no (any case); on otherwise."""
    return str(value if value is not None else "on").strip().lower() not in ("off", "0", "false", "no")


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
