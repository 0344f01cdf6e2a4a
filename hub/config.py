"""The hub's settings, declared once: defaults, then environment variables ``HUB_<NAME>``.

This table feeds the app factory, the command line and the README.
"""

from __future__ import annotations

import os
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
    Setting("SEARCH_BACKEND", "whoosh", "search engine: whoosh"),
    Setting("SUBMISSIONS_REPO", None, "local git repository that receives web submissions"),
]


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every setting: its default, overridden by ``HUB_<NAME>`` when set."""
    environ = os.environ if environ is None else environ
    return {s.name: environ.get(f"HUB_{s.name}", s.default) for s in SETTINGS}


def backend_for(settings: dict[str, Any]) -> Any:
    """The search backend the settings name."""
    from indexer.search.whoosh_engine import WhooshBackend

    name = settings.get("SEARCH_BACKEND", "whoosh")
    if name != "whoosh":
        raise ValueError(f"HUB_SEARCH_BACKEND={name!r} is not a search backend; use 'whoosh'")
    return WhooshBackend(settings["INDEX"])
