"""Figures: text alternative, data table, escaping; formatting of values."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from markupsafe import Markup

from explainer.text import value_text
from explainer.views import figure as figures
from explainer.views import maps


def test_figure_requires_a_text_alternative():
    with pytest.raises(ValueError, match="every figure needs a text alternative"):
        figures.figure(Markup("<p>x</p>"), alt=" ")


def test_map_figure_has_a_titled_iframe_and_a_table():
    m = maps.base_map((40, 35, 60, 50), title="t")
    fig = figures.figure(m, alt="A <map>", table=pd.DataFrame({"name": ["<b>x</b>"]}))
    html = fig._repr_mimebundle_()["text/html"]
    assert '<iframe title="A &lt;map&gt;"' in html
    assert "<summary>Data table: A &lt;map&gt;</summary>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_chart_figure_embeds_the_chart_html():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a")
    html = figures.figure(chart, alt="A chart").to_html()
    assert "vegaEmbed" in html and 'class="explainer-alt"' in html


@pytest.mark.parametrize(
    ("row", "text"),
    [
        ({"value": 87.15, "unit": "%", "qualifier": "exact"}, "87.15%"),
        (
            {"value": 13, "value_high": 17, "unit": "days", "qualifier": "claim"},
            "13–17 days",
        ),
        ({"value": 1000, "unit": "km", "qualifier": "about"}, "about 1,000 km"),
        ({"value": 3, "unit": "days", "qualifier": "up_to"}, "up to 3 days"),
        ({"value": 10, "unit": "Mt", "qualifier": "target"}, "10 Mt (target)"),
        ({"value": 0.333, "unit": "share", "qualifier": "about"}, "about 33%"),
        (
            {
                "value": 4.12,
                "value_high": float("nan"),
                "unit": "Mt",
                "qualifier": "exact",
            },
            "4.12 Mt",
        ),
    ],
)
def test_value_text(row, text):
    assert value_text(row) == text


def test_facts_panel_escapes_and_describes():
    fig = figures.facts_panel(
        [
            ("<i>what</i>", "1 km", Markup("<a href='x'>src</a>")),
            ("plain", "2 km", "<b>not trusted</b>"),
        ],
        label="K",
    )
    html = fig.to_html()
    assert "&lt;i&gt;what&lt;/i&gt;" in html and "<a href='x'>src</a>" in html
    assert "&lt;b&gt;not trusted&lt;/b&gt;" in html and "<b>not" not in html
    assert fig.alt == "K: <i>what</i>: 1 km; plain: 2 km"


def test_figure_refuses_a_plain_html_string():
    with pytest.raises(TypeError, match="wrap trusted HTML in Markup"):
        figures.figure("<p>x</p>", alt="a table")
