"""Folium map builders: corridors, projects and partners, drawn offline.

Builders take frames (the loaders are the defaults), return a :class:`folium.Map`
and never display it. Every map

- loads Leaflet from ``xstatic-leaflet`` (inline ``data:`` URIs; no CDN, no jQuery);
- has a vector base layer from Natural Earth (``countries.geojson``, with the Caspian
  Sea drawn as water) in a pane *under* the tiles, so it carries the map when tiles
  cannot load, plus OpenStreetMap tiles with their attribution as the optional layer;
- escapes every text that comes from data before it reaches a tooltip or popup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from explainer import assets, style, tables
from explainer.data import (
    load_corridors,
    load_countries,
    load_indicators,
    load_nodes,
    load_partners,
    load_partnerships,
    load_project_events,
    load_projects,
    load_sources,
)
from explainer.figures import date_text
from explainer.sources import cite

__all__ = ["corridor_map", "escape", "partner_map", "project_map"]

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors"
)
NATURAL_EARTH_ATTRIBUTION = (
    'Base map: <a href="https://www.naturalearthdata.com/">Natural Earth</a> '
    "(public domain)"
)


def escape(text: object) -> str:
    """Escape text from data for HTML (quotes included); ``''`` for missing values."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


#: Maps narrower than this (pixels) start with their legend folded.
LEGEND_FOLDED_BELOW_PX = 520
PARENT = "\x00parent\x00"  # JSON never contains a raw NUL, so data cannot fake it


