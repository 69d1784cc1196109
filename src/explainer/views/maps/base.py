"""The base of every map: offline Leaflet, the vector base map, legends, popups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import xyzservices
from branca.element import Element, Figure
from markupsafe import Markup

from explainer.data import load_countries
from explainer.i18n import language, t
from explainer.views import assets, dark, style
from explainer.views.html import render
from explainer.views.maps.behaviour import behaviour, behaviour_uri
from explainer.views.maps.script import PARENT, _js, _Script
from explainer.views.maps.words import sea_label
from explainer.views.sources import cite

#: The optional tile layer (the only network use of a map), from xyzservices, as
#: ``geopandas.explore`` takes it; its attribution is the provider's own.
TILES = xyzservices.providers.OpenStreetMap.Mapnik
OSM_URL = TILES.build_url()
OSM_ATTRIBUTION = TILES.html_attribution
#: The base map's credit in English (maps write it in the language in use, from
#: ``templates/maps/attribution.html.j2``).
NATURAL_EARTH_ATTRIBUTION = (
    'Base map: <a href="https://www.naturalearthdata.com/">Natural Earth</a> '
    "(public domain)"
)


#: How the base map's land and water are drawn (see ``templates/maps/basemap.js``).
BASE_STYLE = {
    "land": style.LAND,
    "edge": style.LAND_EDGE,
    "water": style.WATER,
    "weight": 0.6,
}

#: Maps narrower than this (pixels) start with their legend folded.
LEGEND_FOLDED_BELOW_PX = 520


def _tooltip(content: Popup) -> _Script:
    html = str(content.html())
    return _Script(f"{PARENT}.bindTooltip({_js(html)}, {{sticky: true}});")


def _popup(content: Popup) -> _Script:
    html = str(content.html())
    return _Script(f"{PARENT}.bindPopup({_js(html)}, {{maxWidth: 320}});")


class Popup:
    """The HTML of a tooltip or popup, built from parts and rendered by one template.

    Every part is text (escaped when rendered) or Markup the library made (a
    citation); methods return the popup, so parts chain.
    """

    def __init__(self, title: str = "", after: str = "") -> None:
        self.parts: list[dict[str, Any]] = []
        if title:
            self.parts.append({"kind": "title", "text": title, "after": after})

    def _add(self, kind: str, text: object, **extra: Any) -> Popup:
        self.parts.append({"kind": kind, "text": text, "after": "", **extra})
        return self

    def line(self, text: object) -> Popup:
        """A line of text."""
        return self._add("line", text)

    def note(self, text: object) -> Popup:
        """A line in italics."""
        return self._add("note", text)

    def heading(self, text: str, after: str = "") -> Popup:
        """A bold line, then plain text after it."""
        return self._add("heading", text, after=after)

    def small(self, text: object) -> Popup:
        """A line in small print."""
        return self._add("small", text)

    def items(self, items: list[dict[str, Any]], *, ordered: bool = False) -> Popup:
        """A list; each item has any of ``lead, strong, text, sources``."""
        return self._add("items", "", entries=items, ordered=ordered)

    def sources(self, source_ids: Iterable[str] | str, sources: pd.DataFrame) -> Popup:
        """The linked citations of some sources."""
        ids = source_ids if isinstance(source_ids, str) else tuple(source_ids)
        return self._add("sources", cite(ids, sources))

    def html(self) -> Markup:
        """The popup as HTML."""
        return render("maps/popup.html.j2", parts=self.parts)


#: Leaflet's own defaults of path options (``L.Path``, ``L.Polyline``,
#: ``L.CircleMarker``): folium writes every option out; a map leaves these out.
_PATH_DEFAULTS: dict[str, Any] = {
    "stroke": True,
    "opacity": 1.0,
    "lineCap": "round",
    "lineJoin": "round",
    "dashArray": None,
    "dashOffset": None,
    "fillOpacity": 0.2,
    "fillRule": "evenodd",
    "bubblingMouseEvents": True,
}
_LINE_DEFAULTS = {**_PATH_DEFAULTS, "fill": False, "smoothFactor": 1.0, "noClip": False}
_MARKER_DEFAULTS = {**_PATH_DEFAULTS, "fill": True, "radius": 10}


def _lean_options(element: object) -> None:
    """Leave out the options of a path layer that are Leaflet's defaults anyway."""
    if isinstance(element, folium.PolyLine | folium.Polygon):
        defaults = _LINE_DEFAULTS
    elif isinstance(element, folium.CircleMarker):
        defaults = _MARKER_DEFAULTS
    else:
        return
    options = element.options
    lean = {
        key: value
        for key, value in options.items()
        if not (key in defaults and value == defaults[key])
    }
    if lean.get("fillColor") is not None and lean.get("fillColor") == lean.get("color"):
        del lean["fillColor"]  # Leaflet fills with the line colour by default
    element.options = lean


