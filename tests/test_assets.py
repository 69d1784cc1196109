"""Shared assets: what the site writes once to static/, and what stays inline elsewhere.

Sizes are measured by ``make bench``; these tests check the structure: the site's
files exist, maps load the one base map and charts reach pages as Vega, while a
single-file export and JupyterLab keep everything inline.
"""

from __future__ import annotations

import json
import re

import altair as alt
import nbformat
import pandas as pd
import pytest
import vl_convert

import explainer
from explainer.site.exporter import ExplainerExporter
from explainer.views import assets, maps
from explainer.views.figure import chart_html, map_html
from explainer.views.maps import behaviour, network

VEGA_SCHEMA = re.compile(r"https://vega\.github\.io/schema/vega/v\d")


def test_the_site_writes_each_shared_asset_once():
    files = assets.static_files()
    assert set(files) >= {"leaflet.js", "leaflet.css", "basemap.js", "vega-bundle.js"}
    assert files["basemap.js"] == assets.basemap_js()
    assert "window.explainerBasemap = " in files["basemap.js"]


def test_the_sites_vega_is_vega_alone_at_the_version_charts_are_compiled_for():
    bundle = assets.static_files()["vega-bundle.js"]
    assert assets.vega_js_version() == vl_convert.get_vega_version()
    vega = assets.VEGA_JS.read_text(encoding="utf-8")
    assert bundle.startswith(vega)
    assert "window.vegaEmbed = function" in bundle
    # No Vega-Lite compiler and no Vega-Embed: far smaller than the full bundle.
    assert "vegalite" not in vega.lower() and "vega-lite" not in vega.lower()
    assert "vegaEmbed" not in vega
    assert len(bundle) < 0.7 * len(assets.vega_bundle())
    assert (assets.VEGA_JS.parent / "LICENSE-vega.txt").is_file()


@pytest.fixture(scope="module")
def chart():
    frame = pd.DataFrame({"year": [2023, 2024], "value": [1.0, 2.5]})
    pick = alt.selection_point(fields=["year"], bind="legend")
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="year:O", y="value:Q", color="year:N", tooltip=["value:Q"])
        .add_params(pick)
    )


def test_the_site_build_compiles_charts_to_vega(chart):
    html = str(chart_html(chart))  # what a kernel shows: Vega-Lite, as in JupyterLab
    assert "/schema/vega-lite/" in html
    site = assets.compile_charts(html)
    assert VEGA_SCHEMA.search(site) and "/schema/vega-lite/" not in site
    # Only the spec changed, and the Vega-Lite dark config after it (the compiled
    # Vega carries its own dark changes): the script around them is the same.
    head = html[: html.index('{"$schema"')]
    assert site.startswith(head)
    tail = html[html.rindex("}, {") + 1 :]  # after the dark config
    assert site.endswith(tail)
    assert '"background"' in html[: -len(tail)].rsplit(", ", 1)[-1]  # the dark config
    assert site[: -len(tail)].endswith(", null")
    spec = assets.vega_spec(chart.to_dict())
    assert VEGA_SCHEMA.match(spec["$schema"])
    # The selection became Vega signals: it still works without Vega-Lite.
    assert any(s["name"].startswith("param_") for s in spec["signals"])
    assert assets.vega_spec(spec) is spec  # Vega is left as it is
    assert assets.compile_charts("<p>no chart</p>") == "<p>no chart</p>"


def test_only_the_chart_templates_call_loses_its_dark_config(chart):
    spec = json.dumps(chart.to_dict(), sort_keys=True)
    other = f'vegaEmbed("#x", {spec}, {{"renderer": "svg"}}, "id", {{"a": 1}});'
    site = assets.compile_charts(other)  # not the template's call: only the spec
    assert "/schema/vega-lite/" not in site
    assert site.endswith(', {"renderer": "svg"}, "id", {"a": 1});')


