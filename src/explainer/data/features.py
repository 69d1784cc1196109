"""Read a GeoJSON file feature by feature: properties, CRS and geometry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from explainer.data.columns import REGION, Col, check_row, to_frame
from explainer.data.errors import Problems, said, show
from explainer.data.reading import check_repeated_rows, read_text


def read_features(
    path: Path,
    label: str,
    cols: Sequence[Col],
    geometry_types: Sequence[str],
    region: tuple[float, float, float, float] | None = REGION,
) -> tuple[pd.DataFrame, list[shapely.Geometry | None], Problems]:
    """Read and check a GeoJSON FeatureCollection.

    Every property the schema requires must be present, and no other; a feature
    may not repeat another; lines need two distinct points.

    Returns
    -------
    tuple
        The typed properties, the shapely geometries (``None`` where broken) and
        the problems. ``frame.attrs["where"]`` names each feature as messages do.
    """
    text = read_text(path, label)
    problems = Problems(label)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.note(
            f"expected valid JSON, found an error at line {exc.lineno} column "
            f"{exc.colno}: {exc.msg}"
        )
        problems.raise_if_any()
    except RecursionError:
        problems.note("expected valid GeoJSON, found arrays nested too deep to read")
        problems.raise_if_any()
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        problems.note(f"expected a GeoJSON FeatureCollection, found {show(kind)}")
        problems.raise_if_any()
    _check_crs(doc, problems)
    features = doc.get("features")
    if not isinstance(features, list):
        problems.note(
            f"expected a list of features, found {show(type(features).__name__)}"
        )
        problems.raise_if_any()
    if not features:
        problems.note("features: expected at least one feature, found none")
    names = [c.name for c in cols]
    rows, geometries, places = [], [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            where = f"feature #{index + 1}"
            problems.note(f"{where}: expected a Feature with properties")
            rows.append(dict.fromkeys(names))
            geometries.append(None)
            places.append(where)
            continue
        where = _where(index, props, feature)
        places.append(where)
        _check_keys(props, cols, where, problems)
        rows.append(check_row(props, cols, where, problems))
        geometries.append(
            _check_geometry(
                feature.get("geometry"), where, geometry_types, region, problems
            )
        )
    check_repeated_rows(features, problems, places.__getitem__, "feature")
    frame = to_frame(rows, names)
    frame.attrs["where"] = places
    return frame, geometries, problems


def _where(index: int, props: dict[str, Any], feature: dict[str, Any]) -> str:
    """``feature 'id'``, or ``feature #N (name 'X')`` for features without an id."""
    ident = props.get("id") or feature.get("id")
    if ident:
        return f"feature '{ident}'"
    name = props.get("name")
    return f"feature #{index + 1}" + (f" (name '{name}')" if name else "")


def _check_keys(
    props: dict[str, Any], cols: Sequence[Col], where: str, problems: Problems
) -> None:
    """Every required property is present, and no undeclared one."""
    for col in cols:
        if col.required and col.name not in props:
            problems.add(where, col.name, "a value", said("no such property"))
    names = {c.name for c in cols}
    for key in props:
        if key not in names:
            problems.add(
                where,
                str(key),
                f"only the properties {', '.join(c.name for c in cols)} "
                "(see data/README.md)",
                said("a property the schema does not declare"),
            )


def _check_crs(doc: dict[str, Any], problems: Problems) -> None:
    crs = doc.get("crs")
    if crs is None:
        return  # RFC 7946: GeoJSON is WGS84 lon/lat unless it says otherwise
    name = (
        str((crs.get("properties") or {}).get("name", ""))
        if isinstance(crs, dict)
        else ""
    )
    if not name.upper().replace("::", ":").endswith(("CRS84", "EPSG:4326")):
        problems.note(
            "crs: expected EPSG:4326 / OGC CRS84 (lon/lat on WGS84), "
            f"found {show(name)}; "
            "reproject the file to EPSG:4326"
        )


def _check_geometry(
    geometry: object,
    where: str,
    types: Sequence[str],
    region: tuple[float, float, float, float] | None,
    problems: Problems,
) -> shapely.Geometry | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in types:
        found = geometry.get("type") if isinstance(geometry, dict) else geometry
        problems.add(where, "geometry", "a " + " or ".join(types), found)
        return None
    kind = geometry["type"]
    raw = geometry.get("coordinates")
    if kind == "LineString" and isinstance(raw, list) and len(raw) < 2:
        problems.add(
            where,
            "geometry",
            "a line through at least 2 distinct points",
            said(f"{len(raw)} point{'' if len(raw) == 1 else 's'}"),
        )
        return None
    try:
        geom = shape(geometry)
        coords = shapely.get_coordinates(geom)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        problems.add(where, "geometry", f"valid {kind} coordinates", said(str(exc)))
        return None
    except ShapelyError as exc:  # GEOS refuses the coordinates
        problems.add(where, "geometry", f"valid {kind} coordinates", said(str(exc)))
        return None
    if geom.is_empty or not np.isfinite(coords).all():
        problems.add(
            where, "geometry", "finite coordinates", said("empty or NaN coordinates")
        )
        return None
    if kind == "LineString" and len(np.unique(coords, axis=0)) < 2:
        lon, lat = coords[0]
        problems.add(
            where,
            "geometry",
            "a line through at least 2 distinct points",
            said(f"{len(coords)} points, all at lon {lon:g}, lat {lat:g}"),
        )
        return None
    if not geom.is_valid:
        problems.add(
            where, "geometry", "a valid geometry", said(shapely.is_valid_reason(geom))
        )
    if region is not None:
        _check_region(coords, where, region, problems)
    return geom


def _check_region(
    coords: np.ndarray,
    where: str,
    region: tuple[float, float, float, float],
    problems: Problems,
) -> None:
    lon0, lat0, lon1, lat1 = region
    bad = ~(
        (coords[:, 0] >= lon0)
        & (coords[:, 0] <= lon1)
        & (coords[:, 1] >= lat0)
        & (coords[:, 1] <= lat1)
    )
    if bad.any():
        lon, lat = coords[bad.argmax()]
        swapped = lon0 <= lat <= lon1 and lat0 <= lon <= lat1
        problems.add(
            where,
            "geometry",
            "coordinates inside the region "
            f"(lon {lon0:g}..{lon1:g}, lat {lat0:g}..{lat1:g})",
            said(f"lon {lon:g}, lat {lat:g}"),
            "are lon/lat swapped? GeoJSON is [longitude, latitude]" if swapped else "",
        )
