"""Altair builders and the theme, through chart.to_dict()."""

from __future__ import annotations

import altair as alt
import pytest

import explainer
from explainer import charts, style


def test_theme_is_registered_and_colour_blind_safe():
    assert charts.THEME in alt.theme.names()
    config = charts.theme()["config"]
    assert config["range"]["category"] == style.PALETTE
    assert set(style.PALETTE) <= set(style.OKABE_ITO.values())


def test_enable_theme_applies_it():
    charts.enable_theme()
    try:
        spec = alt.Chart().mark_point().to_dict()
        assert spec["config"]["range"]["category"] == style.PALETTE
    finally:
        alt.theme.enable("default")


@pytest.fixture(scope="module")
def titr():
    return charts.titr_volume_chart().to_dict()


def test_titr_chart_layers_and_legend_selection(titr):
    assert len(titr["layer"]) == 3
    (param,) = titr["params"]
    assert param["select"] == {"type": "point", "fields": ["series"]}
    assert param["bind"] == "legend"
    assert "selection" in str(
        titr["layer"][0]["encoding"]["opacity"]
    ) or "param" in str(titr["layer"][0]["encoding"]["opacity"])


def test_titr_chart_keeps_both_2022_figures(titr):
    (rows,) = titr["datasets"].values()
    cargo_2022 = [r for r in rows if r["year"] == 2022 and r["metric"] == "titr_cargo"]
    assert sorted(r["value"] for r in cargo_2022) == [1.5, 1.7]
    assert all(r["conflict"] for r in cargo_2022)
    assert all(r["source"] for r in rows)


def test_titr_chart_tooltips_name_the_source(titr):
    tooltip = titr["layer"][0]["encoding"]["tooltip"]
    assert {"field": "source", "type": "nominal", "title": "Source"} in tooltip
    assert any(t["field"] == "reporter" for t in tooltip)


def test_titr_chart_needs_its_metrics():
    indicators = explainer.load_indicators()
    with pytest.raises(ValueError, match="no rows of metric titr_cargo"):
        charts.titr_volume_chart(indicators[indicators["metric"] == "coal_output"])
