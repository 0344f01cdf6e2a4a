"""Fixtures for the browser tests: the app served on a free local port, and Debian's Chromium.

Playwright never downloads a browser here: it drives /usr/bin/chromium. The pytest-playwright
plugin is not used; these session fixtures are all the tests need.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from hub import create_app

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artefacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def live_server(backend) -> Iterator[str]:
    """The app, served by a threaded werkzeug server on 127.0.0.1; yields its base URL."""
    app = create_app({"BACKEND": backend, "TESTING": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free port
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `./dev test` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed: `./dev test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh page in a new context per test (no shared cookies or history), English UI."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
