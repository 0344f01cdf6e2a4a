"""The controlled vocabularies, loaded once from ``indexer/vocabularies/*.yaml``.

These files are the single source of truth for the validator, the site's labels, the
web form and the docs: nothing else types a label out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "vocabularies"
UI_LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: a stable code and its labels per interface language."""

    code: str
    label: dict[str, str]
    title: dict[str, str] = field(default_factory=dict)  # a longer name (objectives, SDG targets)
    parent: str | None = None
    hint: dict[str, str] = field(default_factory=dict)  # help for submitters (body sections)

    def text(self, lang: str) -> str:
        """The label in ``lang``, falling back to English."""
        return self.label.get(lang) or self.label["en"]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """An ordered set of terms with look-up by code."""

    name: str
    terms: tuple[Term, ...]
    _by_code: dict[str, Term] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {term.code: term for term in self.terms})

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def codes(self) -> list[str]:
        return [term.code for term in self.terms]

    def get(self, code: str) -> Term | None:
        return self._by_code.get(code)

    def label(self, code: str, lang: str = "en") -> str:
        term = self.get(code)
        return term.text(lang) if term else code


def _load(name: str) -> list[dict]:
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)[name]


@cache
def objectives() -> Vocabulary:
    """The 23 GCM objectives; codes are their numbers as strings ("1" to "23")."""
    terms = tuple(
        Term(str(item["number"]), item["label"], item.get("title", {})) for item in _load("objectives")
    )
    return Vocabulary("objectives", terms)


def _simple(name: str) -> Vocabulary:
    return Vocabulary(name, tuple(Term(item["slug"], item["label"]) for item in _load(name)))


@cache
def principles() -> Vocabulary:
    """The 10 GCM guiding principles, by slug."""
    return _simple("principles")


@cache
def types() -> Vocabulary:
    """Practice types, by slug."""
    return _simple("types")


@cache
def scopes() -> Vocabulary:
    """Geographic scopes, by slug."""
    return _simple("scopes")


@cache
def provenance() -> Vocabulary:
    """Where an entry comes from: ``submitted`` (by or for the implementer) or ``compiled``."""
    return _simple("provenance")


@cache
def review_statuses() -> Vocabulary:
    """How far an entry has been reviewed: submitted, reviewed, validated (by the implementer)."""
    return _simple("review_statuses")


@cache
def implementer_kinds() -> Vocabulary:
    """What kind of body runs a practice: national or local government, civil society, ..."""
    return _simple("implementer_kinds")


@cache
def evaluation() -> Vocabulary:
    """The values of the "has an evaluation" facet: ``yes`` and ``no``."""
    return _simple("evaluation")


@cache
def regions() -> Vocabulary:
    """The five UN M49 regions, by M49 code."""
    return Vocabulary("regions", tuple(Term(r["code"], r["label"]) for r in _load("regions")))


@cache
def subregions() -> Vocabulary:
    """UN M49 sub-regions, by M49 code; ``parent`` is the region's code."""
    terms = tuple(
        Term(sub["code"], sub["label"], parent=region["code"])
        for region in _load("regions")
        for sub in region["subregions"]
    )
    return Vocabulary("subregions", terms)


@cache
def countries() -> Vocabulary:
    """ISO 3166-1 countries, by alpha-3 code; ``parent`` is the M49 sub-region (or None)."""
    terms = tuple(Term(item["code"], item["name"], parent=item["subregion"]) for item in _load("countries"))
    return Vocabulary("countries", terms)


@cache
def languages() -> Vocabulary:
    """ISO 639-1 languages, by code."""
    return Vocabulary("languages", tuple(Term(i["code"], i["name"]) for i in _load("languages")))


@cache
def sections() -> Vocabulary:
    """The recommended body sections, each with the hint shown to submitters."""
    terms = tuple(Term(item["key"], item["label"], hint=item["hint"]) for item in _load("sections"))
    return Vocabulary("sections", terms)


