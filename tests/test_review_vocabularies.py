"""The review data files: commissions, round tables, champions, SDG targets.

Every code in them must be a known code of the hub's own vocabularies, and the numbers
must be those their sources state (named in each file's header).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer import vocabulary
from indexer.vocabulary import UI_LANGUAGES

DATA = Path(vocabulary.__file__).parent / "vocabularies"


def load(name: str):
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("code", "members", "associates"),
    [("ECA", 54, 0), ("ECE", 56, 0), ("ECLAC", 46, 13), ("ESCAP", 53, 9), ("ESCWA", 20, 0)],
)
def test_each_commission_has_the_members_its_source_counts(code, members, associates):
    (entry,) = [c for c in load("commissions")["commissions"] if c["code"] == code]
    assert len(set(entry["members"])) == len(entry["members"]) == members
    assert len(set(entry["associate_members"])) == len(entry["associate_members"]) == associates
    assert entry["source"].startswith("https://")


def test_every_commission_member_is_a_known_country():
    known = vocabulary.countries()
    for entry in load("commissions")["commissions"]:
        unknown = [c for c in entry["members"] + entry["associate_members"] if c not in known]
        assert not unknown, f"{entry['code']}: unknown country codes {unknown}"


def test_some_countries_belong_to_two_commissions_and_every_african_un_member_to_eca():
    assert vocabulary.commissions_of_country("EGY") == ["ECA", "ESCWA"]
    assert vocabulary.commissions_of_country("FRA") == ["ECE", "ECLAC", "ESCAP"]
    assert vocabulary.commissions_of_country("SEN") == ["ECA"]
    assert vocabulary.commissions_of_country("ATA") == []


def test_round_tables_cover_every_objective_exactly_once():
    seen = [n for t in load("roundtables")["roundtables"] for n in t["objectives"]]
    assert sorted(seen) == list(range(1, 24))
    # The two round tables the 2022 forum's page spells out:
    assert vocabulary.roundtable_objectives()["1"] == (2, 5, 6, 12, 18)
    assert vocabulary.roundtable_objectives()["2"] == (4, 8, 9, 10, 11, 13, 21)


def test_champions_are_known_countries_with_a_dated_source():
    data = load("champions")
    sources = {s["id"] for s in data["sources"]}
    codes = [c["country"] for c in data["champions"]]
    assert len(codes) == len(set(codes)) == 28  # the Accra dialogue of November 2023 names 28
    assert all(code in vocabulary.countries() for code in codes), codes
    assert all(c["source"] in sources for c in data["champions"])
    for source in data["sources"]:
        assert source["url"].startswith("https://") and str(source["date"])[:4].isdigit()
        assert set(source["title"]) >= set(UI_LANGUAGES)


def test_there_are_169_sdg_targets_in_17_goals():
    targets = vocabulary.sdg_targets()
    assert len(targets) == 169
    assert {t.parent for t in targets} == {str(n) for n in range(1, 18)}
    assert "10.7" in targets and "10.c" in targets and "17.19" in targets
    assert "10.8" not in targets and "17.a" not in targets


def test_every_sdg_target_in_the_practices_is_a_known_target():
    from indexer.collection import load as load_practices

    root = DATA.parents[1]
    collection = load_practices([root / "practices", root / "tests" / "data" / "practices"])
    unknown = {t for p in collection.practices for t in p.sdg_targets if t not in vocabulary.sdg_targets()}
    assert not unknown


def test_check_names_a_target_its_goal_does_not_have(write_practice):
    from indexer.collection import load as load_practices

    path = write_practice(sdg_targets=["10.9", "10.7"])
    problems = load_practices([path.parent]).problems
    assert [(p.field, p.message) for p in problems] == [
        ("sdg_targets", "'10.9' is not a target of SDG 10 (10.1 to 10.c)")
    ]
