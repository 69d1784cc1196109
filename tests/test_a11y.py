"""The accessibility audit: axe-core on every page of the built site, and the keyboard.

axe-core comes from npm (``tests/a11y/package.json``, pinned by its lock file; the
Makefile runs ``npm ci`` there before the tests). It is injected into every page and
into each map's iframe, and must find no violation of WCAG 2.0/2.1 A and AA or of the
best-practice rules, on every page of the three editions, on a desktop (1280 px) and
on a phone (390 px), as the page loads and with every fold (code, data tables,
citations, legends) open.

Then the keyboard alone: a map's layer switch and a chart's legend selection.
"""

from __future__ import annotations

import pytest

from explainer.site import publish
from explainer.site.editions import EDITIONS

from ._browser import (
    Visit,
    axe_script,
    axe_violations,
    describe_violations,
    map_frames,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

PAGES = [
    f"{'' if lang == 'en' else lang + '/'}{href}"
    for lang in EDITIONS
    for href in [p.href for p in publish.discover(lang=lang)] + ["index.html"]
]
#: Desktop and phone as loaded; desktop again with every <details> opened.
CASES = [(1280, "as loaded"), (390, "as loaded"), (1280, "folds open")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe_script()


def _ready(visit: Visit) -> None:
    """Wait until the maps placed their labels and the charts drew."""
    map_frames(visit.page)
    wait_for_charts(visit.page)


@pytest.mark.parametrize(("width", "state"), CASES, ids=[f"{w}-{s}" for w, s in CASES])
@pytest.mark.parametrize("href", PAGES)
def test_axe_finds_no_violation(browser, site, axe_source, href, width, state):
    visit = Visit(browser, (site / href).as_uri(), width=width, touch=width < 600)
    try:
        _ready(visit)
        if state == "folds open":
            for frame in visit.page.frames:
                frame.evaluate(
                    "document.querySelectorAll('details').forEach(d => d.open = true)"
                )
            visit.page.wait_for_timeout(200)
        violations = axe_violations(visit.page, axe_source)
        assert not violations, (
            f"{href} at {width} px ({state}): {len(violations)} axe rule(s) "
            f"violated\n{describe_violations(violations)}"
        )
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def _tab_to(page, frame, selector: str, limit: int = 400) -> None:
    """Press Tab until the focus is on ``selector`` in ``frame`` (or fail)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate(
            "s => document.hasFocus() && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} was not reached with Tab in {limit} presses")


def test_a_map_layer_switches_with_the_keyboard(browser, site):
    page_ = next(p for p in publish.discover() if p.name.startswith("02-"))
    visit = Visit(browser, (site / page_.href).as_uri(), width=1280)
    try:
        frame = map_frames(visit.page)[0]
        page = visit.page
        paths_now = "document.querySelectorAll('.leaflet-overlay-pane path').length"
        before = frame.evaluate(paths_now)
        # Tab from the top of the page into the map, to the layer switch; Enter opens it.
        _tab_to(page, frame, ".leaflet-control-layers-toggle")
        page.keyboard.press("Enter")
        assert frame.locator(".leaflet-control-layers-expanded").count() == 1
        # Tab goes through the layers' checkboxes (past the optional tiles, which
        # draw nothing offline) to the first layer of lines; Space turns it off.
        box = "document.activeElement"
        name = "OpenStreetMap tiles"
        while "tiles" in name:
            page.keyboard.press("Tab")
            assert frame.evaluate(f"{box}.matches('.leaflet-control-layers input')")
            name = frame.evaluate(f"{box}.parentElement.textContent.trim()")
        assert frame.evaluate(f"{box}.checked")
        page.keyboard.press("Space")
        assert not frame.evaluate(f"{box}.checked")
        hidden = frame.evaluate(paths_now)
        assert hidden < before, f"turning off {name!r} removed no line"
        page.keyboard.press("Space")
        assert frame.evaluate(paths_now) == before, f"{name!r} came back whole"
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_a_chart_selection_changes_with_the_keyboard(browser, site):
    page_ = next(p for p in publish.discover() if p.name.startswith("02-"))
    visit = Visit(browser, (site / page_.href).as_uri(), width=1280)
    try:
        page = visit.page
        wait_for_charts(page)
        # The first chart with a legend selection: its legend entries take Tab, and
        # Enter or Space selects one (the others' marks fade).
        entry = page.locator(".vega-embed [data-explainer-legend-entry]").first
        chart = entry.locator("xpath=ancestor::div[contains(@class,'vega-embed')]")
        opacities = (
            "el => Array.from(el.querySelectorAll('.role-mark path, .role-mark line'))"
            ".map(p => getComputedStyle(p).opacity || p.getAttribute('opacity'))"
            ".join()"
        )
        before = chart.evaluate(opacities)
        main = page.main_frame
        _tab_to(page, main, "[data-explainer-legend-entry]")
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        selected = chart.evaluate(opacities)
        assert selected != before, (
            f"Enter on the legend entry {label!r} changed nothing"
        )
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        assert chart.evaluate(opacities) == before, "Escape clears the selection"
        assert not visit.errors, visit.errors
    finally:
        visit.close()
