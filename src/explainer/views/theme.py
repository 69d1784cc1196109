"""The explainer's Altair theme, registered once and enabled per notebook."""

from __future__ import annotations

import altair as alt

from explainer.views import style
from explainer.views.assets import PageAssets

__all__ = ["enable_theme", "setup"]


THEME = "explainer"


@alt.theme.register(THEME, enable=False)
def theme() -> alt.theme.ThemeConfig:
    """The explainer's Altair theme: colour-blind-safe palette, readable type."""
    return {
        "config": {
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
                # Two columns where there is room; one on a phone, so that a wide
                # legend never squeezes the plot (autosize "fit" makes room for it).
                "columns": {"expr": "containerSize()[0] < 560 ? 1 : 2"},
                "labelLimit": 280,
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
