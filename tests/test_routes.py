"""Routes that make sense: an itinerary may not double back on itself."""

from __future__ import annotations

import pytest

import explainer
from explainer import DataError, geo

from .conftest import edit_geojson, feature, record_ids


def test_a_straight_path_never_returns():
    assert geo.first_return([(50.0, 45.0), (51.0, 45.0), (52.0, 45.0)]) is None


def test_an_out_and_back_is_found_with_its_turn_and_length():
    # Out 0.8 degrees east (about 63 km at 45 N) and back, then on.
    found = geo.first_return([(50.0, 45.0), (50.8, 45.0), (50.0, 45.0), (50.0, 46.0)])
    assert found is not None
    assert found.turn == pytest.approx((50.8, 45.0), abs=0.05)
    assert found.detour_km == pytest.approx(2 * 63, rel=0.05)


def test_a_short_wiggle_is_not_a_return():
    """Coming back within 5 km after only 20 km of travel is a bend, not a detour."""
    wiggle = [(50.0, 45.0), (50.1, 45.0), (50.1, 45.02), (50.0, 45.02), (50.0, 46.0)]
    assert geo.first_return(wiggle) is None


def test_no_route_of_the_data_doubles_back(routes):
    """Every real route loads (load_routes raises on the first that doubles back)."""
    assert list(routes["route_id"]) == record_ids("routes.csv", "route_id")


def test_a_route_that_doubles_back_is_refused(data_copy):
    """A segment given an 80 km spur out and back: every route using it fails."""
    path = data_copy / "geo" / "corridors.geojson"

    def spur(doc):
        coords = feature(doc, "mc-beineu-aktau")["geometry"]["coordinates"]
        (lon, lat), rest = coords[0], coords[1:]
        feature(doc, "mc-beineu-aktau")["geometry"]["coordinates"] = [
            [lon, lat],
            [lon, lat + 0.72],  # about 80 km north
            [lon, lat + 0.001],
            *rest,
        ]

    edit_geojson(path, spur)
    with pytest.raises(DataError) as caught:
        explainer.load_routes(data_copy)
    message = str(caught.value)
    assert message.startswith("routes.csv: 3 problems:")
    for route in ("middle-black-sea", "middle-btk", "middle-khorgos-black-sea"):
        assert (
            f"(route_id '{route}'): field 'segment_ids': expected a route that never "
            "comes back within 5 km of a place it passed at least 30 km earlier, "
            f"found route '{route}' doubles back: it leaves node 'beineu', turns at "
            "lon 55.20, lat 46.04 (80 km from node 'beineu') and is back at node "
            "'beineu', a detour of 165 km"
        ) in message
    detours = [float(d.replace(",", "")) for d in _detours(message)]
    assert detours == [165.0, 165.0, 165.0]


def _detours(message: str) -> list[str]:
    import re

    return re.findall(r"a detour of ([\d,]+) km", message)
