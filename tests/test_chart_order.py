"""When a page draws its charts (``site/templates/explainer/charts.js``).

A page draws its first chart at once, as it is read; the others once it is read:
those in or near the window first, then the rest one per idle moment. So every chart
is drawn after load without scrolling; a chart far down is drawn when the reader
scrolls to it even if the page never goes idle; printing draws every chart at once.
"Never idle" is a real browser whose ``requestIdleCallback`` never calls back.
"""

from __future__ import annotations

import pytest

from ._browser import wait_for_charts

pytestmark = pytest.mark.browser

#: A page with many charts, the last far below the first window.
PAGE = "02-middle-corridor.html"
#: A page never idle: idle callbacks are accepted and never called.
NEVER_IDLE = "window.requestIdleCallback = function () { return 1; };"
DRAWN = "el => !!el.querySelector('.vega-embed svg .role-mark')"


def open_page(browser, url: str, *, never_idle: bool = False):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.route(
        "**/*",
        lambda r: r.abort() if r.request.url.startswith("http") else r.continue_(),
    )
    if never_idle:
        context.add_init_script(NEVER_IDLE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    return context, page, errors


def drawn(page) -> list[bool]:
    return page.eval_on_selector_all(".explainer-chart", f"els => els.map({DRAWN})")


def test_every_chart_is_drawn_after_load_without_scrolling(browser, site):
    context, page, errors = open_page(browser, (site / PAGE).as_uri())
    try:
        count = wait_for_charts(page)
        assert count == (site / PAGE).read_text().count('class="explainer-chart"')
        assert count >= 5, "the page should have charts far below the first window"
        assert all(drawn(page))
        assert page.evaluate("scrollY") == 0, "nothing scrolled the page"
        assert not errors, errors
    finally:
        context.close()


def test_a_busy_page_draws_the_first_chart_then_those_the_reader_reaches(browser, site):
    context, page, errors = open_page(browser, (site / PAGE).as_uri(), never_idle=True)
    try:
        charts = page.locator(".explainer-chart")
        charts.first.locator(".vega-embed svg .role-mark").first.wait_for(
            state="attached", timeout=10_000
        )
        page.wait_for_timeout(1500)  # time enough for any chart due in a task
        state = drawn(page)
        assert state[0], "the first chart is drawn at once"
        assert not state[-1], "a chart far below waits for an idle moment"
        last = charts.nth(charts.count() - 1)
        last.scroll_into_view_if_needed()
        last.locator(".vega-embed svg .role-mark").first.wait_for(
            state="attached", timeout=10_000
        )
        assert not errors, errors
    finally:
        context.close()


def test_printing_draws_every_chart_at_once(browser, site):
    context, page, errors = open_page(browser, (site / PAGE).as_uri(), never_idle=True)
    try:
        page.locator(".explainer-chart .vega-embed svg .role-mark").first.wait_for(
            state="attached", timeout=10_000
        )
        page.wait_for_timeout(1500)
        assert not all(drawn(page)), "some charts wait (else this test tests nothing)"
        page.emulate_media(media="print")
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('.explainer-chart'))"
            f".every({DRAWN})",
            timeout=10_000,
        )
        assert page.evaluate("scrollY") == 0
        assert not errors, errors
    finally:
        context.close()


def test_vega_and_leaflet_ask_to_be_compiled_as_they_load(site):
    from explainer.site import publish
    from explainer.views import assets

    assert publish.COMPILE_HINT == "//# allFunctionsCalledOnLoad\n"
    files = assets.static_files()
    for name in publish.EAGER_SCRIPTS:
        text = (site / "static" / name).read_text(encoding="utf-8")
        assert text == publish.COMPILE_HINT + files[name], name