class _Script(MacroElement):
    """JavaScript run with the map; :data:`PARENT` stands for the parent's variable.

    Folium's own Tooltip and Popup paste text into a JavaScript template literal (and
    Popup needs jQuery); here every text goes in as an HTML-safe JSON string.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this.code.replace(this.marker, this._parent.get_name()) }}"
        "{% endmacro %}"
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self.code = code
        self.marker = PARENT


def _js(value: object) -> str:
    """A value as JSON that is safe inside a ``<script>`` element."""
    return str(htmlsafe_json_dumps(value))


def _tooltip(content: str) -> _Script:
    return _Script(f"{PARENT}.bindTooltip({_js(content)}, {{sticky: true}});")


def _popup(content: str) -> _Script:
    return _Script(f"{PARENT}.bindPopup({_js(content)}, {{maxWidth: 320}});")


def base_map(
    bounds: tuple[float, float, float, float],
    countries: gpd.GeoDataFrame | None = None,
    *,
    tiles: bool = True,
    title: str = "",
    clip: tuple[float, float, float, float] | None = None,
) -> folium.Map:
    """An empty map with the offline vector base layer, fitted to ``bounds``.

    Parameters
    ----------
    bounds
        ``(lon_min, lat_min, lon_max, lat_max)`` to fit.
    countries
        The base layer; default :func:`explainer.load_countries`.
    tiles
        Add OpenStreetMap tiles above the vector base (the only network use; the map
        stays legible without them).
    title
        The page title of the map's document (what assistive tools announce).
    clip
        Keep only base-map shapes that touch this box (smaller pages).
    """
    countries = load_countries() if countries is None else countries
    m = folium.Map(
        tiles=None, control_scale=True, zoom_start=3, min_zoom=2, world_copy_jump=True
    )
    # Leaflet from the installed package, inline; nothing else (no jQuery/Bootstrap).
    m.default_js = [("leaflet", assets.leaflet_js_uri())]
    m.default_css = [("leaflet_css", assets.leaflet_css_uri())]
    root = m.get_root()
    root.title = title
    root.header.add_child(
        Element(
            f"<style>.leaflet-container.leaflet-container{{font-family:{style.FONT};"
            f"background:{style.WATER}}}"
            ".explainer-legend{background:rgba(255,255,255,.92);padding:4px 8px;"
            "border-radius:4px;font-size:11px;line-height:1.3;max-width:220px;"
            "max-height:70vh;overflow:auto;"
            "box-shadow:0 1px 4px rgba(0,0,0,.3)}"
            ".explainer-legend svg{vertical-align:middle;margin-right:4px}"
            ".explainer-legend b{display:block;margin-top:3px}"
            ".explainer-legend summary{cursor:pointer;font-weight:600}"
            ".leaflet-tooltip.explainer-label{background:none;border:none;box-shadow:none;"
            "color:#2f6283;font-style:italic;font-size:13px}"
            ".leaflet-tooltip.explainer-label::before{display:none}</style>"
        )
    )
    folium.map.CustomPane("basemap", z_index=150, pointer_events=False).add_to(m)
    shapes = (
        countries
        if clip is None
        else countries.cx[clip[0] : clip[2], clip[1] : clip[3]]
    )
    folium.GeoJson(
        _base_geojson(shapes),
        name="Countries (Natural Earth, offline)",
        style_function=_base_style,
        control=False,
        pane="basemap",
        interactive=False,
    ).add_to(m)
    m.add_child(
        _Script(
            f"{PARENT}.attributionControl.addAttribution("
            f"{_js(NATURAL_EARTH_ATTRIBUTION)});"
        )
    )
    for row in shapes[shapes["kind"] == "sea"].itertuples():
        # A permanent tooltip as the label (a Marker would load Leaflet's icon images).
        point = row.geometry.representative_point()
        m.add_child(
            _Script(
                "L.tooltip({permanent: true, direction: 'center', interactive: false, "
                "className: 'explainer-label'})"
                f".setLatLng([{point.y:.3f}, {point.x:.3f}])"
                f".setContent({_js(escape(row.name))}).addTo({PARENT});"
            )
        )
    if tiles:
        folium.TileLayer(
            OSM_URL,
            attr=OSM_ATTRIBUTION,
            name="OpenStreetMap tiles (online)",
            overlay=True,
            control=True,
            show=True,
            opacity=0.75,
            max_zoom=19,
        ).add_to(m)
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


def _base_geojson(shapes: gpd.GeoDataFrame) -> dict:
    keep = shapes[["name", "kind", "geometry"]]
    return json.loads(keep.to_json(drop_id=True))


def _base_style(feature: dict) -> dict:
    water = feature["properties"]["kind"] == "sea"
    return {
        "fillColor": style.WATER if water else style.LAND,
        "color": style.WATER if water else style.LAND_EDGE,
        "weight": 0.6,
        "fillOpacity": 1.0,
    }


def _sources_html(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    return f"<br><small>Sources: {cite(tuple(source_ids), sources)}</small>"


def _legend(title: str, rows: list[str]) -> _Script:
    """A foldable legend in the bottom-left corner (readers can fold it away)."""
    content = (
        f"<details open><summary>{escape(title)}</summary>{''.join(rows)}</details>"
    )
    return _Script(
        "(function(){var c = L.control({position: 'bottomleft'});"
        "c.onAdd = function(map){var d = L.DomUtil.create('div', 'explainer-legend');"
        f"d.setAttribute('role', 'note'); d.innerHTML = {_js(content)};"
        # On a narrow map (a phone) the legend starts folded, so the map stays visible.
        f"if (map.getSize().x < {LEGEND_FOLDED_BELOW_PX}) "
        "{d.firstChild.removeAttribute('open');}"
        "L.DomEvent.disableClickPropagation(d); return d;};"
        f"c.addTo({PARENT});}})();"
    )


def _line_swatch(colour: str, dash: str | None, weight: float, opacity: float) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg width="34" height="10" aria-hidden="true">'
        '<line x1="1" y1="5" x2="33" y2="5" '
        f'stroke="{colour}" stroke-width="{weight}" '
        f'stroke-opacity="{opacity}"{dash_attr}/>'
        "</svg>"
    )


def _dot_swatch(colour: str, radius: float) -> str:
    return (
        '<svg width="14" height="14" aria-hidden="true">'
        f'<circle cx="7" cy="7" r="{radius}" '
        f'fill="{colour}" fill-opacity="0.85" stroke="#fff"/></svg>'
    )


def _layer_name(corridor: str, branch: str) -> str:
    name = style.label(corridor, style.CORRIDOR_LABELS)
    return f"{name}: {style.label(branch, style.BRANCH_LABELS)}"


def _segment_style(row: pd.Series, colour: str) -> dict:
    precision = style.PRECISION_STYLE[row["precision"]]
    return {
        "color": colour,
        "weight": precision["weight"],
        "opacity": precision["opacity"],
        "dash_array": style.MODE_DASH[row["mode"]],
    }


def _polyline(geometry: object, line_style: dict) -> folium.PolyLine:
    """A Leaflet polyline of a shapely LineString (lon/lat -> lat/lon)."""
    return folium.PolyLine([(y, x) for x, y in geometry.coords], **line_style)


def corridor_map(
    corridors: gpd.GeoDataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    include: Iterable[str] | None = None,
    highlight: Iterable[str] | None = None,
    tiles: bool = True,
    title: str = "Map of the China–Europe freight corridors",
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
    title
        The map's title (its text alternative for assistive tools).

    Returns
    -------
    folium.Map
    """
    corridors = load_corridors() if corridors is None else corridors
    nodes = load_nodes() if nodes is None else nodes
    sources = load_sources() if sources is None else sources
    include = list(include or ("middle", "northern", "southern", "maritime"))
    shown = corridors[corridors["corridor"].isin(include)]
    highlight = set(highlight or ())
    lon0, lat0, lon1, lat1 = shown.total_bounds
    m = base_map(
        (lon0, lat0, lon1, lat1),
        countries,
        tiles=tiles,
        title=title,
        clip=(lon0 - 15, lat0 - 10, lon1 + 15, lat1 + 10),
    )
    names = nodes.set_index("id")["name"]
    for (corridor, branch), group in shown.groupby(["corridor", "branch"], sort=False):
        layer = folium.FeatureGroup(name=_layer_name(corridor, branch), show=True)
        colour = style.CORRIDOR_COLOURS[corridor]
        for _, row in group.sort_values("seq").iterrows():
            line_style = _segment_style(row, colour)
            if highlight and row["id"] not in highlight:
                line_style.update(opacity=0.2, weight=2)
            label = (
                f"<b>{escape(_layer_name(corridor, branch))}</b><br>"
                f"{escape(names.get(row['from_node']))} → "
                f"{escape(names.get(row['to_node']))}"
                f"<br>{escape(style.label(row['mode'], style.MODE_LABELS))}, "
                f"{row['length_km']:,.0f} km (our geometry, {escape(row['precision'])})"
            )
            note = f"<br><i>{escape(row['note'])}</i>" if row.get("note") else ""
            line = _polyline(row.geometry, line_style)
            line.add_child(_tooltip(label))
            line.add_child(
                _popup(label + note + _sources_html(row["source_ids"], sources))
            )
            line.add_to(layer)
        layer.add_to(m)
    used = set(shown["from_node"]) | set(shown["to_node"])
    _add_nodes(m, nodes[nodes["id"].isin(used)], sources)
    _add_legend(m, shown)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _add_nodes(m: folium.Map, nodes: gpd.GeoDataFrame, sources: pd.DataFrame) -> None:
    layer = folium.FeatureGroup(
        name="Places (ports, border crossings, hubs)", show=True
    )
    for _, row in nodes.iterrows():
        node_style = style.NODE_STYLE[row["kind"]]
        tip = f"<b>{escape(row['name'])}</b><br>{escape(style.label(row['kind'], {}))}"
        popup = (
            f"<b>{escape(row['name'])}</b> ({escape(row['country'])})<br>"
            f"{escape(style.label(row['kind'], {}))}: {escape(row['role'])}"
            f"<br><small>Coordinates: {row.geometry.y:.3f}° N, {row.geometry.x:.3f}° E "
            f"(confidence {escape(row['confidence'])})</small>"
            + _sources_html(row["source_ids"], sources)
        )
        marker = folium.CircleMarker(
            [row.geometry.y, row.geometry.x],
            radius=node_style["radius"],
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=node_style["color"],
            fill_opacity=0.9,
        )
        marker.add_child(_tooltip(tip))
        marker.add_child(_popup(popup))
        marker.add_to(layer)
    layer.add_to(m)


