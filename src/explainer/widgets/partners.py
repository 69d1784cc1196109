"""The partner explorer: partners by domain and year, on a map and in a chart."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import ipywidgets as widgets
import pandas as pd

from explainer.analysis import selections
from explainer.data import (
    load_countries,
    load_indicators,
    load_nodes,
    load_partners,
    load_partnerships,
    load_sources,
)
from explainer.i18n import t
from explainer.text import number_text
from explainer.views import charts, maps, style
from explainer.views.figure import figure
from explainer.views.html import table_html
from explainer.widgets.common import (
    _WIDE,
    EXPLORER_CLASS,
    LRU,
    IntSlider,
    _choices,
    _note,
    show_in,
)

__all__ = ["PartnerExplorer", "partner_explorer"]


#: World maps the partner explorer keeps drawn, one per (domains, year) shown
#: (each about 0.45 MB of HTML: at most about 11 MB).
MAP_CACHE = 24


class PartnerExplorer(widgets.VBox):
    """Choose domains and a year; the partner map, trade chart and table follow.

    Its labels, options and texts are in the language in use when it is built
    (:func:`explainer.set_language`).

    Attributes
    ----------
    domains : ipywidgets.SelectMultiple
        Domain codes of ``partnerships.csv`` (all at first).
    year : IntSlider
        Frameworks started by the end of this year, trade figures up to it; refuses
        years outside the data's range (and NaN, ``None``), keeping the year its
        outputs show.
    map, chart, table : ipywidgets.Output
        The partner map, the trade chart and a summary table.

    Notes
    -----
    Drawn world maps are kept in a least-recently-used cache of ``MAP_CACHE`` (24)
    maps, about 0.45 MB of HTML each (the unbounded cache held 229 MiB after 500
    changes).
    """

    def __init__(self, frames: dict[str, Any], year: int | None = None) -> None:
        self._f = frames
        self._maps: LRU[str] = LRU(MAP_CACHE)  # (domains, year) -> map figure HTML
        partnerships = frames["partnerships"]
        domains = style.ordered(style.DOMAIN_LABELS, partnerships["domain"])
        years = [
            *partnerships["since"].dt.year,
            *selections.trade_figures(frames["indicators"], frames["partners"])["year"],
        ]
        first, last = int(min(years)), int(max(years))
        self.domains = widgets.SelectMultiple(
            options=_choices(domains, style.DOMAIN_LABELS),
            value=tuple(domains),
            rows=len(domains),
            description=t("widgets.partner.domains", "Domains"),
            style=_WIDE,
        )
        self.year = IntSlider(
            value=last if year is None else min(max(year, first), last),
            min=first,
            max=last,
            step=1,
            description=t("widgets.partner.year", "Year"),
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
        found = selections.frameworks(f["partnerships"], domains=domains, year=year)
        trade = selections.trade_figures(f["indicators"], f["partners"], year=year)
        summary = selections.partner_summary(
            f["partnerships"],
            trade,
            f["partners"],
            domains=domains,
            year=year,
            labels=style.DOMAIN_LABELS,
        )
        what = (
            ", ".join(labels) if labels else t("widgets.partner.no_domain", "no domain")
        )
        count = found["partner"].nunique()
        key = (tuple(domains), year)
        # A world map is the slow part: each is drawn once while it stays cached.
        show_in(
            self.map,
            self._maps.get(
                key,
                lambda: figure(
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
                    id="partner-explorer-map",
                    alt=t(
                        "widgets.partner.map_alt",
                        {
                            "one": "Map of {n} partners with a framework in {what} "
                            "started by {year}, with lines from Astana.",
                            "other": "Map of {n} partners with a framework in {what} "
                            "started by {year}, with lines from Astana.",
                        },
                        count=count,
                        n=number_text(count),
                        what=what,
                        year=year,
                    ),
                ).to_html(),
            ),
        )
        caption = t(
            "widgets.partner.caption",
            "Partners with a framework in {what} by {year}",
            what=what,
            year=year,
        )
        if not domains:
            empty = t("widgets.partner.choose", "Choose at least one domain.")
        else:
            empty = t(
                "widgets.partner.none",
                "No framework in {what} had started by {year}.",
                what=what,
                year=year,
            )
        show_in(
            self.table,
            table_html(summary, caption, folded=True, open_=True)
            if len(summary)
            else _note(empty),
        )
        shown = f["partners"][f["partners"]["partner"].isin(set(found["partner"]))]
        if trade[trade["partner"].isin(set(shown["partner"]))].empty:
            show_in(
                self.chart,
                _note(
                    t(
                        "widgets.partner.no_trade",
                        "No trade figure for these partners by {year}.",
                        year=year,
                    )
                ),
            )
            return
        show_in(
            self.chart,
            figure(
                charts.trade_chart(f["indicators"], shown, f["sources"], year=year),
                id="partner-explorer-trade",
                alt=t(
                    "widgets.partner.chart_alt",
                    {
                        "one": "Bar chart of trade turnover up to {year} with the "
                        "{n} partners in the table, one bar per reported figure.",
                        "other": "Bar chart of trade turnover up to {year} with the "
                        "{n} partners in the table, one bar per reported figure.",
                    },
                    count=len(shown),
                    n=number_text(len(shown)),
                    year=year,
                ),
            ),
        )


def partner_explorer(
    *,
    partners: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    nodes: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
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
        A ``VBox``; its controls and outputs are attributes. Its words are in the
        language in use (:func:`explainer.set_language`).
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
