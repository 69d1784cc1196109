"""The dark colour scheme of pages, charts and maps.

Used when the reader's system asks for dark (``prefers-color-scheme: dark``).

Pages switch in CSS alone (``templates/css/40-dark.css``), so there is no flash of
the wrong scheme. A chart's colours live in its Vega spec, which CSS cannot reach:
the chart template merges :data:`VEGA_DARK` into the spec's ``config`` before it
draws, when the page is dark. The values here and in the stylesheet are the same
(the tests check that text on :data:`BACKGROUND` has at least WCAG AA contrast).
"""

from __future__ import annotations

from typing import Any

from explainer.views import style

__all__ = [
    "BACKGROUND",
    "MAP",
    "MUTED",
    "TEXT",
    "VEGA_DARK",
    "contrast",
    "dark_palette",
    "darken",
]

#: The page background, body text and muted text of the dark scheme.
BACKGROUND = "#16181c"
TEXT = "#e8e6e3"
MUTED = "#b4b0aa"
#: Grid lines and axis domains: visible, quieter than the data.
GRID = "#3a3e45"
DOMAIN = "#8f949c"

#: The base map and its furniture on a dark page (``templates/maps/styles.html.j2``):
#: land, coast and sea darker than the data lines drawn over them; labels light with
#: a dark halo; legends, popups and controls on dark panels.
MAP = {
    "land": "#2b2e33",
    "land_edge": "#5d636b",
    "water": "#1a2f3f",
    "sea_label": "#9cc9ea",
    "panel": "#22252a",
    "panel_clear": "rgba(34,37,42,.92)",
    "text": TEXT,
    "muted": MUTED,
    "link": "#8cc4ff",
    "border": GRID,
    #: Grey lines and legend swatches (``#444``, ``#4d4d4d`` on light) made light.
    "grey_line": "#b9bdc3",
}


def dark_palette(palette: list[str] | None = None) -> list[str]:
    """The categorical palette for dark pages: Okabe-Ito, with black made light.

    Parameters
    ----------
    palette
        The light palette (default :data:`explainer.views.style.PALETTE`).
    """
    palette = style.PALETTE if palette is None else palette
    black = style.OKABE_ITO["black"].lower()
    return [TEXT if colour.lower() == black else colour for colour in palette]


#: The Vega-Lite ``config`` merged (deeply) into every chart's spec on a dark page.
VEGA_DARK: dict[str, Any] = {
    "background": BACKGROUND,
    "range": {"category": dark_palette()},
    "view": {"stroke": None},
    "axis": {
        "domainColor": DOMAIN,
        "tickColor": DOMAIN,
        "gridColor": GRID,
        "labelColor": TEXT,
        "titleColor": TEXT,
    },
    "legend": {"labelColor": TEXT, "titleColor": TEXT},
    "header": {"labelColor": TEXT, "titleColor": TEXT},
    "title": {"color": TEXT, "subtitleColor": MUTED},
    "text": {"color": TEXT},
    "rule": {"color": DOMAIN},
}


def darken(spec: Any) -> Any:
    """A Vega-Lite spec's own colours for a dark page (the config aside).

    Builders write two colours into their specs that a dark config cannot reach:
    :data:`explainer.views.style.INK` for text on the chart's background (made
    :data:`TEXT`), and the palette's black in explicit scale ranges (made as
    :func:`dark_palette` makes it). Returns a new spec; the input is unchanged.
    """
    black = style.OKABE_ITO["black"].lower()

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            if set(node) == {"value"} and str(node["value"]).lower() == style.INK:
                return {"value": TEXT}
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            if key == "range":
                return [TEXT if str(c).lower() == black else walk(c) for c in node]
            return [walk(item) for item in node]
        return node

    return walk(spec)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21).

    Examples
    --------
    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
