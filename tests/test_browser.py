"""The built site in a real browser, offline: every page draws with no network.

Headless Chromium (Debian's ``chromium``, driven by Python playwright; never
``playwright install``) opens every page from ``file://`` with every http(s) request
blocked (the pages of all three editions), and checks that maps, charts and widget snapshots (outputs only) drew, that a legend click
changes a chart, and that no page logged a JavaScript error. Screenshots are kept in
``test-artifacts/``. Without chromium these tests skip, saying why.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer import paths
from explainer.site import publish
from explainer.site.editions import EDITIONS

from ._browser import TILES, Visit, drawn_maps, wait_for_charts

pytestmark = pytest.mark.browser

ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"
PAGES = publish.discover()
#: The pages of every edition (English, then ``ru/`` and ``kk/``).
EDITION_PAGES = [p for lang in EDITIONS for p in publish.discover(lang=lang)]


@pytest.mark.parametrize("page", EDITION_PAGES, ids=[p.key for p in EDITION_PAGES])
def test_page_draws_offline(browser, site, page):
    visit = Visit(browser, (site / page.site_href).as_uri())
    try:
        maps = drawn_maps(visit.page)
        charts = wait_for_charts(visit.page)
        ARTIFACTS.mkdir(exist_ok=True)
        shot = page.site_href.replace("/", "-").removesuffix(".html")
        visit.page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
        html = (site / page.site_href).read_text(encoding="utf-8")
        expected_maps = html.count("explainer-map")
        assert len(maps) == expected_maps
        for counts in maps:
            assert counts["base"] > 0, "the Natural Earth base layer drew"
            assert counts["paths"] > 0, "corridor lines and place markers drew"
            assert counts["legend"] == 1 and counts["layers"] == 1
        assert charts == html.count('class="explainer-chart"')
        marks = visit.page.locator(
            ".vega-embed svg .role-mark path, "
            ".vega-embed svg .role-mark line, "
            ".vega-embed svg .role-mark text"
        ).count()
        assert charts == 0 or marks > 0
        snapshots = visit.page.locator(".explainer-snapshot")
        for i in range(snapshots.count()):
            snap = snapshots.nth(i)
            # Only what works: outputs and a line on where it runs live.
            assert snap.locator("[disabled]").count() == 0
            assert snap.locator(".explainer-snapshot-note a").count() == 1
            assert snap.locator(".explainer-output > *").count() > 0
        assert not [u for u in visit.requests if not TILES.match(u)], visit.requests
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_index_links_every_page_and_draws_offline(browser, site):
    visit = Visit(browser, (site / "index.html").as_uri())
    try:
        hrefs = visit.page.eval_on_selector_all(
            ".explainer-card h2 a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert hrefs == [p.href for p in PAGES]
        for href in hrefs:
            assert (site / href).is_file()
        assert visit.page.locator("a.explainer-binder").count() == 1
        assert not visit.requests and not visit.errors
    finally:
        visit.close()


def legend_bound_chart(page):
    """The first chart whose legend toggles a selection, and its marks' opacities."""
    for i in range(page.locator(".vega-embed").count()):
        chart = page.locator(".vega-embed").nth(i)
        if chart.locator(".role-legend-symbol path").count() > 1:
            return chart
    return None


def opacities(chart) -> list[str]:
    return chart.locator(".role-mark path").evaluate_all(
        "els => els.map(e => e.getAttribute('opacity') || e.style.opacity || '1')"
    )