def test_compiled_specs_stay_safe_inside_a_script():
    evil = "</script><script>alert(1)</script> & 'quotes'"
    frame = pd.DataFrame({"name": [evil], "value": [1.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="name:N")
    site = assets.compile_charts(str(chart_html(chart)))
    assert "</script><script>" not in site and "alert(1)</script>" not in site
    assert "\\u003c/script\\u003e" in site


def _calls(page: str) -> list[dict]:
    """The Vega specs of a page's chart calls, in order."""
    decoder = json.JSONDecoder()
    return [
        decoder.raw_decode(page, m.start() + 3)[0]
        for m in re.finditer(r'\}\)\(\{"\$schema":"https://vega', page)
    ]


def themed(chart: alt.Chart, font: str = "sans-serif") -> alt.Chart:
    """``chart`` with a config the size of the theme's."""
    return (
        chart.configure_axis(labelFontSize=12, gridColor="#e6e6e6", tickColor="#888")
        .configure_legend(orient="bottom", direction="horizontal", labelLimit=280)
        .configure_range(category=[f"#{i:06x}" for i in range(0, 2**24, 2**20)])
        .configure_title(fontSize=15, anchor="start", subtitleColor="#555", font=font)
    )


def test_a_page_writes_its_charts_shared_config_once(chart):
    one = assets.compile_charts(str(chart_html(themed(chart))))
    config = _calls(one)[0]["config"]
    other = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    odd = themed(other).configure_axis(labelFontSize=20)  # a config of its own
    page = "<main>" + one * 2 + assets.compile_charts(str(chart_html(odd))) + "</main>"
    shared = assets.share_chart_config(page)
    assert len(shared) < len(page) - len(json.dumps(config)) // 2
    # A config too small to gain from it stays in its charts.
    small = assets.compile_charts(str(chart_html(chart.configure_axis(grid=False))))
    assert assets.share_chart_config(small * 2) == small * 2
    # Once, in a JSON script before the first chart; the charts name it.
    assert shared.count(f'id="{assets.CHART_CONFIG_ID}"') == 1
    at = shared.index(f'<script type="application/json" id="{assets.CHART_CONFIG_ID}">')
    assert at < shared.index('<div class="explainer-chart">')
    written = json.JSONDecoder().raw_decode(shared, shared.index(">", at) + 1)[0]
    assert written == config
    first, second, third = _calls(shared)
    for spec in (first, second):
        assert "config" not in spec
        assert spec["usermeta"]["explainer"]["config"] == assets.CHART_CONFIG_ID
        assert spec["usermeta"]["explainer"]["dark"]  # the rest of usermeta stays
    assert third["config"]["axis"]["labelFontSize"] == 20  # its own, kept
    assert "config" not in third["usermeta"]["explainer"]
    # Nothing else changed: with its config put back, a chart's spec is as it was.
    for spec, before in zip((first, second), _calls(page)[:2], strict=True):
        explainer_meta = dict(spec["usermeta"]["explainer"])
        del explainer_meta["config"]
        restored = {
            **spec,
            "config": written,
            "usermeta": {**spec["usermeta"], "explainer": explainer_meta},
        }
        assert restored == before


def test_a_page_with_one_chart_of_a_config_keeps_it(chart):
    page = assets.compile_charts(str(chart_html(chart)))
    assert assets.share_chart_config(page) == page
    assert assets.share_chart_config("<p>no chart</p>") == "<p>no chart</p>"


def test_the_shared_config_stays_safe_inside_its_script(chart):
    evil = "</script><script>alert(1)</script>"
    one = assets.compile_charts(str(chart_html(themed(chart, font=evil))))
    shared = assets.share_chart_config(one * 2)
    assert shared.count(assets.CHART_CONFIG_ID) == 3  # the script, two charts
    assert "alert(1)</script>" not in shared and "\\u003c/script\\u003e" in shared


def notebook_with(html: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("m")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": html, "text/plain": "map"}
        )
    ]
    nb.cells = [cell]
    return nb


@pytest.fixture(scope="module")
def map_output(chart) -> str:
    return str(map_html(maps.project_map(), "A map")) + str(chart_html(chart))


def test_a_single_file_export_keeps_the_base_map_inline(map_output):
    body, _ = ExplainerExporter(shared=False).from_notebook_node(
        notebook_with(map_output)
    )
    assert assets.basemap_uri() in body
    assert "static/basemap.js" not in body and "static/leaflet.js" not in body
    assert assets.vega_bundle()[:2000] in body  # the full bundle, inline
    assert "/schema/vega-lite/" in body  # its charts as JupyterLab shows them


def test_a_site_page_links_the_shared_base_map_from_static(map_output):
    body, _ = ExplainerExporter(shared=True).from_notebook_node(
        notebook_with(map_output)
    )
    assert assets.basemap_uri() not in body and assets.leaflet_js_uri() not in body
    # srcdoc holds the map's document escaped: its script tag reads src=&#34;...
    assert re.search(r"src=(&#34;|&quot;)static/basemap\.js(&#34;|&quot;)", body)
    assert '<script src="static/vega-bundle.js"></script>' in body
    assert VEGA_SCHEMA.search(body) and "/schema/vega-lite/" not in body


@pytest.mark.parametrize("shared", [True, False], ids=["site-page", "single-file"])
def test_the_chart_library_loads_where_the_content_starts(map_output, shared):
    # Not in the head, where the parser waits for it before painting anything: at
    # the start of <main>, after the header and table of contents, before the first
    # chart's script.
    body, _ = ExplainerExporter(shared=shared).from_notebook_node(
        notebook_with(map_output)
    )
    library = (
        '<script src="static/vega-bundle.js"></script>'
        if shared
        else "<script>" + assets.vega_bundle()[:2000]
    )
    assert body.count(library) == 1
    at = body.index(library)
    head_end, main = body.index("</head>"), body.index('<main id="main">')
    first_chart = body.index('<div class="explainer-chart">', main)
    assert head_end < main < at < first_chart
    assert body[main + len('<main id="main">') : at].strip() == ""


def test_the_site_writes_the_corridor_network_and_map_behaviour_once():
    files = assets.static_files()
    assert files["network.js"] == network.default_js()
    assert "window.explainerNetwork = " in files["network.js"]
    assert files["behaviour.js"] == behaviour.behaviour_js()
    assert "window.explainerBehaviour = function" in files["behaviour.js"]
    # every line and place of the data, with its popup and citations
    entries = network.default_entries()
    corridors, nodes = explainer.load_corridors(), explainer.load_nodes()
    assert set(entries["lines"]) == set(corridors["id"])
    assert set(entries["places"]) == set(nodes["id"])
    assert all("Sources:" in popup for _, _, popup in entries["lines"].values())


@pytest.fixture(scope="module")
def two_corridor_maps() -> str:
    """Two corridor maps, as page 02 shows them: a corridor, then a route on it."""
    corridors = explainer.load_corridors()
    route = corridors[corridors["corridor"] == "middle"]["id"].iloc[:3].tolist()
    maps_html = [
        map_html(maps.corridor_map(include=["middle"]), "The corridor"),
        map_html(maps.corridor_map(include=["middle"], highlight=route), "A route"),
    ]
    return "".join(str(m) for m in maps_html)


def test_a_single_file_export_inlines_the_network_and_behaviour(two_corridor_maps):
    body, _ = ExplainerExporter(shared=False).from_notebook_node(
        notebook_with(two_corridor_maps)
    )
    assert body.count(network.default_uri()) == 2  # each map draws on its own
    assert body.count(behaviour.behaviour_uri()) == 2
    assert "static/network.js" not in body and "static/behaviour.js" not in body


def test_site_maps_load_the_one_network_file_instead_of_carrying_it(
    two_corridor_maps,
):
    assert network.default_uri() in two_corridor_maps
    body, _ = ExplainerExporter(shared=True).from_notebook_node(
        notebook_with(two_corridor_maps)
    )
    assert network.default_uri() not in body
    assert behaviour.behaviour_uri() not in body
    for name in ("network.js", "behaviour.js"):
        script = re.compile(
            rf"src=(&#34;|&quot;)static/{re.escape(name)}(&#34;|&quot;)"
        )
        assert len(script.findall(body)) == 2, name
    # the maps keep which lines they draw and how, not the lines' popups
    assert body.count("explainerNetwork.lines(") >= 2
    assert "Sources:" not in body


def _apply(spec: dict, changes: list[list]) -> dict:
    """The chart template's ``patched``, in Python."""
    import copy

    out = copy.deepcopy(spec)
    for change in changes:
        path, node = change[0], out
        for key in path[:-1]:
            node = node[key]
        if len(change) == 1:
            del node[path[-1]]
        else:
            node[path[-1]] = change[1]
    return out


def test_spec_patch_sets_adds_and_deletes_members():
    old = {"a": 1, "b": {"c": [1, 2], "d": "x"}, "gone": True}
    new = {"a": 1, "b": {"c": [1, 3], "d": "y", "e": None}, "list": [1]}
    changes = assets.spec_patch(old, new)
    assert _apply(old, changes) == new
    assert [["gone"]] in changes and [["b", "c", 1], 3] in changes


def test_a_site_chart_carries_its_dark_colours_as_changes_to_its_vega():
    from explainer.views import charts
    from explainer.views.dark import VEGA_DARK, darken

    spec = charts.parliament_chart().to_dict()
    site = assets.site_spec(spec)
    meta = site["usermeta"]["explainer"]
    assert VEGA_SCHEMA.match(site["$schema"]) and meta["legendSelection"] is True
    dark = assets.vega_spec(
        darken(
            {**spec, "config": assets.merge_config(spec.get("config", {}), VEGA_DARK)}
        )
    )
    light = {k: v for k, v in site.items() if k != "usermeta"}
    drawn = _apply(light, meta["dark"])
    assert {k: v for k, v in drawn.items() if k != "usermeta"} == {
        k: v for k, v in dark.items() if k != "usermeta"
    }
    # The compiler wrote the text colour into the marks: a config alone would miss it.
    assert any(change[0][0] == "marks" for change in meta["dark"])
    assert drawn["background"] == VEGA_DARK["background"]


def test_darken_makes_the_builders_own_ink_and_black_light():
    from explainer.views import style
    from explainer.views.dark import TEXT, darken

    spec = {
        "encoding": {
            "color": {"value": style.INK},
            "fill": {"scale": {"range": ["#0072B2", style.OKABE_ITO["black"]]}},
        }
    }
    out = darken(spec)
    assert out["encoding"]["color"] == {"value": TEXT}
    assert out["encoding"]["fill"]["scale"]["range"] == ["#0072B2", TEXT]
    assert spec["encoding"]["color"] == {"value": style.INK}  # input unchanged


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_static_file_names_name_the_files_the_site_writes(lang):
    try:
        explainer.set_language(lang)
        assert set(assets.static_files()) == assets.static_file_names()
    finally:
        explainer.set_language("en")
