"""The web form of a practice, built from the model: controls, reading, writing the file.

Every field of ``indexer/vocabularies/fields.yaml`` gets a control chosen by its kind;
a kind without a control fails the tests. The form writes the same file a submitter
would write by hand, and the same validator checks it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import frontmatter
from werkzeug.datastructures import MultiDict

from hub.render import body_html
from indexer import vocabulary
from indexer.collection import check_bytes
from indexer.messages import Message
from indexer.model import Field, Practice, fields
from indexer.source import Problem, SourceError, parse
from indexer.validate import JOINERS, Checker, derive_regions, fold, suggest_id

# Field kind -> the control that edits it.
CONTROLS = {
    "text": "text",
    "summary": "textarea",
    "countries": "multiselect",
    "choice": "select",
    "objectives": "checkboxes",
    "choices": "checkboxes",
    "year": "number",
    "flag": "checkbox",
    "date": "date",
    "texts": "lines",
    "urls": "lines",
    "sdg_targets": "list",
    "contact": "text",
    "reference": "text",
    "record": "parts",
    "records": "lines",
}
PART_SEPARATOR = "|"
SUBMITTER = ("submitter_name", "submitter_organisation", "submitter_email")
MAX_SECTION = 20_000


@dataclass
class Control:
    """One form control: the field it edits, its kind of input, its options and value."""

    field: Field
    control: str
    options: list[tuple[str, str]] = field(default_factory=list)
    value: Any = None

    @property
    def name(self) -> str:
        return self.field.name


def controls(lang: str, values: MultiDict | None = None) -> list[Control]:
    """A control for every field of the model, labelled in ``lang``, filled from ``values``."""
    values = values or MultiDict()
    result = []
    for spec in form_fields():
        options = []
        if spec.vocabulary:
            terms = vocabulary.ALL[spec.vocabulary]()
            options = [
                (t.code, f"{t.code}. {t.text(lang)}" if spec.kind == "objectives" else t.text(lang))
                for t in terms
            ]
            if spec.vocabulary in ("countries", "languages"):
                options.sort(key=lambda option: fold(option[1]))
        value = (
            values.getlist(spec.name)
            if CONTROLS[spec.kind] in ("multiselect", "checkboxes")
            else values.get(spec.name, spec.default or "")
        )
        result.append(Control(spec, CONTROLS[spec.kind], options, value))
    return result


def form_fields() -> list[Field]:
    """The fields a submitter fills in (the hub sets the others, e.g. ``review``)."""
    return [spec for spec in fields().values() if spec.form]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(text: str) -> Any:
    text = text.strip()
    return int(text) if re.fullmatch(r"\d{1,4}", text) else text or None


def _date(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return text.strip() or None


def _part(part: Field, text: str) -> Any:
    if part.kind in ("number", "year"):
        number = text.replace(",", "").replace("\u202f", "").replace(" ", "")
        if re.fullmatch(r"-?\d+", number):
            return int(number)
        if re.fullmatch(r"-?\d+\.\d+", number):
            return float(number)
    if part.kind == "date":
        return _date(text)
    return text or None


def _record(spec: Field, text: str) -> dict[str, Any] | None:
    """``a | b | c`` read as the record's parts in order (extra text stays in the last part)."""
    if not text.strip():
        return None
    pieces = [piece.strip() for piece in text.split(PART_SEPARATOR, len(spec.parts) - 1)]
    return {part.name: _part(part, piece) for part, piece in zip(spec.parts, pieces, strict=False)}


def read_value(spec: Field, form: MultiDict) -> Any:
    """The front-matter value of a field from the submitted form (None when left empty)."""
    control = CONTROLS[spec.kind]
    if control in ("multiselect", "checkboxes"):
        items = [item.strip() for item in form.getlist(spec.name) if item.strip()]
        return [_number(item) for item in items] if spec.kind == "objectives" else items
    raw = form.get(spec.name, "")
    readers = {
        "checkbox": lambda text: True if text else None,
        "number": _number,
        "date": _date,
        "lines": lambda text: _lines(text) or None,
        "list": lambda text: [item for item in re.split(r"[,\s;]+", text) if item] or None,
        "textarea": lambda text: " ".join(text.split()) or None,
        "parts": lambda text: _record(spec, text),
    }
    if spec.kind == "records":
        return [_record(spec, line) for line in _lines(raw)] or None
    return readers.get(control, lambda text: text.strip() or None)(raw)


def section_name(key: str) -> str:
    return f"section_{key}"


def body_from(form: MultiDict, language: str) -> str:
    """The Markdown body: one second-level heading per filled section, in the practice's language."""
    parts = []
    for section in vocabulary.sections():
        text = form.get(section_name(section.code), "").strip().replace("\r\n", "\n")
        if text:
            heading = section.label.get(language) or section.label["en"]
            parts.append(f"## {heading}\n\n{text[:MAX_SECTION]}\n")
    return "\n".join(parts)


