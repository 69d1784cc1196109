"""Figures: a map or chart with its text alternative, caption, data table and sources.

Every map and chart of the explainer is shown through :func:`figure`, so that every
one has a one-line text alternative (read by assistive tools), its numbers as a
table (folded under the figure) and its sources, in JupyterLab and in the static
pages alike. All HTML comes from :mod:`explainer.views.html`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
from markupsafe import Markup

from explainer.i18n import language, t
from explainer.text import date_text
from explainer.views import dark
from explainer.views import figure_data as data
from explainer.views.charts.common import aria_described
from explainer.views.charts.fields import trimmed
from explainer.views.html import render, table_html
from explainer.views.sources import cite, primary_first

__all__ = ["card", "facts_panel", "figure", "prose"]

MAP_HEIGHT_PX = 460


def map_html(m: Any, title: str, height: int = MAP_HEIGHT_PX) -> Markup:
    """A folium map as a titled, responsive iframe (its document in ``srcdoc``)."""
    document = m.get_root().render()
    return render("map_frame.html.j2", title=title, document=document, height=height)


def chart_html(chart: Any) -> Markup:
    """An Altair chart as HTML that draws with the page's Vega (offline).

    The spec goes into the page as JSON escaped for a ``<script>`` element (``<``,
    ``>``, ``&``, ``'`` and the line separators as unicode escapes, letters as
    UTF-8; :func:`explainer.views.html.script_json`), so no text in the data can
    close the script. Altair's own HTML output writes the spec with plain
    ``json.dumps``. Its data rows keep only the fields the chart reads
    (:func:`explainer.views.charts.fields.trimmed`); a figure's CSV comes from its
    table, not from the chart, and keeps every column. Its axes and legends are
    described in the page's language
    (:func:`explainer.views.charts.common.aria_described`).
    """
    options = alt.renderers.options.get("embed_options", {})
    return render(
        "chart.html.j2",
        ident=f"altair-viz-{uuid.uuid4().hex}",
        spec=trimmed(aria_described(chart.to_dict())),
        options=options,
        dark=dark.VEGA_DARK,
    )


def _content_html(content: Any, alt: str) -> Markup:
    if hasattr(content, "get_root") and hasattr(content, "fit_bounds"):  # folium.Map
        return map_html(content, alt)
    if hasattr(content, "to_dict") and hasattr(content, "_repr_mimebundle_"):  # altair
        return chart_html(content)
    if isinstance(content, Markup):
        return content
    if isinstance(content, pd.DataFrame):
        return table_html(content)
    if isinstance(content, str):
        msg = (
            "figure() takes a folium.Map, an Altair chart, a DataFrame or Markup; a "
            "plain string would be shown escaped: wrap trusted HTML in Markup"
        )
        raise TypeError(msg)
    if hasattr(content, "__html__"):
        return Markup(content.__html__())
    msg = (
        "figure() takes a folium.Map, an Altair chart, a DataFrame or Markup, "
        f"not {type(content)!r}"
    )
    raise TypeError(msg)


@dataclass
class Figure:
    """A map or chart with its text alternative, caption, data table and sources.

    ``ident`` is the figure's stable id (its HTML ``id`` and permalink); ``sources``
    the ledger rows it cites (see :class:`explainer.views.sources.Citation`).
    """

    content: Any
    alt: str
    caption: str = ""
    table: pd.DataFrame | None = None
    table_caption: str = ""
    sources_html: Markup | str = ""
    ident: str = ""
    sources: tuple[dict[str, str], ...] = ()

    def rows(self) -> pd.DataFrame | None:
        """The rows the figure draws: its ``table``, else a DataFrame it shows."""
        if self.table is not None:
            return self.table
        if isinstance(self.content, pd.DataFrame):
            return self.content
        return None

    def _all_sources(self) -> list[dict[str, str]]:
        found = {s["source_id"]: s for s in self.sources}
        for source in data.row_sources(self.rows()):
            found.setdefault(source["source_id"], dict(source))
        return list(found.values())

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The figure's rows as CSV, with the ids of their sources.

        Parameters
        ----------
        path
            Also write the CSV to this file (UTF-8).

        Returns
        -------
        str
            The CSV text; ``''`` for a figure with no rows (a facts panel).
        """
        rows = self.rows()
        ids = [s["source_id"] for s in self._all_sources()]
        text = "" if rows is None or rows.empty else data.csv_text(rows, ids)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def sources_line(self) -> tuple[Markup | str, int]:
        """The figure's own sources, primary first, and how many more its rows cite.

        The sources it was given (``sources_html``) are listed; sources cited in
        its table's cells (each row names its own) are counted, not repeated.
        """
        given = {s["source_id"] for s in self.sources}
        in_rows = [
            s for s in data.row_sources(self.rows()) if s["source_id"] not in given
        ]
        if self.sources_html and not self.sources:  # Markup not made by cite()
            return self.sources_html, len(in_rows)
        line = render("cite.html.j2", sources=primary_first(self.sources))
        return (line if self.sources else ""), len(in_rows)

    def to_html(self) -> Markup:
        """The figure as one HTML fragment."""
        table = (
            table_html(self.table, self.table_caption or self.alt, folded=True)
            if self.table is not None
            else ""
        )
        sources = self._all_sources()
        line, row_cited = self.sources_line()
        built = data.build_date()
        csv = self.to_csv()
        return render(
            "figure.html.j2",
            ident=self.ident,
            content=_content_html(self.content, self.alt),
            alt=self.alt,
            caption=self.caption,
            sources=line,
            row_cited=row_cited,
            row_cited_text=t(
                "figure.row_cited",
                {
                    "one": "{count} source cited row by row in the table",
                    "other": "{count} sources cited row by row in the table",
                },
                count=row_cited,
            ),
            table=table,
            latest=_date_shown(data.latest_date(self.rows())),
            checked=_date_shown(data.last_checked(sources)),
            cited=bool(sources),
            csv_url=data.csv_data_url(csv) if csv else "",
            citation=data.citation_text(self.alt, self.ident, sources, built),
        )

    def __html__(self) -> str:
        return str(self.to_html())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": str(self.to_html()), "text/plain": self.alt}


