"""Colour scheme and print: every page dark, and every page as printed.

In dark mode (the browser's ``prefers-color-scheme: dark``) the page, its charts and
its maps must be dark with legible text (WCAG AA contrast, checked from the computed
colours and by axe-core); in print media the page must drop its chrome and code, open
its folds and show where links go. One screenshot of each page in each mode is kept in
``test-artifacts/dark/`` and ``test-artifacts/print/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer import paths
from explainer.site import publish
from explainer.views import dark, style

from ._browser import (
    Visit,
    axe_script,
    axe_violations,
    describe_violations,
    map_frames,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"
PAGES = [p.href for p in publish.discover()] + ["index.html"]


def hex_colour(css: str) -> str:
    """``rgb(r, g, b)`` (as ``getComputedStyle`` gives it) as ``#rrggbb``."""
    numbers = re.findall(r"[\d.]+", css)
    if css.startswith("#"):
        return css
    assert len(numbers) >= 3, css
    return "#" + "".join(f"{round(float(n)):02x}" for n in numbers[:3])


def is_dark(css: str) -> bool:
    """A background dark enough that it is closer to black than to white."""
    colour = hex_colour(css)
    return dark.contrast(colour, "#000000") < dark.contrast(colour, "#ffffff")


def test_the_dark_colours_are_legible():
    assert is_dark(dark.BACKGROUND)
    for colour in (dark.TEXT, dark.MUTED, dark.MAP["link"], dark.MAP["text"]):
        assert dark.contrast(colour, dark.BACKGROUND) >= 4.5, colour
    assert dark.contrast(dark.MAP["text"], dark.MAP["panel"]) >= 4.5
    assert dark.contrast(dark.MAP["sea_label"], dark.MAP["water"]) >= 4.5
    config = dark.VEGA_DARK
    assert config["background"] == dark.BACKGROUND
    for part in ("axis", "legend", "header"):
        assert dark.contrast(config[part]["labelColor"], dark.BACKGROUND) >= 4.5
    assert "#000000" not in [c.lower() for c in config["range"]["category"]]


@pytest.mark.parametrize("href", PAGES)
def test_dark_mode(browser, site, href):
    visit = Visit(browser, (site / href).as_uri(), width=1280, color_scheme="dark")
    try:
        page = visit.page
        frames = map_frames(page)
        wait_for_charts(page)
        body = page.evaluate(
            "(() => { var s = getComputedStyle(document.body); "
            "return [s.backgroundColor, s.color]; })()"
        )
        assert is_dark(body[0]), f"the body is not dark: {body[0]}"
        assert dark.contrast(hex_colour(body[1]), hex_colour(body[0])) >= 4.5, body
        links = page.eval_on_selector_all(
            "main a", "els => els.map(a => getComputedStyle(a).color)"
        )
        for colour in set(links):
            assert dark.contrast(hex_colour(colour), hex_colour(body[0])) >= 4.5
        charts = page.eval_on_selector_all(
            ".vega-embed svg.marks",
            "els => els.map(s => [getComputedStyle(s).backgroundColor, "
            "Array.from(s.querySelectorAll('.role-axis-label text, "
            ".role-legend-label text')).map(t => t.getAttribute('fill'))])",
        )
        for background, label_fills in charts:
            assert is_dark(background), f"a chart is drawn on {background}"
            for fill in set(label_fills):
                assert dark.contrast(hex_colour(fill), hex_colour(background)) >= 4.5
        # Colours the builders write into specs (text on the chart's background,
        # the palette's black in explicit scales) are made light too.
        written = page.eval_on_selector_all(
            ".vega-embed svg.marks",
            "els => els.flatMap(s => Array.from(s.querySelectorAll("
            "'.mark-text text, .role-legend-symbol path'))"
            ".map(t => (t.getAttribute('fill') || '').toLowerCase()))",
        )
        assert style.INK.lower() not in written, "dark ink left on a dark chart"
        assert "#000000" not in written and "black" not in written
        light = page.evaluate(
            """(() => Array.from(document.querySelectorAll('body *')).filter(e => {
              if (!e.getClientRects().length) { return false; }
              var c = (getComputedStyle(e).backgroundColor.match(/[\\d.]+/g) || [])
                .map(Number);
              return c.length >= 3 && (c.length < 4 || c[3] >= 0.5) &&
                c[0] + c[1] + c[2] > 3 * 128;
            }).map(e => e.tagName + '.' + e.className))()"""
        )
        assert not light, f"light backgrounds on a dark page: {light[:10]}"
        for frame in frames:
            colours = frame.evaluate(
                "(() => { var c = getComputedStyle; return {"
                "water: c(document.querySelector('.leaflet-container')).backgroundColor,"
                "land: c(document.querySelector('.leaflet-basemap-pane path')).fill,"
                "legend: c(document.querySelector('.explainer-legend')).backgroundColor,"
                "legendText: c(document.querySelector('.explainer-legend')).color}; })()"
            )
            assert is_dark(colours["water"]) and is_dark(colours["land"]), colours
            assert is_dark(colours["legend"]), colours
        violations = axe_violations(page, axe_script())
        assert not violations, describe_violations(violations)
        (ARTIFACTS / "dark").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / "dark" / f"{Path(href).stem}.png"), full_page=True
        )
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_the_scheme_needs_no_script(browser, site):
    """Dark with JavaScript off: the scheme is CSS alone, so it cannot flash on load."""
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    try:
        page = context.new_page()
        page.route("http*://**", lambda route: route.abort())
        for href in PAGES:
            page.goto((site / href).as_uri(), wait_until="domcontentloaded")
            colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert is_dark(colour), f"{href} is {colour} before any script"
    finally:
        context.close()


