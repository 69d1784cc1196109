"""What the explorers share: outputs set as widget state, and control helpers."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from explainer.views import style
from explainer.views.html import render

__all__ = ["EXPLORER_CLASS", "mimebundle", "show_in"]


_WIDE = {"description_width": "initial"}


#: CSS class of every explorer's outermost widget: a styling hook, and what the
#: JupyterLab end-to-end test (tests/test_lab.py) looks for.
EXPLORER_CLASS = "explainer-explorer"


def mimebundle(obj: Any) -> dict[str, Any]:
    """The display data of an object (a map, chart, figure or HTML string)."""
    if isinstance(obj, Markup):
        return {"text/html": str(obj)}
    if isinstance(obj, str):  # plain text: shown, never run
        return {"text/html": str(render("text.html.j2", text=obj)), "text/plain": obj}
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data:
            return dict(data)
    if hasattr(obj, "_repr_html_"):
        return {"text/html": obj._repr_html_(), "text/plain": repr(obj)}
    return {"text/plain": repr(obj)}


def show_in(output: widgets.Output, *objs: Any) -> None:
    """Replace what an ``Output`` widget shows by ``objs``, in one model update."""
    output.outputs = tuple(
        {"output_type": "display_data", "data": mimebundle(obj), "metadata": {}}
        for obj in objs
    )


def _note(text: str) -> Markup:
    return render("widgets/note.html.j2", text=text)


def _choices(codes: list[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(style.label(c, labels), c) for c in codes]
