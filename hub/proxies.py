"""Which ``X-Forwarded-*`` headers the hub believes: those its own reverse proxies wrote.

The client address (rate limits count per address) and the scheme (Secure cookies, HSTS)
come from the socket unless a trusted proxy forwarded the request:

- a proxy on the same machine is trusted with no setting: when the peer of the connection
  is a loopback address, the right-most ``X-Forwarded-For`` entry (the one that proxy
  appended) is the client, as gunicorn trusts ``X-Forwarded-Proto`` from 127.0.0.1;
- ``HUB_PROXY_HOPS=N`` trusts N more proxies on other machines in front of it.

Entries further left were written by the client and are ignored, so a forged
``X-Forwarded-For`` cannot buy a new rate-limit budget. SECURITY.md ("Behind a reverse
proxy") gives the recommended set-up; tests/web/test_proxies.py runs it behind nginx.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class TrustedProxies:
    """WSGI middleware: ``hops`` proxies trusted from any peer, one more from a loopback peer."""

    def __init__(self, app: WSGIApp, hops: int) -> None:
        self.app = app
        # Never X-Forwarded-Host: the host comes from HUB_PUBLIC_URL (hub/hosts.py).
        self.remote = ProxyFix(app, x_for=hops, x_proto=hops) if hops else app
        self.local = ProxyFix(app, x_for=hops + 1, x_proto=hops + 1)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        peer = environ.get("REMOTE_ADDR") or ""
        return (self.local if is_loopback(peer) else self.remote)(environ, start_response)


def proxy_hops(value: object) -> int:
    """``HUB_PROXY_HOPS`` as a count; ValueError naming the variable otherwise."""
    try:
        hops = int(str(value or 0))
    except ValueError:
        hops = -1
    if not 0 <= hops <= 10:
        raise ValueError(f"HUB_PROXY_HOPS={value!r} is not a number of proxies (0 to 10)")
    return hops