def region_of_country(code: str) -> tuple[str | None, str | None]:
    """(sub-region code, region code) of a country, or (None, None) when M49 gives none."""
    country = countries().get(code)
    if country is None or country.parent is None:
        return None, None
    subregion = subregions().get(country.parent)
    return country.parent, subregion.parent if subregion else None


@cache
def commissions() -> Vocabulary:
    """The five UN regional commissions (ECA, ECE, ECLAC, ESCAP, ESCWA); ``title``: short names."""
    terms = tuple(Term(item["code"], item["label"], item["short"]) for item in _load("commissions"))
    return Vocabulary("commissions", terms)


@cache
def commission_members() -> dict[str, tuple[str, ...]]:
    """Commission code -> its members and associate members (alpha-3 codes)."""
    return {
        item["code"]: tuple(item["members"]) + tuple(item.get("associate_members", []))
        for item in _load("commissions")
    }


def commissions_of_country(code: str) -> list[str]:
    """The regional commissions of a country, in the vocabulary's order (one, two or three)."""
    return [commission for commission, members in commission_members().items() if code in members]


@cache
def roundtables() -> Vocabulary:
    """The four IMRF round tables ("1" to "4"), each reviewing a set of objectives."""
    return Vocabulary(
        "roundtables", tuple(Term(item["code"], item["label"]) for item in _load("roundtables"))
    )


@cache
def roundtable_objectives() -> dict[str, tuple[int, ...]]:
    """Round table code -> the GCM objectives it reviews (A/RES/73/326)."""
    return {item["code"]: tuple(item["objectives"]) for item in _load("roundtables")}


def roundtable_of_objective(number: int | str) -> str | None:
    """The IMRF round table that reviews an objective."""
    for code, objectives in roundtable_objectives().items():
        if int(number) in objectives:
            return code
    return None


SDG_TARGET_WORDS = {"en": "Target", "fr": "Cible", "es": "Meta"}


@cache
def sdg_targets() -> Vocabulary:
    """The 169 SDG targets ("1.1" to "17.19"); ``parent`` is the goal's number, ``title`` its name."""
    terms = []
    for goal in _load("sdg"):
        number = goal["goal"]
        codes = [f"{number}.{n}" for n in range(1, goal["numbered"] + 1)]
        codes += [f"{number}.{chr(ord('a') + n)}" for n in range(goal["lettered"])]
        for code in codes:
            label = {lang: f"{SDG_TARGET_WORDS[lang]} {code}" for lang in UI_LANGUAGES}
            terms.append(Term(code, label, goal["label"], parent=str(number)))
    return Vocabulary("sdg_targets", tuple(terms))


@dataclass(frozen=True)
class Champion:
    """A GCM champion country and the dated public source that lists it."""

    country: str
    source_title: dict[str, str]
    source_url: str
    date: str


@cache
def champions() -> dict[str, Champion]:
    """GCM champion countries by alpha-3 code, with their source (champions.yaml)."""
    with (DATA / "champions.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    sources = {item["id"]: item for item in data["sources"]}
    result = {}
    for item in data["champions"]:
        source = sources[item["source"]]
        result[item["country"]] = Champion(
            item["country"], source["title"], source["url"], str(source["date"])
        )
    return result


@cache
def country_m49() -> dict[str, str]:
    """ISO alpha-3 code -> UN M49 numeric code (as three digits) of every country."""
    return {item["code"]: item["m49"] for item in _load("countries") if item["m49"]}


ALL = {
    "objectives": objectives,
    "principles": principles,
    "types": types,
    "scopes": scopes,
    "regions": regions,
    "subregions": subregions,
    "countries": countries,
    "languages": languages,
    "sections": sections,
    "commissions": commissions,
    "roundtables": roundtables,
    "sdg_targets": sdg_targets,
    "provenance": provenance,
    "review_statuses": review_statuses,
    "evaluation": evaluation,
    "implementer_kinds": implementer_kinds,
}
