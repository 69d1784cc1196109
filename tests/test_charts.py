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


# --- corridor charts -------------------------------------------------------------------------

from explainer import model  # noqa: E402
from explainer.corridors import Corridors, reported_for  # noqa: E402

CORRIDORS = Corridors.load()
OURS = CORRIDORS.table(
    model.Parameters.defaults(),
    [r for r in CORRIDORS.route_ids() if not r.startswith("kz-")],
)


def test_route_comparison_keeps_every_reported_figure_beside_ours():
    reported = reported_for(explainer.load_indicators())
    spec = charts.route_comparison_chart(OURS, reported).to_dict()
    (rows,) = spec["datasets"].values()
    assert sum(r["kind"] == charts.REPORTED for r in rows) == len(reported)
    assert sum(r["kind"] == charts.OURS for r in rows) == 2 * len(OURS)
    ours_days = {
        r["label"]: r["value"]
        for r in rows
        if r["kind"] == charts.OURS and r["metric"] == "transit_time"
    }
    assert ours_days == pytest.approx(
        dict(zip(OURS["name"], OURS["days"], strict=True))
    )
    (param,) = spec["params"]
    assert param["bind"] == "legend" and param["select"]["fields"] == ["kind"]
    assert len(spec["hconcat"]) == 2


def test_model_chart_has_a_slider_per_parameter_at_the_sourced_default():
    parameters = explainer.load_model_parameters()
    spec = charts.model_chart(OURS, parameters).to_dict()
    sliders = {p["name"]: p for p in spec["params"]}
    assert set(sliders) == set(parameters["parameter"])
    for row in parameters.itertuples():
        p = sliders[row.parameter]
        assert p["value"] == row.value
        assert (p["bind"]["input"], p["bind"]["min"], p["bind"]["max"]) == (
            "range",
            row.low,
            row.high,
        )


def test_model_chart_expression_is_the_model():
    spec = charts.model_chart(OURS, explainer.load_model_parameters()).to_dict()
    calcs = {t["as"]: t["calculate"] for t in spec["transform"] if "calculate" in t}
    for term, parameter, how in model.TERMS:
        op = "/" if how == "per" else "*"
        assert calcs[f"d_{term}"] == f"datum.{term} {op} {parameter}"
    # Evaluating the same expressions in Python gives the model's days.
    params = model.Parameters.defaults()
    for row in OURS.itertuples():
        total = sum(
            getattr(row, t) / getattr(params, p)
            if how == "per"
            else getattr(row, t) * getattr(params, p)
            for t, p, how in model.TERMS
        )
        assert total == pytest.approx(row.days)


def test_breakdown_chart_lists_each_step():
    table = CORRIDORS.breakdown("middle-black-sea", model.Parameters.defaults())
    spec = charts.breakdown_chart(table).to_dict()
    (rows,) = spec["datasets"].values()
    assert len(rows) == len(table)
    assert sum(r["days"] for r in rows) == pytest.approx(table["days"].sum())
    assert spec["encoding"]["color"]["scale"]["domain"][0] == "rail travel"


def test_figures_chart_marks_computed_rows_as_ours():
    indicators = explainer.load_indicators()
    rows = indicators[indicators["metric"] == "container_hub_capacity"].copy()
    extra = rows.iloc[:1].copy()
    extra["source_ids"] = [()]
    extra["reporter"] = "computed"
    import pandas as pd

    spec = charts.figures_chart(
        pd.concat([rows, extra]), title="t", x_title="x"
    ).to_dict()
    (data,) = spec["datasets"].values()
    kinds = [r["kind"] for r in data]
    assert kinds.count(charts.OURS) == 1 and kinds.count(charts.REPORTED) == len(rows)
    assert sorted(r["value"] for r in data[:-1]) == sorted(rows["value"])


def test_project_timeline_has_every_dated_step_and_a_status_filter():
    events = explainer.load_project_events()
    spec = charts.project_timeline_chart(events, explainer.load_projects()).to_dict()
    (data,) = spec["datasets"].values()
    assert len(data) == len(events)
    (param,) = spec["params"]
    assert param["bind"] == "legend" and param["select"]["fields"] == ["status_label"]
