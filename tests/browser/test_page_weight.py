"""The weight of a search page: the HTML document, its CSS and its JS, as Chromium received them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024  # bytes: document + CSS + JS
COUNTED = {"document", "stylesheet", "script"}


@pytest.mark.parametrize("path", ["/search?q=migrants&lang=en", "/search?lang=en"])
def test_search_page_weight_under_budget(page, path):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    sizes = {}
    for response in responses:
        kind = response.request.resource_type
        if kind in COUNTED:
            assert response.status == 200, f"{response.url} answered {response.status}"
            sizes[response.url] = (kind, len(response.body()))
    kinds = {kind for kind, _ in sizes.values()}
    assert kinds == COUNTED, f"expected a document, a stylesheet and a script; got {sizes}"
    total = sum(size for _, size in sizes.values())
    detail = ", ".join(f"{url.split('/', 3)[-1]} {kind} {size} B" for url, (kind, size) in sizes.items())
    print(f"{path}: {total} bytes ({detail})")
    assert total < BUDGET, f"{path} weighs {total} bytes (budget {BUDGET}): {detail}"
