"""Maps and explorers in a real browser, on a phone (390 px, touch) and a laptop.

For every map on every page of every edition (the Russian and Kazakh names and
legends are longer than the English): a wheel over the map scrolls the page and leaves the
map's zoom alone; the "reset view" button restores the initial view; places are
labelled without hover. For every page: an explorer shown statically has no dead
(disabled) control and says where it runs live. Screenshots of every page and map
at both widths go to ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer import paths
from explainer.site import editions, publish

from ._browser import MAP, Visit, map_frames, view, visible_labels, wait_for_charts

pytestmark = pytest.mark.browser

ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"
PAGES = publish.discover()
#: Every page of every edition.
EDITION_PAGES = [p for lang in editions.EDITIONS for p in publish.discover(lang=lang)]
WIDTHS = {"390": (390, True), "1280": (1280, False)}


def wheel_scrolls_the_page(page, frame) -> None:
    """A wheel over the map moves the page, not the map's zoom."""
    element = frame.frame_element()
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    height = page.evaluate("window.innerHeight")
    top, bottom = max(box["y"], 0), min(box["y"] + box["height"], height)
    page.mouse.move(box["x"] + box["width"] / 2, (top + bottom) / 2)
    room = page.evaluate(
        "document.documentElement.scrollHeight - innerHeight - window.scrollY"
    )
    delta = 300 if room > 300 else -300
    before, zoom = page.evaluate("window.scrollY"), view(frame)["zoom"]
    page.mouse.wheel(0, delta)
    page.wait_for_timeout(400)
    assert page.evaluate("window.scrollY") != before, "the wheel scrolled the page"
    assert view(frame)["zoom"] == zoom, "the wheel left the map's zoom alone"


def settled_view(frame) -> dict:
    """The map's view once its first fit is over (the same twice, 300 ms apart).

    The behaviour's own fit (beside the legend) runs once the map's document has
    loaded, its shared scripts included, and marks the map's box
    ``data-explainer-fitted``: wait for that mark. Until then the map's first view
    (fitted without the legend's strip) can look settled for a while and be
    replaced later.
    """
    frame.wait_for_function(
        "document.querySelector('.leaflet-container[data-explainer-fitted]')"
    )
    last = view(frame)
    for _ in range(20):
        frame.page.wait_for_timeout(300)
        now = view(frame)
        if now == last:
            return now
        last = now
    return last


def reset_restores_the_view(frame) -> None:
    """Zoom and pan away, press "reset view": the initial view is back.

    The view is read in the same script that moves the map: a refit for a frame
    that changed size (a late scroll bar, say) can come at any time until the reader
    moves the map, so a view read earlier may already be out of date.
    """
    settled_view(frame)
    start = frame.evaluate(
        "(() => { var m = Object.values(window).find(v => v instanceof L.Map);"
        " var c = m.getCenter(), seen = {zoom: m.getZoom(), lat: c.lat, lng: c.lng};"
        " m.setZoom(m.getZoom() + 2, {animate: false});"
        " m.panBy([120, 60], {animate: false}); return seen; })()"
    )
    assert view(frame) != start
    frame.locator(".explainer-reset a").click()
    frame.page.wait_for_timeout(200)
    after = view(frame)
    assert after["zoom"] == start["zoom"]
    # The same centre, to the pixel (Leaflet rounds pans to whole pixels).
    pixel = 360 / (256 * 2 ** start["zoom"])
    assert after["lat"] == pytest.approx(start["lat"], abs=1.5 * pixel)
    assert after["lng"] == pytest.approx(start["lng"], abs=1.5 * pixel)


#: Every line, dot and shown text of a map: its box, and the text's font size.
MAP_MARKS = """() => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom,
    width: r.width, height: r.height});
  // Shown: laid out, visible, and not inside a closed fold (its summary aside).
  const shown = e => e.getClientRects().length > 0 &&
    getComputedStyle(e).visibility !== 'hidden' &&
    !(e.tagName !== 'SUMMARY' && e.closest('details:not([open])'));
  const frame = box(document.querySelector('.leaflet-container').getBoundingClientRect());
  const marks = Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))
    .filter(e => e.getAttribute('d') && e.getAttribute('d') !== 'M0 0')
    .map(e => box(e.getBoundingClientRect()));
  const texts = Array.from(document.querySelectorAll(
      '.leaflet-tooltip.explainer-place, .leaflet-tooltip.explainer-label, ' +
      '.explainer-legend summary, .explainer-legend details > div, ' +
      '.explainer-legend details > b, .leaflet-control-attribution'))
    .filter(shown)
    .map(e => {
      const r = e.getBoundingClientRect();
      // A legend too tall for the map scrolls: what lies below its fold is hidden.
      const legend = e.closest('.explainer-legend');
      const fold = legend && legend.getBoundingClientRect();
      return Object.assign(box(r), {
        text: e.textContent.trim(), size: parseFloat(getComputedStyle(e).fontSize),
        cut: e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible',
        hidden: !!fold && (r.bottom > fold.bottom + 1 || r.top < fold.top - 1)});
    });
  return {frame, marks, texts};
}"""


