"""A focal point submits a practice in French through the browser, and it becomes searchable."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from hub import create_app
from hub.cli import main
from indexer.collection import load
from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser
PRACTICE_ID = "guichet-unique-d-information-des-migrants"


@pytest.fixture
def submit_server(backend, submissions_repo):
    app = create_app({"BACKEND": backend, "SUBMISSIONS_REPO": str(submissions_repo.path), "SECRET_KEY": "t"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_submit_in_french_fix_an_error_accept_and_find_it(browser, submit_server, submissions_repo, tmp_path):
    context = browser.new_context(base_url=submit_server, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto("/submit?lang=fr")
    assert page.locator("h1").inner_text() == "Soumettre une pratique"
    page.fill("#title", "Guichet unique d'information des migrants")
    page.fill("#summary", "Un guichet unique informe les migrants de leurs droits et des services.")
    page.select_option("#countries", ["SEN"])
    page.select_option("#scope", "national")
    page.check("#objectives-3")
    page.check("#principles-people-centred")
    page.select_option("#type", "service")
    page.fill("#start_year", "20x9")  # a mistake
    page.check("#ongoing")
    page.select_option("#language", "fr")
    page.fill("#implemented_by", "République du Sénégal")
    page.fill("#submitted_by", "Ministère de l'Intérieur, point focal du PMM")
    for key in ("context", "what-was-done", "results", "lessons-learned", "sustainability"):
        page.fill(f"#section_{key}", f"Texte de la section {key}.")
    page.fill("#submitter_name", "Awa Diop")
    page.fill("#submitter_organisation", "Ministère de l'Intérieur")
    page.click("button[data-once]")

    error = page.locator("#field-start_year .field-error")
    assert error.is_visible() and "n’est pas une année" in error.inner_text()
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#title") == "Guichet unique d'information des migrants"  # nothing typed is lost
    assert page.is_checked("#objectives-3")
    assert page.input_value("#section_results") == "Texte de la section results."

    page.fill("#start_year", "2019")
    page.click("button[data-once]")
    status = page.locator("[role=status]")
    assert f"submission/{PRACTICE_ID}" in status.inner_text()
    context.close()

    text = submissions_repo.git("show", f"submission/{PRACTICE_ID}:practices/{PRACTICE_ID}.md")
    check_dir = tmp_path / "check"
    check_dir.mkdir()
    (check_dir / f"{PRACTICE_ID}.md").write_text(text, encoding="utf-8")
    assert load([check_dir]).problems == []  # passes hub check --strict

    runner = CliRunner()
    accepted = runner.invoke(
        main, ["submissions", "--repo", str(submissions_repo.path), "accept", PRACTICE_ID]
    )
    assert accepted.exit_code == 0, accepted.output
    index = tmp_path / "index"
    built = runner.invoke(
        main, ["index", "--practices", str(submissions_repo.path / "practices"), "--index", str(index)]
    )
    assert built.exit_code == 0, built.output
    found = WhooshBackend(index).search(Query(text="guichet unique"))
    assert [hit.id for hit in found.hits] == [PRACTICE_ID]
