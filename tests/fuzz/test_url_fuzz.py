"""Any value of every URL parameter, path segment and form field gets a page or a clear error, never a 500.

The app's catch-all error handler turns an exception into a 500 page, so "no 500" is
"no exception". Streamed responses (CSV, JSON lines) are read to the end.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from indexer.search import FACETS
from indexer.vocabulary import ALL

PUBLIC = "https://practices.example.org"
URL = re.compile(r"https?://[^\s\"'<>]+")
MAX_PAGE_BYTES = 1_000_000
PARAMETERS = ["q", *FACETS, "from", "to", "sort", "page", "page_size", "lang", "format"]
ENDPOINTS = ["/search", "/api/v1/search", "/feed.atom", "/export.csv", "/export.jsonl", "/", "/objectives/5"]
CODES = [
    term.code for name in ("objectives", "regions", "countries", "types", "languages") for term in ALL[name]()
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NUMBERISH = st.sampled_from(
    [
        "0",
        "-1",
        "1",
        "2",
        "100",
        "101",
        "10000",
        "10001",
        "1" * 40,
        "1e3",
        "0x10",
        " 7 ",
        "²",
        "¹²",
        "٣",
        "２０２０",
        "1900",
        "2100",
        "2101",
        "1899",
        "nan",
        "inf",
        "",
        " ",
        "relevance",
        "newest",
        "fr",
        "xx",
        "EN",
    ]
)
VALUES = st.one_of(TEXT, NUMBERISH, st.sampled_from(CODES), st.integers().map(str))
PAIRS = st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), TEXT), VALUES), max_size=8)


def fetch(client, url: str, **kwargs):
    response = client.open(url, **kwargs)
    body = response.get_data()  # runs a streamed body to its end
    assert response.status_code < 500, (url, response.status_code, body[:300])
    return response


@given(st.sampled_from(ENDPOINTS), PAIRS)
@example("/search", [("from", "²")])
@example("/search", [("year", "²")])
@example("/api/v1/search", [("page", "¹")])
@example("/api/v1/search", [("page_size", "²")])
@example("/feed.atom", [("to", "¹²")])
@example("/export.csv", [("q", "x" * 600)])
@example("/search", [("q", "\x00"), ("country", "\x00")])
@example("/search", [("country", code) for code in ALL["countries"]().codes])  # was 2.5 MB
@example("/api/v1/search", [("country", f"X{n:03d}") for n in range(500)])
@example("/search", [("q", "\u202egro.live"), ("q", "\x1b[2J")])
def test_any_url_parameters_give_a_page_or_a_clear_error(client, endpoint, pairs):
    response = fetch(client, endpoint, query_string=pairs)
    assert response.status_code in (200, 400), response.status_code
    assert len(response.data) < MAX_PAGE_BYTES  # an 8 KB URL cannot make a huge page


HOSTS = st.one_of(
    TEXT.filter(lambda text: "\r" not in text and "\n" not in text),  # no client can send those
    st.sampled_from(["practices.example.org", "evil.example", "practices.example.org:443", "", "a" * 300]),
)


@pytest.fixture(scope="module")
def public_client(backend):
    from hub import create_app

    config = {"BACKEND": backend, "TESTING": True, "SECRET_KEY": "t", "PUBLIC_URL": PUBLIC}
    return create_app(config).test_client()


@given(st.sampled_from(["/sitemap.xml", "/robots.txt", "/feed.atom", "/api/v1/search", "/"]), HOSTS, HOSTS)
def test_any_host_header_gives_the_public_site_or_a_400(public_client, endpoint, host, forwarded):
    headers = {"Host": host, "X-Forwarded-Host": forwarded}
    response = fetch(public_client, endpoint, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200 and endpoint != "/":
        hosts = {url.split("/")[2].lower() for url in URL.findall(response.get_data(as_text=True))}
        assert "practices.example.org" in hosts
        for chosen in (host.lower(), forwarded.lower()):
            assert chosen in ("practices.example.org", "practices.example.org:443") or chosen not in hosts


PATHS = [
    "/practices/{}",
    "/api/v1/practices/{}",
    "/regions/{}",
    "/countries/{}",
    "/objectives/{}",
    "/static/{}",
    "/{}",
]


@given(st.sampled_from(PATHS), st.one_of(TEXT, NUMBERISH, st.sampled_from(CODES)))
@example("/practices/{}", "..%2F..%2Fetc%2Fpasswd")
@example("/static/{}", "../../hub/config.py")
@example("/objectives/{}", "99999999999999999999999")
def test_any_practice_id_or_path_segment_gives_a_page_or_404(client, pattern, value):
    response = fetch(client, pattern.format(quote(value, safe="")))
    assert response.status_code in (200, 301, 308, 404), response.status_code


@given(st.binary(max_size=2048), TEXT)
@example(b"\xff\xfe", "../../etc/passwd")
@example(b"---\ntitle: [\n---\n", "practice.md")
def test_any_uploaded_file_gets_a_preview(client, raw, filename):
    from io import BytesIO

    data = {"file": (BytesIO(raw), filename or "x.md")}
    response = fetch(client, "/submit/preview", method="POST", data=data, content_type="multipart/form-data")
    assert response.status_code == 200


FORM_FIELDS = [
    "title",
    "summary",
    "countries",
    "objectives",
    "principles",
    "type",
    "scope",
    "start_year",
    "end_year",
    "ongoing",
    "language",
    "submitter_name",
    "submitter_organisation",
    "submitter_email",
    "contact",
    "contact_private",
    "body",
    "id",
    "text",
    "translation_of",
    "tags",
    "partners",
]


@given(
    st.sampled_from(["/submit", "/submit/preview", "/submit/download"]),
    st.lists(st.tuples(st.one_of(st.sampled_from(FORM_FIELDS), TEXT), st.one_of(VALUES, TEXT)), max_size=12),
)
@example("/submit/download", [("id", "abc\n"), ("text", "x")])
@example("/submit", [("submitter_name", "A\x1b]0;x\x07"), ("title", "\u202e")])
@example("/submit/preview", [("text", "---\ntitle: x\n---\n" + "[" * 8000)])
def test_any_form_gets_a_page_or_a_clear_error(client, endpoint, pairs):
    response = fetch(client, endpoint, method="POST", data=MultiDict(pairs))
    assert response.status_code in (200, 400), response.status_code
