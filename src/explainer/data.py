"""Load and validate the explainer's data (``data/`` and ``data/geo/``).

Every loader takes ``data_dir=None`` (the project's ``data/``, or the folder named by
the environment variable ``EXPLAINER_DATA_DIR``), checks the file and everything it
refers to, and returns a (Geo)DataFrame with stable column names and, for geometries,
EPSG:4326 coordinates. Lengths of lines are computed geodesically (``length_km``).

A file that breaks a rule raises :class:`DataError`, whose message names the file,
the row or feature, the field, what was expected and what was found, for every
problem of the file at once. The data dictionary is ``data/README.md``.

This module is light on purpose: it does not import folium, altair or ipywidgets.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from explainer import geo
from explainer._checks import (
    Col,
    DataError,
    Problems,
    check_known,
    check_unique,
    read_features,
    read_table,
    said,
)
from explainer.paths import data_dir as _data_dir

__all__ = [
    "DataError",
    "load_corridors",
    "load_countries",
    "load_customs_unions",
    "load_indicators",
    "load_model_parameters",
    "load_nodes",
    "load_parliament",
    "load_partners",
    "load_partnerships",
    "load_project_events",
    "load_projects",
    "load_reforms",
    "load_routes",
    "load_sources",
    "pick",
]

PathLike = str | os.PathLike[str] | None

CORRIDORS = ("middle", "northern", "southern", "maritime", "kz_road")
MODES = ("rail", "sea", "ferry", "road")
PRECISIONS = ("schematic", "approximate", "surveyed")
STATUSES = ("announced", "planned", "financed", "under_construction", "operational")
NODE_KINDS = ("border_crossing", "port", "rail_hub", "city", "capital")
#: How far (km) a node may lie outside its country's shape: ports sit on the coast and
#: the base map is simplified (1:50m in the region, 1:110m elsewhere).
COUNTRY_TOLERANCE_KM = {"50m": 10.0, "110m": 40.0}
#: How far (km) a segment's end may lie from the node it names.
NODE_TOLERANCE_KM = 1.0

_SOURCE_IDS = Col("source_ids", "ids")

SOURCES = (
    Col("source_id", "slug"),
    Col("title"),
    Col("publisher"),
    Col("url", "url"),
    Col("published", "date", required=False),
    Col("language", "lang"),
    Col(
        "kind",
        "choice",
        choices=(
            "official",
            "news",
            "international_org",
            "research",
            "reference",
            "dataset",
            "opinion",
        ),
    ),
    Col("checked"),
    Col("notes", required=False),
)
COUNTRIES = (
    Col("iso_a3", "text", required=False),
    Col("iso_n3", "text", required=False),
    Col("name"),
    Col("scale", "choice", choices=("50m", "110m")),
    Col("kind", "choice", choices=("country", "sea")),
)
NODES = (
    Col("id", "slug"),
    Col("name"),
    Col("kind", "choice", choices=NODE_KINDS),
    Col("country", "iso3"),
    Col("role"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)
CORRIDOR_SEGMENTS = (
    Col("id", "slug"),
    Col("corridor", "choice", choices=CORRIDORS),
    Col("branch", "slug"),
    Col("seq", "int", minimum=1),
    Col("from_node", "slug"),
    Col("to_node", "slug"),
    Col("mode", "choice", choices=MODES),
    Col("precision", "choice", choices=PRECISIONS),
    _SOURCE_IDS,
    Col("note", required=False),
)
PROJECTS = (
    Col("id", "slug"),
    Col("name"),
    Col("kind", "choice", choices=("road", "rail", "port", "terminal")),
    Col("status", "choice", choices=STATUSES),
    Col("from_node", "slug", required=False),
    Col("to_node", "slug", required=False),
    Col("reported_length_km", "float", required=False, minimum=0),
    Col("reported_cost", "float", required=False, minimum=0),
    Col("currency", "choice", required=False, choices=("KZT", "USD", "EUR", "CNY")),
    Col("cost_unit", "choice", required=False, choices=("million", "billion")),
    Col("precision", "choice", choices=PRECISIONS),
    Col("summary"),
    _SOURCE_IDS,
)
PROJECT_EVENTS = (
    Col("project_id", "slug"),
    Col("date", "date"),
    Col("status", "choice", choices=STATUSES),
    Col("event"),
    _SOURCE_IDS,
)
ROUTES = (
    Col("route_id", "slug"),
    Col("corridor", "choice", choices=CORRIDORS),
    Col("name"),
    Col("segment_ids", "ids"),
    _SOURCE_IDS,
    Col("note", required=False),
)
INDICATORS = (
    Col("metric", "slug"),
    Col("entity", "slug"),
    Col("year", "int", minimum=1990, maximum=2050),
    Col("value", "float"),
    Col("value_high", "float", required=False),
    Col("unit"),
    Col(
        "qualifier",
        "choice",
        choices=(
            "exact",
            "about",
            "at_least",
            "up_to",
            "target",
            "projection",
            "claim",
        ),
    ),
    Col("reporter"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)
REFORMS = (
    Col("event_id", "slug"),
    Col("date", "date"),
    Col("title"),
    Col(
        "category",
        "choice",
        choices=(
            "constitution",
            "referendum",
            "parliament",
            "presidency",
            "election",
            "civil_society",
            "culture_digital",
        ),
    ),
    Col(
        "status",
        "choice",
        choices=("proposed", "adopted", "in_force", "held", "scheduled"),
    ),
    Col("summary"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
)
PARLIAMENT = (
    Col("period", "choice", choices=("before_2026", "after_2026")),
    Col("body", "choice", choices=("Mazhilis", "Senate", "Kurultai")),
    Col(
        "filled_by",
        "choice",
        choices=(
            "party_list",
            "single_member_district",
            "indirect_election",
            "presidential_appointment",
        ),
    ),
    Col("seats", "int", minimum=0),
    Col("term_years", "int", required=False, minimum=1),
    _SOURCE_IDS,
    Col("note", required=False),
)
PARTNERS = (
    Col("partner", "slug"),
    Col("name"),
    Col("place"),
    Col("lon", "float", minimum=-180, maximum=180),
    Col("lat", "float", minimum=-90, maximum=90),
    Col("iso_a3", "iso3"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)
PARTNERSHIPS = (
    Col("partner", "slug"),
    Col("framework"),
    Col(
        "domain",
        "choice",
        choices=(
            "security",
            "economic_union",
            "trade",
            "transport",
            "investment",
            "diplomacy",
        ),
    ),
    Col("since", "date"),
    Col("summary"),
    _SOURCE_IDS,
)
CUSTOMS_UNIONS = (
    Col("union", "slug"),
    Col("country", "iso3"),
    _SOURCE_IDS,
    Col("note", required=False),
)
MODEL_PARAMETERS = (
    Col("parameter", "slug"),
    Col("value", "float", minimum=0),
    Col("low", "float", minimum=0),
    Col("high", "float", minimum=0),
    Col("unit"),
    _SOURCE_IDS,
    Col("note"),
)

_CACHE: dict[tuple, object] = {}


def _cached(
    name: str, folder: Path, build: Callable[[Path], pd.DataFrame]
) -> pd.DataFrame:
    """Load once per data folder and file state; hand out copies."""
    files = sorted(folder.glob("*.csv")) + sorted(folder.glob("geo/*.geojson"))
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    key = (name, str(folder), stamp)
    if key not in _CACHE:
        _CACHE[key] = build(folder)
    return _CACHE[key].copy()


def _rows(frame: pd.DataFrame, key: str | None) -> Callable[[int], str]:
    def where(i: int) -> str:
        ident = frame[key].iloc[i] if key else None
        return f"row {i + 2} ({key} '{ident}')" if ident else f"row {i + 2}"

    return where


def _features(frame: pd.DataFrame) -> Callable[[int], str]:
    def where(i: int) -> str:
        ident = frame["id"].iloc[i] if "id" in frame else None
        return f"feature '{ident}'" if ident else f"feature #{i + 1}"

    return where


def _check_sources(
    frame: pd.DataFrame, problems: Problems, where: Callable[[int], str], folder: Path
) -> None:
    known = set(load_sources(folder)["source_id"])
    check_known(
        frame, "source_ids", known, "source ids of sources.csv", problems, where
    )


def _dates(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Add ``<column>_precision`` and turn the column into timestamps."""
    text = frame[column]
    frame[f"{column}_precision"] = text.map(
        lambda t: None if t is None else {4: "year", 7: "month", 10: "day"}[len(t)]
    )
    frame[column] = pd.to_datetime(
        text.map(lambda t: None if t is None else (t + "-01-01")[:10]),
        format="%Y-%m-%d",
    )
    return frame


