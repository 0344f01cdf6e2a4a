"""Each controlled vocabulary is complete and labelled in every interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer import vocabulary
from indexer.vocabulary import UI_LANGUAGES

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "gcm-vocabulary.yaml"


def test_there_are_23_objectives_numbered_1_to_23():
    assert vocabulary.objectives().codes == [str(n) for n in range(1, 24)]


def test_there_are_10_guiding_principles():
    assert len(vocabulary.principles()) == 10
    assert "people-centred" in vocabulary.principles()
    assert "whole-of-society" in vocabulary.principles()


@pytest.mark.parametrize("name", sorted(vocabulary.ALL))
def test_every_label_exists_in_every_interface_language(name):
    for term in vocabulary.ALL[name]():
        for lang in UI_LANGUAGES:
            assert term.label.get(lang, "").strip(), f"{name} {term.code} has no {lang} label"


def test_every_objective_has_a_full_title_in_every_language():
    for term in vocabulary.objectives():
        assert set(term.title) >= set(UI_LANGUAGES)
        assert all(len(term.title[lang]) > len(term.label[lang]) for lang in UI_LANGUAGES)


def test_five_regions_and_their_subregions():
    assert vocabulary.regions().codes == ["002", "019", "142", "150", "009"]
    assert len(vocabulary.subregions()) == 17
    for sub in vocabulary.subregions():
        assert sub.parent in vocabulary.regions()


def test_every_country_is_in_exactly_one_subregion_and_region():
    without = []
    for country in vocabulary.countries():
        subregion, region = vocabulary.region_of_country(country.code)
        if subregion is None:
            without.append(country.code)
            continue
        assert sum(1 for s in vocabulary.subregions() if s.code == subregion) == 1
        assert region in vocabulary.regions()
    # M49 places Antarctica in no region; every other ISO 3166-1 entry has one.
    assert without == ["ATA"]


def test_all_iso_3166_countries_are_listed():
    import pycountry

    extra = {"XKX"}  # Kosovo (under UNSC resolution 1244), see EXTRA_TERRITORIES in build.py
    assert set(vocabulary.countries().codes) == {c.alpha_3 for c in pycountry.countries} | extra
    assert vocabulary.region_of_country("XKX") == ("039", "150")


@pytest.mark.parametrize(
    ("code", "subregion", "region"),
    [
        ("MAR", "015", "002"),
        ("SLV", "419", "019"),
        ("SEN", "202", "002"),
        ("PHL", "035", "142"),
        ("FRA", "155", "150"),
        ("FJI", "054", "009"),
        ("CAN", "021", "019"),
        ("TUR", "145", "142"),
    ],
)
def test_known_countries_fall_in_their_m49_regions(code, subregion, region):
    assert vocabulary.region_of_country(code) == (subregion, region)


def test_generated_files_match_their_sources():
    from indexer.vocabularies import build

    for name, text in build.generated().items():
        on_disk = (vocabulary.DATA / name).read_text(encoding="utf-8")
        assert on_disk == text, f"{name} is stale: run python -m indexer.vocabularies.build"


def test_types_scopes_and_languages():
    assert len(vocabulary.types()) >= 7
    assert vocabulary.scopes().codes == ["local", "national", "regional", "global"]
    assert {"en", "fr", "es", "ar", "zh", "ru"} <= set(vocabulary.languages().codes)


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside this checkout")
def test_labels_agree_with_the_shared_reference():
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    for item in reference["objectives"]:
        term = vocabulary.objectives().get(str(item["n"]))
        assert term.label == {lang: item[lang] for lang in UI_LANGUAGES}
        assert term.title["en"] == item["title_en"]
    for item in reference["guiding_principles"]:
        term = vocabulary.principles().get(item["slug"])
        assert term.label == {lang: item[lang] for lang in UI_LANGUAGES}
