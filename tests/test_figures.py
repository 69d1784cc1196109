"""Figures: text alternative, data table, escaping, id, CSV, dates, citation."""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import pytest
from markupsafe import Markup

import explainer
from explainer.text import value_text
from explainer.views import figure as figures
from explainer.views import figure_data, maps
from explainer.views.sources import cite

FREIGHT = pd.DataFrame(
    {
        "year": [2023, 2024],
        "value": [2.76, 4.5],
        "unit": ["Mt", "Mt"],
        "source_ids": [("astanatimes-111181",), ("astanatimes-111181", "x-y")],
    }
)


def test_figure_requires_a_text_alternative():
    with pytest.raises(ValueError, match="every figure needs a text alternative"):
        figures.figure(Markup("<p>x</p>"), id="x", alt=" ")


def test_map_figure_has_a_titled_iframe_and_a_table():
    m = maps.base_map((40, 35, 60, 50), title="t")
    fig = figures.figure(
        m, id="a-map", alt="A <map>", table=pd.DataFrame({"name": ["<b>x</b>"]})
    )
    html = fig._repr_mimebundle_()["text/html"]
    assert '<iframe title="A &lt;map&gt;"' in html
    assert "<summary>Data table: A &lt;map&gt;</summary>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_chart_figure_embeds_the_chart_html():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a")
    html = figures.figure(chart, id="a-chart", alt="A chart").to_html()
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
        id="key-facts",
    )
    html = fig.to_html()
    assert "&lt;i&gt;what&lt;/i&gt;" in html and "<a href='x'>src</a>" in html
    assert "&lt;b&gt;not trusted&lt;/b&gt;" in html and "<b>not" not in html
    assert fig.alt == "K: <i>what</i>: 1 km; plain: 2 km"


def test_figure_refuses_a_plain_html_string():
    with pytest.raises(TypeError, match="wrap trusted HTML in Markup"):
        figures.figure("<p>x</p>", id="a-table", alt="a table")


@pytest.mark.parametrize("bad", ["", "Freight", "fig 1", "a_b", "-a", "a--b", None])
def test_figure_refuses_a_missing_or_malformed_id(bad):
    with pytest.raises(ValueError, match="stable id in kebab-case"):
        figures.figure(FREIGHT, id=bad, alt="A table")


def test_to_csv_gives_the_table_rows_with_units_and_source_ids(tmp_path):
    chart = alt.Chart(FREIGHT).mark_bar().encode(x="year:O", y="value")
    fig = figures.figure(chart, id="freight", alt="Freight", table=FREIGHT)
    path = tmp_path / "freight.csv"
    text = fig.to_csv(path)
    assert path.read_text(encoding="utf-8") == text
    back = pd.read_csv(path)
    # The same readers' headers as the table on the page (the rows' one unit in
    # the value's header); numbers raw; ids stay machine-readable.
    assert list(back.columns) == ["Year", "Value (Mt)", "source_ids"]
    assert back["Value (Mt)"].tolist() == [2.76, 4.5]
    assert back["source_ids"].tolist() == [
        "astanatimes-111181",
        "astanatimes-111181;x-y",
    ]


def test_to_csv_of_a_dataframe_figure_strips_markup_and_adds_cited_ids():
    rows = pd.DataFrame({"Claim": ["<b>x</b>"], "Source": [cite("astanatimes-111181")]})
    text = figures.figure(rows, id="claims", alt="Claims").to_csv()
    back = pd.read_csv(io.StringIO(text))
    assert back.loc[0, "Claim"] == "<b>x</b>"  # plain text, as it was
    assert "<a" not in back.loc[0, "Source"]
    assert back.loc[0, "source_ids"] == "astanatimes-111181"


def test_figure_without_rows_has_no_csv_link():
    fig = figures.figure(Markup("<p>x</p>"), id="no-rows", alt="Nothing to count")
    assert fig.to_csv() == ""
    assert "explainer-csv" not in fig.to_html()
    panel = figures.facts_panel([("what", "1 km", "")], id="facts")
    assert panel.to_csv() == "" and 'id="facts"' in panel.to_html()


def test_figure_html_has_id_permalink_csv_dates_and_citation(monkeypatch):
    monkeypatch.setenv("EXPLAINER_PAGE_URL", "02-middle-corridor.html")
    fig = figures.figure(
        FREIGHT,
        id="freight-by-year",
        alt="Freight <by> year",
        table=FREIGHT,
        sources_html=cite("astanatimes-111181"),
    )
    html = str(fig.to_html())
    assert '<figure class="explainer-figure" id="freight-by-year"' in html
    assert '<a class="explainer-permalink" href="#freight-by-year"' in html
    assert 'download="freight-by-year.csv"' in html
    assert "data:text/csv;charset=utf-8,Year%2CValue" in html
    assert "The figures refer to dates up to 2024." in html
    assert "Sources last checked on 20" in html
    citation = html.split('class="explainer-citation">')[1].split("</p>")[0]
    assert f"version {explainer.__version__}" in citation
    assert "02-middle-corridor.html#freight-by-year" in citation
    assert "The Astana Times" in citation
    assert "Freight &lt;by&gt; year" in citation


@pytest.mark.parametrize(
    ("rows", "latest"),
    [
        (pd.DataFrame({"Year": [2022, 2025, None]}), "2025"),
        (pd.DataFrame({"date": ["March 2026", "2026-03-15", "2024"]}), "2026-03-15"),
        (pd.DataFrame({"Date": [pd.Timestamp("2025-07-01")]}), "2025-07-01"),
        (pd.DataFrame({"value": [2030]}), ""),
        (None, ""),
    ],
)
def test_latest_date_reads_year_and_date_columns(rows, latest):
    assert figure_data.latest_date(rows) == latest


def test_last_checked_takes_the_latest_iso_date_or_nothing():
    checked = [
        {"checked": "search index 2026-11-27"},
        {"checked": "search index 2026-12-03 (a copy dated 2024-11-10)"},
        {"checked": "fact sheet"},
    ]
    assert figure_data.last_checked(checked) == "2026-12-03"
    assert figure_data.last_checked([{"checked": "fact sheet"}]) == ""
    fig = figures.figure(
        FREIGHT,
        id="unchecked",
        alt="x",
        sources_html=cite("diplomatic-insight-2026-asif"),
    )
    assert "Sources not re-checked" in fig.to_html()
