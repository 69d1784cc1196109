"""Shareable state: a figure's sliders and menus live in the URL fragment.

``#<figure id>?<control>=<value>&...`` opened in a fresh page sets the controls,
redraws the chart and scrolls to the figure; moving a control writes the fragment;
values the control cannot take are ignored. Checked on the built site, for every
figure with controls on every page.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from explainer.site import publish

from ._browser import Visit, wait_for_charts

PAGES = publish.discover()

CONTROLS = """() => Array.from(document.querySelectorAll('figure[id]'))
  .filter(f => f.querySelector('.vega-bindings input[type=range], .vega-bindings select'))
  .map(f => ({id: f.id, controls: Array.from(
    f.querySelectorAll('.vega-bindings input[type=range], .vega-bindings select'))
    .map(i => ({name: i.name, value: i.value, min: i.min, max: i.max,
      options: i.options ? Array.from(i.options).map(o => o.value) : null}))}))"""

STATE = """(id) => {
  const f = document.getElementById(id);
  return {
    values: Object.fromEntries(Array.from(
      f.querySelectorAll('.vega-bindings input[type=range], .vega-bindings select'))
      .map(i => [i.name, i.value])),
    drawing: f.querySelector('svg').innerHTML,
    top: f.getBoundingClientRect().top / innerHeight,
  };
}"""


def _open(browser, url: str) -> Visit:
    visit = Visit(browser, url, width=1280)
    wait_for_charts(visit.page)
    visit.page.wait_for_timeout(400)
    return visit


def _other_value(control: dict) -> str:
    """A value the control can take that is not its default."""
    if control["options"]:
        return next(o for o in control["options"] if o != control["value"])
    return control["min"] if control["value"] != control["min"] else control["max"]


def _figures(browser, url: str) -> list[dict]:
    visit = _open(browser, url)
    try:
        return visit.page.evaluate(CONTROLS)
    finally:
        visit.close()


def test_the_pages_have_figures_with_controls(browser, site):
    found = {
        page.name: [f["id"] for f in _figures(browser, (site / page.href).as_uri())]
        for page in PAGES
    }
    # The model's sliders (02), the timeline's menu and slider (01), the partner
    # matrix's year (04): the state worth sharing.
    assert found["02-middle-corridor.ipynb"] and found["01-reforms.ipynb"]
    assert found["04-partners.ipynb"], found


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_state_fragment_restores_the_view(browser, site, page):
    url = (site / page.href).as_uri()
    for figure in _figures(browser, url):
        ident, controls = figure["id"], figure["controls"]
        default = _open(browser, f"{url}#{ident}")
        try:
            before = default.page.evaluate(STATE, ident)
        finally:
            default.close()
        wanted = {c["name"]: _other_value(c) for c in controls}
        query = "&".join(f"{quote(k)}={quote(v)}" for k, v in wanted.items())
        visit = _open(browser, f"{url}#{ident}?{query}")
        try:
            after = visit.page.evaluate(STATE, ident)
            assert after["values"] == wanted, (ident, after["values"])
            assert after["drawing"] != before["drawing"], f"{ident} was not redrawn"
            # At the top of the window, or as near as the page can scroll.
            assert -0.01 < after["top"] < 0.5, f"{ident} is not scrolled into view"
            assert not visit.errors, visit.errors
        finally:
            visit.close()


def test_moving_a_control_writes_the_fragment_and_it_round_trips(browser, site):
    url = (site / "02-middle-corridor.html").as_uri()
    (figure,) = [f for f in _figures(browser, url) if f["id"] == "transit-time-model"]
    control = figure["controls"][0]
    visit = _open(browser, f"{url}#transit-time-model")
    try:
        visit.page.evaluate(
            """([id, name, value]) => {
              const i = document.querySelector(`#${id} input[name="${name}"]`);
              i.value = value;
              i.dispatchEvent(new Event('input', {bubbles: true}));
            }""",
            ["transit-time-model", control["name"], control["min"]],
        )
        visit.page.wait_for_timeout(300)
        fragment = visit.page.evaluate("location.hash")
        shown = visit.page.evaluate(STATE, "transit-time-model")
    finally:
        visit.close()
    assert fragment.startswith("#transit-time-model?")
    assert f"{control['name']}={control['min']}" in fragment
    again = _open(browser, f"{url}{fragment}")
    try:
        restored = again.page.evaluate(STATE, "transit-time-model")
    finally:
        again.close()
    assert restored["values"] == shown["values"]
    assert restored["drawing"] == shown["drawing"]


def test_values_a_control_cannot_take_are_ignored(browser, site):
    url = (site / "02-middle-corridor.html").as_uri()
    (figure,) = [f for f in _figures(browser, url) if f["id"] == "transit-time-model"]
    control = figure["controls"][0]
    too_big = float(control["max"]) * 100
    visit = _open(
        browser,
        f"{url}#transit-time-model?{control['name']}={too_big}"
        f"&{control['name']}x=1&other=%3Cscript%3E",
    )
    try:
        state = visit.page.evaluate(STATE, "transit-time-model")
        assert state["values"][control["name"]] == control["value"]
        assert not visit.errors, visit.errors
    finally:
        visit.close()
