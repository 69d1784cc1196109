"""How numbers, ranges and dates read in the explainer's text (the base layer).

Every figure a reader sees passes through these helpers, so that a value from
``indicators.csv`` reads the same in a card, a table, a tooltip and a sentence.
Pure functions of their arguments and of the language in use
(:func:`explainer.i18n.language`): numbers, percentages and dates follow Babel's
locale data for it (``1,000.5`` in English, ``1 000,5`` in Russian and Kazakh),
and units and qualifiers are translated messages. No data loading, no HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from explainer.i18n import language, t

__all__ = ["date_text", "number_text", "unit_text", "value_text"]


def _qualifier(kind: str) -> str:
    """The words before a qualified figure ("about ", "at least ", "up to ")."""
    words = {
        "about": lambda: t("text.qualifier.about", "about {value}"),
        "at_least": lambda: t("text.qualifier.at_least", "at least {value}"),
        "up_to": lambda: t("text.qualifier.up_to", "up to {value}"),
        "target": lambda: t("text.qualifier.target", "{value} (target)"),
        "projection": lambda: t("text.qualifier.projection", "{value} (projection)"),
    }
    return words[kind]() if kind in words else "{value}"


#: Units with no space before them.
_UNIT_GAP = {"%": "", "share": ""}

#: Units as readers see them in the language in use; a unit not listed is kept.
#: A translation may be plural forms, chosen by the number before the unit.
UNITS: dict[str, Callable[[float], str]] = {
    "km": lambda n: t("text.unit.km", "km", count=n),
    "days": lambda n: t("text.unit.days", "days", count=n),
    "hours": lambda n: t("text.unit.hours", "hours", count=n),
    "years": lambda n: t("text.unit.years", "years", count=n),
    "Mt": lambda n: t("text.unit.Mt", "Mt", count=n),
    "t": lambda n: t("text.unit.t", "t", count=n),
    "bn t": lambda n: t("text.unit.bn_t", "bn t", count=n),
    "TEU": lambda n: t("text.unit.TEU", "TEU", count=n),
    "USD bn": lambda n: t("text.unit.USD_bn", "USD bn", count=n),
    "USD m": lambda n: t("text.unit.USD_m", "USD m", count=n),
    "EUR bn": lambda n: t("text.unit.EUR_bn", "EUR bn", count=n),
    "KZT bn": lambda n: t("text.unit.KZT_bn", "KZT bn", count=n),
    "KZT trn": lambda n: t("text.unit.KZT_trn", "KZT trn", count=n),
    "bn m3": lambda n: t("text.unit.bn_m3", "bn m3", count=n),
    "km/day": lambda n: t("text.unit.km_day", "km/day", count=n),
    "containers": lambda n: t("text.unit.containers", "containers", count=n),
    "trains": lambda n: t("text.unit.trains", "trains", count=n),
    "train pairs/day": lambda n: t("text.unit.train_pairs", "train pairs/day", count=n),
    "seats": lambda n: t("text.unit.seats", "seats", count=n),
    "articles": lambda n: t("text.unit.articles", "articles", count=n),
    "votes": lambda n: t("text.unit.votes", "votes", count=n),
    "voters": lambda n: t("text.unit.voters", "voters", count=n),
    "people": lambda n: t("text.unit.people", "people", count=n),
    "ballots": lambda n: t("text.unit.ballots", "ballots", count=n),
    "proposals": lambda n: t("text.unit.proposals", "proposals", count=n),
    "troops": lambda n: t("text.unit.troops", "troops", count=n),
    "vessels": lambda n: t("text.unit.vessels", "vessels", count=n),
    "projects": lambda n: t("text.unit.projects", "projects", count=n),
    "areas": lambda n: t("text.unit.areas", "areas", count=n),
}


def unit_text(unit: str, count: float = 2) -> str:
    """A unit in the language in use, agreeing with the number before it."""
    make = UNITS.get(unit)
    return make(count) if make else unit


def _locale() -> str:
    return language()


def _number(value: float) -> str:
    """Grouped digits, up to two decimals, the separators of the language in use."""
    return format_decimal(float(value), format="#,##0.##", locale=_locale())


def _percent_gap() -> str:
    """What goes between a number and ``%`` in the language in use (Babel's)."""
    shown = format_percent(0.01, locale=_locale())
    return shown[shown.index("1") + 1 : shown.index("%")]


def _with_unit(number: str, unit: str, count: float) -> str:
    """A number and its unit; a no-break space between them outside English."""
    if not unit:
        return number
    if unit == "%":
        return f"{number}{_percent_gap()}%"
    gap = _UNIT_GAP.get(unit, " " if _locale() == "en" else "\u00a0")
    return f"{number}{gap}{unit_text(unit, count)}"


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
    return _with_unit(_number(value), unit, float(value))


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
    last = float(row["value"])
    high = row.get("value_high")
    if high is not None and not pd.isna(high):
        value += f"–{_number(high)}"
        last = float(high)
    unit = str(row.get("unit") or "")
    if unit == "share":
        value, unit = _number(round(float(row["value"]) * 100)), "%"
    text = _with_unit(value, unit, last)
    kind = str(row.get("qualifier"))
    return _qualifier(kind).format(value=text) if qualifier else text


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
    if precision == "year":
        return str(date.year)
    formats = {"day": "d MMM y", "month": "LLL y"}
    pattern = formats.get(precision, "yyyy-MM-dd")
    return format_date(date.date(), pattern, locale=_locale())
