"""Static snapshots of stored widgets."""

from __future__ import annotations

import nbformat

from explainer.site.snapshot import (
    WIDGET_STATE,
    WIDGET_VIEW,
    SnapshotRenderer,
    WidgetSnapshotPreprocessor,
)


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


def test_snapshot_renders_controls_disabled_and_outputs():
    html = SnapshotRenderer(STATE).render("box")
    assert "explainer-snapshot" in html
    assert (
        "<select disabled><option>A &lt;1&gt;</option><option selected>B</option>"
        in html
    )
    assert 'type="range" disabled min="400" max="1500" step="50" value="900.0"' in html
    assert "<b>map</b>" in html and "<pre>1 &lt; 2</pre>" in html
    assert "secret" not in html


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
    nb, _ = WidgetSnapshotPreprocessor().preprocess(nb, {})
    assert "widgets" not in nb.metadata
    assert list(nb.cells[0].outputs[0].data) == ["text/html"]
    assert "<b>map</b>" in nb.cells[0].outputs[0].data["text/html"]


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
    assert (
        '<select disabled multiple size="3"><option selected>Security</option>'
        "<option>Trade</option><option selected>Diplomacy</option></select>"
    ) in html
    assert 'min="1992" max="2025" step="1" value="2010"' in html


def test_snapshot_of_a_real_explorer_shows_its_outputs():
    import ipywidgets as widgets

    from explainer.widgets import reform_explorer

    explorer = reform_explorer(event="constitutional-referendum-2026")
    state = widgets.Widget.get_manager_state(drop_defaults=False)
    html = SnapshotRenderer(state).render(explorer.model_id)
    assert "<select disabled multiple size=" in html
    assert "Referendum approves the new constitution" in html
    assert "explainer-card-panel" in html