def _date_shown(iso: str) -> str:
    """A figure's date (ISO ``2026-03-15`` or a year) as its source line shows it.

    English pages keep the ISO form; the other editions name the month in their
    language (:func:`explainer.text.date_text`).
    """
    if not iso or language() == "en" or len(iso) != len("2026-03-15"):
        return iso
    return date_text(pd.Timestamp(iso))


def _checked_id(ident: object) -> str:
    if not data.is_figure_id(ident):
        msg = (
            f"every figure needs a stable id in kebab-case, e.g. id='freight-by-year', "
            f"not {ident!r}: it is the figure's permalink and its CSV file's name"
        )
        raise ValueError(msg)
    return str(ident)


def figure(
    content: Any,
    *,
    id: str,  # noqa: A002 - the figure's HTML id, named as in HTML
    alt: str,
    caption: str = "",
    table: pd.DataFrame | None = None,
    table_caption: str = "",
    sources_html: Markup | str = "",
    source_ids: Iterable[str] | str | None = None,
) -> Figure:
    """Wrap a map or chart with its text alternative, data table and sources.

    Parameters
    ----------
    content
        A :class:`folium.Map`, an Altair chart, a DataFrame (shown as a table) or
        trusted :class:`markupsafe.Markup`.
    id
        The figure's stable id, unique on its page, in kebab-case
        (``freight-by-year``): its permalink (``#freight-by-year``) and the name of
        its CSV file. Never derived from text that is reworded or translated.
    alt
        One line saying what the figure shows (its text alternative).
    caption
        More explanation under the figure (optional).
    table
        The figure's numbers, shown as a folded table under it; also the rows of
        its CSV download (else a DataFrame ``content``; else no download).
    table_caption
        Title of the table (default: the text alternative).
    sources_html
        Citations as Markup, e.g. from :func:`explainer.cite`.
    source_ids
        The sources' ids; cited under the figure (instead of ``sources_html``).

    Returns
    -------
    Figure
        Displays as HTML; builders never display anything themselves. The sources it
        cites are recorded for :func:`explainer.source_list`.
    """
    ident = _checked_id(id)
    if not alt or not alt.strip():
        msg = (
            "every figure needs a text alternative: "
            "pass alt='one line saying what it shows'"
        )
        raise ValueError(msg)
    if isinstance(content, str) and not isinstance(content, Markup):
        msg = (
            "figure() takes a folium.Map, an Altair chart, a DataFrame or Markup; a "
            "plain string would be shown escaped: wrap trusted HTML in Markup"
        )
        raise TypeError(msg)
    if source_ids is not None:
        sources_html = cite(source_ids)
    if sources_html and not isinstance(sources_html, Markup):
        msg = "sources_html must be Markup from cite(); plain text would be escaped"
        raise TypeError(msg)
    sources = tuple(getattr(sources_html, "sources", ()) or ())
    return Figure(
        content,
        alt.strip(),
        caption,
        table,
        table_caption,
        sources_html,
        ident=ident,
        sources=sources,
    )


def facts_panel(
    items: list[tuple[str, str, Markup | str]],
    *,
    id: str,  # noqa: A002 - the panel's HTML id, named as in HTML
    label: str | None = None,
) -> Figure:
    """Key figures as cards: ``(what, value, sources)`` each.

    The value strings should come from the data (e.g. :func:`explainer.value_text`);
    the sources from :func:`explainer.cite`. ``id`` is the panel's stable id, as
    for :func:`figure`. ``label`` names the panel (default "Key facts").
    """
    label = label or t("figure.key_facts", "Key facts")
    content = render("facts.html.j2", items=items, label=label)
    alt = label + ": " + "; ".join(f"{what}: {value}" for what, value, _ in items)
    found = {
        s["source_id"]: s for *_, c in items for s in getattr(c, "sources", ()) or ()
    }
    return Figure(content, alt, ident=_checked_id(id), sources=tuple(found.values()))


def card(
    title: str, meta: list[str], body: str, sources_html: Markup | str = ""
) -> Markup:
    """A small panel: a heading, a line of facts, a paragraph and its sources.

    ``title``, ``meta`` and ``body`` are text (escaped); ``sources_html`` is Markup
    from :func:`explainer.cite`.
    """
    return render(
        "card.html.j2",
        title=title,
        meta=[m for m in meta if m],
        body=body,
        sources=sources_html,
    )


@dataclass
class Prose:
    """Sentences generated from the data, shown as a paragraph of the story."""

    text: str

    def to_html(self) -> Markup:
        """The paragraph as HTML (the text escaped)."""
        return render("prose.html.j2", text=self.text)

    def _repr_html_(self) -> str:
        return str(self.to_html())

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def prose(*sentences: str) -> Prose:
    """A paragraph of sentences computed from the data (never typed in markdown).

    Notebooks show comparisons and verdicts this way, so that they change when the
    data does: e.g. ``prose(f"On our lines the road is {place_among(...)}.")``.
    """
    return Prose(" ".join(s.strip() for s in sentences if s and s.strip()))
