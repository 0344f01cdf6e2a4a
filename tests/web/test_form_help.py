"""The form keeps what was typed (language switch, expired session) and helps (preview, limits,
marks, translation ids), through Flask's test client."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from hub import create_app
from indexer.model import fields
from indexer.validate import SUMMARY_LIMIT, TEXT_LIMIT
from tests.practice_text import practice_text
from tests.support.forms import form_data


def soup(response):
    return BeautifulSoup(response.data, "html.parser")


@pytest.fixture
def guarded(backend, tmp_path):
    """An app with CSRF protection on, as in production."""
    return create_app({"BACKEND": backend, "DATA": str(tmp_path)}).test_client()


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


def token(client, lang="es"):
    return soup(client.get(f"/submit?lang={lang}")).select_one('input[name="csrf_token"]')["value"]


def test_switching_language_keeps_every_value_typed(guarded):
    data = form_data(summary="Un resumen escrito a mano.")
    data["csrf_token"], data["switch"] = token(guarded), "fr"
    response = guarded.post("/submit/switch?lang=fr", data=data)
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("html")["lang"] == "fr" and page.select_one("legend").get_text() == "La pratique"
    assert page.select_one("#title")["value"] == data["title"]
    assert page.select_one("#summary").get_text() == "Un resumen escrito a mano."
    assert {i["value"] for i in page.select("#countries input[checked]")} == {"SEN", "MLI"}
    assert page.select_one("#submitter_name")["value"] == "Awa Diop"
    assert not page.select(".field-error")  # a switch checks nothing yet


def test_the_language_links_of_the_form_send_it_instead_of_leaving_it(guarded):
    page = soup(guarded.get("/submit?lang=es"))
    buttons = page.select('.languages button[form="submission"]')
    assert {b["value"] for b in buttons} == {"en", "fr"}
    assert all("/submit/switch" in b["formaction"] for b in buttons)


@pytest.mark.parametrize("bad_token", ["", "expired-or-forged"])
def test_an_expired_session_gives_the_form_back_with_everything_typed(guarded, bad_token):
    data = form_data()
    data["csrf_token"] = bad_token
    response = guarded.post("/submit?lang=es", data=data)
    assert response.status_code == 400
    page = soup(response)
    assert "Su sesión caducó" in page.select_one(".notice").get_text()
    assert page.select_one("#title")["value"] == data["title"]
    assert page.select_one("#section_context").get_text() == data["section_context"]
    fresh = page.select_one('input[name="csrf_token"]')["value"]
    data["csrf_token"] = fresh
    assert guarded.post("/submit?lang=es", data=data).status_code == 200  # sent again, it works


def test_preview_renders_the_page_from_the_forms_values(submit_client):
    data = form_data()
    data["action"] = "preview"
    response = submit_client.post("/submit?lang=fr", data=data)
    assert response.status_code == 200
    article = soup(response).select_one("#preview article.practice")
    assert article.select_one("h1").get_text() == data["title"]
    assert "Sénégal" in article.get_text() and "Mali" in article.get_text()


def test_a_preview_with_errors_never_shows_wrong_metadata(client):
    text = practice_text(countries=["MOR"], scope="national")
    response = client.post("/submit/preview?lang=es", data={"text": text})
    aside = soup(response).select_one("aside.fields")
    terms = [dt.get_text() for dt in aside.select("dt")]
    countries = aside.select("dd")[terms.index("Países")]
    assert "Mundial" not in countries.get_text() and "not-shown" in countries["class"]


def test_an_unknown_translation_of_is_refused(submit_client):
    response = submit_client.post("/submit?lang=en", data=form_data(translation_of="no-such-practice"))
    assert response.status_code == 400
    error = soup(response).select_one("#field-translation_of .field-error").get_text()
    assert "'no-such-practice' is not the identifier of any practice in the hub" in error


def test_limits_marks_and_defaults_follow_the_rules(client):
    page = soup(client.get("/submit?lang=fr"))
    assert page.select_one("#summary")["maxlength"] == str(SUMMARY_LIMIT)
    assert page.select_one("#title")["maxlength"] == str(TEXT_LIMIT)
    assert page.select_one("#start_year")["type"] == "number"
    assert page.select_one("#language option[selected]")["value"] == "fr"
    for name, spec in fields().items():
        if spec.required:
            holder = page.select_one(f"#field-{name}")
            assert holder.select_one(".required"), name
    for name in ("submitter_name", "submitter_organisation"):
        assert page.select_one(f'label[for="{name}"] .required'), name
    text = page.get_text()
    assert "pull request" not in text and "hub check" not in text
