"""What a chart writes into a page: the fields it reads, as UTF-8, safe in a script.

A builder's frame has columns no chart draws (ids, notes of other rows' kinds, the
loaders' codes); the page carries only the columns the spec names
(:mod:`explainer.views.charts.fields`), and the chart draws the same (vl-convert
renders both to SVG). Letters are written as UTF-8, not ``\\uXXXX`` escapes, while
no data text can close the script or open a comment in it.
"""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

import explainer
from explainer import i18n
from explainer.views import assets, charts
from explainer.views.charts import fields
from explainer.views.charts.common import aria_described, mark_description
from explainer.views.figure import chart_html
from explainer.views.html import script_json
from tests.test_charts import REAL_CHARTS

_SPEC_START = re.compile(r'\{"\$schema":"https://vega\.github\.io/schema/vega')


def embedded(html: str) -> dict:
    """The spec a chart's HTML carries (the first JSON object from ``$schema``)."""
    start = _SPEC_START.search(html).start()
    return json.JSONDecoder().raw_decode(html, start)[0]


def columns(spec: dict) -> set[str]:
    return {k for rows in spec.get("datasets", {}).values() for r in rows for k in r}


def spec_text(spec: dict) -> str:
    """The spec's JSON without its data rows (where fields are named, if used)."""
    return json.dumps(
        {k: v for k, v in spec.items() if k != "datasets"}, ensure_ascii=False
    )


def named(column: str, text: str) -> bool:
    """Whether the spec's text names ``column``: as a string or after ``datum``."""
    value = re.escape(json.dumps(column, ensure_ascii=False)) + r"(?!\s*:)"  # no key
    dot = rf"datum\.{re.escape(column)}(?![\w$])"
    return bool(re.search(value, text) or re.search(dot, text)) or any(
        f in text for f in (f"datum['{column}']", f'datum[\\"{column}\\"]')
    )


def svg(spec: dict) -> str:
    drawn = vl_convert.vegalite_to_svg(spec, vl_version=assets._vl_version())
    return re.sub(r"gradient_\d+", "gradient", drawn)  # a counter of vl-convert's


@pytest.fixture
def language():
    def use(lang: str) -> None:
        explainer.set_language(lang)

    try:
        yield use
    finally:
        explainer.set_language("en")


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", sorted(REAL_CHARTS))
def test_a_page_carries_only_the_columns_a_chart_reads(name, lang, language):
    language(lang)
    chart = REAL_CHARTS[name]()
    # The spec as the page has it before its rows are trimmed: its marks, axes and
    # legends described to assistive tools (tested in test_charts.py).
    full = aria_described(chart.to_dict())
    page = embedded(str(chart_html(chart)))
    text = spec_text(full)
    kept, had = columns(page), columns(full)
    assert kept <= had
    assert had - kept == {c for c in had if not named(c, text)}, name
    # The rows are the same rows, less the unread columns.
    for key, rows in full["datasets"].items():
        assert page["datasets"][key] == [
            {k: v for k, v in row.items() if k in kept} for row in rows
        ]
    # And the chart draws the same marks, labels, tooltips' ARIA text included.
    assert svg(page) == svg(full)


def test_unread_columns_are_left_out():
    page = embedded(str(chart_html(charts.titr_volume_chart())))
    kept = columns(page)
    assert {"source_ids", "entity", "confidence"}.isdisjoint(kept)
    # Tooltip fields, filter fields and encodings stay.
    assert {"source", "note", "reporter", "mark", "start", "end", "when"} <= kept


def test_a_figures_csv_keeps_every_column_the_chart_leaves_out():
    rows = explainer.load_indicators().head(3)
    chart = alt.Chart(rows).mark_bar().encode(x="year:O", y="value:Q")
    fig = explainer.figure(chart, id="a-chart", alt="A chart", table=rows)
    html = str(fig.to_html())
    assert columns(embedded(html)) == {"year", "value"}
    header = fig.to_csv().splitlines()[0]
    assert "Note" in header or "note" in header
    assert "source_ids" in header


def _spec(extra: dict, rows: list[dict]) -> dict:
    return {"datasets": {"d": rows}, "data": {"name": "d"}, **extra}


ROWS = [{"a": 1, "b": "x", "c d": 2, "e": {"f": 3}, "unused": "long text"}]


@pytest.mark.parametrize(
    ("extra", "kept"),
    [
        ({"encoding": {"x": {"field": "a"}}}, {"a"}),
        ({"transform": [{"filter": "datum.a > 0 && datum['c d'] < 3"}]}, {"a", "c d"}),
        ({"encoding": {"y": {"field": "e.f"}}}, {"e"}),
        ({"encoding": {"y": {"field": "c d"}}, "params": [{"select": {}}]}, {"c d"}),
        ({"transform": [{"fold": ["a", "b"]}]}, {"a", "b"}),
        # The whole row is read: every column stays.
        ({"mark": {"type": "bar", "tooltip": {"content": "data"}}}, set(ROWS[0])),
        ({"transform": [{"calculate": "datum[key]", "as": "k"}]}, set(ROWS[0])),
    ],
)
def test_the_fields_a_spec_reads(extra, kept):
    spec = fields.trimmed(_spec(extra, ROWS))
    assert set(spec["datasets"]["d"][0]) == kept


