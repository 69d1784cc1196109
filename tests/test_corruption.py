"""The corruption suite: corrupted copies of the real data, each refused by name.

Every case copies ``data/`` once, breaks one thing, calls the loader that reads the
broken file with ``data_dir=copy`` and asserts the :class:`explainer.DataError`
message: the file, the row or feature, the field, what was expected and what was
found. A last test runs every loader over every copy: nothing but ``DataError`` may
escape.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import explainer
from explainer import DataError, paths
from explainer.data.columns import REGION

from .conftest import edit_csv, edit_geojson, feature

CORRIDORS = "geo/corridors.geojson"
NODES = "geo/nodes.geojson"
COUNTRIES = "geo/countries.geojson"
PROJECTS = "geo/projects.geojson"


def geojson(file: str, change: Callable[[dict], object]) -> Callable[[Path], None]:
    """A corruption that edits a GeoJSON document in place."""
    return lambda folder: edit_geojson(folder / file, change)


def table(file: str, change: Callable[[list[dict]], object]) -> Callable[[Path], None]:
    """A corruption that edits the rows of a CSV file."""
    return lambda folder: edit_csv(folder / file, change)


def text(file: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """A corruption that rewrites the text of a file."""

    def corrupt(folder: Path) -> None:
        path = folder / file
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return corrupt


def row(key: str, ident: str, **values: str) -> Callable[[list[dict]], None]:
    def change(rows: list[dict]) -> None:
        next(r for r in rows if r[key] == ident).update(values)

    return change


def coords(ident: str) -> Callable[[dict], list]:
    return lambda doc: feature(doc, ident)["geometry"]["coordinates"]


def set_coords(ident: str, value: list) -> Callable[[dict], None]:
    return lambda doc: feature(doc, ident)["geometry"].update(coordinates=value)


def swap_vertex(ident: str, index: int) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        vertex = coords(ident)(doc)[index]
        vertex.reverse()
        lon0, lat0, lon1, lat1 = REGION
        assert lon0 <= vertex[0] <= lon1 and lat0 <= vertex[1] <= lat1, vertex

    return change


def pad(file: str, megabytes: float) -> Callable[[Path], None]:
    """Make a file bigger without changing what it says (trailing spaces)."""

    def corrupt(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write(" " * int(megabytes * 1e6))

    return corrupt


def drop_props(ident: str, *names: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        for name in names:
            del feature(doc, ident)["properties"][name]

    return change


def copy_feature(test: Callable[[dict], bool]) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        doc["features"].append(next(f for f in doc["features"] if test(f)))

    return change


def copy_row(test: Callable[[dict], bool]) -> Callable[[list[dict]], list]:
    return lambda rows: [*rows, next(r for r in rows if test(r))]


def zigzag(doc: dict) -> None:
    """Dostyk to Moyinty in 24 legs that swing 2 degrees either side of the way."""
    line = coords("mc-dostyk-moyinty")(doc)
    (x0, y0), (x1, y1) = line[0], line[-1]
    inner = [
        [x0 + (x1 - x0) * k / 24, y0 + (y1 - y0) * k / 24 + (2 if k % 2 else -2)]
        for k in range(1, 24)
    ]
    line[1:-1] = inner


def param(name: str, **values: str) -> Callable[[Path], None]:
    return table("model_parameters.csv", row("parameter", name, **values))


def unlink(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).unlink()


def nest(folder: Path) -> None:
    (folder / NODES).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def clash(doc: dict) -> None:
    feature(doc, "beineu-sekseuil-highway")["properties"]["id"] = "mc-beineu-aktau"


def clash_events(folder: Path) -> None:
    edit_csv(
        folder / "project_events.csv",
        lambda rows: [
            dict(r, project_id="mc-beineu-aktau")
            if r["project_id"] == "beineu-sekseuil-highway"
            else r
            for r in rows
        ],
    )


def both(*corruptions: Callable[[Path], None]) -> Callable[[Path], None]:
    def corrupt(folder: Path) -> None:
        for corruption in corruptions:
            corruption(folder)

    return corrupt


F = r"field 'geometry': expected"
SWAP = r"are lon/lat swapped\? GeoJSON is \[longitude, latitude\]"

# (id, loader, corruption, patterns the message must contain)
CASES: list[tuple[str, str, Callable[[Path], None], list[str]]] = [
    # --- 1. geometry along the whole length ------------------------------------------
    (
        "swapped-interior-vertex",
        "load_corridors",
        geojson(CORRIDORS, swap_vertex("mc-alat-tbilisi", 4)),
        [
            r"^geo/corridors\.geojson: 2 problems:",
            r"feature 'mc-alat-tbilisi', coordinates\[4\]: field 'geometry': expected a "
            r"vertex on the way between the line's ends: at most 784 km from end to end "
            r"via it \(1\.8 times the 435 km between node 'alat' and node 'tbilisi', "
            r"rail, approximate\), found lon 40\.62, lat 47\.15 \(in Russia\), "
            r"[\d,]+ km via it; " + SWAP,
            r"feature 'mc-alat-tbilisi': field 'geometry': expected a line of at most "
            r"784 km \(1\.8 times .*\), found [\d,]+ km; check its vertices",
        ],
    ),
    (
        "swapped-vertex-of-a-project",
        "load_projects",
        geojson(PROJECTS, swap_vertex("btk-railway", 9)),
        [
            r"^geo/projects\.geojson: 2 problems:",
            r"feature 'btk-railway', coordinates\[9\]: "
            r"field 'geometry': expected a vertex on the way between the line's ends",
        ],
    ),
    (
        "rail-vertex-at-sea",
        "load_corridors",
        geojson(
            CORRIDORS, lambda d: coords("mc-beineu-aktau")(d)[3].__init__([49.5, 44])
        ),
        [
            r"feature 'mc-beineu-aktau', coordinates\[3\]: " + F + r" a vertex of a "
            r"rail line on land \(within 10 km of a country of geo/countries\.geojson\), "
            r"found lon 49\.5, lat 44 \(in Caspian Sea\), \d+ km from land \(Kazakhstan\)$"
        ],
    ),
    (
        "ferry-vertex-inland",
        "load_corridors",
        geojson(
            CORRIDORS, lambda d: coords("mc-poti-constanta")(d)[4].__init__([34, 39.5])
        ),
        [
            r"feature 'mc-poti-constanta', coordinates\[4\]: " + F + r" a vertex of a "
            r"ferry line at sea \(at most 10 km inside the land of Turkey\), found "
            r"lon 34, lat 39\.5, \d+ km inside Turkey"
        ],
    ),
    (
        "line-too-long-for-its-ends",
        "load_corridors",
        geojson(CORRIDORS, zigzag),
        [
            r"^geo/corridors\.geojson: feature 'mc-dostyk-moyinty': " + F + r" a line "
            r"of at most 1,33\d km \(1\.8 times the 740 km between node 'dostyk' and "
            r"node 'moyinty', rail, approximate\), found [\d,]+ km"
        ],
    ),
    (
        "one-point-line",
        "load_corridors",
        geojson(CORRIDORS, set_coords("mc-aktau-alat", [[51.15, 43.65]])),
        [
            r"feature 'mc-aktau-alat': " + F + r" a line through at least 2 distinct "
            r"points, found 1 point$"
        ],
    ),
    (
        "all-points-identical",
        "load_corridors",
        geojson(CORRIDORS, set_coords("mc-aktau-alat", [[51.15, 43.65]] * 3)),
        [
            r"feature 'mc-aktau-alat': " + F + r" a line through at least 2 distinct "
            r"points, found 3 points, all at lon 51\.15, lat 43\.65"
        ],
    ),
    (
        "one-point-project",
        "load_projects",
        geojson(PROJECTS, set_coords("btk-railway", [[49.85, 40.38]])),
        [r"feature 'btk-railway': " + F + r" a line through at least 2 distinct"],
    ),
    (
        "node-without-name-and-kind",
        "load_nodes",
        geojson(NODES, drop_props("aktau", "name", "kind")),
        [
            r"^geo/nodes\.geojson: 2 problems:",
            r"feature 'aktau': field 'name': expected a value, found no such property",
            r"feature 'aktau': field 'kind': expected a value, found no such property",
        ],
    ),
    (
        "undeclared-property",
        "load_corridors",
        geojson(
            CORRIDORS,
            lambda d: feature(d, "mc-aktau-alat")["properties"].update(length_km=470),
        ),
        [
            r"feature 'mc-aktau-alat': field 'length_km': expected only the properties "
            r"id, corridor, .*, note \(see data/README\.md\), found a property the "
            r"schema does not declare"
        ],
    ),
    (
        "base-map-too-big",
        "load_countries",
        pad(COUNTRIES, 5.5),
        [
            r"^geo/countries\.geojson: expected a file of at most 5 MB, found 5\.\d MB; "
            r"regenerate it with `python scripts/make_countries\.py`"
        ],
    ),
    (
        "lines-too-big",
        "load_corridors",
        pad(CORRIDORS, 1.2),
        [
            r"^geo/corridors\.geojson: expected a file of at most 1 MB, found 1\.2 MB; "
            r"simplify the lines with `python scripts/simplify_geojson\.py FILE`"
        ],
    ),
    (
        "table-too-big",
        "load_sources",
        pad("sources.csv", 1.1),
        [r"^sources\.csv: expected a file of at most 1 MB, found 1\.\d MB"],
    ),
    # --- 2. tables that are what they claim to be -------------------------------------
    (
        "headers-only-table",
        "load_reforms",
        text("reforms.csv", lambda t: t.splitlines()[0] + "\n"),
        [
            r"^reforms\.csv: rows: expected at least one row under the header, "
            r"found none"
        ],
    ),
    (
        "no-features",
        "load_nodes",
        geojson(NODES, lambda d: d.update(features=[])),
        [r"^geo/nodes\.geojson: features: expected at least one feature, found none"],
    ),
    (
        "duplicated-row",
        "load_parliament",
        table("parliament.csv", copy_row(lambda r: r["body"] == "Kurultai")),
        [
            r"^parliament\.csv: 2 problems:",
            r"row 7 \(period 'after_2026'\): every field: expected each row once, "
            r"found a copy of row 6 \(period 'after_2026'\)",
            r"row 7 \(period 'after_2026'\): fields 'period', 'body', 'filled_by': "
            r"expected a combination used once, found 'after_2026', 'Kurultai', "
            r"'party_list', as at row 6",
        ],
    ),
    (
        "duplicated-key",
        "load_indicators",
        table(
            "indicators.csv",
            lambda rows: [*rows, dict(rows[0], confidence="L", note="again")],
        ),
        [
            r"^indicators\.csv: row \d+ \(metric 'referendum_yes_share'\): fields "
            r"'metric', 'entity', 'year', 'value', 'unit', 'qualifier', 'reporter': "
            r"expected a combination used once, found 'referendum_yes_share', "
            r"'referendum-1995', 1995, 90\.0, '%', 'exact', .* as at row 2"
        ],
    ),
    (
        "duplicated-event",
        "load_project_events",
        table("project_events.csv", lambda rows: [*rows, dict(rows[0], event="x")]),
        [r"fields 'project_id', 'date': expected a combination used once"],
    ),
    (
        "duplicated-country-feature",
        "load_countries",
        geojson(COUNTRIES, copy_feature(lambda f: f["properties"]["iso_a3"] == "KAZ")),
        [
            r"^  - feature 'KAZ': field 'name': expected a unique id \(first used at "
            r"feature 'KAZ'\), found 'Kazakhstan'",
            r"^  - feature 'KAZ': field 'iso_a3': expected a unique id",
            r"^  - feature 'KAZ': every field: expected each feature once, found a copy "
            r"of feature 'KAZ'",
        ],
    ),
    (
        "duplicated-node-feature",
        "load_nodes",
        geojson(NODES, copy_feature(lambda f: f["properties"]["id"] == "dostyk")),
        [
            r"feature 'dostyk': every field: expected each feature once, found a copy "
            r"of feature 'dostyk'"
        ],
    ),
    (
        "nul-in-text",
        "load_reforms",
        table(
            "reforms.csv",
            row("event_id", "constitutional-referendum-2026", title="Vote\x00held"),
        ),
        [
            r"^reforms\.csv: row \d+ \(event_id 'constitutional-referendum-2026'\): "
            r"field 'title': expected text without control characters, found "
            r"'Vote\\x00held'; U\+0000 at character 5"
        ],
    ),
    (
        "bidi-override-in-a-feature",
        "load_nodes",
        geojson(
            NODES,
            lambda d: feature(d, "aktau")["properties"].update(name="Aktau\u202e"),
        ),
        [
            r"feature 'aktau': field 'name': expected text without control characters, "
            r"found 'Aktau\\u202e'; U\+202E at character 6"
        ],
    ),
    (
        "line-break-in-text",
        "load_sources",
        table("sources.csv", lambda rows: rows[0].update(title="Two\nlines")),
        [
            r"row 2 \(source_id '[a-z0-9-]+'\): field 'title': expected text without "
            r"control characters, found 'Two\\nlines'; U\+000A"
        ],
    ),
    (
        "underscore-in-number",
        "load_indicators",
        table("indicators.csv", lambda rows: rows[0].update(value="1_000")),
        [
            r"row 2 \(metric 'referendum_yes_share'\): field 'value': expected a number, "
            r"found '1_000'; write a plain decimal in ASCII digits"
        ],
    ),
    (
        "exponent-in-number",
        "load_indicators",
        table("indicators.csv", lambda rows: rows[0].update(value="9e1")),
        [r"field 'value': expected a number, found '9e1'; write a plain decimal"],
    ),
    (
        "arabic-indic-digits-in-number",
        "load_parliament",
        table("parliament.csv", lambda rows: rows[0].update(seats="٦٩")),
        [
            r"row 2 \(period 'before_2026'\): field 'seats': expected an integer >= 0, "
            r"found '٦٩'; write a plain decimal in ASCII digits"
        ],
    ),
    (
        "full-width-digits-in-number",
        "load_partners",
        table("partners.csv", row("partner", "russia", lon="３７.６１７３")),
        [
            r"row 2 \(partner 'russia'\): field 'lon': expected a number in "
            r"-180\.\.180, found '３７\.６１７３'"
        ],
    ),
    (
        "arabic-indic-date",
        "load_reforms",
        table(
            "reforms.csv",
            row("event_id", "constitutional-referendum-2026", date="٢٠٢٦-٠٣-١٥"),
        ),
        [
            r"\(event_id 'constitutional-referendum-2026'\): field 'date': expected a "
            r"date as YYYY, YYYY-MM or YYYY-MM-DD, found '٢٠٢٦-٠٣-١٥'; in ASCII digits"
        ],
    ),
    (
        "full-width-date",
        "load_project_events",
        table("project_events.csv", lambda rows: rows[0].update(date="２０２４")),
        [
            r"row 2 \(project_id 'beineu-sekseuil-highway'\): field 'date': expected a "
            r"date as YYYY, YYYY-MM or YYYY-MM-DD, found '２０２４'; in ASCII digits"
        ],
    ),
    (
        "zero-speed",
        "load_model_parameters",
        param("rail_speed_km_per_day", value="0", low="0"),
        [
            r"row 2 \(parameter 'rail_speed_km_per_day'\): field 'value': expected a "
            r"number > 0 \(a speed in km per day\), found 0",
            r"row 2 \(parameter 'rail_speed_km_per_day'\): field 'low': expected a "
            r"number > 0",
        ],
    ),
    (
        "negative-wait",
        "load_model_parameters",
        param("caspian_wait_days", low="-1"),
        [
            r"\(parameter 'caspian_wait_days'\): field 'low': expected a number >= 0, "
            r"found '-1'"
        ],
    ),
    (
        "range-upside-down",
        "load_model_parameters",
        param("port_dwell_days", low="3", high="0.25"),
        [
            r"\(parameter 'port_dwell_days'\): field 'high': expected a number >= low "
            r"\(3\), found 0\.25"
        ],
    ),
    (
        "default-outside-range",
        "load_model_parameters",
        param("sea_speed_km_per_day", value="1000"),
        [r"field 'value': expected a number in low\.\.high \(622\.\.889\), found 1000"],
    ),
    (
        "missing-parameter",
        "load_model_parameters",
        table(
            "model_parameters.csv",
            lambda rows: [r for r in rows if r["parameter"] != "caspian_wait_days"],
        ),
        [
            r"^model_parameters\.csv: rows: expected a row for each parameter of the "
            r"model, found none for caspian_wait_days"
        ],
    ),
    (
        "unknown-parameter",
        "load_model_parameters",
        param("road_speed_km_per_day", parameter="truck_speed_km_per_day"),
        [
            r"\(parameter 'truck_speed_km_per_day'\): field 'parameter': expected a "
            r"parameter of the model: rail_speed_km_per_day, .*, found "
            r"'truck_speed_km_per_day'",
            r"found none for road_speed_km_per_day",
        ],
    ),
    # --- every failure a DataError -----------------------------------------------------
    (
        "truncated-json",
        "load_corridors",
        text(CORRIDORS, lambda t: t[: len(t) // 2]),
        [r"^geo/corridors\.geojson: expected valid JSON, found an error at line \d+"],
    ),
    (
        "json-nested-too-deep",
        "load_nodes",
        nest,
        [r"^geo/nodes\.geojson: expected valid GeoJSON, found arrays nested too deep"],
    ),
    (
        "geojson-not-utf8",
        "load_projects",
        lambda folder: (folder / PROJECTS).write_bytes(
            (folder / PROJECTS).read_bytes() + b"\xff"
        ),
        [r"^geo/projects\.geojson: expected UTF-8 text, found byte 0xff at offset \d+"],
    ),
    (
        "missing-geojson",
        "load_corridors",
        unlink(CORRIDORS),
        [r"^geo/corridors\.geojson: file not found at .*corridors\.geojson"],
    ),
    (
        "polygon-ring-too-short",
        "load_countries",
        geojson(
            COUNTRIES,
            lambda d: d["features"][0].update(
                geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}
            ),
        ),
        [
            r"^geo/countries\.geojson: feature 'AFG': field 'geometry': expected a "
            r"valid geometry, found Too few points in geometry component"
        ],
    ),
    (
        "project-takes-a-segment-id",
        "load_routes",
        both(geojson(PROJECTS, clash), clash_events),
        [
            r"^geo/projects\.geojson: feature 'mc-beineu-aktau': field 'id': expected "
            r"an id not used by a segment of geo/corridors\.geojson, found "
            r"'mc-beineu-aktau'"
        ],
    ),
    # --- earlier rules, on the same copies --------------------------------------------
    (
        "node-lon-lat-swapped",
        "load_nodes",
        geojson(
            NODES, lambda d: feature(d, "aktau")["geometry"]["coordinates"].reverse()
        ),
        [r"feature 'aktau': " + F + r" a point within 10 km of KAZ .*; " + SWAP],
    ),
    (
        "segment-leaves-its-node",
        "load_corridors",
        geojson(CORRIDORS, lambda d: coords("mc-aktau-alat")(d)[0].__init__([50, 43])),
        [r"feature 'mc-aktau-alat': " + F + r" the line to start at node 'aktau'"],
    ),
    (
        "unknown-source",
        "load_routes",
        table("routes.csv", lambda rows: rows[0].update(source_ids="nowhere")),
        [
            r"^routes\.csv: row 2 \(route_id '[a-z0-9-]+'\): field 'source_ids': "
            r"expected source ids of sources\.csv that exists, found 'nowhere' "
            r"\(unknown\)"
        ],
    ),
    (
        "duplicate-id",
        "load_reforms",
        table("reforms.csv", lambda rows: rows[1].update(event_id=rows[0]["event_id"])),
        [r"row 3 \(event_id '[a-z0-9-]+'\): field 'event_id': expected a unique id"],
    ),
    (
        "date-in-words",
        "load_partnerships",
        table("partnerships.csv", lambda rows: rows[0].update(since="May 1992")),
        [
            r"^partnerships\.csv: row 2 \(partner 'russia'\): field 'since': expected "
            r"a date as YYYY, YYYY-MM or YYYY-MM-DD, found 'May 1992'$"
        ],
    ),
    (
        "ragged-csv",
        "load_customs_unions",
        text("customs_unions.csv", lambda t: t + "a,b,c,d,e,f,g\n"),
        [r"^customs_unions\.csv: expected CSV with a header row"],
    ),
]


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The corrupted copy of each case, made once per module on first use."""
    made: dict[str, Path] = {}
    corruptions = {name: corrupt for name, _, corrupt, _ in CASES}

    def get(name: str) -> Path:
        if name not in made:
            folder = tmp_path_factory.mktemp(name) / "data"
            shutil.copytree(paths.DATA_DIR, folder)
            corruptions[name](folder)
            made[name] = folder
        return made[name]

    return get


