"""Static snapshots of stored ipywidgets, for pages that run with no kernel.

A stored widget normally needs the widget manager (``@jupyter-widgets/html-manager``,
on npm only, ~2 MB) to draw. The explainer's explorers are live in JupyterLab; in a
static page they are shown as they were when the page was built: their controls
(disabled, with their values) and their outputs (maps and charts, which draw and
stay interactive client-side). The snapshot is plain HTML: no CDN, no npm.
"""

from __future__ import annotations

from typing import Any

from nbconvert.filters import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor

from explainer.views.html import Markup, render

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

    def render(self, model_id: str) -> Markup:
        """HTML for one widget view, with a notice that it is a snapshot."""
        body = self._render(model_id, depth=0)
        return _node("snapshot", notice=NOTICE, body=body)

    def _render(self, model_id: str, depth: int) -> Markup:
        model = self.models.get(model_id)
        if model is None or depth > 30:
            return Markup()
        name = model.get("model_name", "")
        state = model.get("state", {})
        if self._hidden(state.get("layout")):
            return Markup()
        description = str(state.get("description") or "")
        value = state.get("value")
        if name in _BOXES:
            children = Markup().join(
                self._render(_ref(c) or "", depth + 1)
                for c in state.get("children", [])
            )
            return _node("box", box=_BOXES[name], body=children)
        if name in {"TabModel", "AccordionModel", "StackModel"}:
            return self._tabs(state, depth)
        if name == "OutputModel":
            outputs = self._outputs(state.get("outputs", []), depth)
            return _node("output", body=outputs)
        if name in {"HTMLModel", "HTMLMathModel"}:
            # An HTML widget's value is HTML the library rendered (escaped there).
            return _node("html", description=description, body=Markup(value or ""))
        if name == "LabelModel":
            return _node("label", value=str(value or ""))
        if name in _SELECTS or name == "SelectMultipleModel":
            labels = [str(label) for label in state.get("_options_labels", [])]
            index = state.get("index")
            chosen = set(index) if isinstance(index, list) else {index}
            return _node(
                "select",
                description=description,
                labels=labels,
                chosen=chosen,
                multiple=name == "SelectMultipleModel",
                size=state.get("rows") or len(labels),
            )
        if name in _SLIDERS:
            return _node(
                "slider",
                description=description,
                value=value,
                low=state.get("min"),
                high=state.get("max"),
                step=state.get("step", 1),
            )
        if name in _RANGE_SLIDERS:
            low, high = value or [None, None]
            return _node("range", description=description, value=f"{low} – {high}")
        if name in {"CheckboxModel", "ToggleButtonModel"}:
            return _node("checkbox", description=description, value=bool(value))
        if name in _TEXTS:
            return _node("text", description=description, value=str(value or ""))
        if name == "ButtonModel":
            return _node("button", description=description)
        return Markup()  # layout/style models and anything without a visible state

    def _hidden(self, layout_ref: object) -> bool:
        layout = self.models.get(_ref(layout_ref) or "", {}).get("state", {})
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    def _tabs(self, state: dict, depth: int) -> Markup:
        titles = list(state.get("titles") or [])
        parts = []
        for i, child in enumerate(state.get("children", [])):
            title = titles[i] if i < len(titles) and titles[i] else f"Part {i + 1}"
            parts.append((str(title), self._render(_ref(child) or "", depth + 1)))
        return _node("tabs", parts=parts)

    def _outputs(self, outputs: list[dict], depth: int) -> Markup:
        return Markup().join(self.output_html(o, depth) for o in outputs)

    def output_html(self, output: dict, depth: int = 0) -> Markup:
        """HTML for one nbformat output (as stored in an Output widget)."""
        kind = output.get("output_type")
        if kind == "stream":
            return _node("pre", value=output.get("text", ""))
        if kind == "error":
            trace = "\n".join(output.get("traceback", []))
            return _node("pre", value=trace, error=True)
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            return self._render(data[WIDGET_VIEW].get("model_id", ""), depth + 1)
        if "text/html" in data:
            # An output's HTML is what the notebook displayed (rendered by the
            # library's templates), shown as it is, as in the page itself.
            value = data["text/html"]
            return Markup("".join(value) if isinstance(value, list) else value)
        if "text/markdown" in data:
            return Markup(markdown2html_mistune(data["text/markdown"]))
        if "image/png" in data:
            return _node("png", value=data["image/png"])
        if "text/plain" in data:
            return _node("pre", value=data["text/plain"])
        return Markup()


def _node(kind: str, **context: Any) -> Markup:
    """One piece of a snapshot, from ``views/templates/snapshot/node.html.j2``."""
    context.setdefault("description", "")
    return render("snapshot/node.html.j2", kind=kind, **context)


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
                    output["data"] = {"text/html": str(renderer.render(model_id))}
        nb.metadata.pop("widgets", None)
        return nb, resources
