"""Geometry: geodesic lengths and distances, route assembly, simplification.

Everything here works on the WGS84 ellipsoid (EPSG:4326 coordinates) with
:class:`pyproj.Geod`, so lengths are true distances on the Earth, not degrees.
Nothing here draws.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Geod
from shapely.ops import nearest_points

__all__ = ["assemble_route", "length_km"]

#: Mean Earth radius (km), for the chord distances of :func:`first_return`.
EARTH_RADIUS_KM = 6371.0088

if TYPE_CHECKING:
    import geopandas as gpd

GEOD = Geod(ellps="WGS84")


def length_km(geometry: shapely.Geometry) -> float:
    """Geodesic length of a line (or the perimeter of a polygon) in kilometres.

    Parameters
    ----------
    geometry
        A shapely geometry in lon/lat degrees (EPSG:4326).

    Returns
    -------
    float
        The length along the WGS84 ellipsoid; 0.0 for points and empty geometries.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(length_km(LineString([(0, 0), (1, 0)])), 1)
    111.3
    """
    if geometry is None or geometry.is_empty:
        return 0.0
    return GEOD.geometry_length(geometry) / 1000.0


def lengths_km(geometries: Iterable[shapely.Geometry]) -> list[float]:
    """Geodesic lengths of many geometries, in kilometres."""
    return [length_km(g) for g in geometries]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two ``(lon, lat)`` points, in kilometres."""
    _, _, metres = GEOD.inv(a[0], a[1], b[0], b[1])
    return metres / 1000.0


def distance_to_polygon_km(point: shapely.Point, polygon: shapely.Geometry) -> float:
    """Geodesic distance from a point to the nearest point of a polygon (0 inside)."""
    if polygon.is_empty:
        return float("inf")
    if polygon.covers(point):
        return 0.0
    nearest = nearest_points(point, polygon)[1]
    return distance_km((point.x, point.y), (nearest.x, nearest.y))


def countries_along(
    line: shapely.Geometry, countries: gpd.GeoDataFrame, min_km: float = 5.0
) -> list[str]:
    """The countries a line passes through, in order along the line.

    Parameters
    ----------
    line
        A LineString in lon/lat degrees.
    countries
        Polygons with an ``iso_a3`` column (e.g. :func:`explainer.load_countries`).
    min_km
        Pieces shorter than this are ignored: a simplified line can clip a corner of
        a neighbouring country that the real track does not enter.

    Returns
    -------
    list of str
        ISO 3166-1 alpha-3 codes; a country appears again if the line re-enters it.
    """
    candidates = countries.iloc[countries.sindex.query(line, predicate="intersects")]
    pieces = []
    for shape, code in zip(candidates.geometry, candidates["iso_a3"], strict=True):
        for part in shapely.get_parts(line.intersection(shape)):
            if part.geom_type == "LineString" and length_km(part) >= min_km:
                middle = part.interpolate(0.5, normalized=True)
                pieces.append((line.project(middle), code))
    ordered = [code for _, code in sorted(pieces)]
    return [c for i, c in enumerate(ordered) if i == 0 or ordered[i - 1] != c]


def assemble_route(
    segments: gpd.GeoDataFrame, segment_ids: Sequence[str]
) -> gpd.GeoDataFrame:
    """The segments of an itinerary, in travel order, with cumulative distances.

    Parameters
    ----------
    segments
        Segments with at least ``id``, ``from_node``, ``to_node``, ``mode``,
        ``length_km`` and a geometry (e.g. corridors and linear projects together).
    segment_ids
        The itinerary, in travel order.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per segment in order, with ``order`` (1, 2, ...),
        ``start_km`` and ``end_km`` (cumulative distance along the route).

    Raises
    ------
    KeyError
        If a segment id is unknown.
    ValueError
        If two consecutive segments do not share a node.
    """
    by_id = segments.set_index("id", drop=False)
    missing = [s for s in segment_ids if s not in by_id.index]
    if missing:
        msg = f"unknown segment id(s) {missing}; known: {sorted(by_id.index)[:10]}..."
        raise KeyError(msg)
    route = by_id.loc[list(segment_ids)].reset_index(drop=True)
    for prev, nxt in zip(route.itertuples(), route.iloc[1:].itertuples(), strict=False):
        if prev.to_node != nxt.from_node:
            msg = (
                f"segment '{prev.id}' ends at '{prev.to_node}' but the next segment "
                f"'{nxt.id}' starts at '{nxt.from_node}'"
            )
            raise ValueError(msg)
    route.insert(0, "order", range(1, len(route) + 1))
    route["end_km"] = route["length_km"].cumsum()
    route["start_km"] = route["end_km"] - route["length_km"]
    return route


