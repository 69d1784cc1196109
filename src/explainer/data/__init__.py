"""The data layer: schemas, validation and loaders of ``data/`` and ``data/geo/``.

Every loader takes ``data_dir=None`` (the project's ``data/``, or the folder named by
the environment variable ``EXPLAINER_DATA_DIR``), checks the file and everything it
refers to, and returns a (Geo)DataFrame with stable column names and, for geometries,
EPSG:4326 coordinates. Lengths of lines are computed geodesically.

A file that breaks a rule raises :class:`DataError`, whose message names the file,
the row or feature, the field, what was expected and what was found, for every
problem of the file at once. No other exception leaves a loader, whatever the file
holds (a missing data folder is a ``FileNotFoundError`` from :mod:`explainer.paths`).
The data dictionary is ``data/README.md``; the tolerances are in
:mod:`explainer.data.limits`.

This package is light on purpose: it does not import folium, altair or ipywidgets.
"""

from __future__ import annotations

from explainer.data.claims import load_claims
from explainer.data.errors import DataError
from explainer.data.geometries import load_corridors, load_countries, load_nodes
from explainer.data.ledger import load_sources
from explainer.data.names import load_names
from explainer.data.projects import (
    load_project_events,
    load_projects,
    load_routes,
    route_segments,
)
from explainer.data.tables import (
    load_customs_unions,
    load_indicators,
    load_model_parameters,
    load_parliament,
    load_partners,
    load_partnerships,
    load_reforms,
    pick,
)

__all__ = [
    "DataError",
    "load_claims",
    "load_corridors",
    "load_countries",
    "load_customs_unions",
    "load_indicators",
    "load_model_parameters",
    "load_names",
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
    "route_segments",
]
