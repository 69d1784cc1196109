"""Audit the route geometry for lines that double back, spikes and odd segment lengths.

A throwaway check used in the issue-10 data audit; the loaders enforce the
double-back rule themselves once the coordinator's code lands. Run from the
repository root with the project's virtual environment:

    .venv/bin/python scripts/audit_routes.py

It prints, for every route of ``data/routes.csv``, the assembled length and any
place where the line comes back within ``NEAR_KM`` of a point it passed at least
``AFTER_KM`` earlier; and, for every segment, its length against the great-circle
distance of its end nodes, and any vertex where the line turns back on itself.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from pathlib import Path

import numpy as np
from pyproj import Geod

DATA = Path(__file__).resolve().parents[1] / "data"
GEOD = Geod(ellps="WGS84")
NEAR_KM = 5.0
AFTER_KM = 30.0
STEP_KM = 2.0
SPIKE_DEG = 150.0
EARTH_KM = 6371.0


def _features(name):
    return {
        f["properties"]["id"]: f
        for f in json.loads((DATA / "geo" / name).read_text())["features"]
    }


def _dist(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def _length(coords):
    return sum(_dist(a, b) for a, b in itertools.pairwise(coords))


def _densify(coords):
    """Points every STEP_KM along the line, with their distance from the start."""
    out, along = [(coords[0], 0.0)], 0.0
    for a, b in itertools.pairwise(coords):
        d = _dist(a, b)
        n = max(1, int(d // STEP_KM))
        pts = GEOD.npts(a[0], a[1], b[0], b[1], n - 1) if n > 1 else []
        for k, p in enumerate([*pts, tuple(b)], start=1):
            out.append((p, along + d * k / n))
        along += d
    return out


def doubling_back(coords):
    """(km at which the line returns, km of the earlier point, gap km) triples."""
    pts = _densify(coords)
    lon = np.radians([p[0] for p, _ in pts])
    lat = np.radians([p[1] for p, _ in pts])
    along = np.array([s for _, s in pts])
    xyz = np.column_stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]
    )
    found, j = [], 0
    while j < len(pts):
        earlier = along[j] - along >= AFTER_KM
        if earlier.any():
            chord = np.linalg.norm(xyz[earlier] - xyz[j], axis=1)
            gap = 2 * EARTH_KM * np.arcsin(np.minimum(chord / 2, 1))
            k = int(np.argmin(gap))
            if gap[k] < NEAR_KM:
                found.append((along[j], along[earlier][k], float(gap[k])))
                j += int(AFTER_KM // STEP_KM)  # report each detour once, roughly
                continue
        j += 1
    return found


def spikes(coords):
    """Vertices where the line turns back by more than SPIKE_DEG degrees."""
    out = []
    for k in range(1, len(coords) - 1):
        az1 = GEOD.inv(*coords[k - 1], *coords[k])[0]
        az2 = GEOD.inv(*coords[k], *coords[k + 1])[0]
        turn = abs((az2 - az1 + 180) % 360 - 180)
        if turn > SPIKE_DEG:
            out.append((k, coords[k], round(turn)))
    return out


def main():
    """Print the segment and route checks."""
    nodes = {
        i: f["geometry"]["coordinates"] for i, f in _features("nodes.geojson").items()
    }
    segs = _features("corridors.geojson")
    segs.update(
        {
            i: f
            for i, f in _features("projects.geojson").items()
            if f["geometry"]["type"] == "LineString"
        }
    )
    print("== segments: length vs great circle of the end nodes; spikes")
    for sid, f in segs.items():
        p, c = f["properties"], f["geometry"]["coordinates"]
        if not p.get("from_node"):
            continue
        gc = _dist(nodes[p["from_node"]], nodes[p["to_node"]])
        length = _length(c)
        ratio = length / gc if gc else math.inf
        flag = ""
        limit = 1.6 if p.get("mode", p.get("kind")) in ("sea", "ferry") else 1.45
        if ratio > limit or ratio < 0.999:
            flag = "  <-- check"
        print(f"{sid:32s} {length:8.0f} km  gc {gc:7.0f}  ratio {ratio:5.2f}{flag}")
        for k, pt, turn in spikes(c):
            print(f"    spike at vertex {k} {pt}: turns {turn} deg")
        for sj, si, gap in doubling_back(c):
            print(
                f"    doubles back: at km {sj:.0f} within {gap:.1f} km of km {si:.0f}"
            )
    print("\n== routes: assembled length; doubling back")
    with (DATA / "routes.csv").open(newline="", encoding="utf-8") as fh:
        routes = list(csv.DictReader(fh))
    for r in routes:
        line, end = [], None
        for sid in r["segment_ids"].split(";"):
            f = segs[sid]
            c = [tuple(x) for x in f["geometry"]["coordinates"]]
            a, b = f["properties"]["from_node"], f["properties"]["to_node"]
            if end is not None and b == end and a != end:
                c, a, b = c[::-1], b, a
            elif end is None and r["segment_ids"].count(";"):
                nxt = segs[r["segment_ids"].split(";")[1]]["properties"]
                if a in (nxt["from_node"], nxt["to_node"]):
                    c, a, b = c[::-1], b, a
            line.extend(c if not line else c[1:])
            end = b
        print(f"{r['route_id']:28s} {_length(line):8.0f} km")
        for sj, si, gap in doubling_back(line):
            print(
                f"    doubles back: at km {sj:.0f} within {gap:.1f} km of km {si:.0f}"
            )
        for k, pt, turn in spikes(line):
            print(f"    spike at vertex {k} {pt}: turns {turn} deg")


if __name__ == "__main__":
    main()
