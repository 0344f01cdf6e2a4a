"""Defences every response shares: protective headers, cookie flags, rate limits, no debug in production.

``init_app(app)`` is called once by the app factory. What each defence is and which test
proves it is listed in SECURITY.md.

- Headers: a Content-Security-Policy without inline scripts or styles (the site's one script
  is /static/enhance.js; the JSON-LD ``<script type="application/ld+json">`` of practice pages
  is a data block, which browsers never execute, so ``script-src 'self'`` leaves it alone),
  plus nosniff, no framing, a strict referrer policy, no powerful browser features, and HSTS
  on HTTPS requests.
- Cookies: the session cookie (it carries the CSRF token of the submission form) is
  HttpOnly and SameSite=Lax always, and Secure whenever the request came over HTTPS. "Came
  over HTTPS" is ``request.is_secure``: under ``hub serve`` gunicorn sets the URL scheme from
  ``X-Forwarded-Proto`` only for a proxy in ``forwarded_allow_ips`` (127.0.0.1), so a reverse
  proxy on the same machine that terminates TLS makes the cookie Secure with no setting to
  forget, and a client cannot fake it. ``SESSION_COOKIE_SECURE=True`` forces it regardless.
- Rate limits: POST /submit, /submit/preview and /submit/download, and the downloads
  (exports, sitemap, feeds), per client address,
  with Flask-Limiter; a friendly 429 page says when to try again. The client address is
  the one ``hub/proxies.py`` believes (a same-machine proxy, then ``HUB_PROXY_HOPS``).
- Debug: ``create_app`` refuses to start with debug on in production, that is when
  ``HUB_ENV=production`` or when running under gunicorn (``hub serve``).
"""

from __future__ import annotations

import io
import os
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from hub import hosts, i18n, proxies
from hub.backend import install, installed

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"
GENERATION_HEADER = "X-Hub-Generation"
# Per client address and worker process (see SECURITY.md for a shared store):
# endpoint -> (the app.config key that overrides it, the default, the method limited).
RATE_LIMITS = {
    "submit.send": ("RATELIMIT_SUBMIT", "10 per minute;100 per day", "POST"),
    "submit.preview": ("RATELIMIT_PREVIEW", "30 per minute", "POST"),
    "submit.download": ("RATELIMIT_PREVIEW", "30 per minute", "POST"),
    "feeds.export_csv": ("RATELIMIT_EXPORT", "10 per minute", "GET"),
    "feeds.export_jsonl": ("RATELIMIT_EXPORT", "10 per minute", "GET"),
    "feeds.sitemap": ("RATELIMIT_SITEMAP", "10 per minute", "GET"),
    "feeds.atom": ("RATELIMIT_FEED", "60 per minute", "GET"),
}


class DebugInProduction(RuntimeError):
    """Debug mode was asked for where the hub serves the public."""


class SessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions whose cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (bool(request) and request.is_secure)


def init_app(app: Flask) -> None:
    refuse_debug_in_production(app)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = SessionInterface()
    hops = proxies.proxy_hops(app.config.get("PROXY_HOPS"))
    app.wsgi_app = proxies.TrustedProxies(app.wsgi_app, hops)  # type: ignore[method-assign]
    app.wsgi_app = BodyLimit(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]
    hosts.init_app(app)
    app.after_request(protective_headers)
    install_rate_limits(app)
    record_generations(app)


class BodyLimit:
    """WSGI middleware: a body without Content-Length (chunked) gets one, so that one over
    ``limit`` is refused with a 413 like any other, instead of being cut at the limit."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        # gunicorn passes a body without Content-Length only when it is chunked.
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self.limit + 1)  # one byte more tells "too large"
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # the body is now whole, of known length
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def refuse_debug_in_production(app: Flask) -> None:
    """Raise DebugInProduction when debug is on under gunicorn or with HUB_ENV=production."""
    if not app.debug:
        return
    env = str(app.config.get("ENV") or "").strip().lower()
    under_gunicorn = os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn")
    if env == "production" or under_gunicorn:
        where = "HUB_ENV=production" if env == "production" else "under gunicorn (`hub serve`)"
        raise DebugInProduction(
            f"debug mode is on (FLASK_DEBUG or DEBUG) {where}: the debugger shows code and "
            "settings to anyone; unset FLASK_DEBUG to serve the public"
        )


def protective_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    generations = g.get("hub_generations")
    if generations:
        response.headers[GENERATION_HEADER] = ",".join(dict.fromkeys(generations))
    return response


def install_rate_limits(app: Flask) -> None:
    """Limit submissions, exports, the sitemap and feeds per client; off under TESTING unless asked."""
    enabled = app.config.get("RATELIMIT_ENABLED")  # HUB_RATELIMIT_ENABLED, or a test's config
    if enabled is None:
        enabled = not app.testing
    elif isinstance(enabled, str):
        enabled = enabled.strip().lower() not in ("0", "false", "no", "off")
    app.config["RATELIMIT_ENABLED"] = enabled
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"])
    for endpoint, (setting, default, method) in RATE_LIMITS.items():
        rate = app.config.get(setting) or default
        app.view_functions[endpoint] = limiter.limit(rate, methods=[method])(app.view_functions[endpoint])
    app.extensions["hub_limiter"] = limiter
    app.register_error_handler(TooManyRequests, too_many_requests)


# The 429 page in each interface language (title, message, hint).
TOO_MANY = {
    "en": (
        "Too many submissions in a short time",
        "To protect the hub, each address may send only a few forms a minute.",
        "Nothing you typed is lost: go back, wait a minute, and send it again.",
    ),
    "fr": (
        "Trop d’envois en peu de temps",
        "Pour protéger le hub, chaque adresse ne peut envoyer que quelques formulaires par minute.",
        "Rien de ce que vous avez saisi n’est perdu : revenez en arrière, attendez une minute, "
        "puis envoyez-le de nouveau.",
    ),
    "es": (
        "Demasiados envíos en poco tiempo",
        "Para proteger el hub, cada dirección solo puede enviar unos pocos formularios por minuto.",
        "No se ha perdido nada de lo que escribió: vuelva atrás, espere un minuto y envíelo de nuevo.",
    ),
}


def too_many_requests(error: TooManyRequests) -> tuple[Any, int, dict[str, str]]:
    if request.blueprint in ("api", "feeds"):  # data gets the API's JSON error
        from hub.api import error as json_error

        body, status = json_error(429, "too many requests from this address; try again in a minute")
        return body, status, {"Retry-After": "60"}
    title, message, hint = TOO_MANY.get(i18n.current(), TOO_MANY["en"])
    page = render_template("error.html", code=429, title=title, message=message, hint=hint)
    return page, 429, {"Retry-After": "60"}


class GenerationRecorder:
    """The search backend, noting in ``flask.g`` the index generation each search answered from.

    Every response that ran a search carries it as ``X-Hub-Generation`` (several, comma
    separated, would mean one response mixed generations): the load benchmark checks it.
    """

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)

    def search(self, query: Any) -> Any:
        results = self.backend.search(query)
        if results.generation:
            g.setdefault("hub_generations", []).append(results.generation)
        return results


def record_generations(app: Flask) -> None:
    backend = installed(app)
    if not isinstance(backend, GenerationRecorder):
        install(app, GenerationRecorder(backend))
