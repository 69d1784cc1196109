"""The corridor explorer: a route, the model's sliders, its map and its days."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import ipywidgets as widgets
import pandas as pd

from explainer.analysis import model, network
from explainer.data import (
    load_corridors,
    load_indicators,
    load_model_parameters,
    load_sources,
)
from explainer.i18n import t
from explainer.text import number_text, value_text
from explainer.views import charts, maps, style
from explainer.views.figure import figure
from explainer.views.html import render, table_html
from explainer.views.sources import cite
from explainer.widgets.common import (
    EXPLORER_CLASS,
    LRU,
    Choice,
    FloatSlider,
    fixed_text,
    show_in,
)

__all__ = ["CorridorExplorer", "corridor_explorer"]


#: Route maps the corridor explorer keeps drawn (each about 0.3 MB of HTML).
MAP_CACHE = 8


class CorridorExplorer(widgets.VBox):
    """Pick a route, move the model's sliders; the map, total and breakdown follow.

    Its labels, options and texts are in the language in use when it is built
    (:func:`explainer.set_language`).

    Attributes
    ----------
    route : Choice
        The route (``routes.csv``); refuses ``None`` and routes it does not offer.
    sliders : dict of str to FloatSlider
        One per model parameter, spanning its sourced range; each refuses NaN,
        infinities and values outside that range, keeping the value its outputs
        show.
    reset : ipywidgets.Button
        Back to the sourced defaults.
    summary : ipywidgets.HTML
        The modelled total beside every figure sources report for the corridor.
    map_out, chart_out : ipywidgets.Output
        The route on the map; the per-step breakdown chart with its table.

    Notes
    -----
    Drawn route maps are kept in a least-recently-used cache of ``MAP_CACHE`` (8)
    maps, about 0.3 MB of HTML each.
    """

    def __init__(
        self,
        corridors: Any,
        parameters: Any,
        indicators: Any,
        sources: Any,
        lines: Any,
        *,
        route_ids: list[str] | None = None,
    ) -> None:
        self._corridors = corridors
        self._parameters = parameters.set_index("parameter")
        self._reported = network.reported_for(indicators)
        self._sources = sources
        self._lines = lines
        self._maps: LRU[str] = LRU(MAP_CACHE)  # route id -> map figure HTML
        ids = route_ids or [r for r in corridors.route_ids() if not r.startswith("kz")]
        names = corridors.routes.set_index("route_id")["name"]
        self.route = Choice(
            options=[(names[r], r) for r in ids],
            value=ids[0],
            description=t("widgets.corridor.route", "Route"),
            layout=widgets.Layout(width="34rem"),
        )
        self.sliders = {}
        for _term, name, how in model.TERMS:
            row = self._parameters.loc[name]
            self.sliders[name] = FloatSlider(
                value=float(row["value"]),
                min=float(row["low"]),
                max=float(row["high"]),
                step=10.0 if how == "per" else 0.25,
                description=_slider_label(name, how),
                continuous_update=False,
                readout_format=".0f" if how == "per" else ".2f",
                style={"description_width": "18rem"},
                layout=widgets.Layout(width="35rem"),
            )
        self.reset = widgets.Button(
            description=t("widgets.corridor.reset", "Sourced defaults"),
            tooltip=t(
                "widgets.corridor.reset_tip",
                "Put every slider back to its sourced value",
            ),
        )
        self.summary = widgets.HTML()
        self.map_out = widgets.Output()
        self.chart_out = widgets.Output()
        self.route.observe(self._on_route, names="value")
        for slider in self.sliders.values():
            slider.observe(self._on_parameters, names="value")
        self.reset.on_click(self._on_reset)
        controls = widgets.VBox(
            [
                widgets.HBox([self.route, self.reset]),
                widgets.GridBox(
                    list(self.sliders.values()),
                    layout=widgets.Layout(
                        grid_template_columns="repeat(auto-fill, minmax(35rem, 1fr))"
                    ),
                ),
            ]
        )
        super().__init__([controls, self.summary, self.map_out, self.chart_out])
        self.add_class(EXPLORER_CLASS)
        self._on_route()

    def parameters(self) -> Any:
        """The model parameters the sliders show."""
        return model.Parameters(**{k: float(s.value) for k, s in self.sliders.items()})

    def _on_reset(self, _button: Any = None) -> None:
        with self.hold_trait_notifications():
            for name, slider in self.sliders.items():
                slider.value = float(self._parameters.loc[name, "value"])
        self._update_numbers()

    def _on_route(self, _change: Any = None) -> None:
        route_id = self.route.value
        show_in(self.map_out, self._maps.get(route_id, lambda: self._map(route_id)))
        self._update_numbers()

    def _map(self, route_id: str) -> str:
        """The figure of a route on its corridor's map, as HTML."""
        route = self._corridors.route(route_id)
        corridor = self._corridors.route_row(route_id)["corridor"]
        m = maps.corridor_map(
            self._lines,
            self._corridors.nodes,
            include=[corridor],
            highlight=set(route["id"]),
            sources=self._sources,
            title=t(
                "widgets.corridor.map_title",
                "Map of the route {route}",
                route=self.route.label,
            ),
        )
        return figure(
            m,
            id="corridor-explorer-map",
            alt=t(
                "widgets.corridor.map_alt",
                "Map of the route {route}, highlighted on its corridor.",
                route=self.route.label,
            ),
        ).to_html()

    def _on_parameters(self, _change: Any = None) -> None:
        self._update_numbers()

    def _update_numbers(self) -> None:
        route_id = self.route.value
        params = self.parameters()
        table = self._corridors.breakdown(route_id, params)
        total = float(table["days"].sum())
        self.summary.value = self._summary_html(route_id, total)
        chart = charts.breakdown_chart(
            table,
            title=t(
                "widgets.corridor.chart_title",
                "{route}: day by day",
                route=self.route.label,
            ),
            days_max=self._slowest_step(route_id),
        )
        shown = table[["step", "kind", "mode", "place", "length_km", "days"]].round(2)
        shown["kind"] = [style.label(k, model.KIND_LABELS) for k in shown["kind"]]
        show_in(
            self.chart_out,
            figure(
                chart,
                id="corridor-explorer-days",
                alt=t(
                    "widgets.corridor.chart_alt",
                    {
                        "one": "Bar chart of the {steps} steps of the modelled "
                        "journey, {days} days in all.",
                        "other": "Bar chart of the {steps} steps of the modelled "
                        "journey, {days} days in all.",
                    },
                    count=len(table),
                    steps=number_text(len(table)),
                    days=fixed_text(total),
                ),
                table=shown,
                table_caption=t(
                    "widgets.corridor.table_caption",
                    "The modelled journey, step by step",
                ),
            ),
        )

    def _slowest_step(self, route_id: str) -> float:
        """The longest step of the route with every slider at its slowest end.

        The breakdown's axis spans it, so the axis stays put while a slider moves.
        """
        slowest = model.Parameters(
            **{
                name: float(
                    self._parameters.loc[name, "low" if how == "per" else "high"]
                )
                for _, name, how in model.TERMS
            }
        )
        return float(self._corridors.breakdown(route_id, slowest)["days"].max())

    def _summary_html(self, route_id: str, total: float) -> str:
        row = self._corridors.route_row(route_id)
        reported = self._reported[
            (self._reported["corridor"] == row["corridor"])
            & (self._reported["metric"] == "transit_time")
        ].sort_values("year")
        table = pd.DataFrame(
            {
                t("widgets.corridor.figure", "Figure"): [
                    value_text(r) for _, r in reported.iterrows()
                ],
                t("widgets.corridor.who", "Who (year)"): [
                    t(
                        "widgets.corridor.who_year",
                        "{who} ({year})",
                        who=r["reporter"],
                        year=r["year"],
                    )
                    for _, r in reported.iterrows()
                ],
                t("widgets.corridor.source", "Source"): [
                    cite(r["source_ids"], self._sources) for _, r in reported.iterrows()
                ],
            }
        )
        return str(
            render(
                "widgets/model_summary.html.j2",
                days=fixed_text(total),
                route=self.route.label,
                length=number_text(row["length_km"], digits=0),
                table=table_html(table),
            )
        )


