"""How to cite a practice: one recommended citation, as text, BibTeX and CSL-JSON, and its history.

The citation names who filed the entry (``submitted_by``: for a compiled practice, the
hub's editors, never the government that implements it) as author, the title, the hub as
publisher, the practice's address, the date of its last change and the date accessed.
The history comes from git at index time when the index has it (``history`` in the stored
fields: first published, last changed, the file's history page); otherwise from the
file's own ``submitted`` and ``updated`` dates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from hub.i18n import gettext as _

PUBLISHER = "GCM Practice Hub"
# Characters that BibTeX reads as commands or grouping: written escaped.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass
class History:
    first_published: str
    last_changed: str
    url: str | None  # the file's history in the repository, when known
    from_git: bool


def history(practice: dict[str, Any]) -> History:
    """When the practice was first published and last changed."""
    found = practice.get("history") or {}
    if found.get("first_published"):
        return History(found["first_published"], found["last_changed"], found.get("url"), True)
    return History(practice["submitted"], practice.get("updated") or practice["submitted"], None, False)


@dataclass
class Citation:
    id: str
    author: str
    title: str
    url: str
    changed: dt.date
    accessed: dt.date
    language: str

    @property
    def key(self) -> str:
        return f"gcmhub-{self.id}"


def citation(practice: dict[str, Any], url: str, today: dt.date | None = None) -> Citation:
    changed = dt.date.fromisoformat(history(practice).last_changed)
    return Citation(
        practice["id"],
        practice["submitted_by"],
        practice["title"],
        url,
        changed,
        today or dt.date.today(),
        practice["language"],
    )


def as_text(cite: Citation) -> str:
    """The recommended citation, in the interface language."""
    return _(
        "%(author)s (%(year)s). %(title)s. %(publisher)s. %(url)s (last changed %(changed)s; "
        "accessed %(accessed)s).",
        author=cite.author,
        year=cite.changed.year,
        title=cite.title,
        publisher=PUBLISHER,
        url=cite.url,
        changed=cite.changed.isoformat(),
        accessed=cite.accessed.isoformat(),
    )


def _bibtex(text: str) -> str:
    return "".join(BIBTEX_ESCAPES.get(ch, ch) for ch in " ".join(text.split()))


def as_bibtex(cite: Citation) -> str:
    """A BibTeX @misc entry (biblatex reads urldate)."""
    fields = [
        ("author", "{" + _bibtex(cite.author) + "}"),  # an organisation: one name, not split
        ("title", _bibtex(cite.title)),
        ("year", str(cite.changed.year)),
        ("date", cite.changed.isoformat()),
        ("howpublished", PUBLISHER),
        ("publisher", PUBLISHER),
        ("url", cite.url),
        ("urldate", cite.accessed.isoformat()),
        ("language", cite.language),
        ("note", f"Last changed {cite.changed.isoformat()}; accessed {cite.accessed.isoformat()}"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{cite.key},\n{body}\n}}\n"


def _date_parts(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def as_csl(cite: Citation) -> dict[str, Any]:
    """One CSL-JSON item (a web page by an organisation)."""
    return {
        "id": cite.key,
        "type": "webpage",
        "title": cite.title,
        "author": [{"literal": cite.author}],
        "container-title": PUBLISHER,
        "publisher": PUBLISHER,
        "URL": cite.url,
        "issued": _date_parts(cite.changed),
        "accessed": _date_parts(cite.accessed),
        "language": cite.language,
    }


def formats(practice: dict[str, Any], url: str, today: dt.date | None = None) -> dict[str, Any]:
    """Every format of the practice's citation, and its history."""
    cite = citation(practice, url, today)
    found = history(practice)
    return {
        "text": as_text(cite),
        "bibtex": as_bibtex(cite),
        "csl_json": [as_csl(cite)],
        "csl_json_text": json.dumps([as_csl(cite)], ensure_ascii=False, indent=2),
        "history": found,
    }
