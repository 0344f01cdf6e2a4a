"""Headers, cookies, limits and the debug guard of hub.security, through Flask's test client."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from hub import create_app
from hub.security import GENERATION_HEADER, HEADERS, DebugInProduction
from indexer.search import Query

PAGES = {
    "html": "/",
    "search": "/search?q=remittances&objective=5",
    "practice": "/practices/remittance-fees-portal",
    "json": "/api/v1/search?q=women",
    "feed": "/feed.atom",
    "csv": "/export.csv",
    "static": "/static/style.css",
    "health": "/health",
    "400": "/search?page=zero",
    "404": "/no/such/page",
    "api 404": "/api/v1/practices/no-such-practice",
}


class Exploding:
    """A backend whose searches fail with a bug, to render the 500 page."""

    def __init__(self, backend):
        self.backend = backend

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def search(self, query):
        raise RuntimeError("a bug")


def assert_protected(response, secure=False):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.request.path)
    assert ("Strict-Transport-Security" in response.headers) == secure


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_kind_of_response_has_the_protective_headers(client, url):
    response = client.get(url)
    response.close()
    assert_protected(response)


def test_a_500_page_and_a_405_have_them_too(backend):
    client = create_app({"BACKEND": Exploding(backend), "TESTING": True}).test_client()
    crashed = client.get("/search?q=x")
    assert crashed.status_code == 500
    assert "a bug" not in crashed.get_data(as_text=True)
    assert_protected(crashed)
    refused = client.put("/search")
    assert refused.status_code == 405
    assert_protected(refused)


def test_hsts_only_over_https(client):
    assert_protected(client.get("/", base_url="https://hub.example"), secure=True)
    assert_protected(client.get("/", base_url="http://hub.example"), secure=False)


def test_the_csp_allows_no_inline_script_or_style():
    policy = dict(part.split(" ", 1) for part in HEADERS["Content-Security-Policy"].split("; "))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in HEADERS["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/", "/search?q=women", "/practices/remittance-fees-portal", "/submit"])
def test_pages_need_nothing_the_csp_forbids(client, url):
    """Only same-origin script files and JSON-LD data blocks; no inline style or handler."""
    page = BeautifulSoup(client.get(url).data, "html.parser")
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/") or script.get("type") == "application/ld+json"
        if script.get("src"):
            assert not script.string
    assert not page.find_all("style")
    for element in page.find_all(True):
        assert "style" not in element.attrs, element
        assert not [a for a in element.attrs if a.startswith("on")], element
        assert not element.get("href", "").lower().startswith("javascript:"), element


def test_searches_name_the_generation_they_were_answered_from(client, backend):
    generation = backend.search(Query()).generation
    assert generation
    for url in ("/", "/search?q=women", "/api/v1/search", "/feed.atom"):
        assert client.get(url).headers[GENERATION_HEADER] == generation, url
    static = client.get("/static/style.css")
    static.close()
    assert GENERATION_HEADER not in static.headers


def session_cookie(response):
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers
    return [part.strip().lower() for part in cookies[0].split(";")]


@pytest.fixture
def csrf_app(backend):
    return create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "test"})


def test_the_session_cookie_is_httponly_and_samesite(csrf_app):
    flags = session_cookie(csrf_app.test_client().get("/submit"))
    assert "httponly" in flags and "samesite=lax" in flags
    assert "secure" not in flags


def test_the_session_cookie_is_secure_over_https(csrf_app):
    flags = session_cookie(csrf_app.test_client().get("/submit", base_url="https://hub.example"))
    assert "secure" in flags and "httponly" in flags


def test_a_proxy_that_terminated_https_makes_it_secure_when_trusted(backend):
    """X-Forwarded-Proto: https counts from a proxy on this machine (a loopback peer), or from
    one on another machine with HUB_PROXY_HOPS=1; from anyone else it is ignored."""
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    app = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "PROXY_HOPS": 1})
    response = app.test_client().get("/submit", headers={"X-Forwarded-Proto": "https"}, environ_base=outside)
    assert "secure" in session_cookie(response)
    assert response.headers["Strict-Transport-Security"]
    untrusting = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t"})
    response = untrusting.test_client().get(
        "/submit", headers={"X-Forwarded-Proto": "https"}, environ_base=outside
    )
    assert "secure" not in session_cookie(response)
    same_machine = untrusting.test_client().get("/submit", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in session_cookie(same_machine)


def test_a_body_over_two_mib_is_refused_with_413(client):
    response = client.post("/submit/preview", data={"text": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert_protected(response)


def limited_client(backend, **limits):
    config = {"BACKEND": backend, "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True}
    return create_app({**config, **limits}).test_client()


def test_previews_are_rate_limited_per_address_with_a_friendly_429(backend):
    client = limited_client(backend, RATELIMIT_PREVIEW="3 per minute")
    statuses = [client.post("/submit/preview", data={"text": "---\n"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.post("/submit/preview", data={"text": "---\n"}, headers={"Accept-Language": "fr"})
    assert refused.headers["Retry-After"]
    assert_protected(refused)
    page = BeautifulSoup(refused.data, "html.parser")
    assert "minute" in page.h1.get_text() + page.get_text()
    other = client.post("/submit/preview", data={"text": "---\n"}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200
    assert client.get("/submit/preview").status_code == 200  # reading the form is not limited


def test_submissions_are_rate_limited(backend):
    client = limited_client(backend, RATELIMIT_SUBMIT="2 per minute")
    statuses = [client.post("/submit", data={"title": "x"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert client.get("/search?q=x").status_code == 200


def test_rate_limits_are_off_in_tests_unless_asked(client):
    assert all(client.post("/submit/preview", data={"text": "---\n"}).status_code == 200 for _ in range(40))


def test_debug_is_refused_in_production(backend, monkeypatch):
    monkeypatch.setenv("HUB_ENV", "production")
    with pytest.raises(DebugInProduction, match="HUB_ENV=production"):
        create_app({"BACKEND": backend, "DEBUG": True})
    assert create_app({"BACKEND": backend}).debug is False


def test_debug_is_refused_under_gunicorn(backend, monkeypatch):
    monkeypatch.delenv("HUB_ENV", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    with pytest.raises(DebugInProduction, match="gunicorn"):
        create_app({"BACKEND": backend, "DEBUG": True})


def test_debug_is_allowed_for_a_developer(backend, monkeypatch):
    monkeypatch.delenv("HUB_ENV", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert create_app({"BACKEND": backend, "DEBUG": True}).debug
