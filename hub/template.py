"""New practice files from the contributor templates in ``templates/practice.<lang>.md``.

``templates/`` (these and the site's pages) sits at the top of the source tree and is
installed inside the package as ``hub/templates`` (see pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from indexer.validate import suggest_id


def shipped_templates() -> Path:
    """``hub/templates`` in an installed wheel; the source tree's ``templates/`` in a checkout."""
    installed = Path(__file__).resolve().parent / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "templates"


TEMPLATES = shipped_templates()


def template_path(language: str) -> Path:
    """The contributor template for a language."""
    return TEMPLATES / f"practice.{language}.md"


def from_template(title: str, language: str, today: dt.date | None = None) -> str:
    """The template's text with the title and submission date filled in."""
    lines = template_path(language).read_text(encoding="utf-8").splitlines()
    values = {
        "title": json.dumps(title, ensure_ascii=False),
        "submitted": (today or dt.date.today()).isoformat(),
    }
    filled = []
    for line in lines:
        key = line.split(":", 1)[0]
        filled.append(f"{key}: {values.pop(key)}" if key in values else line)
    return "\n".join(filled) + "\n"


def write_from_template(title: str, language: str, directory: Path) -> Path:
    """Create ``<id>.md`` in ``directory``; never overwrites (FileExistsError)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{suggest_id(title)}.md"
    with path.open("x", encoding="utf-8") as handle:
        handle.write(from_template(title, language))
    return path
