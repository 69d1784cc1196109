"""Regenerate ``data/geo/countries.geojson`` from the npm package ``world-atlas``.

The base map is Natural Earth admin-0 (public domain) as packaged by ``world-atlas``
2.0.2 (ISC licence): the 1:50m shapes inside the corridor region and the 1:110m shapes
for the rest of the world, plus the Caspian Sea as a feature of its own (in Natural
Earth it is only a hole in the land), so the map stays readable when no tiles load.

Usage (needs npm, or a ``world-atlas`` folder you already have)::

    python scripts/make_countries.py                # npm pack world-atlas@2.0.2
    python scripts/make_countries.py --package DIR  # uses an unpacked package folder

The output is deterministic: same package, same file.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
from shapely import affinity
from shapely.geometry import box, mapping

PACKAGE = "world-atlas@2.0.2"
REGION = (20.0, 30.0, 90.0, 57.0)  # lon_min, lat_min, lon_max, lat_max: 1:50m inside
SIMPLIFY_50M = 0.03  # degrees; ~3 km, invisible at the zooms the maps use
SIMPLIFY_110M = 0.1
DECIMALS = 2  # 0.01 degree is ~1 km
DECIMALS_110M = 1  # outside the region the maps show the world at zoom 2-3
DROP = {"Antarctica", "Fr. S. Antarctic Lands"}  # never on a map of the explainer
CASPIAN_BOX = (46.0, 36.4, 55.5, 47.5)
OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "countries.geojson"

# Natural Earth entities without an ISO 3166-1 numeric code in world-atlas.
NO_ISO = {"Kosovo": "XKX"}


def fetch_package(workdir: Path) -> Path:
    """Download and unpack ``world-atlas`` with ``npm pack``; return the folder."""
    npm = shutil.which("npm")
    if npm is None:
        msg = (
            "npm is needed to fetch world-atlas; install Node.js/npm, or download "
            f"{PACKAGE} yourself and pass --package DIR"
        )
        raise SystemExit(msg)
    subprocess.run(
        [npm, "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True
    )
    (tarball,) = workdir.glob("world-atlas-*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def read_topojson(path: Path, layer: str) -> gpd.GeoDataFrame:
    """Read one object of a world-atlas TopoJSON file, in EPSG:4326, made valid."""
    frame = gpd.read_file(path, layer=layer).set_crs(4326, allow_override=True)
    frame["geometry"] = [split_antimeridian(g) for g in frame.geometry.values]
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def _unwrap(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring's longitudes made continuous (a jump of more than 180 is a crossing)."""
    out, shift = [coords[0]], 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(coords):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def split_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """Cut polygons that cross the antimeridian into parts on either side of it.

    world-atlas keeps such rings whole (Russia's Chukotka, Fiji): read as plane
    coordinates they jump from 180 to -180 and wrap around the whole map. Each such
    ring is unwrapped to continuous longitudes, then cut at +-180 and shifted back.
    Rings around a pole (Antarctica, dropped anyway) are left as they are.
    """
    parts, cut = [], False
    for poly in shapely.get_parts(geom):
        x0, _, x1, _ = poly.bounds
        shell = _unwrap(list(poly.exterior.coords)) if x1 - x0 > 180 else None
        if poly.geom_type != "Polygon" or shell is None or shell[0] != shell[-1]:
            parts.append(poly)  # not crossing, or around a pole: left as it is
            continue
        holes = [_unwrap(list(ring.coords)) for ring in poly.interiors]
        whole = shapely.make_valid(shapely.Polygon(shell, holes))
        world = box(-180, -90, 180, 90)
        for offset in (-360, 0, 360):
            moved = affinity.translate(whole, xoff=offset)
            parts.append(polygonal(moved.intersection(world)))
        cut = True
    if not cut:
        return geom
    polygons = [
        p for part in parts for p in shapely.get_parts(part) if p.geom_type == "Polygon"
    ]
    return shapely.MultiPolygon(polygons)


