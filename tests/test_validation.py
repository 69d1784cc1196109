"""Every validation rule: a broken copy of the real data, and the message it must give.

Each case breaks one thing in a temporary copy of ``data/`` and asserts that the
loader raises :class:`explainer.DataError` naming the file, the row or feature, the
field, what was expected and what was found.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import explainer
from explainer import DataError

from .conftest import edit_csv, edit_geojson, feature


def set_row(key: str, ident: str, **values: str):
    def change(rows):
        for row in rows:
            if row[key] == ident:
                row.update(values)
                return
        msg = f"no row {key}={ident}"
        raise AssertionError(msg)

    return change


def set_first(**values: str):
    def change(rows):
        rows[0].update(values)

    return change


def set_props(ident: str, **values):
    def change(doc):
        feature(doc, ident)["properties"].update(values)

    return change


def set_coords(ident: str, coords):
    def change(doc):
        feature(doc, ident)["geometry"]["coordinates"] = coords

    return change


def aktau(doc) -> list[float]:
    return feature(doc, "aktau")["geometry"]["coordinates"]


# (id, file, how to break it, loader, patterns the message must contain)
CSV_CASES = [
    (
        "missing-column",
        "reforms.csv",
        None,
        "load_reforms",
        [r"reforms\.csv: .*header: missing required column\(s\) summary"],
    ),
    (
        "unexpected-column",
        "parliament.csv",
        "extra",
        "load_parliament",
        [r"parliament\.csv: .*header: unexpected column\(s\) colour"],
    ),
    (
        "empty-required",
        "reforms.csv",
        set_row("event_id", "constitutional-referendum-2026", title=""),
        "load_reforms",
        [
            r"row \d+ \(event_id 'constitutional-referendum-2026'\): field 'title': "
            r"expected a value, found nothing \(empty\)"
        ],
    ),
    (
        "bad-int",
        "parliament.csv",
        set_first(seats="many"),
        "load_parliament",
        [
            r"row 2 \(period 'before_2026'\): field 'seats': expected an integer >= 0, "
            r"found 'many'"
        ],
    ),
    (
        "negative-int",
        "parliament.csv",
        set_first(seats="-3"),
        "load_parliament",
        [r"field 'seats': expected an integer >= 0, found '-3'"],
    ),
    (
        "year-out-of-range",
        "indicators.csv",
        set_first(year="1850"),
        "load_indicators",
        [
            r"row 2 \(metric 'referendum_yes_share'\): field 'year': expected an integer in "
            r"1990\.\.2050, found '1850'"
        ],
    ),
    (
        "bad-number",
        "indicators.csv",
        set_first(value="87,15"),
        "load_indicators",
        [
            r"row 2 \(metric 'referendum_yes_share'\): field 'value': expected a number, "
            r"found '87,15'"
        ],
    ),
    (
        "range-reversed",
        "indicators.csv",
        set_first(value="10", value_high="5"),
        "load_indicators",
        [
            r"row 2 \(metric 'referendum_yes_share'\): field 'value_high': expected a number "
            r">= value \(10\), found 5$"
        ],
    ),
    (
        "bad-choice",
        "reforms.csv",
        set_row("event_id", "constitutional-referendum-2026", status="approved"),
        "load_reforms",
        [
            r"field 'status': expected one of proposed, adopted, in_force, held, scheduled, "
            r"found 'approved'"
        ],
    ),
    (
        "bad-date",
        "reforms.csv",
        set_row("event_id", "constitutional-referendum-2026", date="15/03/2026"),
        "load_reforms",
        [
            r"field 'date': expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '15/03/2026'"
        ],
    ),
    (
        "impossible-date",
        "reforms.csv",
        set_row("event_id", "constitutional-referendum-2026", date="2026-02-30"),
        "load_reforms",
        [r"that exists in the calendar, found '2026-02-30'"],
    ),
    (
        "bad-slug",
        "reforms.csv",
        set_row(
            "event_id", "constitutional-referendum-2026", event_id="Referendum 2026"
        ),
        "load_reforms",
        [
            r"field 'event_id': expected an id of lowercase letters, digits, '-' or '_', "
            r"found 'Referendum 2026'"
        ],
    ),
    (
        "duplicate-id",
        "reforms.csv",
        set_row(
            "event_id",
            "constitution-referendum-1995",
            event_id="constitutional-referendum-2026",
        ),
        "load_reforms",
        [
            r"field 'event_id': expected a unique id \(first used at row \d+ \(event_id "
            r"'constitutional-referendum-2026'\)\), "
            r"found 'constitutional-referendum-2026'"
        ],
    ),
    (
        "unknown-source",
        "reforms.csv",
        set_row(
            "event_id", "constitutional-referendum-2026", source_ids="no-such-source"
        ),
        "load_reforms",
        [
            r"\(event_id 'constitutional-referendum-2026'\): field 'source_ids': expected source "
            r"ids of sources\.csv that exists, found 'no-such-source' \(unknown\)"
        ],
    ),
    (
        "bad-url",
        "sources.csv",
        set_first(url="www.example.org/page"),
        "load_sources",
        [
            r"sources\.csv: row 2 \(source_id '[a-z0-9-]+'\): field 'url': expected an http\(s\) "
            r"URL, found 'www\.example\.org/page'"
        ],
    ),
    (
        "bad-language",
        "sources.csv",
        set_first(language="English"),
        "load_sources",
        [
            r"field 'language': expected an ISO 639-1 language code such as 'en', found 'English'"
        ],
    ),
    (
        "duplicate-source",
        "sources.csv",
        "dup-source",
        "load_sources",
        [r"field 'source_id': expected a unique id"],
    ),
    (
        "model-default-outside-range",
        "model_parameters.csv",
        set_row("parameter", "rail_speed_km_per_day", value="5000"),
        "load_model_parameters",
        [
            r"row \d+ \(parameter 'rail_speed_km_per_day'\): field 'value': expected a number "
            r"in low\.\.high \(400\.\.1500\), found 5000"
        ],
    ),
    (
        "country-in-two-unions",
        "customs_unions.csv",
        "two-unions",
        "load_customs_unions",
        [
            r"row \d+ \(country 'KAZ'\): field 'country': expected a unique id \(first used at "
            r"row \d+ \(country 'KAZ'\)\), found 'KAZ'"
        ],
    ),
    (
        "event-unknown-project",
        "project_events.csv",
        set_first(project_id="no-such-project"),
        "load_project_events",
        [
            r"row 2 \(project_id 'no-such-project'\): field 'project_id': expected a project id "
            r"of geo/projects\.geojson that exists, found 'no-such-project' \(unknown\)"
        ],
    ),
    (
        "project-status-not-latest",
        "project_events.csv",
        "late-event",
        "load_projects",
        [
            r"geo/projects\.geojson: feature 'beineu-sekseuil-highway': field 'status': expected "
            r"'operational', the status of its latest event in project_events\.csv, found"
        ],
    ),
    (
        "partner-point-swapped",
        "partners.csv",
        set_row("partner", "china", lon="39.9333", lat="116.3333"),
        "load_partners",
        [
            r"partners\.csv: row \d+ \(partner 'china'\): field 'lat': expected a number "
            r"in -90\.\.90, found '116\.3333'"
        ],
    ),
    (
        "partner-point-outside-country",
        "partners.csv",
        set_row("partner", "eu", lon="2.3522", lat="48.8566"),
        "load_partners",
        [
            r"partners\.csv: row \d+ \(partner 'eu'\): field 'geometry': expected a point "
            r"within 40 km of BEL \(Belgium\), found lon 2\.3522, lat 48\.8566, \d+ km "
            r"outside it; check the coordinates or the country code"
        ],
    ),
    (
        "partner-unknown-country",
        "partners.csv",
        set_row("partner", "eu", iso_a3="EUR"),
        "load_partners",
        [
            r"row \d+ \(partner 'eu'\): field 'iso_a3': expected a country code of "
            r"geo/countries\.geojson, found 'EUR'"
        ],
    ),
    (
        "partnership-unknown-partner",
        "partnerships.csv",
        set_first(partner="atlantis"),
        "load_partnerships",
        [
            r"partnerships\.csv: row 2 \(partner 'atlantis'\): field 'partner': expected a "
            r"partner of partners\.csv that exists, found 'atlantis' \(unknown\)"
        ],
    ),
    (
        "route-unknown-segment",
        "routes.csv",
        set_row(
            "route_id", "middle-black-sea", segment_ids="mc-xian-dostyk;no-such-segment"
        ),
        "load_routes",
        [
            r"routes\.csv: row \d+ \(route_id 'middle-black-sea'\): field 'segment_ids': expected "
            r"segment ids of geo/corridors\.geojson or linear projects, found "
            r"'no-such-segment' \(unknown\)"
        ],
    ),
    (
        "route-gap",
        "routes.csv",
        set_row(
            "route_id", "middle-black-sea", segment_ids="mc-xian-dostyk;mc-aktau-alat"
        ),
        "load_routes",
        [
            r"field 'segment_ids': expected 'mc-aktau-alat' to start where 'mc-xian-dostyk' ends "
            r"\('dostyk'\), found it starts at 'aktau'"
        ],
    ),
    (
        "route-wrong-corridor",
        "routes.csv",
        set_row("route_id", "northern", segment_ids="mc-xian-dostyk"),
        "load_routes",
        [
            r"field 'segment_ids': expected segments of corridor 'northern', found "
            r"'mc-xian-dostyk' of corridor 'middle'"
        ],
    ),
]


def break_special(path: Path, how: str) -> None:
    text = path.read_text(encoding="utf-8")
    if how == "extra":
        edit_csv(
            path,
            lambda rows: [dict(r, colour="red") for r in rows],
            columns=[*text.splitlines()[0].split(","), "colour"],
        )
    elif how == "dup-source":
        edit_csv(path, lambda rows: [*rows, dict(rows[0])])
    elif how == "two-unions":
        edit_csv(
            path,
            lambda rows: [
                *rows,
                {"union": "eu", "country": "KAZ", "source_ids": rows[0]["source_ids"]},
            ],
        )
    elif how == "late-event":
        edit_csv(
            path,
            lambda rows: [
                *rows,
                {
                    "project_id": "beineu-sekseuil-highway",
                    "date": "2030-01-01",
                    "status": "operational",
                    "event": "Opened.",
                    "source_ids": rows[0]["source_ids"],
                },
            ],
        )


@pytest.mark.parametrize(
    ("name", "file", "breaker", "loader", "patterns"),
    CSV_CASES,
    ids=[c[0] for c in CSV_CASES],
)
def test_broken_table_is_refused(data_copy, name, file, breaker, loader, patterns):
    path = data_copy / file
    if breaker is None:  # drop the last required column
        edit_csv(
            path,
            lambda rows: rows,
            columns=[
                c for c in path.read_text().splitlines()[0].split(",") if c != "summary"
            ],
        )
    elif isinstance(breaker, str):
        break_special(path, breaker)
    else:
        edit_csv(path, breaker)
    with pytest.raises(DataError) as info:
        getattr(explainer, loader)(data_copy)
    message = str(info.value)
    for pattern in patterns:
        assert re.search(pattern, message), f"{pattern!r} not in:\n{message}"


GEO_CASES = [
    (
        "not-json",
        "geo/nodes.geojson",
        "text:{ this is not json",
        "load_nodes",
        [r"geo/nodes\.geojson: expected valid JSON, found an error at line 1 column 3"],
    ),
    (
        "not-a-collection",
        "geo/nodes.geojson",
        'text:{"type": "Feature"}',
        "load_nodes",
        [r"geo/nodes\.geojson: expected a GeoJSON FeatureCollection, found 'Feature'"],
    ),
    (
        "wrong-crs",
        "geo/nodes.geojson",
        lambda d: d.update(crs={"type": "name", "properties": {"name": "EPSG:3857"}}),
        "load_nodes",
        [
            r"crs: expected EPSG:4326 / OGC CRS84 \(lon/lat on WGS84\), found 'EPSG:3857'; "
            r"reproject"
        ],
    ),
    (
        "wrong-geometry-type",
        "geo/nodes.geojson",
        lambda d: feature(d, "aktau").update(
            geometry={"type": "LineString", "coordinates": [[51, 43], [52, 44]]}
        ),
        "load_nodes",
        [r"feature 'aktau': field 'geometry': expected a Point, found 'LineString'"],
    ),
    (
        "outside-region",
        "geo/nodes.geojson",
        set_coords("aktau", [151.15, 43.65]),
        "load_nodes",
        [
            r"feature 'aktau': field 'geometry': expected coordinates inside the region "
            r"\(lon -20\.\.130, lat -5\.\.70\), found lon 151\.15, lat 43\.65"
        ],
    ),
    (
        "lon-lat-swapped",
        "geo/nodes.geojson",
        lambda d: aktau(d).reverse(),
        "load_nodes",
        [
            r"feature 'aktau': field 'geometry': expected a point within 10 km of KAZ "
            r"\(Kazakhstan\), found lon 43\.65, lat 51\.15, \d+ km outside it; are lon/lat "
            r"swapped\?"
        ],
    ),
    (
        "wrong-country",
        "geo/nodes.geojson",
        set_props("aktau", country="AZE"),
        "load_nodes",
        [
            r"feature 'aktau': field 'geometry': expected a point within 10 km of AZE "
            r"\(Azerbaijan\), found lon 51\.15, lat 43\.65, \d+ km outside it; check the "
            r"coordinates or the country code"
        ],
    ),
    (
        "unknown-country",
        "geo/nodes.geojson",
        set_props("aktau", country="XXX"),
        "load_nodes",
        [
            r"feature 'aktau': field 'country': expected a country code of "
            r"geo/countries\.geojson, found 'XXX'"
        ],
    ),
    (
        "bad-iso3",
        "geo/nodes.geojson",
        set_props("aktau", country="kz"),
        "load_nodes",
        [
            r"feature 'aktau': field 'country': expected an ISO 3166-1 alpha-3 code such as "
            r"'KAZ', found 'kz'"
        ],
    ),
    (
        "duplicate-node",
        "geo/nodes.geojson",
        set_props("kuryk", id="aktau"),
        "load_nodes",
        [
            r"field 'id': expected a unique id \(first used at feature 'aktau'\), found 'aktau'"
        ],
    ),
    (
        "node-unknown-source",
        "geo/nodes.geojson",
        set_props("aktau", source_ids="nope"),
        "load_nodes",
        [r"feature 'aktau': field 'source_ids': expected source ids"],
    ),
    (
        "segment-off-its-node",
        "geo/corridors.geojson",
        lambda d: feature(d, "mc-aktau-alat")["geometry"]["coordinates"][0].__setitem__(
            slice(None), [50.0, 43.0]
        ),
        "load_corridors",
        [
            r"geo/corridors\.geojson: feature 'mc-aktau-alat': field 'geometry': expected the "
            r"line to start at node 'aktau' \(lon 51\.15, lat 43\.65, within 1 km\), found it "
            r"starts at lon 50, lat 43, \d+\.\d km away"
        ],
    ),
    (
        "segment-unknown-node",
        "geo/corridors.geojson",
        set_props("mc-aktau-alat", to_node="atlantis"),
        "load_corridors",
        [
            r"feature 'mc-aktau-alat': field 'to_node': expected a node id of "
            r"geo/nodes\.geojson, found 'atlantis'"
        ],
    ),
    (
        "segment-bad-mode",
        "geo/corridors.geojson",
        set_props("mc-aktau-alat", mode="swim"),
        "load_corridors",
        [
            r"feature 'mc-aktau-alat': field 'mode': expected one of rail, sea, ferry, road, "
            r"found 'swim'"
        ],
    ),
    (
        "invalid-polygon",
        "geo/countries.geojson",
        lambda d: d["features"][0].update(
            geometry={
                "type": "Polygon",
                "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]],
            }
        ),
        "load_countries",
        [
            r"geo/countries\.geojson: feature '[^']+': field 'geometry': expected a valid "
            r"geometry, found Self-intersection"
        ],
    ),
    (
        "broken-coordinates",
        "geo/nodes.geojson",
        lambda d: feature(d, "aktau")["geometry"].update(coordinates=["a", "b"]),
        "load_nodes",
        [r"feature 'aktau': field 'geometry': expected valid Point coordinates"],
    ),
    (
        "project-unknown-node",
        "geo/projects.geojson",
        set_props("beineu-sekseuil-highway", from_node="atlantis"),
        "load_projects",
        [r"feature 'beineu-sekseuil-highway': field 'from_node': expected a node id"],
    ),
    (
        "project-without-events",
        "geo/projects.geojson",
        set_props("beineu-sekseuil-highway", id="beineu-sekseuil-road"),
        "load_projects",
        [
            r"feature 'beineu-sekseuil-road': field 'id': expected at least one dated event in "
            r"project_events\.csv, found none"
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "file", "breaker", "loader", "patterns"),
    GEO_CASES,
    ids=[c[0] for c in GEO_CASES],
)
def test_broken_geometry_file_is_refused(
    data_copy, name, file, breaker, loader, patterns
):
    path = data_copy / file
    if isinstance(breaker, str):
        path.write_text(breaker.removeprefix("text:"), encoding="utf-8")
    else:
        edit_geojson(path, breaker)
    with pytest.raises(DataError) as info:
        getattr(explainer, loader)(data_copy)
    message = str(info.value)
    for pattern in patterns:
        assert re.search(pattern, message), f"{pattern!r} not in:\n{message}"


def test_every_problem_of_a_file_is_reported_at_once(data_copy):
    def change(rows):
        rows[0]["seats"] = "x"
        rows[1]["body"] = "House of Lords"
        rows[2]["source_ids"] = "nope"

    edit_csv(data_copy / "parliament.csv", change)
    with pytest.raises(DataError) as info:
        explainer.load_parliament(data_copy)
    error = info.value
    assert error.file == "parliament.csv"
    assert len(error.problems) == 3
    assert str(error).startswith(
        "parliament.csv: 3 problems:\n  - row 2 (period 'before_2026'): field 'seats'"
    )
    assert (
        "row 3 (period 'before_2026'): field 'body': expected one of Mazhilis, "
        "Senate, Kurultai, found 'House of Lords'"
    ) in str(error)
    assert "row 4 (period 'before_2026'): field 'source_ids'" in str(error)


def test_missing_file_names_the_path(data_copy):
    (data_copy / "reforms.csv").unlink()
    with pytest.raises(
        DataError, match=r"reforms\.csv: file not found at .*reforms\.csv"
    ):
        explainer.load_reforms(data_copy)


def test_not_utf8_is_refused(data_copy):
    path = data_copy / "reforms.csv"
    path.write_bytes(path.read_bytes().replace("ü".encode(), b"\xfc") + b"\xff\n")
    with pytest.raises(
        DataError, match=r"reforms\.csv: expected UTF-8 text, found byte 0x"
    ):
        explainer.load_reforms(data_copy)


def test_ragged_csv_is_refused(data_copy):
    path = data_copy / "parliament.csv"
    path.write_text(path.read_text() + "a,b,c,d,e,f,g,h,i,j\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=r"parliament\.csv: expected CSV with a header row"
    ):
        explainer.load_parliament(data_copy)


def test_environment_variable_points_the_loaders_elsewhere(data_copy, monkeypatch):
    edit_csv(data_copy / "parliament.csv", set_first(seats="x"))
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(data_copy))
    with pytest.raises(DataError, match="field 'seats'"):
        explainer.load_parliament()


def test_a_missing_data_folder_says_how_to_fix_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="set EXPLAINER_DATA_DIR"):
        explainer.load_sources(tmp_path / "nowhere")


def test_nothing_is_written_when_loading(data_copy):
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    edit_csv(data_copy / "parliament.csv", set_first(seats="x"))
    broken = (data_copy / "parliament.csv").read_bytes()
    with pytest.raises(DataError):
        explainer.load_parliament(data_copy)
    after = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}
    assert after[data_copy / "parliament.csv"] == broken
    assert set(after) == set(before)


def test_error_messages_quote_data_text_safely(data_copy):
    edit_geojson(
        data_copy / "geo/nodes.geojson",
        set_props("aktau", kind="<script>alert(1)</script>"),
    )
    with pytest.raises(DataError) as info:
        explainer.load_nodes(data_copy)
    assert "found '<script>alert(1)</script>'" in str(info.value)
    json.dumps(info.value.problems)  # plain strings, serialisable for reports


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
)
def test_a_source_url_that_is_not_http_is_refused(data_copy, url):
    """Only http(s) links from the data reach a page (issue 15, Build item 2)."""
    ident = "astanatimes-2026-03-titr-fivefold"
    edit_csv(data_copy / "sources.csv", set_row("source_id", ident, url=url))
    expected = (
        rf"sources\.csv: row \d+ \(source_id '{re.escape(ident)}'\): field 'url': "
        rf"expected an http\(s\) URL, found {re.escape(repr(url))}"
    )
    with pytest.raises(DataError, match=expected):
        explainer.load_sources(data_copy)
