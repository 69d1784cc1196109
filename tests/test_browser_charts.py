"""Every chart of every page of every edition in a real browser, on a phone (390 px)
and a laptop.

For each chart at 390 px (touch, device scale factor 2) and at 1280 px: every mark
has a non-zero size and lies inside the screen horizontally; every text is at
least 9 CSS px tall; no text is cut (no "…", its box inside the chart and the
screen); no text mark lies on another. A screenshot of each chart at both widths goes to
``test-artifacts/charts/[<lang>-]<page>-<chart id>-<width>.png``. The Russian and
Kazakh texts are longer than the English: a label that fits in English may be cut
in Kazakh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer import paths
from explainer.site import editions, publish

from ._browser import Visit, wait_for_charts

pytestmark = pytest.mark.browser

ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts" / "charts"
PAGES = [p for lang in editions.EDITIONS for p in publish.discover(lang=lang)]
WIDTHS = {"390": (390, True), "1280": (1280, False)}

#: The smallest text a reader should be asked to read, in CSS px.
MIN_TEXT_PX = 9

#: What the browser finds wrong with one drawn chart (a list of problems, each a
#: short string naming the element), measured in CSS px of the page.
MEASURE = """
(chart) => {
  const problems = [];
  const svg = chart.querySelector('svg');
  if (!svg) { return ['no svg']; }
  // What a reader sees of the chart: its svg, inside the chart's (scrolling) box.
  const drawn = svg.getBoundingClientRect(), frame = chart.getBoundingClientRect();
  const box = {left: Math.max(drawn.left, frame.left),
               right: Math.min(drawn.right, frame.right),
               top: drawn.top, bottom: drawn.bottom};
  const screen = document.documentElement.clientWidth;
  const inside = (r, left, right) => r.left >= left - 1 && r.right <= right + 1;
  let marks = 0;
  for (const group of svg.querySelectorAll('.role-mark')) {
    const kind = (group.getAttribute('class') || '').split(' ')[0];
    for (const item of group.children) {
      const r = item.getBoundingClientRect();
      marks += 1;
      // A rule or a line may be straight (one side 0); every other mark needs both.
      const straight = kind === 'mark-rule' || kind === 'mark-line';
      const empty = straight
        ? (r.width <= 0 && r.height <= 0) : (r.width <= 0 || r.height <= 0);
      if (empty && kind !== 'mark-text') {
        problems.push(`${kind} item ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`);
      }
      if (!inside(r, 0, screen)) {
        problems.push(`${kind} item outside the screen: ${r.left.toFixed(0)}..`
          + `${r.right.toFixed(0)} of 0..${screen}`);
      }
    }
  }
  if (marks === 0) { problems.push('no marks'); }
  for (const text of svg.querySelectorAll('text')) {
    const content = text.textContent.trim();
    if (!content) { continue; }
    const m = text.getScreenCTM();
    const scale = Math.hypot(m.a, m.b);
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < __MIN__) { problems.push(`text ${size.toFixed(1)} px: "${content}"`); }
    if (content.includes('…')) { problems.push(`text cut: "${content}"`); }
    const r = text.getBoundingClientRect();
    if (!inside(r, box.left, box.right) || r.top < box.top - 1
        || r.bottom > box.bottom + 1) {
      problems.push(`text outside the chart: "${content}"`);
    }
    if (!inside(r, 0, screen)) {
      problems.push(`text outside the screen: "${content}"`);
    }
  }
  // Texts (labels, values, axis labels) never lie on top of one another: each
  // shown line (a text or its tspans) against every other.
  const shown = t => t.textContent.trim() && getComputedStyle(t).opacity !== '0'
    && t.getAttribute('opacity') !== '0';
  const boxes = [...svg.querySelectorAll('.mark-text text')].filter(shown)
    .flatMap(t => {
      const parts = [...t.querySelectorAll('tspan')].filter(p => p.textContent.trim());
      return (parts.length ? parts : [t])
        .map(p => [p.textContent.trim(), p.getBoundingClientRect()]);
    });
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
    const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (w > 2 && h > 2) { problems.push(`texts overlap: "${a}" and "${b}"`); }
  }));
  return problems;
}
""".replace("__MIN__", str(MIN_TEXT_PX))


def chart_name(chart) -> str:
    """The id of the figure a chart belongs to (the chart's own id otherwise)."""
    return chart.evaluate(
        "el => (el.closest('figure[id]') || el.querySelector('[id]')).id"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES, ids=[p.site_href for p in PAGES])
def test_every_chart_reads_at_this_width(browser, site, page, width):
    pixels, touch = WIDTHS[width]
    visit = Visit(browser, (site / page.site_href).as_uri(), width=pixels, touch=touch)
    stem = Path(page.site_href).with_suffix("").as_posix().replace("/", "-")
    try:
        count = wait_for_charts(visit.page)
        charts = visit.page.locator(".explainer-chart")
        assert charts.count() == count
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        found = {}
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            name = chart_name(chart)
            chart.screenshot(path=str(ARTIFACTS / f"{stem}-{name}-{width}.png"))
            problems = chart.evaluate(MEASURE)
            if problems:
                found[name] = problems
        assert not found, found
        assert not visit.errors, visit.errors
    finally:
        visit.close()