def _slider_label(parameter: str, how: str) -> str:
    """A model parameter in readers' words, with its unit: ``'Rail speed (km/day)'``."""
    unit = (
        t("widgets.corridor.unit_speed", "km/day")
        if how == "per"
        else t("widgets.corridor.unit_days", "days")
    )
    return t(
        "widgets.corridor.slider",
        "{parameter} ({unit})",
        parameter=style.label(parameter, style.PARAMETER_LABELS),
        unit=unit,
    )


def corridor_explorer(
    *,
    corridors: network.Corridors | None = None,
    parameters: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    lines: gpd.GeoDataFrame | None = None,
    route_ids: list[str] | None = None,
) -> CorridorExplorer:
    """The live corridor explorer (ipywidgets; needs a kernel to respond).

    Parameters
    ----------
    corridors
        A :class:`explainer.analysis.network.Corridors` (default: loaded from the data).
    parameters, indicators, sources, lines
        ``model_parameters.csv``, ``indicators.csv``, the claim ledger and the
        corridor segments to draw (default: the loaders).
    route_ids
        Routes offered (default: every China–Europe route).

    Returns
    -------
    CorridorExplorer
        An ``ipywidgets.VBox``; display it (the last expression of a cell). Its
        words are in the language in use (:func:`explainer.set_language`).
    """
    return CorridorExplorer(
        network.Corridors.load() if corridors is None else corridors,
        load_model_parameters() if parameters is None else parameters,
        load_indicators() if indicators is None else indicators,
        load_sources() if sources is None else sources,
        load_corridors() if lines is None else lines,
        route_ids=route_ids,
    )
