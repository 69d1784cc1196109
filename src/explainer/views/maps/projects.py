"""The project map: the highway and the other projects, by status."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from explainer.data import (
    load_nodes,
    load_project_events,
    load_projects,
    load_sources,
)
from explainer.i18n import t
from explainer.text import date_text, number_text
from explainer.views import style
from explainer.views.maps.base import (
    Popup,
    _key,
    _layer_name,
    _legend,
    _line_swatch,
    _polyline,
    _popup,
    _segment_style,
    _tooltip,
    base_map,
)
from explainer.views.maps.behaviour import place_labels, short_name
from explainer.views.maps.script import LayerControl
from explainer.views.maps.words import precision_label, status_label
from explainer.views.sources import cite

__all__ = ["project_map"]

#: The places the project pages name, labelled on the map (node id -> label).
PLACES = {
    "beineu": "Beineu",
    "saksaulskaya": "Sekseuil",
    "aktobe": "Aktobe",
    "atyrau": "Atyrau",
    "aktau": "Aktau",
    "zhezkazgan": "Zhezkazgan",
    "shalkar": "Shalkar",
    "kuryk": "Kuryk",
}


def _place_names() -> dict[str, str]:
    """:data:`PLACES` in the language in use (official Kazakh and Russian forms)."""
    names = {
        "beineu": t("maps.place.beineu", "Beineu"),
        "saksaulskaya": t("maps.place.saksaulskaya", "Sekseuil"),
        "aktobe": t("maps.place.aktobe", "Aktobe"),
        "atyrau": t("maps.place.atyrau", "Atyrau"),
        "aktau": t("maps.place.aktau", "Aktau"),
        "zhezkazgan": t("maps.place.zhezkazgan", "Zhezkazgan"),
        "shalkar": t("maps.place.shalkar", "Shalkar"),
        "kuryk": t("maps.place.kuryk", "Kuryk"),
    }
    return {ident: names.get(ident, label) for ident, label in PLACES.items()}


def project_map(
    projects: gpd.GeoDataFrame | None = None,
    events: pd.DataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    context: gpd.GeoDataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    places: dict[str, str] | None = None,
    sources: pd.DataFrame | None = None,
    tiles: bool = True,
    title: str | None = None,
    m: folium.Map | None = None,
) -> folium.Map:
    """Infrastructure projects coloured by status, dated steps in each popup.

    Parameters
    ----------
    projects, events, countries
        Frames as returned by the loaders (default: the loaders).
    context
        Extra segments to draw in grey beneath the projects (e.g. today's road
        links), with ``id, corridor, branch, mode, precision, length_km``.
    nodes
        The places (default: :func:`explainer.load_nodes`).
    places
        Node ids to label, with their labels (empty: the node's short name), in
        order of priority (default: :data:`PLACES`); only those inside the map's
        bounds are drawn.
    sources
        The claim ledger for citations.
    tiles
        Add the optional OpenStreetMap tile layer.
    m
        An existing map to draw on (as ``geopandas.explore`` takes it); default: a
        new :func:`base_map` fitted to the data.
    title
        The map's title (its text alternative); default "Map of infrastructure
        projects on the Middle Corridor" in the language in use.

    Returns
    -------
    folium.Map
    """
    title = title or t(
        "maps.projects.title", "Map of infrastructure projects on the Middle Corridor"
    )
    projects = load_projects() if projects is None else projects
    events = load_project_events() if events is None else events
    sources = load_sources() if sources is None else sources
    frames = [projects] if context is None else [projects, context]
    lon0, lat0, lon1, lat1 = pd.concat(frames).total_bounds
    pad = max(lon1 - lon0, lat1 - lat0) * 0.08 + 0.5
    if m is None:
        m = base_map(
            (lon0 - pad, lat0 - pad, lon1 + pad, lat1 + pad),
            countries,
            tiles=tiles,
            title=title,
            clip=(lon0 - 20, lat0 - 12, lon1 + 20, lat1 + 12),
        )
    nodes = load_nodes() if nodes is None else nodes
    m.add_child(
        place_labels(
            _labelled(
                nodes,
                _place_names() if places is None else places,
                pad,
                (lon0, lat0, lon1, lat1),
            )
        )
    )
    if context is not None and len(context):
        layer = folium.FeatureGroup(
            name=t("maps.projects.existing", "Existing links (for comparison)"),
            show=True,
        )
        for _, row in context.iterrows():
            # Existing links in neutral dark grey, so status colours stay unambiguous.
            line_style = _segment_style(row, style.CONTEXT_COLOUR)
            tip = Popup(_layer_name(row["corridor"], row["branch"])).line(
                t(
                    "maps.projects.existing_link",
                    "{mode}, {length} (our geometry)",
                    mode=style.label(row["mode"], style.MODE_LABELS),
                    length=number_text(row["length_km"], "km", digits=0),
                )
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
            name=t(
                "maps.projects.layer", "Projects: {status}", status=status_label(status)
            ),
            show=True,
        )
        for _, row in group.iterrows():
            content = _project_popup(row, events, sources)
            tip = Popup(row["name"]).line(status_label(status))
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
            rows.append(_key(swatch, status_label(status)))
    if context is not None and len(context):
        for mode in dict.fromkeys(context["mode"]):
            swatch = _line_swatch(style.CONTEXT_COLOUR, style.MODE_DASH[mode], 3, 0.9)
            label = style.label(mode, style.MODE_LABELS)
            existing = t("maps.projects.existing_mode", "existing {mode}", mode=label)
            rows.append(_key(swatch, existing))
    legend = t("maps.projects.legend", "Project status (latest dated step)")
    m.add_child(_legend(legend, rows))
    LayerControl(collapsed=True).add_to(m)
    return m


def _labelled(
    nodes: gpd.GeoDataFrame,
    places: dict[str, str],
    pad: float,
    bounds: tuple[float, float, float, float],
) -> list[tuple[str, float, float]]:
    """``(label, lon, lat)`` of the chosen places that lie inside the map."""
    lon0, lat0, lon1, lat1 = bounds
    found = nodes.set_index("id")
    inside = found.cx[lon0 - pad : lon1 + pad, lat0 - pad : lat1 + pad]
    return [
        (
            label or short_name(inside.loc[ident, "name"]),
            inside.geometry[ident].x,
            inside.geometry[ident].y,
        )
        for ident, label in places.items()
        if ident in inside.index
    ]


def _project_popup(
    row: pd.Series, events: pd.DataFrame, sources: pd.DataFrame
) -> Popup:
    steps = events[events["project_id"] == row["id"]].sort_values("date")
    items = [
        {
            "lead": date_text(e.date, e.date_precision),
            "strong": status_label(e.status) + ".",
            "text": e.event,
            "sources": cite(e.source_ids, sources),
        }
        for e in steps.itertuples()
    ]
    reported = ""
    if pd.notna(row.get("reported_length_km")):
        reported += t(
            "maps.projects.reported",
            "Reported length: {length}. ",
            length=number_text(row["reported_length_km"], "km", digits=0),
        )
    if row.geometry.geom_type == "LineString":
        reported += t(
            "maps.projects.ours",
            "Our geometry: {length} ({precision}). ",
            length=number_text(row["length_km"], "km", digits=0),
            precision=precision_label(row["precision"]),
        )
    return (
        Popup(row["name"])
        .line(row["summary"])
        .small(reported.strip())
        .items(items, ordered=True)
        .sources(row["source_ids"], sources)
    )
