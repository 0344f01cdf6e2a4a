"""Practice text to safe HTML: Markdown rendered, then sanitised (a practice file is untrusted).

The allow-list (tags, attributes, link schemes) is in ``indexer/rendering.py``.
"""

from __future__ import annotations

import atexit
import os
import threading

from markupsafe import Markup

from indexer.rendering import SCHEMES, Renderer

PREVIEW_PROCESSES = 2  # rendering processes per app process, started by the first preview
_renderers: dict[int, Renderer] = {}
_lock = threading.Lock()


def renderer() -> Renderer:
    """This process's renderer (a forked web worker must not share its parent's pipes)."""
    with _lock:
        if os.getpid() not in _renderers:
            _renderers[os.getpid()] = Renderer(PREVIEW_PROCESSES)
            atexit.register(_renderers[os.getpid()].close)
        return _renderers[os.getpid()]


def body_html(markdown_text: str) -> Markup:
    """A body rendered now, for the submission preview only: practice pages and the API serve
    the HTML rendered when the index was built. Bounded: see indexer/rendering.py."""
    return Markup(renderer().render(markdown_text).html)


def safe_url(url: str) -> str | None:
    """A source or contact link only when it is http(s) or mailto."""
    scheme = url.split(":", 1)[0].lower()
    return url if scheme in SCHEMES and ":" in url else None
