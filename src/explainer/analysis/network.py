"""The corridors as itineraries: routes assembled from segments, ready for the model.

:class:`Corridors` gathers what the transit-time model needs about each route (its
segments in order, the countries of its nodes, the customs unions, which ferry legs
cross the Caspian Sea) and answers the questions the notebooks ask: how long is a
route on our geometry, how many days does the model give, and how do those compare
with what sources report. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from explainer import data, geo
from explainer.analysis import model

__all__ = ["Corridors", "compare_routes", "reported_for"]

#: Figures of ``indicators.csv`` that describe a whole corridor, by entity.
END_TO_END = ("middle", "northern", "southern", "maritime", "maritime-suez")


class Corridors:
    """Routes, their segments and the context the model needs.

    Parameters
    ----------
    routes, segments, nodes
        As returned by :func:`explainer.data.load_routes`,
        :func:`explainer.data.route_segments` and :func:`explainer.data.load_nodes`.
    unions
        Country -> customs union (from ``customs_unions.csv``).
    caspian
        Ids of the ferry segments that cross the Caspian Sea.
    crossings
        Land segment id -> the countries its line passes through, in order (see
        :func:`explainer.geo.countries_along`); borders are counted from these.
    """

    def __init__(
        self,
        routes: pd.DataFrame,
        segments: gpd.GeoDataFrame,
        nodes: gpd.GeoDataFrame,
        unions: dict[str, str],
        caspian: frozenset[str],
        crossings: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.routes = routes
        self.segments = segments
        self.nodes = nodes
        self.unions = unions
        self.caspian = caspian
        self.crossings = crossings or {}
        self.countries_of = dict(zip(nodes["id"], nodes["country"], strict=True))
        self._names = dict(zip(nodes["id"], nodes["name"], strict=True))
        self._routes: dict[str, gpd.GeoDataFrame] = {}
        self._terms: dict[str, dict[str, float]] = {}

    @classmethod
    def load(cls, data_dir: str | None = None) -> Corridors:
        """Everything from the data folder (see :mod:`explainer.data`)."""
        countries = data.load_countries(data_dir)
        segments = data.route_segments(data_dir)
        sea = countries[countries["kind"] == "sea"]
        caspian = sea[sea["name"] == "Caspian Sea"].geometry
        crossing = segments[
            (segments["mode"] == "ferry") & segments.intersects(caspian.union_all())
        ]
        unions = data.load_customs_unions(data_dir)
        land = countries[countries["kind"] == "country"]
        on_land = segments[segments["mode"].isin(["rail", "road"])]
        along = {
            seg_id: tuple(geo.countries_along(line, land))
            for seg_id, line in zip(on_land["id"], on_land.geometry, strict=True)
        }
        return cls(
            routes=data.load_routes(data_dir),
            segments=segments,
            nodes=data.load_nodes(data_dir),
            unions=dict(zip(unions["country"], unions["union"], strict=True)),
            caspian=frozenset(crossing["id"]),
            crossings=along,
        )

    def route_ids(self, corridor: str | None = None) -> list[str]:
        """Route ids, optionally of one corridor, in the order of ``routes.csv``."""
        rows = (
            self.routes
            if corridor is None
            else self.routes[self.routes["corridor"] == corridor]
        )
        return list(rows["route_id"])

    def route_row(self, route_id: str) -> pd.Series:
        """The ``routes.csv`` row of a route; KeyError lists the known ids."""
        found = self.routes[self.routes["route_id"] == route_id]
        if found.empty:
            msg = (
                f"No route named '{route_id}'. Available: {', '.join(self.route_ids())}"
            )
            raise KeyError(msg)
        return found.iloc[0]

    def route(self, route_id: str) -> gpd.GeoDataFrame:
        """The segments of a route in travel order (see :func:`geo.assemble_route`)."""
        if route_id not in self._routes:
            ids = self.route_row(route_id)["segment_ids"]
            self._routes[route_id] = geo.assemble_route(self.segments, ids)
        return self._routes[route_id].copy()

    def breakdown(self, route_id: str, params: model.Parameters) -> pd.DataFrame:
        """Days per component of a route, with the place names."""
        table = model.breakdown(
            self.route(route_id),
            params,
            self.countries_of,
            unions=self.unions,
            caspian_segments=self.caspian,
            crossings=self.crossings,
        )
        table["place"] = table["where"].map(self._names)
        return table

    def terms(self, route_id: str) -> dict[str, float]:
        """The model's quantities for a route (see :func:`model.terms`)."""
        if route_id not in self._terms:
            self._terms[route_id] = model.terms(
                self.route(route_id),
                self.countries_of,
                unions=self.unions,
                caspian_segments=self.caspian,
                crossings=self.crossings,
            )
        return dict(self._terms[route_id])

    def days(self, route_id: str, params: model.Parameters) -> float:
        """Modelled days for a route."""
        return model.days_from_terms(self.terms(route_id), params)

    def table(
        self, params: model.Parameters, route_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """One row per route: name, corridor, length, model quantities and days.

        The length is on our geometry; the days are the model's for ``params``.
        """
        rows = []
        for route_id in route_ids or self.route_ids():
            row = self.route_row(route_id)
            rows.append(
                {
                    "route_id": route_id,
                    "name": row["name"],
                    "corridor": row["corridor"],
                    "length_km": float(row["length_km"]),
                    **self.terms(route_id),
                    "days": self.days(route_id, params),
                }
            )
        return pd.DataFrame(rows)


def reported_for(
    indicators: pd.DataFrame, entities: Iterable[str] = END_TO_END
) -> pd.DataFrame:
    """Reported end-to-end distances and transit times, one row per figure.

    Returns
    -------
    pandas.DataFrame
        Rows of ``indicators.csv`` with metric ``route_distance`` or ``transit_time``
        for the given entities, plus ``corridor`` (the entity's corridor).
    """
    entities = list(entities)
    rows = indicators[
        indicators["metric"].isin(["route_distance", "transit_time"])
        & indicators["entity"].isin(entities)
    ].copy()
    rows["corridor"] = rows["entity"].str.split("-").str[0]
    return rows.reset_index(drop=True)


def compare_routes(
    corridors: Corridors, baseline: str, alternative: str
) -> dict[str, object]:
    """How two itineraries differ on our geometry (e.g. today's road vs a new one).

    Parameters
    ----------
    corridors
        The assembled routes.
    baseline, alternative
        Route ids of ``routes.csv``.

    Returns
    -------
    dict
        ``baseline_km``, ``alternative_km``, ``saving_km`` (baseline minus
        alternative), ``shared_km``, ``baseline_only`` and ``alternative_only`` (the
        segments that differ, as frames with ``id, from_node, to_node, length_km``).
    """
    a, b = corridors.route(baseline), corridors.route(alternative)
    only_a = a[~a["id"].isin(b["id"])]
    only_b = b[~b["id"].isin(a["id"])]
    columns = ["id", "from_node", "to_node", "mode", "length_km"]
    return {
        "baseline_km": float(a["length_km"].sum()),
        "alternative_km": float(b["length_km"].sum()),
        "saving_km": float(a["length_km"].sum() - b["length_km"].sum()),
        "shared_km": float(a[a["id"].isin(b["id"])]["length_km"].sum()),
        "baseline_only": only_a[columns].reset_index(drop=True),
        "alternative_only": only_b[columns].reset_index(drop=True),
    }
