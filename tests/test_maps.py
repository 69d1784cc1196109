"""Folium builders: layers, styles, attribution, offline assets and escaping."""

from __future__ import annotations

import json

import pytest

import explainer
from explainer import assets, maps, style
from explainer.figures import date_text

EVIL = "<script>alert(1)</script>"


def render(m) -> str:
    return m.get_root().render()


@pytest.fixture(scope="module")
def corridor_html() -> str:
    return render(maps.corridor_map())


def test_one_switchable_layer_per_corridor_and_branch(corridor_html):
    corridors = explainer.load_corridors()
    corridors = corridors[corridors["corridor"] != "kz_road"]
    for corridor, branch in corridors.groupby(["corridor", "branch"]).size().index:
        name = maps._layer_name(corridor, branch)
        assert json.dumps(name)[1:-1] in corridor_html or name in corridor_html, name
    assert "L.control.layers" in corridor_html


def test_line_style_by_mode_and_precision(corridor_html):
    assert f'"dashArray": "{style.MODE_DASH["ferry"]}"' in corridor_html
    schematic = style.PRECISION_STYLE["schematic"]
    approximate = style.PRECISION_STYLE["approximate"]
    assert f'"weight": {schematic["weight"]}' in corridor_html
    assert f'"weight": {approximate["weight"]}' in corridor_html
    assert schematic["opacity"] < approximate["opacity"]


def test_corridor_colours_are_the_palette(corridor_html):
    for corridor in ("middle", "northern", "southern", "maritime"):
        assert style.CORRIDOR_COLOURS[corridor] in corridor_html


def test_base_layers_and_attribution(corridor_html):
    assert "tile.openstreetmap.org" in corridor_html
    assert "OpenStreetMap" in corridor_html and "contributors" in corridor_html
    assert "Natural Earth" in corridor_html
    assert (
        'createPane(\n                "basemap")' in corridor_html
        or '"basemap"' in corridor_html
    )
    assert "Caspian Sea" in corridor_html
    assert "cartodb" not in corridor_html.lower()


def test_map_needs_no_cdn(corridor_html):
    assert assets.leaflet_js_uri() in corridor_html
    for host in (
        "cdn.jsdelivr.net",
        "cdnjs.cloudflare.com",
        "code.jquery.com",
        "unpkg.com",
        "netdna.bootstrapcdn.com",
    ):
        assert host not in corridor_html


def test_map_fits_its_data():
    m = maps.corridor_map(include=["middle"])
    bounds = [
        child for child in m._children.values() if type(child).__name__ == "FitBounds"
    ]
    assert bounds, "the map must fit its data"
    (south, west), (north, east) = bounds[0].bounds
    middle = explainer.load_corridors().query("corridor == 'middle'").total_bounds
    assert (west, south, east, north) == pytest.approx(tuple(middle))


def test_tooltips_and_popups_carry_sources(corridor_html):
    assert "bindTooltip" in corridor_html and "bindPopup" in corridor_html
    assert "Sources:" in corridor_html


def test_text_from_data_is_escaped():
    nodes = explainer.load_nodes()
    nodes.loc[nodes["id"] == "aktau", "name"] = EVIL
    nodes.loc[nodes["id"] == "aktau", "role"] = "`${alert(2)}` & co"
    corridors = explainer.load_corridors()
    corridors.loc[corridors["id"] == "mc-aktau-alat", "note"] = EVIL
    html = render(maps.corridor_map(corridors, nodes))
    assert EVIL not in html
    # Text reaches Leaflet as JSON strings, never inside a JavaScript template literal.
    assert "bindTooltip(`" not in html and "bindPopup(`" not in html
    assert "setContent($(`" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.replace("\\u0026", "&")


def test_project_map_colours_by_status_with_dated_steps():
    html = render(maps.project_map())
    for status in set(explainer.load_projects()["status"]):
        assert style.STATUS_COLOURS[status] in html
    assert "Beineu" in html
    events = explainer.load_project_events()
    first = events[events["project_id"] == "beineu-sekseuil-highway"].iloc[0]
    assert date_text(first["date"], first["date_precision"]) in html


def test_project_popup_escapes_event_text():
    events = explainer.load_project_events()
    events.loc[events.index[0], "event"] = EVIL
    html = render(maps.project_map(events=events))
    assert EVIL not in html
