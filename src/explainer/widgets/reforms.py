"""The reform explorer: filter the timeline, read an event and its sources."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from explainer.analysis import selections
from explainer.data import (
    load_reforms,
    load_sources,
)
from explainer.views import charts, style
from explainer.views.figure import card, figure
from explainer.views.sources import cite
from explainer.widgets.common import (
    _WIDE,
    EXPLORER_CLASS,
    Choice,
    _choices,
    _note,
    show_in,
)

__all__ = ["ReformExplorer", "reform_explorer"]


class ReformExplorer(widgets.VBox):
    """Filter the reform timeline by category and status; read one event.

    Attributes
    ----------
    categories, statuses : ipywidgets.SelectMultiple
        The codes kept (all at first).
    event : Choice
        The event whose summary and sources are shown (ids of ``reforms.csv``);
        ``None`` only when no event passes the filters.
    timeline, detail : ipywidgets.Output
        The filtered timeline chart, and the chosen event's card.
    """

    def __init__(
        self, reforms: pd.DataFrame, sources: pd.DataFrame, event: str | None = None
    ) -> None:
        self._reforms, self._sources = reforms, sources
        self._by_id = selections.reform_events(reforms).set_index("event_id")
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
        self.event = Choice(
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
        return selections.reform_events(
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
                    id="reform-explorer-timeline",
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
    *,
    reforms: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
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