@pytest.mark.parametrize(
    ("name", "loader", "patterns"),
    [(name, loader, patterns) for name, loader, _, patterns in CASES],
    ids=[case[0] for case in CASES],
)
def test_corrupted_copy_is_refused_by_name(corrupted, name, loader, patterns):
    with pytest.raises(DataError) as info:
        getattr(explainer, loader)(data_dir=corrupted(name))
    message = str(info.value)
    for pattern in patterns:
        assert re.search(pattern, message, re.MULTILINE), (
            f"{pattern!r} not in:\n{message}"
        )


LOADERS = [
    *sorted(n for n in explainer.data.__all__ if n.startswith("load_")),
    "route_segments",
]


def test_there_are_at_least_30_corruptions_and_every_loader_is_tried():
    assert len(CASES) >= 30
    assert len(LOADERS) == 17  # the 15 of issue 9, load_claims and load_names


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_only_data_errors_escape_any_loader(corrupted, name):
    folder = corrupted(name)
    refused = []
    for loader in LOADERS:
        try:
            getattr(explainer, loader)(data_dir=folder)
        except DataError as exc:
            refused.append((loader, exc))
    assert refused, f"no loader refused the copy '{name}'"


def test_the_real_data_passes_every_check():
    for loader in LOADERS:
        getattr(explainer, loader)()


def test_a_byte_order_mark_is_not_a_problem(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    path = folder / "parliament.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(explainer.load_parliament(folder)) == len(explainer.load_parliament())


def test_plain_decimals_still_load():
    parameters = explainer.load_model_parameters().set_index("parameter")
    assert parameters.loc["border_dwell_days", "value"] == 1.0
    raw = json.loads((paths.DATA_DIR / PROJECTS).read_text(encoding="utf-8"))
    assert any("reported_length_km" in f["properties"] for f in raw["features"])
