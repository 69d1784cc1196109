"""The reform explorer: filter the timeline, read an event and its sources."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from explainer.analysis import selections
from explainer.data import (
    load_reforms,
    load_sources,
)
from explainer.i18n import t
from explainer.text import number_text
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

    Its labels, options and texts are in the language in use when it is built
    (:func:`explainer.set_language`).

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
            description=t("widgets.reform.categories", "Categories"),
            style=_WIDE,
        )
        self.statuses = widgets.SelectMultiple(
            options=_choices(statuses, style.REFORM_STATUS_LABELS),
            value=tuple(statuses),
            rows=len(statuses),
            description=t("widgets.reform.statuses", "Statuses"),
            style=_WIDE,
        )
        self.event = Choice(
            description=t("widgets.reform.event", "Event"),
            style=_WIDE,
            layout=widgets.Layout(width="100%"),
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
            (
                t(
                    "widgets.reform.option",
                    "{date}: {title}",
                    date=r.date_text,
                    title=r.title,
                ),
                r.event_id,
            )
            for r in events.itertuples()
        ]
        ids = [value for _, value in options]
        self._quiet = True  # new options reset the value: one card update, at the end
        self.event.options = options
        self.event.value = wanted if wanted in ids else (ids[-1] if ids else None)
        self._quiet = False
        if events.empty:
            show_in(
                self.timeline,
                _note(
                    t(
                        "widgets.reform.none",
                        "No event has these categories and statuses.",
                    )
                ),
            )
        else:
            years = events["date"].dt.year
            show_in(
                self.timeline,
                figure(
                    charts.reform_timeline(events, self._sources),
                    id="reform-explorer-timeline",
                    alt=t(
                        "widgets.reform.timeline_alt",
                        {
                            "one": "Timeline of {n} reform events from {first} to "
                            "{last}, by category and status.",
                            "other": "Timeline of {n} reform events from {first} to "
                            "{last}, by category and status.",
                        },
                        count=len(events),
                        n=number_text(len(events)),
                        first=years.min(),
                        last=years.max(),
                    ),
                ),
            )
        self._show_event()

    def _show_event(self, _change: dict | None = None) -> None:
        if self._quiet:
            return
        if self.event.value is None:
            show_in(
                self.detail,
                _note(
                    t(
                        "widgets.reform.choose",
                        "Choose categories and statuses with events.",
                    )
                ),
            )
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
                    _confidence(row["confidence"]),
                ],
                row["summary"],
                cite(row["source_ids"], self._sources),
            ),
        )


def _confidence(level: str) -> str:
    """The confidence of an event's data (``H``, ``M``, ``L``) in readers' words."""
    words = {
        "H": lambda: t("widgets.reform.confidence_H", "confidence H"),
        "M": lambda: t("widgets.reform.confidence_M", "confidence M"),
        "L": lambda: t("widgets.reform.confidence_L", "confidence L"),
    }
    if level in words:
        return words[level]()
    return t("widgets.reform.confidence", "confidence {level}", level=level)


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
        A ``VBox``; its controls and outputs are attributes. Its words are in the
        language in use (:func:`explainer.set_language`).
    """
    reforms = load_reforms() if reforms is None else reforms
    sources = load_sources() if sources is None else sources
    return ReformExplorer(reforms, sources, event)
