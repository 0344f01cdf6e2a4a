"""Journeys in Chromium, in Spanish and French: switching language and an expired session
keep what was typed, a draft survives a reload, axe finds nothing serious on the form and
its error state, and a phone user (390 px) filters without scrolling past the results."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP
from tests.browser.test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}
TYPED = {
    "#title": "Programa de movilidad laboral",
    "#summary": "Un texto escrito con cuidado.",
    "#start_year": "2018",
}
WORDS = {
    "es": {"filters": "Filtros", "region": "Américas", "results": "prácticas", "expired": "Su sesión caducó"},
    "fr": {
        "filters": "Filtres",
        "region": "Amériques",
        "results": "pratiques",
        "expired": "Votre session a expiré",
    },
}


def new_page(browser, live_server, lang, viewport=DESKTOP):
    context = browser.new_context(base_url=live_server, viewport=viewport, locale=f"{lang}-{lang.upper()}")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def type_some(page) -> None:
    for selector, value in TYPED.items():
        page.fill(selector, value)
    page.check("#countries-SLV")
    page.check("#objectives-6")


def assert_typed(page) -> None:
    for selector, value in TYPED.items():
        assert page.input_value(selector) == value, selector
    assert page.is_checked("#countries-SLV") and page.is_checked("#objectives-6")


@pytest.mark.parametrize("lang, other", [("es", "fr"), ("fr", "es")])
def test_switching_language_mid_form_keeps_everything_typed(browser, live_server, lang, other):
    context, page = new_page(browser, live_server, lang)
    page.goto(f"/submit?lang={lang}")
    type_some(page)
    page.click(f'.languages button[value="{other}"]')
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == other
    assert_typed(page)
    context.close()


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_an_expired_session_keeps_everything_typed_and_sending_again_works(browser, live_server, lang):
    context, page = new_page(browser, live_server, lang)
    page.goto(f"/submit?lang={lang}")
    type_some(page)
    context.clear_cookies()  # the session (and its CSRF token) is gone, as after an hour
    page.click("button[value=send]")
    notice = page.locator("p.notice[role=alert]")
    assert notice.is_visible() and WORDS[lang]["expired"] in notice.inner_text()
    assert_typed(page)
    page.click("button[value=send]")  # a fresh token: now the form is checked, not refused
    assert page.locator("#error-summary").is_visible()
    assert not page.locator("p.notice[role=alert]").count()
    assert_typed(page)
    context.close()


def test_a_draft_survives_a_reload_and_can_be_discarded(browser, live_server):
    context, page = new_page(browser, live_server, "es")
    page.goto("/submit?lang=es")
    type_some(page)
    page.goto("/submit?lang=es")  # the same empty form, e.g. after a crash or a closed tab
    assert page.locator(".draft-note").is_visible()
    assert_typed(page)
    page.click(".draft-note button")
    page.wait_for_load_state("load")
    assert page.input_value("#title") == ""
    context.close()


def test_the_counter_shows_the_rule_instead_of_cutting_the_text(browser, live_server):
    context, page = new_page(browser, live_server, "fr")
    page.goto("/submit?lang=fr")
    page.fill("#summary", "x" * 650)
    assert page.input_value("#summary") == "x" * 650  # no silent cut at the limit
    counter = page.locator("#summary-counter")
    assert "650 caractères : 50 de trop (limite 600)" in counter.inner_text()
    context.close()


@pytest.mark.parametrize("lang", ["es", "fr"])
@pytest.mark.parametrize("state", ["empty", "errors"])
def test_no_serious_axe_violations_on_the_form(browser, live_server, lang, state):
    context, page = new_page(browser, live_server, lang)
    page.goto(f"/submit?lang={lang}")
    if state == "errors":
        page.fill("#title", "x")
        page.click("button[value=send]")
        assert page.locator("#error-summary").is_visible()
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, describe(blocking)
    context.close()


def overflow(page, width: int) -> list[str]:
    return page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed'
                         && e.closest('.checklist, .table-scroll, .nav') === null)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        width,
    )


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= PHONE_390["height"]


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_a_phone_user_filters_without_scrolling_past_the_results(browser, live_server, screenshots, lang):
    words = WORDS[lang]
    context, page = new_page(browser, live_server, lang, PHONE_390)
    page.goto(f"/search?lang={lang}")
    summary = page.locator("details.filters > summary")
    assert summary.is_visible() and summary.inner_text().startswith(words["filters"])
    assert in_view(page, "details.filters > summary") and in_view(page, "#results-title")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE_390["height"] / 4, header  # a compact header
    assert overflow(page, PHONE_390["width"]) == []
    page.screenshot(path=str(screenshots / f"phone-filters-{lang}-1-closed.png"))

    summary.click()
    region = page.locator('.facet[data-facet="region"] a', has_text=words["region"])
    assert region.is_visible()
    assert region.bounding_box()["height"] >= 44  # a tap target
    page.screenshot(path=str(screenshots / f"phone-filters-{lang}-2-open.png"))

    region.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#filters")
    assert in_view(page, "#results-title")  # back at the results, not at the top of the page
    assert words["results"] in page.locator("#results-title").inner_text()
    chip = page.locator(".chips .chip", has_text=words["region"])
    assert chip.count() == 1
    assert "(1 " in page.locator("details.filters > summary").inner_text()
    assert overflow(page, PHONE_390["width"]) == []
    page.screenshot(path=str(screenshots / f"phone-filters-{lang}-3-filtered.png"))
    for step in ("1-closed", "2-open", "3-filtered"):
        assert (screenshots / f"phone-filters-{lang}-{step}.png").stat().st_size > 5_000
    context.close()


@pytest.mark.parametrize(
    "lang, name, other", [("es", "El Salvador", "Afganistán"), ("fr", "Salvador", "Afghanistan")]
)
def test_the_country_list_filters_and_works_by_keyboard(browser, live_server, lang, name, other):
    context, page = new_page(browser, live_server, lang)
    page.goto(f"/submit?lang={lang}")
    page.fill("#field-countries .filter input", "salv")
    assert page.locator("#countries label", has_text=name).first.is_visible()
    assert not page.locator("#countries label", has_text=other).first.is_visible()
    page.focus("#countries-SLV")
    page.keyboard.press("Space")
    assert page.is_checked("#countries-SLV")
    context.close()
