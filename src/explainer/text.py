"""How numbers, ranges and dates read in the explainer's text (the base layer).

Every figure a reader sees passes through these helpers, so that a value from
``indicators.csv`` reads the same in a card, a table, a tooltip and a sentence.
Pure functions of their arguments: no data loading, no HTML.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["date_text", "number_text", "value_text"]


_QUALIFIER_WORDS = {"about": "about ", "at_least": "at least ", "up_to": "up to "}


_UNIT_GAP = {"%": "", "share": ""}


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def number_text(value: float, unit: str = "", *, digits: int | None = None) -> str:
    """A number as readers see it, with its unit: ``'1,000 km'``, ``'21%'``.

    Parameters
    ----------
    value
        The number; ``unit="share"`` turns 0.21 into ``'21%'``.
    unit
        Written after the number (no space before ``%``).
    digits
        Round to this many decimals first (default: keep up to two, as in the data).

    Examples
    --------
    >>> number_text(748.23, "km", digits=0)
    '748 km'
    >>> number_text(0.2101, "share")
    '21%'
    """
    if unit == "share":
        value, unit, digits = value * 100, "%", 0 if digits is None else digits
    if digits is not None:
        value = round(float(value), digits)
    text = _number(value)
    return f"{text}{_UNIT_GAP.get(unit, ' ')}{unit}".strip() if unit else text


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
