"""axe-core scans of the main page types, and full-page screenshots at desktop and phone widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/?lang=en",
    "search-region": "/search?q=migrants&region=002&lang=en",
    "practice": "/practices/maroc-regularisation-exceptionnelle?lang=en",
}
# What a reader must see on each page: its heading, and one more element with its text.
SEEN = {
    "home": ("Promising practices for safe, orderly and regular migration", "form[role=search] input", None),
    "search-region": ("Search practices", "article.result .result-title a", "Régularisation exceptionnelle"),
    "practice": ("Régularisation exceptionnelle des étrangers", ".related .result-title a", None),
}
BLOCKING = {"serious", "critical"}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(page, axe, name, viewport):
    page.set_viewport_size(viewport)
    response = page.goto(PAGES[name])
    assert response is not None and response.ok, f"{PAGES[name]} answered {response and response.status}"
    page.wait_for_load_state("load")
    results = axe.run(page)
    violations = results.response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"axe found serious/critical violations on {PAGES[name]}:\n{describe(blocking)}"
    # Whatever is left (minor/moderate) is shown with -rA or -s, for the record.
    if violations:
        print(f"\n{PAGES[name]} {viewport['width']}px, minor/moderate:\n{describe(violations)}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_full_page_screenshots(page, screenshots, name, viewport):
    """The heading and the page's main element are visible with their text, nothing is wider
    than the window (no sideways scrolling on a phone); the screenshot is kept for people."""
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
            .filter(e => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        viewport["width"],
    )
    assert not wider, f"elements overflow the {viewport['width']}px window: {wider}"
    path = screenshots / f"{name}-{'phone' if viewport == PHONE else 'desktop'}.png"
    page.screenshot(path=str(path), full_page=True)
