"""The base map, the places on the routes and the route segments (``data/geo/``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from explainer import geo
from explainer.data.errors import Problems, said
from explainer.data.features import read_features
from explainer.data.ledger import (
    PathLike,
    _cached,
    _check_sources,
    _data_dir,
    _features,
    _geoframe,
)
from explainer.data.lines import check_lines
from explainer.data.reading import check_unique
from explainer.data.schema import (
    CORRIDOR_SEGMENTS,
    COUNTRIES,
    COUNTRY_TOLERANCE_KM,
    NODE_TOLERANCE_KM,
    NODES,
)
from explainer.data.translated import localized

__all__ = ["load_corridors", "load_countries", "load_nodes"]


def load_countries(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the vector base map ``geo/countries.geojson`` (Natural Earth admin-0).

    Returns
    -------
    geopandas.GeoDataFrame
        ``iso_a3, iso_n3, name, scale, kind, geometry`` in EPSG:4326; ``kind`` is
        ``country`` or ``sea`` (the Caspian Sea). Names and ISO codes are unique.
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        frame, geometries, problems = read_features(
            folder / "geo" / "countries.geojson",
            "geo/countries.geojson",
            COUNTRIES,
            ("Polygon", "MultiPolygon"),
            region=(-180, -90, 180, 90),
        )
        where = _features(frame)
        check_unique(frame, "name", problems, where)
        check_unique(frame, "iso_a3", problems, where)
        problems.raise_if_any()
        return _geoframe(frame, geometries)

    return _cached("countries", _data_dir(data_dir), build)


def load_nodes(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the places on the routes, ``geo/nodes.geojson``.

    Each point must lie in its declared country (within
    :data:`COUNTRY_TOLERANCE_KM` of its shape, for ports on the coast).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, name, kind, country, role, source_ids, confidence, lon, lat, geometry``.
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        label = "geo/nodes.geojson"
        frame, geometries, problems = read_features(
            folder / "geo" / "nodes.geojson", label, NODES, ("Point",)
        )
        where = _features(frame)
        check_unique(frame, "id", problems, where)
        _check_sources(frame, problems, where, folder)
        _check_countries(frame, geometries, problems, where, folder)
        problems.raise_if_any()
        nodes = _geoframe(frame, geometries)
        nodes["lon"] = nodes.geometry.x
        nodes["lat"] = nodes.geometry.y
        return nodes

    folder = _data_dir(data_dir)
    return localized("nodes", _cached("nodes", folder, build), folder)


def _check_countries(
    frame: pd.DataFrame,
    geometries: list,
    problems: Problems,
    where: Callable[[int], str],
    folder: Path,
    column: str = "country",
) -> None:
    """Each point lies in (or near) the country its ``column`` names."""
    countries = load_countries(folder)
    shapes = countries[countries["kind"] == "country"].set_index("iso_a3")
    for i, (code, point) in enumerate(zip(frame[column], geometries, strict=True)):
        if code is None or point is None:
            continue
        if code not in shapes.index:
            problems.add(
                where(i), column, "a country code of geo/countries.geojson", code
            )
            continue
        shape_row = shapes.loc[code]
        tolerance = COUNTRY_TOLERANCE_KM[shape_row["scale"]]
        distance = geo.distance_to_polygon_km(point, shape_row.geometry)
        if distance > tolerance:
            flipped = Point(point.y, point.x)
            hint = (
                "are lon/lat swapped? GeoJSON is [longitude, latitude]"
                if geo.distance_to_polygon_km(flipped, shape_row.geometry) <= tolerance
                else "check the coordinates or the country code"
            )
            problems.add(
                where(i),
                "geometry",
                f"a point within {tolerance:g} km of {code} ({shape_row['name']})",
                said(f"lon {point.x:g}, lat {point.y:g}, {distance:.0f} km outside it"),
                hint,
            )


def _check_ends(
    frame: pd.DataFrame,
    geometries: list,
    problems: Problems,
    where: Callable[[int], str],
    nodes: gpd.GeoDataFrame,
) -> None:
    """Node references exist, and each line starts and ends on its nodes."""
    points = nodes.set_index("id").geometry
    for i, geom in enumerate(geometries):
        for column, end in (("from_node", 0), ("to_node", -1)):
            node = frame[column].iloc[i]
            if node is None or pd.isna(node):
                continue
            if node not in points.index:
                problems.add(where(i), column, "a node id of geo/nodes.geojson", node)
                continue
            if geom is None or geom.geom_type != "LineString":
                continue  # a point project names no line ends
            x, y = geom.coords[end]
            target = points.loc[node]
            gap = geo.distance_km((x, y), (target.x, target.y))
            if gap > NODE_TOLERANCE_KM:
                side = "start" if end == 0 else "end"
                problems.add(
                    where(i),
                    "geometry",
                    f"the line to {side} at node '{node}' "
                    f"(lon {target.x:g}, lat {target.y:g}, "
                    f"within {NODE_TOLERANCE_KM:g} km)",
                    said(f"it {side}s at lon {x:g}, lat {y:g}, {gap:.1f} km away"),
                )


def load_corridors(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the route segments, ``geo/corridors.geojson``, with geodesic lengths.

    Each line starts and ends on its nodes and is checked along its whole length
    (:mod:`explainer.data.lines`): every vertex on the way between its ends, on land
    or at sea as its mode says, and the length within a ratio of the distance
    between the ends.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, corridor, branch, seq, from_node, to_node, mode, precision, source_ids,
        note, length_km, geometry``; ``length_km`` is computed on the WGS84 ellipsoid.
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        label = "geo/corridors.geojson"
        frame, geometries, problems = read_features(
            folder / "geo" / "corridors.geojson",
            label,
            CORRIDOR_SEGMENTS,
            ("LineString",),
        )
        where = _features(frame)
        check_unique(frame, "id", problems, where)
        _check_sources(frame, problems, where, folder)
        nodes = load_nodes(folder)
        _check_ends(frame, geometries, problems, where, nodes)
        check_lines(
            frame,
            geometries,
            list(frame["mode"]),
            problems,
            where,
            nodes,
            load_countries(folder),
        )
        problems.raise_if_any()
        segments = _geoframe(frame, geometries)
        segments.insert(len(CORRIDOR_SEGMENTS), "length_km", geo.lengths_km(geometries))
        return segments

    folder = _data_dir(data_dir)
    return localized("corridors", _cached("corridors", folder, build), folder)