def build_file(form: MultiDict, today: dt.date | None = None) -> tuple[str, str]:
    """(practice id, file text) from the submitted form."""
    metadata: dict[str, Any] = {}
    day = today or dt.date.today()
    for spec in form_fields():
        value = read_value(spec, form)
        if value not in (None, []):
            metadata[spec.name] = value
    metadata.setdefault("submitted", day)
    # A date object of its own: YAML would write the same object twice as an alias, which is refused.
    metadata["review"] = {"status": "submitted", "date": dt.date.fromordinal(day.toordinal())}
    metadata = {name: metadata[name] for name in fields() if name in metadata}
    if form.get("contact_private"):
        metadata.pop("contact", None)
    language = str(metadata.get("language", "en"))
    post = frontmatter.Post(body_from(form, language), **metadata)
    text = frontmatter.dumps(post, sort_keys=False) + "\n"
    return suggest_id(str(metadata.get("title", ""))), text


@dataclass
class Checked:
    """The outcome of checking a submission: the practice, its text, and problems per field."""

    id: str
    text: str
    practice: Practice | None
    problems: list[Problem]

    def by_field(self, lang: str = "en") -> dict[str, list[str]]:
        """Messages per field, in ``lang`` and in the web form's words."""
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.field, []).append(problem.text(lang, form=True))
        return found

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def check_text(practice_id: str, text: str | bytes, display: str) -> Checked:
    """Validate a practice file's text as `hub check` does."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    practice, problems = check_bytes(display, raw, practice_id)
    shown = raw.decode("utf-8", errors="replace")
    return Checked(practice_id, shown, practice, problems)


def check_against(checked: Checked, existing: list[dict[str, Any]]) -> Checked:
    """Add the problems only the collection shows: a taken id, a duplicate title in a same country."""
    practice = checked.practice
    if practice is None:
        return checked
    title = fold(practice.title)
    for card in existing:
        if card["id"] == practice.id:
            checked.problems.append(
                Problem(
                    practice.path,
                    practice.line("title"),
                    "title",
                    Message("id_exists", id=practice.id),
                )
            )
        elif fold(card["title"]) == title and (
            set(card["countries"]) & set(practice.countries) or not (card["countries"] or practice.countries)
        ):
            checked.problems.append(
                Problem(
                    practice.path,
                    practice.line("title"),
                    "title",
                    Message("title_exists", title=practice.title, other=card["id"]),
                )
            )
    target = practice.translation_of
    if target and target not in {card["id"] for card in existing}:
        line = practice.line("translation_of")
        checked.problems.append(
            Problem(practice.path, line, "translation_of", Message("unknown_translation", target=target))
        )
    if any(p.severity == "error" for p in checked.problems):
        checked.practice = None
    return checked


# Fields every practice page shows; a preview with problems marks those it cannot show.
SHOWN = ("objectives", "principles", "countries", "scope", "type", "start_year", "language", "submitted_by")


def loose_view(raw: bytes, practice_id: str) -> dict[str, Any] | None:
    """What a practice page can show of a file that has errors: every field that passed its
    check, and ``missing``, the shown fields that did not (never a wrong value in their place)."""
    try:
        source = parse("preview.md", raw)
    except SourceError:
        return None
    checker = Checker(source, practice_id, check_id=False)
    checker.run()
    values = {k: v for k, v in checker.values.items() if v is not None}
    failed = {p.field for p in checker.problems if p.severity == "error"}
    missing = [name for name in SHOWN if name in failed or name not in values]
    view: dict[str, Any] = {name: [] if spec.is_list else None for name, spec in fields().items()}
    view.update({k: v for k, v in values.items() if k not in failed})
    subregions, regions = derive_regions(view.get("countries") or [])
    view.update(
        id=practice_id,
        title=view.get("title") or "",
        summary=view.get("summary") or "",
        body_html=body_html(source.body),
        regions=regions,
        subregions=subregions,
        translations=[],
        missing=missing,
        language=view.get("language") or "en",
    )
    return view


def submitter(form: MultiDict, lang: str = "en") -> tuple[dict[str, str], dict[str, list[str]]]:
    """The submitter's details and the problems with them (in ``lang``)."""
    details = {name: printable(form.get(name, ""))[:200] for name in SUBMITTER}
    problems: dict[str, list[str]] = {}
    for name in ("submitter_name", "submitter_organisation"):
        if not details[name]:
            problems[name] = [Message("required_plain").render(lang)]
    email = details["submitter_email"]
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems["submitter_email"] = [Message("not_email", value=email).render(lang)]
    return details, problems


def printable(text: str) -> str:
    """One line of text without control or format characters (the joiners excepted).

    The submitter's name and organisation go into a git commit that reviewers list in a
    terminal: an escape sequence there could erase or forge lines of their listing.
    """
    kept = (
        ch for ch in text if ch.isspace() or ch in JOINERS or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return " ".join("".join(kept).split())


def suggested_id(title: str) -> str:
    return suggest_id(title)


def practice_view(practice: Practice) -> dict[str, Any]:
    """A practice as the practice page shows it."""
    return {**practice.to_dict(), "body_html": body_html(practice.body), "translations": []}
