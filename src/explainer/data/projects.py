"""Infrastructure projects, their dated status steps, and the end-to-end routes."""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import pandas as pd

from explainer import geo
from explainer.data.errors import Problems, said
from explainer.data.features import read_features
from explainer.data.geometries import (
    _check_ends,
    load_corridors,
    load_countries,
    load_nodes,
)
from explainer.data.itineraries import check_no_return, route_coords
from explainer.data.ledger import (
    PathLike,
    _cached,
    _check_sources,
    _data_dir,
    _dates,
    _features,
    _geoframe,
    _rows,
)
from explainer.data.lines import check_lines
from explainer.data.reading import check_known, check_unique, read_table
from explainer.data.schema import PROJECT_EVENTS, PROJECTS, ROUTES, UNIQUE
from explainer.data.translated import localized

#: The mode a linear project's kind travels by.
PROJECT_MODES = {"road": "road", "rail": "rail"}

__all__ = ["load_project_events", "load_projects", "load_routes", "route_segments"]


def _read_projects(folder: Path) -> tuple[pd.DataFrame, list, Problems]:
    return read_features(
        folder / "geo" / "projects.geojson",
        "geo/projects.geojson",
        PROJECTS,
        ("LineString", "Point"),
    )


def _read_events(folder: Path) -> tuple[pd.DataFrame, Problems]:
    frame, problems = read_table(
        folder / "project_events.csv",
        "project_events.csv",
        PROJECT_EVENTS,
        unique=UNIQUE["project_events.csv"],
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
        nodes = load_nodes(folder)
        _check_ends(frame, geometries, problems, where, nodes)
        check_lines(
            frame,
            geometries,
            [PROJECT_MODES.get(k) for k in frame["kind"]],
            problems,
            where,
            nodes,
            load_countries(folder),
        )
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

    folder = _data_dir(data_dir)
    return localized("projects", _cached("projects", folder, build), folder)


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

    folder = _data_dir(data_dir)
    frame = _cached("project_events", folder, build)
    return localized("project_events", frame, folder)


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
        nodes = load_nodes(folder)
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
            check_no_return(
                row["route_id"],
                route_coords(segments, ids),
                nodes,
                problems,
                lambda i=i: where(i),
            )
        problems.raise_if_any()
        frame["length_km"] = lengths
        return frame

    folder = _data_dir(data_dir)
    return localized("routes", _cached("routes", folder, build), folder)


def route_segments(data_dir: PathLike = None) -> gpd.GeoDataFrame:
    """Every segment a route may use: corridor segments and linear projects.

    Linear projects get ``corridor = 'project'`` and ``mode`` from their kind; their
    ids may not be ids of corridor segments (a route names either).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id, corridor, branch, from_node, to_node, mode, precision, length_km,
        geometry`` (plus ``status`` for projects).

    Raises
    ------
    DataError
        If a file breaks a rule, or a linear project has the id of a segment.
    """
    folder = _data_dir(data_dir)
    corridors = load_corridors(folder)
    projects = load_projects(folder)
    linear = projects[
        (projects.geom_type == "LineString")
        & projects["from_node"].notna()
        & projects["to_node"].notna()
    ].copy()
    problems = Problems("geo/projects.geojson")
    taken = set(corridors["id"])
    for ident in linear["id"]:
        if ident in taken:
            problems.add(
                f"feature '{ident}'",
                "id",
                "an id not used by a segment of geo/corridors.geojson",
                ident,
            )
    problems.raise_if_any()
    linear["corridor"] = "project"
    linear["branch"] = linear["id"]
    linear["mode"] = linear["kind"].map(PROJECT_MODES)
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
