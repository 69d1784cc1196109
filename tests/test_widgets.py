"""Explorers: setting a control's value updates its outputs."""

from __future__ import annotations

import ipywidgets as widgets

import explainer
from explainer.widgets import mimebundle, show_in


def test_show_in_replaces_the_output_in_one_update():
    out = widgets.Output()
    seen = []
    out.observe(lambda change: seen.append(change["new"]), names="outputs")
    show_in(out, "<b>a</b>", "<i>b</i>")
    assert [o["data"]["text/html"] for o in out.outputs] == ["<b>a</b>", "<i>b</i>"]
    show_in(out, "<b>c</b>")
    assert len(seen) == 2
    assert out.outputs[0]["data"] == {"text/html": "<b>c</b>"}


def test_mimebundle_of_objects():
    class Thing:
        def _repr_html_(self):
            return "<p>thing</p>"

    assert mimebundle(Thing())["text/html"] == "<p>thing</p>"
    assert mimebundle(3) == {"text/plain": "3"}


# --- the corridor explorer ------------------------------------------------------------------

import pytest  # noqa: E402

from explainer import corridor_explorer  # noqa: E402


@pytest.fixture(scope="module")
def explorer():
    return corridor_explorer()


def html_of(output):
    return output.outputs[0]["data"]["text/html"]


def test_explorer_starts_with_outputs(explorer):
    assert "Modelled:" in explorer.summary.value
    assert "<iframe" in html_of(explorer.map_out)
    assert "vegaEmbed" in html_of(explorer.chart_out)


def test_moving_a_slider_updates_total_and_breakdown(explorer):
    before_summary, before_chart = explorer.summary.value, html_of(explorer.chart_out)
    wait = explorer.sliders["caspian_wait_days"]
    days_before = explorer._corridors.days(explorer.route.value, explorer.parameters())
    wait.value = wait.value + 2
    days_after = explorer._corridors.days(explorer.route.value, explorer.parameters())
    assert days_after == pytest.approx(days_before + 2)
    assert explorer.summary.value != before_summary
    assert f"Modelled: {days_after:.1f} days" in explorer.summary.value
    assert html_of(explorer.chart_out) != before_chart
    explorer._on_reset()


def test_picking_a_route_redraws_the_map(explorer):
    before = html_of(explorer.map_out)
    explorer.route.value = "northern"
    assert html_of(explorer.map_out) != before
    assert (
        "Northern route" in explorer.summary.value
        or "northern" in explorer.summary.value.lower()
    )
    explorer.route.value = explorer.route.options[0][1]


def test_reset_restores_the_sourced_defaults(explorer):
    table = explainer.load_model_parameters().set_index("parameter")
    explorer.sliders["rail_speed_km_per_day"].value = 500
    explorer.reset.click()
    assert (
        explorer.sliders["rail_speed_km_per_day"].value
        == table.loc["rail_speed_km_per_day", "value"]
    )