def simplify(geometry: shapely.Geometry, tolerance_deg: float) -> shapely.Geometry:
    """Simplify a geometry for display, keeping it valid.

    Parameters
    ----------
    geometry
        A shapely geometry in lon/lat degrees.
    tolerance_deg
        The largest allowed deviation, in degrees (0.01 degree is about 1 km).
    """
    return shapely.simplify(geometry, tolerance_deg, preserve_topology=True)


@dataclass(frozen=True)
class Return:
    """Where a path comes back to a place it already passed (see :func:`first_return`).

    Attributes
    ----------
    left, back : tuple of float
        ``(lon, lat)`` where the path left the place and where it came back.
    turn : tuple of float
        ``(lon, lat)`` of the farthest point of the excursion.
    detour_km : float
        Length of the path from leaving the place to coming back to it.
    """

    left: tuple[float, float]
    back: tuple[float, float]
    turn: tuple[float, float]
    detour_km: float


def _unit_vectors(points: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(points[:, 0]), np.radians(points[:, 1])
    return np.column_stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]
    )


def _densify(coords: Sequence[tuple[float, float]], step_km: float) -> np.ndarray:
    """Points along a lon/lat path at most about ``step_km`` apart."""
    out = [coords[0]]
    for a, b in itertools.pairwise(coords):
        n = max(1, math.ceil(distance_km(a, b) / step_km))
        out += [
            (a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n)
            for k in range(1, n + 1)
        ]
    return np.asarray(out, dtype=float)


def first_return(
    coords: Sequence[tuple[float, float]],
    *,
    near_km: float = 5.0,
    after_km: float = 30.0,
) -> Return | None:
    """Where a path first comes back within ``near_km`` of a place it already passed.

    A place counts as passed when the path went through it at least ``after_km``
    earlier, so the ordinary closeness of neighbouring points never counts; an
    out-and-back (A to B and back to A) does, and so does a loop.

    Parameters
    ----------
    coords
        The path's ``(lon, lat)`` points, in travel order.
    near_km, after_km
        How close counts as coming back, and how far it must have travelled since.

    Returns
    -------
    Return or None
        The first excursion found, or ``None`` if the path never doubles back.
    """
    points = _densify(coords, near_km / 2)
    along = np.concatenate(
        [[0.0], np.cumsum([distance_km(a, b) for a, b in itertools.pairwise(points)])]
    )
    xyz = _unit_vectors(points)
    chord = 2 * math.sin(near_km / EARTH_RADIUS_KM / 2)
    # Candidate pairs from a spatial index (a tolerance in degrees wide enough at
    # the path's highest latitude), then the exact test on the sphere.
    top = math.radians(float(np.abs(points[:, 1]).max()))
    widest = near_km / 111.0 / max(math.cos(top), 0.05)
    geoms = shapely.points(points)
    later, earlier = shapely.STRtree(geoms).query(geoms, "dwithin", widest)
    keep = along[earlier] <= along[later] - after_km
    later, earlier = later[keep], earlier[keep]
    gaps = np.linalg.norm(xyz[later] - xyz[earlier], axis=1)
    keep = gaps <= chord
    later, earlier, gaps = later[keep], earlier[keep], gaps[keep]
    if not len(later):
        return None
    nearest: dict[int, int] = {}
    for k in np.argsort(gaps, kind="stable"):  # the closest earlier point wins
        nearest.setdefault(int(later[k]), int(earlier[k]))
    # Follow the path from its first return while it stays on ground it covered.
    end = min(nearest)
    while end + 1 in nearest:
        end += 1
    left = nearest[end]
    loop = slice(left, end + 1)
    far = left + int(np.argmax(np.linalg.norm(xyz[loop] - xyz[left], axis=1)))
    return Return(
        left=tuple(points[left]),
        back=tuple(points[end]),
        turn=tuple(points[far]),
        detour_km=float(along[end] - along[left]),
    )
