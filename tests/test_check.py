"""hub check: every bad input gets a clear message with its line, and nothing crashes."""

from __future__ import annotations

import time

import pytest

from indexer.collection import load
from tests.practice_text import BODY, practice_text


def problems_of(path):
    return [str(p) for p in load([path.parent]).problems if p.path == str(path)]


def only_error(path):
    errors = [p for p in load([path.parent]).errors if p.path == str(path)]
    assert len(errors) == 1, errors
    return errors[0]


def test_a_valid_practice_has_no_problem(write_practice):
    path = write_practice()
    collection = load([path.parent])
    assert collection.problems == []
    (practice,) = collection.practices
    assert practice.id == "test-practice"
    assert practice.regions == ["002"] and practice.subregions == ["015"]


TEXT_CASES = [
    ("invalid yaml", "---\ntitle: Test\nsummary: [unclosed\n---\n", 3, "front matter", "invalid YAML"),
    ("no front matter", "# Just a title\n\nSome text.\n", 1, "front matter", "no front matter"),
    ("unclosed front matter", "---\ntitle: x\n", 1, "front matter", "never closed"),
    ("not a mapping", "---\n- a list\n- of things\n---\n", 2, "front matter", "must be a mapping"),
    ("empty front matter", "---\n---\nbody\n", 1, "front matter", "is empty"),
    ("empty file", "", 1, "file", "the file is empty"),
    ("blank file", "\n\n  \n", 1, "file", "the file is empty"),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "field", "message"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES]
)
def test_unreadable_files(write_practice, case, text, line, field, message):
    error = only_error(write_practice(text=text))
    assert (error.line, error.field) == (line, field)
    assert message in error.message


def test_a_file_that_is_not_utf8(write_practice):
    path = write_practice(text=practice_text().encode("utf-8") + "\nRésumé\n".encode("latin-1"))
    error = only_error(path)
    assert error.field == "file" and "not UTF-8" in error.message
    assert error.line == practice_text().count("\n") + 2


def test_a_file_over_one_mib(write_practice):
    path = write_practice(text=practice_text(body="x" * (1024 * 1024 + 10)))
    error = only_error(path)
    assert error.field == "file" and "limit is 1 MiB" in error.message


def test_billion_laughs_is_refused_fast_without_expansion(write_practice):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        lines.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_practice(text="---\n" + "\n".join(lines) + "\n---\n")
    started = time.perf_counter()
    error = only_error(path)
    assert time.perf_counter() - started < 0.5
    assert error.line == 3 and "aliases" in error.message


FIELD_CASES = [
    ("date that is not a date", {"submitted": "2026-02-30"}, "submitted", "'2026-02-30' is not a date"),
    ("date as words", {"submitted": "last spring"}, "submitted", "'last spring' is not a date"),
    ("year as text", {"start_year": "2014"}, "start_year", "'2014' is text; write the year as a number"),
    ("objective 24", {"objectives": [24]}, "objectives", "24 is not a GCM objective (1-23)"),
    ("no objective", {"objectives": []}, "objectives", "needs at least one GCM objective"),
    (
        "unknown principle",
        {"principles": ["human-rigths"]},
        "principles",
        "'human-rigths' is not a known guiding principle; did you mean 'human-rights'?",
    ),
    (
        "unknown country",
        {"countries": ["MOR"]},
        "countries",
        "'MOR' is not an ISO 3166-1 alpha-3 code; did you mean 'MAR' (Morocco)?",
    ),
    ("alpha-2 country", {"countries": ["SV"]}, "countries", "did you mean 'SLV' (El Salvador)?"),
    (
        "country that does not exist",
        {"countries": ["XYZ"]},
        "countries",
        "'XYZ' is not an ISO 3166-1 alpha-3 code",
    ),
    ("end before start", {"end_year": 2010, "ongoing": False}, "end_year", "2010 is before start_year 2014"),
    ("unknown type", {"type": "law"}, "type", "'law' is not a known practice type"),
    ("unknown scope", {"scope": "nationwide"}, "scope", "'nationwide' is not a known scope"),
    (
        "unknown language",
        {"language": "french"},
        "language",
        "'french' is not a known language code (ISO 639-1)",
    ),
    ("summary too long", {"summary": "word " * 200}, "summary", "the limit is 600"),
    ("summary with markup", {"summary": "See <b>this</b>."}, "summary", "must be plain text"),
    ("sources not urls", {"sources": ["www.example.org"]}, "sources", "is not a web address"),
    ("bad sdg target", {"sdg_targets": ["18.1"]}, "sdg_targets", "is not an SDG target"),
    ("ongoing and ended", {"end_year": 2020}, "ongoing", "is true, but end_year says"),
    ("empty countries, national", {"countries": []}, "countries", "only a 'global' practice may be"),
    ("unknown key", {"objetives": [5]}, "objetives", "unknown field 'objetives'; did you mean 'objectives'?"),
    ("derived key typed", {"regions": ["002"]}, "regions", "derived by the hub"),
    ("translation of itself", {"translation_of": "test-practice"}, "translation_of", "translation of itself"),
]


