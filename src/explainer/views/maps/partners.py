"""The partner map: a line from Astana to each partner, by domain and by trade."""

from __future__ import annotations

from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString

from explainer.analysis import selections
from explainer.data import (
    load_indicators,
    load_nodes,
    load_partners,
    load_partnerships,
    load_sources,
)
from explainer.i18n import t
from explainer.views import style
from explainer.views.maps.base import (
    Popup,
    _key,
    _legend,
    _line_swatch,
    _polyline,
    _popup,
    _tooltip,
    base_map,
)
from explainer.views.maps.behaviour import place_labels
from explainer.views.maps.script import LayerControl
from explainer.views.maps.words import degrees, trade_value
from explainer.views.sources import cite

__all__ = ["partner_map"]


def _arc(start: tuple[float, float], end: tuple[float, float], bend: float) -> object:
    """A gentle curve from ``start`` to ``end`` (lon, lat) bowed by ``bend``.

    A quadratic Bézier whose control point sits ``bend`` times the chord's length
    off its middle, so that lines of different domains to one partner fan out.
    """
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


def _add_trade(popup: Popup, figures: pd.DataFrame, sources: pd.DataFrame) -> Popup:
    if figures.empty:
        return popup.note(
            t(
                "maps.partners.no_trade",
                "No trade figure in our data for this year or before.",
            )
        )
    items = [
        {
            "lead": str(r.year),
            "text": f"{r.figure}, {r.reporter}",
            "sources": cite(r.source_ids, sources),
        }
        for r in figures.itertuples()
    ]
    return popup.heading(
        t("maps.partners.trade", "Trade turnover"),
        t("maps.partners.each_reporter", "(each reporter's figure)"),
    ).items(items)


