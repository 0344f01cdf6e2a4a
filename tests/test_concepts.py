"""The concept thesaurus: the shipped file is valid and complete, and every rule catches a bad file.

The shipped file is checked twice: by the hub's validator, and by a brute-force oracle in
this module that reads the raw YAML with ``yaml.safe_load`` and its own folding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import cache

import pytest
import yaml
from click.testing import CliRunner

from hub.cli import main
from indexer.concepts import (
    THESAURUS,
    Concept,
    check_concepts,
    concepts,
    concepts_by_label,
    fold_label,
    read_concepts,
)
from indexer.messages import Message
from tests.conftest import ROOT

SHIPPED = ROOT / "indexer" / "vocabularies" / "concepts.yaml"
LANGUAGES = ("en", "fr", "es")

GOOD = """\
# a small thesaurus
concepts:
  - id: social-security
    objectives: [22]
    labels:
      en: {pref: social security, alt: [social insurance]}
      fr: {pref: sécurité sociale, alt: [assurance sociale]}
      es: {pref: seguridad social, alt: [seguro social]}
  - id: consular-protection
    objectives: [14]
    labels:
      en: {pref: consular protection, alt: []}
      fr: {pref: protection consulaire}
      es: {pref: protección consular, alt: [asistencia consular]}
"""


def oracle_fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.findall(r"[^\W_]+", plain))


@cache
def raw_concepts():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(SHIPPED.read_text(encoding="utf-8"), Loader=loader)["concepts"]


# --- the shipped thesaurus -----------------------------------------------------------


def test_the_shipped_thesaurus_has_no_problem():
    assert [str(p) for p in check_concepts(SHIPPED)] == []
    assert THESAURUS.resolve() == SHIPPED.resolve()


def test_the_loader_returns_every_concept_as_dataclasses():
    loaded = concepts()
    raw = raw_concepts()
    assert all(isinstance(concept, Concept) for concept in loaded)
    assert [c.id for c in loaded] == [item["id"] for item in raw]
    for concept, item in zip(loaded, raw, strict=True):
        assert list(concept.objectives) == item.get("objectives", [])
        for lang in LANGUAGES:
            assert concept.labels[lang].pref == item["labels"][lang]["pref"].strip()
            assert list(concept.labels[lang].alt) == [a.strip() for a in item["labels"][lang].get("alt", [])]
    assert concepts() is loaded  # read once


def test_the_label_index_names_every_concept_under_each_of_its_labels():
    index = concepts_by_label()
    expected = defaultdict(set)
    for item in raw_concepts():
        for labels in item["labels"].values():
            for label in [labels["pref"], *labels.get("alt", [])]:
                expected[oracle_fold(label)].add(item["id"])
    assert {label: {c.id for c in owners} for label, owners in index.items()} == dict(expected)


def test_the_oracle_and_the_hub_fold_labels_alike():
    for text in ["Sécurité-Sociale", "  reconnaissance  des diplômes ", "main-d'œuvre", "NIÑOS", "l'État"]:
        assert fold_label(text) == oracle_fold(text)
    assert fold_label("Main-d’Œuvre") == fold_label("main d'oeuvre") == "main d oeuvre"


def test_oracle_every_concept_has_three_languages_and_a_slug_id():
    raw = raw_concepts()
    ids = [item["id"] for item in raw]
    assert len(ids) == len(set(ids))
    for item in raw:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item["id"]), item["id"]
        assert set(item["labels"]) == set(LANGUAGES), item["id"]
        for lang in LANGUAGES:
            assert str(item["labels"][lang]["pref"]).strip(), (item["id"], lang)
        assert all(isinstance(n, int) and 1 <= n <= 23 for n in item.get("objectives", [])), item["id"]


def test_oracle_no_label_names_two_concepts_unless_both_are_ambiguous():
    owners = defaultdict(set)
    ambiguous = {}
    for item in raw_concepts():
        ambiguous[item["id"]] = item.get("ambiguous", False)
        for labels in item["labels"].values():
            for label in [labels["pref"], *labels.get("alt", [])]:
                owners[oracle_fold(label)].add(item["id"])
    shared = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert {label: ids for label, ids in shared.items() if not all(ambiguous[i] for i in ids)} == {}


def test_every_objective_has_at_least_three_concepts():
    counts = Counter(n for item in raw_concepts() for n in item.get("objectives", []))
    assert {n: counts[n] for n in range(1, 24) if counts[n] < 3} == {}


def test_every_objective_short_label_names_a_concept_of_that_objective():
    objectives = yaml.safe_load((ROOT / "indexer" / "vocabularies" / "objectives.yaml").read_text("utf-8"))
    owners = defaultdict(set)
    for item in raw_concepts():
        for labels in item["labels"].values():
            for label in [labels["pref"], *labels.get("alt", [])]:
                owners[oracle_fold(label)].update(item.get("objectives", []))
    missing = [
        (objective["number"], lang, objective["label"][lang])
        for objective in objectives["objectives"]
        for lang in LANGUAGES
        if objective["number"] not in owners[oracle_fold(objective["label"][lang])]
    ]
    assert missing == []


def test_every_guiding_principle_label_names_a_concept():
    principles = yaml.safe_load((ROOT / "indexer" / "vocabularies" / "principles.yaml").read_text("utf-8"))
    labels = {
        oracle_fold(label)
        for item in raw_concepts()
        for labels in item["labels"].values()
        for label in [labels["pref"], *labels.get("alt", [])]
    }
    missing = [
        (principle["slug"], lang, principle["label"][lang])
        for principle in principles["principles"]
        for lang in LANGUAGES
        if oracle_fold(principle["label"][lang]) not in labels
    ]
    assert missing == []


def test_there_are_at_least_250_concepts():
    assert len(raw_concepts()) >= 250


@pytest.mark.parametrize(
    ("query", "concept_id"),
    [
        ("reconocimiento de títulos", "recognition-of-qualifications"),
        ("reconnaissance des diplômes", "recognition-of-qualifications"),
        ("protection consulaire", "consular-protection"),
        ("protección consular", "consular-protection"),
        ("consular protection", "consular-protection"),
        ("sécurité sociale des travailleurs", "social-security"),
        ("envois de fonds", "remittances"),
        ("remesas", "remittances"),
        ("remittances", "remittances"),
        ("traite des êtres humains", "human-trafficking"),
        ("traite", "human-trafficking"),
        ("OIM", "iom"),
        ("IOM", "iom"),
        ("travail saisonnier", "seasonal-work"),
        ("seasonal work", "seasonal-work"),
        ("trabajo temporal", "temporary-labour-migration"),
        ("rétention", "immigration-detention"),
        ("detención", "immigration-detention"),
        ("reconocimiento de competencias", "skills-recognition"),
        ("solicitud de refugio", "asylum"),
        ("Main-d'Oeuvre étrangère", "migrant-workers"),
    ],
)
def test_the_words_readers_type_name_their_concept(query, concept_id):
    found = [
        c.id for c in concepts() if any(fold_label(label) == fold_label(query) for _, label in c.all_labels())
    ]
    assert found == [concept_id]


# --- each rule, on a bad file ------------------------------------------------------------


@pytest.fixture
def thesaurus(tmp_path):
    def write(text: str):
        path = tmp_path / "concepts.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def errors(path):
    return [str(p) for p in check_concepts(path) if p.severity == "error"]


def test_a_good_file_has_no_problem(thesaurus):
    path = thesaurus(GOOD)
    found, problems = read_concepts(path)
    assert problems == []
    assert [c.id for c in found] == ["social-security", "consular-protection"]
    assert found[1].labels["fr"].alt == () and found[0].pref("es") == "seguridad social"


def test_a_missing_language(thesaurus):
    path = thesaurus(GOOD.replace("      fr: {pref: sécurité sociale, alt: [assurance sociale]}\n", ""))
    assert errors(path) == [
        f"{path}:5: concepts[0].labels.fr: no French labels; every concept needs en, fr and es"
    ]


def test_an_empty_preferred_label(thesaurus):
    path = thesaurus(GOOD.replace("es: {pref: protección consular,", "es: {pref: '  ',"))
    assert errors(path) == [
        f"{path}:14: concepts[1].labels.es: no Spanish preferred label (pref): it must be non-empty text"
    ]


def test_a_missing_preferred_label(thesaurus):
    path = thesaurus(GOOD.replace("en: {pref: social security, alt:", "en: {alt:"))
    assert errors(path) == [
        f"{path}:6: concepts[0].labels.en: no English preferred label (pref): it must be non-empty text"
    ]


def test_an_empty_alternative_label(thesaurus):
    path = thesaurus(GOOD.replace("alt: [seguro social]", "alt: [seguro social, '']"))
    assert errors(path) == [f"{path}:8: concepts[0].labels.es: alternative label '' must be non-empty text"]


def test_an_unknown_language(thesaurus):
    path = thesaurus(
        GOOD.replace(
            "      es: {pref: seguridad social",
            "      de: {pref: Sozialversicherung}\n      es: {pref: seguridad social",
        )
    )
    assert errors(path) == [f"{path}:8: concepts[0].labels.de: unknown language; use en, fr, es"]


def test_a_duplicate_id(thesaurus):
    path = thesaurus(GOOD.replace("id: consular-protection", "id: social-security"))
    assert errors(path) == [
        f"{path}:9: concepts[1].id: 'social-security' is also the id of the concept on line 3"
    ]


@pytest.mark.parametrize("bad", ["Social_Security", "social security", "-social", "sécurité", "12x--y"])
def test_an_id_that_is_not_a_slug(thesaurus, bad):
    path = thesaurus(GOOD.replace("id: social-security", f"id: '{bad}'"))
    (error,) = errors(path)
    assert error.startswith(f"{path}:3: concepts[0].id: ") and "is not a slug" in error


def test_a_missing_id(thesaurus):
    path = thesaurus(GOOD.replace("  - id: social-security\n    objectives: [22]", "  - objectives: [22]"))
    assert errors(path) == [f"{path}:3: concepts[0].id: is required"]


def test_a_label_in_two_concepts_folded_for_case_and_accents(thesaurus):
    path = thesaurus(
        GOOD.replace("alt: [asistencia consular]", "alt: [asistencia consular, Securite Sociale]")
    )
    assert errors(path) == [
        f"{path}:14: concepts[1].labels.es: 'Securite Sociale' is also a label of 'social-security' (line 7); "
        "a label names one concept, unless both are marked 'ambiguous: true'"
    ]


def test_a_label_shared_by_two_ambiguous_concepts_is_allowed(thesaurus):
    text = GOOD.replace("alt: [asistencia consular]", "alt: [asistencia consular, seguro social]")
    marked = text.replace("    objectives: [22]\n", "    objectives: [22]\n    ambiguous: true\n").replace(
        "    objectives: [14]\n", "    objectives: [14]\n    ambiguous: true\n"
    )
    assert errors(thesaurus(marked)) == []
    one_marked = text.replace("    objectives: [22]\n", "    objectives: [22]\n    ambiguous: true\n")
    path = thesaurus(one_marked)
    assert (
        len(errors(path)) == 1 and "'seguro social' is also a label of 'social-security'" in errors(path)[0]
    )


def test_a_label_repeated_in_one_language_of_a_concept_is_a_warning(thesaurus):
    path = thesaurus(GOOD.replace("alt: [social insurance]", "alt: [social insurance, Social-Security]"))
    problems = check_concepts(path)
    assert [str(p) for p in problems] == [
        f"{path}:6: concepts[0].labels.en: warning: 'Social-Security' repeats 'social security': "
        "labels are compared without case, accents and punctuation"
    ]
    assert problems[0].severity == "warning"
    assert CliRunner().invoke(main, ["check", "--strict", str(path)]).exit_code == 1


def test_ambiguous_must_be_a_boolean(thesaurus):
    path = thesaurus(GOOD.replace("    objectives: [22]\n", "    objectives: [22]\n    ambiguous: maybe\n"))
    assert errors(path) == [f"{path}:5: concepts[0].ambiguous: 'maybe' must be true or false"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("24", "24 is not a GCM objective (1-23)"),
        ("0", "0 is not a GCM objective (1-23)"),
        ("x", "'x' is not an objective number; write numbers 1-23"),
        ("true", "True is not an objective number; write numbers 1-23"),
    ],
)
def test_an_unknown_objective(thesaurus, value, message):
    path = thesaurus(GOOD.replace("objectives: [14]", f"objectives: [14, {value}]"))
    assert errors(path) == [f"{path}:10: concepts[1].objectives: {message}"]


def test_objectives_must_be_a_list_without_repeats(thesaurus):
    assert errors(thesaurus(GOOD.replace("objectives: [14]", "objectives: 14")))[0].endswith(
        "concepts[1].objectives: must be a list like [14, 22]"
    )
    assert errors(thesaurus(GOOD.replace("objectives: [14]", "objectives: [14, 14]")))[0].endswith(
        "concepts[1].objectives: 14 is listed twice"
    )


def test_an_unknown_key(thesaurus):
    path = thesaurus(
        GOOD.replace("    objectives: [22]\n", "    objectives: [22]\n    broader: social-protection\n")
    )
    assert errors(path) == [
        f"{path}:5: concepts[0].broader: unknown key; expected id, objectives, ambiguous, labels"
    ]


def test_a_key_given_twice(thesaurus):
    path = thesaurus(GOOD.replace("    objectives: [22]\n", "    objectives: [22]\n    objectives: [21]\n"))
    assert errors(path) == [f"{path}:5: objectives: is given twice (first on line 4)"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("concepts:\n  - id: x\n    labels: {en: [unclosed\n", 4, "invalid YAML"),
        ("", 1, "the file is empty"),
        ("concepts: []\n", 1, "must be a non-empty list"),
        ("- id: x\n", 1, "must be a mapping with a 'concepts:' list"),
        ("concepts:\n  - just text\n", 2, "a concept must be a mapping"),
        ("concepts:\n  - &a {id: x}\n  - *a\n", 3, "aliases"),
    ],
)
def test_files_that_are_not_a_thesaurus(thesaurus, text, line, message):
    problems = check_concepts(thesaurus(text))
    assert len(problems) == 1 and problems[0].line == line and message in problems[0].message, problems


def test_a_file_that_is_not_utf8(thesaurus, tmp_path):
    path = tmp_path / "concepts.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace("sécurité".encode(), "sécurité".encode("latin-1")))
    (error,) = errors(path)
    assert error.startswith(f"{path}:7: file: the file is not UTF-8")


def test_the_loader_refuses_a_broken_shipped_file_with_the_first_located_error(thesaurus, monkeypatch):
    import indexer.concepts as module

    path = thesaurus(GOOD.replace("objectives: [14]", "objectives: [24]"))
    monkeypatch.setattr(module, "THESAURUS", path)
    with pytest.raises(module.ConceptsError) as refused:
        module.concepts.__wrapped__()
    assert f"{path}:10: concepts[1].objectives: 24 is not a GCM objective (1-23)" in str(refused.value)


def test_a_concept_with_errors_is_left_out_and_the_rest_is_read(thesaurus):
    path = thesaurus(GOOD.replace("objectives: [22]", "objectives: [99]"))
    found, problems = read_concepts(path)
    assert [c.id for c in found] == ["consular-protection"] and len(problems) == 1


# --- hub check ----------------------------------------------------------------------------


def test_hub_check_reports_a_thesaurus_given_as_a_path(thesaurus):
    path = thesaurus(GOOD.replace("objectives: [14]", "objectives: [24]"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:10: concepts[1].objectives: 24 is not a GCM objective (1-23)"
    ]
    assert "1 file(s) checked: 1 error(s)" in result.stderr
    good = CliRunner().invoke(main, ["check", "--format", "github", str(thesaurus(GOOD))])
    assert good.exit_code == 0 and good.stdout == ""


def test_hub_check_without_paths_checks_the_thesaurus_beside_the_practices(
    tmp_path, monkeypatch, write_practice
):
    write_practice()
    folder = tmp_path / "indexer" / "vocabularies"
    folder.mkdir(parents=True)
    (folder / "concepts.yaml").write_text(
        GOOD.replace("id: consular-protection", "id: social-security"), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "indexer/vocabularies/concepts.yaml:9: concepts[1].id: 'social-security' is also the id of the concept on line 3"
    ]
    assert "2 file(s) checked" in result.stderr


BAD_THESAURUS = """\
concepts:
  - id: Bad Id
    objectives: [24, x, 3, 3]
    ambiguous: maybe
    colour: blue
    labels:
      en: {pref: social security, alt: [seguro social, '']}
      fr: [not, a, mapping]
      de: {pref: Sozialversicherung}
  - id: other
    labels:
      en: {pref: Social Security, alt: 7}
      es: {alt: [x], extra: 1}
  - just text
  - id: other
    labels: {en: {pref: a}, fr: {pref: b}, es: {pref: c}}
"""


def test_every_problem_of_a_bad_thesaurus_is_translated(thesaurus):
    problems = check_concepts(thesaurus(BAD_THESAURUS))
    assert len(problems) >= 15
    for problem in problems:
        assert isinstance(problem.message, Message), problem
        for lang in ("fr", "es"):
            assert problem.text(lang) != problem.text("en"), (lang, problem)


def test_hub_check_speaks_french_about_a_thesaurus(thesaurus):
    path = thesaurus(GOOD.replace("objectives: [14]", "objectives: [24]"))
    result = CliRunner().invoke(main, ["check", "--lang", "fr", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:10: concepts[1].objectives: 24 n’est pas un objectif du PMM (1-23)"
    ]


def test_hub_check_a_missing_thesaurus_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 1 and "no such file" in result.stderr and "Traceback" not in result.output


def test_hub_check_passes_on_the_shipped_thesaurus():
    result = CliRunner().invoke(main, ["check", "--strict", str(SHIPPED)])
    assert result.exit_code == 0, result.output