def _add_legend(m: folium.Map, shown: gpd.GeoDataFrame) -> None:
    rows = []
    for corridor in dict.fromkeys(shown["corridor"]):
        colour = style.CORRIDOR_COLOURS[corridor]
        rows.append(
            f"<div>{_line_swatch(colour, None, 4, 1)}"
            f"{escape(style.label(corridor, style.CORRIDOR_LABELS))}</div>"
        )
    rows.append("<b>Mode</b>")
    for mode in dict.fromkeys(shown["mode"]):
        rows.append(
            f"<div>{_line_swatch('#444', style.MODE_DASH[mode], 3, 1)}"
            f"{escape(style.label(mode, style.MODE_LABELS))}</div>"
        )
    rows.append("<b>Precision of our lines</b>")
    for precision in style.PRECISION_STYLE:
        if precision in set(shown["precision"]):
            p = style.PRECISION_STYLE[precision]
            rows.append(
                f"<div>{_line_swatch('#444', None, p['weight'], p['opacity'])}"
                f"{escape(precision)}</div>"
            )
    rows.append("<b>Places</b>")
    for kind, node_style in style.NODE_STYLE.items():
        rows.append(
            f"<div>{_dot_swatch(node_style['color'], node_style['radius'])}"
            f"{escape(style.label(kind, {}))}</div>"
        )
    m.add_child(_legend("Corridors", rows))


