"""Read a GeoJSON file feature by feature: properties, CRS and geometry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from explainer.data.columns import REGION, Col, _check_row, _frame
from explainer.data.errors import Problems, said, show


def read_features(
    path: Path,
    label: str,
    cols: Sequence[Col],
    geometry_types: Sequence[str],
    region: tuple[float, float, float, float] | None = REGION,
) -> tuple[pd.DataFrame, list[shapely.Geometry | None], Problems]:
    """Read and check a GeoJSON FeatureCollection.

    Returns the typed properties, the shapely geometries (``None`` where broken)
    and the problems.
    """
    problems = Problems(label)
    if not path.is_file():
        problems.note(f"file not found at {path}")
        problems.raise_if_any()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.note(
            f"expected UTF-8 text, found a byte that is not, at offset {exc.start}"
        )
        problems.raise_if_any()
    except json.JSONDecodeError as exc:
        problems.note(
            f"expected valid JSON, found an error at line {exc.lineno} column "
            f"{exc.colno}: {exc.msg}"
        )
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
    rows, geometries = [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.note(f"feature #{index + 1}: expected a Feature with properties")
            rows.append(dict.fromkeys(c.name for c in cols))
            geometries.append(None)
            continue
        ident = props.get("id") or feature.get("id")
        where = f"feature '{ident}'" if ident else f"feature #{index + 1}"
        rows.append(_check_row(props, cols, where, problems))
        geometries.append(
            _check_geometry(
                feature.get("geometry"), where, geometry_types, region, problems
            )
        )
    frame = _frame(rows, [c.name for c in cols])
    return frame, geometries, problems


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
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        problems.add(
            where, "geometry", f"valid {geometry['type']} coordinates", said(str(exc))
        )
        return None
    coords = shapely.get_coordinates(geom)
    if geom.is_empty or not np.isfinite(coords).all():
        problems.add(
            where, "geometry", "finite coordinates", said("empty or NaN coordinates")
        )
        return None
    if not geom.is_valid:
        problems.add(
            where, "geometry", "a valid geometry", said(shapely.is_valid_reason(geom))
        )
    if region is not None:
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
                "are lon/lat swapped? GeoJSON is [longitude, latitude]"
                if swapped
                else "",
            )
    return geom
