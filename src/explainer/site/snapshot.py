"""Static snapshots of stored ipywidgets, for pages that run with no kernel.

A stored widget normally needs the widget manager (``@jupyter-widgets/html-manager``,
on npm only, ~2 MB) to draw. The explainer's explorers are live in JupyterLab; in a
static page they show only what works there: the outputs they drew (maps and charts,
which stay interactive client-side) and one line saying where the explorer runs live
(JupyterLab, or Binder, linked) and with which settings it drew. Controls, which
could not work, are not shown. An output that repeats one of the page's own figures
(a map or chart of the same title: the same builder at other settings) is left out,
and the line says so. The snapshot is plain HTML: no CDN, no npm. Its own words (the
line, a tab's fallback title, a setting's "on", "off", "none") are in the language in
use when the page is built.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

from babel.numbers import format_decimal
from markupsafe import escape
from nbconvert.filters import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor

from explainer.i18n import language, t
from explainer.site.pages import binder_url
from explainer.views.html import Markup, render

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_MAP_TITLE = re.compile(r'srcdoc="[^"]*?&lt;title&gt;(.*?)&lt;/title&gt;')
_CHART_SPEC = re.compile(r"\}\)\(\{")
_NOTEBOOK = re.compile(r"^\d\d-[\w-]+$")


def figure_keys(page_html: str) -> set[tuple[str, str]]:
    """What identifies each map and chart in some HTML: its kind and its title.

    A map's title is its document's ``<title>``; a chart's, its Vega-Lite spec's
    ``title``. Untitled figures have no key (they are never taken for repeats).
    """
    keys = {("map", html.unescape(m[1])) for m in _MAP_TITLE.finditer(page_html)}
    for match in _CHART_SPEC.finditer(page_html):
        try:
            spec, _ = json.JSONDecoder().raw_decode(page_html[match.end() - 1 :])
        except ValueError:
            continue
        if isinstance(spec, dict) and spec.get("title"):
            keys.add(("chart", json.dumps(spec["title"], sort_keys=True)))
    return keys


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

    def __init__(
        self,
        state: dict[str, Any],
        binder: str = "",
        shown: set[tuple[str, str]] | None = None,
    ) -> None:
        """Models from a notebook's widget state.

        Parameters
        ----------
        state
            The notebook's stored widget state.
        binder
            The Binder link of the notebook (default: the repository's).
        shown
            :func:`figure_keys` of the page's own figures, not repeated here.
        """
        self.models = state.get("state", {})
        self.binder = binder or binder_url()
        self.shown = shown or set()
        self.settings: list[str] = []
        self.repeated = 0

    def render(self, model_id: str) -> Markup:
        """HTML for one widget view: its outputs and one line on where it runs."""
        self.settings, self.repeated = [], 0
        body = self._render(model_id, depth=0)
        note = snapshot_note(self.binder, "; ".join(self.settings), self.repeated)
        return _node("snapshot", body=body, note=note)

    def _setting(self, description: str, value: object) -> Markup:
        """Note a control's setting for the snapshot's line; draw nothing."""
        name = description.strip().rstrip(":")
        shown = _value_text(value)
        self.settings.append(
            t("widgets.snapshot.setting", "{name}: {value}", name=name, value=shown)
            if name
            else shown
        )
        return Markup()

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
            chosen = index if isinstance(index, list | tuple) else [index]
            picked = [
                labels[i] for i in chosen if isinstance(i, int) and i < len(labels)
            ]
            return self._setting(
                description,
                ", ".join(picked) or t("widgets.snapshot.none", "none"),
            )
        if name in _SLIDERS or name in _TEXTS:
            return self._setting(description, value)
        if name in _RANGE_SLIDERS:
            low, high = value or [None, None]
            return self._setting(
                description, f"{_value_text(low)} – {_value_text(high)}"
            )
        if name in {"CheckboxModel", "ToggleButtonModel"}:
            return self._setting(
                description,
                t("widgets.snapshot.on", "on")
                if value
                else t("widgets.snapshot.off", "off"),
            )
        return Markup()  # layout/style models and anything without a visible state

    def _hidden(self, layout_ref: object) -> bool:
        layout = self.models.get(_ref(layout_ref) or "", {}).get("state", {})
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    def _tabs(self, state: dict, depth: int) -> Markup:
        titles = list(state.get("titles") or [])
        parts = []
        for i, child in enumerate(state.get("children", [])):
            title = (
                titles[i]
                if i < len(titles) and titles[i]
                else t("widgets.snapshot.part", "Part {n}", n=i + 1)
            )
            parts.append((str(title), self._render(_ref(child) or "", depth + 1)))
        return _node("tabs", parts=parts)

    def _outputs(self, outputs: list[dict], depth: int) -> Markup:
        parts = []
        for output in outputs:
            part = self.output_html(output, depth)
            keys = figure_keys(str(part))
            if keys and keys <= self.shown:
                self.repeated += 1
                continue
            parts.append(part)
        return Markup().join(parts)

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


def _value_text(value: object) -> str:
    """A control's value as the page shows it, in the language in use.

    A float keeps the decimals it has, with the language's separators
    (``900.0`` in English, ``900,0`` in Russian and Kazakh).
    """
    if isinstance(value, float) and math.isfinite(value):
        decimals = repr(value).partition(".")[2]
        if decimals.isdigit():
            return format_decimal(
                value, format="0." + "0" * len(decimals), locale=language()
            )
    return str(value)


def snapshot_note(binder: str, settings: str, repeated: int) -> Markup:
    """The snapshot's line: where the explorer runs live, and with which settings.

    One whole sentence per case, in the language in use; the Binder link and the
    settings are put into the translated sentence escaped (the link as Markup).
    """
    # Placeholders pass through t() unchanged, to be filled as Markup below.
    keep = {"binder": "{binder}", "settings": "{settings}"}
    if settings and repeated:
        text = t(
            "widgets.snapshot.note_settings_repeated",
            {
                "one": "This explorer runs live in JupyterLab or {binder}; here it "
                "shows what it drew with {settings} (not repeated here: its figure is "
                "one the page shows above).",
                "other": "This explorer runs live in JupyterLab or {binder}; here it "
                "shows what it drew with {settings} (not repeated here: its figures "
                "are ones the page shows above).",
            },
            count=repeated,
            **keep,
        )
    elif settings:
        text = t(
            "widgets.snapshot.note_settings",
            "This explorer runs live in JupyterLab or {binder}; here it shows what it "
            "drew with {settings}.",
            **keep,
        )
    elif repeated:
        text = t(
            "widgets.snapshot.note_repeated",
            {
                "one": "This explorer runs live in JupyterLab or {binder} (not "
                "repeated here: its figure is one the page shows above).",
                "other": "This explorer runs live in JupyterLab or {binder} (not "
                "repeated here: its figures are ones the page shows above).",
            },
            count=repeated,
            **keep,
        )
    else:
        text = t(
            "widgets.snapshot.note",
            "This explorer runs live in JupyterLab or {binder}.",
            **keep,
        )
    link = _node("link", href=binder, value=t("widgets.snapshot.binder", "on Binder"))
    return escape(text).format(binder=link, settings=settings)


def _node(kind: str, **context: Any) -> Markup:
    """One piece of a snapshot, from ``views/templates/snapshot/node.html.j2``."""
    context.setdefault("description", "")
    return render("snapshot/node.html.j2", kind=kind, **context)


class WidgetSnapshotPreprocessor(Preprocessor):
    """Replace every stored widget view by its static snapshot; drop widget state."""

    def preprocess(self, nb, resources):  # noqa: D102
        widgets = nb.metadata.get("widgets", {})
        shown: set[tuple[str, str]] = set()
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                value = output.get("data", {}).get("text/html", "")
                shown |= figure_keys(
                    "".join(value) if isinstance(value, list) else value
                )
        renderer = SnapshotRenderer(
            widgets.get(WIDGET_STATE, {}), binder=_binder(resources), shown=shown
        )
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    model_id = data[WIDGET_VIEW].get("model_id", "")
                    output["data"] = {"text/html": str(renderer.render(model_id))}
        nb.metadata.pop("widgets", None)
        return nb, resources


def _binder(resources: dict[str, Any]) -> str:
    """The notebook's Binder link: the page's, else from the notebook's name."""
    link = (resources or {}).get("explainer", {}).get("binder")
    if link:
        return link
    name = str((resources or {}).get("metadata", {}).get("name", ""))
    notebook = f"{name}.ipynb" if _NOTEBOOK.match(name) else None
    return binder_url(notebook, language())
