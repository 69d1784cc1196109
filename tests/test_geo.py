"""Geodesic lengths and route assembly."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from explainer import geo


def test_one_degree_of_longitude_at_the_equator():
    # WGS84 equatorial radius 6378.137 km: 2*pi*a/360 = 111.319 km
    assert geo.length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(
        111.319, abs=0.01
    )


def test_one_degree_of_latitude_is_shorter_at_the_equator_than_at_the_pole():
    near_equator = geo.length_km(LineString([(0, 0), (0, 1)]))
    near_pole = geo.length_km(LineString([(0, 88), (0, 89)]))
    assert near_equator == pytest.approx(110.574, abs=0.01)
    assert near_pole > near_equator


def test_length_of_a_polyline_is_the_sum_of_its_parts():
    a, b, c = (51.15, 43.65), (49.41, 39.95), (44.80, 41.72)
    whole = geo.length_km(LineString([a, b, c]))
    assert whole == pytest.approx(geo.distance_km(a, b) + geo.distance_km(b, c))


def test_empty_and_points_have_no_length():
    assert geo.length_km(LineString()) == 0.0
    assert geo.length_km(Point(1, 1)) == 0.0


def test_distance_to_polygon():
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert geo.distance_to_polygon_km(Point(0.5, 0.5), square) == 0.0
    assert geo.distance_to_polygon_km(Point(2, 0.5), square) == pytest.approx(
        111.3, abs=0.2
    )


def frame():
    rows = [
        {
            "id": "a",
            "from_node": "x",
            "to_node": "y",
            "mode": "rail",
            "geometry": LineString([(0, 0), (1, 0)]),
        },
        {
            "id": "b",
            "from_node": "y",
            "to_node": "z",
            "mode": "sea",
            "geometry": LineString([(1, 0), (2, 0)]),
        },
    ]
    g = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    g["length_km"] = geo.lengths_km(g.geometry)
    return g


def test_assemble_route_orders_and_accumulates():
    route = geo.assemble_route(frame(), ["a", "b"])
    assert list(route["id"]) == ["a", "b"]
    assert list(route["order"]) == [1, 2]
    assert route["start_km"].iloc[1] == pytest.approx(route["end_km"].iloc[0])
    assert route["length_km"].sum() == pytest.approx(2 * 111.319, abs=0.05)


def test_assemble_route_rejects_gaps_and_unknown_ids():
    with pytest.raises(
        ValueError,
        match="segment 'b' ends at 'z' but the next segment 'a' starts at 'x'",
    ):
        geo.assemble_route(frame(), ["b", "a"])
    with pytest.raises(KeyError, match="unknown segment id"):
        geo.assemble_route(frame(), ["a", "nope"])
