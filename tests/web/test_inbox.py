"""The inbox that always exists: a local one without HUB_SUBMISSIONS_REPO, references, private
status links moved by `hub submissions`, and a secret key that survives restarts."""

from __future__ import annotations

import re
import stat
import subprocess

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from hub import config, create_app
from hub.cli import main
from tests.support.forms import form_data

PRACTICE = "guichet-unique-pour-les-travailleurs-migrants"


@pytest.fixture
def instance(backend, tmp_path, monkeypatch):
    """An app with no submissions repository configured, its data folder and practices in tmp_path."""
    data, practices = tmp_path / "data", tmp_path / "practices"
    practices.mkdir()
    monkeypatch.setenv("HUB_DATA", str(data))
    monkeypatch.setenv("HUB_PRACTICES", str(practices))
    monkeypatch.delenv("HUB_SUBMISSIONS_REPO", raising=False)
    monkeypatch.delenv("HUB_SECRET_KEY", raising=False)
    app = create_app({"BACKEND": backend, "TESTING": True, "WTF_CSRF_ENABLED": False})
    return app.test_client(), data, practices


def soup(response):
    return BeautifulSoup(response.data, "html.parser")


def submit(client, lang="es"):
    response = client.post(f"/submit?lang={lang}", data=form_data())
    assert response.status_code == 200, soup(response).select(".field-error")
    page = soup(response)
    link = page.select_one("a.status-link")["href"]
    return page, link.removeprefix("http://localhost")


def status(client, link):
    response = client.get(link)
    return response, soup(response)


def hub(*args):
    return CliRunner().invoke(main, ["submissions", *args])


def test_without_a_repository_the_submission_lands_in_the_local_inbox(instance):
    client, data, _ = instance
    page, link = submit(client)
    inbox = data / "inbox"
    branches = subprocess.run(
        ["git", "-C", str(inbox), "branch", "--list", "submission/*"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"submission/{PRACTICE}" in branches
    reference = page.select_one(".reference").get_text()
    assert re.fullmatch(r"GCM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)
    assert link.startswith(f"/submissions/{reference}?token=")
    text = page.get_text(" ", strip=True)
    assert "Su referencia:" in text and "10 días hábiles" in text  # what happens next, when, in Spanish
    for jargon in ("pull request", "hub check", "git", "branch", "submission/"):
        assert not re.search(rf"\b{re.escape(jargon)}", text), jargon


def test_the_status_link_follows_review_accept_and_shows_the_practice(instance):
    client, _, practices = instance
    _, link = submit(client, "fr")
    response, page = status(client, link)
    assert response.status_code == 200
    assert (
        response.headers["Referrer-Policy"] == "no-referrer" and "noindex" in response.headers["X-Robots-Tag"]
    )
    assert page.select_one('[aria-current="step"]').get_text() == "Reçue"
    assert hub("review", PRACTICE).exit_code == 0
    _, page = status(client, link)
    assert page.select_one('[aria-current="step"]').get_text() == "En cours d’examen"
    accepted = hub("accept", PRACTICE)
    assert accepted.exit_code == 0, accepted.output
    assert (practices / f"{PRACTICE}.md").exists()  # the local inbox feeds the collection
    _, page = status(client, link)
    assert "Acceptée le" in page.select_one(".status").get_text()
    assert page.select_one(".status a")["href"].startswith(f"/practices/{PRACTICE}")


def test_a_returned_submission_shows_the_reviewers_reason(instance):
    client, _, _ = instance
    _, link = submit(client)
    assert hub("reject", PRACTICE, "--reason", "Falta la fuente oficial del programa.").exit_code == 0
    _, page = status(client, link)
    assert page.select_one('[aria-current="step"]').get_text() == "Respondido"
    assert page.select_one("blockquote.reason").get_text() == "Falta la fuente oficial del programa."
    assert page.select_one(".status a")["href"].startswith("/submit")


@pytest.mark.parametrize("change", ["token=wrong", "reference", "no-token"])
def test_a_wrong_or_partial_link_shows_nothing(instance, change):
    client, _, _ = instance
    _, link = submit(client)
    path, token = link.split("?token=")
    token = token.split("&")[0]
    bad = {
        "token=wrong": f"{path}?token=wrong",
        "reference": f"/submissions/GCM-0000-0000?token={token}",
        "no-token": path,
    }[change]
    response, page = status(client, bad)
    assert response.status_code == 404
    assert PRACTICE not in page.get_text() and page.select_one(".status") is None


def test_the_list_shows_references_and_states_and_an_empty_inbox_is_no_error(instance):
    client, _, _ = instance
    empty = hub()
    assert empty.exit_code == 0 and "no submission yet" in empty.stderr
    submit(client)
    listed = hub()
    assert listed.exit_code == 0
    assert re.search(rf"{PRACTICE}\t.*\tGCM-\S+ received\t", listed.stdout)


def test_the_secret_key_is_generated_once_and_kept(backend, tmp_path):
    first = create_app({"BACKEND": backend, "DATA": str(tmp_path)})
    second = create_app({"BACKEND": backend, "DATA": str(tmp_path)})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE((tmp_path / "secret-key").stat().st_mode) == 0o600
    assert (
        create_app({"BACKEND": backend, "DATA": str(tmp_path), "SECRET_KEY": "set"}).config["SECRET_KEY"]
        == "set"
    )


def test_the_index_lives_in_the_data_folder_unless_told_otherwise(tmp_path):
    settings = config.from_environment({"HUB_DATA": str(tmp_path / "d")}, cwd=tmp_path)
    assert settings["INDEX"] == str(tmp_path / "d" / "index")
    settings = config.from_environment({}, cwd=tmp_path)
    assert settings["DATA"] == str(tmp_path / "var") and settings["INDEX"] == str(tmp_path / "var" / "index")
    settings = config.from_environment({"HUB_INDEX": "/elsewhere"}, cwd=tmp_path)
    assert settings["INDEX"] == "/elsewhere"


def test_a_different_practice_waiting_under_the_same_title_is_explained_in_the_form_language(instance):
    client, _, _ = instance
    submit(client)
    response = client.post("/submit?lang=es", data=form_data(summary="Otro resumen distinto."))
    assert response.status_code == 409
    error = soup(response).select_one("#field-title .field-error").get_text()
    assert "ya está esperando revisión; cambie el título" in error
