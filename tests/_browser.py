"""Helpers shared by the browser tests: an offline page visit, and waits for drawing.

The Chromium itself is the session fixture ``browser`` of ``tests/conftest.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The only network use a page may attempt: optional map tiles (all blocked here).
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")


class Visit:
    """A page opened offline, with what it requested and logged."""

    def __init__(
        self,
        browser,
        url: str,
        width: int = 1100,
        *,
        touch: bool = False,
        color_scheme: str = "light",
    ) -> None:
        # touch: a phone (touch screen, device scale factor 2, mobile viewport).
        phone = {"device_scale_factor": 2, "has_touch": True, "is_mobile": True}
        self.context = browser.new_context(
            viewport={"width": width, "height": 844 if touch else 900},
            color_scheme=color_scheme,
            **(phone if touch else {}),
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._console)
        self.page.goto(url, wait_until="load")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://", "https://")):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def _console(self, message) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if "Failed to load resource" in message.text and where.startswith("http"):
            return  # a blocked request, checked through self.requests
        self.errors.append(f"console: {message.text} ({where})")

    def close(self) -> None:
        self.context.close()


def drawn_maps(page) -> list[dict[str, int]]:
    """For each map iframe: how many base-map, line and place paths Leaflet drew."""
    counts = []
    for frame in page.frames[1:]:
        if frame.locator(".leaflet-container").count() == 0:
            continue
        frame.wait_for_selector(
            ".leaflet-overlay-pane path", state="attached", timeout=10_000
        )
        counts.append(
            {
                "base": frame.locator(".leaflet-basemap-pane path").count(),
                "paths": frame.locator(".leaflet-overlay-pane path").count(),
                "legend": frame.locator(".explainer-legend").count(),
                "layers": frame.locator(".leaflet-control-layers").count(),
            }
        )
    return counts


def wait_for_charts(page) -> int:
    """Wait until every chart of the page has drawn its marks; how many there are.

    Every chart container counts, drawn yet or not: a page draws its first chart
    at once and the others after it (``explainer/charts.js``), so a chart not yet
    drawn must be waited for, not left out.
    """
    charts = page.locator(".explainer-chart")
    for i in range(charts.count()):
        charts.nth(i).locator(".vega-embed svg .role-mark").first.wait_for(
            state="attached", timeout=10_000
        )
    return charts.count()


#: The map object of a map iframe (folium names it ``map_<hash>``).
MAP = "Object.values(window).find(v => v instanceof L.Map)"


def map_frames(page) -> list:
    """The frames that hold a Leaflet map, once each has placed its labels."""
    frames = []
    for frame in page.frames[1:]:
        if frame.locator(".leaflet-container").count() == 0:
            continue
        frame.wait_for_function(
            f"(() => {{ var m = {MAP}; return m && !m._animatingZoom && "
            "document.querySelector('.explainer-place'); })()",
            timeout=10_000,
        )
        frames.append(frame)
    page.wait_for_timeout(200)  # the first fit and label placement (a timeout 0)
    return frames


def visible_labels(frame) -> list[str]:
    """The place labels a map shows without hover (not hidden by a clash)."""
    return frame.eval_on_selector_all(
        ".leaflet-tooltip.explainer-place",
        "els => els.filter(e => getComputedStyle(e).visibility !== 'hidden')"
        ".map(e => e.textContent)",
    )


def view(frame) -> dict:
    """The map's zoom and centre."""
    return frame.evaluate(
        f"(() => {{ var m = {MAP}, c = m.getCenter(); "
        "return {zoom: m.getZoom(), lat: c.lat, lng: c.lng}; })()"
    )


#: The axe-core rule sets the audit runs: WCAG 2.0 and 2.1, A and AA, and best practice.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: axe-core as npm installs it (``make test`` runs ``npm ci`` in tests/a11y first).
AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> str:
    """axe-core's script, or a clear error saying how to install it."""
    if not AXE.is_file():
        msg = f"{AXE} is missing: `make test` installs it (cd tests/a11y && npm ci)"
        raise FileNotFoundError(msg)
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:
    """What axe-core finds on the page, map iframes included.

    axe is injected into every frame (it audits a frame only where it runs) and may
    answer the top frame whatever the frames' origins (srcdoc maps on a file: page).
    """
    for frame in page.frames:
        frame.evaluate(axe_source)
        frame.evaluate("axe.configure({allowedOrigins: ['<unsafe_all_origins>']})")
    # preload: false, as axe cannot fetch a file: page's stylesheets (CORS) and would
    # log those failed requests as errors of the page.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations'], preload: false})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One line per violation (rule, impact, help) and one per element it found."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' >> '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)