def _geoframe(frame: pd.DataFrame, geometries: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")


# --- the claim ledger and the base map ----------------------------------------


def load_sources(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the claim ledger ``sources.csv``.

    Parameters
    ----------
    data_dir
        The data folder; default: ``$EXPLAINER_DATA_DIR`` or the project's ``data/``.

    Returns
    -------
    pandas.DataFrame
        One row per source: ``source_id, title, publisher, url, published, language,
        kind, checked, notes``.

    Raises
    ------
    DataError
        If the file breaks a rule of ``data/README.md``.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "sources.csv", "sources.csv", SOURCES, "source_id"
        )
        problems.raise_if_any()
        return frame

    return _cached("sources", _data_dir(data_dir), build)


def load_countries(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the vector base map ``geo/countries.geojson`` (Natural Earth admin-0).

    Returns
    -------
    geopandas.GeoDataFrame
        ``iso_a3, iso_n3, name, scale, kind, geometry`` in EPSG:4326; ``kind`` is
        ``country`` or ``sea`` (the Caspian Sea).
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        frame, geometries, problems = read_features(
            folder / "geo" / "countries.geojson",
            "geo/countries.geojson",
            COUNTRIES,
            ("Polygon", "MultiPolygon"),
            region=(-180, -90, 180, 90),
        )
        problems.raise_if_any()
        return _geoframe(frame, geometries)

    return _cached("countries", _data_dir(data_dir), build)


# --- places and lines ---------------------------------------------------------


def load_nodes(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the places on the routes, ``geo/nodes.geojson``.

    Each point must lie in its declared country (within
    :data:`COUNTRY_TOLERANCE_KM` of its shape, for ports on the coast).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, name, kind, country, role, source_ids, confidence, lon, lat, geometry``.
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        label = "geo/nodes.geojson"
        frame, geometries, problems = read_features(
            folder / "geo" / "nodes.geojson", label, NODES, ("Point",)
        )
        where = _features(frame)
        check_unique(frame, "id", problems, where)
        _check_sources(frame, problems, where, folder)
        _check_countries(frame, geometries, problems, where, folder)
        problems.raise_if_any()
        nodes = _geoframe(frame, geometries)
        nodes["lon"] = nodes.geometry.x
        nodes["lat"] = nodes.geometry.y
        return nodes

    return _cached("nodes", _data_dir(data_dir), build)


def _check_countries(
    frame: pd.DataFrame,
    geometries: list,
    problems: Problems,
    where: Callable[[int], str],
    folder: Path,
    column: str = "country",
) -> None:
    """Each point lies in (or near) the country its ``column`` names."""
    countries = load_countries(folder)
    shapes = countries[countries["kind"] == "country"].set_index("iso_a3")
    for i, (code, point) in enumerate(zip(frame[column], geometries, strict=True)):
        if code is None or point is None:
            continue
        if code not in shapes.index:
            problems.add(
                where(i), column, "a country code of geo/countries.geojson", code
            )
            continue
        shape_row = shapes.loc[code]
        tolerance = COUNTRY_TOLERANCE_KM[shape_row["scale"]]
        distance = geo.distance_to_polygon_km(point, shape_row.geometry)
        if distance > tolerance:
            flipped = Point(point.y, point.x)
            hint = (
                "are lon/lat swapped? GeoJSON is [longitude, latitude]"
                if geo.distance_to_polygon_km(flipped, shape_row.geometry) <= tolerance
                else "check the coordinates or the country code"
            )
            problems.add(
                where(i),
                "geometry",
                f"a point within {tolerance:g} km of {code} ({shape_row['name']})",
                said(f"lon {point.x:g}, lat {point.y:g}, {distance:.0f} km outside it"),
                hint,
            )


def _check_ends(
    frame: pd.DataFrame,
    geometries: list,
    problems: Problems,
    where: Callable[[int], str],
    nodes: gpd.GeoDataFrame,
) -> None:
    """Node references exist, and each line starts and ends on its nodes."""
    points = nodes.set_index("id").geometry
    for i, geom in enumerate(geometries):
        for column, end in (("from_node", 0), ("to_node", -1)):
            node = frame[column].iloc[i]
            if node is None or pd.isna(node):
                continue
            if node not in points.index:
                problems.add(where(i), column, "a node id of geo/nodes.geojson", node)
                continue
            if geom is None or geom.geom_type != "LineString":
                continue  # a point project names no line ends
            x, y = geom.coords[end]
            target = points.loc[node]
            gap = geo.distance_km((x, y), (target.x, target.y))
            if gap > NODE_TOLERANCE_KM:
                side = "start" if end == 0 else "end"
                problems.add(
                    where(i),
                    "geometry",
                    f"the line to {side} at node '{node}' "
                    f"(lon {target.x:g}, lat {target.y:g}, "
                    f"within {NODE_TOLERANCE_KM:g} km)",
                    said(f"it {side}s at lon {x:g}, lat {y:g}, {gap:.1f} km away"),
                )


def load_corridors(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the route segments, ``geo/corridors.geojson``, with geodesic lengths.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, corridor, branch, seq, from_node, to_node, mode, precision, source_ids,
        note, length_km, geometry``; ``length_km`` is computed on the WGS84 ellipsoid.
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        label = "geo/corridors.geojson"
        frame, geometries, problems = read_features(
            folder / "geo" / "corridors.geojson",
            label,
            CORRIDOR_SEGMENTS,
            ("LineString",),
        )
        where = _features(frame)
        check_unique(frame, "id", problems, where)
        _check_sources(frame, problems, where, folder)
        _check_ends(frame, geometries, problems, where, load_nodes(folder))
        problems.raise_if_any()
        segments = _geoframe(frame, geometries)
        segments.insert(len(CORRIDOR_SEGMENTS), "length_km", geo.lengths_km(geometries))
        return segments

    return _cached("corridors", _data_dir(data_dir), build)


def _read_projects(folder: Path) -> tuple[pd.DataFrame, list, Problems]:
    return read_features(
        folder / "geo" / "projects.geojson",
        "geo/projects.geojson",
        PROJECTS,
        ("LineString", "Point"),
    )


def _read_events(folder: Path) -> tuple[pd.DataFrame, Problems]:
    frame, problems = read_table(
        folder / "project_events.csv", "project_events.csv", PROJECT_EVENTS
    )
    return frame, problems


def load_projects(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Load the infrastructure projects, ``geo/projects.geojson``.

    A project's ``status`` must be the status of its latest event in
    ``project_events.csv``.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of ``data/README.md`` plus ``length_km`` (geodesic; 0 for points).
    """

    def build(folder: Path) -> gpd.GeoDataFrame:
        frame, geometries, problems = _read_projects(folder)
        where = _features(frame)
        check_unique(frame, "id", problems, where)
        _check_sources(frame, problems, where, folder)
        _check_ends(frame, geometries, problems, where, load_nodes(folder))
        events, _ = _read_events(folder)
        events = _dates(events.dropna(subset=["project_id", "date"]), "date")
        latest = events.sort_values("date").groupby("project_id")["status"].last()
        for i, (ident, status) in enumerate(
            zip(frame["id"], frame["status"], strict=True)
        ):
            if ident is None or status is None:
                continue
            if ident not in latest.index:
                problems.add(
                    where(i),
                    "id",
                    "at least one dated event in project_events.csv",
                    said("none"),
                )
            elif latest[ident] != status:
                problems.add(
                    where(i),
                    "status",
                    f"'{latest[ident]}', the status of its latest event in "
                    "project_events.csv",
                    status,
                )
        problems.raise_if_any()
        projects = _geoframe(frame, geometries)
        projects["length_km"] = geo.lengths_km(geometries)
        return projects

    return _cached("projects", _data_dir(data_dir), build)


def load_project_events(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the dated status steps of the projects, ``project_events.csv``.

    Returns
    -------
    pandas.DataFrame
        ``project_id, date, status, event, source_ids, date_precision``, sorted by
        project and date; ``date`` is a timestamp (the first day of a month or year
        when only that is known, see ``date_precision``).
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = _read_events(folder)
        where = _rows(frame, "project_id")
        projects, _, _ = _read_projects(folder)
        known = {p for p in projects["id"] if p}
        check_known(
            frame,
            "project_id",
            known,
            "a project id of geo/projects.geojson",
            problems,
            where,
        )
        _check_sources(frame, problems, where, folder)
        problems.raise_if_any()
        return _dates(frame, "date").sort_values(
            ["project_id", "date"], ignore_index=True
        )

    return _cached("project_events", _data_dir(data_dir), build)


def load_routes(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the end-to-end itineraries, ``routes.csv``, with their geodesic length.

    Consecutive segments must share a node, and a segment must belong to the
    route's corridor (linear projects may join any route).

    Returns
    -------
    pandas.DataFrame
        ``route_id, corridor, name, segment_ids, source_ids, note, length_km``;
        ``segment_ids`` is a tuple in travel order.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "routes.csv", "routes.csv", ROUTES, "route_id"
        )
        where = _rows(frame, "route_id")
        _check_sources(frame, problems, where, folder)
        segments = route_segments(folder).set_index("id")
        lengths = []
        for i, row in frame.iterrows():
            ids = row["segment_ids"] or ()
            unknown = [s for s in ids if s not in segments.index]
            if unknown:
                problems.add(
                    where(i),
                    "segment_ids",
                    "segment ids of geo/corridors.geojson or linear projects",
                    said(", ".join(repr(u) for u in unknown) + " (unknown)"),
                )
                lengths.append(None)
                continue
            for a, b in itertools.pairwise(ids):
                if segments.loc[a, "to_node"] != segments.loc[b, "from_node"]:
                    problems.add(
                        where(i),
                        "segment_ids",
                        f"'{b}' to start where '{a}' ends "
                        f"('{segments.loc[a, 'to_node']}')",
                        said(f"it starts at '{segments.loc[b, 'from_node']}'"),
                    )
            for s in ids:
                corridor = segments.loc[s, "corridor"]
                if corridor not in (row["corridor"], "project"):
                    problems.add(
                        where(i),
                        "segment_ids",
                        f"segments of corridor '{row['corridor']}'",
                        said(f"'{s}' of corridor '{corridor}'"),
                    )
            lengths.append(float(segments.loc[list(ids), "length_km"].sum()))
        problems.raise_if_any()
        frame["length_km"] = lengths
        return frame

    return _cached("routes", _data_dir(data_dir), build)


def route_segments(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Every segment a route may use: corridor segments and linear projects.

    Linear projects get ``corridor = 'project'`` and ``mode`` from their kind.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, corridor, branch, from_node, to_node, mode, precision, length_km,
        geometry`` (plus ``status`` for projects).
    """
    folder = _data_dir(data_dir)
    corridors = load_corridors(folder)
    projects = load_projects(folder)
    linear = projects[
        (projects.geom_type == "LineString")
        & projects["from_node"].notna()
        & projects["to_node"].notna()
    ].copy()
    linear["corridor"] = "project"
    linear["branch"] = linear["id"]
    linear["mode"] = linear["kind"].map({"road": "road", "rail": "rail"})
    columns = [
        "id",
        "corridor",
        "branch",
        "from_node",
        "to_node",
        "mode",
        "precision",
        "length_km",
        "geometry",
    ]
    both = pd.concat(
        [corridors[columns], linear[[*columns, "status"]]], ignore_index=True
    )
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


# --- tables -------------------------------------------------------------------


def _simple_table(
    name: str,
    cols: tuple[Col, ...],
    key: str | None,
    data_dir: PathLike,
    extra: Callable[[pd.DataFrame, Problems, Callable[[int], str]], None] | None = None,
) -> pd.DataFrame:
    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(folder / name, name, cols, key)
        where = _rows(frame, key or cols[0].name)
        _check_sources(frame, problems, where, folder)
        if extra:
            extra(frame, problems, where)
        problems.raise_if_any()
        return frame

    return _cached(name, _data_dir(data_dir), build)


def load_indicators(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the figures, ``indicators.csv`` (long format).

    Conflicting figures are separate rows (see ``reporter``); nothing is averaged.

    Returns
    -------
    pandas.DataFrame
        ``metric, entity, year, value, value_high, unit, qualifier, reporter,
        source_ids, confidence, note``.
    """

    def ranges(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        for i, (low, high) in enumerate(
            zip(frame["value"], frame["value_high"], strict=True)
        ):
            if low is not None and high is not None and high < low:
                problems.add(
                    where(i),
                    "value_high",
                    f"a number >= value ({low:g})",
                    said(f"{high:g}"),
                )

    return _simple_table("indicators.csv", INDICATORS, None, data_dir, ranges)


def load_reforms(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the reform timeline, ``reforms.csv``, sorted by date.

    Returns
    -------
    pandas.DataFrame
        ``event_id, date, title, category, status, summary, source_ids, confidence,
        date_precision``; ``date`` is a timestamp.
    """
    frame = _simple_table("reforms.csv", REFORMS, "event_id", data_dir)
    return _dates(frame, "date").sort_values("date", ignore_index=True)


def load_parliament(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the seats before and after the 2026 constitution, ``parliament.csv``.

    Returns
    -------
    pandas.DataFrame
        ``period, body, filled_by, seats, term_years, source_ids, note``.
    """
    return _simple_table("parliament.csv", PARLIAMENT, None, data_dir)


def load_partners(data_dir: PathLike = None) -> pd.DataFrame:
    """Load Kazakhstan's partners and the point that stands for each, ``partners.csv``.

    The point (a capital, or Brussels for the EU) must lie in the country its
    ``iso_a3`` names (within :data:`COUNTRY_TOLERANCE_KM` of the shape).

    Returns
    -------
    pandas.DataFrame
        ``partner, name, place, lon, lat, iso_a3, source_ids, confidence, note``.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "partners.csv", "partners.csv", PARTNERS, "partner"
        )
        where = _rows(frame, "partner")
        _check_sources(frame, problems, where, folder)
        points = [
            None if pd.isna(lon) or pd.isna(lat) else Point(lon, lat)
            for lon, lat in zip(frame["lon"], frame["lat"], strict=True)
        ]
        _check_countries(frame, points, problems, where, folder, "iso_a3")
        problems.raise_if_any()
        return frame

    return _cached("partners", _data_dir(data_dir), build)


def load_partnerships(data_dir: PathLike = None) -> pd.DataFrame:
    """Load Kazakhstan's partnerships by domain, ``partnerships.csv``.

    Every ``partner`` must be a partner of ``partners.csv``.

    Returns
    -------
    pandas.DataFrame
        ``partner, framework, domain, since, summary, source_ids, since_precision``;
        ``since`` is a timestamp.
    """
    folder = _data_dir(data_dir)

    def known(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        partners, _ = read_table(folder / "partners.csv", "partners.csv", PARTNERS)
        check_known(
            frame,
            "partner",
            {p for p in partners["partner"] if p},
            "a partner of partners.csv",
            problems,
            where,
        )

    frame = _simple_table("partnerships.csv", PARTNERSHIPS, None, folder, known)
    return _dates(frame, "since")


def load_model_parameters(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the transit-time model's default parameters, ``model_parameters.csv``.

    Each default must lie inside its sourced range ``low..high``.

    Returns
    -------
    pandas.DataFrame
        ``parameter, value, low, high, unit, source_ids, note``.
    """

    def in_range(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        for i, row in frame.iterrows():
            low, value, high = row["low"], row["value"], row["high"]
            if None in (low, value, high):
                continue
            if not low <= value <= high:
                problems.add(
                    where(i),
                    "value",
                    f"a number in low..high ({low:g}..{high:g})",
                    said(f"{value:g}"),
                )

    return _simple_table(
        "model_parameters.csv", MODEL_PARAMETERS, "parameter", data_dir, in_range
    )


def load_customs_unions(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the customs unions on the routes, ``customs_unions.csv``.

    The transit-time model counts no border between two countries of the same
    union (the EU, the EAEU).

    Returns
    -------
    pandas.DataFrame
        ``union, country, source_ids, note``; a country is in at most one union.
    """
    return _simple_table("customs_unions.csv", CUSTOMS_UNIONS, "country", data_dir)


def pick(frame: pd.DataFrame, **criteria: object) -> pd.Series:
    """The one row of ``frame`` matching every ``column=value`` criterion.

    Notebooks use it to take a figure from the data instead of typing it.

    Raises
    ------
    KeyError
        If no row matches, or more than one does, saying which and listing them.

    Examples
    --------
    >>> from explainer import load_indicators, pick
    >>> pick(load_indicators(), metric="referendum_turnout",
    ...      entity="referendum-2026")["value"]  # doctest: +SKIP
    73.12
    """
    unknown = [c for c in criteria if c not in frame.columns]
    if unknown:
        msg = (
            f"no column(s) {', '.join(unknown)}; "
            f"the frame has {', '.join(frame.columns)}"
        )
        raise KeyError(msg)
    mask = pd.Series(True, index=frame.index)
    for column, value in criteria.items():
        mask &= frame[column] == value
    found = frame[mask]
    if len(found) != 1:
        wanted = ", ".join(f"{k}={v!r}" for k, v in criteria.items())
        msg = f"expected exactly one row with {wanted}, found {len(found)}"
        if len(found) > 1:
            msg += "; add a criterion (e.g. reporter= or year=) to choose one"
        raise KeyError(msg)
    return found.iloc[0]
