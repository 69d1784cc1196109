"""The explainer's Altair theme, registered once and enabled per notebook.

Outside English, the theme also gives Vega the language's number and date
formats (``config.locale``: decimal comma, grouping with spaces, month and day
names), built from Babel's locale data by :func:`vega_locale`, so that axes,
legends and tooltips formatted in the browser read like the explainer's text.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import altair as alt
from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_symbol, get_territory_currencies

from explainer.i18n import SOURCE_LANGUAGE, language
from explainer.views import style
from explainer.views.assets import PageAssets

__all__ = ["enable_theme", "setup", "vega_locale"]


THEME = "explainer"
#: Legends take two columns where the chart is at least this wide (CSS px).
LEGEND_TWO_COLUMNS = 720
#: The widest a legend label may be (CSS px) in two columns.
LEGEND_LABEL_MAX = 360


#: CLDR date-pattern letters (runs of them) as d3-time-format directives; a run
#: not listed (era, time zone...) is left out.
_D3_DIRECTIVES = {
    "y": "%Y",
    "yy": "%y",
    "yyyy": "%Y",
    "M": "%-m",
    "MM": "%m",
    "MMM": "%b",
    "MMMM": "%B",
    "L": "%-m",
    "LL": "%m",
    "LLL": "%b",
    "LLLL": "%B",
    "d": "%-d",
    "dd": "%d",
    "E": "%a",
    "EE": "%a",
    "EEE": "%a",
    "EEEE": "%A",
    "c": "%a",
    "ccc": "%a",
    "cccc": "%A",
    "H": "%-H",
    "HH": "%H",
    "h": "%-I",
    "hh": "%I",
    "m": "%-M",
    "mm": "%M",
    "s": "%-S",
    "ss": "%S",
    "a": "%p",
}


def d3_time_pattern(cldr: str) -> str:
    """A CLDR date/time pattern (Babel's) as a d3-time-format specifier.

    Examples
    --------
    >>> d3_time_pattern("dd.MM.y")
    '%d.%m.%Y'
    >>> d3_time_pattern("d MMM y 'г.'")
    '%-d %b %Y г.'
    """
    out = []
    # A quoted literal ('' is a quote), a run of one pattern letter, or any other
    # character (kept as it is).
    for match in re.finditer(r"'((?:[^']|'')*)'|([A-Za-z])\2*|(.)", cldr):
        quoted, letter, other = match.groups()
        if letter:
            out.append(_D3_DIRECTIVES.get(match.group(0), ""))
        elif other is not None:
            out.append(other.replace("%", "%%"))
        else:
            out.append((quoted.replace("''", "'") or "'").replace("%", "%%"))
    return "".join(out).strip()


def _affixes(pattern: str, symbol: str) -> list[str]:
    """A CLDR currency pattern's text before and after its number."""
    positive = pattern.split(";")[0]
    start = min(i for i, c in enumerate(positive) if c in "#0")
    end = max(i for i, c in enumerate(positive) if c in "#0") + 1
    return [
        positive[:start].replace("¤", symbol),
        positive[end:].replace("¤", symbol),
    ]


def vega_locale(lang: str) -> dict[str, Any]:
    """The number and time format locale of a language for Vega, from Babel's data.

    The shape of d3-format's and d3-time-format's locale definitions (Vega's
    ``config.locale``): decimal and group separators, grouping, currency, percent
    sign; date, time and date-time patterns, AM/PM, day and month names. Months
    and days are the stand-alone forms (an axis writes them alone: "январь",
    not "января").

    Parameters
    ----------
    lang
        ``"en"``, ``"ru"`` or ``"kk"``.

    Returns
    -------
    dict
        ``{"number": {...}, "time": {...}}`` (a new copy on every call).
    """
    return copy.deepcopy(_vega_locale(lang))


@functools.cache
def _vega_locale(lang: str) -> dict[str, Any]:
    loc = Locale.parse(lang)
    symbols = loc.number_symbols.get("latn", loc.number_symbols)
    decimal = loc.decimal_formats[None]
    percent = loc.percent_formats[None].pattern.split(";")[0]
    after = percent[max(i for i, c in enumerate(percent) if c in "#0") + 1 :]
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    currency = get_territory_currencies(likely.territory)[0]
    months = loc.months["stand-alone"]
    days = loc.days["stand-alone"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    date = loc.date_formats["short"].pattern
    time = loc.time_formats["medium"].pattern
    date_time = str(loc.datetime_formats["short"]).replace("{1}", date)
    periods = loc.day_periods["format"]["abbreviated"]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [decimal.grouping[0]],
            "currency": _affixes(
                loc.currency_formats["standard"].pattern,
                get_currency_symbol(currency, locale=loc),
            ),
            "percent": after.replace("%", symbols["percentSign"]),
            "minus": symbols["minusSign"],
        },
        "time": {
            "dateTime": d3_time_pattern(date_time.replace("{0}", time)),
            "date": d3_time_pattern(date),
            "time": d3_time_pattern(time),
            "periods": [periods["am"], periods["pm"]],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }


@alt.theme.register(THEME, enable=False)
def theme() -> alt.theme.ThemeConfig:
    """The explainer's Altair theme: colour-blind-safe palette, readable type.

    Outside English, ``config.locale`` holds the language's number and date
    formats (:func:`vega_locale`); the English theme has none (Vega's default).
    """
    config = _config()
    lang = language()
    if lang != SOURCE_LANGUAGE:
        config["locale"] = vega_locale(lang)
    return {"config": config}


def _config() -> dict[str, Any]:
    """The theme's config, the same in every language."""
    return {
        "font": style.FONT,
        "range": {
            "category": style.PALETTE,
            "ramp": style.SEQUENTIAL,
            "heatmap": style.SEQUENTIAL,
        },
        "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": "#e6e6e6",
            "domainColor": "#888",
            "tickColor": "#888",
        },
        "legend": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "horizontal",
            # Two columns where there is room; one on a phone or a narrow tablet,
            # so that a wide legend never squeezes the plot (autosize "fit" makes
            # room for it). A label may take the width of its column: the Kazakh
            # labels run to about 300 px at 12 px, and a label cut to "…" loses
            # its meaning.
            "columns": {"expr": f"containerSize()[0] < {LEGEND_TWO_COLUMNS} ? 1 : 2"},
            "labelLimit": {
                "expr": f"containerSize()[0] < {LEGEND_TWO_COLUMNS} "
                "? containerSize()[0] - 40 "
                f": min({LEGEND_LABEL_MAX}, containerSize()[0] / 2 - 40)"
            },
            "titleLimit": 280,
        },
        "title": {
            "fontSize": 15,
            "anchor": "start",
            # No limit: builders wrap long titles (charts.common.title), so a
            # title is never cut to "…".
            "subtitleFontSize": 12,
            "subtitleColor": "#555",
        },
        "header": {"labelFontSize": 12, "titleFontSize": 12},
        "bar": {"cornerRadiusEnd": 2},
    }


def enable_theme() -> None:
    """Turn the explainer theme on (idempotent)."""
    alt.theme.enable(THEME)


def setup() -> PageAssets:
    """Prepare a notebook: project chart theme on, Vega on the page, offline.

    Put ``explainer.setup()`` as the last line of a notebook's imports cell. It
    enables the ``explainer`` Altair theme and returns an object that, displayed,
    puts the Vega bundle on the page so every chart draws with no network.

    Returns
    -------
    PageAssets
        Display it (the last expression of the cell).
    """
    enable_theme()
    # SVG: charts carry ARIA labels and their marks are in the page's DOM.
    alt.renderers.set_embed_options(
        renderer="svg",
        actions={"export": True, "source": False, "compiled": False, "editor": False},
    )
    return PageAssets()
