"""Explorers: setting a control's value updates its outputs."""

from __future__ import annotations

import ipywidgets as widgets

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
