"""The transit-time model: hand-computed cases, monotonicity, bad parameters."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from explainer.analysis.model import Parameters, breakdown, transit_days

P = Parameters(
    rail_speed_km_per_day=1000,
    ferry_speed_km_per_day=500,
    sea_speed_km_per_day=800,
    road_speed_km_per_day=400,
    border_dwell_days=1.5,
    road_border_dwell_days=0.5,
    port_dwell_days=1.0,
    caspian_wait_days=2.0,
)
COUNTRIES = {"x": "CHN", "d": "KAZ", "a": "KAZ", "b": "AZE", "t": "GEO", "k": "TUR"}


def route(*rows):
    return pd.DataFrame(
        rows, columns=["id", "from_node", "to_node", "mode", "length_km"]
    )


# China -> Kazakhstan border -> Aktau, ferry to Baku, rail to Georgia.
TRANS_CASPIAN = route(
    ("s1", "x", "d", "rail", 2000.0),
    ("s2", "d", "a", "rail", 3000.0),
    ("s3", "a", "b", "ferry", 500.0),
    ("s4", "b", "t", "rail", 500.0),
)


def test_hand_computed_trans_caspian():
    # travel 2 + 3 + 1 + 0.5; borders CHN->KAZ 1.5 and AZE->GEO 1.5;
    # ports at a (rail->ferry) and b (ferry->rail) 2 x 1.0; Caspian wait 2.0
    expected = 2 + 3 + 1 + 0.5 + 1.5 + 1.5 + 2 * 1.0 + 2.0
    days = transit_days(TRANS_CASPIAN, P, COUNTRIES, caspian_segments={"s3"})
    assert days == pytest.approx(expected)


def test_breakdown_lists_every_component_in_order():
    table = breakdown(TRANS_CASPIAN, P, COUNTRIES, caspian_segments={"s3"})
    assert list(table["kind"]) == [
        "travel",
        "border",
        "travel",
        "port",
        "caspian_wait",
        "travel",
        "port",
        "travel",
        "border",
    ]
    assert list(table["step"]) == list(range(1, 10))
    assert table.loc[table["kind"] == "border", "where"].tolist() == ["d", "t"]
    assert table["length_km"].sum() == pytest.approx(6000)


def test_customs_union_removes_the_border():
    r = route(("s1", "x", "y", "rail", 1000.0))
    countries = {"x": "KAZ", "y": "RUS"}
    assert transit_days(r, P, countries) == pytest.approx(1 + 1.5)
    unions = {"KAZ": "EAEU", "RUS": "EAEU"}
    assert transit_days(r, P, countries, unions=unions) == pytest.approx(1.0)


def test_road_borders_use_the_road_dwell():
    r = route(("s1", "x", "d", "road", 800.0))
    assert transit_days(r, P, COUNTRIES) == pytest.approx(2 + 0.5)


def test_no_caspian_wait_unless_the_segment_crosses_it():
    without = transit_days(TRANS_CASPIAN, P, COUNTRIES)
    with_wait = transit_days(TRANS_CASPIAN, P, COUNTRIES, caspian_segments={"s3"})
    assert with_wait - without == pytest.approx(P.caspian_wait_days)


SPEEDS = [
    f.name for f in dataclasses.fields(Parameters) if f.name.endswith("_km_per_day")
]
DWELLS = [
    f.name
    for f in dataclasses.fields(Parameters)
    if f.name.endswith("_days") and not f.name.endswith("_km_per_day")
]


@pytest.mark.parametrize("name", SPEEDS)
def test_faster_never_takes_longer(name):
    mixed = route(
        ("s1", "x", "d", "rail", 1000.0),
        ("s2", "d", "a", "road", 400.0),
        ("s3", "a", "b", "ferry", 500.0),
        ("s4", "b", "t", "sea", 800.0),
    )
    slow = transit_days(mixed, P, COUNTRIES, caspian_segments={"s3"})
    fast = transit_days(
        mixed,
        P.replace(**{name: getattr(P, name) * 2}),
        COUNTRIES,
        caspian_segments={"s3"},
    )
    assert fast < slow


@pytest.mark.parametrize("name", DWELLS)
def test_longer_dwell_never_takes_less(name):
    mixed = route(
        ("s1", "x", "d", "rail", 1000.0),
        ("s2", "d", "a", "road", 400.0),
        ("s3", "a", "b", "ferry", 500.0),
        ("s4", "b", "t", "rail", 800.0),
        ("s5", "t", "k", "road", 300.0),
    )
    base = transit_days(mixed, P, COUNTRIES, caspian_segments={"s3"})
    more = transit_days(
        mixed,
        P.replace(**{name: getattr(P, name) + 1}),
        COUNTRIES,
        caspian_segments={"s3"},
    )
    assert more > base


def test_longer_route_takes_longer():
    short = transit_days(route(("s1", "x", "d", "rail", 1000.0)), P, COUNTRIES)
    long = transit_days(route(("s1", "x", "d", "rail", 1500.0)), P, COUNTRIES)
    assert long > short


@pytest.mark.parametrize("name", SPEEDS)
@pytest.mark.parametrize("value", [0, -5, math.nan, math.inf, "fast", True])
def test_bad_speeds_are_rejected(name, value):
    with pytest.raises(
        ValueError, match=rf"model parameter '{name}': expected a finite number > 0"
    ):
        P.replace(**{name: value})


@pytest.mark.parametrize("name", DWELLS)
@pytest.mark.parametrize("value", [-0.1, math.nan, None])
def test_bad_dwell_times_are_rejected(name, value):
    with pytest.raises(
        ValueError, match=rf"model parameter '{name}': expected a finite number >= 0"
    ):
        P.replace(**{name: value})


def test_zero_dwell_is_allowed():
    assert P.replace(border_dwell_days=0).border_dwell_days == 0


def test_unknown_parameter_is_rejected():
    with pytest.raises(ValueError, match="unknown model parameter"):
        P.replace(warp_speed=9)


def test_missing_parameter_in_the_data_is_named():
    frame = pd.DataFrame({"parameter": ["rail_speed_km_per_day"], "value": [900.0]})
    with pytest.raises(
        ValueError, match=r"lacks the parameter.*ferry_speed_km_per_day"
    ):
        Parameters.from_frame(frame)


def test_bad_route_input_is_rejected():
    with pytest.raises(ValueError, match="the route has no segments"):
        breakdown(route(), P, COUNTRIES)
    with pytest.raises(ValueError, match="segment 's1': unknown mode 'air'"):
        breakdown(route(("s1", "x", "d", "air", 10.0)), P, COUNTRIES)
    with pytest.raises(ValueError, match="segment 's1': length_km must be >= 0"):
        breakdown(route(("s1", "x", "d", "rail", -1.0)), P, COUNTRIES)


def test_borders_follow_the_countries_along_a_segment():
    r = route(("s1", "d", "k", "rail", 2000.0))  # Kazakhstan to Turkiye, overland
    along = {"s1": ["KAZ", "TKM", "IRN", "TUR"]}
    table = breakdown(r, P, COUNTRIES, crossings=along)
    assert list(table.loc[table["kind"] == "border", "crossing"]) == [
        "KAZ→TKM",
        "TKM→IRN",
        "IRN→TUR",
    ]
    assert transit_days(r, P, COUNTRIES, crossings=along) == pytest.approx(2 + 3 * 1.5)


def test_a_corner_of_a_union_partner_is_not_a_border():
    r = route(("s1", "d", "a", "road", 400.0))
    along = {"s1": ["KAZ", "KGZ", "KAZ"]}
    unions = {"KAZ": "eaeu", "KGZ": "eaeu"}
    assert transit_days(r, P, COUNTRIES, crossings=along, unions=unions) == 1.0
    assert transit_days(r, P, COUNTRIES, crossings=along) == pytest.approx(1 + 2 * 0.5)
