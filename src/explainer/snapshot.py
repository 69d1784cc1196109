"""Static snapshots of stored ipywidgets, for pages that run with no kernel.

A stored widget normally needs the widget manager (``@jupyter-widgets/html-manager``,
on npm only, ~2 MB) to draw. The explainer's explorers are live in JupyterLab; in a
static page they are shown as they were when the page was built: their controls
(disabled, with their values) and their outputs (maps and charts, which draw and
stay interactive client-side). The snapshot is plain HTML: no CDN, no npm.
"""

from __future__ import annotations

import html
from typing import Any

from nbconvert.filters import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NOTICE = (
    "Live explorer, shown as it was when this page was built. Open the notebook in "
    "JupyterLab or on Binder to move its controls; the maps and charts below remain "
    "interactive here."
)

_BOXES = {
    "VBoxModel": "column",
    "HBoxModel": "row",
    "BoxModel": "row",
    "GridBoxModel": "row",
}
_SELECTS = {
    "DropdownModel",
    "SelectModel",
    "RadioButtonsModel",
    "ToggleButtonsModel",
    "SelectionSliderModel",
}
_SLIDERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"}
_RANGE_SLIDERS = {"IntRangeSliderModel", "FloatRangeSliderModel"}
_TEXTS = {
    "TextModel",
    "TextareaModel",
    "IntTextModel",
    "FloatTextModel",
    "BoundedIntTextModel",
    "BoundedFloatTextModel",
}


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None


class SnapshotRenderer:
    """Render widget models (from a notebook's stored state) as static HTML."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.models = state.get("state", {})

    def render(self, model_id: str) -> str:
        """HTML for one widget view, with a notice that it is a snapshot."""
        body = self._render(model_id, depth=0)
        return (
            '<div class="explainer-snapshot" role="group" '
            'aria-label="Explorer (snapshot)">'
            f'<p class="explainer-snapshot-note">{html.escape(NOTICE)}</p>{body}</div>'
        )

    def _render(self, model_id: str, depth: int) -> str:
        model = self.models.get(model_id)
        if model is None or depth > 30:
            return ""
        name = model.get("model_name", "")
        state = model.get("state", {})
        if self._hidden(state.get("layout")):
            return ""
        description = state.get("description") or ""
        if name in _BOXES:
            children = "".join(
                self._render(_ref(c) or "", depth + 1)
                for c in state.get("children", [])
            )
            return (
                f'<div class="explainer-box explainer-{_BOXES[name]}">{children}</div>'
            )
        if name in {"TabModel", "AccordionModel", "StackModel"}:
            return self._tabs(state, depth)
        if name == "OutputModel":
            outputs = self._outputs(state.get("outputs", []), depth)
            return f'<div class="explainer-output">{outputs}</div>'
        if name in {"HTMLModel", "HTMLMathModel"}:
            value = state.get("value", "")
            return (
                f'<div class="explainer-html">{self._label(description)}{value}</div>'
            )
        if name == "LabelModel":
            return f"<span>{html.escape(str(state.get('value', '')))}</span>"
        if name in _SELECTS:
            return self._select(state, description)
        if name == "SelectMultipleModel":
            return self._select(state, description, multiple=True)
        if name in _SLIDERS:
            return self._slider(state, description)
        if name in _RANGE_SLIDERS:
            low, high = state.get("value", [None, None])
            return self._control(
                description, f"<output>{html.escape(f'{low} – {high}')}</output>"
            )
        if name in {"CheckboxModel", "ToggleButtonModel"}:
            checked = " checked" if state.get("value") else ""
            return self._control(
                description, f'<input type="checkbox" disabled{checked}>'
            )
        if name in _TEXTS:
            value = html.escape(str(state.get("value", "")))
            return self._control(
                description, f'<input type="text" disabled value="{value}">'
            )
        if name == "ButtonModel":
            return f"<button disabled>{html.escape(description)}</button>"
        return ""  # layout/style models and anything without a visible state

    def _hidden(self, layout_ref: object) -> bool:
        layout = self.models.get(_ref(layout_ref) or "", {}).get("state", {})
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    @staticmethod
    def _label(description: str) -> str:
        return f"<label>{html.escape(description)}</label> " if description else ""

    def _control(self, description: str, control: str) -> str:
        label = (
            f'<span class="explainer-control-label">{html.escape(description)}</span>'
        )
        shown = label if description else ""
        return f'<label class="explainer-control">{shown}{control}</label>'

    def _select(self, state: dict, description: str, *, multiple: bool = False) -> str:
        labels = state.get("_options_labels", [])
        index = state.get("index")
        chosen = set(index) if isinstance(index, list) else {index}
        options = "".join(
            f"<option{' selected' if i in chosen else ''}>"
            f"{html.escape(str(label))}</option>"
            for i, label in enumerate(labels)
        )
        mult = (
            f' multiple size="{state.get("rows") or len(labels)}"' if multiple else ""
        )
        return self._control(description, f"<select disabled{mult}>{options}</select>")

    def _slider(self, state: dict, description: str) -> str:
        value, low, high = state.get("value"), state.get("min"), state.get("max")
        step = state.get("step", 1)
        slider = (
            f'<input type="range" disabled min="{low}" max="{high}" step="{step}" '
            f'value="{value}"><output>{html.escape(str(value))}</output>'
        )
        return self._control(description, slider)

    def _tabs(self, state: dict, depth: int) -> str:
        titles = list(state.get("titles") or [])
        parts = []
        for i, child in enumerate(state.get("children", [])):
            title = titles[i] if i < len(titles) and titles[i] else f"Part {i + 1}"
            parts.append(
                '<section><p class="explainer-tab-title">'
                f"<strong>{html.escape(str(title))}</strong></p>"
                f"{self._render(_ref(child) or '', depth + 1)}</section>"
            )
        return f'<div class="explainer-tabs">{"".join(parts)}</div>'

    def _outputs(self, outputs: list[dict], depth: int) -> str:
        return "".join(self.output_html(o, depth) for o in outputs)

    def output_html(self, output: dict, depth: int = 0) -> str:
        """HTML for one nbformat output (as stored in an Output widget)."""
        kind = output.get("output_type")
        if kind == "stream":
            return f"<pre>{html.escape(output.get('text', ''))}</pre>"
        if kind == "error":
            trace = "\n".join(output.get("traceback", []))
            return f'<pre class="explainer-error">{html.escape(trace)}</pre>'
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            return self._render(data[WIDGET_VIEW].get("model_id", ""), depth + 1)
        if "text/html" in data:
            value = data["text/html"]
            return "".join(value) if isinstance(value, list) else value
        if "text/markdown" in data:
            return markdown2html_mistune(data["text/markdown"])
        if "image/png" in data:
            return f'<img alt="" src="data:image/png;base64,{data["image/png"]}">'
        if "text/plain" in data:
            return f"<pre>{html.escape(data['text/plain'])}</pre>"
        return ""


class WidgetSnapshotPreprocessor(Preprocessor):
    """Replace every stored widget view by its static snapshot; drop widget state."""

    def preprocess(self, nb, resources):  # noqa: D102
        widgets = nb.metadata.get("widgets", {})
        renderer = SnapshotRenderer(widgets.get(WIDGET_STATE, {}))
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    model_id = data[WIDGET_VIEW].get("model_id", "")
                    output["data"] = {"text/html": renderer.render(model_id)}
        nb.metadata.pop("widgets", None)
        return nb, resources
