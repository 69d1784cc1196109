"""ipywidgets explorers, composed from the map, chart and model builders.

Explorers hold no data logic: they read their controls, call library functions and
put the results into ``Output`` widgets. Outputs are set by assigning
``Output.outputs`` (see :func:`show_in`) rather than by capturing prints, so the
displayed state is part of the widget model: it is stored when a notebook is
executed (the static pages show it as a snapshot) and tests can read it directly.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

__all__ = ["mimebundle", "show_in"]


def mimebundle(obj: Any) -> dict[str, Any]:
    """The display data of an object (a map, chart, figure or HTML string)."""
    if isinstance(obj, str):
        return {"text/html": obj}
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
