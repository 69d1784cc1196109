"""Tolerances and limits of the data checks: how far, how long, how big.

Each number says why it is what it is; ``data/README.md`` states the rules.
"""

from __future__ import annotations

#: The longest a line may be, as a multiple of the great-circle distance between its
#: end nodes, by mode. Real tracks wind (the longest rail segment today is 1.5 times
#: its chord, Bolashak-Tehran around the Caspian); sea lanes go round continents
#: (Lianyungang-Port Said is 1.8, Port Said-Rotterdam 1.9). A vertex with swapped
#: lon/lat adds thousands of km and breaks the ratio.
LENGTH_RATIO = {"rail": 1.8, "road": 1.8, "ferry": 2.0, "sea": 3.0}


#: What a ``schematic`` line may add to :data:`LENGTH_RATIO` (a diagram of the route
#: through a few towns; the longest today is Beineu-Bolashak at 1.7).
SCHEMATIC_EXTRA_RATIO = 0.4


#: Below this great-circle distance (km) between the ends, the ratio is taken of this
#: distance instead (a short bypass may rightly be many times its chord).
MIN_CHORD_KM = 50.0


#: How deep (km) a sea or ferry line may run inside the land of the country of one of
#: its end nodes: canals and estuaries to a port (the Suez Canal runs 59 km inside
#: Egypt's shape, the Nieuwe Waterweg 22 km inside the Netherlands').
PORT_APPROACH_KM = 100.0


#: The largest file (bytes) a loader reads; bigger files are refused before parsing.
#: The base map is embedded in every map page, so it is kept small by
#: ``scripts/make_countries.py``; the other files are hand-edited and small.
MAX_BYTES = {"geo/countries.geojson": 5_000_000}


#: The limit of every file not in :data:`MAX_BYTES`.
DEFAULT_MAX_BYTES = 1_000_000


#: How to make a file that is too big small again.
SHRINK_HINT = {
    "geo/countries.geojson": (
        "regenerate it with `python scripts/make_countries.py`, which simplifies "
        "the shapes (1:50m in the corridor region, 1:110m elsewhere)"
    ),
}


#: The hint for GeoJSON files not in :data:`SHRINK_HINT`.
SHRINK_GEOJSON = (
    "simplify the lines with `python scripts/simplify_geojson.py FILE` "
    "(fewer vertices, 4 decimals)"
)


#: The hint for tables.
SHRINK_TABLE = "these are hand-edited tables: move bulk data elsewhere"


#: The parameters of the transit-time model: ``speed`` (km per day, > 0) or
#: ``wait`` (days, >= 0). ``model_parameters.csv`` has exactly these rows.
MODEL_PARAMETER_KINDS = {
    "rail_speed_km_per_day": "speed",
    "ferry_speed_km_per_day": "speed",
    "sea_speed_km_per_day": "speed",
    "road_speed_km_per_day": "speed",
    "border_dwell_days": "wait",
    "road_border_dwell_days": "wait",
    "port_dwell_days": "wait",
    "caspian_wait_days": "wait",
}