def test_inline_values_are_trimmed_too():
    spec = {"data": {"values": ROWS}, "encoding": {"x": {"field": "b"}}}
    assert fields.trimmed(spec)["data"]["values"] == [{"b": "x"}]
    assert spec["data"]["values"] == ROWS  # the chart's own spec is not changed


# --- UTF-8, and safe inside a script ---------------------------------------------

POISON = "</script><script>alert(1)</script><!-- & 'q' \u2028\u2029 Жол"


def test_script_json_writes_letters_and_escapes_what_could_break_out():
    text = str(script_json({"name": POISON}))
    assert json.loads(text) == {"name": POISON}
    assert "Жол" in text
    for unsafe in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert unsafe not in text, unsafe


def test_a_chart_with_hostile_text_keeps_its_script_closed():
    frame = pd.DataFrame({"name": [POISON], "value": [1.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="name:N")
    for html in (str(chart_html(chart)), assets.compile_charts(str(chart_html(chart)))):
        assert html.count("</script") == 1 and html.endswith("</script></div>")
        assert "<!--" not in html and "\u2028" not in html and "\u2029" not in html
        assert POISON in json.dumps(embedded(html), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_russian_or_kazakh_chart_is_written_in_utf8(lang, language):
    language(lang)
    html = str(chart_html(charts.titr_volume_chart()))
    site = assets.compile_charts(html)
    for page in (html, site):
        assert not re.search(r"\\u04[0-9a-fA-F]{2}", page)
        assert re.search("[а-яА-Я]{4}", page)


# --- the code that draws a chart comes once, with the chart library ------------------


def test_a_charts_output_carries_its_spec_and_a_call_not_the_drawing_code():
    html = str(chart_html(charts.trade_chart()))
    start = _SPEC_START.search(html).start()
    spec = json.JSONDecoder().raw_decode(html, start)[1] - start
    assert len(html.encode()) - spec < 2500  # was ~11 KB a chart
    assert "legendKeys" not in html and "explainerChart(spec" in html
    code = assets.chart_js()
    assert "window.explainerChart = function" in code and "legendKeys" in code
    # Wherever charts are drawn: JupyterLab and single files (the full bundle),
    # the site (its own bundle).
    assert code in assets.vega_bundle() and code in assets.vega_site_bundle()


# --- axes and legends described to assistive tools in the page's language ------------


def _guides(vega: object, key: str):
    if isinstance(vega, dict):
        yield from vega.get(key, []) if isinstance(vega.get(key), list) else []
        for value in vega.values():
            yield from _guides(value, key)
    elif isinstance(vega, list):
        for item in vega:
            yield from _guides(item, key)


def _without_mark_descriptions(node: object) -> object:
    if isinstance(node, dict):
        out = {k: _without_mark_descriptions(v) for k, v in node.items()}
        if isinstance(out.get("encoding"), dict):
            out["encoding"].pop("description", None)
        return out
    if isinstance(node, list):
        return [_without_mark_descriptions(v) for v in node]
    return node


def test_english_charts_keep_vegas_own_descriptions():
    chart = charts.titr_volume_chart()
    page = embedded(str(chart_html(chart)))
    # Nothing added but the marks' descriptions (their tooltips' lines).
    assert _without_mark_descriptions(page) == fields.trimmed(chart.to_dict())
    vega = assets.vega_spec(page)
    assert not [
        g
        for k in ("axes", "legends")
        for g in _guides(vega, k)
        if "encode" in g and "description" in json.dumps(g["encode"])
    ]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_axes_and_legends_are_described_in_the_language(lang, language):
    language(lang)
    page = embedded(str(chart_html(charts.titr_volume_chart())))
    x_axis = i18n.translation("charts.aria.x_axis", lang)
    title = i18n.translation("charts.titr.x", lang)
    assert x_axis.format(what=title) in json.dumps(page, ensure_ascii=False)
    vega = assets.site_spec(page)
    axes = [g for g in _guides(vega, "axes") if "description" in g]
    legends = [g for g in _guides(vega, "legends") if "description" in g]
    assert len(axes) == 2 and len(legends) == 1
    for guide, part in [(g, "axis") for g in axes] + [(g, "legend") for g in legends]:
        said = guide["encode"][part]["update"]["description"]["value"]
        assert said == guide["description"]
        assert not re.search(r"[A-Za-z]{4}", said.split(":")[0])  # no English words


@pytest.mark.browser
def test_a_russian_pages_charts_describe_their_axes_in_russian(site, browser):
    from ._browser import Visit, wait_for_charts

    said = {}
    for page in ("02-middle-corridor.html", "ru/02-middle-corridor.html"):
        visit = Visit(browser, (site / page).as_uri(), 1280)
        try:
            assert wait_for_charts(visit.page) > 0
            said[page] = visit.page.eval_on_selector_all(
                ".vega-embed .role-axis[aria-label], .vega-embed .role-legend[aria-label]",
                "els => els.map(e => e.getAttribute('aria-label'))",
            )
        finally:
            visit.close()
    english, russian = (
        said["02-middle-corridor.html"],
        said["ru/02-middle-corridor.html"],
    )
    assert any(s.startswith(("X-axis", "Y-axis")) for s in english)  # Vega's own
    assert russian and len(russian) == len(english)
    assert not [s for s in russian if re.search(r"axis|legend|titled", s)]
    assert any(s.startswith("Ось X") for s in russian)


# --- each mark described to assistive tools by its tooltip's lines ------------------


def _encodings(node: object):
    if isinstance(node, dict):
        if isinstance(node.get("encoding"), dict):
            yield node["encoding"]
        for key, value in node.items():
            if key not in ("datasets", "data", "config"):
                yield from _encodings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _encodings(item)


def _vega_marks(node: object):
    if isinstance(node, dict):
        for mark in node.get("marks", []):
            yield mark
            yield from _vega_marks(mark)
    elif isinstance(node, list):
        for item in node:
            yield from _vega_marks(item)


def test_a_marks_description_says_its_tooltips_lines_leaving_out_empty_ones():
    rows = pd.DataFrame(
        {
            "name": ["Aktau", "Baku", None, "Poti"],
            "year": [2021, None, 2023, 2024],
            "note": ["a port", "", "no name", None],
            "teu": [1234.5, None, 0.0, 7.25],
        }
    )
    chart = (
        alt.Chart(rows.reset_index())
        .mark_bar()
        .encode(
            x="index:O",
            y=alt.value(10),
            tooltip=[
                alt.Tooltip("name:N", title="Place"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("note:N", title="Note"),
                alt.Tooltip("teu:Q", title="TEU", format=",.1f"),
            ],
        )
    )
    said = re.findall(r'aria-label="([^"]*)"', svg(aria_described(chart.to_dict())))
    assert [s for s in said if "Place" in s or "Year" in s] == [
        "Place: Aktau; Year: 2021; Note: a port; TEU: 1,234.5",
        "Place: Baku",
        "Year: 2023; Note: no name; TEU: 0.0",
        "Place: Poti; Year: 2024; TEU: 7.3",
    ]


def test_a_tooltip_it_cannot_say_as_it_is_keeps_vega_lites_description():
    assert mark_description([{"field": "day", "type": "temporal"}]) is None
    assert mark_description([{"field": "a.b", "type": "nominal"}]) is None
    assert (
        mark_description([{"field": "n", "type": "nominal", "formatType": "x"}]) is None
    )
    assert mark_description([{"field": "a", "type": "nominal", "format": "x"}]) is None
    assert mark_description({"content": "data"}) is None
    assert mark_description([]) is None


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("name", sorted(REAL_CHARTS))
def test_every_mark_with_a_tooltip_is_described_by_its_lines(name, lang, language):
    language(lang)
    page = embedded(str(chart_html(REAL_CHARTS[name]())))
    tipped = [e for e in _encodings(page) if isinstance(e.get("tooltip"), list)]
    assert tipped, f"{name}: no mark has a tooltip"
    for encoding in tipped:
        said = encoding["description"]["value"]["expr"]
        assert said == mark_description(encoding["tooltip"])
        for tip in encoding["tooltip"]:
            assert json.dumps(f"; {tip['title']}: ", ensure_ascii=False) in said
    # Vega draws every mark that shows a tooltip with that description, which names
    # no field by its column name (Vega-Lite's own said "corridor_label: ...").
    drawn = [
        m["encode"]["update"]
        for m in _vega_marks(assets.site_spec(page))
        if "tooltip" in m.get("encode", {}).get("update", {})
    ]
    assert drawn
    for update in drawn:
        description = update["description"]["signal"]
        assert description.startswith("slice(")
        assert not re.search(r'"; [a-z]+(_[a-z]+)*: "', description)


@pytest.mark.browser
@pytest.mark.parametrize("page", ["02-middle-corridor.html", "kk/04-partners.html"])
def test_a_drawn_marks_label_is_its_tooltip_read_aloud(site, browser, page):
    from ._browser import Visit, wait_for_charts

    visit = Visit(browser, (site / page).as_uri(), 1280)
    try:
        charts_drawn = wait_for_charts(visit.page)
        checked = 0
        for i in range(charts_drawn):
            chart = visit.page.locator(".vega-embed").nth(i)
            marks = chart.locator(".role-mark path[aria-label]")
            if not marks.count():
                continue
            mark = marks.first
            mark.scroll_into_view_if_needed()
            # Vega's tooltip follows the pointer (pointerover, pointermove).
            mark.dispatch_event("pointerover")
            mark.dispatch_event("pointermove")
            tip = visit.page.locator(".vg-tooltip.visible")
            if not tip.count():
                continue  # a mark without a tooltip keeps Vega-Lite's description
            lines = tip.locator("tr").evaluate_all(
                "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])"
            )
            read = "; ".join(f"{k}: {v}" for k, v in lines if v)
            assert mark.get_attribute("aria-label") == read
            checked += 1
            mark.dispatch_event("pointerout")
        assert checked >= 2, f"only {checked} charts of {page} had a tooltip to read"
    finally:
        visit.close()