def _add_frameworks(popup: Popup, group: pd.DataFrame, sources: pd.DataFrame) -> Popup:
    items = [
        {
            "strong": r.framework,
            "text": t(
                "maps.partners.framework",
                "({domain}, since {since}). {summary}",
                domain=style.label(r.domain, style.DOMAIN_LABELS),
                since=r.since_text,
                summary=r.summary,
            ),
            "sources": cite(r.source_ids, sources),
        }
        for r in group.itertuples()
    ]
    return popup.items(items)


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
    title: str | None = None,
    m: folium.Map | None = None,
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
    m
        An existing map to draw on (as ``geopandas.explore`` takes it); default: a
        new :func:`base_map` fitted to the data.
    title
        The map's title (its text alternative); default "Map of Kazakhstan's
        partners, one layer per domain" in the language in use.

    Returns
    -------
    folium.Map
    """
    title = title or t(
        "maps.partners.title", "Map of Kazakhstan's partners, one layer per domain"
    )
    partners = load_partners() if partners is None else partners
    partnerships = load_partnerships() if partnerships is None else partnerships
    indicators = load_indicators() if indicators is None else indicators
    nodes = load_nodes() if nodes is None else nodes
    sources = load_sources() if sources is None else sources
    found = selections.frameworks(partnerships, domains=domains, year=year)
    latest = selections.latest_trade(
        selections.trade_figures(indicators, partners, year=year)
    )
    widest = latest.groupby("partner")["value"].max()
    astana = nodes.set_index("id").geometry["astana"]
    origin = (astana.x, astana.y)
    places = partners.set_index("partner")
    shown = set(found["partner"]) | set(latest["partner"])
    points = places.loc[sorted(shown & set(places.index))]
    lons = [origin[0], *points["lon"]]
    lats = [origin[1], *points["lat"]]
    if m is None:
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
        layer = folium.FeatureGroup(
            name=t(
                "maps.partners.layer",
                "{domain} ({count})",
                domain=label,
                count=rows["partner"].nunique(),
            )
        )
        for partner, group in rows.groupby("partner", sort=False):
            name = places.loc[partner, "name"]
            names = "; ".join(
                f"{r.framework} ({r.since_text})" for r in group.itertuples()
            )
            feature = line(
                partner, style.DOMAIN_BEND[domain], style.DOMAIN_COLOURS[domain], None
            )
            feature.add_child(_tooltip(Popup(name, f": {label}").line(names)))
            popup = _add_frameworks(Popup(name, f": {label}"), group, sources)
            _add_trade(popup, latest[latest["partner"] == partner], sources)
            feature.add_child(_popup(popup))
            feature.add_to(layer)
        layer.add_to(m)
    trade_only = sorted(set(latest["partner"]) - set(found["partner"]))
    if trade_only:
        layer = folium.FeatureGroup(
            name=t(
                "maps.partners.trade_only_layer",
                "Trade figure, no framework shown ({count})",
                count=len(trade_only),
            )
        )
        for partner in trade_only:
            name = places.loc[partner, "name"]
            feature = line(partner, 0.0, style.TRADE_ONLY_COLOUR, "6 6")
            only = t("maps.partners.trade_only_tip", "trade figure only")
            feature.add_child(_tooltip(Popup(name, f": {only}")))
            popup = _add_trade(
                Popup(name), latest[latest["partner"] == partner], sources
            )
            feature.add_child(_popup(popup))
            feature.add_to(layer)
        layer.add_to(m)
    _add_partner_points(m, points, origin, found, latest, sources)
    labels = [(t("maps.place.astana", "Astana"), *origin)] + [
        (row["name"], row["lon"], row["lat"]) for _, row in points.iterrows()
    ]
    m.add_child(place_labels(labels))
    _add_partner_legend(m, order, widest, bool(trade_only))
    LayerControl(collapsed=True).add_to(m)
    return m


def _add_partner_points(
    m: folium.Map,
    points: pd.DataFrame,
    origin: tuple[float, float],
    found: pd.DataFrame,
    latest: pd.DataFrame,
    sources: pd.DataFrame,
) -> None:
    layer = folium.FeatureGroup(
        name=t("maps.partners.points", "Partners (points)"), show=True
    )
    astana = folium.CircleMarker(
        [origin[1], origin[0]],
        radius=7,
        color="#ffffff",
        weight=2,
        fill=True,
        fill_color=style.OKABE_ITO["black"],
        fill_opacity=0.95,
    )
    starts = t("maps.partners.origin", "where every line starts")
    astana.add_child(_tooltip(Popup(t("maps.place.astana", "Astana"), f": {starts}")))
    astana.add_to(layer)
    for partner, row in points.iterrows():
        group = found[found["partner"] == partner]
        popup = Popup(row["name"], f" ({row['place']})")
        if len(group):
            _add_frameworks(popup, group, sources)
        else:
            popup.note(
                t(
                    "maps.partners.no_framework",
                    "No framework in our data for these domains and years.",
                )
            )
        _add_trade(popup, latest[latest["partner"] == partner], sources)
        popup.small(
            t(
                "maps.partners.point",
                "Point: {place}, {lat}° N, {lon}° E",
                place=row["place"],
                lat=degrees(row["lat"], 2),
                lon=degrees(row["lon"], 2),
            )
        ).sources(row["source_ids"], sources)
        marker = folium.CircleMarker(
            [row["lat"], row["lon"]],
            radius=5,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=style.OKABE_ITO["grey"],
            fill_opacity=0.95,
        )
        marker.add_child(_tooltip(Popup(row["name"]).line(row["place"])))
        marker.add_child(_popup(popup))
        marker.add_to(layer)
    layer.add_to(m)


def _add_partner_legend(
    m: folium.Map, order: list[str], widest: pd.Series, trade_only: bool
) -> None:
    rows = [
        _key(
            _line_swatch(style.DOMAIN_COLOURS[d], None, 4, 0.85),
            style.label(d, style.DOMAIN_LABELS),
        )
        for d in order
    ]
    if trade_only:
        rows.append(
            _key(
                _line_swatch(style.TRADE_ONLY_COLOUR, "6 6", 3, 0.85),
                t("maps.partners.trade_only_key", "trade figure, no framework shown"),
            )
        )
    if len(widest):
        width = t("maps.partners.width", "Width: trade turnover (USD bn)")
        rows.append({"heading": width})
        for value in sorted({widest.min(), widest.max()}):
            rows.append(
                _key(
                    _line_swatch("#444", None, _trade_width(value), 0.85),
                    trade_value(value),
                )
            )
        rows.append(
            _key(
                _line_swatch("#444", None, _trade_width(None), 0.85),
                t("maps.partners.no_trade_key", "no trade figure"),
            )
        )
    m.add_child(_legend(t("maps.partners.legend", "Partners by domain"), rows))