class _Map(folium.Map):
    """A folium map whose path layers leave out Leaflet's default options."""

    def render(self, **kwargs: Any) -> None:
        stack = list(self._children.values())
        while stack:
            element = stack.pop()
            _lean_options(element)
            stack.extend(element._children.values())
        super().render(**kwargs)


class _Document(Figure):
    """The map's HTML document, without folium's indentation (smaller pages).

    Safe because no script of a map holds a multi-line string: texts go in as JSON.
    """

    def render(self, **kwargs: Any) -> str:
        return re.sub(r"\n\s+", "\n", super().render(**kwargs))


def base_map(
    bounds: tuple[float, float, float, float],
    countries: gpd.GeoDataFrame | None = None,
    *,
    tiles: bool = True,
    title: str = "",
    clip: tuple[float, float, float, float] | None = None,
    padding: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0)),
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
    padding
        Pixels kept clear around ``bounds``, ``((left, top), (right, bottom))``
        (e.g. room for a legend); the "reset view" button returns to the same view.
    """
    custom = countries
    countries = load_countries() if countries is None else countries
    m = _Map(
        tiles=None,
        # Leaflet's scale writes "km" and miles; other editions get their own below.
        control_scale=language() == "en",
        zoom_start=3,
        min_zoom=2,
        zoom_snap=0.25,
        world_copy_jump=True,
    )
    _Document().add_child(m)
    # Leaflet from the installed package, inline; nothing else (no jQuery/Bootstrap).
    m.default_js = [("leaflet", assets.leaflet_js_uri())]
    m.default_css = [("leaflet_css", assets.leaflet_css_uri())]
    root = m.get_root()
    root.title = title
    root.header.add_child(
        Element(
            # The style module's constants, trusted (CSS is not HTML-escaped).
            render(
                "maps/styles.html.j2",
                font=Markup(style.FONT),
                water=Markup(style.WATER),
                greys=("#444", style.CONTEXT_COLOUR),
                dark=dark.MAP,
                narrow=LEGEND_FOLDED_BELOW_PX - 1,
            )
        )
    )
    folium.map.CustomPane("basemap", z_index=150, pointer_events=False).add_to(m)
    # The shapes come from one script every map shares (a data: URI the site build
    # swaps for static/basemap.js); the map only names the ones it keeps.
    m.default_js.append(("basemap", assets.basemap_uri(custom)))
    # The code of how a map behaves (behaviour.js), shared in the same way.
    m.default_js.append(("behaviour", behaviour_uri()))
    shapes = (
        countries
        if clip is None
        else countries.cx[clip[0] : clip[2], clip[1] : clip[3]]
    )
    names = None if clip is None else shapes["name"].tolist()
    m.add_child(
        _Script(f"explainerBasemap.add({PARENT}, {_js(names)}, {_js(BASE_STYLE)});")
    )
    m.add_child(
        _Script(
            f"{PARENT}.attributionControl.addAttribution("
            f"{_js(render('maps/attribution.html.j2'))});"
        )
    )
    if language() != "en":  # Leaflet's own buttons are titled in English
        m.add_child(_zoom_labels())
        m.add_child(_metric_scale())
    for row in shapes[shapes["kind"] == "sea"].itertuples():
        # A permanent tooltip as the label (a Marker would load Leaflet's icon images).
        point = row.geometry.representative_point()
        m.add_child(
            _Script(
                "L.tooltip({permanent: true, direction: 'center', interactive: false, "
                "className: 'explainer-label'})"
                f".setLatLng([{point.y:.3f}, {point.x:.3f}])"
                f".setContent({_js(render('text.html.j2', text=sea_label(row.name)))})"
                f".addTo({PARENT});"
            )
        )
    if tiles:
        folium.TileLayer(
            OSM_URL,
            attr=OSM_ATTRIBUTION,
            name=t("maps.tiles", "OpenStreetMap tiles (online)"),
            overlay=True,
            control=True,
            show=True,
            opacity=0.75,
            max_zoom=TILES.get("max_zoom", 19),
        ).add_to(m)
    top_left, bottom_right = padding
    first = folium.FitBounds(
        [[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
        padding_top_left=top_left,
        padding_bottom_right=bottom_right,
    )
    # At once, not animated: Leaflet starts an animated zoom in the next animation
    # frame, which can come after the behaviour's own fit (a map out of view gets
    # its frames late) and would then end the map on this legend-blind view.
    first.options["animate"] = False
    m.add_child(first)
    fit = {"paddingTopLeft": top_left, "paddingBottomRight": bottom_right}
    m.add_child(behaviour(bounds, fit))
    return m


def _zoom_labels() -> _Script:
    """Leaflet's own buttons (zoom, layers) titled in the language in use.

    Run once every control of the map is added (the layer control comes last).
    """
    labels = {
        ".leaflet-control-zoom-in": t("maps.zoom_in", "Zoom in"),
        ".leaflet-control-zoom-out": t("maps.zoom_out", "Zoom out"),
        ".leaflet-control-layers-toggle": t("maps.layers", "Layers"),
    }
    return _Script(
        "(function(box, labels){setTimeout(function(){"
        "Object.keys(labels).forEach(function(k){"
        "var b = box.querySelector(k); if (b) {b.title = labels[k]; "
        "b.setAttribute('aria-label', labels[k]);}});}, 0);})"
        f"({PARENT}.getContainer(), {_js(labels)});"
    )


def _metric_scale() -> _Script:
    """Leaflet's scale bar, metric only, its units in the language in use.

    Leaflet writes ``"m"`` and ``"km"`` itself; this scale writes them through the
    catalogue (and leaves out miles, which readers of these editions do not use).
    """
    units = {"m": t("maps.scale.m", "m"), "km": t("maps.scale.km", "km")}
    return _Script(
        "(function(u){var s = L.control.scale({imperial: false});"
        "s._updateMetric = function(max){var n = this._getRoundNum(max);"
        "var text = n < 1000 ? n + '\u00a0' + u.m : (n / 1000) + '\u00a0' + u.km;"
        "this._updateScale(this._mScale, text, n / max);};"
        f"s.addTo({PARENT});}})({_js(units)});"
    )


def _legend(title: str, rows: list[dict[str, Any]]) -> _Script:
    """A foldable legend in the bottom-left corner (readers can fold it away).

    ``rows``: ``{"heading": text}`` or ``{"swatch": ..., "label": text}``.
    """
    content = str(render("maps/legend.html.j2", title=title, rows=rows))
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


def _line_swatch(
    colour: str, dash: str | None, weight: float, opacity: float
) -> dict[str, Any]:
    """A legend swatch of a line."""
    return {
        "kind": "line",
        "colour": colour,
        "dash": dash,
        "weight": weight,
        "opacity": opacity,
    }


def _dot_swatch(colour: str, radius: float) -> dict[str, Any]:
    """A legend swatch of a place's dot."""
    return {"kind": "dot", "colour": colour, "radius": radius}


def _key(swatch: dict[str, Any], label: object) -> dict[str, Any]:
    """A legend row: a swatch and its label."""
    return {"swatch": swatch, "label": label}


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
