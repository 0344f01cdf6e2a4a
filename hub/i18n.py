"""Interface languages: Babel message catalogues, read from .po files at start-up.

The catalogues in ``hub/translations/<lang>/LC_MESSAGES/messages.po`` are compiled in
memory, so there is no build step and no compiled file to keep in step with its source.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import g, request

from indexer.vocabulary import UI_LANGUAGES

TRANSLATIONS = Path(__file__).parent / "translations"
DEFAULT = "en"


@cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled messages of a language (English is the source language)."""
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT or not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def select_language() -> str:
    """``?lang=`` when valid, else the browser's preference, else English."""
    asked = request.args.get("lang", "")
    if asked in UI_LANGUAGES:
        return asked
    return request.accept_languages.best_match(UI_LANGUAGES, default=DEFAULT) or DEFAULT


def current() -> str:
    return getattr(g, "lang", DEFAULT)


def gettext(message: str, **variables: object) -> str:
    text = catalogue(current()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = catalogue(current()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}
