"""Lines checked along their whole length, not only at their ends.

Three rules catch a vertex that is wrong but still inside the region (for instance
one whose longitude and latitude are swapped):

- **The way.** Going from the start node to the end node through any vertex may not
  be longer than the line is allowed to be: :data:`~explainer.data.limits.LENGTH_RATIO`
  times the great-circle distance between the ends (more for ``schematic`` lines).
  The line's own geodesic length must keep to the same limit.
- **Land for land modes.** Every vertex of a ``rail`` or ``road`` line lies on land:
  within the tolerance of the base map
  (:data:`~explainer.data.schema.COUNTRY_TOLERANCE_KM`) of a country of
  ``geo/countries.geojson``; the Caspian and the open seas are not land.
- **Water for water modes.** Every vertex of a ``sea`` or ``ferry`` line is at sea:
  at most that tolerance inside a country's land, or
  :data:`~explainer.data.limits.PORT_APPROACH_KM` inside the country of one of its
  end nodes (canals and estuaries to a port).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from explainer import geo
from explainer.data.errors import Problems, said
from explainer.data.limits import (
    LENGTH_RATIO,
    MIN_CHORD_KM,
    PORT_APPROACH_KM,
    SCHEMATIC_EXTRA_RATIO,
)
from explainer.data.schema import COUNTRY_TOLERANCE_KM

LAND_MODES = ("rail", "road")


_SWAPPED = "are lon/lat swapped? GeoJSON is [longitude, latitude]"


def check_lines(
    frame: pd.DataFrame,
    geometries: Sequence[shapely.Geometry | None],
    modes: Sequence[str | None],
    problems: Problems,
    where: Callable[[int], str],
    nodes: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
) -> None:
    """Check every vertex and the length of every line against its ends and mode.

    Parameters
    ----------
    frame
        The features' properties, with ``from_node``, ``to_node`` and ``precision``.
    geometries
        The features' geometries (``None`` where broken; points are skipped).
    modes
        Each feature's mode (``rail``, ``road``, ``sea``, ``ferry``) or ``None``.
    problems, where
        Where problems go, and how a feature is named.
    nodes, countries
        The loaded nodes and base map.
    """
    base = _BaseMap(countries)
    points = nodes.set_index("id")
    for i, geom in enumerate(geometries):
        mode = modes[i]
        if geom is None or geom.geom_type != "LineString" or mode not in LENGTH_RATIO:
            continue
        coords = shapely.get_coordinates(geom)
        ends, names, codes = [], [], set()
        for column, end in (("from_node", 0), ("to_node", -1)):
            node = frame[column].iloc[i]
            if node is not None and node in points.index:
                ends.append((points.loc[node].geometry.x, points.loc[node].geometry.y))
                names.append(f"node '{node}'")
                codes.add(points.loc[node]["country"])
            else:
                ends.append(tuple(coords[end]))
                names.append("its " + ("first" if end == 0 else "last") + " point")
        schematic = frame["precision"].iloc[i] == "schematic"
        ratio = LENGTH_RATIO[mode] + (SCHEMATIC_EXTRA_RATIO if schematic else 0.0)
        chord = geo.distance_km(*ends)
        allowed = ratio * max(chord, MIN_CHORD_KM)
        between = (
            f"{ratio:g} times the {chord:,.0f} km between {names[0]} and {names[1]}, "
            f"{mode}, {frame['precision'].iloc[i]}"
        )
        for k, (x, y) in enumerate(coords):
            at = f"{where(i)}, coordinates[{k}]"
            if 0 < k < len(coords) - 1:
                _check_way(at, (x, y), ends, allowed, between, base, problems)
            if mode in LAND_MODES:
                base.check_land(at, mode, (x, y), problems)
            else:
                base.check_water(at, mode, (x, y), codes, problems)
        length = geo.length_km(geom)
        if length > allowed:
            problems.add(
                where(i),
                "geometry",
                f"a line of at most {allowed:,.0f} km ({between})",
                said(f"{length:,.0f} km"),
                "check its vertices: is one far off the way, or lon/lat swapped?",
            )


def _check_way(
    at: str,
    point: tuple[float, float],
    ends: list[tuple[float, float]],
    allowed: float,
    between: str,
    base: _BaseMap,
    problems: Problems,
) -> None:
    """A vertex lies on a way from end to end no longer than ``allowed``."""

    def way(p: tuple[float, float]) -> float:
        return geo.distance_km(ends[0], p) + geo.distance_km(p, ends[1])

    through = way(point)
    if through <= allowed:
        return
    x, y = point
    flipped = (y, x)
    hint = _SWAPPED if -90 <= x <= 90 and way(flipped) <= allowed else ""
    problems.add(
        at,
        "geometry",
        f"a vertex on the way between the line's ends: at most {allowed:,.0f} km "
        f"from end to end via it ({between})",
        said(f"lon {x:g}, lat {y:g}{base.name_at(point)}, {through:,.0f} km via it"),
        hint,
    )


class _BaseMap:
    """The countries and seas of ``geo/countries.geojson``, for point queries."""

    def __init__(self, countries: gpd.GeoDataFrame) -> None:
        self.land = countries[countries["kind"] == "country"].reset_index(drop=True)
        self.all = countries.reset_index(drop=True)

    def name_at(self, point: tuple[float, float]) -> str:
        """`` (in Russia)``: the country or sea a point lies in, if any."""
        hits = self.all.sindex.query(Point(point), predicate="intersects")
        return f" (in {self.all['name'].iloc[hits[0]]})" if len(hits) else ""

    def check_land(
        self, at: str, mode: str, point: tuple[float, float], problems: Problems
    ) -> None:
        """A vertex of a land line lies within the map's tolerance of a country."""
        spot = Point(point)
        if len(self.land.sindex.query(spot, predicate="intersects")):
            return
        index = int(np.ravel(self.land.sindex.nearest(spot))[-1])
        nearest = self.land.iloc[index]
        tolerance = COUNTRY_TOLERANCE_KM[nearest["scale"]]
        gap = geo.distance_to_polygon_km(spot, nearest.geometry)
        if gap > tolerance:
            problems.add(
                at,
                "geometry",
                f"a vertex of a {mode} line on land (within {tolerance:g} km of a "
                "country of geo/countries.geojson)",
                said(
                    f"lon {point[0]:g}, lat {point[1]:g}{self.name_at(point)}, "
                    f"{gap:,.0f} km from land ({nearest['name']})"
                ),
            )

    def check_water(
        self,
        at: str,
        mode: str,
        point: tuple[float, float],
        end_countries: set[str],
        problems: Problems,
    ) -> None:
        """A vertex of a water line lies at sea, or near the coast it sails to."""
        spot = Point(point)
        for index in self.land.sindex.query(spot, predicate="intersects"):
            country = self.land.iloc[int(index)]
            if country["iso_a3"] in end_countries:
                tolerance = PORT_APPROACH_KM
            else:
                tolerance = COUNTRY_TOLERANCE_KM[country["scale"]]
            boundary = country.geometry.boundary
            coast = nearest_points(spot, boundary)[1]
            depth = geo.distance_km(point, (coast.x, coast.y))
            if depth > tolerance:
                problems.add(
                    at,
                    "geometry",
                    f"a vertex of a {mode} line at sea (at most {tolerance:g} km "
                    f"inside the land of {country['name']})",
                    said(
                        f"lon {point[0]:g}, lat {point[1]:g}, {depth:,.0f} km "
                        f"inside {country['name']}"
                    ),
                )
