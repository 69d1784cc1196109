"""Figures: a map or chart with its text alternative, caption, data table and sources.

Every map and chart of the explainer is shown through :func:`figure`, so that every
one has a one-line text alternative (read by assistive tools), its numbers as a
table (folded under the figure) and its sources, in JupyterLab and in the static
pages alike.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "Figure",
    "card",
    "date_text",
    "facts_panel",
    "figure",
    "map_html",
    "table_html",
    "value_text",
]

MAP_HEIGHT_PX = 460


def map_html(m: Any, title: str, height: int = MAP_HEIGHT_PX) -> str:
    """A folium map as a titled, responsive iframe (its document in ``srcdoc``)."""
    document = m.get_root().render()
    return (
        '<div class="explainer-map" '
        f'style="position:relative;width:100%;height:{height}px">'
        f'<iframe title="{html.escape(title)}" srcdoc="{html.escape(document)}" '
        'style="position:absolute;inset:0;width:100%;height:100%;border:1px solid #ddd;'
        'border-radius:4px" loading="eager"></iframe></div>'
    )


def table_html(table: pd.DataFrame, caption: str, *, open_: bool = False) -> str:
    """A data table (every cell escaped), folded under a summary line."""
    body = table.to_html(
        index=False,
        border=0,
        escape=True,
        na_rep="",
        classes="explainer-table",
        float_format=lambda v: f"{v:,.6g}",
    )
    return (
        f'<details class="explainer-data"{" open" if open_ else ""}>'
        f"<summary>Data table: {html.escape(caption)}</summary>"
        f'<div class="explainer-table-wrap">{body}</div></details>'
    )


def _content_html(content: Any, alt: str) -> str:
    if hasattr(content, "get_root") and hasattr(content, "fit_bounds"):  # folium.Map
        return map_html(content, alt)
    if hasattr(content, "to_dict") and hasattr(content, "_repr_mimebundle_"):  # altair
        bundle = content._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if "text/html" not in data:
            msg = "the chart rendered no HTML; enable Altair's default 'html' renderer"
            raise ValueError(msg)
        return f'<div class="explainer-chart">{data["text/html"]}</div>'
    if isinstance(content, str):
        return content
    if hasattr(content, "_repr_html_"):
        return content._repr_html_()
    msg = f"figure() takes a folium.Map, an Altair chart or HTML, not {type(content)!r}"
    raise TypeError(msg)


@dataclass
class Figure:
    """A map or chart with its text alternative, caption, data table and sources."""

    content: Any
    alt: str
    caption: str = ""
    table: pd.DataFrame | None = None
    table_caption: str = ""
    sources_html: str = ""
    ident: str = field(default_factory=lambda: f"fig-{uuid.uuid4().hex[:10]}")

    def to_html(self) -> str:
        """The figure as one HTML fragment."""
        caption = f"<p>{html.escape(self.caption)}</p>" if self.caption else ""
        sources = (
            f'<p class="explainer-figure-sources">Sources: {self.sources_html}</p>'
            if self.sources_html
            else ""
        )
        table = ""
        if self.table is not None:
            table = table_html(self.table, self.table_caption or self.alt)
        return (
            f'<figure class="explainer-figure" id="{self.ident}" '
            f'aria-describedby="{self.ident}-alt">'
            f"{_content_html(self.content, self.alt)}"
            f'<figcaption><p id="{self.ident}-alt" class="explainer-alt">'
            f"{html.escape(self.alt)}</p>{caption}{sources}</figcaption>{table}</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": self.alt}


def figure(
    content: Any,
    *,
    alt: str,
    caption: str = "",
    table: pd.DataFrame | None = None,
    table_caption: str = "",
    sources_html: str = "",
) -> Figure:
    """Wrap a map or chart with its text alternative, data table and sources.

    Parameters
    ----------
    content
        A :class:`folium.Map`, an Altair chart, or an HTML string.
    alt
        One line saying what the figure shows (its text alternative).
    caption
        More explanation under the figure (optional).
    table
        The figure's numbers, shown as a folded table under it.
    table_caption
        Title of the table (default: the text alternative).
    sources_html
        Citations as HTML, e.g. from :func:`explainer.sources.cite`.

    Returns
    -------
    Figure
        Displays as HTML; builders never display anything themselves.
    """
    if not alt or not alt.strip():
        msg = (
            "every figure needs a text alternative: "
            "pass alt='one line saying what it shows'"
        )
        raise ValueError(msg)
    return Figure(content, alt.strip(), caption, table, table_caption, sources_html)


_QUALIFIER_WORDS = {"about": "about ", "at_least": "at least ", "up_to": "up to "}
_UNIT_GAP = {"%": "", "share": ""}


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(row: pd.Series | dict, *, qualifier: bool = True) -> str:
    """A figure of ``indicators.csv`` as readers see it, e.g. ``'about 13–17 days'``.

    Parameters
    ----------
    row
        A row with ``value``, ``unit`` and optionally ``value_high``, ``qualifier``.
    qualifier
        Prefix the qualifier's words ("about", "at least", "up to").
    """
    value = _number(row["value"])
    high = row.get("value_high")
    if high is not None and not pd.isna(high):
        value += f"–{_number(high)}"
    unit = str(row.get("unit") or "")
    if unit == "share":
        value, unit = f"{float(row['value']) * 100:.0f}", "%"
    gap = _UNIT_GAP.get(unit, " ")
    kind = str(row.get("qualifier"))
    words = _QUALIFIER_WORDS.get(kind, "") if qualifier else ""
    tail = f" ({kind})" if qualifier and kind in {"target", "projection"} else ""
    return f"{words}{value}{gap}{unit}".strip() + tail


def facts_panel(
    items: list[tuple[str, str, str]], *, label: str = "Key facts"
) -> Figure:
    """Key figures as cards: ``(what, value, sources_html)`` each.

    The value strings should come from the data (e.g. :func:`value_text`); the
    source HTML from :func:`explainer.sources.cite`.
    """
    cards = "".join(
        f'<li><span class="value">{html.escape(value)}</span>{html.escape(what)}'
        f"<br><small>Source: {sources}</small></li>"
        for what, value, sources in items
    )
    content = (
        f'<ul class="explainer-facts" aria-label="{html.escape(label)}">{cards}</ul>'
    )
    alt = label + ": " + "; ".join(f"{what}: {value}" for what, value, _ in items)
    return Figure(content, alt)


def date_text(date: pd.Timestamp, precision: str = "day") -> str:
    """A date as readers see it, to the precision the source gives.

    Examples
    --------
    >>> import pandas as pd
    >>> date_text(pd.Timestamp("2026-03-15"))
    '15 Mar 2026'
    >>> date_text(pd.Timestamp("2026-01-01"), "year")
    '2026'
    """
    formats = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}
    return date.strftime(formats.get(precision, "%Y-%m-%d"))


def card(title: str, meta: list[str], body: str, sources_html: str = "") -> str:
    """A small panel: a heading, a line of facts, a paragraph and its sources.

    ``title``, ``meta`` and ``body`` are text (escaped here); ``sources_html`` is
    HTML from :func:`explainer.sources.cite`.
    """
    facts = " · ".join(html.escape(m) for m in meta if m)
    sources = f"<p><small>Sources: {sources_html}</small></p>" if sources_html else ""
    heading = html.escape(title)
    return (
        f'<div class="explainer-card-panel" role="region" aria-label="{heading}">'
        f'<p class="explainer-card-title"><strong>{heading}</strong></p>'
        f"<p><small>{facts}</small></p>"
        f"<p>{html.escape(body)}</p>{sources}</div>"
    )
