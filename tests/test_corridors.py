"""Routes for the model, the claim check, and the model against reported ranges."""

from __future__ import annotations

import numpy as np
import pytest

import explainer
from explainer.analysis import model
from explainer.analysis.network import Corridors, compare_routes, reported_for

CORRIDORS = Corridors.load()
DEFAULTS = model.Parameters.defaults()


def test_the_caspian_crossing_is_found_from_the_geometry():
    assert CORRIDORS.caspian == {"mc-aktau-alat"}


@pytest.mark.parametrize("route_id", CORRIDORS.route_ids())
def test_terms_reproduce_the_model_for_any_parameters(route_id):
    rng = np.random.default_rng(7)
    table = explainer.load_model_parameters().set_index("parameter")
    for _ in range(5):
        values = {
            name: float(
                rng.uniform(table.loc[name, "low"] or 0.01, table.loc[name, "high"])
            )
            for name in table.index
        }
        values = {k: max(v, 1e-3) for k, v in values.items()}
        params = model.Parameters(**values)
        direct = model.transit_days(
            CORRIDORS.route(route_id),
            params,
            CORRIDORS.countries_of,
            unions=CORRIDORS.unions,
            caspian_segments=CORRIDORS.caspian,
            crossings=CORRIDORS.crossings,
        )
        assert CORRIDORS.days(route_id, params) == pytest.approx(direct)


def test_route_counts_follow_the_geometry():
    middle = CORRIDORS.terms("middle-black-sea")
    assert middle["caspian_crossings"] == 1
    assert middle["port_calls"] == 4  # Aktau, Alat, Poti, Constanta
    assert middle["rail_borders"] == 2  # China-Kazakhstan, Azerbaijan-Georgia
    northern = CORRIDORS.terms("northern")
    # China-Kazakhstan and Belarus-Poland; Russia and Belarus are inside the EAEU.
    assert northern["rail_borders"] == 2
    assert northern["caspian_crossings"] == northern["port_calls"] == 0
    # Through Turkmenistan and Iran, then the Balkans: our line enters Serbia.
    southern = CORRIDORS.breakdown("southern", DEFAULTS)
    crossings = list(southern.loc[southern["kind"] == "border", "crossing"])
    assert crossings[:4] == ["CHN→EAEU", "EAEU→TKM", "TKM→IRN", "IRN→TUR"]
    assert "TUR→EU" in crossings


def reported_envelope(corridor: str) -> tuple[float, float]:
    rows = reported_for(explainer.load_indicators())
    rows = rows[(rows["corridor"] == corridor) & (rows["metric"] == "transit_time")]
    rows = rows[rows["qualifier"] != "target"]
    low = rows["value"].min()
    high = rows["value_high"].fillna(rows["value"]).max()
    return float(low), float(high)


@pytest.mark.parametrize(
    ("route_id", "corridor"),
    [
        ("middle-black-sea", "middle"),
        ("middle-btk", "middle"),
        ("middle-khorgos-black-sea", "middle"),
        ("northern", "northern"),
        ("maritime", "maritime"),
    ],
)
def test_default_model_lands_inside_the_reported_range(route_id, corridor):
    low, high = reported_envelope(corridor)
    assert low <= CORRIDORS.days(route_id, DEFAULTS) <= high


def test_beineu_sekseuil_claim_check_numbers():
    check = compare_routes(CORRIDORS, "kz-road-today", "kz-road-beineu-sekseuil")
    lines = explainer.load_corridors().set_index("id")
    detour = lines.loc[
        ["kr-saksaulskaya-aktobe", "kr-aktobe-beineu"], "length_km"
    ].sum()
    highway = explainer.load_projects().set_index("id").loc["beineu-sekseuil-highway"]
    assert list(check["baseline_only"]["id"]) == [
        "kr-saksaulskaya-aktobe",
        "kr-aktobe-beineu",
    ]
    assert list(check["alternative_only"]["id"]) == ["beineu-sekseuil-highway"]
    assert check["saving_km"] == pytest.approx(detour - highway["length_km"])
    assert check["baseline_km"] - check["shared_km"] == pytest.approx(detour)
    # Our geometry gives a saving of the order of the claims (hundreds of km) ...
    assert 500 < check["saving_km"] < 1200
    # ... and the reported road is longer than our straight line through towns.
    assert highway["reported_length_km"] > highway["length_km"]


def test_time_saving_share_does_not_depend_on_road_speed():
    shares = []
    for speed in (220.0, 500.0, 750.0):
        p = DEFAULTS.replace(road_speed_km_per_day=speed)
        today = CORRIDORS.days("kz-road-today", p)
        new = CORRIDORS.days("kz-road-beineu-sekseuil", p)
        shares.append(1 - new / today)
    assert shares == pytest.approx([shares[0]] * 3)
    assert 0.1 < shares[0] < 0.5


def test_unknown_route_lists_the_known_ones():
    with pytest.raises(
        KeyError, match=r"No route named 'atlantis'\. Available: middle-black-sea"
    ):
        CORRIDORS.route("atlantis")


def test_reported_figures_are_end_to_end_only():
    rows = reported_for(explainer.load_indicators())
    assert set(rows["entity"]) <= {
        "middle",
        "northern",
        "southern",
        "maritime",
        "maritime-suez",
    }
    assert set(rows["metric"]) == {"route_distance", "transit_time"}
