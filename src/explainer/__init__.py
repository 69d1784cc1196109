"""Helper library of the Kazakhstan 2026 / Middle Corridor explainer.

Load sourced data (:mod:`explainer.data`), measure routes (:mod:`explainer.geo`),
model transit times (:mod:`explainer.model`), and build maps, charts and widget
explorers for the notebooks. Heavy modules (folium, altair, ipywidgets) are imported
only when one of their functions is first used, so ``import explainer.data`` stays
light.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from explainer._checks import DataError

try:
    __version__ = version("explainer")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

# Public name -> module that defines it. Imported on first access (PEP 562).
_LAZY = {
    **dict.fromkeys(
        [
            "load_sources",
            "load_nodes",
            "load_corridors",
            "load_routes",
            "load_projects",
            "load_project_events",
            "load_countries",
            "load_indicators",
            "load_reforms",
            "load_parliament",
            "load_partners",
            "load_partnerships",
            "load_model_parameters",
            "load_customs_unions",
            "route_segments",
            "pick",
        ],
        "data",
    ),
    **dict.fromkeys(["length_km", "assemble_route"], "geo"),
    **dict.fromkeys(["cite", "cite_text", "cited", "source_list"], "sources"),
    **dict.fromkeys(["Parameters", "breakdown", "transit_days"], "model"),
    **dict.fromkeys(["corridor_map", "partner_map", "project_map"], "maps"),
    **dict.fromkeys(
        [
            "breakdown_chart",
            "enable_theme",
            "figures_chart",
            "model_chart",
            "parliament_chart",
            "partnership_matrix",
            "project_timeline_chart",
            "referendum_chart",
            "reform_timeline",
            "route_comparison_chart",
            "titr_volume_chart",
            "trade_chart",
        ],
        "charts",
    ),
    **dict.fromkeys(
        [
            "frameworks",
            "latest_trade",
            "partner_summary",
            "reform_events",
            "trade_figures",
        ],
        "tables",
    ),
    **dict.fromkeys(
        ["card", "date_text", "facts_panel", "figure", "value_text"], "figures"
    ),
    "setup": "assets",
    **dict.fromkeys(
        ["corridor_explorer", "partner_explorer", "reform_explorer", "show_in"],
        "widgets",
    ),
    "Corridors": "corridors",
}

__all__ = ["DataError", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'explainer' has no attribute '{name}'"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"explainer.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
