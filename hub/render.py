"""Practice text to safe HTML: Markdown rendered, then sanitised (a practice file is untrusted)."""

from __future__ import annotations

import nh3
from markupsafe import Markup

from indexer.text import render_html

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
SCHEMES = {"http", "https", "mailto"}


def body_html(markdown_text: str) -> Markup:
    """The body of a practice as sanitised HTML: no scripts, no event handlers, no javascript: links."""
    clean = nh3.clean(
        render_html(markdown_text),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


def safe_url(url: str) -> str | None:
    """A source or contact link only when it is http(s) or mailto."""
    scheme = url.split(":", 1)[0].lower()
    return url if scheme in SCHEMES and ":" in url else None
