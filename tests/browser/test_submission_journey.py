"""A focal point submits a practice in Spanish or French through the browser, with no
submissions repository configured: the local inbox receives it, the private status link
follows the reviewers' `hub submissions review` and `accept`, and the practice becomes
searchable."""

from __future__ import annotations

import re
import threading

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from hub import create_app
from hub.cli import main
from indexer.search import Query
from indexer.search.whoosh_engine import WhooshBackend
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser
SECTIONS = ("context", "what-was-done", "results", "lessons-learned", "sustainability")
CASES = {
    "es": {
        "title": "Ventanilla única de atención a personas retornadas",
        "id": "ventanilla-unica-de-atencion-a-personas-retornadas",
        "country": "SLV",
        "words": "ventanilla retornadas",
        "h1": "Presentar una práctica",
        "problem": "es anterior al año de inicio",
        "thanks": "Gracias: su práctica ha sido recibida",
        "steps": ("Recibido", "En revisión", "Respondido"),
        "accepted": "Aceptado el",
    },
    "fr": {
        "title": "Guichet unique d'information des migrants",
        "id": "guichet-unique-d-information-des-migrants",
        "country": "SEN",
        "words": "guichet unique",
        "h1": "Soumettre une pratique",
        "problem": "est antérieure à l’année de début",
        "thanks": "Merci : votre pratique a bien été reçue",
        "steps": ("Reçue", "En cours d’examen", "Réponse donnée"),
        "accepted": "Acceptée le",
    },
}


@pytest.fixture
def instance(backend, tmp_path, monkeypatch):
    """The hub served with no submissions repository: its data folder and collection in tmp_path."""
    data, practices = tmp_path / "data", tmp_path / "practices"
    practices.mkdir()
    for name, value in (("HUB_DATA", data), ("HUB_PRACTICES", practices)):
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("HUB_SUBMISSIONS_REPO", raising=False)
    app = create_app({"BACKEND": backend})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", practices, tmp_path
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def fill_practice(page, case: dict, lang: str) -> None:
    """Every required field of the form, as a focal point would fill it (no end year yet)."""
    page.fill("#title", case["title"])
    page.fill("#summary", "Un servicio público reúne en un solo lugar la información y la ayuda.")
    page.check(f"#countries-{case['country']}")
    page.select_option("#scope", "national")
    page.check("#objectives-21")
    page.check("#principles-people-centred")
    page.select_option("#type", "service")
    page.fill("#start_year", "2016")
    page.select_option("#language", lang)
    page.fill("#implemented_by", "Gobierno" if lang == "es" else "République du Sénégal")
    page.fill(
        "#submitted_by", "Ministerio de Relaciones Exteriores" if lang == "es" else "Ministère de l'Intérieur"
    )
    page.select_option("#provenance", "submitted")
    for key in SECTIONS:
        page.fill(f"#section_{key}", f"Texto de la sección {key}.")
    page.fill("#submitter_name", "Ana Pérez" if lang == "es" else "Awa Diop")
    page.fill("#submitter_organisation", "Cancillería" if lang == "es" else "Ministère de l'Intérieur")


def review(*args: str) -> None:
    result = CliRunner().invoke(main, ["submissions", *args])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_submit_fix_a_problem_follow_the_status_until_accepted_and_find_it(browser, instance, lang):
    base, practices, tmp_path = instance
    case = CASES[lang]
    context = browser.new_context(base_url=base, viewport=DESKTOP, locale=f"{lang}-{lang.upper()}")
    page = context.new_page()
    page.goto(f"/submit?lang={lang}")
    assert page.locator("h1").inner_text() == case["h1"]
    assert page.input_value("#language") == lang  # preset to the interface language
    fill_practice(page, case, lang)
    page.fill("#end_year", "2010")  # a mistake: before the start year
    page.click("button[value=send]")

    summary = page.locator("#error-summary")
    assert summary.is_visible() and case["problem"] in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"  # focus moved to it
    assert page.input_value("#title") == case["title"]  # nothing typed is lost
    assert page.is_checked(f"#countries-{case['country']}") and page.is_checked("#objectives-21")

    page.fill("#end_year", "")
    page.check("#ongoing")
    page.click("button[value=send]")
    assert page.locator("h1").inner_text() == case["thanks"]
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"GCM-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    link = page.locator("a.status-link").get_attribute("href")
    assert "pull request" not in page.locator("main").inner_text()

    def step() -> str:
        page.goto(link)
        return page.locator('[aria-current="step"]').inner_text()

    assert step() == case["steps"][0]
    review("review", case["id"])
    assert step() == case["steps"][1]
    review("accept", case["id"])
    assert step() == case["steps"][2]
    assert case["accepted"] in page.locator(".status").inner_text()
    practice_link = page.locator(".status a").get_attribute("href")
    assert practice_link.startswith(f"/practices/{case['id']}")
    context.close()

    assert (practices / f"{case['id']}.md").exists()  # accepted into the collection
    index = tmp_path / "index"
    built = CliRunner().invoke(main, ["index", "--practices", str(practices), "--index", str(index)])
    assert built.exit_code == 0, built.output
    found = WhooshBackend(index).search(Query(text=case["words"]))
    assert [hit.id for hit in found.hits] == [case["id"]]
