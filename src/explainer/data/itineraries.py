"""Rules for whole itineraries: a route must not double back on itself.

A route is assembled from segments end to end. The segments may each be fine and
the route still nonsense: a road that drives from Dossor to Atyrau and back to
Dossor adds a detour that no truck drives, and every distance and time computed on
it is wrong. :func:`check_no_return` finds such an excursion on the assembled line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import geopandas as gpd
import pandas as pd

from explainer import geo
from explainer.data.errors import Problems, said

#: A route "comes back" when it passes within this distance (km) of a place it
#: already went through ...
RETURN_NEAR_KM = 5.0
#: ... at least this far (km) earlier along the route (so that neighbouring points
#: of one road never count).
RETURN_AFTER_KM = 30.0


def route_coords(segments: pd.DataFrame, ids: Sequence[str]) -> list[tuple]:
    """The ``(lon, lat)`` points of a route, its segments joined end to end."""
    coords: list[tuple] = []
    for ident in ids:
        points = list(segments.loc[ident, "geometry"].coords)
        coords += points if not coords else points[1:]
    return coords


def _place(nodes: gpd.GeoDataFrame, point: tuple[float, float]) -> str:
    """A point as a reader finds it: a node, or coordinates near a node."""
    gaps = [geo.distance_km(point, (p.x, p.y)) for p in nodes.geometry]
    best = min(range(len(gaps)), key=gaps.__getitem__)
    node = nodes["id"].iloc[best]
    if gaps[best] <= RETURN_NEAR_KM:
        return f"node '{node}'"
    lon, lat = point
    return f"lon {lon:.2f}, lat {lat:.2f} ({gaps[best]:.0f} km from node '{node}')"


def check_no_return(
    route_id: str,
    coords: Sequence[tuple[float, float]],
    nodes: gpd.GeoDataFrame,
    problems: Problems,
    where: Callable[[], str],
) -> None:
    """Record a problem if the route doubles back (:func:`geo.first_return`)."""
    found = geo.first_return(coords, near_km=RETURN_NEAR_KM, after_km=RETURN_AFTER_KM)
    if found is None:
        return
    problems.add(
        where(),
        "segment_ids",
        f"a route that never comes back within {RETURN_NEAR_KM:g} km of a place it "
        f"passed at least {RETURN_AFTER_KM:g} km earlier",
        said(
            f"route '{route_id}' doubles back: it leaves {_place(nodes, found.left)}, "
            f"turns at {_place(nodes, found.turn)} and is back at "
            f"{_place(nodes, found.back)}, a detour of {found.detour_km:,.0f} km"
        ),
        "drop the out-and-back, or route the line along the road actually driven",
    )
