"""The loaders on the real data: shapes, types, every record, and the key facts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import explainer
from explainer import geo, paths

from .conftest import record_ids

LOADERS = {
    "load_sources": [
        "source_id",
        "title",
        "publisher",
        "url",
        "published",
        "language",
        "kind",
        "publisher_type",
        "checked",
        "notes",
    ],
    "load_countries": ["iso_a3", "iso_n3", "name", "scale", "kind", "geometry"],
    "load_nodes": [
        "id",
        "name",
        "kind",
        "country",
        "role",
        "source_ids",
        "confidence",
        "note",
        "geometry",
        "lon",
        "lat",
    ],
    "load_corridors": [
        "id",
        "corridor",
        "branch",
        "seq",
        "from_node",
        "to_node",
        "mode",
        "precision",
        "source_ids",
        "note",
        "length_km",
        "geometry",
    ],
    "load_projects": [
        "id",
        "name",
        "kind",
        "status",
        "from_node",
        "to_node",
        "reported_length_km",
        "reported_cost",
        "currency",
        "cost_unit",
        "precision",
        "summary",
        "source_ids",
        "geometry",
        "length_km",
    ],
    "load_project_events": [
        "project_id",
        "date",
        "status",
        "event",
        "source_ids",
        "date_precision",
    ],
    "load_routes": [
        "route_id",
        "corridor",
        "name",
        "segment_ids",
        "source_ids",
        "note",
        "length_km",
    ],
    "load_indicators": [
        "metric",
        "entity",
        "year",
        "value",
        "value_high",
        "unit",
        "qualifier",
        "reporter",
        "source_ids",
        "confidence",
        "note",
        "reporter_en",
    ],
    "load_reforms": [
        "event_id",
        "date",
        "title",
        "category",
        "status",
        "summary",
        "source_ids",
        "confidence",
        "date_precision",
    ],
    "load_parliament": [
        "period",
        "body",
        "filled_by",
        "seats",
        "term_years",
        "source_ids",
        "note",
    ],
    "load_partners": [
        "partner",
        "name",
        "place",
        "lon",
        "lat",
        "iso_a3",
        "source_ids",
        "confidence",
        "note",
    ],
    "load_partnerships": [
        "partner",
        "framework",
        "domain",
        "since",
        "summary",
        "source_ids",
        "since_precision",
    ],
    "load_model_parameters": [
        "parameter",
        "value",
        "low",
        "high",
        "unit",
        "source_ids",
        "note",
    ],
    "load_customs_unions": ["union", "country", "source_ids", "note"],
    "load_names": ["id", "kind", "en", "ru", "kk", "source_ids", "note"],
}


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_loader_returns_stable_columns(loader):
    frame = getattr(explainer, loader)()
    assert list(frame.columns) == LOADERS[loader]
    assert len(frame) > 0


@pytest.mark.parametrize(
    "loader", ["load_countries", "load_nodes", "load_corridors", "load_projects"]
)
def test_geometries_are_wgs84(loader):
    frame = getattr(explainer, loader)()
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all()


def test_loaders_hand_out_copies():
    first = explainer.load_nodes()
    first.loc[first.index[0], "name"] = "changed"
    assert explainer.load_nodes().loc[first.index[0], "name"] != "changed"


def test_the_data_folder_can_be_passed_explicitly():
    assert len(explainer.load_nodes(paths.DATA_DIR)) == len(explainer.load_nodes())


@pytest.mark.parametrize("segment_id", record_ids("geo/corridors.geojson", "id"))
def test_every_segment_length_is_computed_geodesically(segment_id, segments):
    row = segments.set_index("id").loc[segment_id]
    assert row["length_km"] == pytest.approx(geo.length_km(row.geometry))
    assert row["length_km"] > 0


def test_corridor_geojson_types_no_length():
    raw = json.loads((paths.DATA_DIR / "geo" / "corridors.geojson").read_text())
    for f in raw["features"]:
        assert not any("length" in key for key in f["properties"]), f["properties"][
            "id"
        ]


def test_corridors_cover_the_four_routes_and_the_middle_corridor_branches(segments):
    assert {"middle", "northern", "southern", "maritime"} <= set(segments["corridor"])
    middle = set(segments.loc[segments["corridor"] == "middle", "branch"])
    assert {"core", "black_sea", "btk"} <= middle


def test_at_least_fifteen_real_nodes_of_every_kind_needed():
    nodes = explainer.load_nodes()
    assert len(nodes) >= 15
    assert {"border_crossing", "port", "rail_hub", "capital"} <= set(nodes["kind"])


@pytest.mark.parametrize("route_id", record_ids("routes.csv", "route_id"))
def test_every_route_assembles_end_to_end(route_id, routes):
    row = routes.set_index("route_id").loc[route_id]
    route = geo.assemble_route(explainer.route_segments(), row["segment_ids"])
    assert route["end_km"].iloc[-1] == pytest.approx(row["length_km"])


def cited_ids() -> set[str]:
    frames = [
        getattr(explainer, name)()
        for name in LOADERS
        if name not in ("load_sources", "load_countries")
    ]
    return {sid for f in frames for ids in f["source_ids"] if ids for sid in ids}


def test_every_source_in_the_ledger_is_cited_somewhere(sources):
    unused = (
        set(sources["source_id"])
        - cited_ids()
        - {"diplomatic-insight-2026-asif", "natural-earth-world-atlas"}
    )
    assert not unused


@pytest.mark.parametrize("source_id", record_ids("sources.csv", "source_id"))
def test_every_source_record_is_complete(source_id, sources):
    row = sources.set_index("source_id").loc[source_id]
    assert row["url"].startswith(("http://", "https://"))
    assert row["title"].strip() and row["publisher"].strip()


def test_urls_are_unique_in_the_ledger(sources):
    assert not sources["url"].duplicated().any()


# --- the facts the issue names -------------------------------------------------------------


def test_referendum_of_15_march_2026(indicators):
    reforms = explainer.load_reforms()
    held = explainer.pick(reforms, event_id="constitutional-referendum-2026")
    assert held["date"] == pd.Timestamp("2026-03-15")
    assert held["status"] == "held"
    yes = explainer.pick(
        indicators, metric="referendum_yes_share", entity="referendum-2026"
    )
    turnout = explainer.pick(
        indicators, metric="referendum_turnout", entity="referendum-2026"
    )
    assert (yes["value"], turnout["value"]) == (87.15, 73.12)
    assert yes["source_ids"] and turnout["source_ids"]


def test_the_145_seat_parliament():
    parliament = explainer.load_parliament()
    after = parliament[parliament["period"] == "after_2026"]
    assert after["seats"].sum() == 145
    assert set(after["filled_by"]) == {"party_list"}
    before = parliament[parliament["period"] == "before_2026"]
    assert before["seats"].sum() == 148


def test_beineu_sekseuil_reported_length_and_claims_are_kept_apart(indicators):
    projects = explainer.load_projects().set_index("id")
    highway = projects.loc["beineu-sekseuil-highway"]
    assert highway["reported_length_km"] == 736
    assert highway["source_ids"]
    claims = indicators[
        (indicators["metric"] == "claimed_shortening")
        & (indicators["entity"] == "beineu-sekseuil-highway")
    ]
    assert sorted(claims["value"]) == [900, 1000]  # article vs minister, both kept
    assert claims["reporter"].nunique() == 2


def test_titr_volumes_2021_to_2025_with_both_2022_figures(indicators):
    cargo = indicators[
        (indicators["metric"] == "titr_cargo")
        & (indicators["unit"] == "Mt")
        & ~indicators["qualifier"].isin(["target", "projection"])
    ]
    assert set(range(2021, 2026)) <= set(cargo["year"])
    assert sorted(cargo.loc[cargo["year"] == 2022, "value"]) == [1.5, 1.7]
    assert cargo.loc[cargo["year"] == 2025, "value"].tolist() == [4.12]


def test_trade_by_partner_keeps_each_reporter(indicators):
    trade = indicators[indicators["metric"] == "trade_turnover"]
    assert {"china", "russia", "eu"} <= set(trade["entity"])
    china_2024 = trade[(trade["entity"] == "china") & (trade["year"] == 2024)]
    assert 43.82 in set(china_2024["value"])
    china = trade[trade["entity"] == "china"]
    assert china["reporter"].nunique() >= 2


def test_pick_refuses_ambiguous_and_missing_rows(indicators):
    with pytest.raises(
        KeyError,
        match=r"expected exactly one row with metric='titr_cargo'.*"
        "found [2-9]; add a criterion",
    ):
        explainer.pick(indicators, metric="titr_cargo")
    with pytest.raises(KeyError, match="found 0"):
        explainer.pick(indicators, metric="nothing")
    with pytest.raises(KeyError, match="no column"):
        explainer.pick(indicators, colour="red")


def test_every_partner_and_trade_partner_has_a_point(indicators):
    partners = set(explainer.load_partners()["partner"])
    assert set(explainer.load_partnerships()["partner"]) <= partners
    trade = indicators[indicators["metric"] == "trade_turnover"]
    assert set(trade["entity"]) - {"total"} <= partners


def test_china_trade_2022_keeps_both_reporters(indicators):
    trade = indicators[
        (indicators["metric"] == "trade_turnover")
        & (indicators["entity"] == "china")
        & (indicators["year"] == 2022)
    ]
    assert sorted(trade["value"]) == [24, 31.2]
    assert trade["reporter"].nunique() == 2