def legible_and_inside(frame) -> None:
    """A map's marks have a size and some lie in the frame; its texts are >= 9 px,
    inside the frame, not cut and not hidden in a legend that scrolls."""
    found = frame.evaluate(MAP_MARKS)
    edge = found["frame"]
    marks = found["marks"]
    assert marks, "the map drew no line or dot"
    assert all(m["width"] > 0 or m["height"] > 0 for m in marks), "a mark of size 0"
    inside = [
        m
        for m in marks
        if m["right"] > edge["left"]
        and m["left"] < edge["right"]
        and m["bottom"] > edge["top"]
        and m["top"] < edge["bottom"]
    ]
    assert inside, "no mark inside the map's frame"
    for t in found["texts"]:
        assert t["size"] >= 9, f"{t['text']!r} is {t['size']} px"
        assert not t["cut"], f"{t['text']!r} is cut"
        assert not t["hidden"], f"{t['text']!r} is hidden below the legend's fold"
        assert (
            t["left"] >= edge["left"] - 1
            and t["right"] <= edge["right"] + 1
            and t["top"] >= edge["top"] - 1
            and t["bottom"] <= edge["bottom"] + 1
        ), f"{t['text']!r} runs out of the map"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "page", EDITION_PAGES, ids=[p.site_href for p in EDITION_PAGES]
)
def test_maps_and_explorers_behave(browser, site, page, width):
    pixels, touch = WIDTHS[width]
    visit = Visit(browser, (site / page.site_href).as_uri(), width=pixels, touch=touch)
    stem = Path(page.site_href).with_suffix("").as_posix().replace("/", "-")
    try:
        frames = map_frames(visit.page)
        wait_for_charts(visit.page)
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(
            path=str(ARTIFACTS / f"{stem}-{width}.png"), full_page=True
        )
        for i, frame in enumerate(frames):
            frame.frame_element().scroll_into_view_if_needed()
            frame.frame_element().screenshot(
                path=str(ARTIFACTS / f"{stem}-map{i + 1}-{width}.png")
            )
            assert visible_labels(frame), "places are labelled without hover"
            legible_and_inside(frame)
            wheel_scrolls_the_page(visit.page, frame)
            reset_restores_the_view(frame)
        dead = visit.page.locator("select[disabled], input[disabled], button[disabled]")
        assert dead.count() == 0, "no disabled control on a static page"
        snapshots = visit.page.locator(".explainer-snapshot")
        for i in range(snapshots.count()):
            note = snapshots.nth(i).locator(".explainer-snapshot-note")
            if page.lang == "en":  # the editions' words are their catalogues'
                assert "runs live in JupyterLab or" in note.inner_text()
            assert "JupyterLab" in note.inner_text()
            assert "mybinder.org" in note.locator("a").get_attribute("href")
            assert snapshots.nth(i).locator(".explainer-output > *").count() > 0
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_project_map_names_the_places_of_its_page(browser, site, width):
    page = next(p for p in PAGES if p.name.startswith("03-"))
    px, touch = WIDTHS[width]
    visit = Visit(browser, (site / page.href).as_uri(), width=px, touch=touch)
    try:
        (frame,) = map_frames(visit.page)
        labels = visible_labels(frame)
        for name in ("Beineu", "Sekseuil", "Aktobe", "Atyrau", "Aktau"):
            assert name in labels, (width, labels)
    finally:
        visit.close()


def test_a_click_into_the_map_turns_wheel_zoom_on_until_the_pointer_leaves(
    browser, site
):
    visit = Visit(browser, (site / PAGES[0].href).as_uri(), width=1280)
    try:
        (frame,) = map_frames(visit.page)
        enabled = (
            "Object.values(window).find(v => v instanceof L.Map)"
            ".scrollWheelZoom.enabled()"
        )
        assert not frame.evaluate(enabled)
        frame.locator(".leaflet-container").click(position={"x": 700, "y": 200})
        assert frame.evaluate(enabled)
        zoom = view(frame)["zoom"]
        visit.page.mouse.wheel(0, -300)
        visit.page.wait_for_timeout(600)
        assert view(frame)["zoom"] > zoom, "after a click the wheel zooms the map"
        visit.page.mouse.move(1, 1)  # out of the map
        assert not frame.evaluate(enabled)
    finally:
        visit.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", editions.EDITIONS)