@pytest.mark.parametrize(("case", "fields", "field", "message"), FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_field_errors_name_the_field_its_line_and_the_fix(write_practice, case, fields, field, message):
    path = write_practice(**fields)
    error = only_error(path)
    assert error.field == field
    assert message in error.message
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[error.line - 1].startswith(f"{field}:") or text[error.line - 1].startswith("- ")


def test_the_line_of_a_list_item_is_its_own(write_practice):
    text = practice_text().replace("countries:\n- MAR\n", "countries:\n- MAR\n- FRA\n- MOR\n")
    error = only_error(write_practice(text=text))
    assert error.line == text.splitlines().index("- MOR") + 1


def test_missing_required_fields_are_all_reported_at_once(write_practice):
    path = write_practice(drop=("title", "summary", "objectives", "submitted"))
    fields = {p.field for p in load([path.parent]).errors}
    assert fields == {"title", "summary", "objectives", "submitted"}


def test_a_duplicated_key_names_both_lines(write_practice):
    text = practice_text().replace("scope: national\n", "scope: national\nscope: local\n")
    error = only_error(write_practice(text=text))
    assert error.field == "scope" and "given twice (first on line" in error.message


def test_personal_contact_is_a_warning(write_practice):
    path = write_practice(contact="maria.lopez@gmail.com")
    collection = load([path.parent])
    assert not collection.errors
    (warning,) = collection.warnings
    assert warning.field == "contact" and "personal" in warning.message
    assert collection.failed(strict=True) and not collection.failed()


def test_missing_sections_are_warnings_in_the_practice_language(write_practice):
    path = write_practice(language="fr", body="\n## Contexte\n\nTexte.\n")
    warnings = [p.message for p in load([path.parent]).warnings]
    assert "no section '## Ce qui a été fait' (recommended)" in warnings
    assert len(warnings) == 4


def test_a_file_that_is_not_markdown_is_reported(write_practice):
    path = write_practice()
    (path.parent / "notes.txt").write_text("hello", encoding="utf-8")
    errors = load([path.parent]).errors
    assert [(e.path.endswith("notes.txt"), e.field) for e in errors] == [(True, "file")]


def test_a_bad_file_does_not_stop_the_others(write_practice):
    write_practice("broken", text="---\ntitle: [\n---\n")
    write_practice("fine")
    collection = load([write_practice("also-fine", title="Another").parent])
    assert sorted(p.id for p in collection.practices) == ["also-fine", "fine"]
    assert [e.path.endswith("broken.md") for e in collection.errors] == [True]


def test_file_names_must_be_kebab_case(write_practice):
    error = only_error(write_practice("My_Practice"))
    assert error.field == "id" and "'my-practice'.md" in error.message


def test_same_title_in_same_country_is_an_error(write_practice):
    write_practice("one")
    path = write_practice("two")
    (error,) = load([path.parent]).errors
    assert error.field == "title" and "already the title of" in error.message


def test_near_identical_titles_are_a_warning(write_practice):
    write_practice("one", title="National strategy on immigration and asylum")
    path = write_practice("two", title="National strategy on immigration and asylums", countries=["SEN"])
    collection = load([path.parent])
    assert not collection.errors
    assert [w.field for w in collection.warnings] == ["title"]


def test_translation_must_point_to_a_practice(write_practice):
    path = write_practice(translation_of="no-such-practice")
    error = only_error(path)
    assert error.field == "translation_of" and "not the id of any practice" in error.message


def test_a_global_practice_may_name_no_country(write_practice):
    path = write_practice(countries=[], scope="global")
    (practice,) = load([path.parent]).practices
    assert practice.regions == []


def test_a_body_without_sections_in_another_language_is_fine(write_practice):
    path = write_practice(language="ar", body="\nنص\n")
    assert load([path.parent]).problems == []


def test_body_keeps_its_text(write_practice):
    path = write_practice()
    (practice,) = load([path.parent]).practices
    assert practice.body.strip() == BODY.strip()


def test_a_control_character_in_the_front_matter_names_its_line(write_practice):
    error = only_error(write_practice(text="---\nscope: national\ntitle: a\x07b\n---\n"))
    assert (error.line, error.field) == (3, "front matter")
    assert error.message == "the character U+0007 is not allowed in YAML"
