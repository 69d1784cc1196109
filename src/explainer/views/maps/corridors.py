"""The corridor map: routes by corridor and branch, and the places on them."""

from __future__ import annotations

from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd

from explainer.data import load_corridors, load_nodes, load_sources
from explainer.i18n import t
from explainer.text import number_text
from explainer.views import style
from explainer.views.maps import network
from explainer.views.maps.base import (
    Popup,
    _dot_swatch,
    _key,
    _layer_name,
    _lean_options,
    _legend,
    _line_swatch,
    _polyline,
    _segment_style,
    base_map,
)
from explainer.views.maps.behaviour import place_labels, short_name
from explainer.views.maps.script import PARENT, LayerControl, _js, _Script
from explainer.views.maps.words import (
    confidence_label,
    degrees,
    kind_label,
    precision_label,
)

__all__ = ["corridor_map"]


def corridor_map(
    corridors: gpd.GeoDataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    include: Iterable[str] | None = None,
    highlight: Iterable[str] | None = None,
    tiles: bool = True,
    title: str | None = None,
    m: folium.Map | None = None,
) -> folium.Map:
    """The China–Europe corridors, one switchable layer per corridor and branch.

    Line colour shows the corridor, the dash pattern the mode (rail solid, water
    dashed, road dotted), and weight and opacity the precision (schematic lines are
    thinner and fainter than approximate ones). Places are dots by kind, with
    tooltips and popups (name, role, sources).

    Parameters
    ----------
    corridors, nodes, countries
        Frames as returned by the loaders (default: the loaders).
    sources
        The claim ledger for citations (default: :func:`explainer.load_sources`).
    include
        Corridor codes to draw (default: all of ``middle, northern, southern,
        maritime``).
    highlight
        Segment ids to emphasise (e.g. the route picked in an explorer); the other
        segments are drawn faded.
    tiles
        Add the optional OpenStreetMap tile layer.
    m
        An existing map to draw on (as ``geopandas.explore`` takes it); default: a
        new :func:`base_map` fitted to the data.
    title
        The map's title (its text alternative for assistive tools); default "Map of
        the China–Europe freight corridors" in the language in use.

    Returns
    -------
    folium.Map
    """
    title = title or t(
        "maps.corridors.title", "Map of the China–Europe freight corridors"
    )
    corridors = load_corridors() if corridors is None else corridors
    nodes = load_nodes() if nodes is None else nodes
    sources = load_sources() if sources is None else sources
    include = list(include or ("middle", "northern", "southern", "maritime"))
    shown = corridors[corridors["corridor"].isin(include)]
    highlight = set(highlight or ())
    lon0, lat0, lon1, lat1 = shown.total_bounds
    if m is None:
        m = base_map(
            (lon0, lat0, lon1, lat1),
            countries,
            tiles=tiles,
            title=title,
            clip=(lon0 - 15, lat0 - 10, lon1 + 15, lat1 + 10),
        )
    names = nodes.set_index("id")["name"]
    lines: dict[str, list] = {}
    for (corridor, branch), group in shown.groupby(["corridor", "branch"], sort=False):
        layer = folium.FeatureGroup(name=_layer_name(corridor, branch), show=True)
        colour = style.CORRIDOR_COLOURS[corridor]
        ids, options = [], []
        for _, row in group.sort_values("seq").iterrows():
            line_style = _segment_style(row, colour)
            if highlight and row["id"] not in highlight:
                line_style.update(opacity=0.2, weight=2)
            ids.append(row["id"])
            options.append(_options(_polyline(row.geometry, line_style)))
            lines[row["id"]] = line_entry(row, names, sources)
        layer.add_child(_draw("lines", ids, options))
        layer.add_to(m)
    network.use_network(m, {"lines": lines})
    used = set(shown["from_node"]) | set(shown["to_node"])
    _add_nodes(m, nodes[nodes["id"].isin(used)], sources)
    m.add_child(place_labels(_labelled(nodes[nodes["id"].isin(used)])))
    _add_legend(m, shown)
    LayerControl(collapsed=True).add_to(m)
    return m


def line_entry(row: pd.Series, names: pd.Series, sources: pd.DataFrame) -> list:
    """A segment as the network script draws it: ``[latlngs, tooltip, popup]``."""
    name = _layer_name(row["corridor"], row["branch"])
    mode = style.label(row["mode"], style.MODE_LABELS)

    def label() -> Popup:
        return (
            Popup(name)
            .line(f"{names.get(row['from_node'])} → {names.get(row['to_node'])}")
            .line(
                t(
                    "maps.corridors.segment",
                    "{mode}, {length} (our geometry, {precision})",
                    mode=mode,
                    length=number_text(row["length_km"], "km", digits=0),
                    precision=precision_label(row["precision"]),
                )
            )
        )

    popup = label()
    if row.get("note"):
        popup.note(row["note"])
    popup.sources(row["source_ids"], sources)
    latlngs = [[y, x] for x, y, *_ in row.geometry.coords]
    return [latlngs, str(label().html()), str(popup.html())]


