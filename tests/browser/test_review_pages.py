"""The review pages in Chromium: axe-core scans of /coverage and a country profile, and
full-page screenshots at desktop and phone width with what a reader would check."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGES = {
    "coverage": "/coverage?lang=en",
    "coverage-subregions": "/coverage?by=subregion&lang=fr",
    "profile": "/countries/SLV?lang=es",
}
# What a reader must see: the heading, and one more element with its text.
SEEN = {
    "coverage": ("Coverage: practices per objective and region", "table.coverage tbody th", "1. Data"),
    "coverage-subregions": (
        "Couverture : pratiques par objectif et par sous-région",
        "svg.worldmap",
        None,
    ),
    "profile": ("El Salvador", ".objective-cells li", "1."),
}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(page, axe, name, viewport):
    page.set_viewport_size(viewport)
    response = page.goto(PAGES[name])
    assert response is not None and response.ok
    page.wait_for_load_state("load")
    violations = axe.run(page).response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v.get("impact") in BLOCKING
    ]
    assert not blocking, f"axe found serious/critical violations on {PAGES[name]}: {blocking}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_full_page_screenshots(page, screenshots, name, viewport):
    """Heading and main content visible, the map drawn, nothing wider than the window except
    inside the table's own scrolling region; the screenshot is kept for people to look at."""
    page.set_viewport_size(viewport)
    page.goto(PAGES[name])
    page.wait_for_load_state("load")
    heading, selector, text = SEEN[name]
    h1 = page.locator("h1")
    assert h1.is_visible() and h1.inner_text().strip() == heading
    element = page.locator(selector).first
    assert element.is_visible(), f"{selector} is not visible on {PAGES[name]}"
    if text:
        assert text in element.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{PAGES[name]} is {width}px wide in a {viewport['width']}px window"
    wider = page.evaluate(
        """w => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-scroll') || e.classList.contains('table-scroll'))
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        viewport["width"],
    )
    assert not wider, f"elements overflow the {viewport['width']}px window: {wider}"
    if name.startswith("coverage"):
        box = page.locator("svg.worldmap").bounding_box()
        assert box and box["width"] > viewport["width"] * 0.8 and box["height"] > 100  # the map is drawn
        assert page.locator(".disclaimer").is_visible()
    path = screenshots / f"{name}-{'phone' if viewport == PHONE else 'desktop'}.png"
    page.screenshot(path=str(path), full_page=True)