def project_map(
    projects: gpd.GeoDataFrame | None = None,
    events: pd.DataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    context: gpd.GeoDataFrame | None = None,
    sources: pd.DataFrame | None = None,
    tiles: bool = True,
    title: str = "Map of infrastructure projects on the Middle Corridor",
) -> folium.Map:
    """Infrastructure projects coloured by status, dated steps in each popup.

    Parameters
    ----------
    projects, events, countries
        Frames as returned by the loaders (default: the loaders).
    context
        Extra segments to draw in grey beneath the projects (e.g. today's road
        links), with ``id, corridor, branch, mode, precision, length_km``.
    sources
        The claim ledger for citations.
    tiles
        Add the optional OpenStreetMap tile layer.
    title
        The map's title (its text alternative).

    Returns
    -------
    folium.Map
    """
    projects = load_projects() if projects is None else projects
    events = load_project_events() if events is None else events
    sources = load_sources() if sources is None else sources
    frames = [projects] if context is None else [projects, context]
    lon0, lat0, lon1, lat1 = pd.concat(frames).total_bounds
    pad = max(lon1 - lon0, lat1 - lat0) * 0.08 + 0.5
    m = base_map(
        (lon0 - pad, lat0 - pad, lon1 + pad, lat1 + pad),
        countries,
        tiles=tiles,
        title=title,
        clip=(lon0 - 20, lat0 - 12, lon1 + 20, lat1 + 12),
    )
    if context is not None and len(context):
        layer = folium.FeatureGroup(name="Existing links (for comparison)", show=True)
        for _, row in context.iterrows():
            # Existing links in neutral dark grey, so status colours stay unambiguous.
            line_style = _segment_style(row, style.CONTEXT_COLOUR)
            tip = (
                f"<b>{escape(_layer_name(row['corridor'], row['branch']))}</b><br>"
                f"{escape(style.label(row['mode'], style.MODE_LABELS))}, "
                f"{row['length_km']:,.0f} km (our geometry)"
            )
            line = _polyline(row.geometry, line_style)
            line.add_child(_tooltip(tip))
            line.add_to(layer)
        layer.add_to(m)
    for status in reversed(style.STATUS_ORDER):
        group = projects[projects["status"] == status]
        if group.empty:
            continue
        colour = style.STATUS_COLOURS[status]
        layer = folium.FeatureGroup(
            name=f"Projects: {status.replace('_', ' ')}", show=True
        )
        for _, row in group.iterrows():
            content = _project_popup(row, events, sources)
            tip = f"<b>{escape(row['name'])}</b><br>{escape(status.replace('_', ' '))}"
            if row.geometry.geom_type == "Point":
                feature = folium.CircleMarker(
                    [row.geometry.y, row.geometry.x],
                    radius=8,
                    color="#ffffff",
                    weight=2,
                    fill=True,
                    fill_color=colour,
                    fill_opacity=0.95,
                )
            else:
                # Not yet built: dashed; in service: solid.
                built = status == "operational"
                feature = folium.PolyLine(
                    [(y, x) for x, y in row.geometry.coords],
                    color=colour,
                    weight=6,
                    opacity=0.9,
                    dash_array=None if built else "12 8",
                )
            feature.add_child(_tooltip(tip))
            feature.add_child(_popup(content))
            feature.add_to(layer)
        layer.add_to(m)
    rows = []
    for status in reversed(style.STATUS_ORDER):
        if status in set(projects["status"]):
            dash = None if status == "operational" else "12 8"
            swatch = _line_swatch(style.STATUS_COLOURS[status], dash, 5, 0.9)
            rows.append(f"<div>{swatch}{escape(status.replace('_', ' '))}</div>")
    if context is not None and len(context):
        for mode in dict.fromkeys(context["mode"]):
            swatch = _line_swatch(style.CONTEXT_COLOUR, style.MODE_DASH[mode], 3, 0.9)
            label = escape(style.label(mode, style.MODE_LABELS))
            rows.append(f"<div>{swatch}existing {label}</div>")
    m.add_child(_legend("Project status (latest dated step)", rows))
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _project_popup(row: pd.Series, events: pd.DataFrame, sources: pd.DataFrame) -> str:
    steps = events[events["project_id"] == row["id"]].sort_values("date")
    items = "".join(
        f"<li>{escape(date_text(e.date, e.date_precision))}: "
        f"<b>{escape(e.status.replace('_', ' '))}</b>. {escape(e.event)} "
        f"<small>({cite(e.source_ids, sources)})</small></li>"
        for e in steps.itertuples()
    )
    reported = ""
    if pd.notna(row.get("reported_length_km")):
        reported += f"Reported length: {row['reported_length_km']:,.0f} km. "
    if row.geometry.geom_type == "LineString":
        reported += (
            f"Our geometry: {row['length_km']:,.0f} km ({escape(row['precision'])}). "
        )
    return (
        f"<b>{escape(row['name'])}</b><br>{escape(row['summary'])}<br>"
        f"<small>{reported}</small>"
        f"<ol style='padding-left:18px;margin:4px 0'>{items}</ol>"
        + _sources_html(row["source_ids"], sources)
    )


