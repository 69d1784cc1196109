"""How numbers, ranges and dates read in the explainer's text (the base layer).

Every figure a reader sees passes through these helpers, so that a value from
``indicators.csv`` reads the same in a card, a table, a tooltip and a sentence.
Pure functions of their arguments: no data loading, no HTML.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["date_text", "value_text"]


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
