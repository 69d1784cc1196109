"""Static snapshots of stored widgets."""

from __future__ import annotations

import nbformat

from explainer.site.pages import binder_url
from explainer.site.snapshot import (
    WIDGET_STATE,
    WIDGET_VIEW,
    SnapshotRenderer,
    WidgetSnapshotPreprocessor,
    figure_keys,
)
from explainer.views import charts, maps
from explainer.views.figure import chart_html, map_html

CONTROLS = ("<select", "<input", "<button", "disabled")


def model(name, **state):
    return {
        "model_name": name,
        "model_module": "@jupyter-widgets/controls",
        "state": state,
    }


STATE = {
    "version_major": 2,
    "version_minor": 0,
    "state": {
        "box": model(
            "VBoxModel",
            children=[
                "IPY_MODEL_dd",
                "IPY_MODEL_sl",
                "IPY_MODEL_out",
                "IPY_MODEL_hidden",
            ],
        ),
        "dd": model(
            "DropdownModel",
            description="Route",
            _options_labels=["A <1>", "B"],
            index=1,
        ),
        "sl": model(
            "FloatSliderModel",
            description="Speed",
            value=900.0,
            min=400,
            max=1500,
            step=50,
        ),
        "out": model(
            "OutputModel",
            outputs=[
                {
                    "output_type": "display_data",
                    "data": {"text/html": "<b>map</b>"},
                    "metadata": {},
                },
                {"output_type": "stream", "name": "stdout", "text": "1 < 2"},
            ],
        ),
        "hidden": model("HTMLModel", value="secret", layout="IPY_MODEL_lay"),
        "lay": {"model_name": "LayoutModel", "state": {"display": "none"}},
    },
}


def test_snapshot_shows_outputs_and_settings_never_dead_controls():
    html = SnapshotRenderer(STATE, binder=binder_url("02-x.ipynb")).render("box")
    assert "explainer-snapshot" in html
    assert not any(tag in html for tag in CONTROLS)
    assert "runs live in JupyterLab or " in html
    assert f'<a href="{binder_url("02-x.ipynb")}">on Binder</a>' in html
    assert "here it shows what it drew with Route: B; Speed: 900.0." in html
    assert "<b>map</b>" in html and "<pre>1 &lt; 2</pre>" in html
    assert "secret" not in html


def test_snapshot_settings_are_escaped():
    state = {"state": {**STATE["state"]}}
    state["state"]["dd"] = {**state["state"]["dd"]}
    state["state"]["dd"]["state"] = {**state["state"]["dd"]["state"], "index": 0}
    html = SnapshotRenderer(state).render("box")
    assert "Route: A &lt;1&gt;;" in html


def test_preprocessor_replaces_views_and_drops_state():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                WIDGET_VIEW: {"model_id": "box", "version_major": 2},
                "text/plain": "VBox()",
            },
        )
    ]
    nb.cells = [cell]
    nb.metadata["widgets"] = {WIDGET_STATE: STATE}
    resources = {"metadata": {"name": "02-middle-corridor"}}
    nb, _ = WidgetSnapshotPreprocessor().preprocess(nb, resources)
    assert "widgets" not in nb.metadata
    assert list(nb.cells[0].outputs[0].data) == ["text/html"]
    html = nb.cells[0].outputs[0].data["text/html"]
    assert "<b>map</b>" in html
    assert binder_url("02-middle-corridor.ipynb") in html


def test_snapshot_of_a_multiple_selection_and_an_int_slider():
    state = {
        "state": {
            "box": model("HBoxModel", children=["IPY_MODEL_sm", "IPY_MODEL_year"]),
            "sm": model(
                "SelectMultipleModel",
                description="Domains",
                _options_labels=["Security", "Trade", "Diplomacy"],
                index=[0, 2],
            ),
            "year": model(
                "IntSliderModel", description="Year", value=2010, min=1992, max=2025
            ),
        }
    }
    html = SnapshotRenderer(state).render("box")
    assert not any(tag in html for tag in CONTROLS)
    assert "Domains: Security, Diplomacy; Year: 2010." in html


def test_snapshot_of_a_real_explorer_shows_its_outputs():
    import ipywidgets as widgets

    from explainer.widgets import reform_explorer

    explorer = reform_explorer(event="constitutional-referendum-2026")
    state = widgets.Widget.get_manager_state(drop_defaults=False)
    html = SnapshotRenderer(state).render(explorer.model_id)
    assert not any(tag in html for tag in CONTROLS)
    assert "Referendum approves the new constitution" in html
    assert "explainer-card-panel" in html


def test_a_figure_the_page_already_shows_is_not_repeated():
    page_map = map_html(maps.partner_map(tiles=False), "Partners")
    other_map = map_html(maps.project_map(tiles=False), "Projects")
    chart = chart_html(charts.trade_chart())
    shown = figure_keys(page_map + chart)
    assert {k[0] for k in shown} == {"map", "chart"}
    outputs = [
        {"output_type": "display_data", "data": {"text/html": str(h)}, "metadata": {}}
        for h in (map_html(maps.partner_map(year=2010, tiles=False), "P"), other_map)
    ]
    state = {"state": {"out": model("OutputModel", outputs=outputs)}}
    html = SnapshotRenderer(state, shown=shown).render("out")
    assert figure_keys(html) == figure_keys(other_map)
    assert "not repeated here: its figure is one the page shows above" in html
