"""Citations as HTML: linked short citations and each notebook's list of sources.

Every citation the library renders is recorded, so that :func:`source_list` called
with no frames lists every source the notebook has cited, in order of first use.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from explainer.analysis.sources import cited, lookup, short_citation, source_ids
from explainer.views.html import render

__all__ = ["Citation", "cite", "source_list"]

#: Source ids cited since the kernel started (or :func:`forget_citations`), in order.
_CITED: dict[str, None] = {}


class Citation(Markup):
    """Linked short citations (HTML) that remember the ledger rows they cite.

    A figure given a citation reads its sources from it: their names, ids and the
    date each was last checked (``sources``: one dict per source).
    """

    sources: tuple[dict[str, str], ...] = ()


def cite(ids: object, sources: pd.DataFrame | None = None) -> Citation:
    """HTML short citations, each linked to its page (text escaped), and recorded.

    Parameters
    ----------
    ids
        A tuple of ids, or a ``;``-separated string.
    sources
        The ledger; default :func:`explainer.load_sources`.

    Returns
    -------
    Citation
        Markup, e.g. ``<a href="https://...">The Astana Times, 2026</a>; ...``,
        that also holds the sources' ledger rows.
    """
    rows = lookup(ids, sources)
    _CITED.update(dict.fromkeys(row["source_id"] for row in rows))
    items = tuple(
        {
            "source_id": str(row["source_id"]),
            "url": row["url"],
            "title": row["title"],
            "short": short_citation(row),
            "checked": str(row.get("checked") or ""),
        }
        for row in rows
    )
    citation = Citation(render("cite.html.j2", sources=items))
    citation.sources = items
    return citation


def note_cited(ids: object) -> None:
    """Record sources a figure cites in another form (a chart's tooltips)."""
    _CITED.update(dict.fromkeys(source_ids(ids)))


def cited_so_far() -> tuple[str, ...]:
    """The ids of every source :func:`cite` has rendered, in order of first use."""
    return tuple(_CITED)


def forget_citations() -> None:
    """Start a new record of citations (a new notebook in the same kernel)."""
    _CITED.clear()


@dataclass
class SourceList:
    """A numbered, linked list of sources; displays as HTML in a notebook."""

    sources: pd.DataFrame
    heading: str = ""

    def __len__(self) -> int:
        return len(self.sources)

    def to_html(self) -> Markup:
        """The list as one HTML fragment."""
        return render(
            "source_list.html.j2",
            heading=self.heading,
            sources=self.sources.to_dict("records"),
        )

    def _repr_html_(self) -> str:
        return str(self.to_html())

    def __repr__(self) -> str:
        return f"SourceList({len(self)} sources)"


def source_list(
    *frames: pd.DataFrame, sources: pd.DataFrame | None = None, heading: str = ""
) -> SourceList:
    """The sources the given frames cite, ready to display as a numbered list.

    With no frames: every source cited so far by :func:`cite` (and so by every
    figure, card and table of the notebook), in order of first citation.

    Examples
    --------
    >>> from explainer import load_indicators, source_list
    >>> source_list(load_indicators())  # doctest: +SKIP
    >>> source_list()  # everything this notebook has cited  # doctest: +SKIP
    """
    if not frames:
        frames = (pd.DataFrame({"source_ids": [cited_so_far()]}),)
    return SourceList(cited(*frames, sources=sources), heading=heading)
