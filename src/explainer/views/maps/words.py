"""The data's codes as the maps show them, in the language in use.

A project's status, a line's precision, a place's kind and a coordinate's
confidence are codes in the data (``under_construction``); popups, tooltips and
legends show them as words through these functions. An unknown code reads as
its words (``some_code`` -> ``some code``).
"""

from __future__ import annotations

from collections.abc import Callable

from babel.numbers import format_decimal

from explainer.i18n import language, t

__all__ = [
    "confidence_label",
    "degrees",
    "kind_label",
    "precision_label",
    "sea_label",
    "status_label",
    "trade_value",
]

_STATUS: dict[str, Callable[[], str]] = {
    "announced": lambda: t("maps.status.announced", "announced"),
    "planned": lambda: t("maps.status.planned", "planned"),
    "financed": lambda: t("maps.status.financed", "financed"),
    "under_construction": lambda: t(
        "maps.status.under_construction", "under construction"
    ),
    "operational": lambda: t("maps.status.operational", "operational"),
}
_PRECISION: dict[str, Callable[[], str]] = {
    "schematic": lambda: t("maps.precision.schematic", "schematic"),
    "approximate": lambda: t("maps.precision.approximate", "approximate"),
    "surveyed": lambda: t("maps.precision.surveyed", "surveyed"),
}
_KIND: dict[str, Callable[[], str]] = {
    "border_crossing": lambda: t("maps.kind.border_crossing", "border crossing"),
    "port": lambda: t("maps.kind.port", "port"),
    "rail_hub": lambda: t("maps.kind.rail_hub", "rail hub"),
    "city": lambda: t("maps.kind.city", "city"),
    "capital": lambda: t("maps.kind.capital", "capital"),
}
#: The data's grades (``H``, ``M``, ``L``): English shows the letter, as the data
#: documentation does; the other editions a word (high, medium, low).
_CONFIDENCE: dict[str, Callable[[], str]] = {
    "H": lambda: t("maps.confidence.high", "H"),
    "M": lambda: t("maps.confidence.medium", "M"),
    "L": lambda: t("maps.confidence.low", "L"),
}


def _word(code: object, words: dict[str, Callable[[], str]]) -> str:
    text = str(code)
    make = words.get(text)
    return make() if make else text.replace("_", " ")


def status_label(code: object) -> str:
    """A project's status in words (``under construction``)."""
    return _word(code, _STATUS)


def precision_label(code: object) -> str:
    """How precise a drawn line is (``schematic``, ``approximate``, ``surveyed``)."""
    return _word(code, _PRECISION)


def kind_label(code: object) -> str:
    """A place's kind in words (``border crossing``)."""
    return _word(code, _KIND)


def confidence_label(code: object) -> str:
    """How sure a place's coordinates are (``H``, ``M``, ``L`` in English)."""
    return _word(code, _CONFIDENCE)


def degrees(value: float, places: int) -> str:
    """A coordinate to a fixed number of decimals, the language's decimal sign."""
    return format_decimal(
        round(float(value), places), "0." + "0" * places, locale=language()
    )


def trade_value(value: float) -> str:
    """A legend's amount to four significant digits, grouped the language's way."""
    return format_decimal(float(f"{value:.4g}"), "#,##0.###", locale=language())


_SEAS: dict[str, Callable[[], str]] = {
    "Caspian Sea": lambda: t("maps.sea.caspian", "Caspian Sea"),
}


def sea_label(name: str) -> str:
    """A sea of the base map (named in English in ``countries.geojson``) as shown."""
    make = _SEAS.get(name)
    return make() if make else name
