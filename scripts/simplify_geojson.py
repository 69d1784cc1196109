"""Make a hand-edited GeoJSON file of ``data/geo/`` small again.

The loaders refuse files over their size limit (``explainer.data.limits``). This
script rewrites a file in place: coordinates rounded to 4 decimals (about 10 m, the
precision ``data/README.md`` asks for), lines and polygons simplified by a tolerance
in degrees (0.01 degree is about 1 km) keeping their first and last points, and
compact JSON. Properties are kept as they are.

Usage::

    python scripts/simplify_geojson.py data/geo/corridors.geojson
    python scripts/simplify_geojson.py data/geo/projects.geojson --tolerance 0.02

For ``geo/countries.geojson`` use ``scripts/make_countries.py`` instead.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

DECIMALS = 4


def simplify_feature(feature: dict, tolerance: float) -> dict:
    """One feature with its geometry simplified and rounded."""
    geometry = feature.get("geometry")
    if not geometry or geometry.get("type") == "Point":
        return _rounded(feature)
    geom = shapely.simplify(shape(geometry), tolerance, preserve_topology=True)
    return _rounded({**feature, "geometry": mapping(geom)})


def _rounded(feature: dict) -> dict:
    geometry = feature.get("geometry")
    if geometry:
        geom = shapely.set_precision(shape(geometry), 10**-DECIMALS)
        feature = {**feature, "geometry": json.loads(json.dumps(mapping(geom)))}
    return feature


def main(argv: list[str] | None = None) -> None:
    """Rewrite the files named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.01, help="degrees")
    args = parser.parse_args(argv)
    for path in args.files:
        before = path.stat().st_size
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"] = [
            simplify_feature(f, args.tolerance) for f in doc.get("features", [])
        ]
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        print(f"{path}: {before:,} -> {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
