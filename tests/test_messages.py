"""The validator's message catalogue is complete, used everywhere, and speaks every language."""

from __future__ import annotations

import ast
import pickle

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from hub import create_app
from hub.cli import main
from indexer.collection import check_bytes
from indexer.messages import Message, catalogue, placeholders
from indexer.vocabulary import UI_LANGUAGES
from tests.conftest import ROOT
from tests.practice_text import practice_text

# Where a message is the argument at this position (or keyword) of these calls.
MESSAGE_ARGUMENT = {"Problem": 3, "SourceError": 2, "report": 1, "warn": 1, "problem": 2}
BAD_FILE = """---
title: ""
summary: <b>bold</b>
countries: [MOR, FRA, FRA]
scope: nationwide
objectives: [24, "x"]
principles: [human-rights, gender]
type: laws
start_year: "2018"
end_year: 1800
ongoing: maybe
language: xx
submitted_by: Ministry
submitted: 2026-02-30
sdg_targets: [10.7, "99.1"]
sources: [www.example.org]
contact: jane.doe@gmail.com
translation_of: Not An Id
colour: blue
regions: ["002"]
---
"""


def test_every_message_is_in_every_language_with_the_same_parameters():
    for code, entry in catalogue().items():
        variants = [entry] + ([entry["form"]] if "form" in entry else [])
        expected = placeholders(entry["en"])
        for texts in variants:
            for lang in UI_LANGUAGES:
                assert texts.get(lang, "").strip(), (code, lang)
                # the form's wording may leave a parameter out (the help shown beside the field)
                wanted = placeholders(texts["en"]) if texts is not entry else expected
                assert placeholders(texts[lang]) == wanted <= expected, (code, lang)


def _python_files():
    for folder in ("indexer", "hub"):
        yield from (ROOT / folder).rglob("*.py")


def _calls(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            yield name, node


def test_every_message_id_in_the_code_is_in_the_catalogue():
    used = set()
    for path in _python_files():
        for name, call in _calls(path):
            if name == "Message" and call.args and isinstance(call.args[0], ast.Constant):
                used.add(call.args[0].value)
                assert call.args[0].value in catalogue(), (path.name, call.args[0].value)
    assert len(used) > 50


def test_no_problem_in_the_indexer_is_reported_as_plain_text():
    """A plain or f-string message would stay English in French and Spanish."""
    for path in (ROOT / "indexer").rglob("*.py"):
        for name, call in _calls(path):
            position = MESSAGE_ARGUMENT.get(name)
            if position is None or len(call.args) <= position:
                continue
            argument = call.args[position]
            is_text = isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            )
            assert not is_text, (
                f"{path.relative_to(ROOT)}:{call.lineno}: use Message(...) from indexer.messages"
            )


def test_a_message_is_its_english_text_and_survives_pickling_and_json():
    message = Message("not_country_code_hint", code="MOR", guess="MAR", name={"en": "Morocco", "fr": "Maroc"})
    assert message == "'MOR' is not an ISO 3166-1 alpha-3 code; did you mean 'MAR' (Morocco)?"
    assert message.render("fr").endswith("vouliez-vous dire 'MAR' (Maroc) ?")
    assert message.render("es").endswith("(Morocco)?")  # no Spanish label given: English
    copy = pickle.loads(pickle.dumps(message))
    assert copy.render("fr") == message.render("fr")
    assert Message.from_json(message.to_json()).render("fr") == message.render("fr")


def test_every_problem_of_a_bad_file_is_translated():
    _, problems = check_bytes("practices/x.md", BAD_FILE.encode(), "x")
    assert len(problems) >= 15
    for problem in problems:
        assert isinstance(problem.message, Message), problem
        english = problem.text("en")
        assert english == problem.message
        for lang in ("fr", "es"):
            assert problem.text(lang) != english, (lang, problem)


def test_the_form_wording_avoids_file_jargon():
    message = Message("end_or_ongoing")
    assert "end_year" in message and "true" in message
    for lang in UI_LANGUAGES:
        assert "end_year" not in message.render(lang, form=True)
        assert "true" not in message.render(lang, form=True)


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            "practices/x.md:4: countries: 'MOR' is not an ISO 3166-1 alpha-3 code; did you mean 'MAR' (Morocco)?",
        ),
        (
            "fr",
            "practices/x.md:4: countries: 'MOR' n’est pas un code ISO 3166-1 alpha-3 ; vouliez-vous dire 'MAR' (Maroc) ?",
        ),
        (
            "es",
            "practices/x.md:4: countries: 'MOR' no es un código ISO 3166-1 alfa-3; ¿quiso decir 'MAR' (Marruecos)?",
        ),
    ],
)
def test_hub_check_speaks_the_language_asked_in_the_same_shape(tmp_path, lang, expected):
    folder = tmp_path / "practices"
    folder.mkdir()
    (folder / "x.md").write_text(BAD_FILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", lang, str(folder)])
    assert result.exit_code == 1
    lines = [line.replace(str(tmp_path) + "/", "") for line in result.output.splitlines()]
    assert expected in lines
    warning = {"en": "warning: ", "fr": "avertissement : ", "es": "advertencia: "}[lang]
    assert any(line.startswith("practices/x.md:4: countries: " + warning) for line in lines)


def test_an_unknown_language_is_refused_cleanly(tmp_path):
    result = CliRunner().invoke(main, ["check", "--lang", "de", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_form_shows_every_problem_in_the_interface_language(backend, lang):
    app = create_app({"BACKEND": backend, "TESTING": True, "WTF_CSRF_ENABLED": False})
    response = app.test_client().post(f"/submit?lang={lang}", data={"title": "x", "start_year": "20x8"})
    assert response.status_code == 400
    page = BeautifulSoup(response.data, "html.parser")
    shown = [p.get_text(" ", strip=True) for p in page.select(".field-error")]
    assert len(shown) > 15
    english = Message("required_plain"), "is required", "must be", "is not", "give the"
    for text in shown:
        assert not any(word in text for word in english), text


def test_the_preview_lists_problems_in_the_interface_language(client):
    response = client.post("/submit/preview?lang=es", data={"text": practice_text(countries=["MOR"])})
    page = BeautifulSoup(response.data, "html.parser")
    problems = [li.get_text(" ", strip=True) for li in page.select(".problems li")]
    assert any("¿quiso decir 'MAR' (Marruecos)?" in text for text in problems), problems