@pytest.mark.parametrize("href", PAGES)
def test_print_media(browser, site, href):
    visit = Visit(browser, (site / href).as_uri(), width=1000)
    try:
        page = visit.page
        map_frames(page)
        wait_for_charts(page)
        code = page.locator("details.explainer-code").count()
        page.emulate_media(media="print", color_scheme="dark")
        state = page.evaluate(
            """(() => {
            var shown = el => el.getClientRects().length > 0 &&
              getComputedStyle(el).visibility !== 'hidden';
            var all = s => Array.from(document.querySelectorAll(s));
            var folds = all('details').filter(d => shown(d));
            return {
              body: [getComputedStyle(document.body).backgroundColor,
                     getComputedStyle(document.body).color],
              chrome: all('nav, .explainer-skip, .explainer-header, .explainer-toc').filter(shown).length,
              code: all('details.explainer-code, .jp-CodeCell .jp-InputArea')
                .filter(shown).length,
              headings: all('h1, h2').filter(h => !shown(h)).map(h => h.textContent),
              folds: folds.length,
              closed: folds.filter(d => Array.from(d.children).some(
                c => c.tagName !== 'SUMMARY' && !shown(c))).length,
              links: all('main a[href^="http"]').map(a => [a.getAttribute('href'),
                getComputedStyle(a, '::after').content]),
              whole: all('figure.explainer-figure, .explainer-map, .explainer-chart')
                .map(e => getComputedStyle(e).breakInside),
            };
            })()"""
        )
        assert state["body"] == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], state["body"]
        assert state["chrome"] == 0, "navigation and skip links are not printed"
        assert state["code"] == 0, f"code is not printed (the page has {code} folds)"
        assert not state["headings"], f"headings not printed: {state['headings']}"
        assert state["closed"] == 0, f"{state['closed']} of {state['folds']} folds shut"
        for href_, after in state["links"]:
            assert href_ in after, f"the printed link {href_} does not show its address"
        assert set(state["whole"]) <= {"avoid"}, state["whole"]
        if href != "index.html":
            # Pages carry no code since the story-first layout (its absence is
            # tested in test_page.py); the fold and link checks must not be empty.
            assert state["folds"] > 0 and state["links"]
        (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / "print" / f"{Path(href).stem}.png"), full_page=True
        )
        assert not visit.errors, visit.errors
    finally:
        visit.close()
