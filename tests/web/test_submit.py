"""The submission form, the preview and their guards, through Flask's test client."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from werkzeug.datastructures import MultiDict

from hub import create_app
from hub.cli import main
from indexer.model import fields
from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from tests.practice_text import practice_text
from tests.support.forms import filled, form_data


@pytest.fixture
def submit_client(backend, submissions_repo):
    app = create_app(
        {
            "BACKEND": backend,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SUBMISSIONS_REPO": str(submissions_repo.path),
        }
    )
    return app.test_client()


def soup(response):
    return BeautifulSoup(response.data, "html.parser")


def test_the_form_has_a_control_for_every_field_in_three_languages(client):
    for lang, legend in (("en", "The practice"), ("fr", "La pratique"), ("es", "La práctica")):
        page = soup(client.get(f"/submit?lang={lang}"))
        assert page.select_one("legend").get_text() == legend
        for name, spec in fields().items():
            assert bool(page.select(f'[name="{name}"]')) is spec.form, (lang, name)
        assert (
            page.select_one('label[for="title"]')
            .get_text()
            .startswith({"en": "Title", "fr": "Titre", "es": "Título"}[lang])
        )


def test_errors_are_shown_next_to_their_field_and_nothing_typed_is_lost(submit_client):
    response = submit_client.post("/submit?lang=fr", data=form_data(objectives=["24"], start_year="20x9"))
    assert response.status_code == 400
    page = soup(response)
    objective_error = page.select_one("#field-objectives .field-error").get_text()
    assert "24 n’est pas un objectif du PMM" in objective_error  # in the interface language
    assert page.select_one("#field-start_year .field-error")
    assert page.select_one("#start_year")["aria-invalid"] == "true"
    assert page.select_one("#title")["value"] == "Guichet unique pour les travailleurs migrants"
    assert page.select_one('input[name="objectives"][value="24"]') is None  # not an offered value
    assert page.select_one('input[name="principles"][value="people-centred"]').has_attr("checked")
    assert {o["value"] for o in page.select("#countries input[checked]")} == {"SEN", "MLI"}
    assert page.select_one("#section_context").get_text() == "Texte de la section context."
    assert [a["href"] for a in page.select(".error-summary a")][:1] == ["#field-objectives"]


def test_a_valid_submission_is_committed_on_a_branch(submit_client, submissions_repo):
    response = submit_client.post("/submit?lang=fr", data=form_data())
    assert response.status_code == 200, soup(response).select(".field-error")
    page = soup(response)
    receipt = page.select_one("[role=status]").get_text()
    assert re.search(r"GCM-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
    assert "pull request" not in page.get_text() and "submission/" not in page.get_text()  # no git words
    text = page.select_one("textarea#text").get_text()
    assert text.startswith("---\ntitle: Guichet unique")
    branches = submissions_repo.git("branch", "--list", "submission/*")
    assert "submission/guichet-unique-pour-les-travailleurs-migrants" in branches


def test_a_double_click_records_one_submission(submit_client, submissions_repo):
    first = submit_client.post("/submit", data=form_data())
    second = submit_client.post("/submit", data=form_data())
    assert first.status_code == second.status_code == 200
    assert submissions_repo.git("branch", "--list", "submission/*").count("submission/") == 1


def test_an_id_taken_by_a_published_practice_is_refused(submit_client):
    response = submit_client.post(
        "/submit", data=form_data(title="Remittance fees portal", countries=["FRA"])
    )
    assert response.status_code == 400
    assert "exists already" in soup(response).select_one("#field-title .field-error").get_text()


def test_a_duplicate_title_in_a_same_country_is_refused(submit_client):
    response = submit_client.post(
        "/submit", data=form_data(title="Remittance price comparison portal", countries=["AUS"])
    )
    assert response.status_code == 400
    assert "already the title" in soup(response).select_one("#field-title .field-error").get_text()


def test_submitter_details_are_required(submit_client):
    data = filled()
    response = submit_client.post("/submit", data=data)
    assert response.status_code == 400
    assert soup(response).select_one("#field-submitter_name .field-error")


def test_the_form_needs_a_csrf_token(backend, tmp_path):
    client = create_app({"BACKEND": backend, "DATA": str(tmp_path)}).test_client()
    response = client.post("/submit", data=form_data())
    assert response.status_code == 400
    page = soup(client.get("/submit"))
    token = page.select_one('input[name="csrf_token"]')["value"]
    data = form_data()
    data["csrf_token"] = token
    assert client.post("/submit", data=data).status_code == 200


def test_download_returns_the_file(client):
    response = client.post("/submit/download", data={"id": "a-practice", "text": "---\ntitle: x\n---\n"})
    assert response.headers["Content-Disposition"] == 'attachment; filename="a-practice.md"'
    assert client.post("/submit/download", data={"id": "../etc/passwd", "text": "x"}).status_code == 400


def test_preview_lists_every_problem_with_its_line_and_renders_the_practice(client):
    text = practice_text(objectives=[24], countries=["MOR"], body="\n## Context\n\nSome *emphasis*.\n")
    page = soup(client.post("/submit/preview", data={"text": text}))
    problems = [li.get_text(" ", strip=True) for li in page.select("ol.problems li")]
    assert any(re.match(r"line 5 countries ?: 'MOR' is not an ISO 3166-1 alpha-3 code", p) for p in problems)
    assert any(re.match(r"line 8 objectives ?: 24 is not a GCM objective", p) for p in problems)
    assert page.select_one(".preview article h1").get_text() == "Test practice"
    assert page.select_one(".preview .body em").get_text() == "emphasis"
    assert page.select_one("textarea#text").get_text() == text


def test_preview_of_a_valid_upload(client):
    text = practice_text()
    data = {"file": (io.BytesIO(text.encode()), "my-practice.md")}
    page = soup(client.post("/submit/preview", data=data, content_type="multipart/form-data"))
    assert "passes hub check" in page.select_one("#problems-title").get_text()
    assert page.select_one(".preview .fields dd a").get_text() == "5. Regular pathways"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"---\ntitle: caf\xe9\n---\n", "not UTF-8"),
        (b"x" * (1024 * 1024 + 5), "limit is 1 MiB"),
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ],
)
def test_preview_refuses_bad_uploads_clearly(client, content, message):
    # The multipart body is encoded here: werkzeug's test client would spool a large one to a
    # temporary file that it never closes.
    boundary = "practice-upload"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.md"\r\n'
            "Content-Type: text/markdown\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/submit/preview", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 200
    assert message in soup(response).select_one("ol.problems").get_text()


def test_an_oversized_request_is_refused(client):
    response = client.post("/submit/preview", data={"text": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Too much data" in soup(response).select_one("h1").get_text()


def test_reviewers_list_accept_and_the_practice_becomes_searchable(submit_client, submissions_repo, tmp_path):
    assert submit_client.post("/submit", data=form_data()).status_code == 200
    runner = CliRunner()
    repo = str(submissions_repo.path)
    listed = runner.invoke(main, ["submissions", "--repo", repo])
    assert listed.exit_code == 0
    assert "guichet-unique-pour-les-travailleurs-migrants" in listed.stdout
    assert "passes hub check --strict" in listed.stdout
    accepted = runner.invoke(
        main, ["submissions", "--repo", repo, "accept", "guichet-unique-pour-les-travailleurs-migrants"]
    )
    assert accepted.exit_code == 0, accepted.output
    merged = submissions_repo.path / "practices" / "guichet-unique-pour-les-travailleurs-migrants.md"
    today = dt.date.today().isoformat()
    assert f"review: {{status: reviewed, date: {today}}}" in merged.read_text(encoding="utf-8")
    assert "review: {status: submitted" not in merged.read_text(encoding="utf-8")
    index = tmp_path / "index"
    built = runner.invoke(
        main, ["index", "--practices", str(submissions_repo.path / "practices"), "--index", str(index)]
    )
    assert built.exit_code == 0, built.output
    hits = WhooshBackend(index).search(Query(text="guichet unique", expand=False))
    assert [h.id for h in hits.hits] == ["guichet-unique-pour-les-travailleurs-migrants"]


def test_accept_refuses_a_submission_that_fails_strict_check(submissions_repo):
    from hub.inbox import Inbox

    bad = practice_text(title="Bad one", contact="ana.perez@gmail.com")  # a warning: fails --strict
    Inbox(submissions_repo.path).submit("bad-one", bad, "A", "B")
    result = CliRunner().invoke(
        main, ["submissions", "--repo", str(submissions_repo.path), "accept", "bad-one"]
    )
    assert result.exit_code == 1 and "nothing was merged" in result.stderr and "contact" in result.stderr
    assert "submission/bad-one" in submissions_repo.git("branch", "--list", "submission/*")


def test_reject_records_the_reason(submissions_repo):
    from hub.inbox import Inbox

    Inbox(submissions_repo.path).submit("to-reject", practice_text(title="To reject"), "A", "B")
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "submissions",
            "--repo",
            str(submissions_repo.path),
            "reject",
            "to-reject",
            "--reason",
            "Not yet implemented",
        ],
    )
    assert result.exit_code == 0
    assert submissions_repo.git("branch", "--list", "submission/*") == ""
    assert "Rejected: Not yet implemented" in submissions_repo.git("tag", "-n5", "rejected/to-reject")
    missing = runner.invoke(
        main, ["submissions", "--repo", str(submissions_repo.path), "reject", "nope", "--reason", "x"]
    )
    assert missing.exit_code == 1 and "no pending submission" in missing.stderr


def test_submissions_without_a_repository_is_a_clear_error(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["submissions", "--repo", str(tmp_path)])
    assert result.exit_code == 1 and "is not a git repository" in result.stderr
    assert MultiDict  # the MultiDict import documents the form data type used above


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_each_body_section_shows_its_hint_in_the_readers_language(client, lang):
    from indexer import vocabulary

    page = BeautifulSoup(client.get(f"/submit?lang={lang}").data, "html.parser")
    shown = {p.get_text(strip=True) for p in page.select("p.help")}
    for section in vocabulary.sections():
        assert section.hint[lang] in shown, section.code
