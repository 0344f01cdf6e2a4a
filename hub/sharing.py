"""What a page tells search engines and link previews: its canonical address, its language
alternates, whether it may be indexed, and Open Graph facts.

Crawlers are kept on the pages worth finding (practices, browse pages, country profiles,
the home and coverage pages): any other page, and a browse page narrowed by more
parameters, says ``noindex, follow``; ``robots.txt`` keeps them off searches, exports,
the form and the API, so that they never walk every combination of facets.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request
from werkzeug.datastructures import MultiDict

from hub import params
from indexer.vocabulary import UI_LANGUAGES

INDEXED = re.compile(r"^/(?:|practices/[^/]+|objectives/\d+|regions/\d+|countries/[A-Z]{3}|coverage)$")
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
DISALLOWED = (
    "/search",
    "/export.csv",
    "/export.jsonl",
    "/export.docx",
    "/export.xlsx",
    "/feed.atom",
    "/submit",
    "/submissions/",
    "/api/",
)


def indexable() -> bool:
    """A page crawlers should list: a kept path, with no parameter but ``lang``."""
    extra = [name for name in request.args if name != "lang"]
    return bool(INDEXED.match(request.path)) and not extra


def page_meta(lang: str) -> dict[str, Any]:
    """The canonical URL, the hreflang alternates and the Open Graph locale of this page."""
    root = request.url_root.rstrip("/")
    kept = MultiDict() if indexable() else MultiDict(request.args)
    alternates = [(code, root + params.url(request.path, kept, lang=code)) for code in UI_LANGUAGES]
    return {
        "canonical": root + params.url(request.path, kept, lang=lang),
        "alternates": alternates,
        "x_default": root + params.url(request.path, kept, lang=None),
        "noindex": not indexable(),
        "og_locale": OG_LOCALES.get(lang, "en_GB"),
        "og_locales": [OG_LOCALES[code] for code in UI_LANGUAGES if code != lang and code in OG_LOCALES],
    }


def robots_txt(sitemap: str) -> str:
    """Crawlers: everywhere but the searches, exports, feeds, the form and the API."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "Allow: /",
        f"Sitemap: {sitemap}",
    ]
    return "\n".join(lines) + "\n"