def place_entry(row: pd.Series, sources: pd.DataFrame) -> list:
    """A place as the network script draws it: ``[[lat, lon], tooltip, popup]``."""
    kind = kind_label(row["kind"])
    tip = Popup(row["name"]).line(kind)
    popup = (
        Popup(row["name"], f" ({row['country']})")
        .line(f"{kind}: {row['role']}")
        .small(
            t(
                "maps.corridors.coordinates",
                "Coordinates: {lat}° N, {lon}° E (confidence {confidence})",
                lat=degrees(row.geometry.y, 3),
                lon=degrees(row.geometry.x, 3),
                confidence=confidence_label(row["confidence"]),
            )
        )
        .sources(row["source_ids"], sources)
    )
    return [[row.geometry.y, row.geometry.x], str(tip.html()), str(popup.html())]


def _options(layer: folium.PolyLine | folium.CircleMarker) -> dict:
    """The Leaflet options a map writes for a path layer (defaults left out)."""
    _lean_options(layer)
    return layer.options


def _draw(kind: str, ids: list[str], options: list[dict]) -> _Script:
    """Draw these lines or places of the network script into the parent layer."""
    styles, items = network.layer_items(ids, options)
    return _Script(f"explainerNetwork.{kind}({PARENT}, {_js(styles)}, {_js(items)});")


def _add_nodes(m: folium.Map, nodes: gpd.GeoDataFrame, sources: pd.DataFrame) -> None:
    layer = folium.FeatureGroup(
        name=t("maps.corridors.places", "Places (ports, border crossings, hubs)"),
        show=True,
    )
    ids, options = [], []
    for _, row in nodes.iterrows():
        node_style = style.NODE_STYLE[row["kind"]]
        marker = folium.CircleMarker(
            [row.geometry.y, row.geometry.x],
            radius=node_style["radius"],
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=node_style["color"],
            fill_opacity=0.9,
        )
        ids.append(row["id"])
        options.append(_options(marker))
    layer.add_child(_draw("places", ids, options))
    places = {row["id"]: place_entry(row, sources) for _, row in nodes.iterrows()}
    network.use_network(m, {"places": places})
    layer.add_to(m)


#: Which places win a clash of labels: capitals first, then ports, crossings, hubs.
LABEL_PRIORITY = ["capital", "port", "border_crossing", "rail_hub", "city"]


def _labelled(nodes: gpd.GeoDataFrame) -> list[tuple[str, float, float]]:
    """``(label, lon, lat)`` of each place, the more important kinds first."""
    rank = {kind: i for i, kind in enumerate(LABEL_PRIORITY)}
    order = nodes.assign(_rank=nodes["kind"].map(rank).fillna(len(rank)))
    return [
        (short_name(row.name), row.geometry.x, row.geometry.y)
        for row in order.sort_values("_rank", kind="stable").itertuples()
    ]


def _add_legend(m: folium.Map, shown: gpd.GeoDataFrame) -> None:
    rows = []
    for corridor in dict.fromkeys(shown["corridor"]):
        colour = style.CORRIDOR_COLOURS[corridor]
        rows.append(
            _key(
                _line_swatch(colour, None, 4, 1),
                style.label(corridor, style.CORRIDOR_LABELS),
            )
        )
    rows.append({"heading": t("maps.legend.mode", "Mode")})
    for mode in dict.fromkeys(shown["mode"]):
        rows.append(
            _key(
                _line_swatch("#444", style.MODE_DASH[mode], 3, 1),
                style.label(mode, style.MODE_LABELS),
            )
        )
    rows.append({"heading": t("maps.legend.precision", "Precision of our lines")})
    for precision in style.PRECISION_STYLE:
        if precision in set(shown["precision"]):
            p = style.PRECISION_STYLE[precision]
            rows.append(
                _key(
                    _line_swatch("#444", None, p["weight"], p["opacity"]),
                    precision_label(precision),
                )
            )
    rows.append({"heading": t("maps.legend.places", "Places")})
    for kind, node_style in style.NODE_STYLE.items():
        rows.append(
            _key(
                _dot_swatch(node_style["color"], node_style["radius"]),
                kind_label(kind),
            )
        )
    m.add_child(_legend(t("maps.legend.corridors", "Corridors"), rows))