def test_popups_stay_inside_the_map(browser, site, lang, width):
    """Every popup of the partner map (the longest) opens inside the frame."""
    pixels, touch = WIDTHS[width]
    page = next(p for p in publish.discover(lang=lang) if p.name.startswith("04-"))
    visit = Visit(browser, (site / page.site_href).as_uri(), width=pixels, touch=touch)
    try:
        frame = map_frames(visit.page)[0]
        outside = frame.evaluate(
            """async () => {
              var m = Object.values(window).find(v => v instanceof L.Map);
              var box = m.getContainer().getBoundingClientRect(), bad = [];
              var layers = [];
              m.eachLayer(l => { if (l.getPopup && l.getPopup() && l.getLatLng) layers.push(l); });
              for (var l of layers) {
                l.openPopup();
                // Wait until the popup stops moving (Leaflet pans the map to fit it;
                // under load that pan takes longer than any fixed wait).
                var r = null, last = '';
                for (var i = 0; i < 60; i++) {
                  await new Promise(res => setTimeout(res, 60));
                  r = document.querySelector('.leaflet-popup').getBoundingClientRect();
                  var now = [r.left, r.top, r.right, r.bottom].join();
                  var panning = m._panAnim && m._panAnim._inProgress;
                  if (now === last && !panning) break;
                  last = now;
                }
                if (r.left < box.left - 1 || r.right > box.right + 1 ||
                    r.top < box.top - 1 || r.bottom > box.bottom + 1) {
                  bad.push([r.left, r.top, r.right, r.bottom]);
                }
                m.closePopup();
              }
              return {count: layers.length, bad: bad};
            }"""
        )
        assert outside["count"] > 5
        assert not outside["bad"], outside
    finally:
        visit.close()


def test_every_map_loads_the_shared_base_map_and_every_chart_is_vega(browser, site):
    """The site writes the base map and Vega once, to static/; pages only link them.

    No page inlines the base-map geometry or a Leaflet or base-map ``data:`` URI;
    every map's document loads ``static/basemap.js`` and draws its shapes from it,
    and ``static/behaviour.js``; the corridor maps draw their lines and places from
    ``static/network.js``; every chart's spec is Vega, drawn by the site's Vega alone.
    """
    from explainer.views import assets
    from explainer.views.maps import behaviour, network

    shared = {name: (site / "static" / name) for name in assets.static_files()}
    assert all(path.is_file() for path in shared.values()), shared
    assert shared["basemap.js"].read_text(encoding="utf-8") == assets.basemap_js()
    assert shared["network.js"].read_text(encoding="utf-8") == network.default_js()
    maps_seen = networks_seen = 0
    for page in PAGES:
        html = (site / page.href).read_text(encoding="utf-8")
        assert "MultiPolygon" not in html and "FeatureCollection" not in html
        assert assets.basemap_uri() not in html and assets.leaflet_js_uri() not in html
        assert network.default_uri() not in html
        assert behaviour.behaviour_uri() not in html
        assert "/schema/vega-lite/" not in html
        visit = Visit(browser, (site / page.href).as_uri(), width=1280)
        try:
            charts = wait_for_charts(visit.page)
            assert charts == html.count('class="explainer-chart"')
            for frame in map_frames(visit.page):
                maps_seen += 1
                src = frame.eval_on_selector_all(
                    "script[src]", "els => els.map(e => e.getAttribute('src'))"
                )
                assert "static/basemap.js" in src and "static/leaflet.js" in src
                assert "static/behaviour.js" in src
                assert frame.evaluate("typeof explainerBasemap.add") == "function"
                assert frame.locator(".leaflet-basemap-pane path").count() > 0
                assert frame.locator(".explainer-reset").count() == 1
                if "static/network.js" in src:
                    # the corridor lines and places, drawn from the shared file
                    networks_seen += 1
                    assert frame.locator(".leaflet-overlay-pane path").count() > 5
            assert not visit.errors, visit.errors
        finally:
            visit.close()
    assert maps_seen >= len(PAGES) - 1  # every page but the reforms has a map
    assert networks_seen >= 3  # the overview's map and page 02's two


def placements(frame) -> int:
    """How many times the map has placed its labels (its box's count)."""
    return int(
        frame.locator(".leaflet-container").get_attribute("data-explainer-placed")
    )


def test_labels_are_placed_once_for_all_the_events_of_a_change(browser, site):
    # Placing reads the layout of each label on each side it tries: a fit fires
    # zoomend, moveend and moveend again, and each placed the labels once more.
    page = next(p for p in PAGES if p.name.startswith("02-"))
    visit = Visit(browser, (site / page.href).as_uri(), width=1280)
    try:
        frames = map_frames(visit.page)
        assert len(frames) == 2
        for frame in frames:
            settled_view(frame)
            # The view the map opened with, then its fit beside the legend.
            assert placements(frame) <= 2
            before = placements(frame)
            frame.evaluate(f"{MAP}.setZoom({MAP}.getZoom() + 1, {{animate: false}})")
            visit.page.wait_for_timeout(300)
            assert placements(frame) == before + 1
            assert visible_labels(frame), "the labels were placed for the new view"
    finally:
        visit.close()
