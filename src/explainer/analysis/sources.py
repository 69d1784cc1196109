"""The claim ledger as text: look up the sources behind a figure, in order.

Plain text only; the linked HTML citations are :mod:`explainer.views.sources`.
"""

from __future__ import annotations

import pandas as pd

from explainer.data import load_sources

__all__ = ["cite_text", "cited"]


def source_ids(value: object) -> tuple[str, ...]:
    """Source ids from a ``;``-separated string or a sequence (empty for missing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return tuple(value)  # type: ignore[arg-type]


def _ledger(sources: pd.DataFrame | None) -> pd.DataFrame:
    frame = load_sources() if sources is None else sources
    return frame.set_index("source_id", drop=False)


def lookup(ids: object, sources: pd.DataFrame | None) -> list[pd.Series]:
    """The ledger rows of some ids, each once, in order; KeyError names a missing id."""
    ledger = _ledger(sources)
    rows = []
    for sid in dict.fromkeys(source_ids(ids)):
        if sid not in ledger.index:
            msg = f"source id '{sid}' is not in sources.csv"
            raise KeyError(msg)
        rows.append(ledger.loc[sid])
    return rows


def short_citation(row: pd.Series) -> str:
    """A ledger row as a short citation: ``'Publisher, year'``."""
    year = (row["published"] or "")[:4]
    return f"{row['publisher']}{', ' + year if year else ''}"


def cite_text(ids: object, sources: pd.DataFrame | None = None) -> str:
    """Plain-text short citations, e.g. ``'The Astana Times, 2026; World Bank, 2023'``.

    Parameters
    ----------
    ids
        A tuple of ids, or a ``;``-separated string.
    sources
        The ledger; default :func:`explainer.load_sources`.

    Raises
    ------
    KeyError
        If an id is not in the ledger, naming it.
    """
    parts = [short_citation(row) for row in lookup(ids, sources)]
    return "; ".join(dict.fromkeys(parts))


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
            order.update(dict.fromkeys(source_ids(value)))
    missing = [s for s in order if s not in ledger.index]
    if missing:
        msg = f"source ids not in sources.csv: {', '.join(missing)}"
        raise KeyError(msg)
    return ledger.loc[list(order)].reset_index(drop=True)
