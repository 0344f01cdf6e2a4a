"""Validate one parsed practice file against the model and the vocabularies.

Every problem is collected (none stops the others) and names its line and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from indexer import vocabulary
from indexer.citations import citation_problem
from indexer.messages import Message
from indexer.model import DERIVED, ID_PATTERN, Field, Practice, fields
from indexer.source import InvalidDate, Problem, Source

SUMMARY_LIMIT = 600
TEXT_LIMIT = 300
SDG_TARGET = re.compile(r"(\d{1,2})\.(\d{1,2}|[a-z])")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|\[[^\]]+\]\([^)]+\)")
PERSONAL_DOMAINS = {
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.net",
}
FIRST_YEAR = 1900
NOUNS = {
    name: Message(f"noun_{name}")
    for name in ("languages", "principles", "types", "scopes", "provenance", "implementer_kinds")
}


class Checker:
    """Checks one Source; ``problems`` collects everything found."""

    def __init__(self, source: Source, practice_id: str, check_id: bool = True) -> None:
        # A copy: an old-format file's values are completed without touching the caller's Source.
        self.source = dataclasses.replace(source, data=dict(source.data), lines=dict(source.lines))
        self.id = practice_id
        self.verify_id = check_id
        self.problems: list[Problem] = list(source.problems)
        self.values: dict[str, Any] = {}

    def report(
        self,
        field: str,
        message: Message,
        *,
        index: int | None = None,
        severity: str = "error",
        line: int | None = None,
        part: str | None = None,
    ) -> None:
        where = line if line is not None else self.source.line(field, index, part)
        self.problems.append(Problem(self.source.path, where, field, message, severity))

    def warn(self, field: str, message: Message, **where: Any) -> None:
        self.report(field, message, severity="warning", **where)

    def run(self) -> Practice | None:
        self.check_id()
        self.check_keys()
        self.read_legacy_submitter()
        for spec in fields().values():
            self.check_field(spec)
        self.check_years()
        self.check_scope()
        self.check_body()
        self.check_invisible()
        if any(problem.severity == "error" for problem in self.problems):
            return None
        return self.practice()

    def check_id(self) -> None:
        if self.verify_id and not ID_PATTERN.fullmatch(self.id):
            self.report(
                "id",
                Message("bad_file_name", id=self.id, suggestion=suggest_id(self.id)),
                line=1,
            )

    def check_keys(self) -> None:
        known = list(fields())
        unknown = 0
        for key in self.source.data:
            if key in known:
                continue
            if key in DERIVED:
                self.report(key, Message("derived_field", key=key))
                continue
            unknown += 1
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if unknown <= 20 else None
            # The list of known fields once per file: repeated, it multiplied the output.
            if close:
                self.report(key, Message("unknown_field_hint", key=key, guess=close[0]))
            elif unknown == 1:
                self.report(key, Message("unknown_field", key=key, known=", ".join(known)))
            else:
                self.report(key, Message("unknown_field_plain", key=key))

    def read_legacy_submitter(self) -> None:
        """An old-format file: ``submitted_by`` named the implementer and nothing said who filed it."""
        data = self.source.data
        if "implemented_by" in data or data.get("submitted_by") is None:
            return
        self.warn("submitted_by", Message("submitted_by_deprecated"))
        data["implemented_by"] = data["submitted_by"]
        self.source.lines.setdefault("implemented_by", self.source.line("submitted_by"))
        if "provenance" not in data:
            data["provenance"] = "submitted"
            self.source.lines.setdefault("provenance", self.source.line("submitted_by"))

    def check_field(self, spec: Field) -> None:
        value = self.source.data.get(spec.name)
        if value is None:
            if spec.required and spec.name not in self.source.refused:
                missing = "empty" if spec.name in self.source.data else "required"
                self.report(spec.name, Message(missing, help=spec.help), line=self.source.line(spec.name))
            return
        if spec.is_list and not isinstance(value, list):
            value = [value] if isinstance(value, str | int | float) and spec.kind != "texts" else value
            if not isinstance(value, list):
                self.report(spec.name, Message("not_a_list", key=spec.name))
                return
        self.values[spec.name] = KINDS[spec.kind](self, spec, value)

    def practice(self) -> Practice:
        values = {key: value for key, value in self.values.items() if value is not None}
        subregions, regions = derive_regions(values.get("countries", []))
        return Practice(
            id=self.id,
            path=self.source.path,
            body=self.source.body,
            regions=regions,
            subregions=subregions,
            lines=dict(self.source.lines),
            **values,
        )

    def check_years(self) -> None:
        start, end = self.values.get("start_year"), self.values.get("end_year")
        ongoing = self.values.get("ongoing")
        if start is not None and end is not None and end < start:
            self.report("end_year", Message("end_before_start", end=end, start=start))
        if end is None and not ongoing and "start_year" in self.values:
            self.report(
                "end_year",
                Message("end_or_ongoing"),
                line=self.source.line("start_year"),
            )
        if end is not None and ongoing:
            self.report("ongoing", Message("ongoing_but_ended", end=end))

    def check_scope(self) -> None:
        countries, scope = self.source.data.get("countries"), self.values.get("scope")
        if countries == [] and scope is not None and scope != "global":
            self.report("countries", Message("only_global_without_countries", scope=scope))
        if countries and scope == "global":
            return
        if countries and len(countries) > 1 and scope in ("local", "national"):
            self.warn("scope", Message("scope_many_countries", scope=scope, count=len(countries)))

    def check_body(self) -> None:
        body = self.source.body
        if not body.strip():
            self.warn("body", Message("body_empty"), line=self.source.body_line)
            return
        language = self.values.get("language")
        headings = {fold(line.lstrip("#").strip()) for line in body.splitlines() if line.startswith("#")}
        for section in vocabulary.sections():
            label = section.label.get(language or "")
            if label and fold(label) not in headings:
                self.warn("body", Message("missing_section", label=label), line=self.source.body_line)

    def check_invisible(self) -> None:
        """Format characters (Unicode Cf: bidi overrides, zero-width spaces): refused in web
        addresses and ids, a warning in text, where they can make words display as others."""
        for spec in fields().values():
            value = self.values.get(spec.name)
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                found = invisible(item) if isinstance(item, str) else None
                if found is None:
                    continue
                where = {"index": index} if isinstance(value, list) else {}
                if spec.kind in ADDRESSES:
                    self.report(spec.name, Message("invisible_in_address", character=found), **where)
                else:
                    self.warn(spec.name, Message("invisible_character", character=found), **where)
                break
        body = self.source.body
        character = _first_invisible(body)
        if character:
            line = self.source.body_line + body[: body.index(character)].count("\n")
            self.warn("body", Message("invisible_character", character=invisible(character)), line=line)


# Joiners shape Persian, Indic and emoji text: the only format characters text may hold.
JOINERS = {"\u200c", "\u200d"}
ADDRESSES = {"urls", "contact", "reference"}


def _first_invisible(text: str) -> str:
    return next((ch for ch in text if unicodedata.category(ch) == "Cf" and ch not in JOINERS), "")


def invisible(text: str) -> str | None:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)`` for the first format character of ``text``, or None."""
    character = _first_invisible(text)
    if not character:
        return None
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'format character')})"


