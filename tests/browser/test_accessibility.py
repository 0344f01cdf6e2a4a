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
    page.set_viewport_size(viewport)
    page.goto(PAGES[name])
    page.wait_for_load_state("load")
    path = screenshots / f"{name}-{'phone' if viewport == PHONE else 'desktop'}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.is_file()
    data = path.read_bytes()
    assert len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
