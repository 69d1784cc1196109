"""The claim ledger: look up, format and list the sources behind every figure.

Every row of every data file cites ``source_ids`` from ``data/sources.csv``; these
helpers turn those ids into citations for tooltips, captions and each notebook's
*Data sources* section. All text from the data is HTML-escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from explainer.data import load_sources

__all__ = ["SourceList", "cite", "cite_text", "cited", "source_list"]


def _ids(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return tuple(value)  # type: ignore[arg-type]


def _ledger(sources: pd.DataFrame | None) -> pd.DataFrame:
    frame = load_sources() if sources is None else sources
    return frame.set_index("source_id", drop=False)


def _lookup(source_ids: object, sources: pd.DataFrame | None) -> list[pd.Series]:
    """The ledger rows of some ids, each once, in order; KeyError names a missing id."""
    ledger = _ledger(sources)
    rows = []
    for sid in dict.fromkeys(_ids(source_ids)):
        if sid not in ledger.index:
            msg = f"source id '{sid}' is not in sources.csv"
            raise KeyError(msg)
        rows.append(ledger.loc[sid])
    return rows


def _short(row: pd.Series) -> str:
    year = (row["published"] or "")[:4]
    return f"{row['publisher']}{', ' + year if year else ''}"


def cite_text(source_ids: object, sources: pd.DataFrame | None = None) -> str:
    """Plain-text short citations, e.g. ``'The Astana Times, 2026; World Bank, 2023'``.

    Parameters
    ----------
    source_ids
        A tuple of ids, or a ``;``-separated string.
    sources
        The ledger; default :func:`explainer.load_sources`.

    Raises
    ------
    KeyError
        If an id is not in the ledger, naming it.
    """
    parts = [_short(row) for row in _lookup(source_ids, sources)]
    return "; ".join(dict.fromkeys(parts))


def cite(source_ids: object, sources: pd.DataFrame | None = None) -> str:
    """HTML short citations, each linked to its page (text escaped).

    Parameters
    ----------
    source_ids
        A tuple of ids, or a ``;``-separated string.
    sources
        The ledger; default :func:`explainer.load_sources`.

    Returns
    -------
    str
        e.g. ``<a href="https://...">The Astana Times, 2026</a>; ...``
    """
    links = []
    for row in _lookup(source_ids, sources):
        links.append(
            f'<a href="{html.escape(row["url"])}" title="{html.escape(row["title"])}" '
            f'rel="noopener" target="_blank">{html.escape(_short(row))}</a>'
        )
    return "; ".join(links)


def cited(*frames: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger rows that the given frames cite, in order of first citation.

    Parameters
    ----------
    *frames
        Frames with a ``source_ids`` column.
    sources
        The ledger; default :func:`explainer.load_sources`.
    """
    ledger = _ledger(sources)
    order: dict[str, None] = {}
    for frame in frames:
        for value in frame["source_ids"]:
            order.update(dict.fromkeys(_ids(value)))
    missing = [s for s in order if s not in ledger.index]
    if missing:
        msg = f"source ids not in sources.csv: {', '.join(missing)}"
        raise KeyError(msg)
    return ledger.loc[list(order)].reset_index(drop=True)


@dataclass
class SourceList:
    """A numbered, linked list of sources; displays as HTML in a notebook."""

    sources: pd.DataFrame
    heading: str = ""

    def __len__(self) -> int:
        return len(self.sources)

    def _items(self) -> Iterable[str]:
        for row in self.sources.itertuples():
            date = f" ({html.escape(row.published)})" if row.published else ""
            notes = f" <em>{html.escape(row.notes)}</em>" if row.notes else ""
            yield (
                f'<li id="source-{html.escape(row.source_id)}">'
                f"{html.escape(row.publisher)}{date}. "
                f'<a href="{html.escape(row.url)}" rel="noopener" target="_blank">'
                f"{html.escape(row.title)}</a> [{html.escape(row.language)}; "
                f"{html.escape(row.kind.replace('_', ' '))}; checked: "
                f"{html.escape(row.checked)}]{notes}</li>"
            )

    def _repr_html_(self) -> str:
        heading = (
            f"<p><strong>{html.escape(self.heading)}</strong></p>"
            if self.heading
            else ""
        )
        return (
            f'<div class="explainer-sources">{heading}<ol>{"".join(self._items())}</ol>'
            "</div>"
        )

    def __repr__(self) -> str:
        return f"SourceList({len(self)} sources)"


def source_list(
    *frames: pd.DataFrame, sources: pd.DataFrame | None = None, heading: str = ""
) -> SourceList:
    """The sources the given frames cite, ready to display as a numbered list.

    Examples
    --------
    >>> from explainer import load_indicators, source_list
    >>> source_list(load_indicators())  # doctest: +SKIP
    """
    return SourceList(cited(*frames, sources=sources), heading=heading)
