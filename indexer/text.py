"""What a reader sees of a practice: Markdown rendered, then stripped of markup."""

from __future__ import annotations

import threading
from html.parser import HTMLParser

import markdown

EXTENSIONS = ["extra", "sane_lists"]
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "blockquote", "pre", "dt", "dd"}


_local = threading.local()


def render_html(body: str) -> str:
    """The body as HTML (not yet sanitised: the site sanitises before showing it)."""
    # Building a Markdown converter with its extensions costs more than converting a body,
    # so each thread keeps one and resets it between documents.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    return converter.reset().convert(body)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(body: str) -> str:
    """The words of a Markdown body, without markup: `*remittances*` reads `remittances`.

    Unbounded in time: untrusted bodies go through ``indexer.rendering`` instead.
    """
    return text_of_html(render_html(body))


def text_of_html(markup: str) -> str:
    """The words of HTML rendered from Markdown, one line per block."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
