"""The canonical host, Allow on 405, 413 for chunked bodies, bounded facet selections, no
server paths in public errors (issue 13)."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from hub import create_app
from hub.hosts import public_url
from hub.params import MAX_SELECTED
from hub.security import HEADERS
from indexer import vocabulary
from indexer.search.whoosh_engine import WhooshBackend

PUBLIC = "https://practices.example.org"


@pytest.fixture
def public(backend):
    """A client of the hub with HUB_PUBLIC_URL set."""
    app = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "PUBLIC_URL": PUBLIC})
    return app.test_client()


@pytest.mark.parametrize("url", ["/sitemap.xml", "/robots.txt", "/feed.atom", "/api/v1/search"])
def test_absolute_urls_name_the_public_site_whatever_the_host_header_says(backend, url):
    forged = {"Host": "practices.example.org", "X-Forwarded-Host": "evil.example"}
    proxied = {"REMOTE_ADDR": "127.0.0.1"}  # a same-machine proxy, trusted for X-Forwarded-For
    app = create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "PUBLIC_URL": PUBLIC})
    response = app.test_client().get(url, headers=forged, environ_base=proxied)
    assert response.status_code == 200
    assert b"evil.example" not in response.data and PUBLIC.encode() in response.data


def test_without_a_public_url_x_forwarded_host_is_not_believed(client):
    response = client.get(
        "/robots.txt",
        headers={"Host": "localhost", "X-Forwarded-Host": "evil.example"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert b"evil.example" not in response.data


def test_json_ld_and_the_api_url_use_the_public_site(public, backend):
    practice_id = backend.ids()[0]
    page = BeautifulSoup(
        public.get(f"/practices/{practice_id}", headers={"Host": "practices.example.org"}).data, "html.parser"
    )
    assert (
        f'"url": "{PUBLIC}/practices/{practice_id}"'
        in page.select_one('script[type="application/ld+json"]').string
    )
    data = public.get(
        f"/api/v1/practices/{practice_id}", headers={"Host": "practices.example.org"}
    ).get_json()
    assert data["url"] == f"{PUBLIC}/practices/{practice_id}"


@pytest.mark.parametrize("url", ["/", "/api/v1/search"])
def test_another_host_is_refused_with_the_usual_error_shape(public, url):
    response = public.get(url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    if url.startswith("/api/"):
        assert response.get_json()["error"]["status"] == 400
    assert b"evil.example" not in response.data


def test_trusted_hosts_and_the_default_port_are_answered(backend):
    app = create_app(
        {
            "BACKEND": backend,
            "TESTING": True,
            "SECRET_KEY": "t",
            "PUBLIC_URL": PUBLIC,
            "EXTRA_HOSTS": "www.example.org",
        }
    )
    client = app.test_client()
    for host in ("practices.example.org", "practices.example.org:443", "www.example.org"):
        assert client.get("/robots.txt", headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize(
    "value", ["example.org", "ftp://example.org", "https://example.org/hub", "https://u@x.org"]
)
def test_a_bad_public_url_is_a_clear_error(value):
    with pytest.raises(ValueError, match="HUB_PUBLIC_URL"):
        public_url(value)


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [("DELETE", "/search", "GET"), ("PUT", "/api/v1/search", "GET"), ("GET", "/submit/download", "POST")],
)
def test_a_405_says_which_methods_are_allowed(client, method, url, allow):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert allow in [m.strip() for m in response.headers["Allow"].split(",")]


def test_a_chunked_body_over_the_limit_is_refused_not_cut(client):
    body = b"text=" + b"x" * (3 * 1024 * 1024)
    response = client.post(
        "/submit/preview",
        input_stream=io.BytesIO(body),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


def test_a_chunked_body_under_the_limit_is_read_whole(client):
    response = client.post(
        "/submit/preview",
        input_stream=io.BytesIO(b"text=---%0Atitle%3A+Chunked+title%0A---%0A"),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200 and b"Chunked title" in response.data


def test_selecting_every_country_is_capped_with_a_message(client):
    codes = vocabulary.countries().codes
    query = "&".join(f"country={code}" for code in codes)
    response = client.get(f"/search?{query}")
    assert len(response.data) < 150_000  # 2.5 MB before
    page = BeautifulSoup(response.data, "html.parser")
    assert f"at most {MAX_SELECTED} country values" in page.get_text()
    api = client.get(f"/api/v1/search?{query}")
    assert api.status_code == 400 and api.get_json()["error"]["parameter"] == "country"


def test_unknown_values_are_named_a_few_at_a_time(client):
    response = client.get("/api/v1/search?" + "&".join(f"country=X{n:03d}" for n in range(500)))
    message = response.get_json()["error"]["message"]
    assert "and 497 more unknown country value(s)" in message and len(message) < 500


def test_the_503_page_health_and_api_do_not_show_the_index_path(tmp_path):
    folder = tmp_path / "secret-location"
    client = create_app({"BACKEND": WhooshBackend(folder), "TESTING": True}).test_client()
    for url in ("/search?q=x", "/health", "/api/v1/search?q=x"):
        response = client.get(url)
        assert response.status_code == 503
        assert b"secret-location" not in response.data and b"hub index" in response.data