# --- partners ------------------------------------------------------------------------


def _arc(start: tuple[float, float], end: tuple[float, float], bend: float) -> object:
    """A gentle curve from ``start`` to ``end`` (lon, lat) bowed by ``bend``.

    A quadratic Bézier whose control point sits ``bend`` times the chord's length
    off its middle, so that lines of different domains to one partner fan out.
    """
    from shapely.geometry import LineString

    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - bend * dy, (y0 + y1) / 2 + bend * dx
    steps = 32
    points = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        points.append((a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1))
    return LineString(points)


def _trade_width(value: float | None) -> float:
    if value is None or pd.isna(value):
        return style.TRADE_WIDTH["no_figure"]
    return style.TRADE_WIDTH["base"] + style.TRADE_WIDTH["per_usd_bn"] * value


def _trade_html(figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    if figures.empty:
        return "<br><i>No trade figure in our data for this year or before.</i>"
    items = "".join(
        f"<li>{escape(r.year)}: {escape(r.figure)}, {escape(r.reporter)} "
        f"<small>({cite(r.source_ids, sources)})</small></li>"
        for r in figures.itertuples()
    )
    return (
        "<br><b>Trade turnover</b> (each reporter's figure)"
        f"<ul style='padding-left:18px;margin:2px 0'>{items}</ul>"
    )


def _frameworks_html(group: pd.DataFrame, sources: pd.DataFrame) -> str:
    items = "".join(
        f"<li><b>{escape(r.framework)}</b> "
        f"({escape(style.label(r.domain, style.DOMAIN_LABELS))}, since "
        f"{escape(r.since_text)}). {escape(r.summary)} "
        f"<small>({cite(r.source_ids, sources)})</small></li>"
        for r in group.itertuples()
    )
    return f"<ul style='padding-left:18px;margin:2px 0'>{items}</ul>"


def partner_map(
    partners: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    domains: Iterable[str] | None = None,
    year: int | None = None,
    tiles: bool = True,
    title: str = "Map of Kazakhstan's partners, one layer per domain",
) -> folium.Map:
    """Lines from Astana to each partner, one switchable layer per domain.

    Line colour shows the domain; each domain's line bows a little differently, so
    the layers of one partner fan out. Line width shows trade turnover: the
    largest figure any reporter gives for the partner's latest year (the popup
    lists every reporter's figure). Partners with a trade figure but no framework
    shown get a grey dashed line in their own layer.

    Parameters
    ----------
    partners, partnerships, indicators, nodes, countries
        Frames as returned by the loaders (default: the loaders). The line start
        is the node ``astana``.
    sources
        The claim ledger for citations.
    domains
        Domain codes to draw (default: all).
    year
        Draw the frameworks that had started by the end of this year, with the
        trade figures of this year or before (default: everything).
    tiles
        Add the optional OpenStreetMap tile layer.
    title
        The map's title (its text alternative).

    Returns
    -------
    folium.Map
    """
    partners = load_partners() if partners is None else partners
    partnerships = load_partnerships() if partnerships is None else partnerships
    indicators = load_indicators() if indicators is None else indicators
    nodes = load_nodes() if nodes is None else nodes
    sources = load_sources() if sources is None else sources
    found = tables.frameworks(partnerships, domains=domains, year=year)
    latest = tables.latest_trade(tables.trade_figures(indicators, partners, year=year))
    widest = latest.groupby("partner")["value"].max()
    astana = nodes.set_index("id").geometry["astana"]
    origin = (astana.x, astana.y)
    places = partners.set_index("partner")
    shown = set(found["partner"]) | set(latest["partner"])
    points = places.loc[sorted(shown & set(places.index))]
    lons = [origin[0], *points["lon"]]
    lats = [origin[1], *points["lat"]]
    m = base_map(
        (min(lons) - 5, min(lats) - 5, max(lons) + 5, max(lats) + 5),
        countries,
        tiles=tiles,
        title=title,
    )

    def line(partner: str, bend: float, colour: str, dash: str | None) -> object:
        row = places.loc[partner]
        return _polyline(
            _arc(origin, (row["lon"], row["lat"]), bend),
            {
                "color": colour,
                "weight": _trade_width(widest.get(partner)),
                "opacity": 0.85,
                "dash_array": dash,
            },
        )

    order = [d for d in style.DOMAIN_LABELS if d in set(found["domain"])]
    for domain in order:
        rows = found[found["domain"] == domain]
        label = style.label(domain, style.DOMAIN_LABELS)
        layer = folium.FeatureGroup(name=f"{label} ({rows['partner'].nunique()})")
        for partner, group in rows.groupby("partner", sort=False):
            name = escape(places.loc[partner, "name"])
            names = "; ".join(
                f"{escape(r.framework)} ({escape(r.since_text)})"
                for r in group.itertuples()
            )
            feature = line(
                partner, style.DOMAIN_BEND[domain], style.DOMAIN_COLOURS[domain], None
            )
            feature.add_child(_tooltip(f"<b>{name}</b>: {escape(label)}<br>{names}"))
            feature.add_child(
                _popup(
                    f"<b>{name}</b>: {escape(label)}"
                    + _frameworks_html(group, sources)
                    + _trade_html(latest[latest["partner"] == partner], sources)
                )
            )
            feature.add_to(layer)
        layer.add_to(m)
    trade_only = sorted(set(latest["partner"]) - set(found["partner"]))
    if trade_only:
        layer = folium.FeatureGroup(
            name=f"Trade figure, no framework shown ({len(trade_only)})"
        )
        for partner in trade_only:
            name = escape(places.loc[partner, "name"])
            feature = line(partner, 0.0, style.TRADE_ONLY_COLOUR, "6 6")
            feature.add_child(_tooltip(f"<b>{name}</b>: trade figure only"))
            feature.add_child(
                _popup(
                    f"<b>{name}</b>"
                    + _trade_html(latest[latest["partner"] == partner], sources)
                )
            )
            feature.add_to(layer)
        layer.add_to(m)
    _add_partner_points(m, points, origin, found, latest, sources)
    _add_partner_legend(m, order, widest, bool(trade_only))
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _add_partner_points(
    m: folium.Map,
    points: pd.DataFrame,
    origin: tuple[float, float],
    found: pd.DataFrame,
    latest: pd.DataFrame,
    sources: pd.DataFrame,
) -> None:
    layer = folium.FeatureGroup(name="Partners (points)", show=True)
    astana = folium.CircleMarker(
        [origin[1], origin[0]],
        radius=7,
        color="#ffffff",
        weight=2,
        fill=True,
        fill_color=style.OKABE_ITO["black"],
        fill_opacity=0.95,
    )
    astana.add_child(_tooltip("<b>Astana</b>: where every line starts"))
    astana.add_to(layer)
    for partner, row in points.iterrows():
        group = found[found["partner"] == partner]
        body = (
            _frameworks_html(group, sources)
            if len(group)
            else "<br><i>No framework in our data for these domains and years.</i>"
        )
        popup = (
            f"<b>{escape(row['name'])}</b> ({escape(row['place'])})"
            + body
            + _trade_html(latest[latest["partner"] == partner], sources)
            + f"<small>Point: {escape(row['place'])}, {row['lat']:.2f}° N, "
            f"{row['lon']:.2f}° E</small>" + _sources_html(row["source_ids"], sources)
        )
        marker = folium.CircleMarker(
            [row["lat"], row["lon"]],
            radius=5,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=style.OKABE_ITO["grey"],
            fill_opacity=0.95,
        )
        marker.add_child(
            _tooltip(f"<b>{escape(row['name'])}</b><br>{escape(row['place'])}")
        )
        marker.add_child(_popup(popup))
        marker.add_to(layer)
    layer.add_to(m)


def _add_partner_legend(
    m: folium.Map, order: list[str], widest: pd.Series, trade_only: bool
) -> None:
    rows = [
        f"<div>{_line_swatch(style.DOMAIN_COLOURS[d], None, 4, 0.85)}"
        f"{escape(style.label(d, style.DOMAIN_LABELS))}</div>"
        for d in order
    ]
    if trade_only:
        rows.append(
            f"<div>{_line_swatch(style.TRADE_ONLY_COLOUR, '6 6', 3, 0.85)}"
            "trade figure, no framework shown</div>"
        )
    if len(widest):
        rows.append("<b>Width: trade turnover (USD bn)</b>")
        for value in sorted({widest.min(), widest.max()}):
            rows.append(
                f"<div>{_line_swatch('#444', None, _trade_width(value), 0.85)}"
                f"{value:,.4g}</div>"
            )
        rows.append(
            f"<div>{_line_swatch('#444', None, _trade_width(None), 0.85)}"
            "no trade figure</div>"
        )
    m.add_child(_legend("Partners by domain", rows))
