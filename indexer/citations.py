"""Whether a source is a good citation: not a third-party document host, not a bare home page.

The lists live in ``vocabularies/source_hosts.yaml``, so that an editor can extend them.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import yaml

from indexer.messages import Message
from indexer.vocabulary import DATA


@cache
def _lists() -> tuple[dict[str, str], frozenset[str]]:
    with (DATA / "source_hosts.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    hosts = {item["host"].lower(): item["why"] for item in data["document_hosts"]}
    return hosts, frozenset(path.rstrip("/") for path in data["home_paths"])


def document_host(url: str) -> str | None:
    """The listed document host that serves ``url`` (itself or a subdomain), or None."""
    host = (urlsplit(url).hostname or "").lower()
    hosts, _ = _lists()
    return next((known for known in hosts if host == known or host.endswith("." + known)), None)


def is_home_page(url: str) -> bool:
    """True for a site's front page: no path beyond a language code or index file, no query."""
    parts = urlsplit(url)
    _, paths = _lists()
    return not parts.query and parts.path.rstrip("/").lower() in paths


def citation_problem(url: str) -> Message | None:
    """Why ``url`` is a weak source (a warning), or None."""
    host = document_host(url)
    if host:
        return Message("source_document_host", host=host, why=_lists()[0][host])
    if is_home_page(url):
        return Message("source_home_page", value=url)
    return None