def numeric(iso_n3: object) -> str:
    """The ISO 3166-1 numeric code as text (``''`` when world-atlas has none)."""
    return "" if pd.isna(iso_n3) else str(iso_n3).zfill(3)


def alpha3(iso_n3: object, name: str) -> str:
    """ISO 3166-1 alpha-3 code of a numeric code (``''`` when there is none)."""
    if name in NO_ISO:
        return NO_ISO[name]
    code = numeric(iso_n3)
    country = pycountry.countries.get(numeric=code) if code else None
    return country.alpha_3 if country else ""


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a geometry (clipping can leave lines)."""
    parts = [
        g for g in shapely.get_parts(geom) if g.geom_type in {"Polygon", "MultiPolygon"}
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def build(package: Path) -> dict:
    """Build the FeatureCollection from an unpacked world-atlas folder."""
    fine = read_topojson(package / "countries-50m.json", "countries")
    coarse = read_topojson(package / "countries-110m.json", "countries")
    region = box(*REGION)
    features = []
    for _, row in fine.iterrows():
        inside = row.geometry.intersection(region)
        code = numeric(row["id"])
        if row["name"] in DROP:
            continue
        # Names are the same in both files; codes are not unique (Ashmore and Cartier
        # Is. share Australia's), so match on the name.
        match = coarse[coarse["name"] == row["name"]]
        outside = (
            match.geometry.iloc[0].difference(region)
            if len(match)
            else shapely.Polygon()
        )
        inside = shapely.simplify(
            polygonal(inside), SIMPLIFY_50M, preserve_topology=True
        )
        outside = shapely.simplify(
            polygonal(outside), SIMPLIFY_110M, preserve_topology=True
        )
        inside = shapely.set_precision(inside, 10**-DECIMALS)
        outside = shapely.set_precision(outside, 10**-DECIMALS_110M)
        geom = polygonal(shapely.union(inside, outside))
        geom = polygonal(shapely.make_valid(geom))
        if geom.is_empty:
            continue  # small islands only 1:50m has, outside the region
        scale = "50m" if not inside.is_empty else "110m"
        features.append(
            {
                "type": "Feature",
                "id": alpha3(row["id"], row["name"]) or row["name"],
                "properties": {
                    "iso_a3": alpha3(row["id"], row["name"]),
                    "iso_n3": code,
                    "name": row["name"],
                    "scale": scale,
                    "kind": "country",
                },
                "geometry": mapping(geom),
            }
        )
    land = read_topojson(package / "land-50m.json", "land")
    water = box(*CASPIAN_BOX).difference(shapely.union_all(land.geometry.values))
    caspian = max(shapely.get_parts(water), key=lambda g: g.area)
    caspian = shapely.set_precision(
        shapely.simplify(caspian, SIMPLIFY_50M, preserve_topology=True), 10**-DECIMALS
    )
    features.append(
        {
            "type": "Feature",
            "id": "caspian-sea",
            "properties": {
                "iso_a3": "",
                "iso_n3": "",
                "name": "Caspian Sea",
                "scale": "50m",
                "kind": "sea",
            },
            "geometry": mapping(caspian),
        }
    )
    features.sort(key=lambda f: (f["properties"]["kind"], f["properties"]["name"]))
    return {
        "type": "FeatureCollection",
        "name": "countries",
        "crs": {
            "type": "name",
            "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"},
        },
        "attribution": (
            "Natural Earth (public domain), via the npm package world-atlas 2.0.2 (ISC)"
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point: write the base map and report its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked world-atlas folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package or fetch_package(Path(tmp))
        collection = build(package)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    frame = pd.DataFrame([f["properties"] for f in collection["features"]])
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB): "
        f"{(frame['scale'] == '50m').sum()} features at 1:50m, "
        f"{(frame['scale'] == '110m').sum()} at 1:110m",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
