"""ipywidgets explorers, composed from the map, chart and model builders.

Explorers hold no data logic: they read their controls, call library functions and
put the results into ``Output`` widgets. Outputs are set by assigning
``Output.outputs`` (see :func:`show_in`) rather than by capturing prints, so the
displayed state is part of the widget model: it is stored when a notebook is
executed (the static pages show it as a snapshot) and tests can read it directly.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import ipywidgets as widgets
import pandas as pd

from explainer import charts, maps, style, tables
from explainer.data import (
    load_countries,
    load_indicators,
    load_nodes,
    load_partners,
    load_partnerships,
    load_reforms,
    load_sources,
)
from explainer.figures import card, figure, table_html
from explainer.sources import cite

__all__ = [
    "EXPLORER_CLASS",
    "CorridorExplorer",
    "PartnerExplorer",
    "ReformExplorer",
    "corridor_explorer",
    "mimebundle",
    "partner_explorer",
    "reform_explorer",
    "show_in",
]

_WIDE = {"description_width": "initial"}
#: CSS class of every explorer's outermost widget: a styling hook, and what the
#: JupyterLab end-to-end test (tests/test_lab.py) looks for.
EXPLORER_CLASS = "explainer-explorer"


def mimebundle(obj: Any) -> dict[str, Any]:
    """The display data of an object (a map, chart, figure or HTML string)."""
    if isinstance(obj, str):
        return {"text/html": obj}
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data:
            return dict(data)
    if hasattr(obj, "_repr_html_"):
        return {"text/html": obj._repr_html_(), "text/plain": repr(obj)}
    return {"text/plain": repr(obj)}


def show_in(output: widgets.Output, *objs: Any) -> None:
    """Replace what an ``Output`` widget shows by ``objs``, in one model update."""
    output.outputs = tuple(
        {"output_type": "display_data", "data": mimebundle(obj), "metadata": {}}
        for obj in objs
    )


def _note(text: str) -> str:
    return f'<p class="explainer-note"><em>{text}</em></p>'


def _choices(codes: list[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(style.label(c, labels), c) for c in codes]


# --- the reforms ------------------------------------------------------------------


class ReformExplorer(widgets.VBox):
    """Filter the reform timeline by category and status; read one event.

    Attributes
    ----------
    categories, statuses : ipywidgets.SelectMultiple
        The codes kept (all at first).
    event : ipywidgets.Dropdown
        The event whose summary and sources are shown (ids of ``reforms.csv``).
    timeline, detail : ipywidgets.Output
        The filtered timeline chart, and the chosen event's card.
    """

    def __init__(
        self, reforms: pd.DataFrame, sources: pd.DataFrame, event: str | None = None
    ) -> None:
        self._reforms, self._sources = reforms, sources
        self._by_id = tables.reform_events(reforms).set_index("event_id")
        categories = style.ordered(style.REFORM_CATEGORY_LABELS, reforms["category"])
        statuses = style.ordered(style.REFORM_STATUS_LABELS, reforms["status"])
        self.categories = widgets.SelectMultiple(
            options=_choices(categories, style.REFORM_CATEGORY_LABELS),
            value=tuple(categories),
            rows=len(categories),
            description="Categories",
            style=_WIDE,
        )
        self.statuses = widgets.SelectMultiple(
            options=_choices(statuses, style.REFORM_STATUS_LABELS),
            value=tuple(statuses),
            rows=len(statuses),
            description="Statuses",
            style=_WIDE,
        )
        self.event = widgets.Dropdown(
            description="Event", style=_WIDE, layout=widgets.Layout(width="100%")
        )
        self.timeline = widgets.Output()
        self.detail = widgets.Output()
        self._wanted = event
        self._quiet = False
        self.categories.observe(self._refilter, names="value")
        self.statuses.observe(self._refilter, names="value")
        self.event.observe(self._show_event, names="value")
        super().__init__(
            [
                widgets.HBox([self.categories, self.statuses]),
                self.timeline,
                self.event,
                self.detail,
            ]
        )
        self.add_class(EXPLORER_CLASS)
        self._refilter()

    def _events(self) -> pd.DataFrame:
        return tables.reform_events(
            self._reforms,
            categories=self.categories.value,
            statuses=self.statuses.value,
        )

    def _refilter(self, _change: dict | None = None) -> None:
        events = self._events()
        wanted = self.event.value or self._wanted
        options = [
            (f"{r.date_text}: {r.title}", r.event_id) for r in events.itertuples()
        ]
        ids = [value for _, value in options]
        self._quiet = True  # new options reset the value: one card update, at the end
        self.event.options = options
        self.event.value = wanted if wanted in ids else (ids[-1] if ids else None)
        self._quiet = False
        if events.empty:
            show_in(self.timeline, _note("No event has these categories and statuses."))
        else:
            years = events["date"].dt.year
            show_in(
                self.timeline,
                figure(
                    charts.reform_timeline(events, self._sources),
                    alt=f"Timeline of {len(events)} reform events from {years.min()} "
                    f"to {years.max()}, by category and status.",
                ),
            )
        self._show_event()

    def _show_event(self, _change: dict | None = None) -> None:
        if self._quiet:
            return
        if self.event.value is None:
            show_in(self.detail, _note("Choose categories and statuses with events."))
            return
        row = self._by_id.loc[self.event.value]
        show_in(
            self.detail,
            card(
                row["title"],
                [
                    row["date_text"],
                    style.label(row["category"], style.REFORM_CATEGORY_LABELS),
                    style.label(row["status"], style.REFORM_STATUS_LABELS),
                    f"confidence {row['confidence']}",
                ],
                row["summary"],
                cite(row["source_ids"], self._sources),
            ),
        )


def reform_explorer(
    reforms: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    event: str | None = None,
) -> ReformExplorer:
    """An explorer of the reform timeline: filter it, pick an event, read it.

    Parameters
    ----------
    reforms
        Rows of ``reforms.csv`` (default: :func:`explainer.load_reforms`).
    sources
        The claim ledger.
    event
        The ``event_id`` shown first (default: the latest event).

    Returns
    -------
    ReformExplorer
        A ``VBox``; its controls and outputs are attributes.
    """
    reforms = load_reforms() if reforms is None else reforms
    sources = load_sources() if sources is None else sources
    return ReformExplorer(reforms, sources, event)


# --- the partners -----------------------------------------------------------------


class PartnerExplorer(widgets.VBox):
    """Choose domains and a year; the partner map, trade chart and table follow.

    Attributes
    ----------
    domains : ipywidgets.SelectMultiple
        Domain codes of ``partnerships.csv`` (all at first).
    year : ipywidgets.IntSlider
        Frameworks started by the end of this year, trade figures up to it.
    map, chart, table : ipywidgets.Output
        The partner map, the trade chart and a summary table.
    """

    def __init__(self, frames: dict[str, Any], year: int | None = None) -> None:
        self._f = frames
        self._maps: dict[tuple, str] = {}  # (domains, year) -> map figure HTML
        partnerships = frames["partnerships"]
        domains = style.ordered(style.DOMAIN_LABELS, partnerships["domain"])
        years = [
            *partnerships["since"].dt.year,
            *tables.trade_figures(frames["indicators"], frames["partners"])["year"],
        ]
        first, last = int(min(years)), int(max(years))
        self.domains = widgets.SelectMultiple(
            options=_choices(domains, style.DOMAIN_LABELS),
            value=tuple(domains),
            rows=len(domains),
            description="Domains",
            style=_WIDE,
        )
        self.year = widgets.IntSlider(
            value=last if year is None else min(max(year, first), last),
            min=first,
            max=last,
            step=1,
            description="Year",
            continuous_update=False,
            style=_WIDE,
        )
        self.map = widgets.Output()
        self.chart = widgets.Output()
        self.table = widgets.Output()
        self.domains.observe(self._update, names="value")
        self.year.observe(self._update, names="value")
        super().__init__(
            [
                widgets.HBox([self.domains, self.year]),
                self.map,
                self.table,
                self.chart,
            ]
        )
        self.add_class(EXPLORER_CLASS)
        self._update()

    def _update(self, _change: dict | None = None) -> None:
        f, year, domains = self._f, self.year.value, list(self.domains.value)
        labels = [style.label(d, style.DOMAIN_LABELS) for d in domains]
        found = tables.frameworks(f["partnerships"], domains=domains, year=year)
        trade = tables.trade_figures(f["indicators"], f["partners"], year=year)
        summary = tables.partner_summary(
            f["partnerships"],
            trade,
            f["partners"],
            domains=domains,
            year=year,
            labels=style.DOMAIN_LABELS,
        )
        what = ", ".join(labels) if labels else "no domain"
        key = (tuple(domains), year)
        if key not in self._maps:  # a world map is the slow part: draw each once
            self._maps[key] = figure(
                maps.partner_map(
                    f["partners"],
                    f["partnerships"],
                    f["indicators"],
                    f["nodes"],
                    f["countries"],
                    sources=f["sources"],
                    domains=domains,
                    year=year,
                ),
                alt=f"Map of {found['partner'].nunique()} partners with a framework "
                f"in {what} started by {year}, with lines from Astana.",
            ).to_html()
        show_in(self.map, self._maps[key])
        caption = f"Partners with a framework in {what} by {year}"
        if not domains:
            empty = "Choose at least one domain."
        else:
            empty = f"No framework in {what} had started by {year}."
        show_in(
            self.table,
            table_html(summary, caption, open_=True) if len(summary) else _note(empty),
        )
        shown = f["partners"][f["partners"]["partner"].isin(set(found["partner"]))]
        if trade[trade["partner"].isin(set(shown["partner"]))].empty:
            show_in(self.chart, _note(f"No trade figure for these partners by {year}."))
            return
        show_in(
            self.chart,
            figure(
                charts.trade_chart(f["indicators"], shown, f["sources"], year=year),
                alt=f"Bar chart of trade turnover up to {year} with the "
                f"{len(shown)} partners in the table, one bar per reported figure.",
            ),
        )


def partner_explorer(
    partners: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    year: int | None = None,
) -> PartnerExplorer:
    """An explorer of Kazakhstan's partners: choose domains and a year.

    Parameters
    ----------
    partners, partnerships, indicators, nodes, countries
        Frames as returned by the loaders (default: the loaders).
    sources
        The claim ledger.
    year
        The year shown first (default: the latest year in the data).

    Returns
    -------
    PartnerExplorer
        A ``VBox``; its controls and outputs are attributes.
    """
    frames = {
        "partners": load_partners() if partners is None else partners,
        "partnerships": load_partnerships() if partnerships is None else partnerships,
        "indicators": load_indicators() if indicators is None else indicators,
        "nodes": load_nodes() if nodes is None else nodes,
        "countries": load_countries() if countries is None else countries,
        "sources": load_sources() if sources is None else sources,
    }
    return PartnerExplorer(frames, year)


# --- the corridors ---------------------------------------------------------------


class CorridorExplorer(widgets.VBox):
    """Pick a route, move the model's sliders; the map, total and breakdown follow.

    Attributes
    ----------
    route : ipywidgets.Dropdown
        The route (``routes.csv``).
    sliders : dict of str to ipywidgets.FloatSlider
        One per model parameter, spanning its sourced range.
    reset : ipywidgets.Button
        Back to the sourced defaults.
    summary : ipywidgets.HTML
        The modelled total beside every figure sources report for the corridor.
    map_out, chart_out : ipywidgets.Output
        The route on the map; the per-step breakdown chart with its table.
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
        from explainer import corridors as corridors_module
        from explainer import model

        self._corridors = corridors
        self._parameters = parameters.set_index("parameter")
        self._reported = corridors_module.reported_for(indicators)
        self._sources = sources
        self._lines = lines
        self._maps: dict[str, str] = {}
        ids = route_ids or [r for r in corridors.route_ids() if not r.startswith("kz")]
        names = corridors.routes.set_index("route_id")["name"]
        self.route = widgets.Dropdown(
            options=[(names[r], r) for r in ids],
            value=ids[0],
            description="Route",
            layout=widgets.Layout(width="34rem"),
        )
        self.sliders = {}
        for _term, name, how in model.TERMS:
            row = self._parameters.loc[name]
            self.sliders[name] = widgets.FloatSlider(
                value=float(row["value"]),
                min=float(row["low"]),
                max=float(row["high"]),
                step=10.0 if how == "per" else 0.25,
                description=f"{name.replace('_', ' ')}",
                continuous_update=False,
                readout_format=".0f" if how == "per" else ".2f",
                style={"description_width": "13rem"},
                layout=widgets.Layout(width="30rem"),
            )
        self.reset = widgets.Button(
            description="Sourced defaults",
            tooltip="Put every slider back to its sourced value",
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
                        grid_template_columns="repeat(auto-fill, minmax(30rem, 1fr))"
                    ),
                ),
            ]
        )
        super().__init__([controls, self.summary, self.map_out, self.chart_out])
        self.add_class(EXPLORER_CLASS)
        self._on_route()

    def parameters(self) -> Any:
        """The model parameters the sliders show."""
        from explainer import model

        return model.Parameters(**{k: float(s.value) for k, s in self.sliders.items()})

    def _on_reset(self, _button: Any = None) -> None:
        with self.hold_trait_notifications():
            for name, slider in self.sliders.items():
                slider.value = float(self._parameters.loc[name, "value"])
        self._update_numbers()

    def _on_route(self, _change: Any = None) -> None:
        from explainer import figures, maps

        route_id = self.route.value
        if route_id not in self._maps:
            route = self._corridors.route(route_id)
            corridor = self._corridors.route_row(route_id)["corridor"]
            m = maps.corridor_map(
                self._lines,
                self._corridors.nodes,
                include=[corridor],
                highlight=set(route["id"]),
                sources=self._sources,
                title=f"Map of the route {self.route.label}",
            )
            self._maps[route_id] = figures.figure(
                m,
                alt=f"Map of the route {self.route.label}, highlighted on its "
                "corridor.",
            ).to_html()
        show_in(self.map_out, self._maps[route_id])
        self._update_numbers()

    def _on_parameters(self, _change: Any = None) -> None:
        self._update_numbers()

    def _update_numbers(self) -> None:
        from explainer import charts, figures

        route_id = self.route.value
        params = self.parameters()
        table = self._corridors.breakdown(route_id, params)
        total = float(table["days"].sum())
        self.summary.value = self._summary_html(route_id, total)
        chart = charts.breakdown_chart(table, title=f"{self.route.label}: day by day")
        shown = table[["step", "kind", "mode", "place", "length_km", "days"]].round(2)
        show_in(
            self.chart_out,
            figures.figure(
                chart,
                alt=(
                    f"Bar chart of the {len(table)} steps of the modelled journey, "
                    f"{total:.1f} days in all."
                ),
                table=shown,
                table_caption="The modelled journey, step by step",
            ),
        )

    def _summary_html(self, route_id: str, total: float) -> str:
        import html

        from explainer import figures, sources

        row = self._corridors.route_row(route_id)
        reported = self._reported[
            (self._reported["corridor"] == row["corridor"])
            & (self._reported["metric"] == "transit_time")
        ]
        items = "".join(
            f"<tr><td>{html.escape(figures.value_text(r))}</td>"
            f"<td>{html.escape(str(r['reporter']))} ({r['year']})</td>"
            f"<td>{sources.cite(r['source_ids'], self._sources)}</td></tr>"
            for _, r in reported.sort_values("year").iterrows()
        )
        return (
            '<div class="explainer-callout"><p>'
            f"<strong>Modelled: {total:.1f} days</strong> "
            f"for {html.escape(self.route.label)} ({row['length_km']:,.0f} km of our "
            "geometry). What sources report for this corridor, side by side:</p>"
            '<table class="explainer-table"><thead><tr><th>Figure</th>'
            "<th>Who (year)</th>"
            f"<th>Source</th></tr></thead><tbody>{items}</tbody></table></div>"
        )


def corridor_explorer(
    corridors: Any = None,
    parameters: Any = None,
    indicators: Any = None,
    sources: Any = None,
    lines: Any = None,
    *,
    route_ids: list[str] | None = None,
) -> CorridorExplorer:
    """The live corridor explorer (ipywidgets; needs a kernel to respond).

    Parameters
    ----------
    corridors
        A :class:`explainer.corridors.Corridors` (default: loaded from the data).
    parameters, indicators, sources, lines
        ``model_parameters.csv``, ``indicators.csv``, the claim ledger and the
        corridor segments to draw (default: the loaders).
    route_ids
        Routes offered (default: every China–Europe route).

    Returns
    -------
    CorridorExplorer
        An ``ipywidgets.VBox``; display it (the last expression of a cell).
    """
    from explainer import data
    from explainer.corridors import Corridors

    return CorridorExplorer(
        Corridors.load() if corridors is None else corridors,
        data.load_model_parameters() if parameters is None else parameters,
        data.load_indicators() if indicators is None else indicators,
        data.load_sources() if sources is None else sources,
        data.load_corridors() if lines is None else lines,
        route_ids=route_ids,
    )
