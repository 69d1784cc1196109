"""folium map builders, by topic, drawn offline over a Natural Earth base layer.

Built the way ``geopandas.explore`` builds maps: fitted to the data's bounds, tiles
and attribution from ``xyzservices``, tooltips and popups for every feature, a legend.
Every text from the data reaches the map through :mod:`explainer.views.html`.
"""

from __future__ import annotations

from explainer.views.maps.base import base_map as base_map
from explainer.views.maps.corridors import corridor_map
from explainer.views.maps.partners import partner_map
from explainer.views.maps.projects import project_map

__all__ = ["corridor_map", "partner_map", "project_map"]