def poll(page, read, done, timeout_s: float = 5.0):
    """Read a value until ``done(value)`` holds or the time is up (no fixed sleep)."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while not done(value) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        value = read()
    return value


def test_legend_click_changes_the_chart(browser, site):
    visit = Visit(browser, (site / PAGES[0].href).as_uri())
    try:
        wait_for_charts(visit.page)
        chart = legend_bound_chart(visit.page)
        assert chart is not None, "the overview has a chart with a legend selection"
        before = opacities(chart)
        chart.locator(".role-legend-symbol path").first.click()
        after = poll(visit.page, lambda: opacities(chart), lambda v: v != before)
        assert before != after
        assert "0.2" in after or "0.15" in after
    finally:
        visit.close()


def test_model_sliders_recompute_in_the_page(browser, site):
    page = next(p for p in PAGES if p.name.startswith("02-"))
    visit = Visit(browser, (site / page.href).as_uri())
    try:
        wait_for_charts(visit.page)
        slider = visit.page.locator("input[name='caspian_wait_days']")
        chart = slider.locator("xpath=ancestor::div[contains(@class,'vega-embed')]")
        widths = "els => els.map(e => e.getBBox().width).reduce((a, b) => a + b, 0)"
        before = chart.locator(".role-mark path").evaluate_all(widths)
        slider.fill(slider.get_attribute("max"))
        slider.dispatch_event("input")
        after = poll(
            visit.page,
            lambda: chart.locator(".role-mark path").evaluate_all(widths),
            lambda v: v > before,
        )
        assert after > before
    finally:
        visit.close()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_reads_on_a_phone(browser, site, page):
    visit = Visit(browser, (site / page.href).as_uri(), width=390)
    try:
        drawn_maps(visit.page)
        wait_for_charts(visit.page)
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        visit.page.screenshot(path=str(ARTIFACTS / f"{Path(page.href).stem}-phone.png"))
        assert overflow <= 1, f"the page is {overflow}px wider than a phone screen"
        folded = [
            f.locator(".explainer-legend details[open]").count()
            for f in visit.page.frames[1:]
            if f.locator(".explainer-legend").count()
        ]
        assert not any(folded), "map legends start folded on a phone"
    finally:
        visit.close()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_headings_form_an_outline_and_figures_have_text(site, page):
    html = (site / page.href).read_text(encoding="utf-8")
    main = html[html.index('<main id="main">') : html.index("</main>")]
    levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels.count(1) == 1 and levels[0] == 1
    for previous, level in itertools.pairwise(levels):
        assert level <= previous + 1, (
            f"heading level jumps from h{previous} to h{level}"
        )
    figures = len(re.findall(r'<figure[^>]*class="explainer-figure"', main))
    alts = re.findall(r'<p[^>]*class="explainer-alt"[^>]*>([^<]+)</p>', main)
    assert figures == len(alts) > 0
    assert all(alt.strip() for alt in alts)
    for title in re.findall(r'<iframe title="([^"]*)"', main):
        assert title.strip()


def test_single_file_export_draws_offline(browser, tmp_path):
    """`jupyter nbconvert --to explainer --execute` writes one self-contained page."""
    notebook = PAGES[0].path
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "explainer",
        "--execute",
        str(notebook),
        "--output-dir",
        str(tmp_path),
        "--output",
        "single",
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    single = tmp_path / "single.html"
    html = single.read_text(encoding="utf-8")
    assert 'src="static/' not in html and 'href="static/' not in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
    # a single file keeps each figure's CSV inline, as a data: download link
    assert 'href="data:text/csv;charset=utf-8,' in html
    visit = Visit(browser, single.as_uri())
    try:
        assert drawn_maps(visit.page)
        assert wait_for_charts(visit.page) > 0
        assert not [u for u in visit.requests if not TILES.match(u)]
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_plain_nbconvert_still_produces_a_working_page(browser, tmp_path):
    """Stock `--to html --execute`: the maps draw even offline (Leaflet is inline)."""
    notebook = PAGES[0].path
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        str(notebook),
        "--output-dir",
        str(tmp_path),
        "--output",
        "plain",
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    visit = Visit(browser, (tmp_path / "plain.html").as_uri())
    try:
        assert drawn_maps(visit.page)
        assert wait_for_charts(visit.page) > 0
    finally:
        visit.close()
