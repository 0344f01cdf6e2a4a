"""The site's one public address: absolute URLs are built from it, other hosts are refused.

Without ``HUB_PUBLIC_URL`` the hub builds absolute URLs (sitemap, robots.txt, feeds, the
API's ``url``, JSON-LD, redirects) from the request's Host header, which any client
chooses. With it (``https://practices.example.org``), ``CanonicalHost``:

- answers 400 to a request whose Host is not the public host (or one of
  ``HUB_EXTRA_HOSTS``), through the app's own error pages, so that a cache or a crawler
  never stores a page that names another site;
- then sets the host and scheme of every request to the public URL's, so every absolute
  URL names the public site.

``X-Forwarded-Host`` is never believed (``hub/proxies.py``): the public URL says the host.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, request

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
UNTRUSTED = "hub.untrusted_host"


def public_url(value: object) -> tuple[str, str] | None:
    """(scheme, host[:port]) of ``HUB_PUBLIC_URL``, None when unset; ValueError naming it."""
    if not value:
        return None
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(
            f"HUB_PUBLIC_URL={value!r} is not a site address such as https://practices.example.org"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"HUB_PUBLIC_URL={value!r} must be a scheme and a host only")
    return parts.scheme, parts.netloc.lower()


def host_names(value: object) -> set[str]:
    """``HUB_EXTRA_HOSTS``: host[:port] names, comma- or space-separated, lower case."""
    return {name.lower() for name in str(value or "").replace(",", " ").split()}


class CanonicalHost:
    """WSGI middleware: requests for other hosts are marked, then every request gets the public host."""

    def __init__(self, app: WSGIApp, scheme: str, host: str, also: set[str]) -> None:
        self.app, self.scheme, self.host = app, scheme, host
        self.trusted = {host, *also}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        asked = (environ.get("HTTP_HOST") or "").lower()
        if asked not in self.trusted and _without_default_port(asked, self.scheme) not in self.trusted:
            environ[UNTRUSTED] = asked
        environ["HTTP_HOST"] = self.host
        environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)


def _without_default_port(host: str, scheme: str) -> str:
    default = ":443" if scheme == "https" else ":80"
    return host.removesuffix(default)


def init_app(app: Flask) -> None:
    """Install ``CanonicalHost`` when ``HUB_PUBLIC_URL`` is set (outermost: it sees the raw Host)."""
    found = public_url(app.config.get("PUBLIC_URL"))
    if found is None:
        return
    scheme, host = found
    app.config["PREFERRED_URL_SCHEME"] = scheme
    app.wsgi_app = CanonicalHost(app.wsgi_app, scheme, host, host_names(app.config.get("EXTRA_HOSTS")))  # type: ignore[method-assign]

    @app.before_request
    def refuse_other_hosts() -> None:
        if UNTRUSTED in request.environ:
            abort(400, description="this site does not answer for that host name")