def fold(text: str) -> str:
    """Case- and accent-folded text, for forgiving comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def suggest_id(text: str) -> str:
    """A kebab-case id built from any text.

    Letters of other scripts have no ASCII form here: a title that holds any gets a short
    hash of itself as a suffix, so that two Arabic or Chinese titles never share an id.
    """
    folded = fold(text)
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80].strip("-")
    if slug and not any(character.isalpha() and not character.isascii() for character in folded):
        return slug
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug[:71].strip('-') or 'practice'}-{digest}"


def derive_regions(countries: list[str]) -> tuple[list[str], list[str]]:
    """(sub-region codes, region codes) of the countries, without repeats."""
    subregions, regions = [], []
    for code in countries:
        subregion, region = vocabulary.region_of_country(code)
        if subregion and subregion not in subregions:
            subregions.append(subregion)
        if region and region not in regions:
            regions.append(region)
    return subregions, regions


def check_text(checker: Checker, spec: Field, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        checker.report(spec.name, Message("must_be_text"))
        return None
    if len(value) > TEXT_LIMIT:
        checker.report(spec.name, Message("text_too_long", length=len(value), limit=TEXT_LIMIT))
    return value.strip()


def check_summary(checker: Checker, spec: Field, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        checker.report(spec.name, Message("must_be_text"))
        return None
    value = " ".join(value.split())
    if len(value) > SUMMARY_LIMIT:
        checker.report(spec.name, Message("summary_too_long", length=len(value), limit=SUMMARY_LIMIT))
    if MARKUP.search(value):
        checker.report(spec.name, Message("plain_text_only"))
    return value


def check_texts(checker: Checker, spec: Field, value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    result = []
    for index, item in enumerate(value):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            checker.report(spec.name, Message("item_not_text", number=index + 1), index=index)
            continue
        result.append(item.strip())
    return result


def check_countries(checker: Checker, spec: Field, value: list) -> list[str]:
    result = []
    for index, item in enumerate(value):
        code = item if isinstance(item, str) else str(item)
        if code in vocabulary.countries():
            if code in result:
                checker.warn(spec.name, Message("listed_twice", value=repr(code)), index=index)
            else:
                result.append(code)
            continue
        guess = guess_country(code)
        if guess:
            name = vocabulary.countries().get(guess).label
            checker.report(
                spec.name, Message("not_country_code_hint", code=code, guess=guess, name=name), index=index
            )
        else:
            checker.report(spec.name, Message("not_country_code", code=code), index=index)
    return result


def guess_country(text: str) -> str | None:
    """The alpha-3 code a submitter most likely meant by ``text``."""
    needle = fold(text)
    if not needle:
        return None
    for country in vocabulary.countries():
        if needle == fold(country.code):
            return country.code
    alpha2 = {fold(term): code for code, term in _alpha2().items()}
    if needle in alpha2:
        return alpha2[needle]
    for country in vocabulary.countries():
        names = [fold(name) for name in country.label.values()]
        if needle in names or (len(needle) >= 3 and any(n.startswith(needle) for n in names)):
            return country.code
    close = difflib.get_close_matches(text.upper(), vocabulary.countries().codes, n=1)
    return close[0] if close else None


def _alpha2() -> dict[str, str]:
    import yaml

    with (vocabulary.DATA / "countries.yaml").open(encoding="utf-8") as handle:
        return {item["code"]: item["alpha2"] for item in yaml.safe_load(handle)["countries"]}


def check_objectives(checker: Checker, spec: Field, value: list) -> list[int]:
    result = []
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int):
            checker.report(spec.name, Message("objective_not_number", value=item), index=index)
        elif not 1 <= item <= 23:
            checker.report(spec.name, Message("not_objective", value=item), index=index)
        elif item in result:
            checker.warn(spec.name, Message("listed_twice", value=item), index=index)
        else:
            result.append(item)
    if spec.required and not value:
        checker.report(spec.name, Message("objective_needed"))
    primary = checker.values.get("objectives") or []
    for item in result if spec.name == "secondary_objectives" else []:
        if item in primary:
            checker.warn(spec.name, Message("already_primary", value=item))
    return result


def check_choices(checker: Checker, spec: Field, value: list) -> list[str]:
    result = []
    for index, item in enumerate(value):
        code = _choice(checker, spec, item, index)
        if code is not None and code not in result:
            result.append(code)
    if spec.required and not value:
        checker.report(spec.name, Message("value_needed", allowed=allowed(spec)))
    return result


def check_choice(checker: Checker, spec: Field, value: Any) -> str | None:
    if isinstance(value, list):
        checker.report(spec.name, Message("one_value_only", allowed=allowed(spec)))
        return None
    return _choice(checker, spec, value, None)


def _choice(checker: Checker, spec: Field, item: Any, index: int | None) -> str | None:
    terms = vocabulary.ALL[spec.vocabulary]()
    code = str(item)
    if code in terms:
        return code
    close = difflib.get_close_matches(code.lower(), terms.codes, n=1, cutoff=0.5)
    noun = NOUNS.get(spec.vocabulary or "", spec.label)
    if close:
        checker.report(
            spec.name, Message("unknown_choice_hint", value=code, noun=noun, guess=close[0]), index=index
        )
    else:
        checker.report(
            spec.name, Message("unknown_choice", value=code, noun=noun, allowed=allowed(spec)), index=index
        )
    return None


def allowed(spec: Field) -> str:
    codes = vocabulary.ALL[spec.vocabulary]().codes
    return ", ".join(codes) if len(codes) <= 12 else f"{codes[0]}, {codes[1]}, ... ({len(codes)} codes)"


def check_year(checker: Checker, spec: Field, value: Any) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
        checker.report(spec.name, Message("year_as_text", value=value, year=value.strip()))
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        checker.report(spec.name, Message("not_a_year", value=value))
        return None
    last = dt.date.today().year + 1
    if not FIRST_YEAR <= value <= last:
        checker.report(spec.name, Message("implausible_year", value=value, first=FIRST_YEAR, last=last))
        return None
    return value


def check_flag(checker: Checker, spec: Field, value: Any) -> bool | None:
    if not isinstance(value, bool):
        checker.report(spec.name, Message("not_a_flag", value=value))
        return None
    return value


def check_date(checker: Checker, spec: Field, value: Any) -> dt.date | None:
    if isinstance(value, InvalidDate) or not isinstance(value, dt.date):
        checker.report(spec.name, Message("not_a_date", value=str(value)))
        return None
    if value > dt.date.today() + dt.timedelta(days=1):
        checker.warn(spec.name, Message("date_in_future", date=value.isoformat()))
    submitted = checker.values.get("submitted")
    if spec.name == "updated" and submitted and value < submitted:
        checker.warn(
            spec.name,
            Message("updated_before_submitted", date=value.isoformat(), submitted=submitted.isoformat()),
        )
    return value


def check_sdg_targets(checker: Checker, spec: Field, value: list) -> list[str]:
    result = []
    for index, item in enumerate(value):
        if isinstance(item, float):
            checker.warn(spec.name, Message("sdg_target_as_number", value=item), index=index)
            item = repr(item)
        match = SDG_TARGET.fullmatch(str(item))
        if not match or not 1 <= int(match.group(1)) <= 17:
            checker.report(spec.name, Message("not_sdg_target", value=item), index=index)
            continue
        if str(item) not in vocabulary.sdg_targets():
            goal = [t.code for t in vocabulary.sdg_targets() if t.parent == match.group(1)]
            checker.report(
                spec.name,
                Message("not_target_of_goal", value=item, goal=match.group(1), first=goal[0], last=goal[-1]),
                index=index,
            )
            continue
        result.append(str(item))
    return result


def check_urls(checker: Checker, spec: Field, value: list) -> list[str]:
    result = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not URL.fullmatch(item.strip()):
            checker.report(spec.name, Message("not_url", value=item), index=index)
            continue
        weak = citation_problem(item.strip())
        if weak:
            checker.warn(spec.name, weak, index=index)
        result.append(item.strip())
    return result


def check_contact(checker: Checker, spec: Field, value: Any) -> str | None:
    if not isinstance(value, str) or not (EMAIL.fullmatch(value.strip()) or URL.fullmatch(value.strip())):
        checker.report(spec.name, Message("not_contact", value=value))
        return None
    value = value.strip()
    if EMAIL.fullmatch(value) and looks_personal(value):
        checker.warn(spec.name, Message("personal_contact", value=value))
    return value


def looks_personal(email: str) -> bool:
    """True for free-mail domains and first.last local parts."""
    local, _, domain = email.lower().partition("@")
    return domain in PERSONAL_DOMAINS or bool(re.fullmatch(r"[a-z]+[._][a-z]+", local))


def check_record(checker: Checker, spec: Field, value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        checker.report(spec.name, Message("not_a_mapping", key=spec.name, keys=_keys(spec)))
        return None
    return _record(checker, spec, value, None)


def check_records(checker: Checker, spec: Field, value: list) -> list[dict[str, Any]]:
    result = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            message = Message("item_not_mapping", number=index + 1, keys=_keys(spec))
            checker.report(spec.name, message, index=index)
            continue
        record = _record(checker, spec, item, index)
        if record is not None:
            result.append(record)
    return result


def _record(checker: Checker, spec: Field, value: dict, index: int | None) -> dict[str, Any] | None:
    """A mapping checked part by part; unknown keys and missing required parts are errors."""

    def report(message: Message, part: str) -> None:
        if index is not None:
            message = Message("item_problem", number=index + 1, problem=message)
        checker.report(spec.name, message, index=index, part=part)

    known = {part.name: part for part in spec.parts}
    ok = True
    for key in value:
        if key not in known:
            report(Message("unknown_part", key=str(key), known=", ".join(known)), str(key))
            ok = False
    record: dict[str, Any] = {}
    for part in spec.parts:
        item = value.get(part.name)
        if item is None or item == "":
            if part.required:
                report(Message("part_required", part=part.name), part.name)
                ok = False
            continue
        checked, problem = PARTS[part.kind](part, item)
        if problem:
            report(Message("part_problem", part=part.name, problem=problem), part.name)
            ok = False
        record[part.name] = checked
    return record if ok else None


def _keys(spec: Field) -> str:
    return ", ".join(f"{part.name}: ..." for part in spec.parts)


def _part_text(part: Field, value: Any) -> tuple[Any, Message | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None, Message("must_be_text")
    if len(value) > TEXT_LIMIT:
        return None, Message("text_too_long", length=len(value), limit=TEXT_LIMIT)
    return " ".join(value.split()), None


def _part_number(part: Field, value: Any) -> tuple[Any, Message | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, Message("not_a_number", value=value)
    return value, None


def _part_year(part: Field, value: Any) -> tuple[Any, Message | None]:
    last = dt.date.today().year + 1
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= last:
        return None, Message("not_a_year_between", value=value, first=FIRST_YEAR, last=last)
    return value, None


def _part_url(part: Field, value: Any) -> tuple[Any, Message | None]:
    if not isinstance(value, str) or not URL.fullmatch(value.strip()):
        return None, Message("not_url", value=value)
    return value.strip(), None


def _part_date(part: Field, value: Any) -> tuple[Any, Message | None]:
    if isinstance(value, InvalidDate) or not isinstance(value, dt.date):
        return None, Message("not_a_date", value=str(value))
    if value > dt.date.today() + dt.timedelta(days=1):
        return None, Message("date_in_future", date=value.isoformat())
    return value, None


def _part_choice(part: Field, value: Any) -> tuple[Any, Message | None]:
    terms = vocabulary.ALL[part.vocabulary or ""]()
    if str(value) not in terms:
        return None, Message("not_one_of", value=value, allowed=", ".join(terms.codes))
    return str(value), None


PARTS: dict[str, Callable[[Field, Any], tuple[Any, Message | None]]] = {
    "text": _part_text,
    "number": _part_number,
    "year": _part_year,
    "url": _part_url,
    "date": _part_date,
    "choice": _part_choice,
}


def check_reference(checker: Checker, spec: Field, value: Any) -> str | None:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        checker.report(spec.name, Message("not_practice_id", value=value))
        return None
    if value == checker.id:
        checker.report(spec.name, Message("translation_of_itself"))
        return None
    return value


KINDS: dict[str, Callable[[Checker, Field, Any], Any]] = {
    "text": check_text,
    "summary": check_summary,
    "texts": check_texts,
    "countries": check_countries,
    "objectives": check_objectives,
    "choices": check_choices,
    "choice": check_choice,
    "year": check_year,
    "flag": check_flag,
    "date": check_date,
    "sdg_targets": check_sdg_targets,
    "urls": check_urls,
    "contact": check_contact,
    "reference": check_reference,
    "record": check_record,
    "records": check_records,
}


def validate(
    source: Source, practice_id: str, *, check_id: bool = True
) -> tuple[Practice | None, list[Problem]]:
    """The practice (None when there is an error) and every problem found."""
    checker = Checker(source, practice_id, check_id)
    practice = checker.run()
    return practice, checker.problems
