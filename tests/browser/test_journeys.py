"""User journeys in a real Chromium: search, filter, unfilter, switch language, read, go back;
keyboard focus; and a phone-width layout without horizontal scrolling."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def number(text: str) -> int:
    """The first integer in a piece of text ("3 practices" -> 3, "1 pratique" -> 1)."""
    found = re.search(r"\d+", text)
    assert found, f"no number in {text!r}"
    return int(found.group())


def test_search_filter_language_practice_and_back(page, live_server):
    # The home page: its hero states how many practices the hub holds.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    everything = number(page.locator(".hero p").first.inner_text())
    assert everything > 3

    # Type a query in the search box and submit it.
    page.get_by_role("searchbox", name="Search practices").fill("migrants")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert "q=migrants" in page.url
    heading = page.locator("#results-title")
    total = number(heading.inner_text())
    assert 0 < total < everything, "the results count did not change after the search"
    assert page.locator(".result").count() == total
    assert page.get_by_role("searchbox").input_value() == "migrants"
    unfiltered_url = page.url

    # Tick a value of the Region facet that has results.
    region = page.locator('section.facet[data-facet="region"]')
    links = region.locator("a")
    counts = [number(links.nth(i).locator(".count").inner_text()) for i in range(links.count())]
    index = next(i for i, n in enumerate(counts) if n > 0)
    link = links.nth(index)
    value_label = link.locator(".facet-label").inner_text()
    shown_count = counts[index]
    link.click()
    page.wait_for_url(re.compile(r"region="))
    assert "q=migrants" in page.url
    assert number(heading.inner_text()) == shown_count, "the facet count is not the filtered total"
    assert page.locator(".result").count() == shown_count
    selected = page.locator('section.facet[data-facet="region"] a[aria-current="true"]')
    assert selected.count() == 1
    assert selected.locator(".facet-label").inner_text() == value_label

    # The filter shows as a chip; clicking the chip removes the filter.
    chip = page.locator(".chips a.chip")
    assert chip.count() == 1
    assert value_label in chip.inner_text()
    assert chip.get_attribute("aria-label") == f"Remove filter: Region: {value_label}"
    chip.click()
    page.wait_for_url(lambda url: "region=" not in url)
    assert (
        page.url.split("#")[0] == unfiltered_url
    )  # removing the filter comes back to the results (#filters)
    assert page.locator(".chips").count() == 0
    assert number(heading.inner_text()) == total

    # Switch the interface to French: the search is kept.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"lang=fr"))
    assert "q=migrants" in page.url
    assert page.locator("html[lang=fr]").count() == 1
    assert page.locator(".search-form button[type=submit]").inner_text() == "Rechercher"
    assert page.get_by_role("searchbox").input_value() == "migrants"
    assert number(heading.inner_text()) == total
    assert page.locator('.languages a[aria-current="true"]').inner_text() == "Français"
    french_results_url = page.url

    # Open a practice from the results: its heading is the title that was clicked.
    first = page.locator(".result-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/practices/"))
    assert page.locator("h1").inner_text() == title
    assert page.locator("html[lang=fr]").count() == 1

    # Back to the results, at the same address.
    page.go_back()
    page.wait_for_url(french_results_url)
    assert page.url == french_results_url
    assert number(page.locator("#results-title").inner_text()) == total
    assert page.locator(".result-title a").first.inner_text() == title


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, cls: el.className, text: (el.innerText || el.value || '').trim().slice(0, 40),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    visible: el.getBoundingClientRect().right > 0 && el.getBoundingClientRect().bottom > 0,
  };
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=migrants&lang=en",
        "/practices/maroc-regularisation-exceptionnelle",
    ],
)
def test_keyboard_focus_starts_at_skip_link_and_is_visible(page, path):
    page.goto(path)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert first["tag"] == "A" and "skip" in first["cls"], f"first Tab focused {first}"
    assert first["visible"], "the skip link stays off-screen when focused"
    states = [first]
    for _ in range(10):
        page.keyboard.press("Tab")
        states.append(page.evaluate(FOCUS_STATE))
    for state in states:
        assert state["outlineStyle"] != "none" and state["outlineWidth"] > 0, f"no visible focus: {state}"
    # The skip link moves focus to the main content.
    page.goto(path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const el = document.activeElement;
  let behind = el.parentElement, bg = null;
  while (behind) {
    const c = rgb(getComputedStyle(behind).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c; break; }
    behind = behind.parentElement;
  }
  bg = bg || [255, 255, 255];
  const [a, b] = [lum(rgb(getComputedStyle(el).outlineColor)), lum(bg)];
  return {text: (el.innerText || el.value || el.tagName).trim().slice(0, 30),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


def test_focus_outline_contrasts_with_what_is_behind_it(page):
    page.goto("/search?q=migrants&lang=en")
    low = []
    for _ in range(12):
        page.keyboard.press("Tab")
        state = page.evaluate(CONTRAST)
        if state["ratio"] < 3:
            low.append(state)
    assert not low, f"focus outlines under 3:1 against their background: {low}"


@pytest.mark.parametrize(
    "path", ["/", "/search?q=migrants&region=002&lang=en", "/practices/maroc-regularisation-exceptionnelle"]
)
def test_phone_width_has_no_horizontal_scroll(page, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], f"horizontal scroll at 375px on {path}: {widths}"
